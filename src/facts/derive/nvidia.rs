//! NVIDIA software state: driver, nvidia-smi per GPU, MIG, the NVLink matrix and Fabric Manager.
//!
//! nvidia-smi GPUs are joined to PCI GPUs by bus id (`00000000:1B:00.0` = `0000:1b:00.0`); their
//! fields become `gpus[].…` facts. The driver version comes from `/proc/driver/nvidia/version`
//! and nvidia-smi, which must agree.

use std::collections::BTreeMap;

use crate::facts::parse::{fabricmanager as fm, mig, nvidia_smi, nvidia_version, topo};
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::snapshot::{SnapFile, Snapshot, SourceId};
use crate::units::Version;

/// nvidia-smi GPUs by normalised BDF, with the file they came from.
pub struct Smi<'a> {
    /// Parsed report.
    pub report: nvidia_smi::Report,
    /// Its file.
    pub file: &'a SnapFile,
}

/// Reads nvidia-smi: XML preferred (complete), else text.
pub fn read_smi(snap: &Snapshot) -> Option<Smi<'_>> {
    let file = snap.first(SourceId::NvidiaSmiXml).or_else(|| snap.first(SourceId::NvidiaSmiText))?;
    Some(Smi { report: nvidia_smi::parse(&file.text()), file })
}

impl Smi<'_> {
    /// The GPU at a BDF.
    pub fn gpu(&self, bdf: &str) -> Option<&nvidia_smi::Gpu> {
        self.report.gpus.iter().find(|g| crate::facts::parse::lspci::normalise_bdf(&g.bus_id).as_deref() == Some(bdf))
    }

    fn ev(&self, line: u32, text: &str) -> Evidence {
        Evidence::line(self.file, line, text)
    }
}

/// Adds nvidia-smi fields of one GPU to its fact map.
pub fn add_smi_fields(m: &mut MapBuilder, smi: &Smi<'_>, g: &nvidia_smi::Gpu) {
    let field = |key: &str| g.get(key).filter(|(v, _)| !v.is_empty() && v != "N/A");
    let s = |key: &str, name: &str| field(key).map(|(v, n)| Fact::str(v.clone(), smi.ev(*n, &format!("{name} : {v}"))));
    for (key, name) in [
        ("product_name", "Product Name"),
        ("uuid", "GPU UUID"),
        ("serial", "Serial Number"),
        ("vbios", "VBIOS Version"),
        ("virtualization_mode", "Virtualization Mode"),
        ("fabric_state", "Fabric State"),
        ("fabric_status", "Fabric Status"),
        ("persistence_mode", "Persistence Mode"),
        ("ecc_current", "ECC Mode Current"),
        ("reset_required", "Reset Required"),
        ("remap_pending", "Remapped Rows Pending"),
        ("remap_failure", "Remapping Failure Occurred"),
    ] {
        let out = match key {
            "virtualization_mode" => "virtualization_mode",
            "ecc_current" => "ecc",
            other => other,
        };
        m.set_opt(out, s(key, name));
    }
    if let Some((v, n)) = field("mig_current") {
        m.set("mig_mode", Fact::str(v.to_ascii_lowercase(), smi.ev(*n, &format!("MIG Mode Current : {v}"))));
    }
    if let Some((v, n)) = field("mig_pending") {
        m.set("mig_pending", Fact::str(v.to_ascii_lowercase(), smi.ev(*n, &format!("MIG Mode Pending : {v}"))));
    }
    if let Some((v, n)) = field("bar1_total")
        && let Some(b) = nvidia_smi::mib(v)
    {
        m.set("bar1", Fact::bytes(b, smi.ev(*n, &format!("BAR1 Memory Usage Total : {v}"))));
    }
}

/// The per-GPU keys that only nvidia-smi provides (after renaming).
pub const SMI_KEYS: &[&str] = &[
    "product_name",
    "uuid",
    "serial",
    "vbios",
    "virtualization_mode",
    "fabric_state",
    "fabric_status",
    "persistence_mode",
    "ecc",
    "reset_required",
    "remap_pending",
    "remap_failure",
    "mig_mode",
    "mig_pending",
    "bar1",
];

/// Marks every nvidia-smi key of a GPU that nvidia-smi did not describe as unknown, so that a
/// rule reading one says what is missing instead of treating the field as absent.
pub fn smi_fields_unknown(m: &mut MapBuilder, why: &str) {
    for key in SMI_KEYS {
        m.set(key, Fact::unknown(why));
    }
}

