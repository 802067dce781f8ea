//! Kernel facts: command line, loaded modules, modprobe configuration and the kernel log.

use std::collections::{BTreeMap, BTreeSet};

use crate::facts::parse::{cmdline, dmesg, modprobe, modules};
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::snapshot::{SnapFile, Snapshot, SourceId};

/// The parsed running command line, for joins.
#[derive(Debug, Clone, Default)]
pub struct Cmdline {
    /// Arguments.
    pub args: Vec<cmdline::Arg>,
    /// The file.
    pub file: Option<SnapFile>,
}

impl Cmdline {
    /// The last value of a parameter, with evidence.
    pub fn param(&self, key: &str) -> Option<(&str, Evidence)> {
        let file = self.file.as_ref()?;
        let arg = self.args.iter().rev().find(|a| a.key == key)?;
        Some((arg.value.as_str(), Evidence::line(file, 1, &arg.raw)))
    }

    /// Evidence that the whole command line was read (for "not set" conclusions).
    pub fn whole(&self) -> Option<Evidence> {
        let file = self.file.as_ref()?;
        Some(Evidence::line(file, 1, file.text().lines().next().unwrap_or("")))
    }
}

/// Reads `/proc/cmdline`.
pub fn read_cmdline(snap: &Snapshot) -> Cmdline {
    match snap.first(SourceId::Cmdline) {
        Some(f) => {
            let text = f.text();
            let line = text.lines().next().unwrap_or("");
            Cmdline { args: cmdline::tokenize(line), file: Some(f.clone()) }
        }
        None => Cmdline::default(),
    }
}

/// `kernel.cmdline`. `acs_override_applied`: the kernel log shows the out-of-tree ACS override
/// patch acting on `pcie_acs_override`, so that parameter is not ineffective on this kernel.
pub fn cmdline_fact(c: &Cmdline, acs_override_applied: bool) -> Fact {
    let Some(file) = &c.file else {
        return Fact::unknown("no /proc/cmdline in the snapshot");
    };
    let text = file.text();
    let raw = text.lines().next().unwrap_or("").trim().to_string();
    let whole = Evidence::line(file, 1, &raw);
    let mut params = MapBuilder::new();
    params.evidence(whole.clone());
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for a in &c.args {
        params.set(&a.key, Fact::str(a.value.clone(), Evidence::line(file, 1, &a.raw)));
        *seen.entry(a.key.as_str()).or_default() += 1;
    }
    let repeated: Vec<Fact> = seen.iter().filter(|(_, n)| **n > 1).map(|(k, _)| Fact::str(*k, whole.clone())).collect();
    let ineffective: Vec<Fact> = cmdline::ineffective(&c.args)
        .into_iter()
        .filter(|i| !(acs_override_applied && i.arg.starts_with("pcie_acs_override")))
        .map(|i| {
            let ev = Evidence::line(file, 1, &i.arg);
            let mut m = MapBuilder::new();
            m.set("arg", Fact::str(i.arg, ev.clone())).set("why", Fact::str(i.why, ev));
            m.build()
        })
        .collect();
    let partial = file.truncated.then(|| "the command line was cut at the read bound".to_string());
    let mut m = MapBuilder::new();
    m.set("raw", Fact::str(raw, whole.clone()));
    let mut p = params.build();
    if let (Some(why), Some(map)) = (&partial, p.as_map_mut()) {
        map.partial = Some(why.clone());
    }
    m.set("params", p);
    m.set("repeated", Fact::list(repeated, partial.clone()));
    m.set("ineffective", Fact::list(ineffective, partial));
    m.build()
}

/// The parsed kernel log, if any.
pub fn read_log(snap: &Snapshot) -> Option<(dmesg::KernelLog, &SnapFile)> {
    snap.first(SourceId::Dmesg).map(|f| (dmesg::parse(&f.text()), f))
}

/// `kernel.log`.
pub fn log_fact(log: Option<&(dmesg::KernelLog, &SnapFile)>) -> Fact {
    let Some((log, file)) = log else {
        return Fact::unknown("no kernel log (dmesg or journalctl -k) in the snapshot");
    };
    let mut m = MapBuilder::new();
    let first = Evidence::line(file, 1, file.text().lines().next().unwrap_or(""));
    m.set("has_boot", Fact::bool(log.has_boot, first.clone()));
    let override_line = log.events.iter().find(|e| e.event == dmesg::Event::AcsOverride);
    m.set(
        "acs_override_warning",
        match override_line {
            Some(e) => Fact::bool(true, Evidence::line(file, e.line, &e.text)),
            None if log.has_boot => Fact::bool(false, first.clone()),
            None => Fact::unknown(
                "the kernel log does not start at boot (rotated or filtered), so a missing warning proves nothing",
            ),
        },
    );
    let failures: Vec<Fact> = bar_failures(log, file).into_iter().map(|(_, f)| f).collect();
    let partial =
        (!log.has_boot).then(|| "the kernel log does not start at boot; earlier failures may be missing".to_string());
    m.set("bar_failures", Fact::list(failures, partial.clone()));
    let mut xids = Vec::new();
    let mut sxids = Vec::new();
    let mut nvrm = Vec::new();
    let mut rmrr = Vec::new();
    for e in &log.events {
        let ev = Evidence::line(file, e.line, &e.text);
        let event = |bdf: &str, code: u32| {
            let mut b = MapBuilder::new();
            b.evidence(ev.clone());
            b.set("bdf", Fact::str(bdf, ev.clone())).set("code", Fact::int(i64::from(code), ev.clone()));
            b
        };
        match &e.event {
            dmesg::Event::Xid { bdf, code } => xids.push(event(bdf, *code).build()),
            dmesg::Event::Sxid { bdf, code, fatal } => {
                let mut b = event(bdf, *code);
                b.set("fatal", Fact::bool(*fatal, ev.clone()));
                sxids.push(b.build());
            }
            dmesg::Event::Nvrm(msg) => nvrm.push(Fact::str(msg.clone(), ev)),
            dmesg::Event::RmrrIneligible(bdf) => rmrr.push(Fact::str(bdf.clone(), ev)),
            _ => {}
        }
    }
    m.set("xids", Fact::list(xids, partial.clone()));
    m.set("sxids", Fact::list(sxids, partial.clone()));
    m.set("nvrm_errors", Fact::list(nvrm, partial.clone()));
    m.set("rmrr_ineligible", Fact::list(rmrr, partial));
    m.build()
}

