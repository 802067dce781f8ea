//! The file tree behind a snapshot: a real directory or an archive held in memory.
//!
//! Both implement [`Tree`], a tiny read-only filesystem interface with `lstat`, `list`
//! and bounded `read`. Link resolution happens *here*, component by component and
//! lexically, so that nothing ever follows a link out of the snapshot root: the operating
//! system is only asked to open paths that contain no links.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What one path is, without following it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stat {
    /// A regular file of `size` bytes.
    File {
        /// Size in bytes as recorded by the tree (for archives, the header's size).
        size: u64,
    },
    /// A directory.
    Dir,
    /// A symbolic link with its target text.
    Link {
        /// The link target as stored.
        target: String,
    },
}

/// Bytes read from a file, possibly cut at the read bound.
#[derive(Debug, Clone)]
pub struct Contents {
    /// The bytes read.
    pub data: Arc<[u8]>,
    /// The file's full size.
    pub size: u64,
    /// True when `data` holds less than `size` bytes.
    pub truncated: bool,
}

/// A read-only file tree with snapshot-relative, `/`-separated paths (`""` is the root).
pub trait Tree {
    /// Describes `path` without following a final link. `None` when absent.
    fn lstat(&self, path: &str) -> Option<Stat>;
    /// The names in directory `path` (which must contain no links), sorted.
    fn list(&self, path: &str) -> Vec<String>;
    /// Reads at most `limit` bytes of the regular file at `path` (which must contain no links).
    fn read(&self, path: &str, limit: u64) -> std::io::Result<Contents>;
}

/// Joins a relative path onto a directory path.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// Why a path could not be resolved inside the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Nothing at that path.
    Missing,
    /// A link on the way points outside the snapshot root (or is absolute).
    Escapes {
        /// The link that leaves the root.
        link: String,
        /// Its target.
        target: String,
    },
    /// Too many links (a loop).
    Loop,
}

/// Resolves every link in `path`, lexically and inside the root. Returns the physical path
/// (which contains no links) and what is there.
pub fn resolve(tree: &dyn Tree, path: &str) -> Result<(String, Stat), ResolveError> {
    let mut pending: Vec<String> = path.split('/').filter(|s| !s.is_empty()).rev().map(String::from).collect();
    let mut current: Vec<String> = Vec::new();
    let mut hops = 0;
    let mut stat = Stat::Dir;
    while let Some(part) = pending.pop() {
        match part.as_str() {
            "." => continue,
            ".." => {
                if current.pop().is_none() {
                    return Err(ResolveError::Escapes { link: path.to_string(), target: path.to_string() });
                }
                stat = Stat::Dir;
                continue;
            }
            _ => {}
        }
        let candidate = join(&current.join("/"), &part);
        match tree.lstat(&candidate) {
            None => return Err(ResolveError::Missing),
            Some(Stat::Link { target }) => {
                hops += 1;
                if hops > 40 {
                    return Err(ResolveError::Loop);
                }
                if target.starts_with('/') {
                    return Err(ResolveError::Escapes { link: candidate, target });
                }
                // Check the lexical escape before expanding, so the error names the link.
                let mut depth = current.len() as i64;
                for seg in target.split('/').filter(|s| !s.is_empty() && *s != ".") {
                    depth += if seg == ".." { -1 } else { 1 };
                    if depth < 0 {
                        return Err(ResolveError::Escapes { link: candidate, target });
                    }
                }
                for seg in target.split('/').filter(|s| !s.is_empty()).rev() {
                    pending.push(seg.to_string());
                }
            }
            Some(other) => {
                current.push(part);
                stat = other;
            }
        }
    }
    Ok((current.join("/"), stat))
}

/// A real directory on disk. Never follows links itself (see [`resolve`]). Remembers what it
/// has looked up: resolving every path component by component would otherwise `lstat` the same
/// directories thousands of times in a sysfs snapshot.
pub struct DirTree {
    root: PathBuf,
    seen: std::cell::RefCell<std::collections::HashMap<String, Option<Stat>>>,
}

impl DirTree {
    /// A tree rooted at `root`.
    pub fn new(root: &Path) -> Self {
        Self { root: root.to_path_buf(), seen: std::cell::RefCell::default() }
    }

    fn lstat_uncached(&self, path: &str) -> Option<Stat> {
        let abs = self.abs(path);
        let meta = std::fs::symlink_metadata(&abs).ok()?;
        let ft = meta.file_type();
        if ft.is_symlink() {
            let target = std::fs::read_link(&abs).ok()?;
            Some(Stat::Link { target: target.to_string_lossy().into_owned() })
        } else if ft.is_dir() {
            Some(Stat::Dir)
        } else if ft.is_file() {
            Some(Stat::File { size: meta.len() })
        } else {
            None
        }
    }

    fn abs(&self, path: &str) -> PathBuf {
        if path.is_empty() { self.root.clone() } else { self.root.join(path) }
    }
}

impl Tree for DirTree {
    fn lstat(&self, path: &str) -> Option<Stat> {
        if let Some(hit) = self.seen.borrow().get(path) {
            return hit.clone();
        }
        let stat = self.lstat_uncached(path);
        self.seen.borrow_mut().insert(path.to_string(), stat.clone());
        stat
    }

