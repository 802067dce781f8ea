//! `--redact`: identifiers replaced by stable keyed hashes, the same in every file.
//!
//! Replaced: the host name (short and fully qualified), serial numbers (nvidia-smi, PCIe Device
//! Serial Numbers), UUIDs (GPU and MIG UUIDs, file-system UUIDs), MAC addresses and IP addresses
//! other than loopback and unspecified. Untouched: PCI addresses and IDs, versions, loopback. Each
//! replacement keeps the shape of the original (a UUID stays a UUID, a MAC a locally administered
//! MAC, an IPv4 address an address in 198.18.0.0/15), so every parser reads a redacted snapshot as
//! it read the original and no verdict changes. The hash is HMAC-SHA256 under a site key, so the
//! same host gets the same name in every collection, and a waiver's host scope can be hashed with
//! the same key ([`Key::host`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::bytes::{Captures, Regex};
use sha2::{Digest, Sha256};

/// A redaction key (32 bytes).
#[derive(Clone)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// Loads a key file (64 hex digits), creating it (mode 0600) with random bytes if missing.
    pub fn load_or_create(path: &Path) -> Result<(Key, bool), String> {
        let shown = path.display();
        if let Ok(text) = std::fs::read_to_string(path) {
            let bytes = hex::decode(text.trim()).map_err(|e| format!("{shown}: not a redaction key: {e}"))?;
            let key: [u8; 32] =
                bytes.try_into().map_err(|_| format!("{shown}: a redaction key is 32 bytes (64 hex digits)"))?;
            return Ok((Key(key), false));
        }
        let mut key = [0u8; 32];
        crate::sign::random_bytes(&mut key).map_err(|e| format!("{shown}: cannot draw random bytes: {e}"))?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| format!("{shown}: {e}"))?;
        writeln!(file, "{}", hex::encode(key)).map_err(|e| format!("{shown}: {e}"))?;
        Ok((Key(key), true))
    }

    /// A key from bytes (tests).
    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }

    fn mac(&self, kind: &str, value: &[u8]) -> [u8; 32] {
        // HMAC-SHA256 (RFC 2104).
        let mut inner = Sha256::new();
        let mut outer = Sha256::new();
        let ipad: Vec<u8> = self.0.iter().chain([0u8; 32].iter()).map(|b| b ^ 0x36).collect();
        let opad: Vec<u8> = self.0.iter().chain([0u8; 32].iter()).map(|b| b ^ 0x5c).collect();
        inner.update(&ipad);
        inner.update(kind.as_bytes());
        inner.update(b":");
        inner.update(value);
        outer.update(&opad);
        outer.update(inner.finalize());
        outer.finalize().into()
    }

    /// The redacted form of a host name (what a waiver's `hosts:` entry should say).
    pub fn host(&self, name: &str) -> String {
        format!("host-{}", &hex::encode(self.mac("host", name.to_ascii_lowercase().as_bytes()))[..12])
    }
}

static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b").expect("uuid regex")
});
static MAC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b").expect("mac regex"));
// lspci's `Device Serial Number 48-b0-2d-ff-ff-5a-3e-10` (EUI-64).
static DSN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b[0-9a-f]{2}(?:-[0-9a-f]{2}){7}\b").expect("dsn regex"));
static IPV4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^0-9.])((?:[0-9]{1,3}\.){3}[0-9]{1,3})($|[^0-9.])").expect("ipv4 regex"));
static IPV6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^0-9A-Za-z:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})($|[^0-9A-Za-z:.])").expect("ipv6 regex")
});
// nvidia-smi text and XML serials; dmidecode serials.
static SERIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(Serial Number\s*:\s*|<serial>\s*)([A-Za-z0-9][A-Za-z0-9._-]{3,})").expect("serial regex")
});

/// The identifiers found in one collection, so every file is redacted the same way.
#[derive(Debug, Default)]
pub struct Identifiers {
    /// Host names (short and fully qualified).
    pub hosts: Vec<String>,
    /// Serial numbers.
    pub serials: Vec<String>,
}

impl Identifiers {
    /// Learns the serial numbers that a file reveals.
    pub fn learn_serials(&mut self, data: &[u8]) {
        for c in SERIAL.captures_iter(data) {
            let s = String::from_utf8_lossy(&c[2]).into_owned();
            let lower = s.to_ascii_lowercase();
            if !matches!(lower.as_str(), "n/a" | "none" | "not specified" | "to be filled by o.e.m.")
                && !self.serials.contains(&s)
            {
                self.serials.push(s);
            }
        }
    }

    /// Adds a host name and its short form.
    pub fn add_host(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || matches!(name, "localhost" | "localhost.localdomain" | "(none)") {
            return;
        }
        for n in [name, name.split('.').next().unwrap_or(name)] {
            if !self.hosts.iter().any(|h| h == n) {
                self.hosts.push(n.to_string());
            }
        }
        // Longest first, so the FQDN is replaced before its short form.
        self.hosts.sort_by_key(|h| std::cmp::Reverse(h.len()));
    }
}

fn hex_like(key: &Key, kind: &str, value: &[u8], template: &[u8]) -> Vec<u8> {
    let digest = hex::encode(key.mac(kind, &value.to_ascii_lowercase()));
    let mut hexes = digest.bytes().cycle();
    template
        .iter()
        .map(|&c| {
            if c.is_ascii_hexdigit() {
                let h = hexes.next().unwrap_or(b'0');
                if c.is_ascii_uppercase() { h.to_ascii_uppercase() } else { h }
            } else {
                c
            }
        })
        .collect()
}

