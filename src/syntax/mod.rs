//! Parsers of the spec's value syntaxes, each written once: `check` reports what does not
//! parse, `model::lower` and the emitters consume what does — never a second parser. A leaf: it
//! imports nothing of the crate.

pub mod aws;
pub mod cidr;
pub mod dns;
pub mod image;
pub mod user;

pub use aws::{is_c_identifier, is_subnet_id, is_vpc_id, partition_of};
pub use cidr::{CidrError, parse_cidr};
pub use dns::{
    is_dns1035_label, is_dns1123_label, is_dns1123_subdomain, is_hostname_label, suggest_label,
};
pub use image::{ImageRef, check_digest, check_tag, parse_image};
pub mod schedule;
