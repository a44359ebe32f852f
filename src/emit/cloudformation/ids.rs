//! Logical IDs of a service's resources.

use super::intrinsic::LogicalId;
use crate::model::Service;

/// The logical IDs of one service's resources: `{service.logical_id}{Kind}`, nothing else.
pub struct Ids<'a>(pub &'a Service);

impl Ids<'_> {
    pub fn of(&self, kind: &str) -> LogicalId {
        LogicalId::new(&self.0.logical_id, kind)
    }
}
