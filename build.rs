//! Embeds the rule pack (`rules/**/*.yaml`) and report templates into the binary, so the tool
//! runs from a single file; `--rules DIR` and `--template-dir` add to or replace them at run time.

// Cargo reads a build script's instructions from its standard output.
#![allow(clippy::disallowed_macros, clippy::print_stdout)]

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, ext, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| ext.contains(&e)) {
            out.push(path);
        }
    }
}

fn embed(name: &str, dir: &str, ext: &[&str]) -> String {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let mut files = Vec::new();
    collect(&root.join(dir), ext, &mut files);
    files.sort();
    let mut code = format!(
        "/// Embedded `{dir}/` files: (path, contents), sorted by path.\npub static {name}: &[(&str, &str)] = &[\n"
    );
    for f in files {
        let rel = f.strip_prefix(&root).expect("under root").to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.to_string_lossy()));
    }
    code.push_str("];\n");
    code
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=reports-templates");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir"));
    let mut code = embed("RULE_FILES", "rules", &["yaml", "yml"]);
    code.push_str(&embed("TEMPLATE_FILES", "reports-templates", &["html", "css", "md", "j2", "svg"]));
    fs::write(out.join("embedded.rs"), code).expect("write embedded.rs");
}
