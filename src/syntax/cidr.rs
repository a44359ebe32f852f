//! IPv4 CIDR blocks.

use std::net::Ipv4Addr;

/// Why a CIDR is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CidrError {
    Syntax,
    /// Host bits are set; carries the network address it probably means.
    HostBits(String),
}

/// Parses an IPv4 CIDR `a.b.c.d/p` (no leading zeros in the prefix, host bits clear). Accepts
/// exactly what `model`'s parser accepts, and more strictly (host bits).
pub fn parse_cidr(cidr: &str) -> Result<(Ipv4Addr, u8), CidrError> {
    let (addr, prefix) = cidr.split_once('/').ok_or(CidrError::Syntax)?;
    if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CidrError::Syntax);
    }
    let prefix: u8 = prefix.parse().map_err(|_| CidrError::Syntax)?;
    let addr: Ipv4Addr = addr.parse().map_err(|_| CidrError::Syntax)?;
    if prefix > 32 {
        return Err(CidrError::Syntax);
    }
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    let network = u32::from(addr) & mask;
    if network != u32::from(addr) {
        return Err(CidrError::HostBits(format!(
            "{}/{prefix}",
            Ipv4Addr::from(network)
        )));
    }
    Ok((addr, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        assert_eq!(
            parse_cidr("10.0.0.0/16"),
            Ok((Ipv4Addr::new(10, 0, 0, 0), 16))
        );
        assert_eq!(
            parse_cidr("10.0.0.1/16"),
            Err(CidrError::HostBits("10.0.0.0/16".into()))
        );
        assert_eq!(parse_cidr("0.0.0.0/0"), Ok((Ipv4Addr::new(0, 0, 0, 0), 0)));
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/16",
            "10.0.0.0/+1",
            "10.0.0.0/016",
            "x/1",
        ] {
            assert_eq!(parse_cidr(bad), Err(CidrError::Syntax), "{bad}");
        }
    }
}
