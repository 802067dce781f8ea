import sys, os, re
sys.path.insert(0, os.path.dirname(__file__))
from common import *

S = Snap("intel-iommu-default-off")
KVER = "6.5.11-4-pve"
CMDLINE = f"BOOT_IMAGE=/boot/vmlinuz-{KVER} root=/dev/mapper/pve-root ro quiet"

# ------------------------------------------------------------------ the real grep output
real = corpus("dmesg/i915-sriov-339-proxmox-intel-grep-dmar-no-iommu-cmdline.txt").decode().splitlines()
real_lines = [l for l in real if l.startswith("[")]
assert len(real_lines) == 14
R = {l.split("]", 1)[1][1:]: float(l[1:13]) for l in real_lines}   # text -> timestamp

# ------------------------------------------------------------------ synthesized full log
# Entries are (timestamp or None, text). None = interpolated between its neighbours.
L = []
def a(text, t=None):
    L.append((t, text))
def real_line(text):
    L.append((R[text], text))

e820 = [
    ("0x0000000000000000-0x000000000009efff", "usable"), ("0x000000000009f000-0x00000000000fffff", "reserved"),
    ("0x0000000000100000-0x0000000039e5cfff", "usable"), ("0x0000000039e5d000-0x000000003a35cfff", "reserved"),
    ("0x000000003a35d000-0x000000003e3dcfff", "usable"), ("0x000000003e3dd000-0x0000000041e5dfff", "reserved"),
    ("0x0000000041e5e000-0x0000000041f6dfff", "ACPI data"), ("0x0000000041f6e000-0x000000004209dfff", "ACPI NVS"),
    ("0x000000004209e000-0x00000000435fefff", "reserved"), ("0x00000000435ff000-0x00000000435fffff", "usable"),
    ("0x0000000043600000-0x0000000043ffffff", "reserved"), ("0x0000000044000000-0x000000004f7fffff", "reserved"),
    ("0x00000000c0000000-0x00000000cfffffff", "reserved"), ("0x00000000fe000000-0x00000000fe010fff", "reserved"),
    ("0x00000000fec00000-0x00000000fec00fff", "reserved"), ("0x00000000fed00000-0x00000000fed00fff", "reserved"),
    ("0x00000000fed20000-0x00000000fed7ffff", "reserved"), ("0x00000000fee00000-0x00000000fee00fff", "reserved"),
    ("0x00000000ff000000-0x00000000ffffffff", "reserved"), ("0x0000000100000000-0x00000008307fffff", "usable")]

a(f"Linux version {KVER} (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.5.11-4 (2023-11-20T10:19Z) ()", 0.0)
a(f"Command line: {CMDLINE}", 0.0)
for s in ["KERNEL supported cpus:", "  Intel GenuineIntel", "  AMD AuthenticAMD", "  Hygon HygonGenuine",
          "  Centaur CentaurHauls", "  zhaoxin   Shanghai  ",
          "x86/split lock detection: #AC: crashing the kernel on kernel split_locks and warning on user-space split_locks",
          "BIOS-provided physical RAM map:"]:
    a(s, 0.0)
for r, k in e820:
    a(f"BIOS-e820: [mem {r}] {k}", 0.0)
for s in ["NX (Execute Disable) protection: active", "APIC: Static calls initialized",
          "e820: update [mem 0x3c8b6018-0x3c8c3657] usable ==> usable",
          "e820: update [mem 0x3c8b6018-0x3c8c3657] usable ==> usable",
          "extended physical RAM map:"]:
    a(s, 0.0)
for r, k in e820:
    a(f"reserve setup_data: [mem {r}] {k}", 0.0)
for s in ["efi: EFI v2.8 by American Megatrends",
          "efi: ACPI=0x41f6d000 ACPI 2.0=0x41f6d014 TPMFinalLog=0x41ebd000 SMBIOS=0x43194000 SMBIOS 3.0=0x43193000 MEMATTR=0x3c8d6018 ESRT=0x3e3c8c98 RNG=0x41e5f018 INITRD=0x39e5e098 TPMEventLog=0x3c8c4018 ",
          "random: crng init done", "efi: Remove mem83: MMIO range=[0xc0000000-0xcfffffff] (256MB) from e820 map",
          "e820: remove [mem 0xc0000000-0xcfffffff] reserved",
          "efi: Remove mem85: MMIO range=[0xfed20000-0xfed7ffff] (0MB) from e820 map",
          "e820: remove [mem 0xfed20000-0xfed7ffff] reserved",
          "efi: Remove mem88: MMIO range=[0xff000000-0xffffffff] (16MB) from e820 map",
          "e820: remove [mem 0xff000000-0xffffffff] reserved",
          "secureboot: Secure boot disabled", "SMBIOS 3.5.0 present.",
          "DMI: ASUS System Product Name/PRIME B660M-A D4, BIOS 3010 03/30/2023",
          "tsc: Detected 2500.000 MHz processor", "tsc: Detected 2496.000 MHz TSC"]:
    a(s, 0.0)
a("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved", 0.000005)
a("e820: remove [mem 0x000a0000-0x000fffff] usable", 0.000008)
a("last_pfn = 0x830800 max_arch_pfn = 0x400000000")
a("MTRR map: 5 entries (3 fixed + 2 variable; max 23), built from 10 variable MTRRs")
a("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  ", 0.000861)
a("last_pfn = 0x43600 max_arch_pfn = 0x400000000")
a("esrt: Reserving ESRT space from 0x000000003e3c8c98 to 0x000000003e3c8d20.")
a("e820: update [mem 0x3e3c8000-0x3e3c8fff] usable ==> reserved")
a("Using GB pages for direct mapping")
a("secureboot: Secure boot disabled")
a("RAMDISK: [mem 0x35f1c000-0x37f85fff]", 0.009514)
a("ACPI: Early table checksum verification disabled", 0.019610)
a("ACPI: RSDP 0x0000000041F6D014 000024 (v02 ALASKA)", 0.019628)
tables = [("XSDT", "0x0000000041F6C728", "0000D4", "(v01 ALASKA A M I    01072009 AMI  01000013)"),
          ("FACP", "0x0000000041E79000", "000114", "(v06 ALASKA A M I    01072009 AMI  01000013)"),
          ("DSDT", "0x0000000041DF0000", "0882A4", "(v02 ALASKA A M I    01072009 INTL 20200717)"),
          ("FACS", "0x000000004209C000", "000040", ""),
          ("FIDT", "0x0000000041E78000", "00009C", "(v01 ALASKA A M I    01072009 AMI  00010013)"),
          ("SSDT", "0x0000000041E7A000", "00038C", "(v02 PmaxDv Pmax_Dev 00000001 INTL 20200717)"),
          ("SSDT", "0x0000000041E7B000", "005D0B", "(v02 CpuRef CpuSsdt  00003000 INTL 20200717)"),
          ("SSDT", "0x0000000041E81000", "002A44", "(v02 SaSsdt SaSsdt   00003000 INTL 20200717)"),
          ("HPET", "0x0000000041E77000", "000038", "(v01 ALASKA A M I    01072009 AMI  01000013)"),
          ("APIC", "0x0000000041E76000", "0001DC", "(v05 ALASKA A M I    01072009 AMI  01000013)"),
          ("MCFG", "0x0000000041E75000", "00003C", "(v01 ALASKA A M I    01072009 MSFT 00000097)"),
          ("SSDT", "0x0000000041E74000", "000D0C", "(v02 INTEL  PtidDevc 00001000 INTL 20200717)"),
          ("NHLT", "0x0000000041E73000", "00002D", "(v00 ALASKA A M I    01072009 AMI  01000013)"),
          ("SSDT", "0x0000000041E72000", "00059B", "(v02 INTEL  TbtTypeC 00000000 INTL 20200717)"),
          ("LPIT", "0x0000000041E71000", "0000CC", "(v01 ALASKA A M I    01072009 AMI  01000013)"),
          ("SSDT", "0x0000000041E6D000", "002A83", "(v02 INTEL  PtidDevc 00001000 INTL 20200717)"),
          ("SSDT", "0x0000000041E6C000", "000FAE", "(v02 INTEL  TbtTypeC 00000000 INTL 20200717)")]
