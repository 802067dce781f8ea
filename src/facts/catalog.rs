//! The fact catalog: every fact name, its type, what it means and which sources give it.
//!
//! The catalog is the contract between the Rust side (which builds facts) and the YAML side
//! (rules that read them). Rule loading checks every `fact:` path against it, so a typo is a
//! load error with a suggestion, not a silent `unknown`; `docs/facts.md` is generated from it;
//! and a test checks that every fact the code builds is listed here.
//!
//! Paths use `[]` for "each item of a list" (`gpus[].bdf`) and `*` for "any key of a map"
//! (`kernel.cmdline.params.*`).

use std::sync::LazyLock;

/// The type of a fact, which decides the operators that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactType {
    /// true / false.
    Bool,
    /// An integer.
    Int,
    /// Text.
    Str,
    /// A byte size (`256GiB` in rules).
    Bytes,
    /// A dotted version (`550.90.07` in rules).
    Version,
    /// A calendar date, `YYYY-MM-DD` (ordered with `gt`/`gte`/`lt`/`lte`).
    Date,
    /// A list of maps (use `for_each`, `all`, `any`, `none`, `count`).
    List,
    /// A list of strings (use `contains`, `count`).
    StrList,
    /// A map with arbitrary keys (use `has_key`, or name a key in the path).
    Map,
    /// A map with fixed keys (name a key in the path).
    Object,
}

impl FactType {
    /// Name used in docs and errors.
    pub fn as_str(self) -> &'static str {
        match self {
            FactType::Bool => "bool",
            FactType::Int => "int",
            FactType::Str => "string",
            FactType::Bytes => "bytes",
            FactType::Version => "version",
            FactType::Date => "date",
            FactType::List => "list",
            FactType::StrList => "string list",
            FactType::Map => "map",
            FactType::Object => "object",
        }
    }
}

/// One catalog entry.
#[derive(Debug, Clone)]
pub struct FactSpec {
    /// The path pattern.
    pub path: String,
    /// Its type.
    pub ty: FactType,
    /// What it means.
    pub doc: &'static str,
    /// Which logical sources give it (`derived` for joins).
    pub sources: &'static str,
}

/// The catalog, in documentation order.
pub static CATALOG: LazyLock<Vec<FactSpec>> = LazyLock::new(build);

/// Finds the entry for a concrete pattern (`gpus[].aperture.size`).
pub fn find(path: &str) -> Option<&'static FactSpec> {
    CATALOG.iter().find(|s| s.path == path).or_else(|| {
        // Keys of dynamic maps: `kernel.cmdline.params.iommu` matches `kernel.cmdline.params.*`.
        let want: Vec<&str> = path.split('.').collect();
        CATALOG.iter().find(|s| {
            let have: Vec<&str> = s.path.split('.').collect();
            let same = have.len() == want.len() && have.iter().zip(&want).all(|(h, w)| *h == "*" || h == w);
            // A trailing `*` also takes a dotted key (`kernel.cmdline.params.vfio_pci.ids`).
            let dotted = have.last() == Some(&"*")
                && want.len() > have.len()
                && have[..have.len() - 1].iter().zip(&want).all(|(h, w)| *h == "*" || h == w);
            same || dotted
        })
    })
}

/// Every catalog path, for "did you mean" hints.
pub fn paths() -> impl Iterator<Item = &'static str> {
    CATALOG.iter().map(|s| s.path.as_str())
}

