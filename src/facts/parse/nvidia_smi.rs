//! `nvidia-smi -q` (text) and `nvidia-smi -q -x` (XML), read into one shape.
//!
//! Both are trees: the text by indentation (`    MIG Mode` / `        Current : Disabled`), the
//! XML by elements (`<mig_mode><current_mig>`). Each GPU's tree is flattened into
//! `path → (value, line)` and the fields rules need are picked by their names in either format
//! (DTD v11 and v12 differ in a few names; both are listed). Text captures are often grep
//! output (`nvidia-smi -q | grep -A2 Fabric`): lines before any `GPU …` header belong to an
//! anonymous GPU, and the result says so.

use std::collections::BTreeMap;

/// One GPU's fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Gpu {
    /// Bus id as printed (`00000000:19:00.0`); empty for grep output without the header.
    pub bus_id: String,
    /// Line of the GPU header.
    pub line: u32,
    /// `path → (value, line)`, paths in the text format's names joined by `/`.
    pub fields: BTreeMap<String, (String, u32)>,
}

/// What a capture says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// `Driver Version`.
    pub driver_version: Option<(String, u32)>,
    /// `CUDA Version`.
    pub cuda_version: Option<(String, u32)>,
    /// `Attached GPUs`.
    pub attached: Option<(u32, u32)>,
    /// Per GPU.
    pub gpus: Vec<Gpu>,
    /// True when the capture looks filtered (fields without a GPU header).
    pub filtered: bool,
    /// XML that did not parse to the end.
    pub error: Option<String>,
}

/// A field of interest: its text path and its XML paths (relative to `<gpu>`).
pub struct FieldName {
    /// Stable key used by the fact builder.
    pub key: &'static str,
    /// Path in `nvidia-smi -q` text.
    pub text: &'static str,
    /// Paths in `-q -x` XML (v11 and v12 names).
    pub xml: &'static [&'static str],
}

/// The fields the tool reads.
pub const FIELDS: &[FieldName] = &[
    FieldName { key: "product_name", text: "Product Name", xml: &["product_name"] },
    FieldName { key: "uuid", text: "GPU UUID", xml: &["uuid"] },
    FieldName { key: "serial", text: "Serial Number", xml: &["serial"] },
    FieldName { key: "vbios", text: "VBIOS Version", xml: &["vbios_version"] },
    FieldName { key: "persistence_mode", text: "Persistence Mode", xml: &["persistence_mode"] },
    FieldName { key: "mig_current", text: "MIG Mode/Current", xml: &["mig_mode/current_mig"] },
    FieldName { key: "mig_pending", text: "MIG Mode/Pending", xml: &["mig_mode/pending_mig"] },
    FieldName {
        key: "virtualization_mode",
        text: "GPU Virtualization Mode/Virtualization Mode",
        xml: &["gpu_virtualization_mode/virtualization_mode"],
    },
    FieldName { key: "device_id", text: "PCI/Device Id", xml: &["pci/pci_device_id"] },
    FieldName { key: "bus_id", text: "PCI/Bus Id", xml: &["pci/pci_bus_id"] },
    FieldName {
        key: "link_gen_max",
        text: "PCI/GPU Link Info/PCIe Generation/Max",
        xml: &["pci/pci_gpu_link_info/pcie_gen/max_link_gen"],
    },
    FieldName {
        key: "link_gen",
        text: "PCI/GPU Link Info/PCIe Generation/Current",
        xml: &["pci/pci_gpu_link_info/pcie_gen/current_link_gen"],
    },
    FieldName {
        key: "link_width_max",
        text: "PCI/GPU Link Info/Link Width/Max",
        xml: &["pci/pci_gpu_link_info/link_widths/max_link_width"],
    },
    FieldName {
        key: "link_width",
        text: "PCI/GPU Link Info/Link Width/Current",
        xml: &["pci/pci_gpu_link_info/link_widths/current_link_width"],
    },
    FieldName { key: "fb_total", text: "FB Memory Usage/Total", xml: &["fb_memory_usage/total"] },
    FieldName { key: "bar1_total", text: "BAR1 Memory Usage/Total", xml: &["bar1_memory_usage/total"] },
    FieldName { key: "ecc_current", text: "ECC Mode/Current", xml: &["ecc_mode/current_ecc"] },
    FieldName { key: "fabric_state", text: "Fabric/State", xml: &["fabric/state"] },
    FieldName { key: "fabric_status", text: "Fabric/Status", xml: &["fabric/status"] },
    FieldName { key: "module_id", text: "Module ID", xml: &["module_id", "gpu_module_id"] },
    FieldName {
        key: "reset_required",
        text: "GPU Reset Status/Reset Required",
        xml: &["gpu_reset_status/reset_required"],
    },
    FieldName {
        key: "retired_pending",
        text: "Retired Pages/Pending Page Blacklist",
        xml: &["retired_pages/pending_blacklist", "retired_pages/pending_retirement"],
    },
    FieldName { key: "remap_pending", text: "Remapped Rows/Pending", xml: &["remapped_rows/remapped_row_pending"] },
    FieldName {
        key: "remap_failure",
        text: "Remapped Rows/Remapping Failure Occurred",
        xml: &["remapped_rows/remapped_row_failure"],
    },
];

