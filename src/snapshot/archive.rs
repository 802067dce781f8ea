//! Archives: `.tar`, `.tar.gz`, `.tar.zst`, `.tar.xz`, and bug-report logs (plain or gzipped).
//!
//! The format is sniffed from the bytes, not the name. A tarball is streamed entry by entry into
//! a [`MemTree`]; only entries that may hold evidence keep their content (up to the per-file
//! bound). Every entry name is checked before anything else: `..` or an absolute name refuses
//! the whole archive, as does expanding far more than the compressed input (a bomb).

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use super::tree::{Contents, MemNode, MemTree};
use super::{Format, Limits, Snapshot, SnapshotError, bugreport, sources};

/// A file opened for sniffing: its display name, a counting reader, its first bytes, and the bomb
/// guard tied to the reader's count.
type Started = (String, BufReader<Counting<std::fs::File>>, Vec<u8>, Guard);

fn start(path: &Path, limits: &Limits) -> Result<Started, SnapshotError> {
    let display = path.display().to_string();
    let io = |e: std::io::Error| SnapshotError::Io { path: display.clone(), source: e };
    let file = std::fs::File::open(path).map_err(io)?;
    let counter = Rc::new(Cell::new(0u64));
    let mut reader = BufReader::with_capacity(256 * 1024, Counting { inner: file, count: counter.clone() });
    let head = reader.fill_buf().map_err(io)?.to_vec();
    let guard = Guard { path: display.clone(), limits: limits.clone(), compressed: counter, expanded: 0 };
    Ok((display, reader, head, guard))
}

/// Opens a file snapshot, sniffing its format.
pub fn open_file(path: &Path, limits: &Limits) -> Result<Snapshot, SnapshotError> {
    let (display, reader, head, guard) = start(path, limits)?;
    if head.is_empty() {
        return Err(SnapshotError::Unsupported { path: display, detail: "empty file".into() });
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut dec = BufReader::new(flate2::read::MultiGzDecoder::new(reader));
        let inner = dec.fill_buf().map_err(|e| corrupt(&display, &e.to_string()))?.to_vec();
        if is_tar(&inner) {
            let tree = read_tar(dec, guard)?;
            return Snapshot::from_tree(&tree, display, Format::TarGz, limits);
        }
        if bugreport::looks_like(&inner) {
            return bugreport::open(dec, guard, display, limits);
        }
        return Err(SnapshotError::Unsupported {
            path: display,
            detail: "gzip data that is neither a tar archive nor an nvidia-bug-report log".into(),
        });
    }
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        let dec = ruzstd::decoding::StreamingDecoder::new(reader).map_err(|e| corrupt(&display, &e.to_string()))?;
        let tree = read_tar(BufReader::new(dec), guard)?;
        return Snapshot::from_tree(&tree, display, Format::TarZst, limits);
    }
    if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
        let tree = read_tar(BufReader::new(liblzma::read::XzDecoder::new_multi_decoder(reader)), guard)?;
        return Snapshot::from_tree(&tree, display, Format::TarXz, limits);
    }
    if is_tar(&head) {
        let tree = read_tar(reader, guard)?;
        return Snapshot::from_tree(&tree, display, Format::Tar, limits);
    }
    if bugreport::looks_like(&head) {
        return bugreport::open(reader, guard, display, limits);
    }
    Err(SnapshotError::Unsupported {
        path: display,
        detail: "not a directory, .tar, .tar.gz, .tar.zst, .tar.xz or nvidia-bug-report log".into(),
    })
}

/// One archive member as `verify` sees it: name, size, SHA-256, and the bytes when asked for.
pub type Digested = (String, u64, String, Option<Vec<u8>>);

/// Size and SHA-256 of every regular file in a tar archive (plain, gz, zst or xz), for `verify`,
/// keeping the bytes of the (small) members `keep` names. Entry names are checked as when
/// scanning; the archive's bytes are bounded by the same guard.
pub fn file_digests(path: &Path, limits: &Limits, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Digested>, SnapshotError> {
    let (display, reader, head, mut guard) = start(path, limits)?;
    let stream: Box<dyn Read> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Box::new(ruzstd::decoding::StreamingDecoder::new(reader).map_err(|e| corrupt(&display, &e.to_string()))?)
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
        Box::new(liblzma::read::XzDecoder::new_multi_decoder(reader))
    } else if is_tar(&head) {
        Box::new(reader)
    } else {
        return Err(SnapshotError::Unsupported { path: display, detail: "not a tar archive".into() });
    };
    let mut archive = tar::Archive::new(stream);
    let mut out = Vec::new();
    for entry in archive.entries().map_err(|e| corrupt(&display, &e.to_string()))? {
        let mut entry = entry.map_err(|e| corrupt(&display, &e.to_string()))?;
        let name = safe_name(&display, &entry.path_bytes())?;
        guard.add(entry.size().saturating_add(512))?;
        if !matches!(entry.header().entry_type(), tar::EntryType::Regular | tar::EntryType::Continuous) {
            continue;
        }
        let fail = |e: std::io::Error| corrupt(&display, &format!("entry `{name}`: {e}"));
        if keep(&name) {
            let mut data = Vec::new();
            (&mut entry).take(guard.limits.max_file_bytes).read_to_end(&mut data).map_err(fail)?;
            out.push((name.clone(), data.len() as u64, super::sha256_hex(&data), Some(data)));
        } else {
            let (size, digest) = super::sha256_stream(&mut entry).map_err(fail)?;
            out.push((name.clone(), size, digest, None));
        }
    }
    Ok(out)
}

fn corrupt(path: &str, detail: &str) -> SnapshotError {
    SnapshotError::Corrupt { path: path.to_string(), detail: detail.to_string() }
}

