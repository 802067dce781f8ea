//! gpu-preflight: a preflight compliance linter and audit reporter for hosts that serve virtual
//! machines with NVIDIA H200/H100-class GPUs (VFIO passthrough, MIG, shared-NVSwitch).
//!
//! The crate is a pipeline, and its modules are its stages:
//!
//! ```text
//! snapshot  ->  facts  ->  rules + engine  ->  report  ->  render
//! (files)       (typed tree     (three-valued       (serde       (table, json, sarif,
//!                with evidence)  evaluation)          model)       junit, markdown, html)
//! ```
//!
//! - [`snapshot`] is the only code that reads the input (directory, tarball, sos report,
//!   nvidia-bug-report). It resolves *logical sources* through one table and bounds what it reads.
//! - [`facts`] holds pure parsers, one per source, and the derived joins rules need.
//! - [`rules`] loads and validates the YAML rule pack, profiles and user configuration.
//! - [`engine`] evaluates rules against facts. It is pure: no I/O, no printing.
//! - [`report`] is the one model every renderer reads.
//! - [`cli`] is the command line: argument parsing, file output and exit codes.

pub mod cli;
pub mod collect;
pub mod diag;
pub mod diff;
pub mod docs;
pub mod engine;
pub mod facts;
pub mod report;
pub mod rules;
pub mod sign;
pub mod snapshot;
pub mod units;
pub mod verify;
pub mod waivers;
pub mod yaml;

/// The tool's version, as recorded in reports and manifests.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
