//! Kernel command lines: `/proc/cmdline`, `/etc/default/grub`, `/etc/kernel/cmdline`, BLS entries.
//!
//! Tokenising follows the kernel's `next_arg()`: whitespace separates arguments, double quotes
//! group (and are removed), backslashes are literal (`initrd=\EFI\proxmox\…`). Parameter names
//! treat `-` and `_` alike, as the kernel's `parameq()` does, so keys are normalised to `_`
//! (`vfio-pci.ids` → `vfio_pci.ids`). Repeated keys keep their last value, the one the kernel
//! applies for module parameters, and are listed separately.

/// One `key[=value]` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// Normalised key (`-` → `_`).
    pub key: String,
    /// The value without quotes; empty for flags.
    pub value: String,
    /// The argument as written.
    pub raw: String,
}

/// Splits a command line into arguments.
pub fn tokenize(line: &str) -> Vec<Arg> {
    let mut args = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut raw = String::new();
        let mut text = String::new();
        let mut in_quotes = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() && !in_quotes {
                break;
            }
            chars.next();
            raw.push(c);
            if c == '"' {
                in_quotes = !in_quotes;
            } else {
                text.push(c);
            }
        }
        // Elisions pasted into docs ("...") are not arguments.
        if text.chars().all(|c| c == '.' || c == '…') {
            continue;
        }
        let (key, value) = match text.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (text.clone(), String::new()),
        };
        args.push(Arg { key: normalise_key(&key), value, raw });
    }
    args
}

/// `-` and `_` are the same in parameter names.
pub fn normalise_key(key: &str) -> String {
    key.replace('-', "_")
}

/// A parameter that is set but does nothing, or is probably a typo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ineffective {
    /// The argument as written.
    pub arg: String,
    /// Why it has no effect, and what was probably meant.
    pub why: String,
}

/// Arguments the kernel ignores or that do not do what people expect (domain-facts §5.1).
pub fn ineffective(args: &[Arg]) -> Vec<Ineffective> {
    let mut out = Vec::new();
    for a in args {
        let why = match (a.key.as_str(), a.value.as_str()) {
            ("amd_iommu", "on") => Some(
                "`amd_iommu=on` is not a valid value (the kernel logs `AMD-Vi: Unknown option - 'on'`); the AMD IOMMU is on by default when the firmware provides an IVRS table",
            ),
            ("iommu_pt", "") => Some("`iommu_pt` is not a kernel parameter; `iommu=pt` was probably meant"),
            ("intel_iommu", "pt") => Some("`intel_iommu=pt` is not a valid value; `iommu=pt` sets passthrough mode"),
            ("pcie_acs_override", _) => Some(
                "`pcie_acs_override` exists only in out-of-tree kernels (Proxmox, zen, liquorix); a mainline kernel ignores it",
            ),
            _ => None,
        };
        if let Some(why) = why {
            out.push(Ineffective { arg: a.raw.clone(), why: why.to_string() });
        }
    }
    out
}

/// Where a persisted command line was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersistedLine {
    /// 1-based line in the file.
    pub line: u32,
    /// The variable or key (`GRUB_CMDLINE_LINUX_DEFAULT`, `options`), empty for `/etc/kernel/cmdline`.
    pub key: String,
    /// The command line text.
    pub cmdline: String,
    /// The line as written.
    pub raw: String,
}

/// Reads `GRUB_CMDLINE_LINUX[_DEFAULT]="…"` assignments from `/etc/default/grub`.
/// Shell syntax elsewhere (backticks, conditionals) is ignored; commented lines are not configuration.
pub fn grub_default(text: &str) -> Vec<PersistedLine> {
    let mut out = Vec::new();
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.trim();
        if t.starts_with('#') {
            continue;
        }
        for key in ["GRUB_CMDLINE_LINUX_DEFAULT", "GRUB_CMDLINE_LINUX"] {
            if let Some(rest) = t.strip_prefix(key).and_then(|r| r.strip_prefix('=')) {
                let value = unescape_grub(&unquote_shell(rest));
                out.push(PersistedLine { line: n, key: key.to_string(), cmdline: value, raw: line.to_string() });
                break;
            }
        }
    }
    out
}

