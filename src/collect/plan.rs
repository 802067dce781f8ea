//! What `collect` reads: the host files follow from the scanner's own source table (so whatever the
//! collector writes, the scanner reads), and the commands are listed here with the snapshot path
//! their output goes to.

use crate::snapshot::sources::{Content, SOURCES};

/// When a command may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    Always,
    /// Only when the NVIDIA driver is already loaded (`/proc/driver/nvidia/version` exists):
    /// elsewhere nvidia-smi would load it through nvidia-modprobe, changing the host.
    NvidiaLoaded,
}

/// One command and where its output is stored.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// argv.
    pub argv: &'static [&'static str],
    /// Snapshot path of its standard output.
    pub output: &'static str,
    /// When it may run.
    pub gate: Gate,
    /// Keep the output even when the exit status is not 0 (systemctl exits 3 for an inactive unit).
    pub keep_on_failure: bool,
    /// Append standard error (systemctl says "could not be found" there).
    pub with_stderr: bool,
}

const fn cmd(argv: &'static [&'static str], output: &'static str, gate: Gate) -> CommandSpec {
    CommandSpec { argv, output, gate, keep_on_failure: false, with_stderr: false }
}

/// Every command, in the order they run. None of them changes the host: no MIG changes, no module
/// loads (nvidia-smi is gated), no daemon starts (no virsh, which may socket-activate libvirtd).
pub const COMMANDS: &[CommandSpec] = &[
    cmd(&["uname", "-a"], "sos_commands/kernel/uname_-a", Gate::Always),
    cmd(&["lspci", "-nnvv"], "sos_commands/pci/lspci_-nnvv", Gate::Always),
    cmd(&["lspci", "-tv"], "sos_commands/pci/lspci_-tv", Gate::Always),
    // The journal keeps the boot lines that the ring buffer may have rotated out.
    cmd(
        &["journalctl", "--no-pager", "-k", "-b", "0"],
        "sos_commands/logs/journalctl_--no-pager_-k_-b_0",
        Gate::Always,
    ),
    cmd(&["dmesg"], "sos_commands/kernel/dmesg", Gate::Always),
    cmd(&["nvidia-smi", "-q"], "sos_commands/nvidia/nvidia-smi_-q", Gate::NvidiaLoaded),
    cmd(&["nvidia-smi", "-q", "-x"], "sos_commands/nvidia/nvidia-smi_-q_-x", Gate::NvidiaLoaded),
    cmd(&["nvidia-smi", "topo", "-m"], "sos_commands/nvidia/nvidia-smi_topo_-m", Gate::NvidiaLoaded),
    // Lists GPUs and their MIG devices (UUIDs): the MIG layout when `mig -lgi` is not allowed.
    cmd(&["nvidia-smi", "--list-gpus"], "sos_commands/nvidia/nvidia-smi_--list-gpus", Gate::NvidiaLoaded),
    cmd(&["nvidia-smi", "mig", "-lgip"], "sos_commands/nvidia/nvidia-smi_mig_-lgip", Gate::NvidiaLoaded),
    cmd(&["nvidia-smi", "mig", "-lgipp"], "sos_commands/nvidia/nvidia-smi_mig_-lgipp", Gate::NvidiaLoaded),
    cmd(&["nvidia-smi", "mig", "-lgi"], "sos_commands/nvidia/nvidia-smi_mig_-lgi", Gate::NvidiaLoaded),
    cmd(&["nvidia-smi", "mig", "-lci"], "sos_commands/nvidia/nvidia-smi_mig_-lci", Gate::NvidiaLoaded),
    CommandSpec {
        argv: &["systemctl", "status", "--no-pager", "nvidia-fabricmanager"],
        output: "sos_commands/systemd/systemctl_status_nvidia-fabricmanager",
        gate: Gate::Always,
        keep_on_failure: true,
        with_stderr: true,
    },
    cmd(&["nv-fabricmanager", "--version"], "sos_commands/nvidia/nv-fabricmanager_--version", Gate::Always),
    cmd(&["qemu-system-x86_64", "--version"], "sos_commands/virt/qemu-system-x86_64_--version", Gate::Always),
    cmd(&["libvirtd", "--version"], "sos_commands/virt/libvirtd_--version", Gate::Always),
];

/// A host path pattern to read, and how.
#[derive(Debug, Clone, Copy)]
pub struct FilePattern {
    /// Relative to the host root, with `*` segments.
    pub pattern: &'static str,
    /// Contents, presence only, or a link target.
    pub content: Content,
    /// A directory whose presence matters even when empty.
    pub anchor: Option<&'static str>,
}

/// Top-level directories of a real root: other source patterns name sos or bug-report paths.
const HOST_DIRS: &[&str] = &["etc", "proc", "sys", "usr", "var", "boot", "lib"];

/// Every host file pattern the scanner knows, in source-table order.
pub fn file_patterns() -> Vec<FilePattern> {
    let mut out = Vec::new();
    for spec in SOURCES {
        for pattern in spec.patterns {
            let top = pattern.split('/').next().unwrap_or("");
            if HOST_DIRS.contains(&top) {
                out.push(FilePattern { pattern, content: spec.content, anchor: spec.anchor });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::sources::is_wanted;

    #[test]
    fn every_output_is_read_by_the_scanner() {
        for c in COMMANDS {
            assert!(is_wanted(c.output), "{} is not a source path", c.output);
        }
        let patterns = file_patterns();
        for p in [
            "proc/cmdline",
            "sys/kernel/iommu_groups/*/devices/*",
            "etc/libvirt/qemu/*.xml",
            "sys/bus/pci/devices/*/driver",
        ] {
            assert!(patterns.iter().any(|f| f.pattern == p), "{p}");
        }
        assert!(!patterns.iter().any(|f| f.pattern.starts_with("sos_commands")));
    }
}
