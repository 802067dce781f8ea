//! Snapshot reading: the only code that touches the input.
//!
//! A snapshot is a directory or archive laid out like a sos report (the tool's own `collect`
//! writes that layout too), or a single nvidia-bug-report log. [`Snapshot::open`] recognises
//! the format, finds the root inside it, and resolves every *logical source* of
//! [`sources::SOURCES`] to the files that hold it, reading each at most [`Limits::max_file_bytes`].
//! Archives are read entry by entry in memory and never extracted; nothing is ever written.
//!
//! What this module refuses (an error, exit 2): a path that does not exist, a garbage file, an
//! archive entry with `..` or an absolute name, a decompression bomb, and a snapshot in which no
//! source at all was recognised. What it only records (a [`Problem`], never fatal): a file over
//! the read bound (the source becomes *partial*), a link that leaves the root, an unreadable file.

pub mod archive;
pub mod bugreport;
pub mod discover;
pub mod limits;
pub mod manifest;
pub mod sources;
pub mod tree;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use limits::Limits;
pub use manifest::Manifest;
pub use sources::SourceId;
use sources::{Content, Mode, SOURCES};
use tree::{DirTree, ResolveError, Stat, Tree, join, resolve};

/// How the snapshot was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A directory.
    Directory,
    /// An uncompressed `.tar`.
    Tar,
    /// A `.tar.gz`.
    TarGz,
    /// A `.tar.zst`.
    TarZst,
    /// A `.tar.xz` (sos report's default compression).
    TarXz,
    /// An `nvidia-bug-report.log(.gz)`.
    BugReport,
    /// The running host, collected in memory.
    Live,
}

/// Which layout the files follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Written by `gpu-preflight collect` (has a manifest).
    Native,
    /// A sos report (has `sos_commands/`).
    SosReport,
    /// Sections of an nvidia-bug-report log.
    BugReport,
    /// Recognised files, but neither of the above.
    Other,
}

/// Whether a logical source was found, and whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SourceStatus {
    /// Found and read whole.
    Complete,
    /// Found, but some of it could not be read or was cut.
    Partial {
        /// Why.
        reasons: Vec<String>,
    },
    /// Not in the snapshot.
    Absent,
}

/// What a snapshot file holds.
#[derive(Debug, Clone)]
pub enum FileData {
    /// The file's bytes (possibly cut at the read bound).
    Text(Arc<[u8]>),
    /// The name a link (or one-line file) points to, such as a sysfs `driver` link.
    Target(String),
    /// Only the name exists (IOMMU group entries, ACPI tables).
    Name,
}

/// Where the bytes of a virtual file really live (a section of a bug-report log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The real file, relative to what the user passed.
    pub file: String,
    /// Lines to add to a line number inside the section to get the real line.
    pub line_offset: u32,
}

/// One evidence file of a snapshot.
#[derive(Debug, Clone)]
pub struct SnapFile {
    /// Path relative to the snapshot root, `/`-separated.
    pub path: String,
    /// Contents.
    pub data: FileData,
    /// Full size in bytes.
    pub size: u64,
    /// True when only part was read.
    pub truncated: bool,
    /// SHA-256 of the bytes read (hex), empty for names and link targets.
    pub sha256: String,
    /// Where the bytes come from when the file is a section of another file.
    pub origin: Option<Origin>,
}

impl SnapFile {
    /// The text of the file (lossy UTF-8), or `""` for names.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.data {
            FileData::Text(bytes) => String::from_utf8_lossy(bytes),
            FileData::Target(t) => std::borrow::Cow::Borrowed(t.as_str()),
            FileData::Name => std::borrow::Cow::Borrowed(""),
        }
    }

    /// The path and line shown to users: the real file and line for bug-report sections.
    pub fn located(&self, line: u32) -> (String, u32) {
        match &self.origin {
            Some(o) => (o.file.clone(), line + o.line_offset),
            None => (self.path.clone(), line),
        }
    }
}

