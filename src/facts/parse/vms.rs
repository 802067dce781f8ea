//! VM definitions: libvirt domain XML (`/etc/libvirt/qemu/*.xml`) and Proxmox
//! `qemu-server/*.conf`, read into one shape.
//!
//! libvirt: `<hostdev>` and `<interface type='hostdev'>` PCI sources with `managed`, `<cputune>`
//! vcpupin/emulatorpin, guest NUMA cells, `<numatune>`, hugepage backing, firmware/loader,
//! machine type, `<maxphysaddr>`, `<memballoon>`, and `qemu:commandline` `-fw_cfg
//! opt/ovmf/X-PciMmio64Mb`. Fragments without `<domain>` (a hostdev snippet) are accepted.
//! Proxmox: `hostpciN: 0000:06:00,pcie=1,x-vga=1` (an address without a function means all
//! functions), `cpu`, `numa`, `numaN`, `affinity`, `balloon`, `machine`, `bios`, `hugepages`;
//! `# …` inline comments are not configuration, and `[snapshot]` sections are past state.

use crate::units::parse_size;

/// One PCI device assigned to a VM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostDev {
    /// Host address, `dddd:bb:dd.f` (or `dddd:bb:dd` with `all_functions`).
    pub bdf: String,
    /// Proxmox `0000:06:00` without a function: every function of the device.
    pub all_functions: bool,
    /// libvirt `managed='yes'` (detach from the host driver at start); `None` when not said.
    pub managed: Option<bool>,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// A VM definition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vm {
    /// Name (libvirt `<name>`, Proxmox `name:` or the VM id).
    pub name: String,
    /// `libvirt` or `proxmox`.
    pub kind: &'static str,
    /// Assigned PCI devices.
    pub hostdevs: Vec<HostDev>,
    /// Machine type.
    pub machine: Option<(String, u32)>,
    /// `efi`, `ovmf`, `bios`, `seabios`.
    pub firmware: Option<(String, u32)>,
    /// Memory backed by hugepages, and the page size.
    pub hugepages: Option<(Option<u64>, u32)>,
    /// Guest memory.
    pub memory: Option<(u64, u32)>,
    /// vCPU count.
    pub vcpus: Option<(u32, u32)>,
    /// `(vcpu, host cpuset, line)` pins.
    pub vcpu_pins: Vec<(u32, String, u32)>,
    /// Emulator thread pin.
    pub emulator_pin: Option<(String, u32)>,
    /// Proxmox `affinity:` host CPU set.
    pub affinity: Option<(String, u32)>,
    /// Guest NUMA cells: `(id, cpus, line)`.
    pub numa_cells: Vec<(u32, String, u32)>,
    /// Host NUMA binding: `(mode, nodeset, line)`.
    pub numatune: Vec<(String, String, u32)>,
    /// `<maxphysaddr mode='passthrough'/>` or `host-phys-bits`.
    pub phys_bits_passthrough: Option<(bool, u32)>,
    /// OVMF `X-PciMmio64Mb` in MiB.
    pub mmio64_mb: Option<(u64, u32)>,
    /// A memory balloon device.
    pub balloon: Option<(bool, u32)>,
    /// Why the file could only be read in part.
    pub error: Option<String>,
}

fn hex(v: Option<&str>) -> Option<u32> {
    let v = v?;
    u32::from_str_radix(v.trim_start_matches("0x"), 16).ok()
}

/// Parses a libvirt domain (or a fragment of one).
pub fn libvirt(text: &str, stem: &str) -> Vm {
    let doc = super::xml::parse(text);
    let mut vm = Vm { kind: "libvirt", name: stem.to_string(), error: doc.error.clone(), ..Vm::default() };
    let mut hostdevs = Vec::new();
    for root in &doc.roots {
        root_walk(root, &mut vm, &mut hostdevs);
    }
    for h in hostdevs {
        let source = h.path("source/address");
        let (Some(bus), Some(slot), Some(func)) = (
            hex(source.and_then(|a| a.attr("bus"))),
            hex(source.and_then(|a| a.attr("slot"))),
            hex(source.and_then(|a| a.attr("function"))),
        ) else {
            continue;
        };
        if h.name == "hostdev" && h.attr("type").is_some_and(|t| t != "pci") {
            continue;
        }
        let domain = hex(source.and_then(|a| a.attr("domain"))).unwrap_or(0);
        let text_line = text.lines().nth(h.line as usize - 1).unwrap_or("").trim().to_string();
        vm.hostdevs.push(HostDev {
            bdf: format!("{domain:04x}:{bus:02x}:{slot:02x}.{func:x}"),
            all_functions: false,
            managed: h.attr("managed").map(|m| m == "yes"),
            line: h.line,
            text: text_line,
        });
    }
    vm
}

