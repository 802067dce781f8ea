//! The HTML audit report: one self-contained file (inline CSS and SVG, nothing from the network)
//! rendered with minijinja from `reports-templates/` (compiled in; `--template-dir` overrides
//! templates by name). The template gets the report model plus views computed here: counts,
//! per-framework control coverage (controls no rule assesses are "not assessed"), and the
//! pictures' data. Every value is auto-escaped as HTML: a host name `<script>` shows as text.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Value};
use serde::Serialize;

use super::Sink;
use crate::engine::Status;
use crate::report::fleet::Footer;
use crate::report::{HostReport, Report};
use crate::rules::controls::{CONTROLS, framework_name};

/// The template rendered for the report.
pub const MAIN_TEMPLATE: &str = "report.html";

/// Why the HTML report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A template does not compile or render.
    #[error("template {name}: {detail}")]
    Template {
        /// Template name.
        name: String,
        /// What went wrong.
        detail: String,
    },
    /// A template directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// Directory or file.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// Loads the templates: the embedded ones, then `dir`'s files by the same names.
pub fn environment(dir: Option<&Path>) -> Result<Environment<'static>, HtmlError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_filter("truncate", |text: String, len: usize, _whole_words: Option<bool>, end: Option<String>| -> String {
        if text.chars().count() <= len {
            return text;
        }
        let end = end.unwrap_or_else(|| "…".into());
        let keep = len.saturating_sub(end.chars().count());
        format!("{}{end}", text.chars().take(keep).collect::<String>())
    });
    // Optional model fields are absent from the serialised report: lenient undefined lets the
    // template test them with `{% if … %}`; typos are caught by the rendering tests instead.
    let add = |env: &mut Environment<'static>, name: String, text: String| {
        env.add_template_owned(name.clone(), text).map_err(|e| HtmlError::Template { name, detail: e.to_string() })
    };
    for (path, text) in crate::rules::embedded::TEMPLATE_FILES {
        let name = path.strip_prefix("reports-templates/").unwrap_or(path).to_string();
        add(&mut env, name, (*text).to_string())?;
    }
    if let Some(dir) = dir {
        let io = |e| HtmlError::Io { path: dir.display().to_string(), source: e };
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            if entry.file_type().map_err(io)?.is_file() {
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| HtmlError::Io { path: entry.path().display().to_string(), source: e })?;
                add(&mut env, entry.file_name().to_string_lossy().into_owned(), text)?;
            }
        }
    }
    Ok(env)
}

#[derive(Serialize)]
struct ControlRow {
    id: &'static str,
    title: &'static str,
    rules: Vec<String>,
    verdict: &'static str,
}

#[derive(Serialize)]
struct Framework {
    key: &'static str,
    name: &'static str,
    controls: Vec<ControlRow>,
    assessed: usize,
}

fn verdict(statuses: &[Status]) -> &'static str {
    if statuses.is_empty() {
        return "no findings";
    }
    if statuses.iter().any(|s| matches!(s, Status::Fail | Status::Error)) {
        "fail"
    } else if statuses.iter().any(|s| matches!(s, Status::Unknown | Status::Manual)) {
        "incomplete"
    } else if statuses.contains(&Status::Waived) {
        "pass with waivers"
    } else {
        "pass"
    }
}

fn coverage(report: &Report) -> Vec<Framework> {
    let mut out = Vec::new();
    for fw in crate::rules::model::FRAMEWORKS {
        let mut rows = Vec::new();
        for (_, id, title) in CONTROLS.iter().filter(|(f, _, _)| f == fw) {
            let rules: Vec<String> = report
                .rules
                .iter()
                .filter(|r| r.controls.get(*fw).is_some_and(|ids| ids.iter().any(|x| x == id)))
                .map(|r| r.id.clone())
                .collect();
            // The fleet tallies cover every host scanned, also those the report does not detail.
            let statuses: Vec<Status> = if report.fleet.rules.is_empty() {
                report
                    .hosts
                    .iter()
                    .flat_map(|h| &h.findings)
                    .filter(|f| rules.contains(&f.rule_id))
                    .map(|f| f.status)
                    .collect()
            } else {
                rules
                    .iter()
                    .filter_map(|r| report.fleet.rules.get(r))
                    .flat_map(|by| by.iter().filter(|(_, n)| **n > 0).filter_map(|(s, _)| Status::parse(s)))
                    .collect()
            };
            let v = if rules.is_empty() { "not assessed" } else { verdict(&statuses) };
            rows.push(ControlRow { id, title, rules, verdict: v });
        }
        let assessed = rows.iter().filter(|r| r.verdict != "not assessed").count();
        out.push(Framework { key: fw, name: framework_name(fw), controls: rows, assessed });
    }
    out
}