/// Stable codes for snapshot problems (recorded, never fatal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// A file was larger than the read bound and was cut.
    Truncated,
    /// A link points outside the snapshot root and was not followed.
    LinkEscapesRoot,
    /// Links form a loop.
    LinkLoop,
    /// A file could not be read.
    Unreadable,
    /// A source could only be parsed in part.
    ParsePartial,
    /// A capture lacks privileges (non-root lspci: capabilities hidden).
    AccessDenied,
    /// Two sources disagree.
    Conflict,
    /// Something unexpected but harmless was skipped.
    Skipped,
    /// The snapshot is older than allowed.
    Stale,
}

impl ProblemCode {
    /// Every code.
    pub const ALL: &'static [ProblemCode] = &[
        ProblemCode::Truncated,
        ProblemCode::LinkEscapesRoot,
        ProblemCode::LinkLoop,
        ProblemCode::Unreadable,
        ProblemCode::ParsePartial,
        ProblemCode::AccessDenied,
        ProblemCode::Conflict,
        ProblemCode::Skipped,
        ProblemCode::Stale,
    ];

    /// Stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Truncated => "truncated",
            ProblemCode::LinkEscapesRoot => "link-escapes-root",
            ProblemCode::LinkLoop => "link-loop",
            ProblemCode::Unreadable => "unreadable",
            ProblemCode::ParsePartial => "parse-partial",
            ProblemCode::AccessDenied => "access-denied",
            ProblemCode::Conflict => "conflict",
            ProblemCode::Skipped => "skipped",
            ProblemCode::Stale => "stale",
        }
    }

    /// One line saying what it means.
    pub fn description(self) -> &'static str {
        match self {
            ProblemCode::Truncated => "a file was larger than the read bound and only its start was read",
            ProblemCode::LinkEscapesRoot => "a link points outside the snapshot and was not followed",
            ProblemCode::LinkLoop => "links form a loop",
            ProblemCode::Unreadable => "a file could not be read",
            ProblemCode::ParsePartial => "a source could only be parsed in part",
            ProblemCode::AccessDenied => "the capture lacked privileges for part of the data",
            ProblemCode::Conflict => "two sources disagree",
            ProblemCode::Skipped => "something unexpected but harmless was skipped",
            ProblemCode::Stale => "the snapshot is older than the allowed age",
        }
    }
}

/// A problem with the evidence: recorded, shown in the report, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What kind.
    pub code: ProblemCode,
    /// The source concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// The file concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What happened.
    pub message: String,
}

/// Why a snapshot cannot be read at all (exit code 2).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// Nothing at the path.
    #[error("{path}: no such file or directory")]
    NotFound {
        /// The path given.
        path: String,
    },
    /// Reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Not a format we read.
    #[error("{path}: {detail}")]
    Unsupported {
        /// The path.
        path: String,
        /// What was found.
        detail: String,
    },
    /// An archive that cannot be read.
    #[error("{path}: corrupt archive: {detail}")]
    Corrupt {
        /// The archive.
        path: String,
        /// What broke.
        detail: String,
    },
    /// An entry that would write outside the root if extracted.
    #[error("{path}: refusing archive: entry `{entry}` {reason}")]
    UnsafeEntry {
        /// The archive.
        path: String,
        /// The entry name (sanitised for display).
        entry: String,
        /// Why it is unsafe.
        reason: String,
    },
    /// Too much output for the input.
    #[error("{path}: refusing archive: {detail} (decompression bomb?)")]
    Bomb {
        /// The archive.
        path: String,
        /// What limit was hit.
        detail: String,
    },
    /// Nothing recognisable.
    #[error(
        "{path}: no known evidence source found (expected a sos report, a gpu-preflight snapshot or an nvidia-bug-report log)"
    )]
    Unrecognised {
        /// The path.
        path: String,
    },
}

/// Directory frontiers by pattern prefix, shared while one snapshot loads.
type Frontiers = std::collections::HashMap<String, Vec<(String, String)>>;

