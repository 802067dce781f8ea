//! `/proc/driver/nvidia/version`: the loaded driver's version, and whether it is the open module.

use std::sync::LazyLock;

use regex::Regex;

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"NVRM version: NVIDIA UNIX (Open )?.*?Kernel Module(?: for \S+)?\s+([0-9]+\.[0-9]+(?:\.[0-9]+)?)")
        .expect("nvrm regex")
});

/// The driver version line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriverVersion {
    /// `550.90.07`.
    pub version: String,
    /// Open kernel module.
    pub open: bool,
    /// Line and text.
    pub line: u32,
    /// The line.
    pub text: String,
}

/// Parses the version file.
pub fn parse(text: &str) -> Option<DriverVersion> {
    crate::facts::text::numbered(text).find_map(|(n, line)| {
        let c = VERSION.captures(line)?;
        Some(DriverVersion {
            version: c[2].to_string(),
            open: c.get(1).is_some() || line.contains("Open Kernel Module"),
            line: n,
            text: line.trim().to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn proprietary_and_open() {
        let p = super::parse("NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.90.07  Fri May 31 09:35:42 UTC 2024\nGCC version:  gcc version 12\n").expect("v");
        assert_eq!((p.version.as_str(), p.open), ("550.90.07", false));
        let o = super::parse(
            "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  590.48.01  Release Build  (root@h)  Mon\n",
        )
        .expect("v");
        assert_eq!((o.version.as_str(), o.open), ("590.48.01", true));
    }
}
