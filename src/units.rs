//! Byte sizes (`256GiB`, lspci's `256G`) and dotted versions (`550.90.07`).
//!
//! Both appear in facts and in rule literals; both parse here so that the two sides agree.
//! Sizes are binary everywhere (lspci, the kernel and nvidia-smi all mean 1024-based units).
//! Versions are dotted integers compared component by component, not semver.

use std::cmp::Ordering;
use std::fmt;

/// Parses a byte size: `256GiB`, `256G`, `128 GB`, `64M`, `4096`, `0x400000000`.
///
/// Unit letters are binary (K = 1024), as lspci and the kernel print them.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok();
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: u64 = num.parse().ok()?;
    let unit = unit.trim();
    let unit = unit.strip_suffix("iB").or_else(|| unit.strip_suffix('B')).unwrap_or(unit);
    let shift = match unit {
        "" => 0,
        "K" | "k" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        "P" => 50,
        _ => return None,
    };
    num.checked_mul(1u64 << shift)
}

/// Formats bytes in the largest binary unit that divides them (`256GiB`), as lspci would.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [(&str, u32); 5] = [("PiB", 50), ("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)];
    if bytes == 0 {
        return "0B".to_string();
    }
    for (name, shift) in UNITS {
        let unit = 1u64 << shift;
        if bytes >= unit && bytes % unit == 0 {
            return format!("{}{name}", bytes >> shift);
        }
    }
    for (name, shift) in UNITS {
        let unit = 1u64 << shift;
        if bytes >= unit {
            return format!("{:.1}{name}", bytes as f64 / unit as f64);
        }
    }
    format!("{bytes}B")
}

/// A dotted version such as `550.90.07`, compared numerically per component.
#[derive(Debug, Clone)]
pub struct Version {
    parts: Vec<u64>,
    text: String,
}

impl Version {
    /// Parses the leading dotted-integer part of `text` (`535.104.05-1ubuntu` → `535.104.05`).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_start_matches(['v', 'V']);
        let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
        let core = t[..end].trim_end_matches('.');
        if core.is_empty() || core.starts_with('.') || core.contains("..") {
            return None;
        }
        let parts = core.split('.').map(|p| p.parse::<u64>().ok()).collect::<Option<Vec<_>>>()?;
        if parts.len() > 8 {
            return None;
        }
        Some(Self { parts, text: core.to_string() })
    }

    /// The components.
    pub fn parts(&self) -> &[u64] {
        &self.parts
    }

    /// The text as written (leading zeros kept: `550.90.07`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.parts.len().max(other.parts.len());
        for i in 0..n {
            let a = self.parts.get(i).copied().unwrap_or(0);
            let b = other.parts.get(i).copied().unwrap_or(0);
            match a.cmp(&b) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("256GiB"), Some(256 << 30));
        assert_eq!(parse_size("256G"), Some(256 << 30));
        assert_eq!(parse_size("128 GB"), Some(128 << 30));
        assert_eq!(parse_size("16M"), Some(16 << 20));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("0x2000000000"), Some(128 << 30));
        assert_eq!(parse_size("12Q"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
        assert_eq!(format_size(256 << 30), "256GiB");
        assert_eq!(format_size(64 << 20), "64MiB");
        assert_eq!(format_size(3 << 29), "1536MiB");
    }

    #[test]
    fn versions_compare_numerically() {
        let v = |s| Version::parse(s).expect(s);
        assert!(v("550.90.07") > v("550.54.15"));
        assert!(v("550.127.05") > v("550.90.07"));
        assert!(v("525.85.12") < v("550"));
        assert_eq!(v("550.90.07"), v("550.90.7").clone());
        assert_eq!(v("535.104.05-1ubuntu").as_str(), "535.104.05");
        assert_eq!(v("570.169").parts(), &[570, 169]);
        assert!(Version::parse("R450").is_none());
        assert!(Version::parse("..").is_none());
    }
}
