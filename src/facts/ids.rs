//! Known NVIDIA PCI device ids (pci.ids 2026.05.24, domain-facts §1.1).
//!
//! Devices are always identified by numeric id, never by name: "GH200" contains "H200", and an
//! old pci.ids prints "Device 2335". The rule pack keys its thresholds by these ids too.

/// NVIDIA's PCI vendor id.
pub const NVIDIA: &str = "10de";

/// What kind of NVIDIA device an id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A GPU.
    Gpu,
    /// An NVSwitch that is a PCIe endpoint (Hopper and Ampere HGX).
    NvSwitch,
}

/// `(device id, pci.ids name, kind)`.
pub const KNOWN: &[(&str, &str, Kind)] = &[
    ("2330", "H100 SXM5 80GB", Kind::Gpu),
    ("2331", "H100 PCIe", Kind::Gpu),
    ("2321", "H100 NVL", Kind::Gpu),
    ("2337", "H100 SXM5 64GB", Kind::Gpu),
    ("2338", "H100 SXM5 96GB", Kind::Gpu),
    ("2339", "H100 SXM5 94GB", Kind::Gpu),
    ("2324", "H800", Kind::Gpu),
    ("2322", "H800 PCIe", Kind::Gpu),
    ("233a", "H800 NVL", Kind::Gpu),
    ("2335", "H200 SXM 141GB", Kind::Gpu),
    ("233b", "H200 NVL", Kind::Gpu),
    ("2329", "H20", Kind::Gpu),
    ("232c", "H20 HBM3e", Kind::Gpu),
    ("2342", "GH200 120GB / 480GB", Kind::Gpu),
    ("2348", "GH200 144G HBM3e", Kind::Gpu),
    ("20b0", "A100 SXM4 40GB", Kind::Gpu),
    ("20f1", "A100 PCIe 40GB", Kind::Gpu),
    ("2901", "B200", Kind::Gpu),
    ("2909", "HGX B200 168GB", Kind::Gpu),
    ("2941", "HGX GB200", Kind::Gpu),
    ("3182", "B300 SXM6 AC", Kind::Gpu),
    ("22a3", "H100 NVSwitch", Kind::NvSwitch),
    ("1af1", "A100 NVSwitch", Kind::NvSwitch),
];

/// The model name and kind of an NVIDIA device id (`2335`).
pub fn lookup(device: &str) -> Option<(&'static str, Kind)> {
    KNOWN.iter().find(|(id, _, _)| id.eq_ignore_ascii_case(device)).map(|(_, name, kind)| (*name, *kind))
}

/// True when `vendor:class` is a GPU function (3D controller or VGA).
pub fn is_gpu_class(class: &str) -> bool {
    class.starts_with("0302") || class.starts_with("0300")
}
