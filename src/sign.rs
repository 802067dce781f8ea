//! Ed25519 signatures over reports and collection manifests.
//!
//! Keys are files holding one line of hex: 32 bytes for a secret key (`gpu-preflight keygen`
//! writes `KEY` with mode 0600 and `KEY.pub`), 32 bytes for a public key. A signature is a
//! detached file next to what it signs (`report.json.sig`), one line of hex (64 bytes), over the
//! exact bytes of the file.

use std::io::Read;
use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

/// Why signing or verifying failed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// A key or signature file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A key or signature is not the expected hex.
    #[error("{path}: {what}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        what: String,
    },
    /// The signature does not match.
    #[error("{path}: signature does not match (the file changed, or another key signed it)")]
    Mismatch {
        /// The signed file.
        path: String,
    },
}

fn read_hex<const N: usize>(path: &Path, what: &str) -> Result<[u8; N], SignError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| SignError::Io { path: path.display().to_string(), source: e })?;
    let bytes = hex::decode(text.trim())
        .map_err(|_| SignError::Format { path: path.display().to_string(), what: format!("not a hex {what}") })?;
    bytes
        .try_into()
        .map_err(|_| SignError::Format { path: path.display().to_string(), what: format!("a {what} is {N} bytes") })
}

/// Fills `buf` from the kernel's random source.
pub fn random_bytes(buf: &mut [u8]) -> std::io::Result<()> {
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(buf))
}

/// Creates a key pair: the secret at `path` (mode 0600) and the public key at `path.pub`.
pub fn keygen(path: &Path) -> Result<(), SignError> {
    let io = |p: &Path, e| SignError::Io { path: p.display().to_string(), source: e };
    let mut seed = [0u8; 32];
    random_bytes(&mut seed).map_err(|e| io(Path::new("/dev/urandom"), e))?;
    let key = SigningKey::from_bytes(&seed);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| io(path, e))?;
    std::io::Write::write_all(&mut f, format!("{}\n", hex::encode(key.to_bytes())).as_bytes())
        .map_err(|e| io(path, e))?;
    let public = path.with_extension(match path.extension() {
        Some(e) => format!("{}.pub", e.to_string_lossy()),
        None => "pub".to_string(),
    });
    std::fs::write(&public, format!("{}\n", hex::encode(key.verifying_key().to_bytes()))).map_err(|e| io(&public, e))
}

/// Signs bytes with a secret key file; returns the hex signature line.
pub fn sign(key: &Path, data: &[u8]) -> Result<String, SignError> {
    let secret: [u8; 32] = read_hex(key, "secret key")?;
    let sig = SigningKey::from_bytes(&secret).sign(data);
    Ok(format!("{}\n", hex::encode(sig.to_bytes())))
}

/// Verifies a detached hex signature over `data` with a public key file.
pub fn verify(public: &Path, data: &[u8], signature: &str, what: &str) -> Result<(), SignError> {
    let pk: [u8; 32] = read_hex(public, "public key")?;
    let vk = VerifyingKey::from_bytes(&pk).map_err(|_| SignError::Format {
        path: public.display().to_string(),
        what: "not a valid Ed25519 public key".into(),
    })?;
    let sig: [u8; 64] = hex::decode(signature.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| SignError::Format { path: format!("{what}.sig"), what: "not a hex Ed25519 signature".into() })?;
    vk.verify(data, &Signature::from_bytes(&sig)).map_err(|_| SignError::Mismatch { path: what.to_string() })
}

/// The detached signature path for a file.
pub fn sig_path(file: &Path) -> std::path::PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".sig");
    s.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let dir = tempfile::tempdir().expect("tmp");
        let key = dir.path().join("k");
        keygen(&key).expect("keygen");
        let public = dir.path().join("k.pub");
        let sig = sign(&key, b"report").expect("sign");
        verify(&public, b"report", &sig, "r").expect("valid");
        assert!(matches!(verify(&public, b"report!", &sig, "r"), Err(SignError::Mismatch { .. })));
        assert!(keygen(&key).is_err(), "never overwrites a key");
    }
}