impl Gpu {
    /// A field by its stable key.
    pub fn get(&self, key: &str) -> Option<&(String, u32)> {
        let f = FIELDS.iter().find(|f| f.key == key)?;
        self.fields.get(f.text).or_else(|| f.xml.iter().find_map(|x| self.fields.get(&format!("xml:{x}"))))
    }
}

/// Parses either format (XML is recognised by its first `<`).
pub fn parse(text: &str) -> Report {
    if text.trim_start().starts_with('<') { parse_xml(text) } else { parse_text(text) }
}

/// Parses `nvidia-smi -q` text.
pub fn parse_text(text: &str) -> Report {
    let mut report = Report::default();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut current: Option<Gpu> = None;
    for (n, raw) in crate::facts::text::numbered(text) {
        if raw.trim().is_empty() || raw.trim_start().starts_with("$ ") || raw.starts_with("==") {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if indent == 0
            && let Some(bus) = line.strip_prefix("GPU ")
            && crate::facts::parse::lspci::normalise_bdf(bus.trim()).is_some()
        {
            if let Some(g) = current.take() {
                report.gpus.push(g);
            }
            current = Some(Gpu { bus_id: bus.trim().to_string(), line: n, fields: BTreeMap::new() });
            stack.clear();
            continue;
        }
        let (key, value) = match line.split_once(" : ") {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => match line.strip_suffix(':') {
                Some(k) if line.ends_with(" :") => (k.trim(), Some("")),
                _ => (line, None),
            },
        };
        if indent == 0 {
            match key {
                "Driver Version" => report.driver_version = value.map(|v| (v.to_string(), n)),
                "CUDA Version" => report.cuda_version = value.map(|v| (v.to_string(), n)),
                "Attached GPUs" => report.attached = value.and_then(|v| v.parse().ok()).map(|v| (v, n)),
                _ => {}
            }
            continue;
        }
        if current.is_none() {
            report.filtered = true;
            current = Some(Gpu { bus_id: String::new(), line: n, fields: BTreeMap::new() });
        }
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let mut path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        path.push(key);
        let joined = path.join("/");
        match value {
            Some(v) => {
                if let Some(g) = current.as_mut() {
                    g.fields.entry(joined).or_insert((v.to_string(), n));
                }
            }
            None => stack.push((indent, key.to_string())),
        }
    }
    if let Some(g) = current.take() {
        report.gpus.push(g);
    }
    report
}

/// Parses `nvidia-smi -q -x` XML; whitespace around values is trimmed.
pub fn parse_xml(text: &str) -> Report {
    let doc = super::xml::parse(text);
    let mut report = Report { error: doc.error.clone(), ..Report::default() };
    let Some(root) = doc.roots.iter().find(|r| r.name == "nvidia_smi_log") else {
        report.error.get_or_insert_with(|| "no <nvidia_smi_log> element".into());
        return report;
    };
    for c in &root.children {
        match c.name.as_str() {
            "driver_version" => report.driver_version = Some((c.text.clone(), c.line)),
            "cuda_version" => report.cuda_version = Some((c.text.clone(), c.line)),
            "attached_gpus" => report.attached = c.text.parse().ok().map(|v| (v, c.line)),
            "gpu" => {
                let mut gpu =
                    Gpu { bus_id: c.attr("id").unwrap_or_default().to_string(), line: c.line, fields: BTreeMap::new() };
                flatten(c, "", &mut gpu.fields);
                report.gpus.push(gpu);
            }
            _ => {}
        }
    }
    report
}

fn flatten(e: &super::xml::Element, prefix: &str, out: &mut BTreeMap<String, (String, u32)>) {
    for c in &e.children {
        let path = if prefix.is_empty() { c.name.clone() } else { format!("{prefix}/{}", c.name) };
        if c.children.is_empty() {
            out.entry(format!("xml:{path}")).or_insert((c.text.clone(), c.line));
        } else {
            flatten(c, &path, out);
        }
    }
}

/// `131072 MiB` → bytes.
pub fn mib(text: &str) -> Option<u64> {
    let num: u64 = text.split_whitespace().next()?.parse().ok()?;
    text.contains("MiB").then_some(num << 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_tree() {
        let r = parse_text(
            "==============NVSMI LOG==============\nDriver Version                            : 550.90.07\n\nAttached GPUs                             : 1\nGPU 00000000:1B:00.0\n    Product Name                          : NVIDIA H200\n    MIG Mode\n        Current                           : Disabled\n        Pending                           : Enabled\n    PCI\n        Device Id                         : 0x233510DE\n    BAR1 Memory Usage\n        Total                             : 262144 MiB\n    Fabric\n        State                             : Completed\n        Status                            : Success\n",
        );
        assert_eq!(r.driver_version.as_ref().map(|v| v.0.as_str()), Some("550.90.07"));
        let g = &r.gpus[0];
        assert_eq!(g.bus_id, "00000000:1B:00.0");
        assert_eq!(g.get("mig_pending").map(|v| v.0.as_str()), Some("Enabled"));
        assert_eq!(g.get("device_id").map(|v| v.0.as_str()), Some("0x233510DE"));
        assert_eq!(g.get("bar1_total").and_then(|v| mib(&v.0)), Some(256 << 30));
        assert_eq!(g.get("fabric_state").map(|v| v.0.as_str()), Some("Completed"));
        assert!(!r.filtered);
    }

    #[test]
    fn grep_output_is_an_anonymous_gpu() {
        let r = parse_text(
            "$ nvidia-smi -q -i 0 | grep -A 2 '^ *Fabric'\n    Fabric\n        State                             : In Progress\n        Status                            : N/A\n",
        );
        assert!(r.filtered);
        assert_eq!(r.gpus[0].get("fabric_state").map(|v| v.0.as_str()), Some("In Progress"));
    }

    #[test]
    fn xml_fields() {
        let r = parse_xml(
            "<?xml version=\"1.0\" ?>\n<nvidia_smi_log>\n<driver_version>510.47.03</driver_version>\n<gpu id=\"00000000:00:04.0\">\n<product_name>NVIDIA A100-SXM4-40GB</product_name>\n<mig_mode><current_mig>Enabled</current_mig></mig_mode>\n<fan_speed> 40 % </fan_speed>\n</gpu>\n</nvidia_smi_log>\n",
        );
        assert_eq!(r.driver_version.as_ref().map(|v| v.0.as_str()), Some("510.47.03"));
        assert_eq!(r.gpus[0].bus_id, "00000000:00:04.0");
        assert_eq!(r.gpus[0].get("mig_current"), Some(&("Enabled".to_string(), 6)));
        assert!(r.gpus[0].fields.get("xml:fan_speed").is_some_and(|v| v.0 == "40 %"));
    }

    #[test]
    fn broken_xml_is_reported_not_fatal() {
        let r = parse_xml("<nvidia_smi_log><gpu id=\"x\"><product_name>A</gpu>");
        assert!(r.error.is_some());
    }
}
