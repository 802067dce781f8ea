//! Text helpers shared by parsers: numbered lines and log-line prefixes.
//!
//! Real captures arrive with shell prompts, mail quoting (`> `), kernel timestamps, journal
//! prefixes, or none of these. Parsers call [`log_message`] to get the message text whatever the
//! wrapper, and [`numbered`] to keep 1-based line numbers for evidence.

/// Lines with 1-based numbers. Carriage returns are dropped.
pub fn numbered(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines().enumerate().map(|(i, l)| ((i + 1) as u32, l.strip_suffix('\r').unwrap_or(l)))
}

/// A kernel log line split into its boot timestamp (seconds, when present) and message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogLine<'a> {
    /// Seconds since boot from a `[    1.234567]` prefix.
    pub uptime: Option<f64>,
    /// The message without any prefix.
    pub message: &'a str,
}

/// Strips mail quoting, `[ 1.23]` / `[Mon Jan 1 …]` timestamps and journal `host kernel:`
/// prefixes from a kernel log line.
pub fn log_message(line: &str) -> LogLine<'_> {
    let mut s = line.trim_start();
    // Mail quoting: "> " or ">> ".
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
    }
    let mut uptime = None;
    if let Some(rest) = s.strip_prefix('[')
        && let Some(end) = rest.find(']')
    {
        let inside = rest[..end].trim();
        if let Ok(v) = inside.parse::<f64>() {
            uptime = Some(v);
            s = rest[end + 1..].trim_start();
        } else if inside.len() >= 20
            && inside.chars().any(|c| c == ':')
            && inside.chars().filter(char::is_ascii_digit).count() >= 8
        {
            // dmesg -T: "[Mon Jan  1 00:00:00 2024]"
            s = rest[end + 1..].trim_start();
        }
    }
    // journalctl: "Nov 25 10:00:00 host kernel: msg" or ISO "2024-01-01T10:00:00+0000 host kernel: msg"
    if uptime.is_none()
        && let Some(idx) = s.find(" kernel: ")
    {
        let before = &s[..idx];
        if before.split_whitespace().count() >= 2 && before.contains(':') {
            s = &s[idx + " kernel: ".len()..];
            if let Some(rest) = s.strip_prefix('[')
                && let Some(end) = rest.find(']')
                && let Ok(v) = rest[..end].trim().parse::<f64>()
            {
                uptime = Some(v);
                s = rest[end + 1..].trim_start();
            }
        }
    }
    LogLine { uptime, message: s.trim_end() }
}

/// True for shell prompt lines that people paste along with output (`$ cmd`, `root@h:~# cmd`).
pub fn is_prompt(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("$ ")
        || t.starts_with("# ")
        || (t.contains("]# ")
            || t.contains("]$ ")
            || t.contains(":~# ")
            || t.contains(":~$ ")
            || t.contains("# lspci")
            || t.contains("$ lspci"))
            && !t.starts_with('\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_log_prefixes() {
        assert_eq!(log_message("[    0.012345] DMAR: IOMMU enabled").message, "DMAR: IOMMU enabled");
        assert_eq!(log_message("[    0.012345] DMAR: IOMMU enabled").uptime, Some(0.012345));
        assert_eq!(log_message("> [    1.5] pci 0000:00:01.0: x").message, "pci 0000:00:01.0: x");
        assert_eq!(log_message("Nov 25 10:00:00 gpu01 kernel: DMAR: IOMMU enabled").message, "DMAR: IOMMU enabled");
        assert_eq!(log_message("[Mon Jan  1 00:00:00 2024] AMD-Vi: X").message, "AMD-Vi: X");
        assert_eq!(log_message("NVRM: probe failed").message, "NVRM: probe failed");
        assert_eq!(log_message("2024-05-01T10:00:00+0000 h kernel: [   0.5] x").uptime, Some(0.5));
    }

    #[test]
    fn prompts() {
        assert!(is_prompt("root@pve:~# dmesg | grep -e DMAR"));
        assert!(is_prompt("[root@rhel94 ~]# lspci"));
        assert!(!is_prompt("\tRegion 0: Memory at"));
    }
}
