//! JUnit XML (Jenkins xUnit, GitLab): one test suite per host, one test case per rule with its
//! subjects in `system-out`, `classname` = host. A rule with any error is `<error>`, any unwaived
//! failure `<failure>`, otherwise any unknown or manual subject `<skipped>` with what was
//! missing; waived and passing rules pass (waivers noted in `system-out`).
//!
//! Written by hand rather than with quick-junit: quick-junit puts a `skipped` attribute on
//! `<testsuites>`, which the Jenkins xUnit junit-10.xsd rejects.

use std::collections::BTreeMap;
use std::io::Write;

use super::Sink;
use crate::engine::{Finding, Status};
use crate::report::fleet::Footer;
use crate::report::{HostReport, Report};

/// Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

struct Case {
    name: String,
    outcome: Option<(&'static str, String, String)>,
    body: String,
}

fn case_for(findings: &[&Finding]) -> Case {
    let first = findings[0];
    let body: String = findings
        .iter()
        .map(|f| {
            let exception = f
                .exception
                .as_ref()
                .map(|e| format!(" [{} by {}: {} until {}]", e.kind, e.approver, e.justification, e.expires))
                .unwrap_or_default();
            let location = f.evidence.first().map(|e| format!(" ({})", e.location())).unwrap_or_default();
            format!("{} {}: {}{}{}\n", f.status, f.subject, f.message, location, exception)
        })
        .collect();
    let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
    let outcome = if count(Status::Error) > 0 {
        Some(("error", "error".to_string(), format!("{} subject(s) could not be evaluated", count(Status::Error))))
    } else if count(Status::Fail) > 0 {
        Some((
            "failure",
            first.severity.to_string(),
            format!("{} subject(s) fail ({} severity)", count(Status::Fail), first.severity),
        ))
    } else if count(Status::Manual) > 0 {
        Some(("skipped", "manual".to_string(), "needs an attestation".to_string()))
    } else if count(Status::Unknown) > 0 {
        let mut missing: Vec<&str> = Vec::new();
        for m in findings.iter().flat_map(|f| f.missing.iter().map(String::as_str)) {
            if !missing.contains(&m) && missing.len() < 3 {
                missing.push(m);
            }
        }
        Some(("skipped", "unknown".to_string(), format!("not enough evidence: {}", missing.join("; "))))
    } else {
        None
    };
    Case { name: format!("{} {}", first.rule_id, first.rule_name), outcome, body }
}

fn suite(out: &mut dyn Write, name: &str, cases: &[Case], timestamp: &str) -> std::io::Result<()> {
    let n = |kind: &str| cases.iter().filter(|c| c.outcome.as_ref().is_some_and(|o| o.0 == kind)).count();
    writeln!(
        out,
        r#"  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}" timestamp="{}">"#,
        xml_escape(name),
        cases.len(),
        n("failure"),
        n("error"),
        n("skipped"),
        xml_escape(timestamp)
    )?;
    for c in cases {
        writeln!(out, r#"    <testcase name="{}" classname="{}">"#, xml_escape(&c.name), xml_escape(name))?;
        if let Some((kind, ty, msg)) = &c.outcome {
            writeln!(
                out,
                r#"      <{kind} type="{}" message="{}">{}</{kind}>"#,
                xml_escape(ty),
                xml_escape(msg),
                xml_escape(&c.body)
            )?;
        }
        // The subjects go in the outcome element when there is one (Jenkins shows it as the
        // details), in system-out otherwise.
        if c.outcome.is_none() && !c.body.is_empty() {
            writeln!(out, "      <system-out>{}</system-out>", xml_escape(&c.body))?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")
}

/// Streams JUnit XML: one suite per host as it comes. The `<testsuites>` element carries no
/// totals (they are optional in the XSD, and unknown until the end); each suite has its own.
pub struct JunitSink<'w> {
    timestamp: String,
    out: Box<dyn Write + 'w>,
}

impl<'w> JunitSink<'w> {
    /// Writes the prologue.
    pub fn new(header: Report, mut out: Box<dyn Write + 'w>) -> std::io::Result<Self> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<testsuites name="gpu-preflight">"#)?;
        Ok(Self { timestamp: header.scanned_at, out })
    }
}

impl Sink for JunitSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in &host.findings {
            by_rule.entry(f.rule_id.as_str()).or_default().push(f);
        }
        let cases: Vec<Case> = by_rule.values().map(|f| case_for(f)).collect();
        suite(&mut *self.out, &host.host, &cases, &self.timestamp)
    }

    fn finish(mut self: Box<Self>, footer: &Footer) -> std::io::Result<()> {
        for u in &footer.unreadable {
            let case = Case {
                name: "snapshot".into(),
                outcome: Some(("error", "unreadable".into(), format!("snapshot could not be read: {}", u.error))),
                body: String::new(),
            };
            suite(&mut *self.out, &u.path, &[case], &self.timestamp)?;
        }
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()
    }
}
