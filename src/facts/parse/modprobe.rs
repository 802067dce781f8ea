//! `/etc/modprobe.d/*.conf`: options, blacklist, softdep, install.
//!
//! Commented lines are not configuration; backslash continues a line; module names treat `-`
//! and `_` alike (as modprobe does), so `vfio-pci` and `vfio_pci` are one module.

/// One directive with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// `options`, `blacklist`, `softdep`, `install`, `alias`, …
    pub kind: String,
    /// Module name, normalised (`-` → `_`).
    pub module: String,
    /// The rest of the line (options text, softdep spec, install command).
    pub args: String,
    /// 1-based line.
    pub line: u32,
    /// The line as written.
    pub text: String,
}

/// Normalises a module name.
pub fn module_name(name: &str) -> String {
    name.replace('-', "_")
}

/// Parses one modprobe.d file.
pub fn parse(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0u32;
    for (n, line) in crate::facts::text::numbered(text) {
        if pending.is_empty() {
            start = n;
        }
        let content = line.split('#').next().unwrap_or("");
        if let Some(cont) = content.trim_end().strip_suffix('\\') {
            pending.push_str(cont);
            pending.push(' ');
            continue;
        }
        pending.push_str(content);
        let full = std::mem::take(&mut pending);
        let mut words = full.split_whitespace();
        let (Some(kind), Some(module)) = (words.next(), words.next()) else { continue };
        if !matches!(kind, "options" | "blacklist" | "softdep" | "install" | "remove" | "alias") {
            continue;
        }
        let args: Vec<&str> = words.collect();
        out.push(Directive {
            kind: kind.to_string(),
            module: module_name(module),
            args: args.join(" "),
            line: start,
            text: line.trim().to_string(),
        });
    }
    out
}

/// `key=value` pairs of an `options` directive (values unquoted).
pub fn option_pairs(args: &str) -> Vec<(String, String)> {
    crate::facts::parse::cmdline::tokenize(args).into_iter().map(|a| (a.key, a.value)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives() {
        let d = parse(
            "# options vfio-pci ids=1\noptions vfio-pci ids=10de:2330,10de:22a3 disable_vga=1\nsoftdep nvidia pre: vfio-pci\nblacklist nouveau\ninstall nvidia /bin/false \\\n  --quiet\n",
        );
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].module, "vfio_pci");
        assert_eq!(option_pairs(&d[0].args)[0], ("ids".to_string(), "10de:2330,10de:22a3".to_string()));
        assert_eq!(d[1].kind, "softdep");
        assert_eq!(d[3].args, "/bin/false --quiet");
        assert_eq!(d[3].line, 5);
    }
}