for sig, addr, ln, rest in tables:
    a(f"ACPI: {sig} {addr} {ln} {rest}".rstrip())
real_line("ACPI: DMAR 0x0000000041E6B000 000088 (v02 INTEL  EDK2     00000002      01000013)")
tail_tables = [("SSDT", "0x0000000041E6A000", "000144", "(v02 Intel  ADebTabl 00001000 INTL 20200717)"),
               ("FPDT", "0x0000000041E69000", "000044", "(v01 ALASKA A M I    01072009 AMI  01000013)"),
               ("BGRT", "0x0000000041E68000", "000038", "(v01 ALASKA A M I    01072009 AMI  00010013)"),
               ("TPM2", "0x0000000041E67000", "00004C", "(v04 ALASKA A M I    00000001 AMI  00000000)"),
               ("PHAT", "0x0000000041E66000", "0005F1", "(v01 ALASKA A M I    00000005 MSFT 0100000D)"),
               ("WSMT", "0x0000000041E65000", "000028", "(v01 ALASKA A M I    01072009 AMI  00010013)")]
for sig, addr, ln, rest in tail_tables:
    a(f"ACPI: {sig} {addr} {ln} {rest}")
def rsv(sig, addr, ln):
    start = int(addr, 16); end = start + int(ln, 16) - 1
    return f"ACPI: Reserving {sig} table memory at [mem 0x{start:x}-0x{end:x}]"
for sig, addr, ln, _ in tables:
    a(rsv(sig, addr, ln))
real_line("ACPI: Reserving DMAR table memory at [mem 0x41e6b000-0x41e6b087]")
for sig, addr, ln, _ in tail_tables:
    a(rsv(sig, addr, ln))
for s in ["No NUMA configuration found", "Faking a node at [mem 0x0000000000000000-0x00000008307fffff]",
          "NODE_DATA(0) allocated [mem 0x82ffd5000-0x82fffffff]", "Zone ranges:",
          "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
          "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]",
          "  Normal   [mem 0x0000000100000000-0x00000008307fffff]", "  Device   empty",
          "Movable zone start for each node", "Early memory node ranges",
          "  node   0: [mem 0x0000000000001000-0x000000000009efff]",
          "  node   0: [mem 0x0000000000100000-0x0000000039e5cfff]",
          "  node   0: [mem 0x000000003a35d000-0x000000003e3dcfff]",
          "  node   0: [mem 0x00000000435ff000-0x00000000435fffff]",
          "  node   0: [mem 0x0000000100000000-0x00000008307fffff]",
          "Initmem setup node 0 [mem 0x0000000000001000-0x00000008307fffff]",
          "On node 0, zone DMA: 1 pages in unavailable ranges", "On node 0, zone DMA: 97 pages in unavailable ranges",
          "On node 0, zone DMA32: 1280 pages in unavailable ranges",
          "On node 0, zone DMA32: 21025 pages in unavailable ranges",
          "On node 0, zone Normal: 51712 pages in unavailable ranges",
          "On node 0, zone Normal: 30720 pages in unavailable ranges", "Reserving Intel graphics memory at [mem 0x4b800000-0x4f7fffff]",
          "ACPI: PM-Timer IO Port: 0x1808", "ACPI: X2APIC_NMI (uid[0xffffffff] high edge lint[0x1])",
          "ACPI: LAPIC_NMI (acpi_id[0x01] high edge lint[0x1])",
          "IOAPIC[0]: apic_id 2, version 32, address 0xfec00000, GSI 0-119",
          "ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)",
          "ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 9 high level)",
          "ACPI: Using ACPI (MADT) for SMP configuration information",
          "ACPI: HPET id: 0x8086a201 base: 0xfed00000", "e820: update [mem 0x3c91b000-0x3c95efff] usable ==> reserved",
          "TSC deadline timer available", "smpboot: Allowing 12 CPUs, 0 hotplug CPUs",
          "PM: hibernation: Registered nosave memory: [mem 0x00000000-0x00000fff]",
          "PM: hibernation: Registered nosave memory: [mem 0x0009f000-0x000fffff]",
          "PM: hibernation: Registered nosave memory: [mem 0x39e5d000-0x3a35cfff]",
          "PM: hibernation: Registered nosave memory: [mem 0x3e3dd000-0x435fefff]",
          "PM: hibernation: Registered nosave memory: [mem 0x43600000-0xffffffff]",
          "[mem 0x4f800000-0xfdffffff] available for PCI devices",
          "Booting paravirtualized kernel on bare hardware",
          "clocksource: refined-jiffies: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 7645519600211568 ns",
          "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:12 nr_cpu_ids:12 nr_node_ids:1",
          "percpu: Embedded 63 pages/cpu s221184 r8192 d28672 u262144",
          "pcpu-alloc: s221184 r8192 d28672 u262144 alloc=1*2097152",
          "pcpu-alloc: [0] 00 01 02 03 04 05 06 07 [0] 08 09 10 11 ",
          f"Kernel command line: {CMDLINE}",
          f'Unknown kernel command line parameters "BOOT_IMAGE=/boot/vmlinuz-{KVER}", will be passed to user space.',
          "Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)",
          "Inode-cache hash table entries: 2097152 (order: 12, 16777216 bytes, linear)",
          "Fallback order for Node 0: 0 ", "Built 1 zonelists, mobility grouping on.  Total pages: 8167735",
          "Policy zone: Normal", "mem auto-init: stack:all(zero), heap alloc:on, heap free:off",
          "software IO TLB: area num 16.",
          "Memory: 32379348K/33191928K available (20480K kernel code, 3530K rwdata, 13092K rodata, 4720K init, 17600K bss, 812324K reserved, 0K cma-reserved)",
          "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=12, Nodes=1",
          "ftrace: allocating 53563 entries in 210 pages", "ftrace: allocated 210 pages with 4 groups",
          "Dynamic Preempt: voluntary", "rcu: Preemptible hierarchical RCU implementation.",
          "rcu: \tRCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=12.", "\tTrampoline variant of Tasks RCU enabled.",
          "\tRude variant of Tasks RCU enabled.", "\tTracing variant of Tasks RCU enabled.",
          "rcu: RCU calculated value of scheduler-enlistment delay is 100 jiffies.",
          "rcu: Adjusting geometry for rcu_fanout_leaf=16, nr_cpu_ids=12",
          "NR_IRQS: 524544, nr_irqs: 2152, preallocated irqs: 16",
          "rcu: srcu_init: Setting srcu_struct sizes based on contention.",
          "Console: colour dummy device 80x25", "printk: console [tty0] enabled", "ACPI: Core revision 20230331",
          "hpet: HPET dysfunctional in PC10. Force disabled.", "APIC: Switch to symmetric I/O mode setup"]:
    a(s)
