//! `gpu-preflight scan`: read snapshots, evaluate, apply waivers, report, gate.

use anyhow::{Context, Result, bail};

use super::args::ScanArgs;
use super::{ExitStatus, load_config, load_rules, output};
use crate::report::{self, FileDigest, GateOptions, HostReport, Unreadable};
use crate::rules::Severity;
use crate::snapshot::{Limits, Problem, ProblemCode, Snapshot};

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
    let now = output::now()?;
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let exceptions = match &args.waivers {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("{}: cannot read waivers", path.display()))?;
            let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
            let mut ex = crate::waivers::parse(&path.display().to_string(), &text, &ids).map_err(|d| {
                let d = crate::diag::Diagnostics(d);
                output::eprint(&d.render());
                anyhow::anyhow!("{d}")
            })?;
            if let Some(key_path) = &args.redaction_key {
                let key = super::collect_cmd::redaction_key(Some(key_path))?;
                ex.hash_hosts(&|name| key.host(name));
            }
            Some(ex)
        }
        None => None,
    };
    let mut used = vec![false; exceptions.as_ref().map_or(0, |e| e.waivers.len() + e.attestations.len())];
    let mut notes = Vec::new();
    let limits = Limits::default();
    let mut hosts: Vec<HostReport> = Vec::new();
    let mut unreadable = Vec::new();
    let live = args.live || args.snapshots.is_empty();
    let inputs: Vec<Option<&std::path::PathBuf>> =
        if live { vec![None] } else { args.snapshots.iter().map(Some).collect() };
    for input in inputs {
        let opened = match input {
            Some(path) => Snapshot::open(path, &limits),
            None => live_snapshot(args, &limits)?,
        };
        let path = input.cloned().unwrap_or_else(|| "live".into());
        match opened {
            Ok(snap) => {
                let facts = crate::facts::extract(&snap);
                let mut findings = crate::engine::evaluate(&plan, &facts);
                if let Some(ex) = &exceptions {
                    notes.extend(crate::waivers::apply(ex, &facts.host, &mut findings, today, &mut used));
                }
                let mut host = report::host_report(&snap, &facts, findings);
                if let Some(days) = args.max_age {
                    host.problems.extend(staleness(&snap, now, days));
                }
                hosts.push(host);
            }
            // One snapshot: stop with exit 2. Several: report it, fail the gate, scan the rest.
            Err(e) if args.snapshots.len() <= 1 => return Err(e.into()),
            Err(e) => unreadable.push(Unreadable { path: path.display().to_string(), error: e.to_string() }),
        }
    }
    if let Some(ex) = &exceptions {
        notes.extend(crate::waivers::unused(ex, &used));
    }
    let mut report = report::build(
        &rules,
        &plan,
        hosts,
        unreadable,
        GateOptions { fail_on, fail_on_unknown: args.fail_on_unknown },
        now.to_string(),
    );
    report.waiver_notes = notes;
    report.digests.waivers_file =
        exceptions.as_ref().map(|e| FileDigest { path: e.path.clone(), sha256: e.sha256.clone() });
    report.gate = report::decide(&report);
    let to_file = args.output.is_some() || args.output_dir.is_some();
    let options = output::options(&args.render, output::color(args.color, to_file), args.verbose);
    output::write(
        &report,
        &formats,
        args.output.as_deref(),
        args.output_dir.as_deref(),
        &options,
        args.render.sign.as_deref(),
    )?;
    Ok(if report.gate.passed { ExitStatus::Success } else { ExitStatus::GateFailed })
}

/// Collects this host in memory, exactly as `collect` would, and opens it as a snapshot.
fn live_snapshot(args: &ScanArgs, limits: &Limits) -> Result<Result<Snapshot, crate::snapshot::SnapshotError>> {
    let opts = super::collect_cmd::options(args.root.clone(), args.timeout, None, true)?;
    let collected = crate::collect::collect(&opts);
    let tree = collected.into_tree();
    Ok(Snapshot::from_tree(&tree, "live".into(), crate::snapshot::Format::Live, limits))
}

/// A problem when the snapshot is older than `days`, or when its age cannot be known.
fn staleness(snap: &Snapshot, now: jiff::Timestamp, days: u32) -> Option<Problem> {
    let collected = snap.manifest.as_ref().and_then(|m| m.collected_at.parse::<jiff::Timestamp>().ok());
    let message = match collected {
        // More than a day ahead of this clock: one of the two clocks is wrong, so the age is unknown.
        Some(t) if now.duration_since(t).as_secs() < -86_400 => {
            format!(
                "collected {t}, which is in the future of this scan ({now}): check the clocks; --max-age {days} cannot be satisfied"
            )
        }
        Some(t) => {
            let age = now.duration_since(t).as_secs() / 86_400;
            if age <= i64::from(days) {
                return None;
            }
            format!("collected {t}, {age} days ago: older than --max-age {days} (stale evidence)")
        }
        None => format!("collection time unknown (no gpu-preflight manifest), so --max-age {days} cannot be satisfied"),
    };
    Some(Problem { code: ProblemCode::Stale, source: None, path: None, message })
}
