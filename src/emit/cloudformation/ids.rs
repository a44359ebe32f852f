//! Logical IDs of a service's resources.

use super::intrinsic::LogicalId;
use crate::model::Service;
pub use crate::names::ServiceResource;

/// The logical IDs of one service's resources: `{service.logical_id}{Kind}`, nothing else.
pub struct Ids<'a>(pub &'a Service);

impl Ids<'_> {
    pub fn of(&self, kind: ServiceResource) -> LogicalId {
        LogicalId::new(&self.0.logical_id, kind.suffix())
    }

    /// The ingress rule admitting `caller`: `{Service}IngressFrom{Caller}`.
    pub fn ingress_from(&self, caller: &Service) -> LogicalId {
        let suffix = format!(
            "{}{}",
            ServiceResource::IngressFrom.suffix(),
            caller.logical_id
        );
        LogicalId::new(&self.0.logical_id, &suffix)
    }
}