for t in ["DMAR: Host address width 39", "DMAR: DRHD base: 0x000000fed90000 flags: 0x0",
          "DMAR: dmar0: reg_base_addr fed90000 ver 4:0 cap 1c0000c40660462 ecap 29a00f0505e",
          "DMAR: DRHD base: 0x000000fed91000 flags: 0x1",
          "DMAR: dmar1: reg_base_addr fed91000 ver 5:0 cap 8d2008c40660462 ecap f050da",
          "DMAR: RMRR base: 0x0000004b000000 end: 0x0000004f7fffff",
          "DMAR-IR: IOAPIC id 2 under DRHD base  0xfed91000 IOMMU 1",
          "DMAR-IR: HPET id 0 under DRHD base 0xfed91000",
          "DMAR-IR: Queued invalidation will be enabled to support x2apic and Intr-remapping.",
          "DMAR-IR: Enabled IRQ remapping in x2apic mode"]:
    real_line(t)
for s in ["x2apic enabled", "APIC: Switched APIC routing to: cluster x2apic",
          "clocksource: tsc-early: mask: 0xffffffffffffffff max_cycles: 0x23fa772cf26, max_idle_ns: 440795269835 ns",
          "Calibrating delay loop (skipped), value calculated using timer frequency.. 4992.00 BogoMIPS (lpj=9984000)",
          "x86/cpu: User Mode Instruction Prevention (UMIP) activated", "CPU0: Thermal monitoring enabled (TM1)",
          "x86/cpu: Enabled split lock detection", "process: using mwait in idle threads",
          "Last level iTLB entries: 4KB 0, 2MB 0, 4MB 0", "Last level dTLB entries: 4KB 0, 2MB 0, 4MB 0, 1GB 0",
          "Spectre V1 : Mitigation: usercopy/swapgs barriers and __user pointer sanitization",
          "Spectre V2 : Mitigation: Enhanced / Automatic IBRS",
          "Spectre V2 : Spectre v2 / SpectreRSB mitigation: Filling RSB on context switch",
          "Spectre V2 : Spectre v2 / PBRSB-eIBRS: SW sequence",
          "Spectre V2 : mitigation: Enabling conditional Indirect Branch Prediction Barrier",
          "Speculative Store Bypass: Mitigation: Speculative Store Bypass disabled via prctl",
          "Freeing SMP alternatives memory: 44K",
          "smpboot: CPU0: 12th Gen Intel(R) Core(TM) i5-12400 (family: 0x6, model: 0x97, stepping: 0x5)",
          "RCU Tasks: Setting shift to 4 and lim to 1 rcu_task_cb_adjust=1.",
          "Performance Events: XSAVE Architectural LBR, PEBS fmt4+-baseline,  AnyThread deprecated, Alderlake Hybrid events, 32-deep LBR, full-width counters, Intel PMU driver.",
          "... version:                5", "... bit width:              48", "... generic registers:      8",
          "... value mask:             0000ffffffffffff", "... max period:             00007fffffffffff",
          "... fixed-purpose events:   4", "... event mask:             0001000f000000ff",
          "signal: max sigframe size: 3632", "Estimated ratio of average max frequency by base frequency (times 1024): 1802",
          "rcu: Hierarchical SRCU implementation.", "rcu: \tMax phase no-delay instances is 400.",
          "NMI watchdog: Enabled. Permanently consumes one hw-PMU counter.",
          "smp: Bringing up secondary CPUs ...", "smpboot: x86: Booting SMP configuration:",
          ".... node  #0, CPUs:        #2  #4  #6  #8 #10  #1  #3  #5  #7  #9 #11",
          "smp: Brought up 1 node, 12 CPUs", "smpboot: Max logical packages: 1",
          "smpboot: Total of 12 processors activated (59904.00 BogoMIPS)",
          "devtmpfs: initialized", "x86/mm: Memory block size: 128MB",
          "ACPI: PM: Registering ACPI NVS region [mem 0x41f6e000-0x4209dfff] (1245184 bytes)",
          "clocksource: jiffies: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 7645041785100000 ns",
          "futex hash table entries: 4096 (order: 6, 262144 bytes, linear)", "pinctrl core: initialized pinctrl subsystem",
          "PM: RTC time: 09:41:12, date: 2024-01-14", "NET: Registered PF_NETLINK/PF_ROUTE protocol family",
          "DMA: preallocated 4096 KiB GFP_KERNEL pool for atomic allocations",
          "DMA: preallocated 4096 KiB GFP_KERNEL|GFP_DMA pool for atomic allocations",
          "DMA: preallocated 4096 KiB GFP_KERNEL|GFP_DMA32 pool for atomic allocations",
          "audit: initializing netlink subsys (disabled)", "thermal_sys: Registered thermal governor 'fair_share'",
          "thermal_sys: Registered thermal governor 'bang_bang'", "thermal_sys: Registered thermal governor 'step_wise'",
          "thermal_sys: Registered thermal governor 'user_space'", "cpuidle: using governor ladder",
          "cpuidle: using governor menu", "ACPI FADT declares the system doesn't support PCIe ASPM, so disable it",
          "acpiphp: ACPI Hot Plug PCI Controller Driver version: 0.5", "PCI: ECAM [mem 0xc0000000-0xcfffffff] (base 0xc0000000) for domain 0000 [bus 00-ff]",
          "PCI: Using configuration type 1 for base access", "ENERGY_PERF_BIAS: Set to 'normal', was 'performance'",
          "kprobes: kprobe jump-optimization is enabled. All kprobes are optimized if possible.",
          "HugeTLB: registered 1.00 GiB page size, pre-allocated 0 pages",
          "HugeTLB: 16380 KiB vmemmap can be freed for a 1.00 GiB page",
          "HugeTLB: registered 2.00 MiB page size, pre-allocated 0 pages",
          "HugeTLB: 28 KiB vmemmap can be freed for a 2.00 MiB page", "fbcon: Taking over console",
          "ACPI: Added _OSI(Module Device)", "ACPI: Added _OSI(Processor Device)",
          "ACPI: Added _OSI(3.0 _SCP Extensions)", "ACPI: Added _OSI(Processor Aggregator Device)",
          "ACPI: 12 ACPI AML tables successfully acquired and loaded", "ACPI: Dynamic OEM Table Load:",
          "ACPI: _OSC evaluated successfully for all CPUs", "ACPI: EC: EC started",
          "ACPI: EC: interrupt blocked", "ACPI: Interpreter enabled", "ACPI: PM: (supports S0 S3 S4 S5)",
          "ACPI: Using IOAPIC for interrupt routing",
          "PCI: Using host bridge windows from ACPI; if necessary, use \"pci=nocrs\" and report a bug",
          "PCI: Ignoring E820 reservations for host bridge windows", "ACPI: Enabled 9 GPEs in block 00 to 7F",
          "ACPI: PCI Root Bridge [PC00] (domain 0000 [bus 00-ff])",
          "acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI EDR HPX-Type3]",
          "acpi PNP0A08:00: _OSC: OS now controls [PCIeHotplug SHPCHotplug PME AER PCIeCapability LTR DPC]",
          "acpi PNP0A08:00: FADT indicates ASPM is unsupported, using BIOS configuration",
          "PCI host bridge to bus 0000:00",
          "pci_bus 0000:00: root bus resource [io  0x0000-0x0cf7 window]",
          "pci_bus 0000:00: root bus resource [io  0x0d00-0xffff window]",
          "pci_bus 0000:00: root bus resource [mem 0x000a0000-0x000bffff window]",
          "pci_bus 0000:00: root bus resource [mem 0x4f800000-0xbfffffff window]",
          "pci_bus 0000:00: root bus resource [mem 0x4000000000-0x7fffffffff window]",
          "pci_bus 0000:00: root bus resource [bus 00-ff]",
          "pci 0000:00:00.0: [8086:4650] type 00 class 0x060000",
          "pci 0000:00:02.0: [8086:4692] type 00 class 0x030000",
          "pci 0000:00:02.0: reg 0x10: [mem 0x6002000000-0x6002ffffff 64bit]",
          "pci 0000:00:02.0: reg 0x18: [mem 0x4000000000-0x400fffffff 64bit pref]",
          "pci 0000:00:02.0: reg 0x20: [io  0x4000-0x403f]"]:
    a(s)
