//! Reading host files under a root (`/`, or a fake root in tests) without changing anything:
//! pattern expansion over real directories, bounded reads (proc and sysfs files report a size of
//! 0 or 4096 whatever they hold), link targets, and presence-only entries.

use std::io::Read;
use std::path::Path;

use super::plan::FilePattern;
use crate::snapshot::sources::{Content, segment_matches};

/// What reading one pattern produced.
#[derive(Debug, Default)]
pub struct PatternRead {
    /// Files: snapshot path and bytes (empty for presence-only entries).
    pub files: Vec<(String, Vec<u8>)>,
    /// Directories that exist even if nothing under them matched (an empty `iommu_groups`).
    pub dirs: Vec<String>,
    /// Paths that exist but could not be read, and why.
    pub failed: Vec<(String, String)>,
    /// Files cut at the cap.
    pub cut: Vec<String>,
}

/// Expands a pattern against the directories under `root`; returns relative paths that exist.
pub fn expand(root: &Path, pattern: &str) -> Vec<String> {
    let mut found = vec![String::new()];
    for segment in pattern.split('/') {
        let mut next = Vec::new();
        for base in &found {
            let join = |name: &str| if base.is_empty() { name.to_string() } else { format!("{base}/{name}") };
            if segment.contains('*') {
                let Ok(entries) = std::fs::read_dir(root.join(base)) else { continue };
                let mut names: Vec<String> = entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.') && segment_matches(segment, n))
                    .collect();
                names.sort();
                next.extend(names.iter().map(|n| join(n)));
            } else if std::fs::symlink_metadata(root.join(base).join(segment)).is_ok() {
                next.push(join(segment));
            }
        }
        found = next;
        if found.is_empty() {
            break;
        }
    }
    found
}

/// Reads at most `cap` bytes of a file; the flag says whether there was more.
pub fn read_capped(path: &Path, cap: u64) -> std::io::Result<(Vec<u8>, bool)> {
    let file = std::fs::File::open(path)?;
    let mut data = Vec::new();
    file.take(cap.saturating_add(1)).read_to_end(&mut data)?;
    let cut = data.len() as u64 > cap;
    data.truncate(cap as usize);
    Ok((data, cut))
}

/// Reads every path one pattern matches.
pub fn read_pattern(root: &Path, p: &FilePattern, cap: u64) -> PatternRead {
    let mut out = PatternRead::default();
    if let Some(anchor) = p.anchor
        && root.join(anchor).is_dir()
    {
        out.dirs.push(anchor.to_string());
    }
    for rel in expand(root, p.pattern) {
        let full = root.join(&rel);
        match p.content {
            Content::Names => out.files.push((rel, Vec::new())),
            Content::LinkOrText => match std::fs::read_link(&full) {
                Ok(target) => {
                    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    out.files.push((rel, format!("{name}\n").into_bytes()));
                }
                // A fake root (or a snapshot copied as files) holds the target name as text.
                Err(_) => match read_capped(&full, 4096) {
                    Ok((data, _)) => out.files.push((rel, data)),
                    Err(e) => out.failed.push((rel, e.to_string())),
                },
            },
            Content::Text => {
                if full.is_dir() {
                    continue;
                }
                match read_capped(&full, cap) {
                    Ok((data, cut)) => {
                        if cut {
                            out.cut.push(rel.clone());
                        }
                        out.files.push((rel, data));
                    }
                    Err(e) => out.failed.push((rel, e.to_string())),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_wildcards_and_reads_links() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("sys/bus/pci/devices/0000:1b:00.0")).expect("mkdir");
        std::fs::create_dir_all(root.join("sys/bus/pci/drivers/vfio-pci")).expect("mkdir");
        std::fs::write(root.join("sys/bus/pci/devices/0000:1b:00.0/vendor"), "0x10de\n").expect("write");
        std::os::unix::fs::symlink("../../drivers/vfio-pci", root.join("sys/bus/pci/devices/0000:1b:00.0/driver"))
            .expect("link");
        assert_eq!(expand(root, "sys/bus/pci/devices/*/vendor"), vec!["sys/bus/pci/devices/0000:1b:00.0/vendor"]);
        let p = FilePattern { pattern: "sys/bus/pci/devices/*/driver", content: Content::LinkOrText, anchor: None };
        let r = read_pattern(root, &p, 1024);
        assert_eq!(r.files, vec![("sys/bus/pci/devices/0000:1b:00.0/driver".to_string(), b"vfio-pci\n".to_vec())]);
        assert!(expand(root, "sys/kernel/iommu_groups/*/devices/*").is_empty());
    }
}
