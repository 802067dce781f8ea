//! Every real capture in `testdata/corpus` (see its SOURCES.md) is read through the full pipeline
//! (placed at the path the source table expects, then parsed and joined) and the facts its
//! SOURCES.md entry names are asserted.

use std::path::Path;

use gpu_preflight::facts::parse::{iommu_groups, mig, misc, nvidia_smi, topo};
use gpu_preflight::facts::{Fact, Facts, Value, extract};
use gpu_preflight::snapshot::tree::MemTree;
use gpu_preflight::snapshot::{Format, Limits, Snapshot};

fn corpus(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus").join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Builds a snapshot holding corpus files at snapshot paths, and extracts its facts.
fn facts(files: &[(&str, &str)]) -> Facts {
    let mut tree = MemTree::default();
    for (at, rel) in files {
        tree.add_file(at, corpus(rel));
    }
    let snap = Snapshot::from_tree(&tree, "corpus".into(), Format::Directory, &Limits::default()).expect("recognised");
    extract(&snap)
}

/// Looks up `a.b.0.c` (numbers index lists) and renders the value.
fn get(f: &Facts, path: &str) -> String {
    let mut node: &Fact = &f.root;
    let keys: Vec<&str> = path.split('.').collect();
    let mut i = 0;
    while i < keys.len() {
        let key = keys[i];
        // Dotted map keys (`vfio_pci.ids`).
        if let Value::Map(m) = &node.value
            && let Some((j, n)) =
                (i + 1..keys.len()).rev().find_map(|j| m.entries.get(&keys[i..=j].join(".")).map(|n| (j, n)))
        {
            node = n;
            i = j + 1;
            continue;
        }
        i += 1;
        node = match (&node.value, key.parse::<usize>()) {
            (Value::List(l), Ok(i)) => match l.items.get(i) {
                Some(n) => n,
                None => return format!("<no item {i}>"),
            },
            (Value::Map(m), _) => match m.entries.get(key) {
                Some(n) => n,
                None => return if m.partial.is_some() { "<unknown>".into() } else { "<absent>".into() },
            },
            (Value::Unknown(_), _) => return "<unknown>".into(),
            (Value::Conflict(_), _) => return "<conflict>".into(),
            _ => return "<not a map>".into(),
        };
    }
    match &node.value {
        Value::Unknown(_) => "<unknown>".into(),
        Value::Conflict(_) => "<conflict>".into(),
        Value::List(l) => format!("len={}{}", l.items.len(), if l.partial.is_some() { " partial" } else { "" }),
        _ => node.display(),
    }
}

fn expect(f: &Facts, pairs: &[(&str, &str)]) {
    for (path, want) in pairs {
        assert_eq!(get(f, path), *want, "fact `{path}`");
    }
}

#[test]
fn cmdline_captures() {
    let f = facts(&[("proc/cmdline", "cmdline/linuxhw-romed8-2t-proxmox-amd-iommu-pt.txt")]);
    expect(
        &f,
        &[
            ("kernel.cmdline.params.amd_iommu", "on"),
            ("kernel.cmdline.params.iommu", "pt"),
            ("kernel.cmdline.ineffective.0.arg", "amd_iommu=on"),
        ],
    );
    assert!(get(&f, "kernel.cmdline.params.initrd").contains('\\'), "backslashes are literal");
    assert_eq!(get(&f, "kernel.cmdline.params.pcie_acs_override"), "<absent>");

    let f = facts(&[("proc/cmdline", "cmdline/chaos-reins-threadripper-vfio-pci-ids-amd-iommu-pt.txt")]);
    expect(
        &f,
        &[
            ("kernel.cmdline.params.cgroup_no_v1", "all"),
            ("kernel.cmdline.params.pcie_aspm", "off"),
            ("kernel.cmdline.params.mitigations", "off"),
            ("kernel.cmdline.params.default_hugepagesz", "2M"),
        ],
    );
    assert!(get(&f, "kernel.cmdline.params.vfio_pci.ids").contains("1002:66af"));
    expect(&f, &[("kernel.cmdline.repeated.0", "initrd")]);

    let f = facts(&[("proc/cmdline", "cmdline/b200-amd-turin-cluster-iommu-off-pci-noacs-elided-fragment.txt")]);
    expect(
        &f,
        &[
            ("kernel.cmdline.params.amd_iommu", "off"),
            ("kernel.cmdline.params.iommu", "off"),
            ("kernel.cmdline.params.pci", "noacs"),
            ("kernel.cmdline.repeated.0", "pci"),
            ("iommu.enabled", "false"),
        ],
    );
    assert!(!get(&f, "kernel.cmdline.raw").is_empty());

    let f = facts(&[
        ("etc/default/grub", "cmdline/cloud-hypervisor-4353-amd-hgx-a100-nvswitch-vfio-grub.txt"),
        ("proc/cmdline", "cmdline/linuxhw-romed8-2t-proxmox-amd-iommu-pt.txt"),
    ]);
    expect(
        &f,
        &[
            ("kernel.cmdline_persisted.params.amd_iommu", "force_isolation"),
            ("kernel.cmdline_persisted.params.kvm_amd.npt", "0"),
            ("kernel.cmdline_persisted.params.pci", "earlydump,realloc=on"),
        ],
    );
    assert!(get(&f, "kernel.cmdline_persisted.params.vfio_pci.ids").contains("10de:1af1"));
    assert!(
        get(&f, "kernel.cmdline_persisted.drift").starts_with("len="),
        "drift is computed against the running line"
    );
}

#[test]
fn dmesg_captures() {
    let f =
        facts(&[("sos_commands/kernel/dmesg", "dmesg/linuxhw-romed8-2t-epyc-proxmox-amdvi-iommu-groups-block.txt")]);
    expect(&f, &[("iommu.enabled", "true"), ("iommu.interrupt_remapping", "true"), ("kernel.log.has_boot", "false")]);

    let f =
        facts(&[("sos_commands/kernel/dmesg", "dmesg/i915-sriov-339-proxmox-intel-grep-dmar-no-iommu-cmdline.txt")]);
    expect(
        &f,
        &[("iommu.interrupt_remapping", "true"), ("iommu.enabled", "<unknown>"), ("kernel.log.has_boot", "false")],
    );

    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/gruuuuu-hgx-h100-grep-iommu-enabled-vmd-domain.txt")]);
    expect(&f, &[("iommu.enabled", "true")]);

    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/kata-10622-intel-grep-iommu-pt-vfio_pci-ids-gtx1050.txt")]);
    expect(&f, &[("iommu.enabled", "true"), ("iommu.default_domain", "passthrough")]);

    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/pcileechgen-28-amd-grep-iommu-translated-lazy.txt")]);
    expect(&f, &[("iommu.default_domain", "translated")]);

    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/kata-4358-a100-guest-bar0-no-space-gen3-link.txt")]);
    expect(
        &f,
        &[
            ("kernel.log.bar_failures", "len=2 partial"),
            ("kernel.log.bar_failures.0.bdf", "0000:02:00.0"),
            ("kernel.log.bar_failures.0.bar", "0"),
            ("kernel.log.bar_failures.0.size", "16MiB"),
        ],
    );

    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/ogkm-344-a100-cloud-hypervisor-guest-nvrm-bar-invalid.txt")]);
    assert!(get(&f, "kernel.log.nvrm_errors.0").contains("region assigned to your NVIDIA device is invalid"));

    let f =
        facts(&[("sos_commands/kernel/dmesg", "dmesg/proxmox-forum-b300-guest-nvrm-invalid-region-no-timestamps.txt")]);
    expect(&f, &[("kernel.log.nvrm_errors", "len=2 partial")]);

    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/tpgds-aihub0007-nvswitch3-sxid-22013-link60-nonfatal.txt")]);
    expect(
        &f,
        &[
            ("kernel.log.sxids", "len=1 partial"),
            ("kernel.log.sxids.0.code", "22013"),
            ("kernel.log.sxids.0.fatal", "false"),
            ("kernel.log.sxids.0.bdf", "0000:08:00.0"),
        ],
    );

    // Mail quoting and wrapped lines: parses without losing the BAR lines it can read.
    let f = facts(&[("sos_commands/kernel/dmesg", "dmesg/dgx-h100-guest-vm-pci-enum-slow-128G-BAR-email-quoted.txt")]);
    expect(&f, &[("kernel.log.has_boot", "false"), ("kernel.log.bar_failures", "len=0 partial")]);
}

#[test]
fn lspci_captures() {
    let f = facts(&[("sos_commands/pci/lspci_-nnvv", "lspci/linuxhw-romed8-2t-proxmox-rtx3090-vfio-pci-nnvv.txt")]);
    expect(
        &f,
        &[
            ("gpus", "len=1"),
            ("gpus.0.bdf", "0000:c1:00.0"),
            ("gpus.0.pci_id", "10de:2204"),
            ("gpus.0.driver", "vfio-pci"),
            ("gpus.0.iommu_group", "10"),
            ("gpus.0.flr", "true"),
            ("gpus.0.port_type", "legacy-endpoint"),
            ("gpus.0.link.width", "16"),
            ("gpus.0.link.max_generation", "4"),
            ("gpus.0.link.generation", "1"),
            ("gpus.0.group_members", "len=2"),
            ("gpus.0.group_members.1.bdf", "0000:c1:00.1"),
            ("gpus.0.group_members.1.same_device", "true"),
            ("gpus.0.group_members.1.driver", "vfio-pci"),
            ("pci.devices.1.flr", "false"),
        ],
    );

    let f = facts(&[("sos_commands/pci/lspci_-nnvv", "lspci/hgx-h100-nvswitch-lspci-nnvv-nonroot-excerpt.txt")]);
    expect(
        &f,
        &[
            ("nvswitches", "len=3"),
            ("nvswitches.0.pci_id", "10de:22a3"),
            ("nvswitches.0.iommu_group", "82"),
            ("nvswitches.0.acs", "<unknown>"),
            ("nvswitches.0.link.width", "<unknown>"),
            ("nvswitches.0.group_members", "len=5"),
            ("pci.devices.0.is_bridge", "true"),
            ("nvswitches.0.is_bridge", "false"),
            ("nvswitches.2.iommu_group", "<conflict>"),
        ],
    );

    let f = facts(&[("sos_commands/pci/lspci_-nnvv", "lspci/hwloc-653-a100-sxm4-40gb-nnvvv-truncated.txt")]);
    expect(
        &f,
        &[
            ("gpus.0.pci_id", "10de:20b0"),
            ("gpus.0.aperture.size", "64GiB"),
            ("gpus.0.aperture.region", "1"),
            ("gpus.0.numa_node", "5"),
            ("gpus.0.link.width", "<unknown>"),
            ("gpus.0.flr", "true"),
        ],
    );

    let f =
        facts(&[("sos_commands/pci/lspci_-nnvv", "lspci/proxmox-forum-b300-guest-lspci-vv-trimmed-busmaster-off.txt")]);
    expect(
        &f,
        &[
            ("gpus.0.bdf", "0000:01:00.0"),
            ("gpus.0.pci_id", "10de:3182"),
            ("gpus.0.model", "B300 SXM6 AC"),
            ("gpus.0.aperture.region", "0"),
            ("gpus.0.aperture.size", "64MiB"),
            ("gpus.0.bars", "len=2"),
        ],
    );

    let f = facts(&[(
        "sos_commands/pci/lspci_-nnvv",
        "lspci/starlab-rhelai-guest-vm-4-gpu-2-nvswitch-partial-passthrough.txt",
    )]);
    expect(
        &f,
        &[
            // Filtered with `egrep -i "nvidia"`: every NVIDIA function is listed, details are not.
            ("gpus", "len=4"),
            ("nvswitches", "len=2"),
            ("gpus.0.pci_id", "10de:2330"),
            ("gpus.0.driver", "<unknown>"),
        ],
    );

    let f = facts(&[(
        "sos_commands/pci/lspci_-nnvv",
        "lspci/starlab-rhelai-guest-vm-8-gpu-4-nvswitch-full-passthrough.txt",
    )]);
    expect(&f, &[("gpus", "len=8"), ("nvswitches", "len=4"), ("pci.devices", "len=12 partial")]);

    // `lspci | grep H100` without -nn: devices by name, ids unknown; the filter may hide NVIDIA devices.
    let f = facts(&[("sos_commands/pci/lspci_-nnvv", "lspci/aws-p5-48xlarge-vm-8x-h100-sxm5-4-nvswitch-grep.txt")]);
    expect(
        &f,
        &[
            ("pci.devices", "len=12 partial"),
            ("gpus", "len=8 partial"),
            ("nvswitches", "len=4 partial"),
            ("gpus.0.pci_id", "<unknown>"),
            ("gpus.0.vendor_id", "10de"),
            ("gpus.0.class", "0302"),
        ],
    );
}

#[test]
fn nvidia_smi_captures() {
    let f = facts(&[(
        "sos_commands/nvidia/nvidia-smi_-q",
        "nvidia-smi-q/princeton-pli-h100-sxm5-nvidia-smi-a-fabric-completed.txt",
    )]);
    expect(
        &f,
        &[
            ("nvidia.driver_version", "545.23.08"),
            ("nvidia.cuda_version", "12.3"),
            ("gpus.0.bdf", "0000:19:00.0"),
            ("gpus.0.pci_id", "10de:2330"),
            ("gpus.0.model", "H100 SXM5 80GB"),
            ("gpus.0.bar1", "128GiB"),
            ("gpus.0.virtualization_mode", "None"),
            ("gpus.0.mig_mode", "disabled"),
            ("gpus.0.fabric_state", "Completed"),
            ("gpus.0.fabric_status", "Success"),
            ("gpus.0.persistence_mode", "Enabled"),
        ],
    );
    for (file, state) in [
        ("aws-p5-8x-h100-vm-grep-fabric-in-progress-before-fm.txt", "In Progress"),
        ("aws-p5-8x-h100-vm-grep-fabric-completed-success.txt", "Completed"),
    ] {
        let r = nvidia_smi::parse(&corpus(&format!("nvidia-smi-q/{file}")));
        assert!(r.filtered, "{file} is grep output");
        assert_eq!(r.gpus[0].get("fabric_state").map(|v| v.0.as_str()), Some(state));
    }

    let f = facts(&[(
        "sos_commands/nvidia/nvidia-smi_-q_-x",
        "nvidia-smi-xml/netdata-a100-sxm4-40gb-mig-passthrough-vm.txt",
    )]);
    expect(
        &f,
        &[
            ("nvidia.driver_version", "510.47.03"),
            ("gpus.0.bdf", "0000:00:04.0"),
            ("gpus.0.pci_id", "10de:20b0"),
            ("gpus.0.virtualization_mode", "Pass-Through"),
            ("gpus.0.mig_mode", "enabled"),
            ("gpus.0.mig_pending", "enabled"),
            ("gpus.0.bar1", "64GiB"),
            ("gpus.0.ecc", "Enabled"),
            ("gpus.0.persistence_mode", "Disabled"),
        ],
    );
    let r = nvidia_smi::parse(&corpus("nvidia-smi-xml/netdata-rtx-pro-6000-580-trimmed-padded-values.txt"));
    assert_eq!(r.gpus[0].fields.get("xml:fan_speed").map(|v| v.0.as_str()), Some("40 %"), "values are trimmed");
    assert!(r.gpus[0].get("mig_current").is_none(), "missing fields stay missing");
    assert!(r.error.is_none());
}

#[test]
fn topology_captures() {
    let f = facts(&[(
        "sos_commands/nvidia/nvidia-smi_topo_-m",
        "topo/princeton-della-h100-8gpu-6nic-node-only-empty-cpu-affinity.txt",
    )]);
    expect(
        &f,
        &[
            ("nvlink.gpu_count", "8"),
            ("nvlink.matrix_complete", "true"),
            ("nvlink.min_links", "18"),
            ("nvlink.pairs", "len=28"),
        ],
    );
    let t = topo::parse(&corpus("topo/princeton-della-h100-8gpu-6nic-node-only-empty-cpu-affinity.txt"));
    assert_eq!(t.rows[0].cpu_affinity, "", "empty affinity cell");
    assert_eq!(t.rows[4].numa, Some(1));

    let f = facts(&[(
        "sos_commands/nvidia/nvidia-smi_topo_-m",
        "topo/go-gpuallocator-17-8x-rtx4090-all-sys-no-nvlink.txt",
    )]);
    expect(&f, &[("nvlink.min_links", "0"), ("nvlink.pairs.0.link", "SYS")]);

    let f =
        facts(&[("sos_commands/nvidia/nvidia-smi_topo_-m", "topo/nccl-1264-hgx-h100-8gpu-nv18-10nic-truncated.txt")]);
    expect(&f, &[("nvlink.gpu_count", "8"), ("nvlink.min_links", "18")]);
    let t = topo::parse(&corpus("topo/nccl-1264-hgx-h100-8gpu-nv18-10nic-truncated.txt"));
    assert_eq!(t.columns.len(), 18, "8 GPUs and 10 NICs");

    let f = facts(&[(
        "sos_commands/nvidia/nvidia-smi_topo_-m",
        "topo/thunderkittens-167-h100-8gpu-nv18-no-nic-truncated-legend.txt",
    )]);
    expect(&f, &[("nvlink.matrix_complete", "true"), ("nvlink.min_links", "18")]);

    let t = topo::parse(&corpus("topo/starlab-rhelai-guest-vm-8x-h100-4-nvswitch-passthrough-nv18-single-numa.txt"));
    assert!(t.complete());
    assert!(t.rows.iter().all(|r| r.numa == Some(0) && r.cpu_affinity == "0-63"), "a VM with one virtual NUMA node");
}

#[test]
fn mig_captures() {
    let f = facts(&[("sos_commands/nvidia/nvidia-smi_mig_-lgip", "mig/h100-pcie-570-lgip-7-profiles.txt")]);
    expect(
        &f,
        &[
            ("mig.profiles", "len=7"),
            ("mig.profiles.0.id", "19"),
            ("mig.profiles.0.total", "7"),
            ("mig.profiles_listed", "true"),
        ],
    );
    let m = mig::parse(&corpus("mig/h100-pcie-570-lgip-7-profiles.txt"));
    assert_eq!(m.profiles.iter().find(|p| p.id == 0).and_then(|p| p.sm), Some(114), "H100 PCIe: 114 SMs");

    let f = facts(&[
        ("sos_commands/nvidia/nvidia-smi_mig_-lgip", "mig/h100-pcie-570-lgip-7-profiles.txt"),
        ("sos_commands/nvidia/nvidia-smi_mig_-lgi", "mig/h100-pcie-570-cgi-7x-1g10gb-created.txt"),
    ]);
    expect(
        &f,
        &[
            ("mig.instances", "len=7"),
            ("mig.instances.0.id", "9"),
            ("mig.instances.0.profile_id", "19"),
            ("mig.instances.0.profile_listed", "true"),
            ("mig.compute_instances", "len=7"),
        ],
    );

    let f =
        facts(&[("sos_commands/nvidia/nvidia-smi_mig_-lgi", "mig/opennebula-h100-nvl-lgi-and-L-four-instances.txt")]);
    expect(&f, &[("mig.instances", "len=4"), ("mig.instances.0.id", "13"), ("mig.instances.0.profile_listed", "true")]);
    let m = mig::parse(&corpus("mig/opennebula-h100-nvl-lgi-and-L-four-instances.txt"));
    assert_eq!(m.devices.len(), 4, "nvidia-smi -L MIG devices");

    let m = mig::parse(&corpus("mig/opennebula-h100-nvl-vgpu-host-lgip-with-prompt.txt"));
    assert_eq!(m.profiles.len(), 7);
    assert_eq!(m.profiles.iter().find(|p| p.id == 0).and_then(|p| p.sm), Some(132));

    let lgipp = corpus("mig/azure-nc40ads-h100-nvl-vm-lgipp-placements.txt");
    assert_eq!(lgipp.lines().filter(|l| l.contains("Profile ID")).count(), 7);
    let f =
        facts(&[("sos_commands/nvidia/nvidia-smi_mig_-lgipp", "mig/azure-nc40ads-h100-nvl-vm-lgipp-placements.txt")]);
    expect(&f, &[("mig.profiles", "len=0"), ("mig.profiles_listed", "false")]);
}

#[test]
fn fabric_manager_captures() {
    let status = "sos_commands/systemd/systemctl_status_nvidia-fabricmanager";
    let f = facts(&[(status, "fabricmanager/starlab-rhelai-guest-vm-fm-systemctl-status-ok.txt")]);
    expect(&f, &[("fabric_manager.running", "true"), ("fabric_manager.installed", "true")]);
    let f = facts(&[(status, "fabricmanager/bottlerocket-kk-142-b200-fm-active-nvlsm-guid.txt")]);
    expect(&f, &[("fabric_manager.running", "true")]);
    for file in [
        "fabricmanager/cube-studio-29-2x4090-pre-nvl5-nothing-to-do.txt",
        "fabricmanager/gpu-operator-610-a40-no-nvswitch-nv-warn-nothing-to-do.txt",
    ] {
        let f = facts(&[(status, file)]);
        expect(&f, &[("fabric_manager.nothing_to_do", "true")]);
    }
    let f = facts(&[(status, "fabricmanager/aws-p5-8x-h100-vm-fm-journalctl-pre-nvl5-healthy-full-fqdn.txt")]);
    expect(&f, &[("fabric_manager.running", "<unknown>"), ("fabric_manager.installed", "true")]);
    let f = facts(&[(
        status,
        "fabricmanager/opennebula-shared-nvswitch-service-vm-systemctl-4-nvswitch-vfio-unindented.txt",
    )]);
    expect(&f, &[("fabric_manager.installed", "<unknown>")]);
    let text = corpus("fabricmanager/opennebula-shared-nvswitch-service-vm-systemctl-4-nvswitch-vfio-unindented.txt");
    assert_eq!(text.lines().filter(|l| l.contains("Found valid NVSwitch") && l.contains("vfio-pci")).count(), 4);

    let parts =
        misc::partitions(&corpus("fabricmanager/opennebula-nv-partitioner-list-15-partitions-1-2-active-elided.txt"));
    assert_eq!(parts.iter().filter(|p| p.active).map(|p| p.id).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(parts[0].gpus, vec![1, 2, 3, 4, 5, 6, 7, 8]);
    let reach = misc::reachability(&corpus(
        "fabricmanager/opennebula-nvswitch-audit-reachability-two-4gpu-partitions-tabs.txt",
    ));
    assert_eq!(reach.len(), 8);
    assert_eq!(reach[0], (1, vec![18, 18, 18, 18, 0, 0, 0, 0]));
    let map = misc::partitions(&corpus("other/opennebula-hgx-h100-xeon-8480c-nvswitch-partition-gpu-bdf-map.txt"));
    assert_eq!(map.len(), 2);
    assert_eq!(map[1].bdfs, vec!["0000:43:00.0", "0000:61:00.0", "0000:52:00.0", "0000:1b:00.0"]);
    assert!(map.iter().all(|p| p.active));
}

#[test]
fn iommu_group_listings() {
    let at = "sos_commands/vfio/iommu_groups";
    let f = facts(&[(at, "iommu-groups/chaos-reins-threadripper-1950x-x399-full-lexicographic.txt")]);
    expect(&f, &[("iommu.enabled", "true")]);
    let g = iommu_groups::from_listing(
        &Snapshot::from_tree(
            &one(at, "iommu-groups/chaos-reins-threadripper-1950x-x399-full-lexicographic.txt"),
            "x".into(),
            Format::Directory,
            &Limits::default(),
        )
        .expect("snap")
        .first(gpu_preflight::snapshot::SourceId::IommuGroupListing)
        .expect("file")
        .clone(),
    );
    assert!(g.groups[&15].len() > 5, "the X399 chipset shares group 15");
    assert_eq!(g.groups[&20].len(), 1, "Radeon VII alone");
    assert_eq!(g.groups[&20][0].pci_id.as_deref(), Some("1002:66af"));

    let f =
        facts(&[(at, "iommu-groups/mobilepassthrough-7-laptop-intel-gtx765m-group1-with-rootport-shopt-error.txt")]);
    expect(&f, &[("iommu.groups.1.id", "1"), ("iommu.groups.1.devices", "len=3")]);

    let f = facts(&[(at, "iommu-groups/quickpassthrough-22-ls-iommu-grk-amd-chipset-group12.txt")]);
    expect(&f, &[("iommu.group_count", "1"), ("iommu.groups.0.id", "12"), ("iommu.groups.0.devices", "len=5")]);

    let mut tree = MemTree::default();
    tree.add_file(at, "IOMMU Group * /sys/kernel/iommu_groups/*/devices/*\n");
    let snap = Snapshot::from_tree(&tree, "x".into(), Format::Directory, &Limits::default()).expect("snap");
    let f = extract(&snap);
    expect(&f, &[("iommu.group_count", "0")]);
}

fn one(at: &str, rel: &str) -> MemTree {
    let mut t = MemTree::default();
    t.add_file(at, corpus(rel));
    t
}

#[test]
fn vm_definitions() {
    let f = facts(&[(
        "etc/libvirt/qemu/05-s00c06h0.xml",
        "libvirt/insights-core-qemu-xml-sriov-vf-hostdev-numa-strict-emulatorpin.txt",
    )]);
    expect(
        &f,
        &[
            ("vms.0.name", "05-s00c06h0"),
            ("vms.0.hostdevs", "len=2"),
            ("vms.0.hostdevs.0.bdf", "0000:04:10.0"),
            ("vms.0.hostdevs.0.managed", "true"),
            ("vms.0.q35", "false"),
            ("vms.0.pinned", "true"),
            ("vms.0.balloon", "true"),
            ("vms.0.hugepages", "false"),
        ],
    );
    let f = facts(&[("etc/libvirt/qemu/rhel_ai.xml", "libvirt/starlab-rhelai-hostdev-h100-snippet.txt")]);
    expect(
        &f,
        &[
            ("vms.0.hostdevs.0.bdf", "0000:1b:00.0"),
            ("vms.0.hostdevs.0.managed", "true"),
            ("vms.0.hostdevs.0.device_kind", "<unknown>"),
        ],
    );

    let f = facts(&[(
        "etc/pve/qemu-server/101.conf",
        "proxmox/vm101-conf-amd-igpu-romfile-inline-comment-redacted-mac.txt",
    )]);
    expect(&f, &[("vms.0.hostdevs.0.bdf", "0000:04:00.0"), ("vms.0.q35", "true"), ("vms.0.uefi", "false")]);
    let f =
        facts(&[("etc/pve/qemu-server/104.conf", "proxmox/vm104-numa0-hostnodes-bind-affinity-balloon-fragment.txt")]);
    expect(
        &f,
        &[("vms.0.hostdevs", "len=0"), ("vms.0.balloon", "true"), ("vms.0.pinned", "true"), ("vms.0.memory", "32GiB")],
    );
    let f = facts(&[("etc/pve/qemu-server/100.conf", "proxmox/w11-vm100-conf-hostpci-06-00-pcie-q35-8.1-usb.txt")]);
    expect(
        &f,
        &[
            ("vms.0.name", "W11"),
            ("vms.0.hostdevs.0.bdf", "0000:06:00"),
            ("vms.0.machine", "pc-q35-8.1"),
            ("vms.0.uefi", "true"),
            ("vms.0.balloon", "true"),
        ],
    );
}

#[test]
fn modprobe_captures() {
    let f = facts(&[("etc/modprobe.d/vfio.conf", "modprobe/gruuuuu-hgx-h100-vfio-conf-gpu-and-nvswitch.txt")]);
    expect(
        &f,
        &[
            ("modprobe.vfio_ids.0", "10de:2330"),
            ("modprobe.vfio_ids.1", "10de:22a3"),
            ("modprobe.blacklist.0", "nouveau"),
        ],
    );
    let f = facts(&[(
        "etc/modprobe.d/vfio.conf",
        "modprobe/openshift-sno-8x-h100-vfio-conf-softdep-decoded-from-machineconfig.txt",
    )]);
    expect(
        &f,
        &[
            ("modprobe.vfio_ids", "len=1"),
            ("modprobe.softdeps.0.module", "nvidia"),
            ("modprobe.softdeps.0.pre.0", "vfio_pci"),
        ],
    );
    let f = facts(&[("etc/modprobe.d/kvm.conf", "modprobe/chaos-reins-kvm-conf-amd-avic.txt")]);
    expect(
        &f,
        &[
            ("modprobe.options.kvm.ignore_msrs", "1"),
            ("modprobe.options.kvm_amd.avic", "1"),
            ("modprobe.options.kvm_amd.npt", "1"),
        ],
    );
    let f = facts(&[("etc/modprobe.d/pve-blacklist.conf", "modprobe/technotim-pve-blacklist-conf.txt")]);
    expect(&f, &[("modprobe.blacklist", "len=4"), ("modprobe.vfio_ids", "len=0")]);
}

#[test]
fn other_captures() {
    let f = facts(&[("etc/default/grub", "other/gruuuuu-etc-default-grub-intel-iommu.txt")]);
    expect(
        &f,
        &[("kernel.cmdline_persisted.params.intel_iommu", "on"), ("kernel.cmdline_persisted.params.iommu", "<absent>")],
    );

    let f = facts(&[("proc/cpuinfo", "other/princeton-pli-lscpu-xeon-8468-no-vmx-flag.txt")]);
    expect(
        &f,
        &[
            ("cpu.vendor", "GenuineIntel"),
            ("cpu.virtualization", "false"),
            ("cpu.count", "96"),
            ("host.virtualized", "false"),
        ],
    );

    let f = facts(&[(
        "proc/driver/nvidia/version",
        "other/tpgds-aihub0007-proc-driver-nvidia-version-open-590-locally-built.txt",
    )]);
    expect(
        &f,
        &[("nvidia.driver_version", "590.48.01"), ("nvidia.open_module", "true"), ("nvidia.driver_loaded", "true")],
    );

    let args = misc::grubby_args(&corpus("other/starlab-rhelai-grubby-iommu_pt-typo.txt"));
    let parsed = gpu_preflight::facts::parse::cmdline::tokenize(&args[0].0);
    let bad = gpu_preflight::facts::parse::cmdline::ineffective(&parsed);
    assert_eq!(bad[0].arg, "iommu_pt", "the typo is flagged");
    for (file, id) in [
        ("other/starlab-rhelai-grubby-pci-stub-ids-gpu.txt", "10de:2330"),
        ("other/starlab-rhelai-grubby-pci-stub-ids-nvswitch.txt", "10de:22a3"),
    ] {
        let args = misc::grubby_args(&corpus(file));
        assert_eq!(args[0].0, format!("pci-stub.ids={id}"));
    }

    assert_eq!(
        misc::cuda_errors(&corpus("other/aws-p5-8x-h100-vm-devicequery-802-before-fabricmanager.txt"))[0].0,
        802
    );
    let errs = misc::vfio_errors(&corpus("other/forum-2015-qemu-vfio-failed-to-set-iommu-container-eperm-group19.txt"));
    assert!(errs.iter().any(|(e, _)| *e == misc::VfioError::ContainerEperm));
    assert!(errs.iter().any(|(e, _)| *e == misc::VfioError::ContainerSetup(19)));
    let errs = misc::vfio_errors(&corpus("other/kubevirt-6718-qemu-vfio-group-not-viable-event.txt"));
    assert_eq!(errs[0].0, misc::VfioError::GroupNotViable(1));

    let (driver, gpus) =
        misc::smi_summary(&corpus("other/azure-nc40ads-h100-nvl-vm-nvidia-smi-mig-devices-domain-00000001.txt"));
    assert_eq!(driver.as_deref(), Some("560.35.03"));
    assert_eq!(gpus[0].0, "00000001:00:00.0");
    assert_eq!(gpus[0].1.as_deref(), Some("Enabled"));
    assert_eq!(gpu_preflight::facts::parse::lspci::normalise_bdf(&gpus[0].0).as_deref(), Some("0001:00:00.0"));
}