/// Reads a `pci_id` from nvidia-smi's `Device Id : 0x233510DE`.
pub fn smi_pci_id(g: &nvidia_smi::Gpu) -> Option<String> {
    let (v, _) = g.get("device_id")?;
    let hex = v.trim_start_matches("0x").to_ascii_lowercase();
    (hex.len() == 8).then(|| format!("{}:{}", &hex[4..], &hex[..4]))
}

/// `nvidia`: driver version, open module, CUDA version.
pub fn driver_fact(snap: &Snapshot, smi: Option<&Smi<'_>>) -> Fact {
    let mut m = MapBuilder::new();
    let proc = snap.first(SourceId::NvidiaVersion).and_then(|f| nvidia_version::parse(&f.text()).map(|v| (v, f)));
    let mut versions = Vec::new();
    if let Some((v, f)) = &proc {
        if let Some(ver) = Version::parse(&v.version) {
            versions.push(Fact::version(ver, Evidence::line(f, v.line, &v.text)));
        }
        m.set("open_module", Fact::bool(v.open, Evidence::line(f, v.line, &v.text)));
    }
    if let Some(s) = smi
        && let Some((v, n)) = &s.report.driver_version
        && let Some(ver) = Version::parse(v)
    {
        versions.push(Fact::version(ver, s.ev(*n, &format!("Driver Version : {v}"))));
    }
    let loaded = proc.is_some() || smi.is_some_and(|s| s.report.driver_version.is_some());
    let why = if snap.has(SourceId::Modules) {
        "the NVIDIA driver is not loaded (no /proc/driver/nvidia/version, no nvidia-smi)"
    } else {
        "no /proc/driver/nvidia/version or nvidia-smi in the snapshot"
    };
    m.set("driver_version", Fact::agree(versions, why));
    if let Some(s) = smi
        && let Some((v, n)) = &s.report.cuda_version
    {
        m.set("cuda_version", Fact::str(v.clone(), s.ev(*n, &format!("CUDA Version : {v}"))));
    }
    // "Loaded" is positive when the driver speaks; negative only when modules were collected and nvidia is absent.
    let modules = snap.first(SourceId::Modules);
    let loaded_fact = if loaded {
        let ev = proc
            .as_ref()
            .map(|(v, f)| Evidence::line(f, v.line, &v.text))
            .or_else(|| smi.map(|s| Evidence::file(s.file, "nvidia-smi output")));
        Fact::new(Value::Bool(true), ev.into_iter().collect())
    } else if let Some(f) = modules {
        let has = crate::facts::parse::modules::parse(&f.text()).into_iter().any(|(n, _)| n == "nvidia");
        Fact::bool(has, Evidence::file(f, if has { "nvidia in the module list" } else { "no nvidia module loaded" }))
    } else {
        Fact::unknown("neither the driver version file, nvidia-smi nor the module list was collected")
    };
    m.set("driver_loaded", loaded_fact);
    m.build()
}

/// `nvlink`: the topology matrix summary.
pub fn nvlink_fact(snap: &Snapshot) -> (Fact, Option<topo::Topology>) {
    let Some(file) = snap.first(SourceId::Topology) else {
        return (Fact::unknown("no `nvidia-smi topo -m` in the snapshot"), None);
    };
    let t = topo::parse(&file.text());
    let mut m = MapBuilder::new();
    let header = Evidence::line(file, t.header_line.max(1), &format!("{} GPUs in `nvidia-smi topo -m`", t.gpu_count()));
    m.evidence(header.clone());
    let complete = t.complete();
    m.set("matrix_complete", Fact::bool(complete, header.clone()));
    m.set("gpu_count", Fact::int(t.gpu_count() as i64, header));
    let n = t.gpu_count();
    let mut pairs = Vec::new();
    let mut min: Option<(u32, Evidence)> = None;
    for a in 0..n {
        for b in (a + 1)..n {
            if let Some((cell, row)) = t.link(a, b) {
                let ev = Evidence::line(file, row.line, row.text.trim_end());
                let links = topo::nvlinks(cell);
                let mut p = MapBuilder::new();
                p.evidence(ev.clone());
                p.set("a", Fact::int(a as i64, ev.clone()))
                    .set("b", Fact::int(b as i64, ev.clone()))
                    .set("link", Fact::str(cell, ev.clone()));
                if let Some(l) = links {
                    p.set("nvlinks", Fact::int(i64::from(l), ev.clone()));
                    if min.as_ref().is_none_or(|(m, _)| l < *m) {
                        min = Some((l, ev));
                    }
                }
                pairs.push(p.build());
            }
        }
    }
    let partial = (!complete).then(|| "the topology matrix is incomplete (cut rows or missing GPUs)".to_string());
    m.set("pairs", Fact::list(pairs, partial.clone()));
    m.set(
        "min_links",
        match (min, &partial) {
            (Some((l, ev)), None) => Fact::int(i64::from(l), ev),
            (_, Some(why)) => Fact::unknown(why.clone()),
            (None, None) => Fact::unknown("no GPU pairs in the matrix"),
        },
    );
    (m.build(), Some(t))
}

