//! `gpu-preflight diff OLD NEW`: two snapshots (or fleet directories) or two saved JSON results.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};

use super::args::DiffArgs;
use super::{ExitStatus, load_plan, output};
use crate::diff::{self, Diff, FindingChange, Side};
use crate::report::render::markdown::escape;
use crate::report::render::status::terminal_safe;
use crate::report::{self, GateOptions};
use crate::rules::{Plan, RuleSet, Severity};
use crate::snapshot::{Limits, Snapshot, discover};

fn is_result(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e == "json")
}

fn side(path: &Path, rules: &RuleSet, plan: &Plan, now: &str) -> Result<Side> {
    if is_result(path) {
        return Ok(Side { report: super::report_cmd::read(path)?, facts: None });
    }
    let mut hosts = Vec::new();
    let mut facts = BTreeMap::new();
    for p in discover::expand(&[path.to_path_buf()]) {
        let snap = Snapshot::open(&p, &Limits::default())?;
        let f = crate::facts::extract(&snap);
        let findings = crate::engine::evaluate(plan, &f);
        let host = report::host_report(&snap, &f, findings);
        facts.insert(host.host.clone(), diff::flatten(&f.root));
        hosts.push(host);
    }
    let gate = GateOptions { fail_on: plan.fail_on.unwrap_or(Severity::High), fail_on_unknown: false };
    Ok(Side { report: report::build(rules, plan, hosts, Vec::new(), gate, now.to_string()), facts: Some(facts) })
}

fn line(c: &FindingChange) -> String {
    format!(
        "{} {} {} [{}] {} -> {}: {}",
        c.host,
        c.rule_id,
        c.subject,
        c.severity,
        c.old.as_deref().unwrap_or("-"),
        c.new.as_deref().unwrap_or("-"),
        c.message
    )
}

fn table(d: &Diff) -> String {
    let mut out = String::new();
    for (title, list) in [("New problems", &d.new), ("Fixed", &d.fixed), ("Other changes", &d.changed)] {
        let _ = writeln!(out, "{title} ({}):", list.len());
        for c in list {
            let _ = writeln!(out, "  {}", terminal_safe(&line(c)));
        }
    }
    for (title, list) in [("Hosts added", &d.hosts_added), ("Hosts removed", &d.hosts_removed)] {
        if !list.is_empty() {
            let _ = writeln!(out, "{title}: {}", terminal_safe(&list.join(", ")));
        }
    }
    if d.facts_compared {
        let _ = writeln!(out, "Changed facts ({}):", d.facts.len());
        for f in &d.facts {
            let _ = writeln!(
                out,
                "  {} {}: {} -> {}",
                terminal_safe(&f.host),
                f.path,
                terminal_safe(f.old.as_deref().unwrap_or("(absent)")),
                terminal_safe(f.new.as_deref().unwrap_or("(absent)"))
            );
        }
    } else {
        out.push_str("Facts not compared (a saved result carries findings, not facts).\n");
    }
    out
}

fn markdown(d: &Diff) -> String {
    let mut out =
        format!("## gpu-preflight diff: {} new, {} fixed, {} changed\n", d.new.len(), d.fixed.len(), d.changed.len());
    for (title, list) in [("New problems", &d.new), ("Fixed", &d.fixed), ("Other changes", &d.changed)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n### {title}\n\n| host | rule | subject | severity | before | after | finding |\n|---|---|---|---|---|---|---|"
        );
        for c in list {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} | {} |",
                escape(&c.host),
                c.rule_id,
                escape(&c.subject),
                c.severity,
                c.old.as_deref().unwrap_or("-"),
                c.new.as_deref().unwrap_or("-"),
                escape(&c.message)
            );
        }
    }
    if d.facts_compared && !d.facts.is_empty() {
        let _ = writeln!(out, "\n### Changed facts\n\n| host | fact | before | after |\n|---|---|---|---|");
        for f in &d.facts {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                escape(&f.host),
                f.path,
                escape(f.old.as_deref().unwrap_or("(absent)")),
                escape(f.new.as_deref().unwrap_or("(absent)"))
            );
        }
    }
    out
}

/// Runs `diff`. Exits 1 when there are new failures or errors.
pub(crate) fn run(args: &DiffArgs) -> Result<ExitStatus> {
    let (rules, plan) = load_plan(&args.rules)?;
    let now = output::now()?.to_string();
    let old = side(&args.old, &rules, &plan, &now)?;
    let new = side(&args.new, &rules, &plan, &now)?;
    let d = diff::diff(&old, &new);
    match args.format.as_str() {
        "table" => output::print(&table(&d))?,
        "json" => output::print(&format!("{}\n", serde_json::to_string_pretty(&d)?))?,
        "markdown" => output::print(&markdown(&d))?,
        other => bail!("--format: unknown format `{other}` (table, json or markdown)"),
    }
    let regressed = d.new.iter().any(|c| matches!(c.new.as_deref(), Some("fail" | "error")));
    Ok(if regressed { ExitStatus::GateFailed } else { ExitStatus::Success })
}
