//! The report model: one serde type that every renderer reads, and that `report RESULT.json`
//! reads back. Versioned by [`SCHEMA_VERSION`]; fields are only ever added.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::{Finding, Status};
use crate::facts::SourceReport;
use crate::rules::Severity;
use crate::snapshot::Problem;

/// Version of the JSON result format.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole scan: one or more hosts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool.
    pub tool: Tool,
    /// When the scan ran (RFC 3339).
    pub scanned_at: String,
    /// Profile.
    pub profile: String,
    /// Tenancy.
    pub tenancy: String,
    /// Gate threshold.
    pub fail_on: Severity,
    /// Whether unknowns count toward the gate.
    pub fail_on_unknown: bool,
    /// Digests of what decided the verdicts.
    pub digests: Digests,
    /// The effective configuration (selection, severities, parameters).
    pub effective_config: serde_json::Value,
    /// Metadata of every rule that ran, by id.
    pub rules: Vec<RuleInfo>,
    /// Per host.
    pub hosts: Vec<HostReport>,
    /// Snapshots that could not be read at all.
    #[serde(default)]
    pub unreadable: Vec<Unreadable>,
    /// Waivers that matched nothing or have expired.
    #[serde(default)]
    pub waiver_notes: Vec<WaiverNote>,
    /// Counts over all hosts.
    pub summary: Counts,
    /// The gate decision.
    pub gate: Gate,
    /// Per host and per rule tallies (the aggregate of a fleet scan).
    #[serde(default)]
    pub fleet: FleetSummary,
}

/// The tool that wrote a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `gpu-preflight`.
    pub name: String,
    /// Version.
    pub version: String,
}

/// Digests for audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Digests {
    /// SHA-256 over every rule and profile file.
    pub rule_pack: String,
    /// SHA-256 of the effective configuration.
    pub effective_config: String,
    /// The config file and its SHA-256, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<FileDigest>,
    /// The waivers file and its SHA-256, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers_file: Option<FileDigest>,
    /// The `--baseline` result and its SHA-256, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_file: Option<FileDigest>,
}

/// A file and its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Path.
    pub path: String,
    /// SHA-256.
    pub sha256: String,
}

/// What one rule is, for renderers (SARIF rules, HTML findings, control coverage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it checks.
    pub title: String,
    /// Topic.
    pub topic: String,
    /// Effective severity.
    pub severity: Severity,
    /// Why it matters.
    pub description: String,
    /// How to fix.
    pub remediation: String,
    /// References.
    pub references: Vec<String>,
    /// Framework → controls.
    pub controls: BTreeMap<String, Vec<String>>,
    /// `automated` or `manual`.
    pub kind: String,
}

/// One host's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostReport {
    /// Host name.
    pub host: String,
    /// Role (`bare-metal`, `hypervisor`, `guest`, `service-vm`, `unknown`).
    pub role: String,
    /// The snapshot.
    pub snapshot: SnapshotInfo,
    /// Every logical source's status.
    pub sources: Vec<SourceReport>,
    /// Problems met reading the evidence.
    pub problems: Vec<Problem>,
    /// Findings, worst first.
    pub findings: Vec<Finding>,
    /// Counts.
    pub counts: Counts,
    /// Devices, for topology pictures.
    #[serde(default)]
    pub devices: Vec<DeviceSummary>,
    /// The NVLink matrix (`nvidia-smi topo -m`), when the snapshot has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nvlink: Option<NvlinkMatrix>,
    /// IOMMU groups that hold a GPU or NVSwitch, with every member.
    #[serde(default)]
    pub iommu_groups: Vec<GroupView>,
}

/// GPU × GPU links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NvlinkMatrix {
    /// `GPU0`…
    pub gpus: Vec<String>,
    /// `cells[a][b]`: `NV18`, `SYS`, `X` on the diagonal, `?` when not shown.
    pub cells: Vec<Vec<String>>,
    /// True when every cell was shown.
    pub complete: bool,
}

/// One IOMMU group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    /// Group id.
    pub id: String,
    /// Members.
    pub members: Vec<GroupMember>,
}

/// A member of an IOMMU group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    /// BDF.
    pub bdf: String,
    /// `gpu`, `nvswitch`, `bridge`, `function` (another function of a GPU) or `other`.
    pub kind: String,
    /// Driver, or `none`.
    pub driver: String,
}