/// `mig`: profiles, instances and compute instances from every MIG listing.
pub fn mig_fact(snap: &Snapshot) -> Fact {
    let sources = [
        SourceId::MigProfiles,
        SourceId::MigPlacements,
        SourceId::MigInstances,
        SourceId::MigComputeInstances,
        SourceId::NvidiaSmiList,
    ];
    if !sources.iter().any(|s| snap.has(*s)) {
        return Fact::unknown("no `nvidia-smi mig` listings in the snapshot");
    }
    let mut m = MapBuilder::new();
    let mut profiles = Vec::new();
    let mut instances = Vec::new();
    let mut compute = Vec::new();
    let mut listed: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for id in sources {
        for f in snap.source_files(id) {
            let parsed = mig::parse(&f.text());
            for p in parsed.profiles {
                listed.entry(p.gpu).or_default().push(p.id);
                let ev = Evidence::line(f, p.line, p.text.trim());
                let mut b = MapBuilder::new();
                b.set("gpu", Fact::int(i64::from(p.gpu), ev.clone())).set("id", Fact::int(i64::from(p.id), ev.clone()));
                b.set("name", Fact::str(p.name, ev.clone())).set("total", Fact::int(i64::from(p.total), ev.clone()));
                b.set("free", Fact::int(i64::from(p.free), ev));
                profiles.push(b.build());
            }
            for i in parsed.instances {
                let ev = Evidence::line(f, i.line, i.text.trim());
                let mut b = MapBuilder::new();
                b.set("gpu", Fact::int(i64::from(i.gpu), ev.clone())).set("id", Fact::int(i64::from(i.id), ev.clone()));
                b.set("profile_id", Fact::int(i64::from(i.profile), ev.clone()))
                    .set("name", Fact::str(i.name, ev.clone()));
                instances.push((i.gpu, i.profile, b, ev));
            }
            for c in parsed.compute {
                let ev = Evidence::line(f, c.line, c.text.trim());
                let mut b = MapBuilder::new();
                b.set("gpu", Fact::int(i64::from(c.gpu), ev.clone()))
                    .set("gpu_instance", Fact::int(i64::from(c.gpu_instance), ev.clone()));
                b.set("id", Fact::int(i64::from(c.id), ev));
                compute.push(b.build());
            }
        }
    }
    let have_lgip = !listed.is_empty();
    let mut per_gpu: BTreeMap<u32, i64> = BTreeMap::new();
    for (gpu, _, _, _) in &instances {
        *per_gpu.entry(*gpu).or_default() += 1;
    }
    let max_ev: Vec<Evidence> = instances.iter().map(|(_, _, _, e)| e.clone()).take(8).collect();
    m.set("max_instances_per_gpu", Fact::new(Value::Int(per_gpu.values().copied().max().unwrap_or(0)), max_ev));
    let instances: Vec<Fact> = instances
        .into_iter()
        .map(|(gpu, profile, mut b, ev)| {
            // Profile ids vary by GPU and driver: check against this GPU's own -lgip when it is there.
            let known = match listed.get(&gpu) {
                Some(ids) => ids.contains(&profile),
                None => mig::HOPPER_PROFILE_IDS.contains(&profile),
            };
            b.set("profile_listed", Fact::bool(known, ev));
            b.build()
        })
        .collect();
    m.set("profiles_listed", Fact::new(Value::Bool(have_lgip), Vec::new()));
    m.set("profiles", Fact::list(profiles, None));
    m.set("instances", Fact::list(instances, None));
    m.set("compute_instances", Fact::list(compute, None));
    m.build()
}

