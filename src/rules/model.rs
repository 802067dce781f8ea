//! The validated rule model: what the engine evaluates and reports describe.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::cond::Cond;
use super::template::Template;
use crate::yaml::Node;

/// How bad a failure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] =
        [Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    /// Name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Severity> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// GitHub's `security-severity` score for this severity (CVSS-like bands).
    pub fn score(self) -> &'static str {
        match self {
            Severity::Info => "0.0",
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether tenants of different trust share the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tenancy {
    /// One tenant (or one trust domain) per host.
    Single,
    /// Several tenants share the host.
    Multi,
}

impl Tenancy {
    /// Name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tenancy::Single => "single",
            Tenancy::Multi => "multi",
        }
    }
    /// Parses a name.
    pub fn parse(text: &str) -> Option<Tenancy> {
        match text {
            "single" => Some(Tenancy::Single),
            "multi" => Some(Tenancy::Multi),
            _ => None,
        }
    }
}

/// The deployment-checklist topics; every rule has exactly one.
pub const TOPICS: &[&str] = &[
    "iommu-hardware",
    "iommu-enabled",
    "interrupt-remapping",
    "acs-override",
    "acs-capability",
    "iommu-group-isolation",
    "above-4g-decoding",
    "bar-size",
    "pcie-link",
    "resizable-bar",
    "bios-version",
    "driver-version",
    "vfio-binding",
    "fabric-manager",
    "nvlink-topology",
    "gpu-count-layout",
    "mig-config",
    "mig-nvlink-conflict",
    "hugepages",
    "numa-affinity",
    "cpu-pinning",
    "vm-firmware-mmio",
    "hypervisor-support",
    "live-migration",
    "gpu-health",
    "network-isolation",
    "compliance-review",
];

/// Compliance frameworks a rule may map to.
pub const FRAMEWORKS: &[&str] = &["pci-dss-4.0.1", "hipaa", "nist-800-53r5"];

/// What a rule checks: a condition, or an attestation a person must give.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Evaluated from facts.
    Automated(Cond),
    /// The OS cannot prove it; a person attests (reported `manual` until attested).
    Manual {
        /// What must be verified and attested.
        attest: String,
    },
}

/// Where a rule came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// Path as shown to users (`rules/iommu/PF-IOMMU-001.yaml` or a user path).
    pub path: String,
    /// Compiled into the binary.
    pub builtin: bool,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id (`PF-IOMMU-001`), equal to the file stem.
    pub id: String,
    /// Kebab-case name after the violation (`iommu-disabled`).
    pub name: String,
    /// One line: what it checks.
    pub title: String,
    /// Topic.
    pub topic: String,
    /// Default severity.
    pub severity: Severity,
    /// Severity by tenancy, overriding the default.
    pub tenancy_severity: BTreeMap<Tenancy, Severity>,
    /// Framework → control ids.
    pub controls: BTreeMap<String, Vec<String>>,
    /// Why it matters.
    pub description: String,
    /// How to fix.
    pub remediation: String,
    /// Vendor and standard documents.
    pub references: Vec<String>,
    /// The list each finding is about (`gpus`), if per-device.
    pub for_each: Option<String>,
    /// Subject template for per-item findings (default: the item's `bdf`).
    pub subject: Option<Template>,
    /// When the rule applies.
    pub applies_when: Option<Cond>,
    /// The check.
    pub check: Check,
    /// Failure message.
    pub message: Template,
    /// Pass message.
    pub pass_message: Option<Template>,
    /// Declared parameters with their default values.
    pub params: BTreeMap<String, Node>,
    /// Source file.
    pub origin: Origin,
}
