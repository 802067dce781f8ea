//! Findings: one verdict of one rule about one subject (the host, or a device).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::facts::tree::Evidence;
use crate::rules::Severity;

/// A verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The rule broke while evaluating (fails the gate like a failure).
    Error,
    /// The check does not hold.
    Fail,
    /// Not enough evidence to decide.
    Unknown,
    /// A person must attest it.
    Manual,
    /// A failure with a live waiver.
    Waived,
    /// The check holds.
    Pass,
    /// The rule does not apply, on positive evidence.
    NotApplicable,
}

impl Status {
    /// Every status, worst first.
    pub const ALL: [Status; 7] = [
        Status::Error,
        Status::Fail,
        Status::Unknown,
        Status::Manual,
        Status::Waived,
        Status::Pass,
        Status::NotApplicable,
    ];

    /// Name.
    /// Parses the name [`Status::as_str`] gives.
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The name used in JSON, SARIF properties and docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Error => "error",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Manual => "manual",
            Status::Waived => "waived",
            Status::Pass => "pass",
            Status::NotApplicable => "not_applicable",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A waiver or attestation applied to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    /// `waiver` or `attestation`.
    pub kind: String,
    /// Why.
    pub justification: String,
    /// Who approved or attested.
    pub approver: String,
    /// Ticket or evidence link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Until when (YYYY-MM-DD).
    pub expires: String,
}

/// One verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id.
    pub rule_id: String,
    /// Rule name (after the violation).
    pub rule_name: String,
    /// Rule title (what it checks).
    pub title: String,
    /// Topic.
    pub topic: String,
    /// Effective severity.
    pub severity: Severity,
    /// Verdict.
    pub status: Status,
    /// What it is about: `host` or a device address.
    pub subject: String,
    /// What was found.
    pub message: String,
    /// The evidence behind the verdict.
    pub evidence: Vec<Evidence>,
    /// For unknowns: what evidence was missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// How to fix.
    pub remediation: String,
    /// Framework → control ids.
    pub controls: BTreeMap<String, Vec<String>>,
    /// The waiver or attestation that changed the verdict, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<Exception>,
    /// The same rule failed for the same host and subject in the `--baseline` result: it is
    /// reported, but does not fail the gate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_baseline: bool,
}
