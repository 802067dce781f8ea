//! `gpu-preflight scan`: read snapshots, evaluate, report, gate.

use anyhow::{Result, bail};

use super::args::ScanArgs;
use super::{ExitStatus, load_config, load_rules, output};
use crate::report::render::Options;
use crate::report::{self, GateOptions, Unreadable};
use crate::rules::Severity;
use crate::snapshot::{Limits, Snapshot};

/// Runs `scan`.
pub(crate) fn run(args: &ScanArgs) -> Result<ExitStatus> {
    let formats = output::formats(&args.format)?;
    let rules = load_rules(&args.rules.rules)?;
    let config = load_config(args.rules.config.as_ref())?;
    let plan = rules.plan(args.rules.profile.as_deref(), config.as_ref()).map_err(|d| {
        output::eprint(&d.render());
        anyhow::anyhow!("{d}")
    })?;
    let fail_on = match &args.fail_on {
        Some(s) => match Severity::parse(s) {
            Some(s) => s,
            None => bail!("--fail-on: unknown severity `{s}` (info, low, medium, high, critical)"),
        },
        None => plan.fail_on.unwrap_or(Severity::High),
    };
    let limits = Limits::default();
    let mut hosts = Vec::new();
    let mut unreadable = Vec::new();
    for path in &args.snapshots {
        match Snapshot::open(path, &limits) {
            Ok(snap) => {
                let facts = crate::facts::extract(&snap);
                let findings = crate::engine::evaluate(&plan, &facts);
                hosts.push(report::host_report(&snap, &facts, findings));
            }
            // One snapshot: stop with exit 2. Several: report it, fail the gate, scan the rest.
            Err(e) if args.snapshots.len() == 1 => return Err(e.into()),
            Err(e) => unreadable.push(Unreadable { path: path.display().to_string(), error: e.to_string() }),
        }
    }
    let scanned_at = jiff::Timestamp::now().to_string();
    let report = report::build(
        &rules,
        &plan,
        hosts,
        unreadable,
        GateOptions { fail_on, fail_on_unknown: args.fail_on_unknown },
        scanned_at,
    );
    let to_file = args.output.is_some() || args.output_dir.is_some();
    let options = Options { color: output::color(args.color, to_file), verbose: args.verbose, ..Options::default() };
    output::write(&report, &formats, args.output.as_deref(), args.output_dir.as_deref(), &options)?;
    Ok(if report.gate.passed { ExitStatus::Success } else { ExitStatus::GateFailed })
}