fn build() -> Vec<FactSpec> {
    use FactType::*;
    let mut c = Cat::default();
    c.add("host", Object, "The host the snapshot was taken from.", "derived");
    c.add("host.name", Str, "Host name.", "hostname, manifest, uname");
    c.add(
        "host.role",
        Str,
        "`bare-metal`, `hypervisor`, `guest` or `service-vm`: what this OS is in a GPU virtualization setup.",
        "derived: cpuinfo, dmi, pci, vms",
    );
    c.add(
        "host.virtualized",
        Bool,
        "This OS itself runs in a virtual machine (cpuinfo `hypervisor` flag, DMI vendor).",
        "cpuinfo, dmi",
    );
    c.add("host.vendor", Str, "DMI system vendor.", "dmi");
    c.add("host.product", Str, "DMI product name.", "dmi");

    c.add("kernel", Object, "The running kernel.", "derived");
    c.add("kernel.version", Str, "Kernel release.", "uname, dmesg");
    c.add("kernel.cmdline", Object, "The running kernel command line.", "cmdline");
    c.add("kernel.cmdline.raw", Str, "The command line as read.", "cmdline");
    c.add("kernel.cmdline.params", Map, "Parameters by name (`-` and `_` are the same: `vfio_pci.ids`); the value is the last one given, empty for flags.", "cmdline");
    c.add("kernel.cmdline.params.*", Str, "One parameter's value.", "cmdline");
    c.add("kernel.cmdline.repeated", StrList, "Parameters given more than once.", "cmdline");
    c.add(
        "kernel.cmdline.ineffective",
        List,
        "Parameters that do nothing or are probable typos (`amd_iommu=on`, `iommu_pt`).",
        "cmdline",
    );
    c.add("kernel.cmdline.ineffective[].arg", Str, "The argument as written.", "cmdline");
    c.add("kernel.cmdline.ineffective[].why", Str, "Why it has no effect.", "cmdline");
    c.add(
        "kernel.cmdline_persisted",
        Object,
        "The command line the next boot will use (GRUB defaults, /etc/kernel/cmdline, BLS entries).",
        "cmdline-persisted",
    );
    c.add(
        "kernel.cmdline_persisted.params",
        Map,
        "Persisted parameters by name (last value wins).",
        "cmdline-persisted",
    );
    c.add("kernel.cmdline_persisted.params.*", Str, "One persisted parameter.", "cmdline-persisted");
    c.add(
        "kernel.cmdline_persisted.files",
        StrList,
        "Files the persisted command line was read from.",
        "cmdline-persisted",
    );
    c.add("kernel.cmdline_persisted.drift", List, "Parameters that differ between the running and the persisted command line (IOMMU, ACS, vfio, hugepages and every persisted key).", "cmdline, cmdline-persisted");
    c.add("kernel.cmdline_persisted.drift[].param", Str, "Parameter name.", "cmdline, cmdline-persisted");
    c.add("kernel.cmdline_persisted.drift[].running", Str, "Value now (`(not set)`, `(flag)`).", "cmdline");
    c.add("kernel.cmdline_persisted.drift[].persisted", Str, "Value at the next boot.", "cmdline-persisted");
    c.add("kernel.modules", StrList, "Loaded kernel modules.", "modules");
    c.add("kernel.log", Object, "What the kernel log says.", "dmesg");
    c.add(
        "kernel.log.has_boot",
        Bool,
        "The log still holds the boot messages, so a missing message is evidence.",
        "dmesg",
    );
    c.add("kernel.log.acs_override_warning", Bool, "The kernel warned that ACS overrides are enabled.", "dmesg");
    c.add("kernel.log.bar_failures", List, "BARs and bridge windows the kernel could not place.", "dmesg");
    c.add("kernel.log.bar_failures[].bdf", Str, "Device.", "dmesg");
    c.add(
        "kernel.log.bar_failures[].bar",
        Int,
        "BAR number as the kernel counts (`BAR 1`); absent for bridge windows.",
        "dmesg",
    );
    c.add("kernel.log.bar_failures[].size", Bytes, "Requested size.", "dmesg");
    c.add("kernel.log.xids", List, "GPU Xid events (`NVRM: Xid (PCI:…): 79`).", "dmesg");
    c.add("kernel.log.xids[].bdf", Str, "GPU.", "dmesg");
    c.add("kernel.log.xids[].code", Int, "Xid code.", "dmesg");
    c.add("kernel.log.sxids", List, "NVSwitch SXid events.", "dmesg");
    c.add("kernel.log.sxids[].bdf", Str, "NVSwitch.", "dmesg");
    c.add("kernel.log.sxids[].code", Int, "SXid code.", "dmesg");
    c.add("kernel.log.sxids[].fatal", Bool, "Fatal (not marked Non-fatal).", "dmesg");
    c.add(
        "kernel.log.nvrm_errors",
        StrList,
        "NVRM driver errors (RmInitAdapter failed, invalid BAR region, fallen off the bus).",
        "dmesg",
    );
    c.add("kernel.log.rmrr_ineligible", StrList, "Devices the IOMMU cannot attach because of an RMRR.", "dmesg");

    c.add("cpu", Object, "The CPU.", "cpuinfo");
    c.add("cpu.vendor", Str, "`GenuineIntel` or `AuthenticAMD`.", "cpuinfo");
    c.add("cpu.model", Str, "Model name.", "cpuinfo");
    c.add("cpu.count", Int, "Logical processors.", "cpuinfo");
    c.add("cpu.flags", StrList, "Feature flags of the first processor.", "cpuinfo");
    c.add(
        "cpu.virtualization",
        Bool,
        "VT-x (`vmx`) or AMD-V (`svm`) is available. This is CPU virtualization, not the IOMMU.",
        "cpuinfo",
    );

    c.add("iommu", Object, "The IOMMU (VT-d / AMD-Vi).", "derived");
    c.add(
        "iommu.hardware",
        Bool,
        "The firmware advertises an IOMMU (ACPI DMAR or IVRS table, or IOMMU units in sysfs).",
        "acpi-tables, iommu-units",
    );
    c.add("iommu.units", StrList, "IOMMU units in `/sys/class/iommu` (`dmar0`, `ivhd0`).", "iommu-units");
    c.add(
        "iommu.enabled",
        Bool,
        "DMA remapping is active: IOMMU groups exist, or the kernel logged it. Sources must agree.",
        "iommu-groups, iommu-units, lspci, dmesg, cmdline",
    );
    c.add("iommu.default_domain", Str, "Default domain type for host devices (`translated`, `passthrough`); `iommu=pt` only affects host-owned devices.", "dmesg, cmdline");
    c.add(
        "iommu.interrupt_remapping",
        Bool,
        "Interrupt remapping is on (`IR-` chips in `/proc/interrupts`, or the kernel logged it).",
        "interrupts, dmesg",
    );
    c.add(
        "iommu.unsafe_interrupts",
        Bool,
        "vfio_iommu_type1 `allow_unsafe_interrupts` is on now or is configured to be on at the next module load.",
        "unsafe-interrupts, cmdline, modprobe",
    );
    c.add("iommu.group_count", Int, "Number of IOMMU groups.", "iommu-groups, lspci");
    c.add("iommu.groups", List, "IOMMU groups and their devices.", "iommu-groups, lspci");
    c.add("iommu.groups[].id", Int, "Group number.", "iommu-groups, lspci");
    c.add("iommu.groups[].devices", StrList, "BDFs in the group.", "iommu-groups, lspci");

    c.add("modprobe", Object, "Module configuration in `/etc/modprobe.d`.", "modprobe");
    c.add("modprobe.options", Map, "Options by module (`vfio_pci`), each a map of parameter to value.", "modprobe");
    c.add("modprobe.options.*", Map, "One module's options.", "modprobe");
    c.add("modprobe.options.*.*", Str, "One option's value (the last one set).", "modprobe");
    c.add("modprobe.blacklist", StrList, "Blacklisted modules.", "modprobe");
    c.add("modprobe.softdeps", List, "`softdep` directives.", "modprobe");
    c.add("modprobe.softdeps[].module", Str, "The module.", "modprobe");
    c.add("modprobe.softdeps[].pre", StrList, "Modules loaded before it (`softdep nvidia pre: vfio-pci`).", "modprobe");
    c.add(
        "modprobe.vfio_ids",
        StrList,
        "Device ids claimed by vfio-pci (`options vfio-pci ids=` and `vfio_pci.ids=` on the command line).",
        "modprobe, cmdline",
    );

    c.add("pci", Object, "PCI devices.", "lspci, pci-sysfs");
    c.add(
        "pci.mmio_above_4g",
        Bool,
        "Some 64-bit memory BAR is assigned above 4 GiB: the firmware maps MMIO above 4G.",
        "lspci, pci-sysfs",
    );
    c.add("pci.devices", List, "Every PCI function.", "lspci, pci-sysfs");
    device_fields(&mut c, "pci.devices[]");

    c.add(
        "gpus",
        List,
        "NVIDIA GPU functions (vendor 10de, class 0302 or 0300), with derived joins.",
        "lspci, pci-sysfs",
    );
    device_fields(&mut c, "gpus[]");
    c.add(
        "gpus[].model",
        Str,
        "Model from the numeric id (`H200 SXM 141GB`); absent for ids the tool does not know.",
        "derived",
    );
    c.add("gpus[].aperture", Object, "The GPU's large aperture: its largest 64-bit prefetchable BAR (NVIDIA's BAR1; lspci Region 2 on Hopper, Region 1 on A100).", "derived: lspci, pci-sysfs");
    c.add("gpus[].aperture.region", Int, "Config-space region number.", "derived");
    c.add("gpus[].aperture.size", Bytes, "Size.", "derived");
    c.add("gpus[].aperture.state", Str, "`assigned`, `unassigned`, `disabled`, `ignored` or `virtual`.", "derived");
    c.add(
        "gpus[].aperture.assigned",
        Bool,
        "The BAR has an address (assigned, or assigned but not yet enabled).",
        "derived",
    );
    c.add("gpus[].bar_failures", List, "Kernel log lines saying this GPU's BARs got no space.", "dmesg");
    c.add("gpus[].bar_failures[].bdf", Str, "The GPU.", "dmesg");
    c.add("gpus[].bar_failures[].bar", Int, "BAR number as the kernel counts.", "dmesg");
    c.add("gpus[].bar_failures[].size", Bytes, "Requested size.", "dmesg");
    c.add("gpus[].upstream_ports", List, "Root and switch ports above the GPU, nearest first.", "derived: lspci");
    port_fields(&mut c, "gpus[].upstream_ports[]");
    c.add(
        "gpus[].group_members",
        List,
        "Every device in the GPU's IOMMU group (including the GPU).",
        "derived: iommu-groups, lspci, pci-sysfs",
    );
    member_fields(&mut c, "gpus[].group_members[]");

    for (k, t, d) in [
        ("product_name", Str, "nvidia-smi product name (display only; never matched)."),
        ("uuid", Str, "GPU UUID."),
        ("serial", Str, "Board serial number."),
        ("vbios", Str, "VBIOS version."),
        ("virtualization_mode", Str, "`None` (bare metal), `Pass-Through` (a passthrough guest), `Host VGPU`, `VGPU`."),
        ("mig_mode", Str, "MIG mode now: `enabled` / `disabled`."),
        ("mig_pending", Str, "MIG mode after the next reset: `enabled` / `disabled`."),
        ("fabric_state", Str, "NVSwitch fabric state (`Completed`, `In Progress`, `Not Supported`)."),
        ("fabric_status", Str, "NVSwitch fabric status (`Success`, `N/A`, an error)."),
        ("persistence_mode", Str, "Persistence mode."),
        ("ecc", Str, "ECC mode now."),
        ("reset_required", Str, "nvidia-smi GPU Reset Status: reset required."),
        ("remap_pending", Str, "Row remapping pending a reset."),
        ("remap_failure", Str, "Row remapping failure occurred."),
    ] {
        c.add(&format!("gpus[].{k}"), t, d, "nvidia-smi");
    }
    c.add("gpus[].bar1", Bytes, "nvidia-smi BAR1 total (the aperture as the driver sees it).", "nvidia-smi");

    c.add("nvidia", Object, "The NVIDIA driver.", "nvidia-version, nvidia-smi, modules");
    c.add(
        "nvidia.driver_version",
        Version,
        "Loaded driver version; /proc/driver/nvidia/version and nvidia-smi must agree.",
        "nvidia-version, nvidia-smi",
    );
    c.add("nvidia.open_module", Bool, "The open kernel module is loaded.", "nvidia-version");
    c.add("nvidia.cuda_version", Str, "CUDA version reported by nvidia-smi.", "nvidia-smi");
    c.add(
        "nvidia.driver_loaded",
        Bool,
        "The nvidia kernel module is loaded on this OS.",
        "nvidia-version, nvidia-smi, modules",
    );

    c.add("nvlink", Object, "The NVLink topology from `nvidia-smi topo -m`.", "topology");
    c.add("nvlink.matrix_complete", Bool, "Every GPU row and cell is present.", "topology");
    c.add("nvlink.gpu_count", Int, "GPUs in the matrix.", "topology");
    c.add(
        "nvlink.min_links",
        Int,
        "The fewest NVLinks between any two GPUs (0 when some pair talks over PCIe only).",
        "topology",
    );
    c.add("nvlink.pairs", List, "Every GPU pair.", "topology");
    c.add("nvlink.pairs[].a", Int, "First GPU index.", "topology");
    c.add("nvlink.pairs[].b", Int, "Second GPU index.", "topology");
    c.add("nvlink.pairs[].link", Str, "`NV18`, `PIX`, `SYS`, …", "topology");
    c.add("nvlink.pairs[].nvlinks", Int, "NVLinks in the bond (0 for PCIe paths).", "topology");

    c.add("mig", Object, "MIG listings.", "mig-profiles, mig-instances, mig-compute-instances, nvidia-smi-list");
    c.add("mig.max_instances_per_gpu", Int, "The most GPU instances on any one GPU.", "mig-instances");
    c.add("mig.profiles_listed", Bool, "The snapshot has this host's own `nvidia-smi mig -lgip`.", "mig-profiles");
    c.add("mig.profiles", List, "GPU-instance profiles (`-lgip`).", "mig-profiles");
    for (k, t) in [("gpu", Int), ("id", Int), ("name", Str), ("total", Int), ("free", Int)] {
        c.add(&format!("mig.profiles[].{k}"), t, "Profile field.", "mig-profiles");
    }
    c.add("mig.instances", List, "GPU instances (`-lgi`, or creation output).", "mig-instances");
    for (k, t) in [("gpu", Int), ("id", Int), ("profile_id", Int), ("name", Str)] {
        c.add(&format!("mig.instances[].{k}"), t, "Instance field.", "mig-instances");
    }
    c.add(
        "mig.instances[].profile_listed",
        Bool,
        "The instance's profile id is in this host's `-lgip` (or, without it, in the published H100/H200 list).",
        "derived",
    );
    c.add("mig.compute_instances", List, "Compute instances (`-lci`).", "mig-compute-instances");
    for (k, t) in [("gpu", Int), ("gpu_instance", Int), ("id", Int)] {
        c.add(&format!("mig.compute_instances[].{k}"), t, "Compute instance field.", "mig-compute-instances");
    }

    c.add("fabric_manager", Object, "NVIDIA Fabric Manager.", "fabricmanager-config, -log, -status, -version");
    c.add("fabric_manager.installed", Bool, "Fabric Manager is installed.", "fabricmanager-config, -version, -status");
    c.add(
        "fabric_manager.mode",
        Int,
        "FABRIC_MODE: 0 bare metal or full passthrough, 1 shared NVSwitch, 2 vGPU (default 0).",
        "fabricmanager-config",
    );
    c.add("fabric_manager.bind_ip", Str, "BIND_INTERFACE_IP (default 127.0.0.1).", "fabricmanager-config");
    c.add("fabric_manager.cmd_bind_ip", Str, "FM_CMD_BIND_INTERFACE.", "fabricmanager-config");
    c.add("fabric_manager.unix_socket", Str, "UNIX_SOCKET_PATH, when set.", "fabricmanager-config");
    c.add("fabric_manager.running", Bool, "The service is active (running).", "fabricmanager-status");
    c.add(
        "fabric_manager.nothing_to_do",
        Bool,
        "FM exited with NV_WARN_NOTHING_TO_DO (no NVSwitch to manage).",
        "fabricmanager-status",
    );
    c.add("fabric_manager.version", Version, "Fabric Manager version.", "fabricmanager-version, fabricmanager-log");
    c.add(
        "fabric_manager.logged_mismatch",
        Str,
        "FM logged that its version does not match the driver's.",
        "fabricmanager-log",
    );

    c.add("numa", Object, "NUMA nodes.", "numa-nodes, numactl");
    c.add("numa.node_count", Int, "Number of nodes.", "numa-nodes, numactl");
    c.add("numa.nodes", List, "Nodes.", "numa-nodes, numactl");
    for (k, t) in [
        ("id", Int),
        ("cpus", Str),
        ("cpu_count", Int),
        ("hugepages_1g", Int),
        ("hugepages_1g_free", Int),
        ("hugepages_2m", Int),
    ] {
        c.add(&format!("numa.nodes[].{k}"), t, "Node field (hugepage counts per size).", "numa-nodes");
    }
    c.add("hugepages", Object, "Default-size hugepages from /proc/meminfo.", "meminfo");
    c.add("hugepages.total", Int, "HugePages_Total.", "meminfo");
    c.add("hugepages.free", Int, "HugePages_Free.", "meminfo");
    c.add("hugepages.size", Bytes, "Hugepagesize.", "meminfo");
    c.add("hugepages.total_bytes", Bytes, "Total × size.", "meminfo");
    c.add("hugepages.mem_total", Bytes, "MemTotal.", "meminfo");
    c.add("bios", Object, "BIOS from DMI.", "dmi, dmidecode");
    c.add("bios.vendor", Str, "BIOS vendor.", "dmi, dmidecode");
    c.add("bios.version", Str, "BIOS version.", "dmi, dmidecode");
    c.add("bios.date", Date, "BIOS release date, `YYYY-MM-DD` (ordered with `gte`/`lt`).", "dmi, dmidecode");
    c.add("hypervisor", Object, "Hypervisor software.", "qemu-version, libvirt-version");
    c.add("hypervisor.qemu_version", Version, "QEMU version.", "qemu-version");
    c.add("hypervisor.libvirt_version", Version, "libvirt version.", "libvirt-version");

    c.add(
        "vms",
        List,
        "VM definitions (libvirt domains, Proxmox configs) joined to host devices.",
        "libvirt-vms, proxmox-vms",
    );
    for (k, t, d) in [
        ("name", Str, "VM name."),
        ("kind", Str, "`libvirt` or `proxmox`."),
        ("file", Str, "Definition file."),
        ("gpu_count", Int, "GPUs assigned."),
        ("nvswitch_count", Int, "NVSwitches assigned."),
        ("machine", Str, "Machine type."),
        ("q35", Bool, "A q35 (PCIe) machine."),
        ("firmware", Str, "Firmware as configured."),
        ("uefi", Bool, "UEFI (OVMF) firmware."),
        ("hugepages", Bool, "Memory backed by hugepages."),
        ("memory", Bytes, "Guest memory."),
        ("balloon", Bool, "A memory balloon device is present."),
        (
            "phys_bits_passthrough",
            Bool,
            "Guest physical-address bits follow the host (`<maxphysaddr mode='passthrough'/>`, host-phys-bits).",
        ),
        ("mmio64", Bytes, "OVMF 64-bit MMIO window (`X-PciMmio64Mb`; 0 = firmware default)."),
        (
            "mmio64_needed",
            Bytes,
            "Twice the sum of the assigned GPUs' apertures (bridge windows align to the BAR size).",
        ),
        ("pinned", Bool, "vCPUs are pinned (vcpupin / affinity)."),
        ("pinning_numa_aligned", Bool, "Every pinned host CPU is on a NUMA node of the VM's GPUs."),
    ] {
        c.add(&format!("vms[].{k}"), t, d, "libvirt-vms, proxmox-vms");
    }
    c.add("vms[].hostdevs", List, "Assigned PCI devices.", "libvirt-vms, proxmox-vms");
    for (k, t, d) in [
        ("bdf", Str, "Host address."),
        ("managed", Bool, "libvirt managed='yes': detached from the host driver at VM start."),
        ("device_kind", Str, "`gpu`, `nvswitch`, `other`, or `missing` (no such host device)."),
        ("pci_id", Str, "Host device id."),
        ("driver", Str, "Host driver now."),
    ] {
        c.add(&format!("vms[].hostdevs[].{k}"), t, d, "derived");
    }
    c.add("vm_summary", Object, "Totals over VM definitions.", "libvirt-vms, proxmox-vms");
    c.add("vm_summary.count", Int, "VM definitions.", "libvirt-vms, proxmox-vms");
    c.add("vm_summary.hugepage_memory", Bytes, "Memory of all VMs backed by hugepages.", "libvirt-vms, proxmox-vms");
    c.add("vm_summary.gpu_vms", Int, "VMs with at least one GPU.", "libvirt-vms, proxmox-vms");
    c.add("assigned_twice", List, "Host devices that more than one VM definition assigns.", "derived");
    c.add("assigned_twice[].bdf", Str, "Host device.", "derived");
    c.add("assigned_twice[].vms", StrList, "VMs claiming it.", "derived");

    c.add("nvswitches", List, "NVSwitch PCIe endpoints (10de:22a3 on HGX H100/H200).", "lspci, pci-sysfs");
    device_fields(&mut c, "nvswitches[]");
    c.add("nvswitches[].model", Str, "Model from the numeric id.", "derived");
    c.add("nvswitches[].group_members", List, "Every device in the NVSwitch's IOMMU group.", "derived");
    member_fields(&mut c, "nvswitches[].group_members[]");
    c.0
}