real_line("pci 0000:00:02.0: DMAR: Skip IOMMU disabling for graphics")
for s in ["pci 0000:00:02.0: BAR 2: assigned to efifb",
          "pci 0000:00:02.0: Video device with shadowed ROM at [mem 0x000c0000-0x000dffff]",
          "pci 0000:00:02.0: reg 0x344: [mem 0x00000000-0x00ffffff 64bit]",
          "pci 0000:00:02.0: VF(n) BAR0 space: [mem 0x00000000-0x06ffffff 64bit] (contains BAR0 for 7 VFs)",
          "pci 0000:00:02.0: reg 0x34c: [mem 0x00000000-0x1fffffff 64bit pref]",
          "pci 0000:00:02.0: VF(n) BAR2 space: [mem 0x00000000-0xdfffffff 64bit pref] (contains BAR2 for 7 VFs)",
          "pci 0000:00:06.0: [8086:464d] type 01 class 0x060400", "pci 0000:00:06.0: PME# supported from D0 D3hot D3cold",
          "pci 0000:00:06.0: PTM enabled (root), 4ns granularity",
          "pci 0000:00:0a.0: [8086:467d] type 00 class 0x118000",
          "pci 0000:00:0a.0: reg 0x10: [mem 0x6003110000-0x6003117fff 64bit]",
          "pci 0000:00:0a.0: enabling Extended Tags",
          "pci 0000:00:14.0: [8086:7ae0] type 00 class 0x0c0330",
          "pci 0000:00:14.0: reg 0x10: [mem 0x6003100000-0x600310ffff 64bit]",
          "pci 0000:00:14.0: PME# supported from D3hot D3cold",
          "pci 0000:00:14.2: [8086:7aa7] type 00 class 0x050000",
          "pci 0000:00:14.2: reg 0x10: [mem 0x600311c000-0x600311ffff 64bit]",
          "pci 0000:00:14.2: reg 0x18: [mem 0x6003123000-0x6003123fff 64bit]",
          "pci 0000:00:16.0: [8086:7ae8] type 00 class 0x078000",
          "pci 0000:00:16.0: reg 0x10: [mem 0x6003121000-0x6003121fff 64bit]",
          "pci 0000:00:16.0: PME# supported from D3hot",
          "pci 0000:00:17.0: [8086:7ae2] type 00 class 0x010601",
          "pci 0000:00:17.0: reg 0x10: [mem 0x72120000-0x72121fff]",
          "pci 0000:00:17.0: reg 0x14: [mem 0x72123000-0x721230ff]",
          "pci 0000:00:17.0: reg 0x18: [io  0x4090-0x4097]", "pci 0000:00:17.0: reg 0x1c: [io  0x4080-0x4083]",
          "pci 0000:00:17.0: reg 0x20: [io  0x4060-0x407f]", "pci 0000:00:17.0: reg 0x24: [mem 0x72122000-0x721227ff]",
          "pci 0000:00:17.0: PME# supported from D3hot",
          "pci 0000:00:1c.0: [8086:7ab8] type 01 class 0x060400", "pci 0000:00:1c.0: PME# supported from D0 D3hot D3cold",
          "pci 0000:00:1c.0: PTM enabled (root), 4ns granularity",
          "pci 0000:00:1f.0: [8086:7a86] type 00 class 0x060100",
          "pci 0000:00:1f.3: [8086:7ad0] type 00 class 0x040380",
          "pci 0000:00:1f.3: reg 0x10: [mem 0x6003118000-0x600311bfff 64bit]",
          "pci 0000:00:1f.3: reg 0x20: [mem 0x6003000000-0x60030fffff 64bit]",
          "pci 0000:00:1f.3: PME# supported from D3hot D3cold",
          "pci 0000:00:1f.4: [8086:7aa3] type 00 class 0x0c0500",
          "pci 0000:00:1f.4: reg 0x10: [mem 0x6003120000-0x60031200ff 64bit]",
          "pci 0000:00:1f.4: reg 0x20: [io  0xefa0-0xefbf]",
          "pci 0000:00:1f.5: [8086:7aa4] type 00 class 0x0c8000",
          "pci 0000:00:1f.5: reg 0x10: [mem 0xfe010000-0xfe010fff]",
          "pci 0000:01:00.0: [144d:a809] type 00 class 0x010802",
          "pci 0000:01:00.0: reg 0x10: [mem 0x72000000-0x72003fff 64bit]",
          "pci 0000:00:06.0: PCI bridge to [bus 01]",
          "pci 0000:00:06.0:   bridge window [mem 0x72000000-0x720fffff]",
          "pci 0000:02:00.0: [8086:125c] type 00 class 0x020000",
          "pci 0000:02:00.0: reg 0x10: [mem 0x71f00000-0x71ffffff]",
          "pci 0000:02:00.0: reg 0x1c: [mem 0x72100000-0x72103fff]",
          "pci 0000:02:00.0: PME# supported from D0 D3hot D3cold",
          "pci 0000:00:1c.0: PCI bridge to [bus 02]",
          "pci 0000:00:1c.0:   bridge window [io  0x3000-0x3fff]",
          "pci 0000:00:1c.0:   bridge window [mem 0x71f00000-0x720fffff]",
          "ACPI: PCI: Interrupt link LNKA configured for IRQ 0", "ACPI: PCI: Interrupt link LNKA disabled",
          "ACPI: PCI: Interrupt link LNKB configured for IRQ 1", "ACPI: PCI: Interrupt link LNKB disabled",
          "ACPI: EC: interrupt unblocked", "ACPI: EC: event unblocked", "ACPI: EC: EC_CMD/EC_SC=0x66, EC_DATA=0x62",
          "ACPI: EC: GPE=0x6e", "iommu: Default domain type: Translated",
          "iommu: DMA domain TLB invalidation policy: lazy mode", "SCSI subsystem initialized",
          "libata version 3.00 loaded.", "ACPI: bus type USB registered", "usbcore: registered new interface driver usbfs",
          "usbcore: registered new interface driver hub", "usbcore: registered new device driver usb",
          "pps_core: LinuxPPS API ver. 1 registered", "PTP clock support registered", "EDAC MC: Ver: 3.0.0",
          "efivars: Registered efivars operations", "NetLabel: Initializing", "PCI: Using ACPI for IRQ routing",
          "PCI: pci_cache_line_size set to 64 bytes",
          "pci 0000:00:02.0: vgaarb: setting as boot VGA device",
          "pci 0000:00:02.0: vgaarb: bridge control possible",
          "pci 0000:00:02.0: vgaarb: VGA device added: decodes=io+mem,owns=io+mem,locks=none",
          "vgaarb: loaded", "clocksource: Switched to clocksource tsc-early", "VFS: Disk quotas dquot_6.6.0",
          "AppArmor: AppArmor Filesystem Enabled", "pnp: PnP ACPI init", "pnp: PnP ACPI: found 5 devices",
          "clocksource: acpi_pm: mask: 0xffffff max_cycles: 0xffffff, max_idle_ns: 2085701024 ns",
          "NET: Registered PF_INET protocol family", "pci 0000:00:06.0: PCI bridge to [bus 01]",
          "pci 0000:00:1c.0: PCI bridge to [bus 02]", "PCI: CLS 64 bytes, default 64"]:
    a(s)
