//! Where output goes: standard output, one file, or one file per format in a directory;
//! whether to colour.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::args::{ColorChoice, RenderArgs};
use crate::report::fleet::Footer;
use crate::report::render::{self, Format, Options, Sink};
use crate::report::{HostReport, Report};

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

/// Options from the shared render flags (colour only on a terminal, never into files).
pub(crate) fn options(render: &super::args::RenderArgs) -> Options {
    let to_file = render.output.is_some() || render.output_dir.is_some();
    Options {
        color: color(render.color, to_file),
        verbose: render.verbose,
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

/// Where a streamed report goes: one sink per format, files to sign afterwards, and formats
/// after the first that share standard output (buffered, printed after the first).
pub(crate) struct Outputs {
    sinks: Vec<Box<dyn Sink>>,
    files: Vec<PathBuf>,
    buffered: Vec<std::sync::Arc<std::sync::Mutex<Vec<u8>>>>,
    sign: Option<PathBuf>,
}

/// A writer into a shared buffer (a later format on standard output).
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("buffer poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn file_sink(header: &Report, format: Format, path: &Path, options: &Options) -> Result<Box<dyn Sink>> {
    let file = std::fs::File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
    let opts = Options { color: false, ..options.clone() };
    render::sink(header, format, &opts, Box::new(std::io::BufWriter::new(file)))
        .with_context(|| format!("{}: cannot write", path.display()))
}

impl Outputs {
    /// Opens every output the render flags name and writes the report headers.
    pub(crate) fn open(header: &Report, formats: &[Format], render: &RenderArgs, options: &Options) -> Result<Outputs> {
        let (output, output_dir, sign) =
            (render.output.as_deref(), render.output_dir.as_deref(), render.sign.as_deref());
        let mut out =
            Outputs { sinks: Vec::new(), files: Vec::new(), buffered: Vec::new(), sign: sign.map(Path::to_path_buf) };
        if let Some(dir) = output_dir {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create output directory", dir.display()))?;
            for f in formats {
                let path: PathBuf = dir.join(format!("gpu-preflight.{}", f.extension()));
                out.sinks.push(file_sink(header, *f, &path, options)?);
                out.files.push(path);
            }
        } else if let Some(path) = output {
            if formats.len() > 1 {
                bail!("--output takes one format; use --output-dir for several");
            }
            out.sinks.push(file_sink(header, formats[0], path, options)?);
            out.files.push(path.to_path_buf());
        } else if sign.is_some() {
            bail!("--sign needs --output or --output-dir (a signature is a file next to the report)");
        } else {
            for (i, f) in formats.iter().enumerate() {
                let writer: Box<dyn Write> = if i == 0 {
                    Box::new(std::io::BufWriter::new(std::io::stdout()))
                } else {
                    let buf = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
                    out.buffered.push(buf.clone());
                    Box::new(Shared(buf))
                };
                out.sinks.push(render::sink(header, *f, options, writer).context("writing to standard output")?);
            }
        }
        Ok(out)
    }

    /// Renders one host everywhere.
    pub(crate) fn host(&mut self, host: &HostReport) -> Result<()> {
        for s in &mut self.sinks {
            s.host(host).context("writing the report")?;
        }
        Ok(())
    }

    /// Finishes every output, prints buffered ones, and signs the files.
    pub(crate) fn finish(self, footer: &Footer) -> Result<()> {
        for s in self.sinks {
            s.finish(footer).context("writing the report")?;
        }
        for buf in &self.buffered {
            let data = buf.lock().map_err(|_| anyhow::anyhow!("output buffer poisoned"))?;
            std::io::stdout().lock().write_all(&data).context("writing to standard output")?;
        }
        if let Some(key) = &self.sign {
            for path in &self.files {
                let data =
                    std::fs::read(path).with_context(|| format!("{}: cannot read back for signing", path.display()))?;
                let sig = crate::sign::sign(key, &data)?;
                let sig_path = crate::sign::sig_path(path);
                std::fs::write(&sig_path, sig).with_context(|| format!("{}: cannot write", sig_path.display()))?;
            }
        }
        Ok(())
    }
}