/// Renders the report with the given templates.
pub fn render_with(env: &Environment<'_>, report: &Report, out: &mut dyn Write) -> Result<(), HtmlError> {
    let tmpl = env
        .get_template(MAIN_TEMPLATE)
        .map_err(|e| HtmlError::Template { name: MAIN_TEMPLATE.into(), detail: e.to_string() })?;
    let rules: BTreeMap<&str, &crate::report::RuleInfo> = report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let topics: Vec<String> = report.fleet.topics.clone();
    // Worst hosts first in the fleet matrix, at most FLEET_ROWS of them.
    let mut fleet_rows: Vec<&crate::report::HostSummary> = report.fleet.hosts.iter().collect();
    fleet_rows.sort_by_key(|h| (std::cmp::Reverse(h.worst), std::cmp::Reverse(h.counts.fail), h.host.clone()));
    fleet_rows.truncate(FLEET_ROWS);
    let ctx = minijinja::context! {
        topics => topics,
        fleet_rows => Value::from(minijinja::value::Serde(&fleet_rows)),
        detailed => DETAILED_HOSTS,
        report => Value::from(minijinja::value::Serde(report)),
        rules => Value::from(minijinja::value::Serde(&rules)),
        coverage => Value::from(minijinja::value::Serde(coverage(report))),
        statuses => statuses,
        severities => ["critical", "high", "medium", "low", "info"],
    };
    let text =
        tmpl.render(ctx).map_err(|e| HtmlError::Template { name: MAIN_TEMPLATE.into(), detail: e.to_string() })?;
    out.write_all(without_controls(&text).as_bytes()).map_err(|e| HtmlError::Io { path: "output".into(), source: e })
}

/// Replaces control characters (an ANSI escape in a host name, say) with U+FFFD: HTML forbids
/// them, and the escaping filter leaves them alone.
fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if text.chars().any(bad) {
        text.chars().map(|c| if bad(c) { '\u{fffd}' } else { c }).collect::<String>().into()
    } else {
        text.into()
    }
}

/// How many hosts the fleet matrix shows (worst first).
pub const FLEET_ROWS: usize = 500;

/// How many hosts a fleet report details (the worst ones); every host is in the fleet matrix.
pub const DETAILED_HOSTS: usize = 25;

/// Keeps the hosts the report details (the [`DETAILED_HOSTS`] worst) and renders at the end.
pub struct HtmlSink<'w> {
    report: Report,
    template_dir: Option<PathBuf>,
    out: Box<dyn Write + 'w>,
    seen: usize,
}

impl<'w> HtmlSink<'w> {
    /// An HTML sink.
    pub fn new(report: Report, template_dir: Option<PathBuf>, out: Box<dyn Write + 'w>) -> Self {
        Self { report, template_dir, out, seen: 0 }
    }
}

/// Worst first: errors, then the most severe failure, then the number of failures and unknowns.
fn badness(h: &HostReport) -> (u64, Option<crate::rules::Severity>, u64, u64) {
    let worst = h.findings.iter().filter(|f| f.status == Status::Fail).map(|f| f.severity).max();
    (h.counts.get(Status::Error), worst, h.counts.get(Status::Fail), h.counts.get(Status::Unknown))
}

impl Sink for HtmlSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        self.seen += 1;
        self.report.hosts.push(host.clone());
        if self.report.hosts.len() > DETAILED_HOSTS {
            // Stable: among equally bad hosts the earlier ones stay.
            self.report.hosts.sort_by_key(|h| std::cmp::Reverse(badness(h)));
            self.report.hosts.truncate(DETAILED_HOSTS);
        }
        Ok(())
    }

    fn finish(self: Box<Self>, footer: &Footer) -> std::io::Result<()> {
        let Self { mut report, template_dir, mut out, seen } = *self;
        if seen > DETAILED_HOSTS {
            report.hosts.sort_by_key(|h| std::cmp::Reverse(badness(h)));
        }
        footer.clone().apply(&mut report);
        let env = environment(template_dir.as_deref()).map_err(std::io::Error::other)?;
        render_with(&env, &report, &mut *out).map_err(std::io::Error::other)?;
        out.flush()
    }
}
