//! Diagnostics for the files a user writes: rules, profiles, configuration and waivers.
//!
//! This module owns the stable diagnostic codes ([`Code`]) and the rendering of one
//! diagnostic as `file:line:col: error[code]: message` followed by a code frame. It does not
//! own snapshot problems (see [`crate::snapshot::Problem`]): those describe evidence, not
//! configuration, and never stop a run.

use std::fmt;

/// A position in a text file, 1-based. `line == 0` means "whole file".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub col: u32,
}

impl Pos {
    /// A position at `line`:`col`.
    pub fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

/// Stable, kebab-case codes for configuration diagnostics.
///
/// Codes are part of the interface (scripts grep for them), so they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// The file is not valid YAML.
    YamlSyntax,
    /// The file could not be read.
    Io,
    /// A key that the format does not define.
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A value has the wrong type.
    WrongType,
    /// A value is not one of the allowed values.
    BadValue,
    /// A condition uses an operator the engine does not know.
    UnknownOperator,
    /// A condition names a fact that the fact catalog does not define.
    UnknownFact,
    /// An operator is used on a fact of a type it does not apply to.
    OperatorType,
    /// A regular expression does not compile or is too large.
    BadRegex,
    /// A byte size such as `256GiB` does not parse.
    BadSize,
    /// A version such as `550.90.07` does not parse.
    BadVersion,
    /// A date does not parse.
    BadDate,
    /// A `{ param: … }` reference names a parameter the rule does not declare.
    UnknownParam,
    /// A message template names something that does not exist.
    BadTemplate,
    /// Two rules share an id.
    DuplicateId,
    /// A rule's id differs from its file stem.
    IdMismatch,
    /// A reference to a rule id that does not exist.
    UnknownRule,
    /// A profile name that does not exist.
    UnknownProfile,
    /// A rule name that breaks the naming convention.
    BadName,
}

impl Code {
    /// Every code, for documentation and the uniqueness test.
    pub const ALL: &'static [Code] = &[
        Code::YamlSyntax,
        Code::Io,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::BadValue,
        Code::UnknownOperator,
        Code::UnknownFact,
        Code::OperatorType,
        Code::BadRegex,
        Code::BadSize,
        Code::BadVersion,
        Code::BadDate,
        Code::UnknownParam,
        Code::BadTemplate,
        Code::DuplicateId,
        Code::IdMismatch,
        Code::UnknownRule,
        Code::UnknownProfile,
        Code::BadName,
    ];

    /// The stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::Io => "io",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::BadValue => "bad-value",
            Code::UnknownOperator => "unknown-operator",
            Code::UnknownFact => "unknown-fact",
            Code::OperatorType => "operator-type",
            Code::BadRegex => "bad-regex",
            Code::BadSize => "bad-size",
            Code::BadVersion => "bad-version",
            Code::BadDate => "bad-date",
            Code::UnknownParam => "unknown-param",
            Code::BadTemplate => "bad-template",
            Code::DuplicateId => "duplicate-id",
            Code::IdMismatch => "id-mismatch",
            Code::UnknownRule => "unknown-rule",
            Code::UnknownProfile => "unknown-profile",
            Code::BadName => "bad-name",
        }
    }

    /// One line saying what the code means.
    pub fn description(self) -> &'static str {
        match self {
            Code::YamlSyntax => "the file is not valid YAML",
            Code::Io => "the file could not be read",
            Code::UnknownKey => "a key the format does not define",
            Code::MissingKey => "a required key is missing",
            Code::WrongType => "a value has the wrong type",
            Code::BadValue => "a value is not one of the allowed values",
            Code::UnknownOperator => "a condition uses an operator the engine does not know",
            Code::UnknownFact => "a condition names a fact the catalog does not define",
            Code::OperatorType => "an operator does not apply to the fact's type",
            Code::BadRegex => "a regular expression does not compile or is too large",
            Code::BadSize => "a byte size does not parse",
            Code::BadVersion => "a version does not parse",
            Code::BadDate => "a date does not parse",
            Code::UnknownParam => "a parameter reference names an undeclared parameter",
            Code::BadTemplate => "a message template names something that does not exist",
            Code::DuplicateId => "two rules share an id",
            Code::IdMismatch => "a rule id differs from its file stem",
            Code::UnknownRule => "a reference to a rule id that does not exist",
            Code::UnknownProfile => "a profile that does not exist",
            Code::BadName => "a rule name breaks the naming convention",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a user-written file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user would name it.
    pub file: String,
    /// Where in the file.
    pub pos: Pos,
    /// What kind of problem.
    pub code: Code,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending line, for the code frame (empty when unknown).
    pub source_line: String,
}

