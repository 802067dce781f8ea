//! JSON: the report model as is, pretty-printed, with `schema_version`, written as it goes: the
//! header fields, then each host, then the counts, the gate and the fleet tallies. The document
//! is byte for byte what serialising the whole [`Report`] would give.

use std::io::Write;

use serde_json::Value;

use super::{Sink, pretty_at};
use crate::report::fleet::Footer;
use crate::report::{HostReport, Report};

/// Streams a JSON result.
pub struct JsonSink<'w> {
    out: Box<dyn Write + 'w>,
    hosts: usize,
}

fn fields(report: &Report) -> std::io::Result<serde_json::Map<String, Value>> {
    match serde_json::to_value(report)? {
        Value::Object(map) => Ok(map),
        _ => Err(std::io::Error::other("a report serialises to an object")),
    }
}

impl<'w> JsonSink<'w> {
    /// Writes the header fields (everything before `hosts`).
    pub fn new(header: &Report, mut out: Box<dyn Write + 'w>) -> std::io::Result<Self> {
        out.write_all(b"{")?;
        let mut first = true;
        for (k, v) in fields(header)? {
            if k == "hosts" {
                break;
            }
            write!(out, "{}\n  {}: {}", if first { "" } else { "," }, serde_json::to_string(&k)?, pretty_at(&v, 1)?)?;
            first = false;
        }
        write!(out, ",\n  \"hosts\": [")?;
        Ok(Self { out, hosts: 0 })
    }
}

impl Sink for JsonSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        let sep = if self.hosts == 0 { "" } else { "," };
        write!(self.out, "{sep}\n    {}", pretty_at(host, 2)?)?;
        self.hosts += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>, footer: &Footer) -> std::io::Result<()> {
        if self.hosts > 0 {
            self.out.write_all(b"\n  ")?;
        }
        self.out.write_all(b"]")?;
        // The fields after `hosts`, in the model's order, serialised from the typed values (a
        // `Value` of a 10,000-host fleet summary would cost a few KB per host).
        let write = |out: &mut dyn Write, key: &str, text: String| write!(out, ",\n  \"{key}\": {text}");
        write(&mut *self.out, "unreadable", pretty_at(&footer.unreadable, 1)?)?;
        write(&mut *self.out, "waiver_notes", pretty_at(&footer.waiver_notes, 1)?)?;
        write(&mut *self.out, "summary", pretty_at(&footer.summary, 1)?)?;
        write(&mut *self.out, "gate", pretty_at(&footer.gate, 1)?)?;
        write(&mut *self.out, "fleet", pretty_at(&footer.fleet, 1)?)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    /// The footer is written field by field; it must stay the model's field order.
    #[test]
    fn footer_fields_follow_the_model() {
        let report = crate::report::Report {
            hosts: Vec::new(),
            ..crate::report::render::header_of(&serde_json::from_value(serde_json::json!({
                "schema_version": 1, "tool": {"name": "gpu-preflight", "version": "0"}, "scanned_at": "t",
                "profile": "p", "tenancy": "multi", "fail_on": "high", "fail_on_unknown": false,
                "digests": {"rule_pack": "", "effective_config": ""}, "effective_config": null, "rules": [],
                "hosts": [], "summary": {"by_status": {}, "failures_by_severity": {}}, "gate": {"passed": true, "reasons": []}
            })).expect("report"))
        };
        let keys: Vec<String> = match serde_json::to_value(&report).expect("value") {
            serde_json::Value::Object(m) => m.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let after: Vec<&str> = keys.iter().skip_while(|k| *k != "hosts").skip(1).map(String::as_str).collect();
        assert_eq!(after, ["unreadable", "waiver_notes", "summary", "gate", "fleet"]);
    }
}