/// A GPU or NVSwitch, for the report's pictures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSummary {
    /// BDF.
    pub bdf: String,
    /// `gpu` or `nvswitch`.
    pub kind: String,
    /// Model or id.
    pub model: String,
    /// Driver.
    pub driver: String,
    /// IOMMU group.
    pub iommu_group: String,
    /// NUMA node.
    pub numa_node: String,
}

/// Where the evidence came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    /// Path given.
    pub path: String,
    /// Storage format.
    pub format: String,
    /// Layout.
    pub layout: String,
    /// SHA-256 over every evidence file.
    pub digest: String,
    /// When it was collected (from the manifest), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
    /// Every evidence file read.
    pub files: Vec<EvidenceFile>,
}

/// One evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    /// Path.
    pub path: String,
    /// Size.
    pub size: u64,
    /// SHA-256.
    pub sha256: String,
    /// Only partly read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// A snapshot that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// Path.
    pub path: String,
    /// Why.
    pub error: String,
}

/// A waiver that did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverNote {
    /// Rule id.
    pub rule: String,
    /// `expired` or `unused`.
    pub note: String,
    /// Details.
    pub detail: String,
}

/// Counts by status and severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Counts {
    /// By status.
    pub by_status: BTreeMap<String, u64>,
    /// Failures (and errors) by severity.
    pub failures_by_severity: BTreeMap<String, u64>,
}

impl Counts {
    /// Counts a list of findings.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for s in Status::ALL {
            c.by_status.insert(s.as_str().to_string(), 0);
        }
        for f in findings {
            *c.by_status.entry(f.status.as_str().to_string()).or_default() += 1;
            if matches!(f.status, Status::Fail | Status::Error) {
                *c.failures_by_severity.entry(f.severity.as_str().to_string()).or_default() += 1;
            }
        }
        c
    }

    /// Count of one status.
    pub fn get(&self, s: Status) -> u64 {
        self.by_status.get(s.as_str()).copied().unwrap_or(0)
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: &Counts) {
        for (k, v) in &other.by_status {
            *self.by_status.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.failures_by_severity {
            *self.failures_by_severity.entry(k.clone()).or_default() += v;
        }
    }
}

/// The fleet view: one line per host and per rule, whatever the number of hosts. Kept small (it
/// is the only per-host data a streamed scan holds until the end): a host's topics are one letter
/// each, in the order of [`FleetSummary::topics`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FleetSummary {
    /// The topic order of every host's `topics` string.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Every host, in scan order.
    pub hosts: Vec<HostSummary>,
    /// Per rule, how many subjects had each status over all hosts.
    pub rules: BTreeMap<String, BTreeMap<String, u64>>,
}

/// One host in the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSummary {
    /// Host name.
    pub host: String,
    /// The snapshot path.
    pub path: String,
    /// Role.
    pub role: String,
    /// The highest severity among its failures and errors, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst: Option<Severity>,
    /// Counts by status.
    pub counts: StatusCounts,
    /// Per topic (in [`FleetSummary::topics`] order) the worst status among its findings, one
    /// letter each: `E` error, `F` fail, `U` unknown, `M` manual, `W` waived, `P` pass,
    /// `N` not applicable, `-` no finding.
    pub topics: String,
}

/// Findings of one host by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StatusCounts {
    /// `error`.
    pub error: u32,
    /// `fail`.
    pub fail: u32,
    /// `unknown`.
    pub unknown: u32,
    /// `manual`.
    pub manual: u32,
    /// `waived`.
    pub waived: u32,
    /// `pass`.
    pub pass: u32,
    /// `not_applicable`.
    pub not_applicable: u32,
}

impl StatusCounts {
    /// From a host's counts.
    pub fn of(c: &Counts) -> StatusCounts {
        let n = |s: Status| u32::try_from(c.get(s)).unwrap_or(u32::MAX);
        StatusCounts {
            error: n(Status::Error),
            fail: n(Status::Fail),
            unknown: n(Status::Unknown),
            manual: n(Status::Manual),
            waived: n(Status::Waived),
            pass: n(Status::Pass),
            not_applicable: n(Status::NotApplicable),
        }
    }
}

/// The letter of a status in [`HostSummary::topics`].
pub fn status_letter(s: Status) -> char {
    match s {
        Status::Error => 'E',
        Status::Fail => 'F',
        Status::Unknown => 'U',
        Status::Manual => 'M',
        Status::Waived => 'W',
        Status::Pass => 'P',
        Status::NotApplicable => 'N',
    }
}

/// The gate decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Gate {
    /// True when the gate passed.
    pub passed: bool,
    /// What failed it.
    pub reasons: Vec<String>,
}