fn root_walk<'a>(e: &'a super::xml::Element, vm: &mut Vm, hostdevs: &mut Vec<&'a super::xml::Element>) {
    match e.name.as_str() {
        "domain" => {
            if let Some(n) = e.child("name") {
                vm.name.clone_from(&n.text);
            }
            if let Some(m) = e.child("memory") {
                let unit = m.attr("unit").unwrap_or("KiB");
                if let Some(bytes) = parse_size(&format!("{}{}", m.text, unit)) {
                    vm.memory = Some((bytes, m.line));
                }
            }
            if let Some(v) = e.child("vcpu") {
                vm.vcpus = v.text.parse().ok().map(|n| (n, v.line));
            }
            if let Some(os) = e.child("os") {
                if let Some(fw) = os.attr("firmware") {
                    vm.firmware = Some((fw.to_string(), os.line));
                } else if let Some(loader) = os.child("loader") {
                    let kind = if loader.text.contains("OVMF")
                        || loader.text.contains("edk2")
                        || loader.attr("type") == Some("pflash")
                    {
                        "efi"
                    } else {
                        "bios"
                    };
                    vm.firmware = Some((kind.into(), loader.line));
                }
                if let Some(t) = os.child("type") {
                    vm.machine = t.attr("machine").map(|m| (m.to_string(), t.line));
                }
            }
            if let Some(mb) = e.child("memoryBacking")
                && let Some(hp) = mb.child("hugepages")
            {
                let size = hp.child("page").and_then(|p| {
                    parse_size(&format!("{}{}", p.attr("size").unwrap_or(""), p.attr("unit").unwrap_or("KiB")))
                });
                vm.hugepages = Some((size, hp.line));
            }
            if let Some(ct) = e.child("cputune") {
                for p in ct.children_named("vcpupin") {
                    if let (Some(v), Some(set)) = (p.attr("vcpu").and_then(|v| v.parse().ok()), p.attr("cpuset")) {
                        vm.vcpu_pins.push((v, set.to_string(), p.line));
                    }
                }
                if let Some(p) = ct.child("emulatorpin") {
                    vm.emulator_pin = p.attr("cpuset").map(|s| (s.to_string(), p.line));
                }
            }
            if let Some(nt) = e.child("numatune") {
                for m in nt.children.iter().filter(|c| c.name == "memory" || c.name == "memnode") {
                    vm.numatune.push((
                        m.attr("mode").unwrap_or("strict").to_string(),
                        m.attr("nodeset").unwrap_or("").to_string(),
                        m.line,
                    ));
                }
            }
            if let Some(cpu) = e.child("cpu") {
                if let Some(cells) = cpu.child("numa") {
                    for c in cells.children_named("cell") {
                        vm.numa_cells.push((
                            c.attr("id").and_then(|i| i.parse().ok()).unwrap_or(0),
                            c.attr("cpus").unwrap_or("").to_string(),
                            c.line,
                        ));
                    }
                }
                if let Some(m) = cpu.child("maxphysaddr") {
                    vm.phys_bits_passthrough = Some((m.attr("mode") == Some("passthrough"), m.line));
                }
            }
            if let Some(devs) = e.child("devices") {
                for d in &devs.children {
                    match d.name.as_str() {
                        "hostdev" => hostdevs.push(d),
                        "interface" if d.attr("type") == Some("hostdev") => hostdevs.push(d),
                        "memballoon" => vm.balloon = Some((d.attr("model") != Some("none"), d.line)),
                        _ => {}
                    }
                }
            }
            for q in e.children.iter().filter(|c| c.name.ends_with("commandline")) {
                for arg in q.children_named("qemu:arg").chain(q.children_named("arg")) {
                    let v = arg.attr("value").unwrap_or("");
                    if let Some(rest) = v.split("X-PciMmio64Mb,string=").nth(1) {
                        vm.mmio64_mb = rest.trim().parse().ok().map(|mb| (mb, arg.line));
                    }
                    if v.contains("host-phys-bits=on") || v.contains("host-phys-bits=true") {
                        vm.phys_bits_passthrough = Some((true, arg.line));
                    }
                }
            }
        }
        "hostdev" => hostdevs.push(e),
        _ => {}
    }
}

