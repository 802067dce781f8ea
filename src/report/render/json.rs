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
    header: Report,
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
    pub fn new(header: Report, mut out: Box<dyn Write + 'w>) -> std::io::Result<Self> {
        out.write_all(b"{")?;
        let mut first = true;
        for (k, v) in fields(&header)? {
            if k == "hosts" {
                break;
            }
            write!(out, "{}\n  {}: {}", if first { "" } else { "," }, serde_json::to_string(&k)?, pretty_at(&v, 1)?)?;
            first = false;
        }
        write!(out, ",\n  \"hosts\": [")?;
        Ok(Self { header, out, hosts: 0 })
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
        let mut tail = self.header.clone();
        footer.clone().apply(&mut tail);
        let mut after = false;
        for (k, v) in fields(&tail)? {
            if after {
                write!(self.out, ",\n  {}: {}", serde_json::to_string(&k)?, pretty_at(&v, 1)?)?;
            }
            after |= k == "hosts";
        }
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}