/// A read snapshot: the files of every logical source, with their status.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The path the user gave (or `live`).
    pub origin: String,
    /// How it was stored.
    pub format: Format,
    /// Which layout it follows.
    pub layout: Layout,
    /// The root inside the tree (`""`, or the top-level directory of an archive).
    pub root: String,
    files: Vec<SnapFile>,
    sources: BTreeMap<SourceId, SourceData>,
    /// Problems met while reading.
    pub problems: Vec<Problem>,
    /// The collection manifest, when present and valid.
    pub manifest: Option<Manifest>,
}

/// The files of one source.
#[derive(Debug, Clone, Default)]
struct SourceData {
    files: Vec<usize>,
    anchor_present: bool,
    partial: Vec<String>,
}

impl Snapshot {
    /// Opens a directory, archive or bug report.
    pub fn open(path: &Path, limits: &Limits) -> Result<Snapshot, SnapshotError> {
        let display = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SnapshotError::NotFound { path: display.clone() },
            _ => SnapshotError::Io { path: display.clone(), source: e },
        })?;
        if meta.is_dir() {
            let tree = DirTree::new(path);
            if let Some(report) = lone_bug_report(&tree) {
                return Self::open(&path.join(report), limits);
            }
            return Self::from_tree(&tree, display, Format::Directory, limits);
        }
        archive::open_file(path, limits)
    }

    /// Reads the sources out of any tree (used by archives, bug reports and the live collector).
    pub fn from_tree(
        tree: &dyn Tree,
        origin: String,
        format: Format,
        limits: &Limits,
    ) -> Result<Snapshot, SnapshotError> {
        let root = find_root(tree);
        let mut snap = Snapshot {
            origin: origin.clone(),
            format,
            layout: Layout::Other,
            root: root.clone(),
            files: Vec::new(),
            sources: BTreeMap::new(),
            problems: Vec::new(),
            manifest: None,
        };
        let mut frontiers = Frontiers::new();
        for row in SOURCES {
            snap.load_row(tree, &root, row, limits, &mut frontiers);
        }
        let recognised =
            snap.sources.iter().any(|(id, d)| id.is_evidence() && (!d.files.is_empty() || d.anchor_present));
        if !recognised {
            return Err(SnapshotError::Unrecognised { path: origin });
        }
        // The bug-report splitter writes sos-style paths, so its format decides first.
        snap.layout = if format == Format::BugReport {
            Layout::BugReport
        } else if snap.has(SourceId::Manifest) {
            Layout::Native
        } else if tree.lstat(&join(&root, "sos_commands")).is_some() {
            Layout::SosReport
        } else {
            Layout::Other
        };
        let manifest_file = snap.source_files(SourceId::Manifest).next().cloned();
        if let Some(file) = manifest_file {
            match serde_json::from_slice::<Manifest>(match &file.data {
                FileData::Text(b) => b,
                _ => &[],
            }) {
                Ok(m) => snap.manifest = Some(m),
                Err(e) => snap.problems.push(Problem {
                    code: ProblemCode::Unreadable,
                    source: Some(SourceId::Manifest),
                    path: Some(file.path.clone()),
                    message: format!("manifest is not valid: {e}"),
                }),
            }
        }
        Ok(snap)
    }

    fn load_row(
        &mut self,
        tree: &dyn Tree,
        root: &str,
        row: &sources::SourceSpec,
        limits: &Limits,
        frontiers: &mut Frontiers,
    ) {
        if let Some(anchor) = row.anchor
            && matches!(resolve(tree, &join(root, anchor)), Ok((_, Stat::Dir)))
        {
            self.sources.entry(row.id).or_default().anchor_present = true;
        }
        if row.mode == Mode::First && self.sources.get(&row.id).is_some_and(|d| !d.files.is_empty()) {
            return;
        }
        for pattern in row.patterns {
            let matches = self.expand(tree, root, pattern, frontiers);
            let found = !matches.is_empty();
            for (logical, physical) in matches {
                self.load_file(tree, row, &logical, &physical, limits);
            }
            if found && row.mode == Mode::First {
                break;
            }
        }
    }

    /// Expands a pattern under `root`: every segment but the last is resolved through links.
    /// Directory frontiers are shared between patterns (the sixteen sysfs attribute patterns all
    /// start with `sys/bus/pci/devices/*`), so each directory is listed and resolved once.
    fn expand(
        &mut self,
        tree: &dyn Tree,
        root: &str,
        pattern: &str,
        frontiers: &mut Frontiers,
    ) -> Vec<(String, String)> {
        let segments: Vec<&str> = pattern.split('/').collect();
        let mut frontier = vec![(String::new(), root.to_string())];
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let prefix = segments[..=i].join("/");
            if !last && let Some(cached) = frontiers.get(&prefix) {
                frontier = cached.clone();
                if frontier.is_empty() {
                    break;
                }
                continue;
            }
            let mut next = Vec::new();
            for (logical, physical) in &frontier {
                // Wildcards never match dotfiles: no kernel interface has them, and `.gitkeep`
                // placeholders (empty directories in git) are not evidence.
                let names: Vec<String> = if seg.contains('*') {
                    tree.list(physical)
                        .into_iter()
                        .filter(|n| !n.starts_with('.') && sources::segment_matches(seg, n))
                        .collect()
                } else {
                    vec![(*seg).to_string()]
                };
                for name in names {
                    let l = join(logical, &name);
                    let p = join(physical, &name);
                    if last {
                        if tree.lstat(&p).is_some() {
                            next.push((l, p));
                        }
                        continue;
                    }
                    match resolve(tree, &p) {
                        Ok((resolved, Stat::Dir)) => next.push((l, resolved)),
                        Ok(_) | Err(ResolveError::Missing) => {}
                        Err(err) => self.link_problem(&l, &err),
                    }
                }
            }
            if !last {
                frontiers.insert(prefix, next.clone());
            }
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        frontier
    }

    fn link_problem(&mut self, logical: &str, err: &ResolveError) {
        let (code, message) = match err {
            ResolveError::Escapes { link, target } => (
                ProblemCode::LinkEscapesRoot,
                format!("link `{link}` points to `{target}`, outside the snapshot; not followed"),
            ),
            ResolveError::Loop => (ProblemCode::LinkLoop, "too many links (a loop); not followed".to_string()),
            ResolveError::Missing => return,
        };
        let problem = Problem { code, source: None, path: Some(logical.to_string()), message };
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    fn load_file(
        &mut self,
        tree: &dyn Tree,
        row: &sources::SourceSpec,
        logical: &str,
        physical: &str,
        limits: &Limits,
    ) {
        let file = match row.content {
            Content::Names => Some(SnapFile {
                path: logical.to_string(),
                data: FileData::Name,
                size: 0,
                truncated: false,
                sha256: String::new(),
                origin: None,
            }),
            Content::LinkOrText => match tree.lstat(physical) {
                Some(Stat::Link { target }) => Some(SnapFile {
                    path: logical.to_string(),
                    data: FileData::Target(target),
                    size: 0,
                    truncated: false,
                    sha256: String::new(),
                    origin: None,
                }),
                Some(Stat::File { .. }) => match tree.read(physical, 4096) {
                    Ok(c) => Some(SnapFile {
                        path: logical.to_string(),
                        data: FileData::Target(String::from_utf8_lossy(&c.data).trim().to_string()),
                        size: c.size,
                        truncated: false,
                        sha256: sha256_hex(&c.data),
                        origin: None,
                    }),
                    Err(e) => {
                        self.unreadable(row.id, logical, &e);
                        None
                    }
                },
                _ => None,
            },
            Content::Text => match resolve(tree, physical) {
                Ok((p, Stat::File { .. })) => match tree.read(&p, limits.max_file_bytes) {
                    Ok(c) => {
                        if c.truncated {
                            let reason = format!(
                                "`{logical}` is {} bytes; only the first {} were read",
                                c.size, limits.max_file_bytes
                            );
                            self.problems.push(Problem {
                                code: ProblemCode::Truncated,
                                source: Some(row.id),
                                path: Some(logical.to_string()),
                                message: reason.clone(),
                            });
                            self.sources.entry(row.id).or_default().partial.push(reason);
                        }
                        Some(SnapFile {
                            path: logical.to_string(),
                            sha256: sha256_hex(&c.data),
                            size: c.size,
                            truncated: c.truncated,
                            data: FileData::Text(c.data),
                            origin: None,
                        })
                    }
                    Err(e) => {
                        self.unreadable(row.id, logical, &e);
                        None
                    }
                },
                Ok(_) => None,
                Err(err) => {
                    self.link_problem(logical, &err);
                    None
                }
            },
        };
        if let Some(file) = file {
            let idx = self.files.len();
            self.files.push(file);
            self.sources.entry(row.id).or_default().files.push(idx);
        }
    }

    fn unreadable(&mut self, id: SourceId, path: &str, err: &std::io::Error) {
        let message = format!("`{path}` could not be read: {err}");
        self.sources.entry(id).or_default().partial.push(message.clone());
        self.problems.push(Problem {
            code: ProblemCode::Unreadable,
            source: Some(id),
            path: Some(path.to_string()),
            message,
        });
    }

    /// Sets the origin of files that are sections of a bug-report log.
    pub(crate) fn set_origins(&mut self, origins: &BTreeMap<String, Origin>) {
        for file in &mut self.files {
            if let Some(o) = origins.get(&file.path) {
                file.origin = Some(o.clone());
            }
        }
    }

    /// The files of a source, in preference order.
    pub fn source_files(&self, id: SourceId) -> impl Iterator<Item = &SnapFile> {
        self.sources.get(&id).into_iter().flat_map(|d| d.files.iter()).map(|&i| &self.files[i])
    }

    /// The first (preferred) file of a source.
    pub fn first(&self, id: SourceId) -> Option<&SnapFile> {
        self.source_files(id).next()
    }

    /// True when the source has any file or its anchor directory exists.
    pub fn has(&self, id: SourceId) -> bool {
        self.sources.get(&id).is_some_and(|d| !d.files.is_empty() || d.anchor_present)
    }

    /// Whether a source is complete, partial or absent.
    pub fn status(&self, id: SourceId) -> SourceStatus {
        match self.sources.get(&id) {
            Some(d) if !d.files.is_empty() || d.anchor_present => {
                if d.partial.is_empty() {
                    SourceStatus::Complete
                } else {
                    SourceStatus::Partial { reasons: d.partial.clone() }
                }
            }
            _ => SourceStatus::Absent,
        }
    }

    /// Every evidence file read (for digests and the report appendix).
    pub fn files(&self) -> &[SnapFile] {
        &self.files
    }

    /// One digest over every evidence file: SHA-256 of the sorted `path  sha256` lines.
    pub fn digest(&self) -> String {
        let mut lines: Vec<String> =
            self.files.iter().filter(|f| !f.sha256.is_empty()).map(|f| format!("{}  {}\n", f.sha256, f.path)).collect();
        lines.sort();
        lines.dedup();
        sha256_hex(lines.concat().as_bytes())
    }
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Size and SHA-256 (hex) of a stream, read in 64 KiB blocks (a snapshot may hold a huge log).
pub fn sha256_stream(reader: &mut dyn std::io::Read) -> std::io::Result<(u64, String)> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok((size, hex::encode(hasher.finalize())));
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
}

