//! Parsers of the spec's value syntaxes, each written once and returning a typed value: `check`
//! reports what does not parse, `model::lower` consumes what does. A leaf: it imports nothing
//! of the crate. (Moving the remaining parsers here — CIDRs, DNS labels, image references,
//! ARNs — is issue 14's next step; `user` is the first.)

pub mod user;
