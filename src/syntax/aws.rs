//! AWS identifiers: VPC and subnet IDs, the partition of a Region; and the C identifiers
//! environment variable names are.

fn is_aws_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// `subnet-` followed by 8 or 17 lowercase hex digits.
pub fn is_subnet_id(s: &str) -> bool {
    is_aws_id(s, "subnet-")
}

/// `vpc-` followed by 8 or 17 lowercase hex digits.
pub fn is_vpc_id(s: &str) -> bool {
    is_aws_id(s, "vpc-")
}

/// `[A-Za-z_][A-Za-z0-9_]*`
pub fn is_c_identifier(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The AWS partition of a Region name.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_subnet_id("subnet-0a1b2c3d") && is_subnet_id("subnet-0123456789abcdef0"));
        assert!(
            !is_subnet_id("subnet-0a1")
                && !is_subnet_id("subnet-0A1B2C3D")
                && !is_subnet_id("sg-0a1b2c3d")
        );
        assert!(is_vpc_id("vpc-0abc1234") && !is_vpc_id("vpc-"));
        assert!(
            is_c_identifier("DB_PASSWORD")
                && is_c_identifier("_x1")
                && !is_c_identifier("1X")
                && !is_c_identifier("A-B")
        );
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }
}