/// Finds the snapshot root: the tree root, or the single directory an archive wraps it in.
fn find_root(tree: &dyn Tree) -> String {
    let mut root = String::new();
    for _ in 0..3 {
        if sources::ROOT_MARKERS.iter().any(|m| tree.lstat(&join(&root, m)).is_some()) {
            return root;
        }
        let names = tree.list(&root);
        let dirs: Vec<&String> = names.iter().filter(|n| tree.lstat(&join(&root, n)) == Some(Stat::Dir)).collect();
        match dirs.as_slice() {
            [only] if names.len() == 1 => root = join(&root, only),
            _ => return root,
        }
    }
    root
}

/// A directory that holds nothing but a bug-report log is that log.
fn lone_bug_report(tree: &DirTree) -> Option<String> {
    let names = tree.list("");
    if sources::ROOT_MARKERS.iter().any(|m| names.iter().any(|n| n == m)) {
        return None;
    }
    let reports: Vec<&String> =
        names.iter().filter(|n| n.starts_with("nvidia-bug-report") && n.contains(".log")).collect();
    match reports.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::tree::{MemNode, MemTree};
    use super::*;

    fn limits() -> Limits {
        Limits { max_file_bytes: 64, ..Limits::default() }
    }

    #[test]
    fn reads_sources_under_a_wrapping_directory() {
        let mut t = MemTree::default();
        t.add_file("sosreport-h1/proc/cmdline", "BOOT_IMAGE=/vmlinuz intel_iommu=on\n");
        t.add_file("sosreport-h1/sos_commands/pci/lspci_-nnvv", "00:00.0 Host bridge [0600]: Intel\n");
        t.insert("sosreport-h1/lspci", MemNode::Link("sos_commands/pci/lspci_-nnvv".into()));
        t.insert("sosreport-h1/sys/kernel/iommu_groups", MemNode::Dir);
        let snap = Snapshot::from_tree(&t, "x".into(), Format::Tar, &limits()).expect("reads");
        assert_eq!(snap.root, "sosreport-h1");
        assert_eq!(snap.layout, Layout::SosReport);
        assert_eq!(snap.first(SourceId::Cmdline).expect("cmdline").path, "proc/cmdline");
        assert_eq!(snap.source_files(SourceId::Lspci).count(), 1, "first pattern wins");
        assert_eq!(snap.status(SourceId::IommuGroups), SourceStatus::Complete, "empty groups dir is evidence");
        assert_eq!(snap.status(SourceId::Dmesg), SourceStatus::Absent);
    }

    #[test]
    fn oversize_file_is_partial() {
        let mut t = MemTree::default();
        t.add_file("proc/cmdline", "x".repeat(100));
        let snap = Snapshot::from_tree(&t, "x".into(), Format::Directory, &limits()).expect("reads");
        assert!(matches!(snap.status(SourceId::Cmdline), SourceStatus::Partial { .. }));
        assert_eq!(snap.problems[0].code, ProblemCode::Truncated);
        let f = snap.first(SourceId::Cmdline).expect("file");
        assert!(f.truncated);
        assert_eq!(f.size, 100);
    }

    #[test]
    fn escaping_link_is_skipped_and_recorded() {
        let mut t = MemTree::default();
        t.add_file("proc/cpuinfo", "vendor_id\t: GenuineIntel\n");
        t.insert("proc/cmdline", MemNode::Link("../../../../etc/passwd".into()));
        let snap = Snapshot::from_tree(&t, "x".into(), Format::Directory, &limits()).expect("reads");
        assert!(snap.first(SourceId::Cmdline).is_none());
        assert_eq!(snap.problems[0].code, ProblemCode::LinkEscapesRoot);
    }

    #[test]
    fn nothing_recognised_is_an_error() {
        let mut t = MemTree::default();
        t.add_file("notes.txt", "hello");
        assert!(matches!(
            Snapshot::from_tree(&t, "x".into(), Format::Directory, &limits()),
            Err(SnapshotError::Unrecognised { .. })
        ));
    }

    #[test]
    fn sysfs_links_read_as_targets() {
        let mut t = MemTree::default();
        t.insert("sys/bus/pci/devices/0000:1b:00.0/driver", MemNode::Link("../../../bus/pci/drivers/vfio-pci".into()));
        t.add_file("sys/bus/pci/devices/0000:1c:00.0/driver", "nvidia\n");
        t.add_file("sys/bus/pci/devices/0000:1b:00.0/vendor", "0x10de\n");
        let snap = Snapshot::from_tree(&t, "x".into(), Format::Directory, &limits()).expect("reads");
        let targets: Vec<String> = snap
            .source_files(SourceId::PciSysfs)
            .filter(|f| f.path.ends_with("/driver"))
            .map(|f| f.text().into_owned())
            .collect();
        assert_eq!(targets, vec!["../../../bus/pci/drivers/vfio-pci".to_string(), "nvidia".to_string()]);
    }
}
