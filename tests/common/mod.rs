//! Helpers shared by the integration tests: the real binary with a fixed clock and no colour,
//! snapshot paths, and JSON result accessors.

#![allow(dead_code)] // each test crate uses a different subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The clock every test runs at (`GPU_PREFLIGHT_NOW`), so staleness and waiver expiry are stable.
pub(crate) const NOW: &str = "2026-11-25T12:00:00Z";

/// The binary under test.
pub(crate) fn bin() -> Command {
    let mut c = Command::cargo_bin("gpu-preflight").expect("binary");
    c.env("GPU_PREFLIGHT_NOW", NOW).env("NO_COLOR", "1");
    c
}

/// Path of a bundled scenario snapshot.
pub(crate) fn snap(name: &str) -> String {
    format!("testdata/snapshots/{name}")
}

/// Runs the binary with `--format json` appended; returns the exit code and the parsed result.
pub(crate) fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let out = bin().args(args).args(["--format", "json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), v)
}

/// Every finding of every host.
pub(crate) fn findings(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["hosts"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|h| h["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// `RULE SUBJECT` of every finding with this status, sorted.
pub(crate) fn with_status(v: &serde_json::Value, status: &str) -> Vec<String> {
    let mut out: Vec<String> = findings(v)
        .into_iter()
        .filter(|f| f["status"] == status)
        .map(|f| format!("{} {}", f["rule_id"].as_str().unwrap_or(""), f["subject"].as_str().unwrap_or("")))
        .collect();
    out.sort();
    out
}

/// `RULE SUBJECT` of every failing finding, sorted.
pub(crate) fn failing(v: &serde_json::Value) -> Vec<String> {
    with_status(v, "fail")
}

/// Copies a snapshot directory into `dest` (for tests that alter one file).
pub(crate) fn copy_tree(from: &Path, dest: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("prefix");
        let target = dest.join(rel);
        if entry.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&entry, &target).expect("copy");
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read_dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            out.extend(walk(&e));
        } else {
            out.push(e);
        }
    }
    out
}
