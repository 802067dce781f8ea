//! The command line: argument parsing ([`args`]), one module per command, output files and
//! exit codes. This is the binary's edge: `anyhow` is used here and nowhere below.
//!
//! Exit codes: 0 gate passed, 1 gate failed, 2 usage or input error (printed as one line naming
//! the file, and for rule files every diagnostic with its code frame first).

pub mod args;
mod collect_cmd;
mod diff_cmd;
mod facts_cmd;
mod output;
mod report_cmd;
mod rules_cmd;
mod scan;

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use clap::Parser;

use crate::rules::{RuleSet, Settings};

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The gate passed, or the command succeeded.
    Success,
    /// The gate failed.
    GateFailed,
    /// Bad usage or unreadable input.
    InputError,
}

impl ExitStatus {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::GateFailed => 1,
            ExitStatus::InputError => 2,
        }
    }
}

/// Runs the command line. Usage errors exit through clap (code 2); everything else returns.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitStatus> {
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { ExitStatus::InputError } else { ExitStatus::Success };
            e.print().ok();
            return Ok(code);
        }
    };
    match cli.command {
        args::Command::Scan(a) => scan::run(&a),
        args::Command::Diff(a) => diff_cmd::run(&a),
        args::Command::Collect(a) => collect_cmd::run(&a),
        args::Command::Verify(a) => collect_cmd::verify(&a),
        args::Command::Facts(a) => facts_cmd::run(&a),
        args::Command::Rules(c) => rules_cmd::run(c),
        args::Command::Report(a) => report_cmd::run(&a),
        args::Command::VerifyReport { file, key } => {
            let data = std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
            let sig_path = crate::sign::sig_path(&file);
            let sig = std::fs::read_to_string(&sig_path)
                .with_context(|| format!("{}: cannot read the signature", sig_path.display()))?;
            match crate::sign::verify(&key, &data, &sig, &file.display().to_string()) {
                Ok(()) => {
                    output::print(&format!("{}: signature valid ({})\n", file.display(), key.display()))?;
                    Ok(ExitStatus::Success)
                }
                Err(e @ crate::sign::SignError::Mismatch { .. }) => {
                    output::print(&format!("{e}\n"))?;
                    Ok(ExitStatus::GateFailed)
                }
                Err(e) => Err(e.into()),
            }
        }
        args::Command::Keygen { out } => {
            crate::sign::keygen(&out)?;
            output::print(&format!("wrote {} (secret, keep it safe) and its .pub\n", out.display()))?;
            Ok(ExitStatus::Success)
        }
    }
}

/// The error as one line: the outermost context, then the causes.
pub fn one_line(err: &anyhow::Error) -> String {
    // Causes whose text a message already includes (`{source}` in a thiserror message) are not repeated.
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain().map(ToString::to_string) {
        if !parts.last().is_some_and(|p| p.contains(&cause)) {
            parts.push(cause);
        }
    }
    crate::diag::one_line(&parts.join(": "))
}

/// Loads the rule pack, printing every diagnostic (with code frames) before failing.
pub(crate) fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet> {
    let dirs: Vec<&std::path::Path> = dirs.iter().map(PathBuf::as_path).collect();
    RuleSet::load(&dirs).map_err(|d| {
        output::eprint(&d.render());
        anyhow!("{d}")
    })
}

/// Loads the rule pack, the config file and builds the plan for the selected profile.
pub(crate) fn load_plan(args: &args::RuleArgs) -> Result<(RuleSet, crate::rules::Plan)> {
    let rules = load_rules(&args.rules)?;
    let config = load_config(args.config.as_ref())?;
    let plan = rules.plan(args.profile.as_deref(), config.as_ref()).map_err(|d| {
        output::eprint(&d.render());
        anyhow!("{d}")
    })?;
    Ok((rules, plan))
}

/// Loads a `--config` file.
pub(crate) fn load_config(path: Option<&PathBuf>) -> Result<Option<Settings>> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read config", path.display()))?;
    crate::rules::profile::parse(&path.display().to_string(), &text, true).map(Some).map_err(|d| {
        let d = crate::diag::Diagnostics(d);
        output::eprint(&d.render());
        anyhow!("{d}")
    })
}
