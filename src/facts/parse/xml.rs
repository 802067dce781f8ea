//! A small, bounded XML element tree over quick-xml, for `nvidia-smi -q -x` and libvirt domain
//! XML. Keeps each element's line; resolves the five predefined entities and character
//! references; ignores comments, processing instructions and the DOCTYPE; stops (with an error
//! recorded, not a panic) on malformed input or past the depth and size bounds.

use quick_xml::events::Event;

/// Most elements kept from one document.
const MAX_ELEMENTS: usize = 200_000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;

/// One element.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// Name (with its prefix, e.g. `qemu:commandline`).
    pub name: String,
    /// Attributes in order.
    pub attrs: Vec<(String, String)>,
    /// Text content, trimmed.
    pub text: String,
    /// Children in order.
    pub children: Vec<Element>,
    /// 1-based line where the element starts.
    pub line: u32,
}

impl Element {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// The first child with a name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    /// Children with a name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// Follows a `/`-separated path of first children.
    pub fn path(&self, path: &str) -> Option<&Element> {
        path.split('/').try_fold(self, |e, name| e.child(name))
    }
    /// Every descendant with a name, depth first.
    pub fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.descendants(name, out);
        }
    }
}

/// A parsed document: its root elements (a fragment may have several) and any error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Top-level elements.
    pub roots: Vec<Element>,
    /// Why parsing stopped early.
    pub error: Option<String>,
}

fn entity(name: &str) -> Option<String> {
    Some(match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        n if n.starts_with("#x") => char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?.to_string(),
        n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?.to_string(),
        _ => return None,
    })
}

/// Parses a document or fragment. Leading indentation (XML pasted into docs) is fine.
pub fn parse(text: &str) -> Document {
    let mut doc = Document::default();
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut count = 0usize;
    let mut newlines_before = 0u32;
    let mut scanned = 0usize;
    let bytes = text.as_bytes();
    let mut line_at = |pos: usize| -> u32 {
        let pos = pos.min(bytes.len());
        if pos >= scanned {
            newlines_before += bytes[scanned..pos].iter().filter(|b| **b == b'\n').count() as u32;
            scanned = pos;
        }
        newlines_before + 1
    };
    let close = |stack: &mut Vec<Element>, doc: &mut Document| {
        if let Some(mut done) = stack.pop() {
            done.text = done.text.trim().to_string();
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => doc.roots.push(done),
            }
        }
    };
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event();
        match event {
            Ok(ev @ (Event::Start(_) | Event::Empty(_))) => {
                count += 1;
                if count > MAX_ELEMENTS || stack.len() >= MAX_DEPTH {
                    doc.error = Some(format!("more than {MAX_ELEMENTS} elements or deeper than {MAX_DEPTH}"));
                    break;
                }
                let (e, empty) = match ev {
                    Event::Start(e) => (e, false),
                    Event::Empty(e) => (e, true),
                    _ => continue,
                };
                let attrs =
                    e.attributes().flatten().map(|a| (a.key.as_ref().to_string(), a.value.to_string())).collect();
                let line = line_at(pos + bytes.get(pos..).and_then(|b| b.iter().position(|c| *c == b'<')).unwrap_or(0));
                stack.push(Element { name: e.name().as_ref().to_string(), attrs, line, ..Element::default() });
                if empty {
                    close(&mut stack, &mut doc);
                }
            }
            Ok(Event::End(_)) => close(&mut stack, &mut doc),
            Ok(Event::Text(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(top) = stack.last_mut()
                    && let Some(s) = entity(&r)
                {
                    top.text.push_str(&s);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                doc.error = Some(format!("not well-formed XML near byte {}: {e}", reader.error_position()));
                break;
            }
            Ok(_) => {}
        }
    }
    while !stack.is_empty() {
        if doc.error.is_none() {
            doc.error = Some("the document ends inside an element (truncated?)".into());
        }
        close(&mut stack, &mut doc);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_lines_entities() {
        let d = parse(
            "<?xml version=\"1.0\"?>\n<!-- warning -->\n<domain type='kvm'>\n  <name>a&amp;b</name>\n  <devices><hostdev managed='yes'/></devices>\n</domain>\n",
        );
        let root = &d.roots[0];
        assert_eq!(root.name, "domain");
        assert_eq!(root.attr("type"), Some("kvm"));
        assert_eq!(root.line, 3);
        assert_eq!(root.child("name").map(|n| n.text.as_str()), Some("a&b"));
        assert_eq!(root.path("devices/hostdev").and_then(|h| h.attr("managed")), Some("yes"));
        assert_eq!(root.path("devices/hostdev").map(|h| h.line), Some(5));
        assert!(d.error.is_none());
    }

    #[test]
    fn truncated_and_fragment() {
        let d = parse("<hostdev mode='subsystem'><source><address bus='0x1b'/>");
        assert!(d.error.is_some());
        assert_eq!(d.roots[0].name, "hostdev");
        assert_eq!(d.roots[0].path("source/address").and_then(|a| a.attr("bus")), Some("0x1b"));
    }
}