real_line("DMAR: No ATSR found")
for s in ["PCI-DMA: Using software bounce buffering for IO (SWIOTLB)",
          "software IO TLB: mapped [mem 0x0000000031f1c000-0x0000000035f1c000] (64MB)",
          "Trying to unpack rootfs image as initramfs...", "Initialise system trusted keyrings",
          "workingset: timestamp_bits=36 max_order=23 bucket_order=0", "Key type asymmetric registered",
          "Asymmetric key parser 'x509' registered", "Block layer SCSI generic (bsg) driver version 0.4 loaded (major 243)",
          "io scheduler mq-deadline registered",
          "pcieport 0000:00:06.0: PME: Signaling with IRQ 122", "pcieport 0000:00:06.0: AER: enabled with IRQ 122",
          "pcieport 0000:00:1c.0: PME: Signaling with IRQ 123", "pcieport 0000:00:1c.0: AER: enabled with IRQ 123",
          "pcieport 0000:00:1c.0: DPC: enabled with IRQ 123",
          "shpchp: Standard Hot Plug PCI Controller Driver version: 0.4",
          "input: Power Button as /devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0C:00/input/input0",
          "ACPI: button: Power Button [PWRB]", "Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled",
          "Linux agpgart interface v0.103", "loop: module loaded", "tun: Universal TUN/TAP device driver, 1.6",
          "PPP generic driver version 2.4.2", "i8042: PNP: No PS/2 controller found.",
          "rtc_cmos 00:03: RTC can wake from S4", "rtc_cmos 00:03: registered as rtc0",
          "intel_pstate: Intel P-state driver initializing", "intel_pstate: HWP enabled",
          "NET: Registered PF_INET6 protocol family", "microcode: Microcode Update Driver: v2.2.",
          "IPI shorthand broadcast: enabled", "sched_clock: Marking stable (684101238, 2107411)->(702561822, -16353173)",
          "registered taskstats version 1", "Loading compiled-in X.509 certificates",
          "Freeing initrd memory: 32168K", "Freeing unused kernel image (initmem) memory: 4720K",
          "Write protecting the kernel read-only data: 34816k", "Run /init as init process",
          "ahci 0000:00:17.0: version 3.0",
          "ahci 0000:00:17.0: AHCI 0001.0301 32 slots 4 ports 6 Gbps 0xf0 impl SATA mode",
          "ahci 0000:00:17.0: flags: 64bit ncq sntf led clo only pio slum part ems deso sadm sds ",
          "nvme 0000:01:00.0: platform quirk: setting simple suspend", "nvme nvme0: pci function 0000:01:00.0",
          "igc 0000:02:00.0: PTM enabled, 4ns granularity", "xhci_hcd 0000:00:14.0: xHCI Host Controller",
          "xhci_hcd 0000:00:14.0: new USB bus registered, assigned bus number 1",
          "nvme nvme0: 12/0/0 default/read/poll queues", " nvme0n1: p1 p2 p3",
          "igc 0000:02:00.0 (unnamed net_device) (uninitialized): PHC added",
          "igc 0000:02:00.0: 4.000 Gb/s available PCIe bandwidth (5.0 GT/s PCIe x1 link)",
          "igc 0000:02:00.0 eth0: MAC: 08:bf:b8:4a:31:5c", "igc 0000:02:00.0 enp2s0: renamed from eth0",
          "device-mapper: uevent: version 1.0.3", "device-mapper: ioctl: 4.48.0-ioctl (2023-03-01) initialised: dm-devel@redhat.com",
          "EXT4-fs (dm-1): mounted filesystem 0b1f1c7a-8a7e-4f3a-9a5d-2c3b0e6d9f11 ro with ordered data mode. Quota mode: none.",
          "systemd[1]: Inserted module 'autofs4'",
          "systemd[1]: systemd 252.19-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)",
          "systemd[1]: Detected architecture x86-64.", "systemd[1]: Hostname set to <zyyproxmox>.",
          "EXT4-fs (dm-1): re-mounted 0b1f1c7a-8a7e-4f3a-9a5d-2c3b0e6d9f11 r/w. Quota mode: none.",
          "mei_me 0000:00:16.0: enabling device (0000 -> 0002)",
          "i801_smbus 0000:00:1f.4: SPD Write Disable is set", "i801_smbus 0000:00:1f.4: SMBus using PCI interrupt",
          "i915 0000:00:02.0: [drm] VT-d active for gfx access" if False else "i915 0000:00:02.0: vgaarb: deactivate vga console",
          "Console: switching to colour dummy device 80x25",
          "i915 0000:00:02.0: vgaarb: changed VGA decodes: olddecodes=io+mem,decodes=io+mem:owns=io+mem",
          "i915 0000:00:02.0: [drm] Finished loading DMC firmware i915/adls_dmc_ver2_01.bin (v2.1)",
          "i915 0000:00:02.0: [drm] GT0: GuC firmware i915/tgl_guc_70.bin version 70.5.1",
          "i915 0000:00:02.0: [drm] GT0: HuC firmware i915/tgl_huc.bin version 7.9.3",
          "i915 0000:00:02.0: [drm] GT0: HuC: authenticated for all workloads",
          "i915 0000:00:02.0: [drm] GT0: GUC: submission enabled", "i915 0000:00:02.0: [drm] GT0: GUC: SLPC enabled",
          "i915 0000:00:02.0: [drm] GT0: GUC: RC enabled",
          "[drm] Initialized i915 1.6.0 20201103 for 0000:00:02.0 on minor 0",
          "fbcon: i915drmfb (fb0) is primary device", "Console: switching to colour frame buffer device 240x67",
          "i915 0000:00:02.0: [drm] fb0: i915drmfb frame buffer device",
          "snd_hda_intel 0000:00:1f.3: enabling device (0000 -> 0002)",
          "kvm_intel: Using Hyper-V Enlightened VMCS" if False else "intel_rapl_common: Found RAPL domain package",
          "intel_rapl_common: Found RAPL domain core", "intel_rapl_common: Found RAPL domain uncore",
          "vmbr0: port 1(enp2s0) entered blocking state", "vmbr0: port 1(enp2s0) entered disabled state",
          "igc 0000:02:00.0 enp2s0: entered allmulticast mode", "igc 0000:02:00.0 enp2s0: entered promiscuous mode",
          "igc 0000:02:00.0 enp2s0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX",
          "vmbr0: port 1(enp2s0) entered blocking state", "vmbr0: port 1(enp2s0) entered forwarding state",
          "NFSD: Using nfsdcld client tracking operations.", "bpfilter: Loaded bpfilter_umh pid 1161",
          "Started bpfilter"]:
    a(s)

