//! Finding the snapshots under a fleet directory.
//!
//! A path on the command line is a snapshot when it is a file (an archive or a bug report) or a
//! directory that looks like a host root (it holds `sos_commands`, `proc`, `sys`, `etc`, a
//! manifest, or a bug report). Any other directory is a fleet: every snapshot under it is found,
//! directories and archives alike, at any depth, in sorted order, without following links.

use std::path::{Path, PathBuf};

/// Top-level names that make a directory a snapshot.
const SNAPSHOT_MARKERS: &[&str] = &[
    super::manifest::FILE_NAME,
    "sos_commands",
    "proc",
    "sys",
    "etc",
    "lspci",
    "nvidia-bug-report.log",
    "nvidia-bug-report.log.gz",
];

/// File names that are snapshots inside a fleet directory.
fn is_snapshot_file(name: &str) -> bool {
    [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar.xz", ".txz"].iter().any(|e| name.ends_with(e))
        || (name.starts_with("nvidia-bug-report") && (name.ends_with(".log") || name.ends_with(".log.gz")))
}

/// Whether a directory is itself one snapshot.
pub fn is_snapshot_dir(dir: &Path) -> bool {
    SNAPSHOT_MARKERS.iter().any(|m| std::fs::symlink_metadata(dir.join(m)).is_ok())
}

/// Deepest fleet nesting searched (site/room/rack/host is 4).
const MAX_DEPTH: usize = 8;

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<(String, PathBuf, std::fs::FileType)> = entries
        .flatten()
        .filter_map(|e| Some((e.file_name().to_string_lossy().into_owned(), e.path(), e.file_type().ok()?)))
        .filter(|(name, _, _)| !name.starts_with('.'))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, path, kind) in entries {
        if kind.is_dir() {
            if is_snapshot_dir(&path) {
                out.push(path);
            } else if depth < MAX_DEPTH {
                walk(&path, depth + 1, out);
            }
        } else if kind.is_file() && is_snapshot_file(&name) {
            out.push(path);
        }
    }
}

/// Expands the command line's paths: snapshots stay, fleet directories become their snapshots.
/// A directory with no snapshot under it stays too, so opening it reports why it is not one.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() && !is_snapshot_dir(p) {
            let before = out.len();
            walk(p, 1, &mut out);
            if out.len() == before {
                out.push(p.clone());
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleets_nest_and_snapshots_stay_whole() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        for host in ["site-a/rack1/h1", "site-a/rack1/h2", "site-b/h3"] {
            std::fs::create_dir_all(root.join(host).join("proc")).expect("mkdir");
            std::fs::create_dir_all(root.join(host).join("sys/bus")).expect("mkdir");
        }
        std::fs::write(root.join("site-b/h4.tar.gz"), b"x").expect("write");
        std::fs::write(root.join("site-b/notes.txt"), b"x").expect("write");
        let found: Vec<String> = expand(&[root.to_path_buf()])
            .iter()
            .map(|p| p.strip_prefix(root).expect("prefix").to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, vec!["site-a/rack1/h1", "site-a/rack1/h2", "site-b/h3", "site-b/h4.tar.gz"]);
        assert_eq!(expand(&[root.join("site-b/h3")]), vec![root.join("site-b/h3")]);
        let empty = root.join("empty");
        std::fs::create_dir_all(&empty).expect("mkdir");
        assert_eq!(expand(std::slice::from_ref(&empty)), vec![empty]);
    }
}