/// BAR placement failures by device.
pub fn bar_failures(log: &dmesg::KernelLog, file: &SnapFile) -> Vec<(String, Fact)> {
    log.events
        .iter()
        .filter_map(|e| match &e.event {
            dmesg::Event::BarNoSpace { bdf, bar, size } | dmesg::Event::BarFailed { bdf, bar, size } => {
                let ev = Evidence::line(file, e.line, &e.text);
                let mut m = MapBuilder::new();
                m.evidence(ev.clone());
                m.set("bdf", Fact::str(bdf.clone(), ev.clone()));
                if let Some(b) = bar {
                    m.set("bar", Fact::int(i64::from(*b), ev.clone()));
                }
                if let Some(sz) = size {
                    m.set("size", Fact::bytes(*sz, ev));
                }
                Some((bdf.clone(), m.build()))
            }
            _ => None,
        })
        .collect()
}

/// `kernel.modules`.
pub fn modules_fact(snap: &Snapshot) -> Fact {
    let Some(file) = snap.first(SourceId::Modules) else {
        return Fact::unknown("no /proc/modules or lsmod in the snapshot");
    };
    let items = modules::parse(&file.text())
        .into_iter()
        .map(|(name, n)| Fact::str(name.clone(), Evidence::line(file, n, &name)))
        .collect();
    Fact::list(items, file.truncated.then(|| "the module list was cut".to_string()))
}

/// Parsed modprobe directives with their files.
pub fn read_modprobe(snap: &Snapshot) -> Vec<(modprobe::Directive, &SnapFile)> {
    snap.source_files(SourceId::Modprobe)
        .flat_map(|f| modprobe::parse(&f.text()).into_iter().map(move |d| (d, f)))
        .collect()
}

/// `modprobe`.
pub fn modprobe_fact(snap: &Snapshot, directives: &[(modprobe::Directive, &SnapFile)], cmd: &Cmdline) -> Fact {
    if !snap.has(SourceId::Modprobe) {
        return Fact::unknown("no /etc/modprobe.d in the snapshot");
    }
    let mut options: BTreeMap<String, MapBuilder> = BTreeMap::new();
    let mut blacklist = Vec::new();
    let mut vfio_ids: Vec<Fact> = Vec::new();
    let mut seen_ids = BTreeSet::new();
    for (d, f) in directives {
        let ev = Evidence::line(f, d.line, &d.text);
        match d.kind.as_str() {
            "options" => {
                let entry = options.entry(d.module.clone()).or_default();
                for (k, v) in modprobe::option_pairs(&d.args) {
                    if d.module == "vfio_pci" && k == "ids" {
                        for id in v.split(',').filter(|x| !x.is_empty()) {
                            if seen_ids.insert(id.to_ascii_lowercase()) {
                                vfio_ids.push(Fact::str(id.to_ascii_lowercase(), ev.clone()));
                            }
                        }
                    }
                    entry.set(&k, Fact::str(v, ev.clone()));
                }
            }
            "blacklist" => blacklist.push(Fact::str(d.module.clone(), ev)),
            _ => {}
        }
    }
    if let Some((v, ev)) = cmd.param("vfio_pci.ids") {
        for id in v.split(',').filter(|x| !x.is_empty()) {
            if seen_ids.insert(id.to_ascii_lowercase()) {
                vfio_ids.push(Fact::str(id.to_ascii_lowercase(), ev.clone()));
            }
        }
    }
    let mut softdeps = Vec::new();
    for (d, f) in directives.iter().filter(|(d, _)| d.kind == "softdep") {
        let ev = Evidence::line(f, d.line, &d.text);
        let mut b = MapBuilder::new();
        b.set("module", Fact::str(d.module.clone(), ev.clone()));
        let pre: Vec<Fact> = d
            .args
            .split("post:")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| *w != "pre:")
            .map(|w| Fact::str(crate::facts::parse::modprobe::module_name(w), ev.clone()))
            .collect();
        b.set("pre", Fact::list(pre, None));
        softdeps.push(b.build());
    }
    let mut opts = MapBuilder::new();
    for (module, b) in options {
        opts.set(&module, b.build());
    }
    let mut m = MapBuilder::new();
    m.set("options", opts.build());
    m.set("blacklist", Fact::list(blacklist, None));
    m.set("softdeps", Fact::list(softdeps, None));
    m.set("vfio_ids", Fact::new(Value::List(crate::facts::tree::List { items: vfio_ids, partial: None }), Vec::new()));
    m.build()
}
