//! The `gpu-preflight` binary: a thin shell over [`gpu_preflight::cli::run`].
//!
//! It parses nothing itself and decides nothing: `cli::run` returns an exit status, and
//! errors are printed here as one line each (what, where), with exit code 2.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match gpu_preflight::cli::run(std::env::args_os()) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            // A closed pipe (`gpu-preflight scan … | head`) is not an error.
            if err.chain().any(|cause| {
                cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            writeln!(stderr, "gpu-preflight: error: {}", gpu_preflight::cli::one_line(&err)).ok();
            ExitCode::from(gpu_preflight::cli::ExitStatus::InputError.code())
        }
    }
}
