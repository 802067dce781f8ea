//! Where output goes: standard output, one file, or one file per format in a directory;
//! whether to colour.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::args::ColorChoice;
use crate::report::Report;
use crate::report::render::{self, Format, Options};

/// Prints to standard error, ignoring failures (a closed stderr is not worth dying over).
pub(crate) fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes()).ok();
}

/// Prints to standard output.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).context("writing to standard output")
}

/// The current time: `GPU_PREFLIGHT_NOW` (RFC 3339, for reproducible reports and tests) or the clock.
pub(crate) fn now() -> Result<jiff::Timestamp> {
    match std::env::var("GPU_PREFLIGHT_NOW") {
        Ok(v) => v.parse().with_context(|| format!("GPU_PREFLIGHT_NOW: `{v}` is not an RFC 3339 time")),
        Err(_) => Ok(jiff::Timestamp::now()),
    }
}

/// Options from the shared render flags.
pub(crate) fn options(render: &super::args::RenderArgs, color: bool, verbose: bool) -> Options {
    Options {
        color,
        verbose,
        sarif_passes: render.sarif_passes,
        template_dir: render.template_dir.clone(),
        ..Options::default()
    }
}

/// Parses `--format` names.
pub(crate) fn formats(names: &[String]) -> Result<Vec<Format>> {
    let mut out = Vec::new();
    for n in names {
        let f = Format::parse(n.trim()).with_context(|| {
            let known: Vec<&str> = Format::ALL.iter().map(|(_, n, _)| *n).collect();
            format!("--format: unknown format `{n}` (known: {})", known.join(", "))
        })?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

/// Decides colour for standard output.
pub(crate) fn color(choice: ColorChoice, to_file: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Writes the report in every requested format.
pub(crate) fn write(
    report: &Report,
    formats: &[Format],
    output: Option<&Path>,
    output_dir: Option<&Path>,
    options: &Options,
    sign: Option<&Path>,
) -> Result<()> {
    let mut written: Vec<PathBuf> = Vec::new();
    if let Some(dir) = output_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create output directory", dir.display()))?;
        for f in formats {
            let path: PathBuf = dir.join(format!("gpu-preflight.{}", f.extension()));
            let opts = Options { color: false, ..options.clone() };
            write_file(report, *f, &path, &opts)?;
            written.push(path);
        }
    } else if let Some(path) = output {
        if formats.len() > 1 {
            bail!("--output takes one format; use --output-dir for several");
        }
        let opts = Options { color: false, ..options.clone() };
        write_file(report, formats[0], path, &opts)?;
        written.push(path.to_path_buf());
    } else if sign.is_some() {
        bail!("--sign needs --output or --output-dir (a signature is a file next to the report)");
    } else {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        for f in formats {
            render::render(report, *f, options, &mut lock).context("writing to standard output")?;
        }
        return lock.flush().context("writing to standard output");
    }
    if let Some(key) = sign {
        for path in &written {
            let data =
                std::fs::read(path).with_context(|| format!("{}: cannot read back for signing", path.display()))?;
            let sig = crate::sign::sign(key, &data)?;
            let sig_path = crate::sign::sig_path(path);
            std::fs::write(&sig_path, sig).with_context(|| format!("{}: cannot write", sig_path.display()))?;
        }
    }
    Ok(())
}

fn write_file(report: &Report, format: Format, path: &Path, options: &Options) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    render::render(report, format, options, &mut w).with_context(|| format!("{}: cannot write", path.display()))?;
    w.flush().with_context(|| format!("{}: cannot write", path.display()))
}