fn device_fields(c: &mut Cat, p: &str) {
    use FactType::*;
    c.add(&format!("{p}.bdf"), Str, "Domain-qualified address (`0000:1b:00.0`).", "lspci, pci-sysfs");
    c.add(&format!("{p}.vendor_id"), Str, "Vendor id (`10de`).", "lspci -nn, pci-sysfs");
    c.add(&format!("{p}.device_id"), Str, "Device id (`2335`).", "lspci -nn, pci-sysfs");
    c.add(
        &format!("{p}.pci_id"),
        Str,
        "`vendor:device` (`10de:2335`): the key rule params use.",
        "lspci -nn, pci-sysfs",
    );
    c.add(&format!("{p}.class"), Str, "Class code (`0302`).", "lspci -nn, pci-sysfs");
    c.add(&format!("{p}.class_name"), Str, "Class name as lspci prints it.", "lspci");
    c.add(&format!("{p}.name"), Str, "Device name as lspci prints it (never used for matching).", "lspci");
    c.add(&format!("{p}.driver"), Str, "Kernel driver bound now (absent when none).", "lspci, pci-sysfs");
    c.add(&format!("{p}.modules"), StrList, "Kernel modules that can drive it.", "lspci");
    c.add(&format!("{p}.numa_node"), Int, "NUMA node (-1 when the platform does not say).", "lspci, pci-sysfs");
    c.add(
        &format!("{p}.iommu_group"),
        Int,
        "IOMMU group (absent: the device is not translated by an IOMMU).",
        "lspci, pci-sysfs, iommu-groups",
    );
    c.add(&format!("{p}.is_bridge"), Bool, "A PCI-to-PCI bridge (header type 1), exempt from group isolation. NVSwitches are class 0680 endpoints, not bridges.", "lspci, pci-sysfs");
    c.add(&format!("{p}.port_type"), Str, "PCIe port type: `root-port`, `downstream-port`, `upstream-port`, `endpoint`, `legacy-endpoint`, `rc-endpoint`.", "lspci");
    c.add(
        &format!("{p}.flr"),
        Bool,
        "Function-level reset supported (`FLReset+` in DevCap, or `flr` in reset_method).",
        "lspci, pci-sysfs",
    );
    c.add(&format!("{p}.reset_method"), StrList, "Reset methods the kernel will use.", "pci-sysfs");
    c.add(&format!("{p}.bars"), List, "Memory and I/O regions by config-space number.", "lspci, pci-sysfs");
    c.add(&format!("{p}.bars[].region"), Int, "Region number (`Region 2`).", "lspci, pci-sysfs");
    c.add(&format!("{p}.bars[].size"), Bytes, "Size.", "lspci, pci-sysfs");
    c.add(&format!("{p}.bars[].address"), Int, "Address when assigned.", "lspci, pci-sysfs");
    c.add(&format!("{p}.bars[].is64"), Bool, "64-bit BAR.", "lspci, pci-sysfs");
    c.add(&format!("{p}.bars[].prefetchable"), Bool, "Prefetchable.", "lspci, pci-sysfs");
    c.add(
        &format!("{p}.bars[].state"),
        Str,
        "`assigned`, `unassigned`, `disabled`, `ignored`, `virtual`.",
        "lspci, pci-sysfs",
    );
    c.add(&format!("{p}.link"), Object, "PCIe link.", "lspci, pci-sysfs");
    c.add(
        &format!("{p}.link.max_generation"),
        Int,
        "Generation the device supports (5 = 32 GT/s).",
        "lspci LnkCap, pci-sysfs max_link_speed",
    );
    c.add(&format!("{p}.link.max_width"), Int, "Width the device supports.", "lspci LnkCap, pci-sysfs max_link_width");
    c.add(
        &format!("{p}.link.generation"),
        Int,
        "Generation trained now (idle GPUs may train down to save power).",
        "lspci LnkSta, pci-sysfs current_link_speed",
    );
    c.add(&format!("{p}.link.width"), Int, "Width trained now.", "lspci LnkSta, pci-sysfs current_link_width");
    c.add(
        &format!("{p}.rebar"),
        List,
        "Physical Resizable BAR entries (empty when the capability is absent).",
        "lspci (root)",
    );
    c.add(&format!("{p}.rebar[].bar"), Int, "BAR number.", "lspci (root)");
    c.add(&format!("{p}.rebar[].current"), Bytes, "Current size.", "lspci (root)");
    c.add(&format!("{p}.rebar[].max"), Bytes, "Largest supported size.", "lspci (root)");
    c.add(&format!("{p}.assigned_to"), StrList, "VM definitions that assign this device.", "libvirt-vms, proxmox-vms");
    c.add(
        &format!("{p}.managed_assignment"),
        Bool,
        "Some VM assigns it with libvirt managed='yes' (detached from the host driver at VM start).",
        "libvirt-vms",
    );
    c.add(&format!("{p}.acs"), Object, "Access Control Services capability.", "lspci (root)");
    c.add(&format!("{p}.acs.present"), Bool, "The ACS capability exists.", "lspci (root)");
    c.add(
        &format!("{p}.acs.isolating"),
        Bool,
        "SrcValid, ReqRedir, CmpltRedir and UpstreamFwd are each enabled in ACSCtl or absent from ACSCap (hard-wired), as the kernel's pci_acs_flags_enabled() counts REQ_ACS_FLAGS.",
        "lspci (root)",
    );
    for bit in ACS_BITS {
        c.add(&format!("{p}.acs.ctl.{bit}"), Bool, "An ACSCtl bit (enabled).", "lspci (root)");
        c.add(&format!("{p}.acs.cap.{bit}"), Bool, "An ACSCap bit (supported).", "lspci (root)");
    }
    c.add(&format!("{p}.acs.ctl"), Object, "ACSCtl bits.", "lspci (root)");
    c.add(&format!("{p}.acs.cap"), Object, "ACSCap bits.", "lspci (root)");
}

