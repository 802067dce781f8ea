//! Message templates: `"{{ item.bdf }} maps a {{ value }} BAR; a {{ item.model }} needs {{ expected }}"`.
//!
//! Deliberately tiny (no logic, no filters): placeholders are checked when the rule loads, and
//! rendering cannot fail. `value` is the fact that decided the check, `expected` what it was
//! compared with, `item.…` a fact of the current item, `param.NAME` a parameter, `host` and
//! `subject` what the finding is about.

use crate::diag::{Code, Pos, Sink};

use super::cond::{Env, FactPath};

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// The deciding fact's value.
    Value,
    /// What it was compared with.
    Expected,
    /// The host name.
    Host,
    /// The finding's subject.
    Subject,
    /// A fact (of the item or the root).
    Fact(FactPath),
    /// A parameter.
    Param(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// Its parts.
    pub parts: Vec<Part>,
    /// The source text.
    pub text: String,
}

/// Parses and checks a template.
pub fn parse(text: &str, pos: Pos, env: &Env<'_>, sink: &mut Sink<'_>) -> Template {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            parts.push(Part::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            sink.error(pos, Code::BadTemplate, "unclosed `{{` in message template");
            parts.push(Part::Text(rest[start..].to_string()));
            rest = "";
            break;
        };
        let name = after[..end].trim();
        let part = match name {
            "value" => Some(Part::Value),
            "expected" => Some(Part::Expected),
            "host" => Some(Part::Host),
            "subject" => Some(Part::Subject),
            n if n.starts_with("param.") => {
                let p = &n["param.".len()..];
                if env.params.iter().any(|x| x == p) {
                    Some(Part::Param(p.to_string()))
                } else {
                    sink.error(
                        pos,
                        Code::BadTemplate,
                        format!("template names `{{{{ {n} }}}}` but the rule declares no parameter `{p}`"),
                    );
                    None
                }
            }
            n => match env.path(n, pos, sink) {
                Some(path) => Some(Part::Fact(path)),
                None => {
                    sink.error(pos, Code::BadTemplate, format!("template placeholder `{{{{ {n} }}}}` is not value, expected, host, subject, param.NAME or a fact"));
                    None
                }
            },
        };
        if let Some(p) = part {
            parts.push(p);
        }
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    Template { parts, text: text.to_string() }
}

impl Template {
    /// Renders with a resolver for the placeholders.
    pub fn render(&self, mut resolve: impl FnMut(&Part) -> String) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                other => resolve(other),
            })
            .collect()
    }
}