impl Diagnostic {
    /// The first line: `file:line:col: error[code]: message`.
    pub fn headline(&self) -> String {
        let msg = one_line(&self.message);
        if self.pos.line == 0 {
            format!("{}: error[{}]: {msg}", self.file, self.code)
        } else {
            format!("{}:{}:{}: error[{}]: {msg}", self.file, self.pos.line, self.pos.col.max(1), self.code)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        if self.pos.line > 0 && !self.source_line.is_empty() {
            let num = self.pos.line.to_string();
            let pad = " ".repeat(num.len());
            let line = self.source_line.replace('\t', " ");
            let caret_at = (self.pos.col.max(1) as usize - 1).min(line.chars().count());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {line}")?;
            writeln!(f, "{pad} | {}^", " ".repeat(caret_at))?;
        }
        Ok(())
    }
}

/// Collects diagnostics for one file; validation reports everything, not just the first error.
#[derive(Debug)]
pub struct Sink<'a> {
    file: &'a str,
    text: &'a str,
    /// What was found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    /// A sink for `file` whose contents are `text` (used for code frames).
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Self { file, text, diagnostics: Vec::new() }
    }

    /// The file name this sink reports against.
    pub fn file(&self) -> &str {
        self.file
    }

    /// Records a diagnostic at `pos`.
    pub fn error(&mut self, pos: Pos, code: Code, message: impl Into<String>) {
        let source_line = if pos.line > 0 {
            self.text.lines().nth(pos.line as usize - 1).unwrap_or("").to_string()
        } else {
            String::new()
        };
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            pos,
            code,
            message: message.into(),
            source_line,
        });
    }

    /// True when nothing was reported.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

/// Several diagnostics, reported together; the error type of every loader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("no diagnostics"),
            [one] => f.write_str(&one.headline()),
            [first, rest @ ..] => write!(f, "{} (and {} more)", first.headline(), rest.len()),
        }
    }
}

impl Diagnostics {
    /// Every diagnostic with its code frame, as printed on stderr.
    pub fn render(&self) -> String {
        self.0.iter().map(ToString::to_string).collect()
    }
}

/// Collapses a message to one line: control characters and newlines become spaces.
pub fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut last_space = false;
    for ch in message.chars() {
        let ch = if ch.is_control() { ' ' } else { ch };
        if ch == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(ch);
            last_space = false;
        }
    }
    out.trim().to_string()
}

/// The closest candidate to `word` by edit distance, for "did you mean" hints.
pub fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = edit_distance(word, cand);
        let limit = (cand.len().max(word.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    // Optimal string alignment: a swap of two neighbours ("nmae") costs one edit.
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_unique_and_kebab() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let listing: Vec<String> = Code::ALL.iter().map(|c| format!("{}: {}", c.as_str(), c.description())).collect();
        insta::assert_snapshot!(listing.join("\n"));
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "diagnostic codes must be unique");
        assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn renders_file_line_col_and_frame() {
        let text = "id: X\ncheck: { fact: a, gte_: 5 }\n";
        let mut sink = Sink::new("rules/x.yaml", text);
        sink.error(Pos::new(2, 19), Code::UnknownOperator, "unknown operator `gte_`");
        let out = sink.diagnostics[0].to_string();
        assert!(out.starts_with("rules/x.yaml:2:19: error[unknown-operator]: unknown operator `gte_`\n"));
        assert!(out.contains("2 | check: { fact: a, gte_: 5 }"));
        assert!(out.contains("  |                   ^"));
    }

    #[test]
    fn one_line_strips_controls() {
        assert_eq!(one_line("a\nb\x1b[31m  c"), "a b [31m c");
    }

    #[test]
    fn suggests_close_words() {
        assert_eq!(suggest("gte_", ["gte", "lte", "eq"]), Some("gte"));
        assert_eq!(suggest("zzzzzz", ["gte", "lte"]), None);
    }
}
