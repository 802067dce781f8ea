//! Running one read-only command on the host, safely.
//!
//! Each command runs in its own process group with stdin closed, `LC_ALL=C` and no pager, a
//! wall-clock timeout and an output cap. On timeout (or when the output passes the cap) the whole
//! group gets SIGKILL; a process that still does not exit (stuck in the kernel, `D` state) is
//! abandoned, never waited on, so one bad driver cannot hang a collection. A missing program or a
//! permission error is an outcome, not an error.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How a command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// It exited with this status.
    Exited(i32),
    /// A signal ended it (not ours).
    Signalled,
    /// It ran past the timeout and its group was killed.
    TimedOut,
    /// Its output passed the cap and its group was killed.
    OutputCut,
    /// It could not be started (not installed, not executable).
    NotStarted(String),
}

/// The result of one command.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Standard output (at most the cap).
    pub stdout: Vec<u8>,
    /// Standard error (at most 64 KiB).
    pub stderr: Vec<u8>,
    /// How it ended.
    pub ending: Ending,
    /// Wall time.
    pub duration: Duration,
}

impl Outcome {
    /// Exit status when it exited.
    pub fn status(&self) -> Option<i32> {
        match self.ending {
            Ending::Exited(code) => Some(code),
            _ => None,
        }
    }

    /// What went wrong, in words, if anything did.
    pub fn problem(&self, timeout: Duration, cap: u64) -> Option<String> {
        match &self.ending {
            Ending::Exited(0) => None,
            Ending::Exited(code) => {
                let err = String::from_utf8_lossy(&self.stderr);
                let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
                Some(if first.is_empty() {
                    format!("exit status {code}")
                } else {
                    format!("exit status {code}: {}", first.chars().take(200).collect::<String>())
                })
            }
            Ending::Signalled => Some("ended by a signal".into()),
            Ending::TimedOut => Some(format!("timed out after {} s; its process group was killed", timeout.as_secs())),
            Ending::OutputCut => Some(format!("output passed {cap} bytes; kept the first {cap}")),
            Ending::NotStarted(why) => Some(why.clone()),
        }
    }
}

const STDERR_CAP: u64 = 64 * 1024;

/// Reads a pipe up to `cap` bytes on a thread; reports the bytes and whether there was more.
fn reader(mut pipe: impl Read + Send + 'static, cap: u64) -> mpsc::Receiver<(Vec<u8>, bool)> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut data = Vec::new();
        let more = match (&mut pipe).take(cap.saturating_add(1)).read_to_end(&mut data) {
            Ok(_) => data.len() as u64 > cap,
            Err(_) => false,
        };
        data.truncate(cap as usize);
        // The receiver may have given up on us already.
        let _ = tx.send((data, more));
    });
    rx
}

fn kill_group(child: &Child) {
    // The child leads its own process group (`process_group(0)`), so its pid names the group.
    if let Some(pid) = i32::try_from(child.id()).ok().and_then(rustix::process::Pid::from_raw) {
        // Already gone is fine.
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// Runs `argv` (found on `PATH`) with a timeout and an output cap.
pub fn run(argv: &[&str], timeout: Duration, cap: u64) -> Outcome {
    let started = Instant::now();
    let not_started = |why: String| Outcome {
        stdout: Vec::new(),
        stderr: Vec::new(),
        ending: Ending::NotStarted(why),
        duration: started.elapsed(),
    };
    let Some((program, args)) = argv.split_first() else { return not_started("empty command".into()) };
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("LC_ALL", "C")
        .env("PAGER", "cat")
        .env("SYSTEMD_PAGER", "")
        .env("SYSTEMD_COLORS", "0")
        .process_group(0);
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return not_started(format!("`{program}` is not installed"));
        }
        Err(e) => return not_started(format!("`{program}` could not start: {e}")),
    };
    let out_rx = child.stdout.take().map(|p| reader(p, cap));
    let err_rx = child.stderr.take().map(|p| reader(p, STDERR_CAP));
    let deadline = started + timeout;
    let mut ending = None;
    let mut stdout: Option<(Vec<u8>, bool)> = None;
    while ending.is_none() {
        if let Some(rx) = &out_rx
            && stdout.is_none()
            && let Ok(got) = rx.try_recv()
        {
            if got.1 {
                kill_group(&child);
                ending = Some(Ending::OutputCut);
            }
            stdout = Some(got);
        }
        match child.try_wait() {
            Ok(Some(status)) => {
                ending.get_or_insert(status.code().map_or(Ending::Signalled, Ending::Exited));
            }
            Ok(None) if Instant::now() >= deadline => {
                kill_group(&child);
                ending = Some(Ending::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => ending = Some(Ending::Signalled),
        }
    }
    // Reap the child if it dies within a moment; otherwise abandon it (stuck in the kernel).
    let grace = Instant::now() + Duration::from_millis(500);
    while Instant::now() < grace {
        if !matches!(child.try_wait(), Ok(None)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wait = |rx: Option<mpsc::Receiver<(Vec<u8>, bool)>>| {
        rx.and_then(|rx| rx.recv_timeout(Duration::from_millis(500)).ok()).map(|(d, _)| d).unwrap_or_default()
    };
    let stdout = match stdout {
        Some((d, _)) => d,
        None => wait(out_rx),
    };
    Outcome { stdout, stderr: wait(err_rx), ending: ending.unwrap_or(Ending::Signalled), duration: started.elapsed() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_status_and_missing_programs() {
        let o = run(&["sh", "-c", "echo hello; echo oops >&2; exit 3"], Duration::from_secs(5), 1024);
        assert_eq!(o.stdout, b"hello\n");
        assert_eq!(o.status(), Some(3));
        assert!(o.problem(Duration::from_secs(5), 1024).unwrap_or_default().contains("oops"));
        let o = run(&["gpu-preflight-no-such-program"], Duration::from_secs(5), 1024);
        assert!(matches!(o.ending, Ending::NotStarted(ref w) if w.contains("not installed")));
    }

    #[test]
    fn hanging_command_and_its_children_are_killed() {
        let t = Instant::now();
        let o = run(&["sh", "-c", "sleep 30 & sleep 30; echo never"], Duration::from_millis(300), 1024);
        assert_eq!(o.ending, Ending::TimedOut);
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }

    #[test]
    fn endless_output_is_cut() {
        let o = run(&["sh", "-c", "yes"], Duration::from_secs(10), 4096);
        assert_eq!(o.ending, Ending::OutputCut);
        assert_eq!(o.stdout.len(), 4096);
    }
}