# anchors for the synthesized parts (must bracket the real ones monotonically)
anchor = {"Kernel command line: " + CMDLINE: 0.061562, "Dynamic Preempt: voluntary": 0.140551,
          "NR_IRQS: 524544, nr_irqs: 2152, preallocated irqs: 16": 0.144002,
          "APIC: Switch to symmetric I/O mode setup": 0.231384,
          "x2apic enabled": 0.233053, "smp: Bringing up secondary CPUs ...": 0.241820,
          "smp: Brought up 1 node, 12 CPUs": 0.255901, "PCI host bridge to bus 0000:00": 0.502114,
          "pci 0000:00:02.0: reg 0x20: [io  0x4000-0x403f]": 0.513066,
          "pci 0000:00:02.0: BAR 2: assigned to efifb": 0.513074,
          "pci 0000:02:00.0: PME# supported from D0 D3hot D3cold": 0.522118,
          "iommu: Default domain type: Translated": 0.546331, "clocksource: Switched to clocksource tsc-early": 0.566203,
          "PCI: CLS 64 bytes, default 64": 0.600329, "PCI-DMA: Using software bounce buffering for IO (SWIOTLB)": 0.600340,
          "Trying to unpack rootfs image as initramfs...": 0.600511, "Run /init as init process": 0.781106,
          "ahci 0000:00:17.0: version 3.0": 0.851022, "systemd[1]: Inserted module 'autofs4'": 1.824511,
          "i915 0000:00:02.0: vgaarb: deactivate vga console": 2.711938,
          "[drm] Initialized i915 1.6.0 20201103 for 0000:00:02.0 on minor 0": 3.124770,
          "vmbr0: port 1(enp2s0) entered blocking state": 5.012004, "Started bpfilter": 7.903318}
ts = []
for t, text in L:
    if t is None and text in anchor:
        t = anchor.pop(text)
    ts.append(t)
ts[0] = 0.0
# interpolate
i = 0
n = len(ts)
while i < n:
    if ts[i] is None:
        j = i
        while ts[j] is None:
            j += 1
        lo, hi = ts[i - 1], ts[j]
        assert hi >= lo, (L[i - 1], L[j])
        step = (hi - lo) / (j - i + 1)
        for k in range(i, j):
            ts[k] = lo + step * (k - i + 1)
        i = j
    i += 1
for k in range(1, n):
    assert ts[k] >= ts[k - 1], (k, L[k])
out = []
for t, (_, text) in zip(ts, L):
    out.append(f"[{t:12.6f}] {text}")
log = "\n".join(out) + "\n"
# the real grep lines must appear verbatim, and grep -e DMAR -e IOMMU must give exactly the real output
for l in real_lines:
    assert l in out, l
grep = [l for l in out if "DMAR" in l or "IOMMU" in l]
assert grep == real_lines, "\n".join(sorted(set(grep) ^ set(real_lines)))
S.w("sos_commands/kernel/dmesg", log)

# ------------------------------------------------------------------ other files
S.w("proc/cmdline", CMDLINE + "\n")
S.w("etc/hostname", "zyyproxmox\n")
S.w("etc/default/grub", """# If you change this file, run 'update-grub' afterwards to update
# /boot/grub/grub.cfg.
# For full documentation of the options in this file, see:
#   info -f grub -n 'Simple configuration'

GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_DISTRIBUTOR="Proxmox VE"
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX=""

# If your computer has multiple processors, you may want to specify the
# number of processors to use.
#GRUB_DISABLE_OS_PROBER=false

# Uncomment to enable BadRAM filtering, modify to suit your needs
# This works with Linux (no patch required) and with any kernel that obtains
# the memory map information from GRUB (GNU Mach, kernel of FreeBSD ...)
#GRUB_BADRAM="0x01234567,0xfefefefe,0x89abcdef,0xefefefef"

# Uncomment to disable graphical terminal
#GRUB_TERMINAL=console

# The resolution used on graphical terminal
# note that you can use only modes which your graphic card supports via VBE
# you can see them in real GRUB with the command `vbeinfo'
#GRUB_GFXMODE=640x480

# Uncomment if you don't want GRUB to pass "root=UUID=xxx" parameter to Linux
#GRUB_DISABLE_LINUX_UUID=true

# Uncomment to disable generation of recovery mode menu entries
#GRUB_DISABLE_RECOVERY="true"

# Uncomment to get a beep at grub start
#GRUB_INIT_TUNE="480 440 1"
""")
S.w("sos_commands/kernel/uname_-a", f"Linux zyyproxmox {KVER} #1 SMP PREEMPT_DYNAMIC PMX 6.5.11-4 (2023-11-20T10:19Z) x86_64 GNU/Linux\n")
S.w("sos_commands/virt/qemu-system-x86_64_--version",
    "QEMU emulator version 8.1.2 (pve-qemu-kvm_8.1.2-4)\nCopyright (c) 2003-2023 Fabrice Bellard and the QEMU Project developers\n")
S.w("sys/firmware/acpi/tables/DMAR", b"")
S.keep("sys/kernel/iommu_groups")
S.keep("sys/class/iommu")
S.w("sys/class/dmi/id/bios_vendor", "American Megatrends Inc.\n")
S.w("sys/class/dmi/id/bios_version", "3010\n")
S.w("sys/class/dmi/id/bios_date", "03/30/2023\n")
S.w("sys/class/dmi/id/sys_vendor", "ASUS\n")
S.w("sys/class/dmi/id/product_name", "System Product Name\n")

lspci = open(os.path.join(os.path.dirname(__file__), "s2_lspci.txt")).read()
S.w("sos_commands/pci/lspci_-nnvv", lspci)
S.w("sos_commands/pci/lspci_-tv", r"""-[0000:00]-+-00.0  Intel Corporation 12th Gen Core Processor Host Bridge/DRAM Registers
           +-02.0  Intel Corporation AlderLake-S GT1
           +-06.0-[01]----00.0  Samsung Electronics Co Ltd NVMe SSD Controller 980 (DRAM-less)
           +-0a.0  Intel Corporation Platform Monitoring Technology
           +-14.0  Intel Corporation Alder Lake-S PCH USB 3.2 Gen 2x2 XHCI Controller
           +-14.2  Intel Corporation Alder Lake-S PCH Shared SRAM
           +-16.0  Intel Corporation Alder Lake-S PCH HECI Controller #1
           +-17.0  Intel Corporation Alder Lake-S PCH SATA Controller [AHCI Mode]
           +-1c.0-[02]----00.0  Intel Corporation Ethernet Controller I226-V
           +-1f.0  Intel Corporation B660 Chipset LPC/eSPI Controller
           +-1f.3  Intel Corporation Alder Lake-S HD Audio Controller
           +-1f.4  Intel Corporation Alder Lake-S PCH SMBus Controller
           \-1f.5  Intel Corporation Alder Lake-S PCH SPI Controller
""")