/// True when a block starts with a POSIX or GNU tar header.
fn is_tar(block: &[u8]) -> bool {
    block.len() >= 262 && (&block[257..262] == b"ustar")
}

/// Counts bytes read from the compressed file, for the bomb check.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Tracks expansion against the limits.
pub(crate) struct Guard {
    pub(crate) path: String,
    pub(crate) limits: Limits,
    compressed: Rc<Cell<u64>>,
    expanded: u64,
}

impl Guard {
    /// Adds expanded bytes and refuses the archive when they exceed the limits.
    pub(crate) fn add(&mut self, bytes: u64) -> Result<(), SnapshotError> {
        self.expanded = self.expanded.saturating_add(bytes);
        let compressed = self.compressed.get().max(1);
        if self.expanded > self.limits.max_expanded_bytes {
            return Err(SnapshotError::Bomb {
                path: self.path.clone(),
                detail: format!("expands past {} bytes", self.limits.max_expanded_bytes),
            });
        }
        if self.expanded > self.limits.ratio_floor && self.expanded / compressed > self.limits.max_ratio {
            return Err(SnapshotError::Bomb {
                path: self.path.clone(),
                detail: format!("{} compressed bytes expand to more than {} bytes", compressed, self.expanded),
            });
        }
        Ok(())
    }
}

/// Checks one entry name; returns it normalised (`./a//b` → `a/b`).
fn safe_name(archive: &str, raw: &[u8]) -> Result<String, SnapshotError> {
    let name = String::from_utf8_lossy(raw).into_owned();
    let shown: String = name.chars().map(|c| if c.is_control() { '?' } else { c }).take(200).collect();
    let unsafe_entry = |reason: &str| SnapshotError::UnsafeEntry {
        path: archive.to_string(),
        entry: shown.clone(),
        reason: reason.into(),
    };
    if name.starts_with('/') || name.starts_with('\\') {
        return Err(unsafe_entry("has an absolute name"));
    }
    if name.len() >= 2 && name.as_bytes()[1] == b':' {
        return Err(unsafe_entry("has a drive-letter name"));
    }
    if name.contains('\0') {
        return Err(unsafe_entry("contains a NUL byte"));
    }
    let mut parts = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(unsafe_entry("contains `..`")),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// Streams a tar archive into memory, keeping the content of wanted entries only.
fn read_tar<R: Read>(reader: R, mut guard: Guard) -> Result<MemTree, SnapshotError> {
    let mut archive = tar::Archive::new(reader);
    let mut tree = MemTree::default();
    let path = guard.path.clone();
    let entries = archive.entries().map_err(|e| corrupt(&path, &e.to_string()))?;
    let mut count = 0u64;
    for entry in entries {
        let mut entry = entry.map_err(|e| corrupt(&path, &e.to_string()))?;
        count += 1;
        if count > guard.limits.max_entries {
            return Err(SnapshotError::Bomb {
                path,
                detail: format!("more than {} entries", guard.limits.max_entries),
            });
        }
        let name = safe_name(&path, &entry.path_bytes())?;
        let kind = entry.header().entry_type();
        let size = entry.size();
        guard.add(size.saturating_add(512))?;
        if name.is_empty() {
            continue;
        }
        match kind {
            tar::EntryType::Directory => tree.insert(&name, MemNode::Dir),
            tar::EntryType::Symlink | tar::EntryType::Link => {
                let target =
                    entry.link_name_bytes().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
                let target = if kind == tar::EntryType::Link {
                    // Hard links name an archive path; express it relative to the link's directory.
                    let depth = name.matches('/').count();
                    format!("{}{}", "../".repeat(depth), safe_name(&path, target.as_bytes())?)
                } else {
                    target
                };
                tree.insert(&name, MemNode::Link(target));
            }
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                let contents = if sources::is_wanted(&name) {
                    let limit = guard.limits.max_file_bytes;
                    let mut data = Vec::with_capacity(size.min(limit) as usize);
                    (&mut entry)
                        .take(limit.saturating_add(1))
                        .read_to_end(&mut data)
                        .map_err(|e| corrupt(&path, &format!("entry `{name}`: {e}")))?;
                    let truncated = data.len() as u64 > limit;
                    data.truncate(limit as usize);
                    Some(Contents { data: data.into(), size: size.max(limit.min(size)), truncated })
                } else {
                    None
                };
                tree.insert(&name, MemNode::File { contents, size });
            }
            _ => {}
        }
    }
    if tree.is_empty() {
        return Err(corrupt(&path, "no entries"));
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_are_checked() {
        assert_eq!(safe_name("a", b"./x//y/./z").expect("ok"), "x/y/z");
        assert!(matches!(safe_name("a", b"../etc/passwd"), Err(SnapshotError::UnsafeEntry { .. })));
        assert!(matches!(safe_name("a", b"x/../../y"), Err(SnapshotError::UnsafeEntry { .. })));
        assert!(matches!(safe_name("a", b"/etc/passwd"), Err(SnapshotError::UnsafeEntry { .. })));
        assert!(matches!(safe_name("a", b"C:\\x"), Err(SnapshotError::UnsafeEntry { .. })));
    }

    #[test]
    fn guard_refuses_bombs() {
        let counter = Rc::new(Cell::new(1000u64));
        let limits = Limits { ratio_floor: 10_000, max_ratio: 100, ..Limits::default() };
        let mut g = Guard { path: "a".into(), limits, compressed: counter, expanded: 0 };
        assert!(g.add(5_000).is_ok());
        assert!(g.add(50_000).is_ok(), "ratio 55 is fine");
        assert!(matches!(g.add(100_000), Err(SnapshotError::Bomb { .. })));
    }
}