/// Reads BLS entry `options` lines (`boot/loader/entries/*.conf`).
pub fn bls_options(text: &str) -> Vec<PersistedLine> {
    crate::facts::text::numbered(text)
        .filter_map(|(n, line)| {
            let t = line.trim();
            let rest = t.strip_prefix("options")?;
            rest.starts_with(char::is_whitespace).then(|| PersistedLine {
                line: n,
                key: "options".into(),
                cmdline: rest.trim().to_string(),
                raw: line.to_string(),
            })
        })
        .collect()
}

/// Reads `/etc/kernel/cmdline` (one line, Proxmox systemd-boot and UKI setups).
pub fn kernel_cmdline_file(text: &str) -> Vec<PersistedLine> {
    crate::facts::text::numbered(text)
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .take(1)
        .map(|(n, l)| PersistedLine { line: n, key: String::new(), cmdline: l.trim().to_string(), raw: l.to_string() })
        .collect()
}

/// Removes one level of shell quoting from a simple assignment value.
/// grub-mkconfig copies the value into grub.cfg, whose parser drops a backslash before any
/// character: `pci=disable_acs_redir=0000:42:00.0\;0000:51:00.0` boots as `…0000:42:00.0;0000:51:00.0`.
fn unescape_grub(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

fn unquote_shell(value: &str) -> String {
    let v = value.trim();
    let v = match v.find(" #") {
        Some(i) if !v.starts_with('"') && !v.starts_with('\'') => &v[..i],
        _ => v,
    };
    if let Some(inner) = v.strip_prefix('"') {
        inner.rsplit_once('"').map_or(inner, |(a, _)| a).to_string()
    } else if let Some(inner) = v.strip_prefix('\'') {
        inner.rsplit_once('\'').map_or(inner, |(a, _)| a).to_string()
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_repeats() {
        let args = tokenize(
            r#"initrd=\EFI\proxmox\initrd.img cgroup_no_v1="all" vfio-pci.ids=10de:2335 pci=earlydump,realloc=on ... iommu_pt"#,
        );
        assert_eq!(args[0].value, r"\EFI\proxmox\initrd.img");
        assert_eq!(args[1].key, "cgroup_no_v1");
        assert_eq!(args[1].value, "all");
        assert_eq!(args[2].key, "vfio_pci.ids");
        assert_eq!(args[3].value, "earlydump,realloc=on");
        assert_eq!(args.len(), 5, "the elision is not an argument");
        assert_eq!(args[4].key, "iommu_pt");
    }

    #[test]
    fn grub_escapes_are_removed() {
        assert_eq!(
            unescape_grub(r"pci=disable_acs_redir=0000:42:00.0\;0000:51:00.0"),
            "pci=disable_acs_redir=0000:42:00.0;0000:51:00.0"
        );
        assert_eq!(unescape_grub(r"a\\b"), r"a\b");
    }

    #[test]
    fn quoted_value_with_spaces() {
        let args = tokenize(r#"a="b c" d"#);
        assert_eq!(args.len(), 2);
        assert_eq!(args[0].value, "b c");
    }

    #[test]
    fn flags_no_effect_values() {
        let args = tokenize("amd_iommu=on iommu=pt iommu_pt intel_iommu=on");
        let bad = ineffective(&args);
        assert_eq!(bad.len(), 2);
        assert!(bad[0].why.contains("AMD-Vi: Unknown option"));
    }

    #[test]
    fn grub_default_file() {
        let text = "GRUB_DEFAULT=0\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n#GRUB_CMDLINE_LINUX=\"old\"\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on\"\nGRUB_CMDLINE_LINUX=\"\"\n";
        let lines = grub_default(text);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].line, 4);
        assert_eq!(lines[0].cmdline, "quiet splash intel_iommu=on");
        assert_eq!(lines[1].cmdline, "");
    }

    #[test]
    fn bls_entry() {
        let lines = bls_options("title Red Hat\nlinux /vmlinuz\noptions root=/dev/x intel_iommu=on iommu=pt\n");
        assert_eq!(lines[0].cmdline, "root=/dev/x intel_iommu=on iommu=pt");
    }
}
