//! Minor captures people attach to bug reports: QEMU/libvirt vfio errors, CUDA errors,
//! `grubby --args` commands, the nvidia-smi summary table, and shared-NVSwitch partition listings
//! (`nv-partitioner -o 0`, `nvswitch-audit`, OpenNebula's `NVSWITCH_PARTITION` blocks).

use std::sync::LazyLock;

use regex::Regex;

/// A vfio failure QEMU or libvirt logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VfioError {
    /// `group N is not viable`: a device of the group is on a host driver.
    GroupNotViable(u32),
    /// `failed to set iommu for container: Operation not permitted` (often RMRR or no interrupt remapping).
    ContainerEperm,
    /// `failed to setup container for group N`.
    ContainerSetup(u32),
}

static NOT_VIABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"group (\d+) is not viable").expect("regex"));
static SETUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"failed to setup container for group (\d+)").expect("regex"));
static CUDA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:returned|[Ee]rror)\s+(\d{3})\b").expect("regex"));
static GRUBBY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"grubby\b.*--args[= ]["']?([^"']+)["']?"#).expect("regex"));

/// vfio errors in QEMU or libvirt log text: (error, line).
pub fn vfio_errors(text: &str) -> Vec<(VfioError, u32)> {
    let mut out = Vec::new();
    for (n, line) in crate::facts::text::numbered(text) {
        if let Some(c) = NOT_VIABLE.captures(line) {
            out.push((VfioError::GroupNotViable(c[1].parse().unwrap_or(0)), n));
        } else if line.contains("failed to set iommu for container") {
            out.push((VfioError::ContainerEperm, n));
        } else if let Some(c) = SETUP.captures(line) {
            out.push((VfioError::ContainerSetup(c[1].parse().unwrap_or(0)), n));
        }
    }
    out
}

/// CUDA runtime error codes printed by deviceQuery or an application (802 = system not yet initialized).
pub fn cuda_errors(text: &str) -> Vec<(u32, u32)> {
    crate::facts::text::numbered(text)
        .filter(|(_, l)| l.contains("cuda") || l.contains("CUDA"))
        .filter_map(|(n, l)| CUDA.captures(l).and_then(|c| c[1].parse().ok()).map(|code| (code, n)))
        .collect()
}

/// Arguments added with `grubby --args=…`: (arguments, line).
pub fn grubby_args(text: &str) -> Vec<(String, u32)> {
    crate::facts::text::numbered(text)
        .filter_map(|(n, l)| GRUBBY.captures(l).map(|c| (c[1].trim().to_string(), n)))
        .collect()
}

/// The nvidia-smi summary table: driver version and per-GPU (bus id, MIG mode) rows.
pub fn smi_summary(text: &str) -> (Option<String>, Vec<(String, Option<String>)>) {
    let mut driver = None;
    let mut gpus: Vec<(String, Option<String>)> = Vec::new();
    let mut pending_mig = false;
    for line in text.lines() {
        if let Some(idx) = line.find("Driver Version:") {
            driver = line[idx + 15..].split_whitespace().next().map(str::to_string);
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let Some(bus) = cells
            .iter()
            .find_map(|c| c.split_whitespace().find(|w| super::lspci::normalise_bdf(w).is_some() && w.contains(':')))
        {
            gpus.push((bus.to_string(), None));
            pending_mig = true;
            continue;
        }
        if pending_mig && cells.len() >= 4 {
            let last = cells[cells.len() - 2];
            if matches!(last, "Enabled" | "Disabled" | "N/A") {
                if let Some(g) = gpus.last_mut() {
                    g.1 = Some(last.to_string());
                }
                pending_mig = false;
            }
        }
    }
    (driver, gpus)
}

/// One shared-NVSwitch partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// Partition id.
    pub id: u32,
    /// GPU module ids.
    pub gpus: Vec<u32>,
    /// ACTIVE / INACTIVE.
    pub active: bool,
    /// Host BDFs, when the listing gives them.
    pub bdfs: Vec<String>,
    /// Line.
    pub line: u32,
}

/// `nv-partitioner -o 0` tables and OpenNebula `NVSWITCH_PARTITION=[…]` blocks.
pub fn partitions(text: &str) -> Vec<Partition> {
    let mut out = Vec::new();
    let mut block: Option<Partition> = None;
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.trim();
        if t.starts_with("NVSWITCH_PARTITION=[") {
            block = Some(Partition { id: 0, gpus: Vec::new(), active: false, bdfs: Vec::new(), line: n });
            continue;
        }
        if let Some(b) = block.as_mut() {
            let value = |key: &str| {
                t.strip_prefix(key).map(|v| {
                    v.trim_start_matches('=').trim_matches(|c| c == '"' || c == ',' || c == ']' || c == ' ').to_string()
                })
            };
            if let Some(v) = value("PARTITION_GPU_ADDR") {
                b.bdfs = v.split_whitespace().filter_map(super::lspci::normalise_bdf).collect();
            } else if let Some(v) = value("PARTITION_GPU_IDS") {
                b.gpus = v.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            } else if let Some(v) = value("PARTITION_ID") {
                b.id = v.parse().unwrap_or(0);
            } else if let Some(v) = value("PARTITION_STATUS") {
                b.active = v.starts_with("ACTIVE");
            }
            if t.ends_with(']') {
                out.extend(block.take());
            }
            continue;
        }
        // "1              4              1, 2, 3, 4               18                  ACTIVE"
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.len() >= 4
            && words[0].chars().all(|c| c.is_ascii_digit())
            && matches!(*words.last().unwrap_or(&""), "ACTIVE" | "INACTIVE")
        {
            let middle = &words[2..words.len() - 2];
            out.push(Partition {
                id: words[0].parse().unwrap_or(0),
                gpus: middle.iter().filter_map(|w| w.trim_end_matches(',').parse().ok()).collect(),
                active: words.last() == Some(&"ACTIVE"),
                bdfs: Vec::new(),
                line: n,
            });
        }
    }
    out
}

/// `nvswitch-audit` GPU reachability matrix: rows of NVLink counts by GPU physical id.
pub fn reachability(text: &str) -> Vec<(u32, Vec<u32>)> {
    let mut out = Vec::new();
    let mut started = false;
    for line in text.lines() {
        if line.contains("GPU Physical Id") {
            started = true;
            continue;
        }
        if !started {
            continue;
        }
        let nums: Vec<u32> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        if nums.len() >= 2 {
            out.push((nums[0], nums[1..].to_vec()));
        } else if !line.trim().is_empty() {
            break;
        }
    }
    out
}
