//! `collect`: a read-only snapshot of the running host, in the layout the scanner reads.
//!
//! It reads the host files the scanner's source table names (under `--root`, `/` by default),
//! runs the commands in [`plan::COMMANDS`] with timeouts, optionally redacts identifiers, and
//! writes a manifest with every file's size and SHA-256, every command's argv, exit status and
//! duration, and everything that could not be collected and why. Nothing on the host changes:
//! files are only opened for reading, and the output goes only where the user points it (or stays
//! in memory for `scan --live`).

pub mod command;
pub mod host;
pub mod plan;
pub mod redact;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use crate::snapshot::manifest::{FORMAT_VERSION, Manifest, ManifestCommand, ManifestFile, NotCollected, ToolInfo};
use crate::snapshot::sha256_hex;

/// How to collect.
#[derive(Debug, Clone)]
pub struct Options {
    /// The host root (`/`; a directory laid out like one in tests).
    pub root: PathBuf,
    /// Per-command wall-clock limit.
    pub timeout: Duration,
    /// Per-command output cap, bytes.
    pub output_cap: u64,
    /// Per-file read cap, bytes.
    pub file_cap: u64,
    /// Redact identifiers with this key.
    pub redact: Option<redact::Key>,
    /// Show a progress line on standard error (only when it is a terminal).
    pub progress: bool,
    /// Collection time (RFC 3339).
    pub now: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            root: PathBuf::from("/"),
            timeout: Duration::from_secs(20),
            output_cap: 64 * 1024 * 1024,
            file_cap: crate::snapshot::Limits::default().max_file_bytes,
            redact: None,
            progress: false,
            now: String::new(),
        }
    }
}

/// A finished collection, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct Collected {
    /// Files by snapshot path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Directories that exist even when empty.
    pub dirs: BTreeSet<String>,
    /// The manifest (its `files` list matches `files`).
    pub manifest: Manifest,
}

struct Progress {
    on: bool,
    total: usize,
    done: usize,
}

impl Progress {
    fn step(&mut self, what: &str) {
        self.done += 1;
        if self.on {
            let line: String = what.chars().take(60).collect();
            progress_line(&format!("\rcollecting [{}/{}] {line:<60}", self.done, self.total));
        }
    }

    fn finish(&self) {
        if self.on {
            progress_line(&format!("\r{:<80}\r", ""));
        }
    }
}

