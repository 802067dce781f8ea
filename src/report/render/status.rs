//! How each status appears in each format: the single table the renderers and
//! `docs/outputs.md` follow.

use crate::engine::Status;

/// One row of the presentation table.
#[derive(Debug, Clone, Copy)]
pub struct Presentation {
    /// The status.
    pub status: Status,
    /// Terminal label.
    pub label: &'static str,
    /// Shown as a row in the table by default (otherwise only counted).
    pub table_row: bool,
    /// SARIF: `level` (from severity for failures) and `kind`.
    pub sarif: &'static str,
    /// JUnit element.
    pub junit: &'static str,
    /// Markdown: listed or only counted.
    pub markdown_listed: bool,
}

/// The table.
pub const PRESENTATION: &[Presentation] = &[
    Presentation {
        status: Status::Error,
        label: "ERROR",
        table_row: true,
        sarif: "kind: fail, level: error",
        junit: "<error>",
        markdown_listed: true,
    },
    Presentation {
        status: Status::Fail,
        label: "FAIL",
        table_row: true,
        sarif: "kind: fail, level from severity",
        junit: "<failure>",
        markdown_listed: true,
    },
    Presentation {
        status: Status::Unknown,
        label: "UNKNOWN",
        table_row: true,
        sarif: "kind: review, level: none (what was missing in the message)",
        junit: "<skipped message=…>",
        markdown_listed: true,
    },
    Presentation {
        status: Status::Manual,
        label: "MANUAL",
        table_row: true,
        sarif: "kind: review, level: none",
        junit: "<skipped>",
        markdown_listed: true,
    },
    Presentation {
        status: Status::Waived,
        label: "WAIVED",
        table_row: true,
        sarif: "kind: fail with suppressions (justification)",
        junit: "pass, note in system-out",
        markdown_listed: true,
    },
    Presentation {
        status: Status::Pass,
        label: "pass",
        table_row: false,
        sarif: "kind: pass (only with --sarif-passes)",
        junit: "pass",
        markdown_listed: false,
    },
    Presentation {
        status: Status::NotApplicable,
        label: "n/a",
        table_row: false,
        sarif: "kind: notApplicable (only with --sarif-passes)",
        junit: "pass",
        markdown_listed: false,
    },
];

/// The row for a status.
pub fn of(status: Status) -> &'static Presentation {
    PRESENTATION.iter().find(|p| p.status == status).expect("every status has a row")
}

/// Removes control characters (terminal escapes from a hostile snapshot) from text shown in a terminal.
pub fn terminal_safe(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' { '\u{fffd}' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_one_row() {
        for s in Status::ALL {
            assert_eq!(PRESENTATION.iter().filter(|p| p.status == s).count(), 1, "{s}");
        }
    }
}