    fn list(&self, path: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.abs(path)) else { return Vec::new() };
        let mut names: Vec<String> =
            entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    fn read(&self, path: &str, limit: u64) -> std::io::Result<Contents> {
        let file = std::fs::File::open(self.abs(path))?;
        // The size from the (cached) lstat: no second stat per file.
        let size = match self.lstat(path) {
            Some(Stat::File { size }) => size,
            _ => 0,
        };
        let mut data = Vec::with_capacity(size.min(limit) as usize);
        // Read one byte past the limit to notice growth (files in /proc report size 0).
        file.take(limit.saturating_add(1)).read_to_end(&mut data)?;
        let truncated = data.len() as u64 > limit;
        if truncated {
            data.truncate(limit as usize);
        }
        let size = size.max(data.len() as u64);
        Ok(Contents { data: data.into(), size, truncated })
    }
}

/// A file tree held in memory: archives, bug-report sections, and the live collector.
#[derive(Debug, Default, Clone)]
pub struct MemTree {
    nodes: BTreeMap<String, MemNode>,
}

/// One node of a [`MemTree`].
#[derive(Debug, Clone)]
pub enum MemNode {
    /// A file whose content was kept (or `None` when it was not wanted).
    File {
        /// Content if kept.
        contents: Option<Contents>,
        /// Declared size.
        size: u64,
    },
    /// A directory.
    Dir,
    /// A link.
    Link(String),
}

impl MemTree {
    /// Inserts a node and the directories above it.
    pub fn insert(&mut self, path: &str, node: MemNode) {
        let mut prefix = String::new();
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            prefix = join(&prefix, part);
            self.nodes.entry(prefix.clone()).or_insert(MemNode::Dir);
        }
        self.nodes.insert(parts.join("/"), node);
    }

    /// Adds a file with the given contents.
    pub fn add_file(&mut self, path: &str, data: impl Into<Vec<u8>>) {
        let data: Vec<u8> = data.into();
        let size = data.len() as u64;
        self.insert(
            path,
            MemNode::File { contents: Some(Contents { data: data.into(), size, truncated: false }), size },
        );
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every top-level name.
    pub fn top_level(&self) -> Vec<String> {
        self.list("")
    }
}

impl Tree for MemTree {
    fn lstat(&self, path: &str) -> Option<Stat> {
        if path.is_empty() {
            return Some(Stat::Dir);
        }
        match self.nodes.get(path)? {
            MemNode::File { size, .. } => Some(Stat::File { size: *size }),
            MemNode::Dir => Some(Stat::Dir),
            MemNode::Link(target) => Some(Stat::Link { target: target.clone() }),
        }
    }

    fn list(&self, path: &str) -> Vec<String> {
        let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
        self.nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| {
                let rest = &k[prefix.len()..];
                (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string())
            })
            .collect()
    }

    fn read(&self, path: &str, limit: u64) -> std::io::Result<Contents> {
        match self.nodes.get(path) {
            Some(MemNode::File { contents: Some(c), .. }) => {
                if c.data.len() as u64 > limit {
                    Ok(Contents { data: c.data[..limit as usize].into(), size: c.size, truncated: true })
                } else {
                    Ok(c.clone())
                }
            }
            Some(MemNode::File { contents: None, .. }) => {
                Err(std::io::Error::other("content was not kept while reading the archive (not a known evidence path)"))
            }
            _ => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "not a file")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> MemTree {
        let mut t = MemTree::default();
        t.add_file("sos_commands/pci/lspci_-nnvv", "00:00.0 Host bridge");
        t.insert("lspci", MemNode::Link("sos_commands/pci/lspci_-nnvv".into()));
        t.insert("bad", MemNode::Link("../../etc/shadow".into()));
        t.insert("abs", MemNode::Link("/etc/shadow".into()));
        t.insert("loop", MemNode::Link("loop".into()));
        t.insert("sys/bus/pci/devices/0000:1b:00.0", MemNode::Link("../../../devices/pci0000:00/0000:1b:00.0".into()));
        t.add_file("sys/devices/pci0000:00/0000:1b:00.0/vendor", "0x10de\n");
        t
    }

    #[test]
    fn resolves_links_inside_root() {
        let t = tree();
        let (phys, stat) = resolve(&t, "lspci").expect("resolves");
        assert_eq!(phys, "sos_commands/pci/lspci_-nnvv");
        assert!(matches!(stat, Stat::File { .. }));
        let (phys, _) = resolve(&t, "sys/bus/pci/devices/0000:1b:00.0/vendor").expect("resolves");
        assert_eq!(phys, "sys/devices/pci0000:00/0000:1b:00.0/vendor");
    }

    #[test]
    fn refuses_links_out_of_root() {
        let t = tree();
        assert!(matches!(resolve(&t, "bad"), Err(ResolveError::Escapes { .. })));
        assert!(matches!(resolve(&t, "abs"), Err(ResolveError::Escapes { .. })));
        assert_eq!(resolve(&t, "loop"), Err(ResolveError::Loop));
        assert_eq!(resolve(&t, "nothing"), Err(ResolveError::Missing));
    }

    #[test]
    fn lists_children() {
        let t = tree();
        assert_eq!(t.list("sys/bus/pci/devices"), vec!["0000:1b:00.0".to_string()]);
        assert!(t.top_level().contains(&"sos_commands".to_string()));
    }
}
