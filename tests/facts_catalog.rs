//! Every fact the code builds is documented in the catalog (which rules are checked against).

use std::path::Path;

use gpu_preflight::facts::{catalog, catalog_paths, extract};
use gpu_preflight::snapshot::{Limits, Snapshot};

fn snapshots() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/snapshots");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn every_built_fact_is_in_the_catalog() {
    let mut missing = Vec::new();
    let snaps = snapshots();
    assert!(!snaps.is_empty(), "testdata/snapshots is empty");
    for path in snaps {
        let snap = Snapshot::open(&path, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let facts = extract(&snap);
        for p in catalog_paths(&facts.root) {
            if catalog::find(&p).is_none() {
                missing.push(format!("{p} (from {})", path.display()));
            }
        }
    }
    missing.sort();
    missing.dedup_by(|a, b| a.split(' ').next() == b.split(' ').next());
    assert!(missing.is_empty(), "facts missing from src/facts/catalog.rs:\n{}", missing.join("\n"));
}
