//! `nvidia-bug-report.log(.gz)` as a snapshot.
//!
//! nvidia-bug-report.sh writes one text stream of sections separated by a line of 44
//! underscores. A file section starts with `*** /path` and an `*** ls:` metadata line; a
//! command section starts with the command line itself (`/usr/bin/lspci -nnDvvvxxxx`,
//! `dmesg:`), and the nvidia-smi section holds several commands one after another. Each section
//! becomes a virtual file at the path the source table expects, remembering the real line where
//! it starts, so evidence points at the log's own line numbers.

use std::collections::BTreeMap;
use std::io::Read;

use super::archive::Guard;
use super::tree::MemTree;
use super::{Format, Limits, Origin, Snapshot, SnapshotError};

const SEPARATOR: &str = "____________________________________________";

/// True when the start of a file looks like a bug-report log.
pub fn looks_like(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    text.starts_with(SEPARATOR) && text.contains("NVIDIA bug report") || text.contains("nvidia-bug-report.sh")
}

/// Reads a whole log (bounded) and opens it as a snapshot.
pub(crate) fn open<R: Read>(
    mut reader: R,
    mut guard: Guard,
    display: String,
    limits: &Limits,
) -> Result<Snapshot, SnapshotError> {
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| SnapshotError::Corrupt { path: display.clone(), detail: e.to_string() })?;
        if n == 0 {
            break;
        }
        guard.add(n as u64)?;
        bytes.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&bytes);
    let file_name = std::path::Path::new(&display)
        .file_name()
        .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
    let (tree, origins) = split(&text, &file_name);
    let mut snap = Snapshot::from_tree(&tree, display, Format::BugReport, limits)?;
    snap.set_origins(&origins);
    Ok(snap)
}

/// Splits a log into virtual files and their origins.
pub fn split(text: &str, file_name: &str) -> (MemTree, BTreeMap<String, Origin>) {
    let mut tree = MemTree::default();
    let mut origins = BTreeMap::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    while start < lines.len() {
        let end = lines[start..].iter().position(|l| l.trim_end() == SEPARATOR).map_or(lines.len(), |p| start + p);
        section(&lines, start, end, &mut tree, &mut origins, file_name);
        start = end + 1;
    }
    (tree, origins)
}

fn section(
    lines: &[&str],
    start: usize,
    end: usize,
    tree: &mut MemTree,
    origins: &mut BTreeMap<String, Origin>,
    file_name: &str,
) {
    let Some(h) = (start..end).find(|&i| !lines[i].trim().is_empty()) else { return };
    let header = lines[h].trim();
    // The prologue names the host in its `uname: Linux HOST …` line.
    if let Some(i) = (h..end).find(|&i| lines[i].starts_with("uname: ")) {
        tree.add_file("sos_commands/kernel/uname_-a", format!("{}\n", &lines[i]["uname: ".len()..]));
        origins.insert(
            "sos_commands/kernel/uname_-a".to_string(),
            Origin { file: file_name.to_string(), line_offset: i as u32 },
        );
    }
    if let Some(rest) = header.strip_prefix("*** ") {
        if rest.ends_with(" does not exist") || rest.ends_with(" is not readable") || rest.starts_with("ls:") {
            return;
        }
        let mut body = h + 1;
        if body < end && lines[body].starts_with("*** ls:") {
            body += 1;
        }
        let path = rest.trim().trim_start_matches('/').to_string();
        add(tree, origins, file_name, &path, lines, body, end);
        return;
    }
    // A command section; nvidia-smi's holds several commands in a row.
    let mut cmd_start = h;
    let mut i = h + 1;
    while i <= end {
        let next_cmd = i < end && i > cmd_start && is_smi_command(lines[i]);
        if i == end || next_cmd {
            if let Some(path) = command_path(lines[cmd_start].trim()) {
                add(tree, origins, file_name, path, lines, cmd_start + 1, i);
            }
            cmd_start = i;
        }
        i += 1;
    }
}

fn is_smi_command(line: &str) -> bool {
    !line.starts_with(' ') && line.split_whitespace().next().is_some_and(|w| w.ends_with("nvidia-smi"))
}

/// Maps a command header to the virtual path the source table knows.
fn command_path(header: &str) -> Option<&'static str> {
    let words: Vec<&str> = header.split_whitespace().collect();
    let program = words.first()?.rsplit('/').next()?;
    let args = &words[1..];
    match (program, args) {
        ("lspci", [a]) if a.starts_with("-nnDvvv") => Some("sos_commands/pci/lspci_-nnDvvvxxxx"),
        ("lspci", ["-nntv"]) => Some("sos_commands/pci/lspci_-nntv"),
        ("nvidia-smi", ["--query"]) => Some("sos_commands/nvidia/nvidia-smi_--query"),
        ("numactl", ["-H"]) => Some("sos_commands/numa/numactl_-H"),
        ("dmesg:", []) => Some("sos_commands/kernel/dmesg"),
        ("dmidecode", []) => Some("sos_commands/hardware/dmidecode"),
        ("systemctl", ["status", unit]) if unit.starts_with("nvidia-fabricmanager") => {
            Some("sos_commands/systemd/systemctl_status_nvidia-fabricmanager")
        }
        _ => None,
    }
}

fn add(
    tree: &mut MemTree,
    origins: &mut BTreeMap<String, Origin>,
    file_name: &str,
    path: &str,
    lines: &[&str],
    mut body: usize,
    mut end: usize,
) {
    while body < end && lines[body].trim().is_empty() {
        body += 1;
    }
    while end > body && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    if path.is_empty() || path.split('/').any(|p| p == "..") {
        return;
    }
    let mut content = lines[body..end].join("\n");
    content.push('\n');
    tree.add_file(path, content);
    origins.insert(path.to_string(), Origin { file: file_name.to_string(), line_offset: body as u32 });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::tree::Tree;

    const LOG: &str = "____________________________________________

Start of NVIDIA bug report log file.  Please include this file, along
nvidia-bug-report.sh Version: 37062940

____________________________________________

*** /proc/cmdline
*** ls: -r--r--r-- 1 root root 0 2025-01-01 /proc/cmdline
BOOT_IMAGE=/vmlinuz intel_iommu=on iommu=pt

____________________________________________

/usr/bin/nvidia-smi --query

==============NVSMI LOG==============
Driver Version                            : 550.90.07

/usr/bin/nvidia-smi --query --unit

HIC Info                                  : N/A

____________________________________________

*** /proc/iomem does not exist
";

    #[test]
    fn splits_file_and_command_sections() {
        let (tree, origins) = split(LOG, "nvidia-bug-report.log.gz");
        let c = tree.read("proc/cmdline", 1000).expect("cmdline");
        assert_eq!(&*c.data, b"BOOT_IMAGE=/vmlinuz intel_iommu=on iommu=pt\n");
        assert_eq!(origins["proc/cmdline"].line_offset, 9, "line 1 of the section is line 10 of the log");
        let smi = tree.read("sos_commands/nvidia/nvidia-smi_--query", 1000).expect("smi");
        let smi = String::from_utf8_lossy(&smi.data).into_owned();
        assert!(smi.contains("550.90.07"));
        assert!(!smi.contains("HIC Info"), "the --unit output is a different command");
        assert!(tree.read("proc/iomem", 10).is_err());
        assert!(looks_like(LOG.as_bytes()));
    }
}
