//! `gpu-preflight scan`: read snapshots (or this host), evaluate, apply waivers, report, gate.
//!
//! A fleet directory is expanded into its snapshots, which are evaluated in parallel in batches;
//! each finished host goes straight to the renderers (in input order) and its facts are dropped,
//! so memory stays flat however many hosts there are.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::ScanArgs;
use super::output::Outputs;
use super::{ExitStatus, load_plan, output};
use crate::report::baseline::Baseline;
use crate::report::fleet::Accumulator;
use crate::report::{self, FileDigest, GateOptions, HostReport, Unreadable};
use crate::rules::Severity;
use crate::snapshot::{Limits, Problem, ProblemCode, Snapshot, SnapshotError, discover};

/// Runs `scan`.
pub(crate) fn run(args: &ScanArgs) -> Result<ExitStatus> {
    let formats = output::formats(&args.render.format)?;
    let (rules, plan) = load_plan(&args.rules)?;
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
    let gate = GateOptions { fail_on, fail_on_unknown: args.fail_on_unknown };
    let mut header = report::header(&rules, &plan, gate, now.to_string());
    header.digests.waivers_file =
        exceptions.as_ref().map(|e| FileDigest { path: e.path.clone(), sha256: e.sha256.clone() });
    let baseline = match &args.baseline {
        Some(path) => {
            let saved = super::report_cmd::read(path)?;
            let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            header.digests.baseline_file =
                Some(FileDigest { path: path.display().to_string(), sha256: crate::snapshot::sha256_hex(&bytes) });
            Some(Baseline::of(&saved))
        }
        None => None,
    };
    let live = args.live || args.snapshots.is_empty();
    let inputs: Vec<Option<PathBuf>> =
        if live { vec![None] } else { discover::expand(&args.snapshots).into_iter().map(Some).collect() };
    let single = inputs.len() == 1;
    let mut options = output::options(&args.render);
    options.hosts_expected = inputs.len();
    let ctx = Context { plan: &plan, exceptions: exceptions.as_ref(), baseline: baseline.as_ref(), today, now, args };
    let progress = if inputs.len() > 1 && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} snapshots, {per_sec}, {eta} left") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut acc = Accumulator::for_report(&header);
    let mut outputs: Option<Outputs> = None;
    let mut used = vec![false; exceptions.as_ref().map_or(0, |e| e.waivers.len() + e.attestations.len())];
    let mut notes = Vec::new();
    let mut unreadable = Vec::new();
    let chunk = (rayon::current_num_threads() * 8).max(16);
    for batch in inputs.chunks(chunk) {
        let results: Vec<Result<Scanned, SnapshotError>> =
            batch.par_iter().map(|input| scan_one(input.as_deref(), &ctx)).collect::<Result<_>>()?;
        for (input, result) in batch.iter().zip(results) {
            progress.inc(1);
            match result {
                Ok(one) => {
                    let out = match &mut outputs {
                        Some(o) => o,
                        None => outputs.insert(Outputs::open(&header, &formats, &args.render, &options)?),
                    };
                    acc.add(&one.host);
                    out.host(&one.host)?;
                    for (u, was) in used.iter_mut().zip(one.used) {
                        *u |= was;
                    }
                    notes.extend(one.notes);
                }
                // One snapshot: stop with exit 2. Several: report it, fail the gate, scan the rest.
                Err(e) if single => return Err(e.into()),
                Err(e) => {
                    let path = input.as_ref().map_or_else(|| "live".to_string(), |p| p.display().to_string());
                    unreadable.push(Unreadable { path, error: e.to_string() });
                }
            }
        }
    }
    progress.finish_and_clear();
    if let Some(ex) = &exceptions {
        notes.extend(crate::waivers::unused(ex, &used));
    }
    let footer = acc.finish(unreadable, notes);
    let passed = footer.gate.passed;
    let outputs = match outputs {
        Some(o) => o,
        None => Outputs::open(&header, &formats, &args.render, &options)?,
    };
    outputs.finish(&footer)?;
    Ok(if passed { ExitStatus::Success } else { ExitStatus::GateFailed })
}

/// What every snapshot's evaluation shares.
struct Context<'a> {
    plan: &'a crate::rules::Plan,
    exceptions: Option<&'a crate::waivers::Exceptions>,
    baseline: Option<&'a Baseline>,
    today: jiff::civil::Date,
    now: jiff::Timestamp,
    args: &'a ScanArgs,
}

/// One evaluated snapshot: its report (the facts are already dropped), which waivers it used,
/// and waiver notes.
struct Scanned {
    host: HostReport,
    used: Vec<bool>,
    notes: Vec<crate::report::WaiverNote>,
}

/// Opens, extracts, evaluates and reports one snapshot (`None`: this host, live). The outer
/// error is fatal (the live collection could not start); the inner one is this snapshot's.
fn scan_one(input: Option<&std::path::Path>, ctx: &Context<'_>) -> Result<Result<Scanned, SnapshotError>> {
    let limits = Limits::default();
    let opened = match input {
        Some(path) => Snapshot::open(path, &limits),
        None => live_snapshot(ctx.args, &limits)?,
    };
    Ok(opened.map(|snap| {
        let facts = crate::facts::extract(&snap);
        let mut findings = crate::engine::evaluate(ctx.plan, &facts);
        let mut used = vec![false; ctx.exceptions.map_or(0, |e| e.waivers.len() + e.attestations.len())];
        let notes = match ctx.exceptions {
            Some(ex) => crate::waivers::apply(ex, &facts.host, &mut findings, ctx.today, &mut used),
            None => Vec::new(),
        };
        let mut host = report::host_report(&snap, &facts, findings);
        if let Some(b) = ctx.baseline {
            b.mark(&mut host);
        }
        if let Some(days) = ctx.args.max_age {
            host.problems.extend(staleness(&snap, ctx.now, days));
        }
        Scanned { host, used, notes }
    }))
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