/// The ACS bits lspci prints.
pub const ACS_BITS: [&str; 7] =
    ["SrcValid", "TransBlk", "ReqRedir", "CmpltRedir", "UpstreamFwd", "EgressCtrl", "DirectTrans"];

fn port_fields(c: &mut Cat, p: &str) {
    use FactType::*;
    c.add(&format!("{p}.bdf"), Str, "Port address.", "lspci");
    c.add(&format!("{p}.pci_id"), Str, "`vendor:device`.", "lspci");
    c.add(&format!("{p}.port_type"), Str, "`root-port`, `downstream-port` or `upstream-port`.", "lspci");
    c.add(&format!("{p}.acs"), Object, "The port's ACS capability.", "lspci (root)");
    c.add(&format!("{p}.acs.present"), Bool, "The ACS capability exists.", "lspci (root)");
    c.add(
        &format!("{p}.acs.isolating"),
        Bool,
        "SrcValid, ReqRedir, CmpltRedir and UpstreamFwd enabled.",
        "lspci (root)",
    );
    c.add(&format!("{p}.acs.ctl"), Object, "ACSCtl bits.", "lspci (root)");
    c.add(&format!("{p}.acs.cap"), Object, "ACSCap bits.", "lspci (root)");
    for bit in ACS_BITS {
        c.add(&format!("{p}.acs.ctl.{bit}"), Bool, "An ACSCtl bit.", "lspci (root)");
        c.add(&format!("{p}.acs.cap.{bit}"), Bool, "An ACSCap bit.", "lspci (root)");
    }
}