# sysfs per device: no iommu_group link anywhere (DMA remapping is off)
CLS = {"00:00.0": "0x060000", "00:02.0": "0x030000", "00:06.0": "0x060400", "00:0a.0": "0x118000",
       "00:14.0": "0x0c0330", "00:14.2": "0x050000", "00:16.0": "0x078000", "00:17.0": "0x010601",
       "00:1c.0": "0x060400", "00:1f.0": "0x060100", "00:1f.3": "0x040380", "00:1f.4": "0x0c0500",
       "00:1f.5": "0x0c8000", "01:00.0": "0x010802", "02:00.0": "0x020000"}
PARENT = {"01": "00:06.0", "02": "00:1c.0"}
for rec in lspci.strip("\n").split("\n\n"):
    head = rec.split("\n", 1)[0]
    bdf = head.split(" ", 1)[0]
    m = re.findall(r"\[([0-9a-f]{4}):([0-9a-f]{4})\]", head)[-1]
    d = f"sys/bus/pci/devices/0000:{bdf}/"
    S.w(d + "vendor", f"0x{m[0]}\n"); S.w(d + "device", f"0x{m[1]}\n"); S.w(d + "class", CLS[bdf] + "\n")
    S.w(d + "numa_node", "-1\n")
    parts = ["pci0000:00"] + (["0000:" + PARENT[bdf[:2]]] if bdf[:2] in PARENT else []) + ["0000:" + bdf]
    md = re.search(r"Kernel driver in use: (\S+)", rec)
    if md:
        S.w(d + "driver", sysfs_depth_link(parts, "bus/pci/drivers/" + md.group(1)) + "\n")
    mc = re.search(r"LnkCap:\tPort #\d+, Speed ([\d.]+)GT/s, Width x(\d+)", rec)
    ms = re.search(r"LnkSta:\tSpeed ([\d.]+)GT/s[^,]*, Width x(\d+)", rec)
    if mc and ms:
        f = lambda s: "%.1f GT/s PCIe" % float(s)
        S.w(d + "max_link_speed", f(mc.group(1)) + "\n"); S.w(d + "max_link_width", mc.group(2) + "\n")
        S.w(d + "current_link_speed", f(ms.group(1)) + "\n"); S.w(d + "current_link_width", ms.group(2) + "\n")
S.w("sys/bus/pci/devices/0000:00:02.0/reset_method", "flr bus\n")
S.w("sys/bus/pci/devices/0000:01:00.0/reset_method", "flr bus\n")
S.w("sys/bus/pci/devices/0000:02:00.0/reset_method", "flr bus\n")
S.w("sys/bus/pci/devices/0000:00:02.0/resource",
    sysfs_resource({0: (0x6002000000, 16 << 20, F_MEM64), 2: (0x4000000000, 256 << 20, F_MEM64P), 4: (0x4000, 64, F_IO)},
                   rom=(0xc0000, 128 << 10, 0x46200)))

# cpuinfo: i5-12400, 6C/12T, vmx
FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht "
         "tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc "
         "cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm "
         "sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch "
         "cpuid_fault epb ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust "
         "bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb intel_pt sha_ni xsaveopt xsavec xgetbv1 xsaves "
         "split_lock_detect avx_vnni dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp hwp_pkg_req hfi vnmi "
         "umip pku ospke waitpkg gfni vaes vpclmulqdq tme rdpid movdiri movdir64b fsrm md_clear serialize pconfig arch_lbr "
         "ibt flush_l1d arch_capabilities")
VMXF = ("vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb flexpriority apicv tsc_offset vtpr mtf "
        "vapic ept vpid unrestricted_guest vapic_reg vid ple shadow_vmcs ept_mode_based_exec tsc_scaling usr_wait_pause")
