//! `scan --baseline RESULT.json`: failures that the baseline result already had (same host, rule
//! and subject) are marked and reported, but only new ones fail the gate.

use std::collections::HashSet;

use super::{HostReport, Report};
use crate::engine::Status;

/// The failures of a saved result.
#[derive(Debug, Default)]
pub struct Baseline {
    known: HashSet<(String, String, String)>,
}

impl Baseline {
    /// The failing and erroring findings of a result.
    pub fn of(report: &Report) -> Baseline {
        let known = report
            .hosts
            .iter()
            .flat_map(|h| {
                h.findings
                    .iter()
                    .filter(|f| matches!(f.status, Status::Fail | Status::Error))
                    .map(|f| (h.host.clone(), f.rule_id.clone(), f.subject.clone()))
            })
            .collect();
        Baseline { known }
    }

    /// Marks the host's failures that the baseline already had; returns how many.
    pub fn mark(&self, host: &mut HostReport) -> usize {
        let mut n = 0;
        for f in &mut host.findings {
            if matches!(f.status, Status::Fail | Status::Error)
                && self.known.contains(&(host.host.clone(), f.rule_id.clone(), f.subject.clone()))
            {
                f.in_baseline = true;
                n += 1;
            }
        }
        n
    }
}