fn member_fields(c: &mut Cat, p: &str) {
    use FactType::*;
    c.add(&format!("{p}.bdf"), Str, "Member address.", "iommu-groups");
    c.add(&format!("{p}.pci_id"), Str, "`vendor:device`.", "lspci, pci-sysfs");
    c.add(&format!("{p}.class"), Str, "Class code.", "lspci, pci-sysfs");
    c.add(&format!("{p}.driver"), Str, "Driver bound now (absent when none).", "lspci, pci-sysfs");
    c.add(&format!("{p}.is_bridge"), Bool, "PCI-to-PCI bridge (exempt).", "lspci, pci-sysfs");
    c.add(
        &format!("{p}.same_device"),
        Bool,
        "Another function of the same physical device (same bus and slot).",
        "derived",
    );
    c.add(&format!("{p}.is_self"), Bool, "The device whose group this is.", "derived");
}

#[derive(Default)]
struct Cat(Vec<FactSpec>);

impl Cat {
    fn add(&mut self, path: &str, ty: FactType, doc: &'static str, sources: &'static str) {
        self.0.push(FactSpec { path: path.to_string(), ty, doc, sources });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique() {
        let mut paths: Vec<&str> = paths().collect();
        let n = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(n, paths.len());
    }

    #[test]
    fn dynamic_keys_resolve() {
        assert_eq!(find("kernel.cmdline.params.iommu").map(|s| s.ty), Some(FactType::Str));
        assert_eq!(find("gpus[].aperture.size").map(|s| s.ty), Some(FactType::Bytes));
        assert!(find("gpus[].aperture.sise").is_none());
    }
}