/// `fabric_manager`: configuration, service state, version.
pub fn fabric_manager_fact(snap: &Snapshot) -> Fact {
    let cfg = snap.first(SourceId::FmConfig);
    let status = snap.first(SourceId::FmStatus);
    let log = snap.first(SourceId::FmLog);
    let ver = snap.first(SourceId::FmVersion);
    let mut m = MapBuilder::new();
    let service = status.map(|f| (f, fm::service(&f.text())));
    let installed = if let Some(f) = cfg.or(ver) {
        Fact::bool(true, Evidence::file(f, &f.path))
    } else if let Some((f, _)) = service.as_ref().filter(|(_, s)| s.is_fabric_manager) {
        Fact::bool(true, Evidence::file(f, "systemctl status nvidia-fabricmanager"))
    } else if let Some((f, (n, t))) = service.as_ref().and_then(|(f, s)| s.not_found.as_ref().map(|nf| (f, nf))) {
        Fact::bool(false, Evidence::line(f, *n, t))
    } else {
        Fact::unknown("no fabricmanager.cfg, nv-fabricmanager version or service status in the snapshot")
    };
    m.set("installed", installed);
    if let Some(f) = cfg {
        let c = fm::config(&f.text());
        let get = |k: &str| c.get(k).map(|(v, n, t)| (v.clone(), Evidence::line(f, *n, t)));
        m.set(
            "mode",
            match get("FABRIC_MODE") {
                Some((v, ev)) => match v.parse::<i64>() {
                    Ok(i) => Fact::int(i, ev),
                    Err(_) => Fact::unknown_with("FABRIC_MODE is not a number", vec![ev]),
                },
                // FM's default is 0 (bare metal / full passthrough) when the key is absent.
                None => Fact::int(0, Evidence::file(f, "FABRIC_MODE not set: default 0")),
            },
        );
        m.set(
            "bind_ip",
            match get("BIND_INTERFACE_IP") {
                Some((v, ev)) => Fact::str(v, ev),
                None => Fact::str("127.0.0.1", Evidence::file(f, "BIND_INTERFACE_IP not set: default 127.0.0.1")),
            },
        );
        if let Some((v, ev)) = get("FM_CMD_BIND_INTERFACE") {
            m.set("cmd_bind_ip", Fact::str(v, ev));
        }
        if let Some((v, ev)) = get("UNIX_SOCKET_PATH").filter(|(v, _)| !v.is_empty()) {
            m.set("unix_socket", Fact::str(v, ev));
        }
    } else {
        m.set("mode", Fact::unknown("no fabricmanager.cfg in the snapshot"));
        m.set("bind_ip", Fact::unknown("no fabricmanager.cfg in the snapshot"));
    }
    if let Some((f, s)) = &service
        && let Some((n, t)) = &s.not_found
    {
        m.set("running", Fact::bool(false, Evidence::line(f, *n, t)));
        m.set("nothing_to_do", Fact::bool(false, Evidence::line(f, *n, t)));
    } else if let Some((f, s)) = &service {
        match &s.active {
            Some((state, n, t)) => {
                m.set("running", Fact::bool(state.starts_with("active (running)"), Evidence::line(f, *n, t)))
            }
            None => m.set("running", Fact::unknown("the status output has no Active: line")),
        };
        match &s.nothing_to_do {
            Some((n, t)) => m.set("nothing_to_do", Fact::bool(true, Evidence::line(f, *n, t))),
            None => m.set("nothing_to_do", Fact::bool(false, Evidence::file(f, "no NV_WARN_NOTHING_TO_DO"))),
        };
    } else {
        let why = "no `systemctl status nvidia-fabricmanager` in the snapshot";
        m.set("running", Fact::unknown(why));
        m.set("nothing_to_do", Fact::unknown(why));
    }
    let mut versions = Vec::new();
    for f in [ver, log].into_iter().flatten() {
        if let Some((v, n, t)) = fm::version(&f.text())
            && let Some(ver) = Version::parse(&v)
        {
            versions.push(Fact::version(ver, Evidence::line(f, n, &t)));
        }
        if let Some((fmv, drv, n, t)) = fm::mismatch(&f.text()) {
            let ev = Evidence::line(f, n, &t);
            m.set("logged_mismatch", Fact::str(format!("{fmv} vs driver {drv}"), ev));
        }
    }
    m.set(
        "version",
        Fact::agree(
            versions,
            "no Fabric Manager version in the snapshot (nv-fabricmanager --version or fabricmanager.log)",
        ),
    );
    m.build()
}
