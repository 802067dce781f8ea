//! `gpu-preflight rules list|show|schema|test`.

use std::io::Write;

use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::json;

use super::args::RulesCommand;
use super::{ExitStatus, load_config, load_rules};
use crate::rules::Check;

fn print(text: &str) -> Result<()> {
    std::io::stdout().lock().write_all(text.as_bytes()).context("writing to standard output")
}

/// Runs a `rules` subcommand.
pub(crate) fn run(cmd: RulesCommand) -> Result<ExitStatus> {
    match cmd {
        RulesCommand::List { rules, format } => {
            let set = load_rules(&rules.rules)?;
            let config = load_config(rules.config.as_ref())?;
            let plan = set.plan(rules.profile.as_deref(), config.as_ref()).map_err(|d| anyhow::anyhow!("{d}"))?;
            match format.as_str() {
                "json" => {
                    let v: Vec<_> = plan
                        .entries
                        .iter()
                        .map(|e| {
                            json!({
                                "id": e.rule.id, "name": e.rule.name, "title": e.rule.title, "topic": e.rule.topic,
                                "severity": e.severity.as_str(), "controls": e.rule.controls,
                                "kind": if matches!(e.rule.check, Check::Manual { .. }) { "manual" } else { "automated" },
                                "for_each": e.rule.for_each, "source": e.rule.origin.path,
                            })
                        })
                        .collect();
                    print(&(serde_json::to_string_pretty(&v)? + "\n"))?;
                }
                "table" => {
                    let mut t = Table::new();
                    t.load_style(presets::UTF8_FULL_CONDENSED)
                        .set_content_arrangement(ContentArrangement::Dynamic)
                        .set_width(160)
                        .force_no_tty();
                    t.set_header(vec!["Id", "Name", "Topic", "Severity", "Checks"]);
                    for e in &plan.entries {
                        t.add_row(vec![
                            e.rule.id.clone(),
                            e.rule.name.clone(),
                            e.rule.topic.clone(),
                            e.severity.to_string(),
                            e.rule.title.clone(),
                        ]);
                    }
                    print(&format!(
                        "{t}\n{} rules in profile {} ({} tenancy)\n",
                        plan.entries.len(),
                        plan.profile,
                        plan.tenancy.as_str()
                    ))?;
                }
                other => bail!("--format: unknown format `{other}` (table, json)"),
            }
            Ok(ExitStatus::Success)
        }
        RulesCommand::Show { id, rules } => {
            let set = load_rules(&rules)?;
            let Some(rule) = set.get(&id) else {
                let hint = crate::diag::suggest(&id, set.rules.iter().map(|r| r.id.as_str()))
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                bail!("no rule `{id}`{hint}");
            };
            let mut out = format!("{} {} [{}; default severity {}]\n\n", rule.id, rule.name, rule.topic, rule.severity);
            out.push_str(&format!("What it checks\n  {}\n\n", rule.title));
            out.push_str(&format!("Why it matters\n  {}\n\n", rule.description.replace('\n', "\n  ")));
            out.push_str(&format!("How to fix\n  {}\n\n", rule.remediation.replace('\n', "\n  ")));
            out.push_str("References\n");
            for r in &rule.references {
                out.push_str(&format!("  - {r}\n"));
            }
            out.push_str("\nControls\n");
            for (fw, ids) in &rule.controls {
                out.push_str(&format!("  {}: {}\n", crate::rules::controls::framework_name(fw), ids.join(", ")));
            }
            if let Some(t) = &rule.tenancy_severity.get(&crate::rules::Tenancy::Single) {
                out.push_str(&format!("\nSeverity on single-tenant hosts: {t}\n"));
            }
            out.push_str(&format!("\nSource: {}\n", rule.origin.path));
            print(&out)?;
            Ok(ExitStatus::Success)
        }
        RulesCommand::Schema => {
            print(&(serde_json::to_string_pretty(&crate::rules::schema::schema())? + "\n"))?;
            Ok(ExitStatus::Success)
        }
        RulesCommand::Test { rules, only } => {
            let set = load_rules(&rules)?;
            let results = crate::rules::fixtures::run_all(&set, only.as_deref());
            let mut failed = 0;
            let mut out = String::new();
            for r in &results {
                if r.ok {
                    out.push_str(&format!("ok    {} {}\n", r.rule, r.case));
                } else {
                    failed += 1;
                    out.push_str(&format!("FAIL  {} {}: {}\n", r.rule, r.case, r.detail));
                }
            }
            out.push_str(&format!("\n{} cases, {} failed\n", results.len(), failed));
            print(&out)?;
            if results.is_empty() {
                bail!("no rule test fixtures found");
            }
            Ok(if failed == 0 { ExitStatus::Success } else { ExitStatus::GateFailed })
        }
    }
}