fn ipv4_public(text: &str) -> Option<[u8; 4]> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.iter().any(|p| p.len() > 1 && p.starts_with('0')) {
        return None; // 96.00.89.00: a version, not an address.
    }
    let octets: Vec<u8> = parts.iter().filter_map(|p| p.parse::<u8>().ok()).collect();
    let octets: [u8; 4] = octets.try_into().ok()?;
    (octets[0] != 127 && octets != [0, 0, 0, 0] && octets != [255, 255, 255, 255]).then_some(octets)
}

fn replace_word(data: &[u8], word: &str, with: &str) -> Vec<u8> {
    let w = word.as_bytes();
    if w.is_empty() || data.len() < w.len() {
        return data.to_vec();
    }
    let boundary = |b: Option<&u8>| b.is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_'));
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].len() >= w.len()
            && data[i..i + w.len()].eq_ignore_ascii_case(w)
            && boundary(if i == 0 { None } else { data.get(i - 1) })
            && boundary(data.get(i + w.len()))
        {
            out.extend_from_slice(with.as_bytes());
            i += w.len();
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

/// Redacts one file's bytes.
pub fn redact(key: &Key, ids: &Identifiers, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for host in &ids.hosts {
        out = replace_word(&out, host, &key.host(host));
    }
    for serial in &ids.serials {
        let hashed = format!("SN{}", &hex::encode(key.mac("serial", serial.as_bytes()))[..14].to_ascii_uppercase());
        out = replace_word(&out, serial, &hashed);
    }
    out = UUID.replace_all(&out, |c: &Captures<'_>| hex_like(key, "uuid", &c[0], &c[0])).into_owned();
    out = MAC
        .replace_all(&out, |c: &Captures<'_>| {
            let mut m = hex_like(key, "mac", &c[0], &c[0]);
            // Locally administered, unicast: second hex digit 2.
            m[0] = b'0';
            m[1] = b'2';
            m
        })
        .into_owned();
    out = DSN.replace_all(&out, |c: &Captures<'_>| hex_like(key, "dsn", &c[0], &c[0])).into_owned();
    out = IPV4
        .replace_all(&out, |c: &Captures<'_>| {
            let text = String::from_utf8_lossy(&c[2]).into_owned();
            let mut v = c[1].to_vec();
            match ipv4_public(&text) {
                Some(_) => {
                    let h = key.mac("ipv4", text.as_bytes());
                    v.extend_from_slice(format!("198.{}.{}.{}", 18 + (h[0] & 1), h[1], h[2].max(1)).as_bytes());
                }
                None => v.extend_from_slice(&c[2]),
            }
            v.extend_from_slice(&c[3]);
            v
        })
        .into_owned();
    out = IPV6
        .replace_all(&out, |c: &Captures<'_>| {
            let addr = &c[2];
            let text = String::from_utf8_lossy(addr);
            let colons = text.matches(':').count();
            let is_addr = (text.contains("::") || colons == 7)
                && text.bytes().any(|b| b.is_ascii_hexdigit())
                && !matches!(text.as_ref(), "::1" | "::");
            let mut v = c[1].to_vec();
            if is_addr {
                let h = hex::encode(key.mac("ipv6", &addr.to_ascii_lowercase()));
                v.extend_from_slice(format!("fd{}:{}:{}::{}", &h[..2], &h[2..6], &h[6..10], &h[10..14]).as_bytes());
            } else {
                v.extend_from_slice(addr);
            }
            v.extend_from_slice(&c[3]);
            v
        })
        .into_owned();
    out
}

/// Redacts a set of files together (identifiers learned from all of them first).
pub fn redact_all(key: &Key, files: &mut BTreeMap<String, Vec<u8>>, hosts: &[String]) -> Identifiers {
    let mut ids = Identifiers::default();
    for h in hosts {
        ids.add_host(h);
    }
    for data in files.values() {
        ids.learn_serials(data);
    }
    for data in files.values_mut() {
        *data = redact(key, &ids, data);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::from_bytes([7u8; 32])
    }

    #[test]
    fn identifiers_go_and_pci_addresses_stay() {
        let mut ids = Identifiers::default();
        ids.add_host("gpu-h200-01.example.com");
        let text = b"gpu-h200-01 kernel: GPU 00000000:1B:00.0 UUID GPU-6ac8d9b2-0c4c-5b6a-8e8f-0d1c2b3a4f5e\n\
            Serial Number : 1654922007453\nmac 52:54:00:ab:cd:ef ip 10.1.2.3 lo 127.0.0.1 vbios 96.00.89.00.01\n\
            fe80::1c2b:3aff:fe4f:5e6d and 0000:1b:00.0 at 08:12:41 Device Serial Number 48-b0-2d-ff-ff-5a-3e-10\n";
        ids.learn_serials(text);
        let out = String::from_utf8(redact(&key(), &ids, text)).expect("utf-8");
        for gone in
            ["gpu-h200-01", "6ac8d9b2", "1654922007453", "52:54:00:ab:cd:ef", "10.1.2.3", "fe80::1c2b", "48-b0-2d"]
        {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
        for kept in [
            "00000000:1B:00.0",
            "0000:1b:00.0",
            "127.0.0.1",
            "96.00.89.00.01",
            "08:12:41",
            "GPU-",
            "Serial Number : SN",
        ] {
            assert!(out.contains(kept), "{kept} lost in {out}");
        }
        assert_eq!(out, String::from_utf8(redact(&key(), &ids, text)).expect("utf-8"), "stable");
        assert!(out.contains(&key().host("gpu-h200-01")));
    }
}
