//! The collection manifest, `gpu-preflight-manifest.json`.
//!
//! `collect` writes it at the snapshot root; the scanner reads it for the host name and the
//! collection time (`--max-age`), and `verify` checks every file against it. The format is
//! versioned by `format_version`; readers accept unknown fields so newer collectors stay readable.

use serde::{Deserialize, Serialize};

/// The manifest's current format version.
pub const FORMAT_VERSION: u32 = 1;

/// The file name at the snapshot root.
pub const FILE_NAME: &str = "gpu-preflight-manifest.json";

/// What was collected, when, where, and what could not be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The collecting tool.
    pub tool: ToolInfo,
    /// When collection started (RFC 3339).
    pub collected_at: String,
    /// The host name as collected (possibly redacted).
    pub host: String,
    /// Whether identifiers were redacted.
    #[serde(default)]
    pub redacted: bool,
    /// Whether the collector ran as root.
    #[serde(default)]
    pub root: bool,
    /// Every file with its size and digest.
    #[serde(default)]
    pub files: Vec<ManifestFile>,
    /// Every command that ran.
    #[serde(default)]
    pub commands: Vec<ManifestCommand>,
    /// What could not be collected, and why.
    #[serde(default)]
    pub not_collected: Vec<NotCollected>,
}

/// The tool that wrote a manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolInfo {
    /// `gpu-preflight`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// One collected file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path relative to the snapshot root.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// A link target instead of contents (sysfs `driver`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// One command the collector ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestCommand {
    /// argv.
    pub argv: Vec<String>,
    /// Exit status; `None` when it was killed or could not start.
    pub exit_status: Option<i32>,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Where its standard output was stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// What went wrong, if anything (timeout, not found, output cut).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Something the collector could not gather.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCollected {
    /// The file or command.
    pub what: String,
    /// Why.
    pub reason: String,
}