fn progress_line(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    // A progress line that cannot be shown is not worth failing over.
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Reads one pattern on a helper thread: a read stuck in the kernel (a hung NFS or FUSE mount,
/// Proxmox's /etc/pve without its daemon) is abandoned after the command timeout, like a command.
fn read_with_timeout(opts: &Options, p: plan::FilePattern) -> Option<host::PatternRead> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (root, cap) = (opts.root.clone(), opts.file_cap);
    std::thread::spawn(move || {
        // The receiver may have given up already.
        let _ = tx.send(host::read_pattern(&root, &p, cap));
    });
    rx.recv_timeout(opts.timeout).ok()
}

fn euid_is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Collects the host.
pub fn collect(opts: &Options) -> Collected {
    let patterns = plan::file_patterns();
    let mut progress = Progress {
        on: opts.progress && std::io::stderr().is_terminal(),
        total: patterns.len() + plan::COMMANDS.len(),
        done: 0,
    };
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut dirs = BTreeSet::new();
    let mut not_collected = Vec::new();
    for p in &patterns {
        progress.step(p.pattern);
        let Some(got) = read_with_timeout(opts, *p) else {
            not_collected.push(NotCollected {
                what: p.pattern.to_string(),
                reason: format!(
                    "reading did not finish in {} s (a hung file system such as a stuck FUSE mount?); abandoned",
                    opts.timeout.as_secs()
                ),
            });
            continue;
        };
        dirs.extend(got.dirs);
        for (path, reason) in got.failed {
            not_collected.push(NotCollected { what: path, reason });
        }
        for path in got.cut {
            not_collected.push(NotCollected {
                what: path,
                reason: format!("larger than {} bytes; kept the first {}", opts.file_cap, opts.file_cap),
            });
        }
        for (path, data) in got.files {
            files.entry(path).or_insert(data);
        }
    }
    let nvidia_loaded = opts.root.join("proc/driver/nvidia/version").exists();
    let mut commands = Vec::new();
    for c in plan::COMMANDS {
        progress.step(&c.argv.join(" "));
        if c.gate == plan::Gate::NvidiaLoaded && !nvidia_loaded {
            not_collected.push(NotCollected {
                what: c.argv.join(" "),
                reason: "the NVIDIA driver is not loaded (no /proc/driver/nvidia/version); nvidia-smi would load it"
                    .into(),
            });
            continue;
        }
        let outcome = command::run(c.argv, opts.timeout, opts.output_cap);
        let problem = outcome.problem(opts.timeout, opts.output_cap);
        let succeeded = outcome.status() == Some(0) || matches!(outcome.ending, command::Ending::OutputCut);
        let mut output = outcome.stdout.clone();
        if c.with_stderr {
            output.extend_from_slice(&outcome.stderr);
        }
        // journalctl says `-- No entries --` when it has nothing; that is no output (dmesg is next).
        let has_content =
            String::from_utf8_lossy(&output).lines().any(|l| !l.trim().is_empty() && !l.starts_with("-- "));
        let keep = has_content && (succeeded || (c.keep_on_failure && outcome.status().is_some()));
        if keep {
            files.insert(c.output.to_string(), output);
        } else {
            let why = problem.clone().unwrap_or_else(|| "no output".into());
            not_collected.push(NotCollected { what: c.argv.join(" "), reason: why });
        }
        commands.push(ManifestCommand {
            argv: c.argv.iter().map(|a| (*a).to_string()).collect(),
            exit_status: outcome.status(),
            duration_ms: u64::try_from(outcome.duration.as_millis()).unwrap_or(u64::MAX),
            output: keep.then(|| c.output.to_string()),
            error: problem,
        });
    }
    progress.finish();

    let host_name = ["etc/hostname", "proc/sys/kernel/hostname"]
        .iter()
        .filter_map(|p| files.get(*p))
        .map(|d| String::from_utf8_lossy(d).trim().to_string())
        .find(|n| !n.is_empty())
        .or_else(|| {
            files
                .get("sos_commands/kernel/uname_-a")
                .and_then(|u| String::from_utf8_lossy(u).split_whitespace().nth(1).map(str::to_string))
        })
        .unwrap_or_else(|| "unknown-host".to_string());
    let mut host = host_name.clone();
    if let Some(key) = &opts.redact {
        let mut names = vec![host_name.clone()];
        if let Some(u) = files.get("sos_commands/kernel/uname_-a")
            && let Some(n) = String::from_utf8_lossy(u).split_whitespace().nth(1)
        {
            names.push(n.to_string());
        }
        let ids = redact::redact_all(key, &mut files, &names);
        host = key.host(&host_name);
        // Error texts (first stderr lines, paths) can name the host too.
        let clean = |text: &str| String::from_utf8_lossy(&redact::redact(key, &ids, text.as_bytes())).into_owned();
        for nc in &mut not_collected {
            nc.reason = clean(&nc.reason);
            nc.what = clean(&nc.what);
        }
        for c in &mut commands {
            c.error = c.error.as_deref().map(clean);
        }
    }
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        tool: ToolInfo { name: env!("CARGO_PKG_NAME").into(), version: env!("CARGO_PKG_VERSION").into() },
        collected_at: opts.now.clone(),
        host,
        redacted: opts.redact.is_some(),
        root: euid_is_root(),
        files: files
            .iter()
            .map(|(path, data)| ManifestFile {
                path: path.clone(),
                size: data.len() as u64,
                sha256: sha256_hex(data),
                link: None,
            })
            .collect(),
        commands,
        not_collected,
    };
    Collected { files, dirs, manifest }
}
