//! Generated documentation is current (`UPDATE_DOCS=1 cargo test --test docs` rewrites it).

use std::path::Path;

use gpu_preflight::docs;
use gpu_preflight::rules::RuleSet;

fn check(file: &str, blocks: &[(&str, String)]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let current = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut updated = current.clone();
    for (name, content) in blocks {
        updated =
            docs::splice(&updated, name, content).unwrap_or_else(|| panic!("{file}: no GENERATED block `{name}`"));
    }
    if updated != current {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{file}: {e}"));
        } else {
            panic!("{file} is stale: run `UPDATE_DOCS=1 cargo test --test docs` and commit the result");
        }
    }
}

#[test]
fn rules_md_is_current() {
    let set = RuleSet::builtin().unwrap_or_else(|d| panic!("{}", d.render()));
    check(
        "docs/rules.md",
        &[("truth-tables", gpu_preflight::engine::semantics::markdown()), ("rule-reference", docs::rules(&set))],
    );
}

#[test]
fn facts_md_is_current() {
    check("docs/facts.md", &[("facts", docs::facts())]);
}

#[test]
fn outputs_md_is_current() {
    check("docs/outputs.md", &[("statuses", docs::statuses())]);
}
