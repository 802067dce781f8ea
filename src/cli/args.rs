//! Command-line arguments (clap derive). Only parsing lives here; each command is its own module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Preflight compliance linter and audit reporter for GPU passthrough, MIG and shared-NVSwitch hosts.
#[derive(Debug, Parser)]
#[command(name = "gpu-preflight", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate the rules against one or more snapshots and report.
    Scan(Box<ScanArgs>),
    /// Compare two snapshots or two saved results: changed facts, new, fixed and changed findings.
    Diff(DiffArgs),
    /// Collect a read-only snapshot of this host (directory or .tar.gz) for scanning elsewhere.
    Collect(CollectArgs),
    /// Check a collected snapshot against its manifest (and signature): what changed, went, or came.
    Verify(VerifyArgs),
    /// Print the facts read from a snapshot (what rules can check).
    Facts(FactsArgs),
    /// List, show, validate and test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Re-render a saved JSON result in another format.
    Report(ReportArgs),
    /// Check a report file against its detached signature (`FILE.sig`).
    VerifyReport {
        /// The report file.
        file: PathBuf,
        /// The public key (`KEY.pub` from `keygen`).
        #[arg(long, value_name = "PUB")]
        key: PathBuf,
    },
    /// Create an Ed25519 key pair for signing reports and manifests: KEY (secret, 0600) and KEY.pub.
    Keygen {
        /// Where to write the secret key.
        #[arg(long, value_name = "KEY")]
        out: PathBuf,
    },
}

/// Colour choice.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options shared by commands that load rules.
#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// Extra rule directory: adds rules, or replaces built-in rules and profiles with the same id (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Profile: passthrough (default), mig, vgpu, shared-nvswitch, windows-guest.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,
    /// Configuration file overriding parameters, severities and the rule selection.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Snapshot directories, archives (.tar, .tar.gz, .tar.zst, .tar.xz) or nvidia-bug-report logs.
    /// None (or --live): scan this host.
    #[arg(value_name = "SNAPSHOT")]
    pub snapshots: Vec<PathBuf>,
    /// Scan the running host (collected in memory, read-only, exactly as `collect` would).
    #[arg(long, conflicts_with = "snapshots")]
    pub live: bool,
    /// Live scan: the host root to read (tests and chroots; default /).
    #[arg(long, value_name = "DIR", default_value = "/")]
    pub root: PathBuf,
    /// Live scan: per-command timeout in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    pub timeout: u64,
    /// Rule selection.
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Fail the gate on failures at or above this severity.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Count unknown findings at or above the threshold as failures.
    #[arg(long)]
    pub fail_on_unknown: bool,
    /// Waivers and attestations file.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// The `collect --redact` key: waiver host names (without wildcards) are hashed with it, so
    /// they match redacted snapshots.
    #[arg(long, value_name = "FILE", requires = "waivers")]
    pub redaction_key: Option<PathBuf>,
    /// A saved JSON result: failures it already had (same host, rule, subject) are reported but
    /// only new ones fail the gate.
    #[arg(long, value_name = "RESULT.json")]
    pub baseline: Option<PathBuf>,
    /// Fail the gate when a snapshot was collected more than DAYS days ago (or when its collection time is unknown).
    #[arg(long, value_name = "DAYS")]
    pub max_age: Option<u32>,
    /// Output options shared with `report`.
    #[command(flatten)]
    pub render: RenderArgs,
}

/// `collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Where to write: a new directory, or FILE.tar.gz (default: ./gpu-preflight-HOST-TIME.tar.gz).
    #[arg(long, short = 'o', value_name = "DIR|FILE.tar.gz")]
    pub output: Option<PathBuf>,
    /// Replace host names, serial numbers, UUIDs, MAC and IP addresses with stable keyed hashes.
    #[arg(long)]
    pub redact: bool,
    /// The redaction key (created, mode 0600, if missing). Use one key per fleet so names stay stable.
    #[arg(long, value_name = "FILE", requires = "redact")]
    pub redact_key: Option<PathBuf>,
    /// Sign the manifest with this Ed25519 secret key (from `keygen`).
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,
    /// Per-command timeout in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    pub timeout: u64,
    /// The host root to read (tests and chroots; default /).
    #[arg(long, value_name = "DIR", default_value = "/")]
    pub root: PathBuf,
    /// No progress line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot or JSON result.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later snapshot or JSON result.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Rule selection (used when scanning snapshots).
    #[command(flatten)]
    pub rules: RuleArgs,
    /// table, json or markdown.
    #[arg(long, short = 'f', default_value = "table")]
    pub format: String,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A snapshot directory or archive written by `collect`.
    #[arg(value_name = "SNAPSHOT")]
    pub snapshot: PathBuf,
    /// The public key (`KEY.pub` from `keygen`) the manifest must be signed with.
    #[arg(long, value_name = "PUB")]
    pub key: Option<PathBuf>,
    /// table or json.
    #[arg(long, short = 'f', default_value = "table")]
    pub format: String,
}

/// Where reports go and how they look (`scan` and `report`).
#[derive(Debug, Args, Clone)]
pub struct RenderArgs {
    /// Output formats, comma-separated: table, json, sarif, junit, markdown, html.
    #[arg(long, short = 'f', value_delimiter = ',', default_value = "table")]
    pub format: Vec<String>,
    /// Write to this file instead of standard output (one format only).
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write every format into this directory as `gpu-preflight.EXT`.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Show passing and not-applicable findings in the table.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Include passing and not-applicable results in SARIF.
    #[arg(long)]
    pub sarif_passes: bool,
    /// Directory of HTML templates overriding the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    pub template_dir: Option<PathBuf>,
    /// Sign every output file with this Ed25519 secret key (writes FILE.sig).
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,
}

/// `facts`.
#[derive(Debug, Args)]
pub struct FactsArgs {
    /// The snapshot.
    #[arg(value_name = "SNAPSHOT", required_unless_present = "catalog")]
    pub snapshot: Option<PathBuf>,
    /// json or yaml.
    #[arg(long, short = 'f', default_value = "json")]
    pub format: String,
    /// Show where every value came from (file:line).
    #[arg(long)]
    pub provenance: bool,
    /// Print the fact catalog (names, types, meanings) instead.
    #[arg(long)]
    pub catalog: bool,
}

/// `rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List rules.
    List {
        /// Rule selection.
        #[command(flatten)]
        rules: RuleArgs,
        /// table or json.
        #[arg(long, short = 'f', default_value = "table")]
        format: String,
    },
    /// Show one rule: what it checks, why, how to fix, references.
    Show {
        /// Rule id.
        id: String,
        /// Extra rule directories.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Print the JSON Schema of rule files.
    Schema,
    /// Run the rule test fixtures (built-in and under --rules directories).
    Test {
        /// Extra rule directories (their `tests/` fixtures run too).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        /// Only fixtures of this rule id.
        #[arg(long)]
        only: Option<String>,
    },
}

/// `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// JSON results written by `scan --format json` (several with --merge).
    #[arg(value_name = "RESULT", required = true)]
    pub results: Vec<PathBuf>,
    /// Merge several results (shards of one fleet scanned on different machines) into one report.
    #[arg(long)]
    pub merge: bool,
    /// Output options.
    #[command(flatten)]
    pub render: RenderArgs,
}
