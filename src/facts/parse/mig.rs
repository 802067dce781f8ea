//! MIG listings: `nvidia-smi mig -lgip`, `-lgipp`, `-lgi`, `-lci`, `nvidia-smi -L`, and the
//! output of instance creation (`Successfully created GPU instance ID 9 …`).

use std::sync::LazyLock;

use regex::Regex;

/// A GPU-instance profile (`-lgip`).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// GPU index.
    pub gpu: u32,
    /// `MIG 1g.18gb`.
    pub name: String,
    /// Profile id.
    pub id: u32,
    /// Free instances.
    pub free: u32,
    /// Total instances.
    pub total: u32,
    /// Memory in GiB.
    pub memory_gib: f64,
    /// SM count.
    pub sm: Option<u32>,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// A GPU instance (`-lgi` or creation output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// GPU index.
    pub gpu: u32,
    /// Instance id.
    pub id: u32,
    /// Profile id.
    pub profile: u32,
    /// Profile name.
    pub name: String,
    /// `start:size`, when listed.
    pub placement: Option<String>,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// A compute instance (`-lci` or creation output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComputeInstance {
    /// GPU index.
    pub gpu: u32,
    /// Its GPU instance.
    pub gpu_instance: u32,
    /// Compute instance id.
    pub id: u32,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// Everything MIG listings say.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mig {
    /// Profiles.
    pub profiles: Vec<Profile>,
    /// GPU instances.
    pub instances: Vec<Instance>,
    /// Compute instances.
    pub compute: Vec<ComputeInstance>,
    /// `nvidia-smi -L` MIG devices: (GPU index, profile name, line).
    pub devices: Vec<(u32, String, u32)>,
    /// "No MIG-enabled devices found." or similar seen.
    pub none_enabled: Option<u32>,
}

static LGIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\|\s*(\d+)\s+(MIG [\w.+]+)\s+(\d+)\s+(\d+)/(\d+)\s+([\d.]+)\s+\w+\s+(\d+)").expect("lgip regex")
});
static LGI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\|\s*(\d+)\s+(MIG [\w.+]+)\s+(\d+)\s+(\d+)\s+(\d+:\d+)\s*\|").expect("lgi regex"));
static LCI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\|\s*(\d+)\s+(\d+)\s+(MIG [\w.+]+)\s+(\d+)\s+(\d+)\s+(\d+:\d+)\s*\|").expect("lci regex")
});
static CREATED_GI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"Successfully created GPU instance ID\s+(\d+) on GPU\s+(\d+) using profile (MIG [\w.+]+) \(ID\s+(\d+)\)",
    )
    .expect("gi regex")
});
static CREATED_CI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Successfully created compute instance ID\s+(\d+) on GPU\s+(\d+) GPU instance ID\s+(\d+)")
        .expect("ci regex")
});
static LIST_GPU: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^GPU (\d+): ").expect("L regex"));
static LIST_MIG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(MIG [\w.+]+)\s+Device\s+\d+:").expect("L mig regex"));

/// Parses any of the MIG listings (they can be concatenated).
pub fn parse(text: &str) -> Mig {
    let mut m = Mig::default();
    let mut gpu_for_list = 0;
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.to_string();
        if let Some(c) = LGIP.captures(line) {
            m.profiles.push(Profile {
                gpu: c[1].parse().unwrap_or(0),
                name: c[2].to_string(),
                id: c[3].parse().unwrap_or(0),
                free: c[4].parse().unwrap_or(0),
                total: c[5].parse().unwrap_or(0),
                memory_gib: c[6].parse().unwrap_or(0.0),
                sm: c[7].parse().ok(),
                line: n,
                text: t,
            });
        } else if let Some(c) = LCI.captures(line) {
            m.compute.push(ComputeInstance {
                gpu: c[1].parse().unwrap_or(0),
                gpu_instance: c[2].parse().unwrap_or(0),
                id: c[5].parse().unwrap_or(0),
                line: n,
                text: t,
            });
        } else if let Some(c) = LGI.captures(line) {
            m.instances.push(Instance {
                gpu: c[1].parse().unwrap_or(0),
                name: c[2].to_string(),
                profile: c[3].parse().unwrap_or(0),
                id: c[4].parse().unwrap_or(0),
                placement: Some(c[5].to_string()),
                line: n,
                text: t,
            });
        } else if let Some(c) = CREATED_GI.captures(line) {
            m.instances.push(Instance {
                id: c[1].parse().unwrap_or(0),
                gpu: c[2].parse().unwrap_or(0),
                name: c[3].to_string(),
                profile: c[4].parse().unwrap_or(0),
                placement: None,
                line: n,
                text: t,
            });
        } else if let Some(c) = CREATED_CI.captures(line) {
            m.compute.push(ComputeInstance {
                id: c[1].parse().unwrap_or(0),
                gpu: c[2].parse().unwrap_or(0),
                gpu_instance: c[3].parse().unwrap_or(0),
                line: n,
                text: t,
            });
        } else if let Some(c) = LIST_GPU.captures(line) {
            gpu_for_list = c[1].parse().unwrap_or(0);
        } else if let Some(c) = LIST_MIG.captures(line) {
            m.devices.push((gpu_for_list, c[1].to_string(), n));
        } else if line.contains("No GPU instances found") || line.contains("No MIG-enabled devices found") {
            m.none_enabled = Some(n);
        }
    }
    m
}

/// Published GPU-instance profile ids for H100/H200 (MIG user guide, domain-facts §4.1).
pub const HOPPER_PROFILE_IDS: &[u32] = &[19, 20, 15, 14, 9, 5, 0];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lgip_and_lgi() {
        let m = parse(
            "|   0  MIG 1g.10gb         19     7/7        9.75       No     14     1     0   |\n|                                                               1     1     0   |\n|   0  MIG 7g.80gb          0     1/1        79.25      No     114    7     0   |\n|   0  MIG 2g.24gb         14        3          0:2     |\n",
        );
        assert_eq!(m.profiles.len(), 2);
        assert_eq!((m.profiles[0].id, m.profiles[0].total, m.profiles[1].sm), (19, 7, Some(114)));
        assert_eq!(m.instances[0].id, 3);
        assert_eq!(m.instances[0].profile, 14);
    }

    #[test]
    fn creation_output_and_list() {
        let m = parse(
            "Successfully created GPU instance ID  9 on GPU  0 using profile MIG 1g.10gb (ID 19)\nSuccessfully created compute instance ID  0 on GPU  0 GPU instance ID  9 using profile MIG 1g.10gb (ID  0)\nGPU 0: NVIDIA H100 NVL (UUID: GPU-1)\n  MIG 2g.24gb     Device  0: (UUID: MIG-1)\n",
        );
        assert_eq!((m.instances[0].id, m.instances[0].profile), (9, 19));
        assert_eq!(m.compute[0].gpu_instance, 9);
        assert_eq!(m.devices.len(), 1);
    }
}
