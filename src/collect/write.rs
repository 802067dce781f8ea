//! Where a collection goes: a new directory, a `.tar.gz`, or memory (for `scan --live`), always
//! with the manifest at the root and, with a signing key, its detached signature beside it.

use std::io::Write;
use std::path::Path;

use super::Collected;
use crate::snapshot::manifest::FILE_NAME;
use crate::snapshot::tree::{MemNode, MemTree};

/// The signature file written beside the manifest.
pub const SIGNATURE_NAME: &str = "gpu-preflight-manifest.json.sig";

/// Why a collection could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output exists and is not an empty directory.
    #[error("{path}: already exists and is not empty; collect writes only to a new directory or archive")]
    Exists {
        /// The output.
        path: String,
    },
    /// Writing failed.
    #[error("{path}: {source}")]
    Io {
        /// What was written.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] crate::sign::SignError),
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.display().to_string(), source }
}

impl Collected {
    /// The manifest as written, and its signature when a key is given.
    fn manifest_files(&self, sign: Option<&Path>) -> Result<Vec<(String, Vec<u8>)>, WriteError> {
        let mut json = serde_json::to_vec_pretty(&self.manifest).expect("a manifest serialises");
        json.push(b'\n');
        let mut out = vec![(FILE_NAME.to_string(), json.clone())];
        if let Some(key) = sign {
            out.push((SIGNATURE_NAME.to_string(), crate::sign::sign(key, &json)?.into_bytes()));
        }
        Ok(out)
    }

    /// Every file to write: the collected ones, then the manifest (and signature).
    fn entries<'a>(&'a self, manifest: &'a [(String, Vec<u8>)]) -> impl Iterator<Item = (&'a str, &'a [u8])> {
        self.files.iter().chain(manifest.iter().map(|(p, d)| (p, d))).map(|(p, d)| (p.as_str(), d.as_slice()))
    }

    /// The snapshot in memory (for `scan --live`).
    pub fn into_tree(&self) -> MemTree {
        let mut tree = MemTree::default();
        for d in &self.dirs {
            tree.insert(d, MemNode::Dir);
        }
        for (path, data) in &self.files {
            tree.add_file(path, data.clone());
        }
        if let Ok(files) = self.manifest_files(None) {
            for (path, data) in files {
                tree.add_file(&path, data);
            }
        }
        tree
    }

    /// Writes a `.tar.gz` (when the name says so) or a new directory.
    pub fn write(&self, out: &Path, sign: Option<&Path>) -> Result<(), WriteError> {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
            self.write_tar_gz(out, sign)
        } else {
            self.write_dir(out, sign)
        }
    }

    fn write_dir(&self, dir: &Path, sign: Option<&Path>) -> Result<(), WriteError> {
        if let Ok(mut entries) = std::fs::read_dir(dir)
            && entries.next().is_some()
        {
            return Err(WriteError::Exists { path: dir.display().to_string() });
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        for d in &self.dirs {
            std::fs::create_dir_all(dir.join(d)).map_err(io(&dir.join(d)))?;
        }
        let manifest = self.manifest_files(sign)?;
        for (path, data) in self.entries(&manifest) {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&target, data).map_err(io(&target))?;
        }
        Ok(())
    }

    fn write_tar_gz(&self, file: &Path, sign: Option<&Path>) -> Result<(), WriteError> {
        if file.exists() {
            return Err(WriteError::Exists { path: file.display().to_string() });
        }
        let stem = file
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".tar.gz").trim_end_matches(".tgz").to_string())
            .unwrap_or_else(|| "gpu-preflight-snapshot".into());
        let mtime = jiff::Timestamp::now().as_second().max(0) as u64;
        let f = std::fs::File::create(file).map_err(io(file))?;
        let gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        let header = |size: u64, kind: tar::EntryType, mode: u32| {
            let mut h = tar::Header::new_gnu();
            h.set_size(size);
            h.set_entry_type(kind);
            h.set_mode(mode);
            h.set_mtime(mtime);
            h
        };
        for d in &self.dirs {
            let mut h = header(0, tar::EntryType::Directory, 0o755);
            tar.append_data(&mut h, format!("{stem}/{d}/"), std::io::empty()).map_err(io(file))?;
        }
        let manifest = self.manifest_files(sign)?;
        for (path, data) in self.entries(&manifest) {
            let mut h = header(data.len() as u64, tar::EntryType::Regular, 0o644);
            tar.append_data(&mut h, format!("{stem}/{path}"), data).map_err(io(file))?;
        }
        let gz = tar.into_inner().map_err(io(file))?;
        gz.finish().map_err(io(file))?.flush().map_err(io(file))
    }
}