cpus = []
for n in range(12):
    core = [0, 4, 8, 12, 16, 20][(n // 2)]
    cpus.append(f"""processor\t: {n}
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 151
model name\t: 12th Gen Intel(R) Core(TM) i5-12400
stepping\t: 5
microcode\t: 0x32
cpu MHz\t\t: {[800.000, 4000.000, 2500.000][n % 3]:.3f}
cache size\t: 18432 KB
physical id\t: 0
siblings\t: 12
core id\t\t: {core}
cpu cores\t: 6
apicid\t\t: {core * 2 + (n % 2)}
initial apicid\t: {core * 2 + (n % 2)}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 32
wp\t\t: yes
flags\t\t: {FLAGS}
vmx flags\t: {VMXF}
bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb
bogomips\t: 4992.00
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 39 bits physical, 48 bits virtual
power management:

""")
S.w("proc/cpuinfo", "".join(cpus))
S.w("proc/modules", "".join(f"{m} Live 0x0000000000000000\n" for m in [
    "tcp_diag 12288 0 -", "inet_diag 28672 1 tcp_diag,", "ebtable_filter 12288 0 -", "ebtables 45056 1 ebtable_filter,",
    "ip_set 61440 0 -", "ip6table_raw 12288 0 -", "iptable_raw 12288 0 -", "ip6table_filter 12288 0 -",
    "ip6_tables 36864 2 ip6table_raw,ip6table_filter,", "iptable_filter 12288 0 -", "nf_tables 348160 0 -",
    "sunrpc 811008 1 -", "bonding 241664 0 -", "tls 151552 1 bonding,", "nfnetlink_log 20480 1 -",
    "nfnetlink 20480 3 ip_set,nf_tables,nfnetlink_log,", "snd_hda_codec_hdmi 94208 1 -", "snd_sof_pci_intel_tgl 12288 0 -",
    "snd_hda_intel 61440 1 -", "intel_rapl_msr 20480 0 -", "intel_rapl_common 40960 1 intel_rapl_msr,",
    "intel_uncore_frequency 16384 0 -", "x86_pkg_temp_thermal 20480 0 -", "intel_powerclamp 24576 0 -",
    "coretemp 24576 0 -", "i915 4136960 2 -", "kvm_intel 487424 0 -", "kvm 1404928 1 kvm_intel,",
    "irqbypass 12288 1 kvm,", "crct10dif_pclmul 12288 1 -", "polyval_clmulni 12288 0 -",
    "polyval_generic 12288 1 polyval_clmulni,", "ghash_clmulni_intel 16384 0 -", "sha256_ssse3 32768 0 -",
    "sha1_ssse3 32768 0 -", "aesni_intel 356352 0 -", "crypto_simd 16384 1 aesni_intel,",
    "cryptd 28672 2 ghash_clmulni_intel,crypto_simd,", "drm_buddy 20480 1 i915,", "ttm 102400 1 i915,",
    "drm_display_helper 184320 1 i915,", "cec 94208 2 i915,drm_display_helper,", "rc_core 73728 1 cec,",
    "drm_kms_helper 253952 2 i915,drm_display_helper,", "i2c_algo_bit 16384 1 i915,", "rapl 20480 0 -",
    "mei_me 53248 0 -", "intel_cstate 20480 0 -", "mei 172032 1 mei_me,", "intel_vsec 20480 0 -",
    "igen6_edac 28672 0 -", "vhost_net 32768 0 -", "vhost 65536 1 vhost_net,", "vhost_iotlb 16384 1 vhost,",
    "tap 32768 1 vhost_net,", "efi_pstore 12288 0 -", "dmi_sysfs 20480 0 -", "ip_tables 36864 2 iptable_raw,iptable_filter,",
    "x_tables 65536 7 ebtables,ip6table_raw,iptable_raw,ip6table_filter,ip6_tables,iptable_filter,ip_tables,",
    "autofs4 57344 2 -", "btrfs 1863680 0 -", "blake2b_generic 24576 0 -", "xor 20480 1 btrfs,",
    "raid6_pq 122880 1 btrfs,", "libcrc32c 12288 2 btrfs,nf_tables,", "xhci_pci 24576 0 -", "nvme 57344 3 -",
    "xhci_pci_renesas 20480 1 xhci_pci,", "crc32_pclmul 12288 0 -", "spi_intel_pci 12288 0 -",
    "i2c_i801 36864 0 -", "igc 184320 0 -", "nvme_core 204800 4 nvme,", "spi_intel 32768 1 spi_intel_pci,",
    "i2c_smbus 16384 1 i2c_i801,", "ahci 49152 0 -", "xhci_hcd 348160 1 xhci_pci,", "libahci 53248 1 ahci,",
    "nvme_common 20480 1 nvme_core,", "video 73728 1 i915,", "wmi 40960 1 video,"]))
S.w("proc/meminfo", """MemTotal:       32379348 kB
MemFree:        29881204 kB
MemAvailable:   31204532 kB
Buffers:           98212 kB
Cached:          1462236 kB
SwapCached:            0 kB
Active:           502620 kB
Inactive:        1206844 kB
Active(anon):       2872 kB
Inactive(anon):   205116 kB
Active(file):     499748 kB
Inactive(file):  1001728 kB
Unevictable:       25152 kB
Mlocked:           22080 kB
SwapTotal:       8388604 kB
SwapFree:        8388604 kB
Zswap:                 0 kB
Zswapped:              0 kB
Dirty:                64 kB
Writeback:             0 kB
AnonPages:        174188 kB
Mapped:           152920 kB
Shmem:             45660 kB
KReclaimable:     141272 kB
Slab:             345900 kB
SReclaimable:     141272 kB
SUnreclaim:       204628 kB
KernelStack:        7024 kB
PageTables:         6096 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    24578276 kB
Committed_AS:    1339476 kB
VmallocTotal:   34359738367 kB
VmallocUsed:       95036 kB
VmallocChunk:          0 kB
Percpu:            13824 kB
HardwareCorrupted:     0 kB
AnonHugePages:         0 kB
ShmemHugePages:        0 kB
ShmemPmdMapped:        0 kB
FileHugePages:         0 kB
FilePmdMapped:         0 kB
Unaccepted:            0 kB
HugePages_Total:       0
HugePages_Free:        0
HugePages_Rsvd:        0
HugePages_Surp:        0
Hugepagesize:       2048 kB
Hugetlb:               0 kB
DirectMap4k:      352840 kB
DirectMap2M:     7847936 kB
DirectMap1G:    25165824 kB
""")

# interrupts: 12 CPUs, IR on (IR-IO-APIC / IR-PCI-MSI, DMAR-MSI fault vectors)
NC = 12
rows = [" " * 12 + "".join(f"CPU{n:<8}" for n in range(NC))]
def row(irq, cnt, chip, hw, trig, name):
    rows.append((f"{irq:>4}:" + "".join(f"{x:>11}" for x in cnt) + f"  {chip:>8} {hw}-{trig:<8}  {name}").rstrip())
z = [0] * NC
def one(i, v):
    c = [0] * NC; c[i] = v; return c
row(0, one(0, 8), "IR-IO-APIC", "   2", "edge", "timer")
row(8, z, "IR-IO-APIC", "   8", "edge", "rtc0")
row(9, one(0, 4), "IR-IO-APIC", "   9", "fasteoi", "acpi")
row(16, one(5, 211), "IR-IO-APIC", "  16", "fasteoi", "i801_smbus")
row(120, z, "DMAR-MSI", "   0", "edge", "dmar0")
row(121, z, "DMAR-MSI", "   1", "edge", "dmar1")
row(122, z, "IR-PCI-MSI-0000:00:06.0", "   0", "edge", "PCIe PME, aerdrv")
row(123, z, "IR-PCI-MSI-0000:00:1c.0", "   0", "edge", "PCIe PME, aerdrv, PCIe DPC")
row(124, one(3, 402), "IR-PCI-MSI-0000:00:14.0", "   0", "edge", "xhci_hcd")
row(125, one(8, 15522), "IR-PCI-MSI-0000:00:17.0", "   0", "edge", "ahci[0000:00:17.0]")
for q in range(13):
    row(126 + q, one(q % NC, 900 + 37 * q), "IR-PCI-MSIX-0000:01:00.0", f"{q:>4}", "edge", f"nvme0q{q}")
for q in range(5):
    row(139 + q, one((q * 2) % NC, 3000 + 911 * q), "IR-PCI-MSIX-0000:02:00.0", f"{q:>4}", "edge",
        "enp2s0" if q == 0 else f"enp2s0-TxRx-{q - 1}")
row(145, one(2, 23341), "IR-PCI-MSI-0000:00:02.0", "   0", "edge", "i915")
row(146, one(6, 31), "IR-PCI-MSI-0000:00:16.0", "   0", "edge", "mei_me")
row(147, one(7, 1006), "IR-PCI-MSI-0000:00:1f.3", "   0", "edge", "snd_hda_intel:card0")
def sysrow(label, cnt, desc):
    rows.append(f"{label:>4}:" + "".join(f"{x:>11}" for x in cnt) + "   " + desc)
sysrow("NMI", [3] * NC, "Non-maskable interrupts")
sysrow("LOC", [412000 + 1711 * i for i in range(NC)], "Local timer interrupts")
sysrow("SPU", z, "Spurious interrupts")
sysrow("PMI", [3] * NC, "Performance monitoring interrupts")
sysrow("IWI", [2 + i for i in range(NC)], "IRQ work interrupts")
sysrow("RTR", z, "APIC ICR read retries")
sysrow("RES", [1200 + 97 * i for i in range(NC)], "Rescheduling interrupts")
sysrow("CAL", [5400 + 211 * i for i in range(NC)], "Function call interrupts")
sysrow("TLB", [300 + 13 * i for i in range(NC)], "TLB shootdowns")
sysrow("TRM", z, "Thermal event interrupts")
sysrow("THR", z, "Threshold APIC interrupts")
sysrow("DFR", z, "Deferred Error APIC interrupts")
sysrow("MCE", z, "Machine check exceptions")
sysrow("MCP", [9] * NC, "Machine check polls")
rows.append(" ERR:          0")
rows.append(" MIS:          0")
sysrow("PIN", z, "Posted-interrupt notification event")
sysrow("NPI", z, "Nested posted-interrupt event")
sysrow("PIW", z, "Posted-interrupt wakeup event")
S.w("proc/interrupts", "\n".join(rows) + "\n")
print("files:", len(S.files), "bytes:", sum(S.files.values()), "dmesg lines:", len(out))
