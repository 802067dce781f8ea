//! `verify SNAPSHOT [--key PUB]`: tamper evidence for collected snapshots.
//!
//! Every file is checked against the manifest's size and SHA-256: files that changed, that the
//! manifest lists but are gone, and that were added are each named. With a public key, the
//! manifest's detached signature (`gpu-preflight-manifest.json.sig`) must verify too.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::collect::write::SIGNATURE_NAME;
use crate::snapshot::manifest::{FILE_NAME, Manifest};
use crate::snapshot::{Limits, SnapshotError, sha256_hex};

/// The signature's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    /// No key was given.
    NotChecked,
    /// It verifies under the key.
    Valid,
    /// It does not verify (what was wrong).
    Invalid(String),
    /// A key was given but the snapshot has no signature.
    Missing,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// The manifest's host and collection time.
    pub host: String,
    /// When it was collected.
    pub collected_at: String,
    /// Files the manifest lists.
    pub listed: usize,
    /// Files whose size or digest differ.
    pub changed: Vec<String>,
    /// Files the manifest lists that are gone.
    pub missing: Vec<String>,
    /// Files the manifest does not list.
    pub added: Vec<String>,
    /// The signature.
    pub signature: Signature,
}

impl Verification {
    /// True when nothing changed, nothing is missing or added, and the signature (if checked) holds.
    pub fn intact(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.added.is_empty()
            && matches!(self.signature, Signature::NotChecked | Signature::Valid)
    }
}

/// Why a snapshot could not be verified at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The snapshot could not be read.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// No manifest.
    #[error("{path}: no {FILE_NAME}: only snapshots written by `gpu-preflight collect` can be verified")]
    NoManifest {
        /// The snapshot.
        path: String,
    },
    /// The manifest is not valid.
    #[error("{path}: {FILE_NAME} is not a valid manifest: {detail}")]
    BadManifest {
        /// The snapshot.
        path: String,
        /// Parser message.
        detail: String,
    },
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
}

/// Relative path → (size, SHA-256, bytes of the manifest and its signature; empty for the rest).
type Files = BTreeMap<String, (u64, String, Vec<u8>)>;

/// Every file of a directory snapshot.
fn directory_files(dir: &Path) -> Result<Files, VerifyError> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(|e| VerifyError::Io {
            path: e.path().map_or_else(|| dir.display().to_string(), |p| p.display().to_string()),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let io = |e| VerifyError::Io { path: entry.path().display().to_string(), source: e };
        if rel == FILE_NAME || rel == SIGNATURE_NAME {
            let data = std::fs::read(entry.path()).map_err(io)?;
            out.insert(rel, (data.len() as u64, sha256_hex(&data), data));
        } else {
            // Hashed as a stream: a snapshot may hold a multi-gigabyte log.
            let mut file = std::fs::File::open(entry.path()).map_err(io)?;
            let (size, digest) = crate::snapshot::sha256_stream(&mut file).map_err(io)?;
            out.insert(rel, (size, digest, Vec::new()));
        }
    }
    Ok(out)
}

/// Every file of an archive snapshot, relative to the directory that holds the manifest.
fn archive_files(path: &Path, limits: &Limits) -> Result<Files, VerifyError> {
    let keep = |name: &str| name.ends_with(FILE_NAME) || name.ends_with(SIGNATURE_NAME);
    let entries = crate::snapshot::archive::file_digests(path, limits, &keep)?;
    let prefix = entries
        .iter()
        .find(|(name, ..)| name == FILE_NAME || name.ends_with(&format!("/{FILE_NAME}")))
        .map(|(name, ..)| name[..name.len() - FILE_NAME.len()].to_string())
        .unwrap_or_default();
    let mut out = BTreeMap::new();
    for (name, size, sha, data) in entries {
        let Some(rel) = name.strip_prefix(&prefix) else { continue };
        out.insert(rel.to_string(), (size, sha, data.unwrap_or_default()));
    }
    Ok(out)
}

/// Verifies a snapshot directory or archive against its manifest.
pub fn verify(path: &Path, key: Option<&Path>, limits: &Limits) -> Result<Verification, VerifyError> {
    let shown = path.display().to_string();
    let files = if path.is_dir() { directory_files(path)? } else { archive_files(path, limits)? };
    let Some((_, _, manifest_bytes)) = files.get(FILE_NAME) else {
        return Err(VerifyError::NoManifest { path: shown });
    };
    let manifest: Manifest = serde_json::from_slice(manifest_bytes)
        .map_err(|e| VerifyError::BadManifest { path: shown.clone(), detail: e.to_string() })?;
    let mut changed = Vec::new();
    let mut missing = Vec::new();
    for f in &manifest.files {
        match files.get(&f.path) {
            None => missing.push(f.path.clone()),
            Some((size, sha, _)) if *size != f.size || *sha != f.sha256 => changed.push(f.path.clone()),
            Some(_) => {}
        }
    }
    let listed: std::collections::BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let added: Vec<String> = files
        .keys()
        .filter(|p| !listed.contains(p.as_str()) && *p != FILE_NAME && *p != SIGNATURE_NAME)
        // Fixture documentation next to a snapshot is not evidence.
        .filter(|p| p.as_str() != "README.md")
        .cloned()
        .collect();
    let signature = match key {
        None => Signature::NotChecked,
        Some(key) => match files.get(SIGNATURE_NAME) {
            None => Signature::Missing,
            Some((_, _, sig)) => {
                match crate::sign::verify(
                    key,
                    manifest_bytes,
                    &String::from_utf8_lossy(sig),
                    &format!("{shown}/{FILE_NAME}"),
                ) {
                    Ok(()) => Signature::Valid,
                    Err(e) => Signature::Invalid(e.to_string()),
                }
            }
        },
    };
    Ok(Verification {
        host: manifest.host,
        collected_at: manifest.collected_at,
        listed: manifest.files.len(),
        changed,
        missing,
        added,
        signature,
    })
}