/// Parses a Proxmox `qemu-server/<id>.conf`.
pub fn proxmox(text: &str, stem: &str) -> Vm {
    let mut vm = Vm { kind: "proxmox", name: stem.to_string(), ..Vm::default() };
    for (n, raw) in crate::facts::text::numbered(text) {
        let line = raw.split(" #").next().unwrap_or(raw).trim();
        if line.starts_with('[') {
            break; // snapshot sections describe past state
        }
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else { continue };
        let (key, value) = (key.trim(), value.trim());
        let first = value.split(',').next().unwrap_or("");
        let opt = |name: &str| value.split(',').find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string));
        match key {
            "name" => vm.name = value.to_string(),
            k if k.starts_with("hostpci") => {
                let host = opt("host").unwrap_or_else(|| first.to_string());
                for one in host.split(';') {
                    let addr = if one.matches(':').count() == 1 { format!("0000:{one}") } else { one.to_string() };
                    let all = !addr.contains('.');
                    let bdf = if all {
                        addr.to_ascii_lowercase()
                    } else {
                        super::lspci::normalise_bdf(&addr).unwrap_or(addr)
                    };
                    vm.hostdevs.push(HostDev {
                        bdf,
                        all_functions: all,
                        managed: None,
                        line: n,
                        text: raw.trim().to_string(),
                    });
                }
            }
            "machine" => vm.machine = Some((first.to_string(), n)),
            "bios" => vm.firmware = Some((value.to_string(), n)),
            "memory" => vm.memory = value.parse::<u64>().ok().map(|mb| (mb << 20, n)),
            "cores" => vm.vcpus = value.parse().ok().map(|c| (c, n)),
            "affinity" => vm.affinity = Some((value.to_string(), n)),
            "balloon" => vm.balloon = Some((value != "0", n)),
            "hugepages" => vm.hugepages = Some((value.parse::<u64>().ok().map(|mb| mb << 20), n)),
            k if k.starts_with("numa") && k.len() > 4 => {
                if let Some(cpus) = opt("cpus") {
                    vm.numa_cells.push((k[4..].parse().unwrap_or(0), cpus, n));
                }
                if let Some(nodes) = opt("hostnodes") {
                    vm.numatune.push((opt("policy").unwrap_or_else(|| "preferred".into()), nodes, n));
                }
            }
            "cpu" if value.contains("phys-bits=host") => vm.phys_bits_passthrough = Some((true, n)),
            _ => {}
        }
    }
    if vm.balloon.is_none() && vm.memory.is_some() {
        // Proxmox enables the balloon device unless `balloon: 0` is set.
        vm.balloon = vm.memory.map(|(_, n)| (true, n));
    }
    vm
}

/// Expands a CPU list (`0-3,8,10-11`) into CPU numbers (bounded).
pub fn cpulist(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>(), b.trim().parse::<u32>()),
            None => (part.parse::<u32>(), part.parse::<u32>()),
        };
        if let (Ok(a), Ok(b)) = (a, b) {
            for c in a..=b.min(a.saturating_add(8192)) {
                out.push(c);
            }
        }
        if out.len() > 65_536 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libvirt_domain() {
        let vm = libvirt(
            "<domain type='kvm'>\n<name>t</name>\n<memory unit='KiB'>1048576</memory>\n<memoryBacking><hugepages><page size='1048576' unit='KiB'/></hugepages></memoryBacking>\n<cputune><vcpupin vcpu='0' cpuset='4'/></cputune>\n<os firmware='efi'><type arch='x86_64' machine='pc-q35-9.2'>hvm</type></os>\n<cpu mode='host-passthrough'><maxphysaddr mode='passthrough'/></cpu>\n<devices>\n<hostdev mode='subsystem' type='pci' managed='no'>\n<source><address domain='0x0000' bus='0x1b' slot='0x00' function='0x0'/></source>\n</hostdev>\n<memballoon model='none'/>\n</devices>\n</domain>\n",
            "t",
        );
        assert_eq!(vm.name, "t");
        assert_eq!(vm.memory.map(|m| m.0), Some(1 << 30));
        assert_eq!(vm.hugepages.map(|h| h.0), Some(Some(1 << 30)));
        assert_eq!(vm.hostdevs[0].bdf, "0000:1b:00.0");
        assert_eq!(vm.hostdevs[0].managed, Some(false));
        assert_eq!(vm.hostdevs[0].line, 9);
        assert_eq!(vm.firmware.map(|f| f.0), Some("efi".into()));
        assert_eq!(vm.phys_bits_passthrough.map(|p| p.0), Some(true));
        assert_eq!(vm.balloon.map(|b| b.0), Some(false));
    }

    #[test]
    fn proxmox_conf() {
        let vm = proxmox(
            "hostpci0: 0000:04:00.0,pcie=1,x-vga=1 # -> see note\nhostpci1: 06:00,pcie=1\nballoon: 12288\nmemory: 32768\nnuma0: cpus=0-23,hostnodes=1,memory=32768,policy=bind\naffinity: 14-27,42-55\n[snap1]\nhostpci2: 0000:07:00.0\n",
            "104",
        );
        assert_eq!(vm.hostdevs.len(), 2);
        assert_eq!(vm.hostdevs[0].bdf, "0000:04:00.0");
        assert!(vm.hostdevs[1].all_functions);
        assert_eq!(vm.hostdevs[1].bdf, "0000:06:00");
        assert_eq!(vm.balloon.map(|b| b.0), Some(true));
        assert_eq!(vm.numatune[0].0, "bind");
        assert_eq!(cpulist("14-17,42"), vec![14, 15, 16, 17, 42]);
    }
}
