//! `/proc/cpuinfo` (and `lscpu`, which people paste instead).
//!
//! `vmx`/`svm` mean CPU virtualization (VT-x/AMD-V), not the IOMMU: IOMMU hardware comes from
//! the ACPI DMAR/IVRS tables and `/sys/class/iommu`. `hypervisor` means this OS is itself a guest.

/// What the CPU description says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cpu {
    /// `GenuineIntel` / `AuthenticAMD`, with its line.
    pub vendor: Option<(String, u32)>,
    /// Model name, with its line.
    pub model: Option<(String, u32)>,
    /// Flags of the first processor, with their line.
    pub flags: Option<(Vec<String>, u32)>,
    /// Number of logical processors.
    pub count: u32,
}

/// Parses `/proc/cpuinfo` or `lscpu` output.
pub fn parse(text: &str) -> Cpu {
    let mut cpu = Cpu::default();
    for (n, line) in crate::facts::text::numbered(text) {
        let Some((key, value)) = line.split_once(':') else { continue };
        let key = key.trim();
        let value = value.trim();
        match key {
            "processor" => cpu.count += 1,
            "CPU(s)" if cpu.count == 0 => cpu.count = value.parse().unwrap_or(0),
            "vendor_id" | "Vendor ID" if cpu.vendor.is_none() => cpu.vendor = Some((value.to_string(), n)),
            "model name" | "Model name" if cpu.model.is_none() => cpu.model = Some((value.to_string(), n)),
            "flags" | "Flags" if cpu.flags.is_none() => {
                cpu.flags = Some((value.split_whitespace().map(str::to_string).collect(), n));
            }
            _ => {}
        }
    }
    cpu
}
