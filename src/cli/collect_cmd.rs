//! `gpu-preflight collect` and `gpu-preflight verify`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};

use super::args::{CollectArgs, VerifyArgs};
use super::{ExitStatus, output};
use crate::collect::{self, redact::Key};

/// The default redaction key: one per user, so a fleet collected by one account hashes alike.
fn default_key_path() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("gpu-preflight").join("redact.key")
}

/// Loads (or creates) the redaction key, saying where it is.
pub(crate) fn redaction_key(path: Option<&PathBuf>) -> Result<Key> {
    let path = path.cloned().unwrap_or_else(default_key_path);
    let (key, created) = Key::load_or_create(&path).map_err(anyhow::Error::msg)?;
    if created {
        output::eprint(&format!(
            "created redaction key {} (keep it to hash waiver host scopes alike)\n",
            path.display()
        ));
    }
    Ok(key)
}

/// Collection options shared by `collect` and `scan --live`.
pub(crate) fn options(root: PathBuf, timeout: u64, redact: Option<Key>, progress: bool) -> Result<collect::Options> {
    Ok(collect::Options {
        root,
        timeout: Duration::from_secs(timeout.max(1)),
        redact,
        progress,
        now: output::now()?.to_string(),
        ..collect::Options::default()
    })
}

/// Runs `collect`.
pub(crate) fn run(args: &CollectArgs) -> Result<ExitStatus> {
    let key = if args.redact { Some(redaction_key(args.redact_key.as_ref())?) } else { None };
    if let Some(sign) = &args.sign
        && !sign.exists()
    {
        bail!("{}: no such signing key (create one with `gpu-preflight keygen --out KEY`)", sign.display());
    }
    let opts = options(args.root.clone(), args.timeout, key, !args.quiet)?;
    let collected = collect::collect(&opts);
    let out = match &args.output {
        Some(p) => p.clone(),
        None => {
            let stamp = opts.now.replace([':', '-'], "").chars().take(15).collect::<String>();
            let host: String = collected
                .manifest
                .host
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
                .collect();
            PathBuf::from(format!("gpu-preflight-{host}-{stamp}.tar.gz"))
        }
    };
    collected.write(&out, args.sign.as_deref())?;
    let m = &collected.manifest;
    let failed = m.commands.iter().filter(|c| c.error.is_some()).count();
    output::eprint(&format!(
        "wrote {}: {} files, {} commands ({} with problems), {} items not collected{}{}\n",
        out.display(),
        m.files.len(),
        m.commands.len(),
        failed,
        m.not_collected.len(),
        if m.root { "" } else { "; not root: some files and lspci capabilities are hidden" },
        if args.sign.is_some() { "; manifest signed" } else { "" },
    ));
    Ok(ExitStatus::Success)
}

/// Runs `verify`.
pub(crate) fn verify(args: &VerifyArgs) -> Result<ExitStatus> {
    let v = crate::verify::verify(&args.snapshot, args.key.as_deref(), &crate::snapshot::Limits::default())?;
    match args.format.as_str() {
        "json" => output::print(&format!("{}\n", serde_json::to_string_pretty(&v)?))?,
        "table" => {
            let mut text = format!(
                "{}: host {}, collected {}, {} files in the manifest\n",
                args.snapshot.display(),
                v.host,
                v.collected_at,
                v.listed
            );
            for (label, list) in [("changed", &v.changed), ("missing", &v.missing), ("added", &v.added)] {
                for p in list.iter() {
                    text.push_str(&format!("  {label:<8} {}\n", crate::report::render::status::terminal_safe(p)));
                }
            }
            text.push_str(&match &v.signature {
                crate::verify::Signature::NotChecked => "  signature not checked (no --key)\n".to_string(),
                crate::verify::Signature::Valid => "  signature valid\n".to_string(),
                crate::verify::Signature::Missing => "  signature MISSING\n".to_string(),
                crate::verify::Signature::Invalid(why) => format!("  signature INVALID: {why}\n"),
            });
            text.push_str(if v.intact() { "intact\n" } else { "NOT INTACT\n" });
            output::print(&text)?;
        }
        other => bail!("--format: unknown format `{other}` (table or json)"),
    }
    Ok(if v.intact() { ExitStatus::Success } else { ExitStatus::GateFailed })
}
