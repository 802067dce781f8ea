#!/usr/bin/env python3
"""Generate synthetic host snapshots of an 8x H200 SXM HGX host (2x Intel Xeon Sapphire Rapids).

The snapshot layout is the one gpu-preflight reads (DESIGN.md, "Snapshot layout"): a sos-report
tree (sos_commands/..., proc/..., sys/..., etc/...) plus the tool's own sysfs extras and
`gpu-preflight-manifest.json`. Everything is synthetic but copies the textual format of real
captures (see ../../../shared/corpus and each scenario's README.md).

Deterministic and stdlib-only: the same arguments always produce the same bytes.

Usage:
  python3 testdata/tools/hgx.py --all                 # regenerate every committed scenario
  python3 testdata/tools/hgx.py --scenario NAME       # one committed scenario (into testdata/snapshots/NAME)
  python3 testdata/tools/hgx.py --list                # list scenario names
  python3 testdata/tools/hgx.py --out DIR [flags]     # a custom host, e.g.
      --hostname gpu-h200-99 --seed 99 --mode passthrough --no-irq-remap --mmioh-exhausted
      --acs-redir-off 43,52

No symlinks are written: sysfs `driver` and `iommu_group` are one-line files naming the link
target, IOMMU group entries are empty files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOTS = os.path.normpath(os.path.join(HERE, "..", "snapshots"))

KERNEL = "6.8.0-55-generic"
KERNEL_BUILD = "#57-Ubuntu SMP PREEMPT_DYNAMIC Wed Feb 12 23:42:21 UTC 2025"
NV_DRIVER = "550.127.05"
GPU_BUSES = [0x1B, 0x43, 0x52, 0x61, 0x9D, 0xC3, 0xD1, 0xDF]
NVSW_BUSES = [0x07, 0x08, 0x09, 0x0A]
# HGX GPU module ids as the Fabric Manager numbers them (corpus/other/opennebula-hgx-h100-...-bdf-map.txt).
MODULE_ID = {0xC3: 1, 0xDF: 2, 0xD1: 3, 0x9D: 4, 0x43: 5, 0x61: 6, 0x52: 7, 0x1B: 8}
NCPU = 224
NODE_CPUS = {0: "0-55,112-167", 1: "56-111,168-223"}

GiB = 1 << 30
MiB = 1 << 20
KiB = 1 << 10

# IORESOURCE flags (include/linux/ioport.h) as the kernel's sysfs `resource` file prints them,
# including the low BAR-type bits the kernel keeps in `flags`.
F_MEM32 = 0x40200          # MEM | SIZEALIGN
F_MEM64 = 0x140204         # MEM | MEM_64 | SIZEALIGN | PCI_BASE_ADDRESS_MEM_TYPE_64
F_PREF64 = 0x14220C        # MEM | PREFETCH | MEM_64 | SIZEALIGN | TYPE_64 | PREFETCH bit
F_ROM = 0x46200            # MEM | PREFETCH | READONLY | SIZEALIGN
F_IO = 0x40101             # IO | SIZEALIGN | PCI_BASE_ADDRESS_SPACE_IO
F_UNSET = 0x20000000       # IORESOURCE_UNSET
F_WIN_MEM = 0x200
F_WIN_PREF = 0x102201      # MEM | PREFETCH | MEM_64 | PCI_PREF_RANGE_TYPE_64

SUPERMICRO_SUBSYS = ("15d9", "1c7b")


# --------------------------------------------------------------------------------------------
# Scenario configuration
# --------------------------------------------------------------------------------------------


@dataclass
class Config:
    name: str
    hostname: str
    seed: int
    collected_at: str            # RFC 3339 UTC
    boot_at: str                 # RFC 3339 UTC
    mode: str = "passthrough"    # passthrough | shared-nvswitch | bare-metal
    irq_remap: bool = True
    mmioh_exhausted: bool = False
    acs_redir_off: tuple = ()    # GPU buses whose switch downstream port has RR/CR disabled
    bios_version: str = "2.1"
    bios_date: str = "12/13/2023"
    summary: str = ""
    findings: tuple = ()
    notes: tuple = ()

    @property
    def vfio(self) -> bool:
        return self.mode in ("passthrough", "shared-nvswitch")


SCENARIOS = {
    "hgx-h200-passthrough-good": Config(
        name="hgx-h200-passthrough-good",
        hostname="gpu-h200-01",
        seed=101,
        collected_at="2026-11-20T09:15:00Z",
        boot_at="2026-11-19T22:41:07Z",
        summary=(
            "A correctly prepared full-passthrough hypervisor host: all 8 GPUs and all 4 NVSwitches "
            "are bound to vfio-pci and assigned to ONE 8-GPU libvirt VM (`tenant-a`), which runs the "
            "Fabric Manager itself (FABRIC_MODE=0 inside the guest). IOMMU and interrupt remapping on, "
            "ACS enabled on every root and switch downstream port, every GPU in its own IOMMU group, "
            "all 256 GiB apertures assigned above 4 GiB, 1 GiB hugepages split across both NUMA nodes, "
            "vCPUs pinned to the GPUs' sockets, OVMF 64-bit MMIO window raised to 4 TiB."
        ),
        findings=("none at high or critical",),
        notes=(
            "Each NVSwitch has an IOMMU group of its own (the baseboard switch's downstream ports have ACS "
            "enabled here). Real HGX boards have also been seen with all NVSwitches and their switch ports in one "
            "group (corpus/lspci/hgx-h100-nvswitch-lspci-nnvv-nonroot-excerpt.txt); that is harmless when all four "
            "go to the same VM, but it is not modelled here.",
            "The BMC's VGA (02:00.0) shares IOMMU group 6 with its AST1150 PCIe-to-PCI bridge (01:00.0), as the "
            "kernel does for devices behind a PCIe-to-PCI bridge; both are host-owned.",
        ),
    ),
    "hgx-h200-irq-remap-missing": Config(
        name="hgx-h200-irq-remap-missing",
        hostname="gpu-h200-02",
        seed=202,
        collected_at="2026-11-21T10:05:00Z",
        boot_at="2026-11-21T07:12:44Z",
        irq_remap=False,
        bios_version="2.0a",
        bios_date="09/22/2023",
        summary=(
            "The same full-passthrough host as hgx-h200-passthrough-good, but interrupt remapping is "
            "off in the firmware (VT-d interrupt remapping disabled in the BIOS): the DMAR table still "
            "enables DMA remapping, but the kernel never enables IRQ remapping. The first VM start "
            "failed with vfio_iommu_type1's \"No interrupt remapping support\" error; the operator then "
            "reloaded vfio_iommu_type1 with allow_unsafe_interrupts=1 and the VM now runs."
        ),
        findings=(
            "interrupt remapping is off: no `DMAR-IR: Enabled IRQ remapping` line (no DMAR-IR line at all) "
            "in sos_commands/logs/journalctl_--no-pager_-k_-b_0, and /proc/interrupts uses plain "
            "`PCI-MSI`/`PCI-MSIX`/`IO-APIC` chips (no `IR-` prefix) -> PF-IRQ-001 (critical)",
            "the kernel log has `vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the "
            "module param \"allow_unsafe_interrupts\" to enable VFIO IOMMU support on this platform`",
            "unsafe interrupts allowed: sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts = `Y` "
            "and etc/modprobe.d/vfio-unsafe.conf has `options vfio_iommu_type1 allow_unsafe_interrupts=1` "
            "-> PF-IRQ-002 (high)",
        ),
        notes=(
            "On real Sapphire Rapids hardware, turning interrupt remapping off usually also takes the "
            "BIOS out of x2APIC mode; this synthetic host keeps all 224 CPUs (APIC ids < 255) and changes "
            "nothing else, so that only the interrupt-remapping evidence differs from the good host.",
        ),
    ),
    "hgx-h200-bar-exhausted": Config(
        name="hgx-h200-bar-exhausted",
        hostname="gpu-h200-03",
        seed=303,
        collected_at="2026-11-22T14:30:00Z",
        boot_at="2026-11-22T13:58:21Z",
        mmioh_exhausted=True,
        bios_version="1.4",
        bios_date="05/17/2023",
        summary=(
            "The same full-passthrough host, but the BIOS 64-bit MMIO-high window is too small for 8 "
            "GPUs: each socket-0 IIO stack got a 1 TiB MMIO-high window, each socket-1 stack only 64 GiB "
            "(see the `root bus resource` lines of buses 9a, c0, ce, dc in the kernel log). "
            "Above-4G decoding is clearly on (every other 64-bit BAR, and GPUs 1b/43/52/61, sit above "
            "32 TiB), but the 256 GiB BAR 2 of GPUs 9d, c3, d1 and df could not be placed. The 8-GPU VM "
            "`tenant-a` is defined but does not start (shut off); no vfio interrupts are in use."
        ),
        findings=(
            "GPUs 0000:9d:00.0, 0000:c3:00.0, 0000:d1:00.0, 0000:df:00.0: aperture (Region 2, 256G) is "
            "`<unassigned>` in lspci and unassigned in sysfs `resource` (start 0, IORESOURCE_UNSET) -> "
            "PF-BAR-001 (critical), one finding per GPU",
            "kernel log (6.8 format): `pci 0000:9c:00.0: bridge window [mem size 0x4003000000 64bit pref]: "
            "can't assign; no space` / `failed to assign`, then `pci 0000:9d:00.0: BAR 2 [mem size "
            "0x4000000000 64bit pref]: can't assign; no space` / `failed to assign`, the same for "
            "c2/c3, d0/d1, de/df, and `Some PCI device resources are unassigned, try booting with pci=realloc`",
            "NOT expected: PF-MMIO-001 (above-4G decoding) must pass: GPUs 1b/43/52/61 and every NIC BAR are "
            "assigned above 4 GiB",
        ),
        notes=(
            "The GPUs' BAR 0 (16M) and BAR 4 (32M) still got addresses inside the small socket-1 windows, "
            "so only the aperture is missing. Because no VM runs, vfio-pci leaves the GPUs disabled "
            "(`Control: ... Mem- BusMaster-`), so lspci marks their assigned regions `[disabled]`.",
            "Kernels before 6.14 may zero an unassigned resource entirely instead of keeping its size "
            "with IORESOURCE_UNSET; this snapshot uses the size-preserving form so that lspci's "
            "`[size=256G]` and sysfs agree.",
        ),
    ),
    "hgx-h200-shared-nvswitch-host": Config(
        name="hgx-h200-shared-nvswitch-host",
        hostname="gpu-h200-04",
        seed=404,
        collected_at="2026-11-23T08:00:00Z",
        boot_at="2026-11-23T06:20:15Z",
        mode="shared-nvswitch",
        summary=(
            "A correctly prepared shared-NVSwitch (FABRIC_MODE=1) host, modelled on the OpenNebula HGX "
            "H100 setup: all GPUs and all 4 NVSwitches are bound to vfio-pci on the host; the 4 "
            "NVSwitches are assigned to the Fabric Manager service VM `fabricmanager-svc` (which runs "
            "nv-fabricmanager with FABRIC_MODE=1 and activated NVLink partitions 1 and 2); two tenant VMs "
            "get 4 GPUs each and no NVSwitch: `tenant-a` = 1b,43,52,61 (socket 0, FM partition 2, GPU "
            "modules 5-8) and `tenant-b` = 9d,c3,d1,df (socket 1, FM partition 1, GPU modules 1-4)."
        ),
        findings=("none at high or critical",),
        notes=(
            "No NVIDIA driver and no Fabric Manager on the host: FM runs in the service VM, so the host "
            "has no nvidia-smi output and no fabricmanager.cfg/log (their absence is expected here).",
        ),
    ),
    "hgx-h200-bare-metal-fm": Config(
        name="hgx-h200-bare-metal-fm",
        hostname="gpu-h200-05",
        seed=505,
        collected_at="2026-11-24T16:45:00Z",
        boot_at="2026-11-24T15:02:33Z",
        mode="bare-metal",
        summary=(
            "A bare-metal HGX H200 host (no VMs, no vfio) running NVIDIA driver 550.127.05 and Fabric "
            "Manager 550.127.05 (FABRIC_MODE=0, bound to 127.0.0.1): GPUs on `nvidia`, NVSwitches on "
            "`nvidia-nvswitch`, fabric state Completed/Success on all 8 GPUs, all GPU pairs NV18, MIG "
            "disabled. The IOMMU is still on (intel_iommu=on iommu=pt)."
        ),
        findings=(
            "none at high or critical for a bare-metal / Fabric Manager profile",
            "under the `passthrough` profile the VFIO rules fail by design (PF-VFIO-001 and PF-VFIO-002, one "
            "per GPU: the GPUs are on `nvidia`, not vfio-pci): this host is not a hypervisor",
            "the vfio_iommu_type1 module is not loaded, so sys/module/vfio_iommu_type1 is absent: "
            "`iommu.unsafe_interrupts` is unknown unless derived from modprobe.d / cmdline",
        ),
    ),
    "hgx-h200-acs-disabled-multi-tenant": Config(
        name="hgx-h200-acs-disabled-multi-tenant",
        hostname="gpu-h200-06",
        seed=606,
        collected_at="2026-11-25T11:20:00Z",
        boot_at="2026-11-25T09:47:52Z",
        mode="shared-nvswitch",
        acs_redir_off=(0x43, 0x52),
        summary=(
            "The shared-NVSwitch multi-tenant host of hgx-h200-shared-nvswitch-host, but an operator "
            "added `pci=disable_acs_redir=0000:42:00.0;0000:51:00.0` (to let GPUs 43 and 52 do "
            "GPUDirect RDMA peer-to-peer with the ConnectX-7 under the same PCIe switch): ACS Request "
            "and Completion Redirect are now off on the two Broadcom switch downstream ports above GPUs "
            "43 and 52, so peer-to-peer traffic from those GPUs (assigned to tenant-a) to the host-owned "
            "NIC and NVMe on the same switch no longer passes the IOMMU."
        ),
        findings=(
            "ACS disabled on ports above assigned GPUs: `ACSCtl: SrcValid+ TransBlk- ReqRedir- CmpltRedir- "
            "UpstreamFwd+ EgressCtrl- DirectTrans-` on 0000:42:00.0 (above GPU 43) and 0000:51:00.0 "
            "(above GPU 52) -> high in a multi-tenant profile",
            "kernel command line (running and persisted) has `pci=disable_acs_redir=0000:42:00.0;0000:51:00.0` "
            "(in etc/default/grub the `;` is escaped as `\\;` for grub); the journal logs `disabled ACS redirect` "
            "for both ports",
            "IOMMU groups: each of GPUs 43 and 52 now shares its group with its downstream port "
            "(a bridge): PF-ISO-002 still passes, as the kernel groups it",
        ),
        notes=(
            "The brief asked for GPUs 43 and 52 to share one IOMMU group. They sit under different CPU "
            "root ports in this topology, so no ACS setting on their switch ports can put them in one "
            "group (the kernel's pci_device_group() only merges a device with the subtree of the first "
            "non-isolating bridge above it). The kernel-consistent result is modelled instead: each "
            "GPU joins its downstream port's group.",
        ),
    ),
}


# --------------------------------------------------------------------------------------------
# PCI topology
# --------------------------------------------------------------------------------------------


@dataclass
class Bar:
    index: int                   # config-space region (6 = expansion ROM)
    size: int
    kind: str                    # mem32 | mem64 | pref64 | io | rom
    addr: Optional[int] = None
    unassigned: bool = False     # firmware/kernel found no space

    @property
    def needs_low(self) -> bool:
        return self.kind in ("mem32", "mem64", "rom")

    @property
    def is_pref(self) -> bool:
        return self.kind == "pref64"


@dataclass
class Dev:
    bus: int
    slot: int
    fn: int
    vendor: str
    device: str
    cls: str                     # 6 hex digits, e.g. 030200
    kind: str
    numa: int
    vname: str = ""
    dname: str = ""
    rev: Optional[str] = None
    progif: Optional[str] = None
    subsys: Optional[tuple] = None       # (vendor, device, text)
    driver: Optional[str] = None
    modules: Optional[str] = None
    bars: list = field(default_factory=list)
    pcie: Optional[str] = None   # Express port type text, None for conventional / no cap
    link_cap: Optional[tuple] = None     # (speed GT/s str, width)
    link_sta: Optional[tuple] = None
    acs: Optional[tuple] = None  # (cap dict, ctl dict)
    secondary: Optional[int] = None
    subordinate: Optional[int] = None
    parent: Optional["Dev"] = None
    children: list = field(default_factory=list)
    win_mem: Optional[tuple] = None      # (start, end) 32-bit window
    win_pref: Optional[tuple] = None     # (start, end) 64-bit pref window
    win_io: Optional[tuple] = None
    group: Optional[int] = None
    multifunction: bool = False
    irq_pin: Optional[str] = None
    irq: int = 0
    flr: bool = False
    slot_label: Optional[str] = None
    reset_method: Optional[str] = None
    bar2_pending: bool = False   # firmware left the aperture for the OS to assign
    extra: dict = field(default_factory=dict)

    @property
    def bdf(self) -> str:
        return f"0000:{self.bus:02x}:{self.slot:02x}.{self.fn}"

    @property
    def short(self) -> str:
        return f"{self.bus:02x}:{self.slot:02x}.{self.fn}"

    @property
    def is_bridge(self) -> bool:
        return self.cls.startswith("0604")

    @property
    def class_code(self) -> str:
        return self.cls[:4]


ACS_FULL_CAP = {"SrcValid": True, "TransBlk": True, "ReqRedir": True, "CmpltRedir": True,
                "UpstreamFwd": True, "EgressCtrl": False, "DirectTrans": False}
ACS_ON_CTL = {"SrcValid": True, "TransBlk": False, "ReqRedir": True, "CmpltRedir": True,
              "UpstreamFwd": True, "EgressCtrl": False, "DirectTrans": False}
ACS_SW_CAP = {"SrcValid": True, "TransBlk": True, "ReqRedir": True, "CmpltRedir": True,
              "UpstreamFwd": True, "EgressCtrl": True, "DirectTrans": True}
ACS_REDIR_OFF_CTL = {"SrcValid": True, "TransBlk": False, "ReqRedir": False, "CmpltRedir": False,
                     "UpstreamFwd": True, "EgressCtrl": False, "DirectTrans": False}


class Topology:
    """The whole PCI hierarchy of the host, with addresses, windows and IOMMU groups."""

    def __init__(self, cfg: Config, rng: random.Random):
        self.cfg = cfg
        self.rng = rng
        self.devs: list[Dev] = []
        self.roots: list[tuple] = []   # (root bus, socket, mem32 base, pref64 base, pref64 size)
        self._build()
        self._assign_addresses()
        self._assign_groups()
        self._assign_irqs()
        self.devs.sort(key=lambda d: (d.bus, d.slot, d.fn))

    # -- construction -------------------------------------------------------------------------

    def add(self, d: Dev, parent: Optional[Dev] = None) -> Dev:
        d.parent = parent
        if parent:
            parent.children.append(d)
        self.devs.append(d)
        return d

    def hostbridge_funcs(self, bus: int, numa: int):
        specs = [
            (0, "09a2", "088000", "Ice Lake Memory Map/VT-d", None),
            (1, "09a4", "088000", "Ice Lake Mesh 2 PCIe", None),
            (2, "09a3", "088000", "Ice Lake RAS", None),
            (4, "0b23", "080700", "Device 0b23", None),
        ]
        for fn, did, cls, name, drv in specs:
            self.add(Dev(bus, 0, fn, "8086", did, cls, "rciep", numa, "Intel Corporation", name,
                         rev="20" if fn != 4 else None, subsys=("8086", "0000", "Intel Corporation Device"),
                         pcie="Root Complex Integrated Endpoint", multifunction=True, driver=drv))

    def root_port(self, bus: int, slot: int, numa: int, width: int, sta_speed="32", sta_width=None) -> Dev:
        return self.add(Dev(bus, slot, 0, "8086", "352a", "060400", "rootport", numa,
                            "Intel Corporation", "Device 352a", rev="04", progif="00 [Normal decode]",
                            subsys=("8086", "0000", "Intel Corporation Device"), driver="pcieport",
                            pcie="Root Port (Slot+)", link_cap=("32", width),
                            link_sta=(sta_speed, sta_width or width), acs=(ACS_FULL_CAP, ACS_ON_CTL),
                            irq_pin="A"))

    def _build(self):
        cfg = self.cfg
        rng = self.rng
        # ---- socket 0, stack 0: PCH (Emmitsburg) ----
        self.roots.append((0x00, 0, 0x90000000, None, 0, 128 * MiB))
        self.hostbridge_funcs(0x00, 0)
        for s, fn, did, cls, vname, dname, drv, mods, bars, pin, progif in [
            (0x14, 0, "1bcd", "0c0330", "Intel Corporation", "Device 1bcd", "xhci_hcd", "xhci_pci",
             [Bar(0, 64 * KiB, "mem64")], "A", "30 [XHCI]"),
            (0x14, 2, "1bce", "050000", "Intel Corporation", "Device 1bce", None, None,
             [Bar(0, 16 * KiB, "mem64"), Bar(2, 4 * KiB, "mem64")], None, None),
            (0x16, 0, "1be0", "078000", "Intel Corporation", "Device 1be0", "mei_me", "mei_me",
             [Bar(0, 4 * KiB, "mem64")], "A", None),
            (0x17, 0, "1ba2", "010601", "Intel Corporation", "Device 1ba2", "ahci", "ahci",
             [Bar(0, 8 * KiB, "mem32"), Bar(1, 256, "mem32"), Bar(2, 8, "io"), Bar(3, 4, "io"),
              Bar(4, 32, "io"), Bar(5, 2 * KiB, "mem32")], "A", "01 [AHCI 1.0]"),
            (0x1F, 0, "1b81", "060100", "Intel Corporation", "Device 1b81", None, None, [], None, None),
            (0x1F, 4, "1bc9", "0c0500", "Intel Corporation", "Device 1bc9", "i801_smbus", "i2c_i801",
             [Bar(0, 256, "mem64"), Bar(4, 32, "io")], "A", None),
            (0x1F, 5, "1bca", "0c8000", "Intel Corporation", "Device 1bca", None, None,
             [Bar(0, 4 * KiB, "mem32")], None, None),
        ]:
            self.add(Dev(0x00, s, fn, "8086", did, cls, "pch", 0, vname, dname, rev="11", progif=progif,
                         subsys=SUPERMICRO_SUBSYS + ("Super Micro Computer Inc Device",), driver=drv,
                         modules=mods, bars=bars, irq_pin=pin,
                         multifunction=(s in (0x14, 0x1F))))
        rp = self.add(Dev(0x00, 0x1C, 0, "8086", "1bb8", "060400", "rootport", 0, "Intel Corporation",
                          "Device 1bb8", rev="11", progif="00 [Normal decode]",
                          subsys=SUPERMICRO_SUBSYS + ("Super Micro Computer Inc Device",), driver="pcieport",
                          pcie="Root Port (Slot+)", link_cap=("8", 1), link_sta=("5", 1),
                          acs=(ACS_FULL_CAP, ACS_ON_CTL), irq_pin="A"))
        ast_br = self.add(Dev(0x01, 0, 0, "1a03", "1150", "060400", "pcibridge", 0,
                              "ASPEED Technology, Inc.", "AST1150 PCI-to-PCI Bridge", rev="06",
                              progif="00 [Normal decode]", pcie="PCI-Express to PCI/PCI-X Bridge",
                              link_cap=("5", 1), link_sta=("5", 1), irq_pin="A"), rp)
        self.add(Dev(0x02, 0, 0, "1a03", "2000", "030000", "vga", 0, "ASPEED Technology, Inc.",
                     "ASPEED Graphics Family", rev="52", progif="00 [VGA controller]",
                     subsys=SUPERMICRO_SUBSYS + ("Super Micro Computer Inc Device",), driver="ast",
                     modules="ast", bars=[Bar(0, 64 * MiB, "mem32"), Bar(1, 256 * KiB, "mem32"),
                                          Bar(2, 128, "io")], irq_pin="A"), ast_br)

        # ---- socket 0, stack with the HGX baseboard's PCIe switch and the 4 NVSwitches ----
        self.roots.append((0x04, 0, 0x98000000, 0x200000000000, 1 << 40, 128 * MiB))
        self.hostbridge_funcs(0x04, 0)
        rp = self.root_port(0x04, 0x01, 0, 8, sta_speed="16")
        usp = self.add(Dev(0x05, 0, 0, "11f8", "4128", "060400", "usp", 0, "PMC-Sierra Inc.", "Device 4128",
                           progif="00 [Normal decode]", subsys=("10de", "1643", "NVIDIA Corporation Device"),
                           driver="pcieport", pcie="Upstream Port", link_cap=("16", 8), link_sta=("16", 8),
                           irq_pin="?"), rp)
        for i, b in enumerate(NVSW_BUSES):
            dsp = self.add(Dev(0x06, i, 0, "11f8", "4128", "060400", "dsp", 0, "PMC-Sierra Inc.",
                               "Device 4128", progif="00 [Normal decode]",
                               subsys=("10de", "1643", "NVIDIA Corporation Device"), driver="pcieport",
                               pcie="Downstream Port (Slot+)", link_cap=("16", 4), link_sta=("16", 4),
                               acs=(ACS_FULL_CAP, ACS_ON_CTL), irq_pin="?"), usp)
            self.add(Dev(b, 0, 0, "10de", "22a3", "068000", "nvswitch", 0, "NVIDIA Corporation",
                         "GH100 [H100 NVSwitch]", rev="a1",
                         subsys=("10de", "1796", "NVIDIA Corporation GH100 [H100 NVSwitch]"),
                         driver=self.nvsw_driver(), modules="nvidia", bars=[Bar(0, 32 * MiB, "mem64")],
                         pcie="Endpoint", link_cap=("16", 4), link_sta=("16", 4), irq_pin="A", flr=True,
                         slot_label=f"{i + 1}-1", reset_method="flr bus"), dsp)

        # ---- GPU stacks ----
        gpu_stacks = {0x1B: (0, 0x18, 0xA0000000, 0x210000000000),
                      0x43: (0, 0x40, 0xA8000000, 0x230000000000),
                      0x52: (0, 0x4F, 0xAC000000, 0x240000000000),
                      0x61: (0, 0x5E, 0xB0000000, 0x250000000000),
                      0x9D: (1, 0x9A, 0xC4000000, 0x290000000000),
                      0xC3: (1, 0xC0, 0xC8000000, 0x2A0000000000),
                      0xD1: (1, 0xCE, 0xCC000000, 0x2B0000000000),
                      0xDF: (1, 0xDC, 0xD0000000, 0x2C0000000000)}
        # boot NVMe stack (socket 0) and front-end NIC stack (socket 1)
        stacks = sorted(list(gpu_stacks.items()), key=lambda kv: kv[1][1])
        self.roots.append((0x2A, 0, 0xA4000000, 0x220000000000, 1 << 40, 64 * MiB))
        self.hostbridge_funcs(0x2A, 0)
        for i, slot in enumerate((0x01, 0x03)):
            rp = self.root_port(0x2A, slot, 0, 4, sta_speed="16")
            self.add(Dev(0x2B + i, 0, 0, "144d", "a80a", "010802", "nvme", 0, "Samsung Electronics Co Ltd",
                         "NVMe SSD Controller PM9A1/PM9A3/980PRO", progif="02 [NVM Express]",
                         subsys=("144d", "aa0a", "Samsung Electronics Co Ltd Device"), driver="nvme",
                         modules="nvme", bars=[Bar(0, 16 * KiB, "mem64")], pcie="Endpoint",
                         link_cap=("16", 4), link_sta=("16", 4), irq_pin="A", flr=True,
                         reset_method="flr bus"), rp)
        self.roots.append((0x80, 1, 0xC0000000, 0x280000000000, 1 << 40, 64 * MiB))
        self.hostbridge_funcs(0x80, 1)
        rp = self.root_port(0x80, 0x01, 1, 16, sta_speed="16")
        self.add(Dev(0x81, 0, 0, "14e4", "1750", "020000", "nic", 1, "Broadcom Inc. and subsidiaries",
                     "BCM57508 NetXtreme-E 10Gb/25Gb/40Gb/50Gb/100Gb/200Gb Ethernet", rev="11",
                     subsys=("14e4", "5208", "Broadcom Inc. and subsidiaries Device"), driver="bnxt_en",
                     modules="bnxt_en", bars=[Bar(0, 64 * KiB, "pref64"), Bar(2, 64 * KiB, "pref64"),
                                             Bar(4, 128 * KiB, "pref64"), Bar(6, 512 * KiB, "rom")],
                     pcie="Endpoint", link_cap=("16", 16), link_sta=("16", 16), irq_pin="A", flr=True,
                     reset_method="flr bus"), rp)

        for gbus, (sock, rbus, mem32, pref) in stacks:
            small = cfg.mmioh_exhausted and sock == 1
            self.roots.append((rbus, sock, mem32, pref, (64 * GiB) if small else (1 << 40), 64 * MiB))
            self.hostbridge_funcs(rbus, sock)
            rp = self.root_port(rbus, 0x01, sock, 16)
            usp = self.add(Dev(rbus + 1, 0, 0, "1000", "c030", "060400", "usp", sock, "Broadcom / LSI",
                               "PEX890xx PCIe Gen 5 Switch", rev="b0", progif="00 [Normal decode]",
                               driver="pcieport", pcie="Upstream Port", link_cap=("32", 16),
                               link_sta=("32", 16), irq_pin="?"), rp)
            for k in range(3):
                ctl = ACS_REDIR_OFF_CTL if (k == 0 and gbus in cfg.acs_redir_off) else ACS_ON_CTL
                width = 4 if k == 2 else 16
                dsp = self.add(Dev(rbus + 2, k, 0, "1000", "c030", "060400", "dsp", sock, "Broadcom / LSI",
                                   "PEX890xx PCIe Gen 5 Switch", rev="b0", progif="00 [Normal decode]",
                                   driver="pcieport", pcie="Downstream Port (Slot+)", link_cap=("32", width),
                                   link_sta=("32", width), acs=(ACS_SW_CAP, ctl), irq_pin="?"), usp)
                if k == 0:
                    gpu = Dev(gbus, 0, 0, "10de", "2335", "030200", "gpu", sock, "NVIDIA Corporation",
                              "GH100 [H200 SXM 141GB]", rev="a1",
                              subsys=("10de", "18be", "NVIDIA Corporation Device"), driver=self.gpu_driver(),
                              modules="nvidiafb, nouveau, nvidia_drm, nvidia",
                              bars=[Bar(0, 16 * MiB, "pref64"), Bar(2, 256 * GiB, "pref64"),
                                    Bar(4, 32 * MiB, "pref64")],
                              pcie="Endpoint", link_cap=("32", 16), link_sta=("32", 16), irq_pin="A",
                              flr=True, reset_method="flr bus")
                    gpu.bar2_pending = True
                    if small:
                        gpu.bars[1].unassigned = True
                    self.add(gpu, dsp)
                elif k == 1:
                    self.add(Dev(gbus + 1, 0, 0, "15b3", "1021", "020700", "nic", sock, "Mellanox Technologies",
                                 "MT2910 Family [ConnectX-7]",
                                 subsys=("15b3", "0041", "Mellanox Technologies Device"), driver="mlx5_core",
                                 modules="mlx5_core", bars=[Bar(0, 32 * MiB, "pref64"), Bar(6, MiB, "rom")],
                                 pcie="Endpoint", link_cap=("32", 16), link_sta=("32", 16), irq_pin="A",
                                 flr=True, reset_method="flr bus"), dsp)
                else:
                    self.add(Dev(gbus + 2, 0, 0, "144d", "a826", "010802", "nvme", sock,
                                 "Samsung Electronics Co Ltd", "NVMe SSD Controller PM174X",
                                 progif="02 [NVM Express]",
                                 subsys=("144d", "aa0a", "Samsung Electronics Co Ltd Device"), driver="nvme",
                                 modules="nvme", bars=[Bar(0, 32 * KiB, "mem64")], pcie="Endpoint",
                                 link_cap=("32", 4), link_sta=("32", 4), irq_pin="A", flr=True,
                                 reset_method="flr bus"), dsp)

        # ---- uncore (conventional RCiEPs, multi-function, on the last buses of each socket) ----
        for bus, sock, slot, base in [(0x7E, 0, 0x00, 0x3240), (0x7F, 0, 0x1E, 0x3250),
                                      (0xFE, 1, 0x00, 0x3240), (0xFF, 1, 0x1E, 0x3250)]:
            for fn in range(4):
                did = f"{base + fn:04x}"
                self.add(Dev(bus, slot, fn, "8086", did, "088000", "uncore", sock, "Intel Corporation",
                             f"Device {did}", subsys=("8086", "0000", "Intel Corporation Device"),
                             multifunction=True))
        self.uncore_roots = [0x7E, 0x7F, 0xFE, 0xFF]

        # bus numbers of bridges
        for d in self.devs:
            if d.is_bridge:
                d.secondary = min(c.bus for c in d.children) if d.children else None
        for d in self.devs:
            if d.is_bridge:
                d.subordinate = self._max_bus(d)

    def _max_bus(self, d: Dev) -> int:
        m = d.secondary
        for c in d.children:
            m = max(m, c.bus)
            if c.is_bridge and c.children:
                m = max(m, self._max_bus(c))
        return m

    def gpu_driver(self) -> str:
        return "nvidia" if self.cfg.mode == "bare-metal" else "vfio-pci"

    def nvsw_driver(self) -> str:
        return "nvidia-nvswitch" if self.cfg.mode == "bare-metal" else "vfio-pci"

    # -- addresses ----------------------------------------------------------------------------

    @staticmethod
    def _align(x: int, a: int) -> int:
        return (x + a - 1) // a * a

    def _need(self, d: Dev, pref: bool) -> tuple:
        """(size, alignment) of what a bridge window (or device) needs in one address space."""
        items = []
        if d.is_bridge:
            for c in d.children:
                s, a = self._need(c, pref)
                if s:
                    items.append((a, s))
        else:
            for b in d.bars:
                if b.unassigned or b.kind == "io":
                    continue
                if (b.is_pref if pref else b.needs_low):
                    items.append((b.size, b.size))
        if not items:
            return 0, 0
        items.sort(key=lambda x: -x[0])
        off = 0
        for a, s in items:
            off = self._align(off, a) + s
        align = max(a for a, _ in items)
        if d.is_bridge:
            off = self._align(off, MiB)
            align = max(align, MiB)
        return off, align

    def _place(self, d: Dev, base: int, pref: bool) -> int:
        """Places d's resources (or window) at base; returns the end (exclusive)."""
        size, _ = self._need(d, pref)
        if d.is_bridge:
            if size:
                if pref:
                    d.win_pref = (base, base + size - 1)
                else:
                    d.win_mem = (base, base + size - 1)
                kids = sorted(d.children, key=lambda c: -self._need(c, pref)[1])
                off = base
                for c in kids:
                    s, a = self._need(c, pref)
                    if s:
                        off = self._align(off, a)
                        self._place(c, off, pref)
                        off += s
            return base + size
        bars = [b for b in d.bars if not b.unassigned and b.kind != "io" and (b.is_pref if pref else b.needs_low)]
        bars.sort(key=lambda b: -b.size)
        off = base
        for b in bars:
            off = self._align(off, b.size)
            b.addr = off
            off += b.size
        return base + size

    def _assign_addresses(self):
        io_next = 0x2000
        top = [d for d in self.devs if d.parent is None and (d.is_bridge or d.kind in ("pch",))]
        by_root: dict[int, list] = {}
        for d in top:
            by_root.setdefault(d.bus, []).append(d)
        for rbus, sock, mem32, pref64, _size, _msize in self.roots:
            mem = mem32
            pref = pref64
            for d in sorted(by_root.get(rbus, []), key=lambda x: (-self._need(x, False)[1], x.slot, x.fn)):
                if d.kind == "pch":
                    for b in sorted(d.bars, key=lambda b: -b.size):
                        if b.kind == "io":
                            continue
                        mem = self._align(mem, max(b.size, 4096))
                        b.addr = mem
                        mem += max(b.size, 4096)
                    continue
                s, a = self._need(d, False)
                if s:
                    mem = self._align(mem, a)
                    mem = self._place(d, mem, False)
                if pref is not None:
                    s, a = self._need(d, True)
                    if s:
                        pref = self._align(pref, a)
                        pref = self._place(d, pref, True)
        # I/O ports: legacy devices only
        io_map = {("0000:00:17.0", 2): 0x3050, ("0000:00:17.0", 3): 0x3040, ("0000:00:17.0", 4): 0x3020,
                  ("0000:00:1f.4", 4): 0x780, ("0000:02:00.0", 2): 0x2000}
        for d in self.devs:
            for b in d.bars:
                if b.kind == "io":
                    b.addr = io_map.get((d.bdf, b.index), io_next)
        ast_br = self.get("0000:01:00.0")
        ast_br.win_io = (0x2000, 0x2FFF)
        self.get("0000:00:1c.0").win_io = (0x2000, 0x2FFF)

    # -- IOMMU groups (kernel pci_device_group(), simplified) ---------------------------------

    def _acs_enabled(self, d: Dev) -> bool:
        if d.kind == "pcibridge":
            return False
        if d.pcie and (d.pcie.startswith("Root Port") or d.pcie.startswith("Downstream Port")):
            if not d.acs:
                return False
            ctl = d.acs[1]
            return all(ctl[k] for k in ("SrcValid", "ReqRedir", "CmpltRedir", "UpstreamFwd"))
        if d.multifunction:
            return bool(d.acs) and all(d.acs[1][k] for k in ("SrcValid", "ReqRedir", "CmpltRedir", "UpstreamFwd"))
        return True

    def _path_enabled(self, d: Dev) -> bool:
        while d is not None:
            if not self._acs_enabled(d):
                return False
            d = d.parent
        return True

    def _assign_groups(self):
        nxt = 0
        for d in sorted(self.devs, key=lambda x: (x.bus, x.slot, x.fn)):
            # DMA alias: behind a PCIe-to-PCI bridge the bridge's requester id is used
            if d.parent is not None and d.parent.kind == "pcibridge":
                d.group = d.parent.group
                continue
            g = None
            cur = d
            while cur.parent is not None:
                if self._path_enabled(cur.parent):
                    break
                cur = cur.parent
                if cur.group is not None:
                    g = cur.group
                    break
            if g is None and d.multifunction and not self._acs_enabled(d):
                for o in self.devs:
                    if o is not d and o.bus == d.bus and o.slot == d.slot and o.group is not None \
                            and o.multifunction:
                        g = o.group
                        break
            if g is None:
                g = nxt
                nxt += 1
            d.group = g

    # -- legacy interrupt lines -----------------------------------------------------------------

    def _assign_irqs(self):
        for d in self.devs:
            if d.irq_pin == "?":
                d.irq = 90 + (d.bus + d.slot) % 60
            elif d.irq_pin:
                d.irq = 16 + (d.bus * 7 + d.slot) % 8 if d.kind in ("pch", "vga", "pcibridge") else \
                    24 + (d.bus * 3 + d.slot * 5 + d.fn) % 40

    # -- helpers -----------------------------------------------------------------------------

    def get(self, bdf: str) -> Dev:
        for d in self.devs:
            if d.bdf == bdf:
                return d
        raise KeyError(bdf)

    def gpus(self) -> list:
        return [d for d in self.devs if d.kind == "gpu"]

    def nvswitches(self) -> list:
        return [d for d in self.devs if d.kind == "nvswitch"]

    def path(self, d: Dev) -> list:
        out = []
        while d is not None:
            out.append(d)
            d = d.parent
        return list(reversed(out))


# --------------------------------------------------------------------------------------------
# lspci -nnvv
# --------------------------------------------------------------------------------------------

CLASS_NAMES = {
    "0880": "System peripheral", "0807": "Generic system peripheral", "0c03": "USB controller",
    "0500": "RAM memory", "0780": "Communication controller", "0106": "SATA controller",
    "0601": "ISA bridge", "0c05": "SMBus", "0c80": "Serial bus controller", "0604": "PCI bridge",
    "0300": "VGA compatible controller", "0680": "Bridge", "0302": "3D controller",
    "0108": "Non-Volatile memory controller", "0200": "Ethernet controller",
    "0207": "Infiniband controller",
}


def pci_size(n: int) -> str:
    """pciutils show_size(): divide by 1024 only while exact."""
    suffix = ["", "K", "M", "G", "T"]
    i = 0
    while i < len(suffix) - 1 and n % 1024 == 0:
        n //= 1024
        i += 1
    return f"{n}{suffix[i]}"


def flags(d: dict) -> str:
    return " ".join(f"{k}{'+' if v else '-'}" for k, v in d.items())


def gts(s: str) -> str:
    return {"2.5": "2.5GT/s", "5": "5GT/s", "8": "8GT/s", "16": "16GT/s", "32": "32GT/s"}[s]


def lspci_header(d: Dev) -> str:
    cname = CLASS_NAMES[d.class_code]
    rev = f" (rev {d.rev})" if d.rev else ""
    prog = f" (prog-if {d.progif})" if d.progif else ""
    # pciutils prints an unknown device as "Device" when the numeric id follows (-nn) and
    # "Device 352a" without it (-tv)
    dname = "Device" if d.dname.startswith("Device ") else d.dname
    return f"{d.short} {cname} [{d.class_code}]: {d.vname} {dname} [{d.vendor}:{d.device}]{rev}{prog}"


def express_block(d: Dev, topo_cfg: Config) -> list:
    """The PCI Express capability (root view)."""
    port = d.pcie.split(" (")[0]
    lines = []
    t = "\t\t"
    c = "\t\t\t"
    if port == "Root Complex Integrated Endpoint":
        return [
            f"\tCapabilities: [40] Express (v2) {d.pcie}, MSI 00",
            f"{t}DevCap:\tMaxPayload 128 bytes, PhantFunc 0",
            f"{c}ExtTag- RBE- FLReset-",
            f"{t}DevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-",
            f"{c}RlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-",
            f"{c}MaxPayload 128 bytes, MaxReadReq 128 bytes",
            f"{t}DevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-",
            f"{t}DevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-",
            f"{c} 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-",
            f"{c} EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-",
            f"{c} FRS-",
            f"{c} AtomicOpsCap: 32bit- 64bit- 128bitCAS-",
            f"{t}DevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,",
            f"{c} AtomicOpsCtl: ReqEn-",
        ]
    off = {"Root Port": "40", "Upstream Port": "68", "Downstream Port": "68", "Endpoint": "60",
           "PCI-Express to PCI/PCI-X Bridge": "50"}[port]
    if d.kind == "nvswitch":
        off = "60"
    elif d.kind in ("nic", "nvme"):
        off = "70"
    cap_speed, cap_width = d.link_cap
    sta_speed, sta_width = d.link_sta
    endpoint = port == "Endpoint"
    mps = "512" if d.kind in ("rootport", "usp", "dsp") else "256"
    lines.append(f"\tCapabilities: [{off}] Express (v2) {d.pcie}, MSI 00")
    if endpoint:
        lat = "Latency L0s unlimited, L1 <64us" if d.kind in ("gpu", "nvswitch") else "Latency L0s <64ns, L1 <1us"
        lines.append(f"{t}DevCap:\tMaxPayload {mps} bytes, PhantFunc 0, {lat}")
        lines.append(f"{c}ExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset{'+' if d.flr else '-'} SlotPowerLimit 0W")
        lines.append(f"{t}DevCtl:\tCorrErr- NonFatalErr+ FatalErr+ UnsupReq-")
        lines.append(f"{c}RlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ FLReset-")
        lines.append(f"{c}MaxPayload 256 bytes, MaxReadReq 512 bytes")
    else:
        lines.append(f"{t}DevCap:\tMaxPayload {mps} bytes, PhantFunc 0")
        lines.append(f"{c}ExtTag+ RBE+")
        lines.append(f"{t}DevCtl:\tCorrErr+ NonFatalErr+ FatalErr+ UnsupReq+")
        lines.append(f"{c}RlxdOrd- ExtTag+ PhantFunc- AuxPwr- NoSnoop-")
        lines.append(f"{c}MaxPayload 256 bytes, MaxReadReq 128 bytes")
    lines.append(f"{t}DevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-")
    portno = "0" if endpoint or port == "Upstream Port" else str(d.slot)
    aspm = "ASPM not supported" if d.kind in ("gpu", "nvswitch", "rootport", "usp", "dsp") else \
        "ASPM L1, Exit Latency L1 <64us"
    lines.append(f"{t}LnkCap:\tPort #{portno}, Speed {gts(cap_speed)}, Width x{cap_width}, {aspm}")
    if port in ("Root Port", "Downstream Port"):
        lines.append(f"{c}ClockPM- Surprise+ LLActRep+ BwNot+ ASPMOptComp+")
    else:
        lines.append(f"{c}ClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+")
    lines.append(f"{t}LnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+")
    lines.append(f"{c}ExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-")
    lines.append(f"{t}LnkSta:\tSpeed {gts(sta_speed)}, Width x{sta_width}")
    dla = "+" if port in ("Root Port", "Downstream Port") else "-"
    lines.append(f"{c}TrErr- Train- SlotClk+ DLActive{dla} BWMgmt- ABWMgmt-")
    if port in ("Root Port", "Downstream Port"):
        lines += [
            f"{t}SltCap:\tAttnBtn- PwrCtrl- MRL- AttnInd- PwrInd- HotPlug- Surprise-",
            f"{c}Slot #{(d.bus % 32) + d.slot}, PowerLimit 0W; Interlock- NoCompl-",
            f"{t}SltCtl:\tEnable: AttnBtn- PwrFlt- MRL- PresDet- CmdCplt- HPIrq- LinkChg-",
            f"{c}Control: AttnInd Unknown, PwrInd Unknown, Power- Interlock-",
            f"{t}SltSta:\tStatus: AttnBtn- PowerFlt- MRL- CmdCplt- PresDet+ Interlock-",
            f"{c}Changed: MRL- PresDet- LinkState-",
        ]
    if port == "Root Port":
        lines += [
            f"{t}RootCap: CRSVisible-",
            f"{t}RootCtl: ErrCorrectable- ErrNon-Fatal- ErrFatal- PMEIntEna+ CRSVisible-",
            f"{t}RootSta: PME ReqID 0000, PMEStatus- PMEPending-",
        ]
    if endpoint:
        lines += [
            f"{t}DevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR{'+' if d.kind == 'gpu' else '-'}",
            f"{c} 10BitTagComp+ 10BitTagReq+ OBFF Not Supported, ExtFmt+ EETLPPrefix-",
            f"{c} EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-",
            f"{c} FRS- TPHComp- ExtTPHComp-",
            f"{c} AtomicOpsCap: 32bit+ 64bit+ 128bitCAS+",
            f"{t}DevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,",
            f"{c} AtomicOpsCtl: ReqEn+",
        ]
    else:
        arifwd = "+" if port in ("Root Port", "Downstream Port") else "-"
        lines += [
            f"{t}DevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR-",
            f"{c} 10BitTagComp+ 10BitTagReq- OBFF Not Supported, ExtFmt+ EETLPPrefix+, MaxEETLPPrefixes 1",
            f"{c} EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-",
            f"{c} FRS- LN System CLS Not Supported, TPHComp+ ExtTPHComp- ARIFwd{arifwd}",
            f"{c} AtomicOpsCap: Routing+ 32bit+ 64bit+ 128bitCAS+",
            f"{t}DevCtl2: Completion Timeout: 260ms to 900ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled, ARIFwd{arifwd}",
            f"{c} AtomicOpsCtl: ReqEn- EgressBlck-",
        ]
    lines += [
        f"{t}LnkCap2: Supported Link Speeds: 2.5-{gts(cap_speed)}, Crosslink- Retimer+ 2Retimers+ DRS-",
        f"{t}LnkCtl2: Target Link Speed: {gts(cap_speed)}, EnterCompliance- SpeedDis-",
        f"{c} Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-",
        f"{c} Compliance Preset/De-emphasis: -6dB de-emphasis, 0dB preshoot",
        f"{t}LnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete+ EqualizationPhase1+",
        f"{c} EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest-",
        f"{c} Retimer- 2Retimers- CrosslinkRes: unsupported",
    ]
    return lines


def aer_block(off: str) -> list:
    t = "\t\t"
    return [
        f"\tCapabilities: [{off} v2] Advanced Error Reporting",
        f"{t}UESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-",
        f"{t}UEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq+ ACSViol-",
        f"{t}UESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-",
        f"{t}CESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-",
        f"{t}CEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+",
        f"{t}AERCap:\tFirst Error Pointer: 00, ECRCGenCap+ ECRCGenEn- ECRCChkCap+ ECRCChkEn-",
        f"{t}\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-",
        f"{t}HeaderLog: 00000000 00000000 00000000 00000000",
    ]


def acs_block(off: str, acs: tuple) -> list:
    return [
        f"\tCapabilities: [{off} v1] Access Control Services",
        f"\t\tACSCap:\t{flags(acs[0])}",
        f"\t\tACSCtl:\t{flags(acs[1])}",
    ]


def pm_block(off: str, d3cold: bool = False) -> list:
    return [
        f"\tCapabilities: [{off}] Power Management version 3",
        f"\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold{'+' if d3cold else '-'})",
        "\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-",
    ]


def bridge_windows(d: Dev) -> list:
    out = []
    if d.win_io:
        out.append(f"\tI/O behind bridge: {d.win_io[0]:08x}-{d.win_io[1]:08x} [size={pci_size(d.win_io[1] - d.win_io[0] + 1)}] [32-bit]")
    else:
        out.append("\tI/O behind bridge: 0000f000-00000fff [disabled] [32-bit]")
    if d.win_mem:
        out.append(f"\tMemory behind bridge: {d.win_mem[0]:08x}-{d.win_mem[1]:08x} [size={pci_size(d.win_mem[1] - d.win_mem[0] + 1)}] [32-bit]")
    else:
        out.append("\tMemory behind bridge: fff00000-000fffff [disabled] [32-bit]")
    if d.win_pref:
        out.append(f"\tPrefetchable memory behind bridge: {d.win_pref[0]:016x}-{d.win_pref[1]:016x} [size={pci_size(d.win_pref[1] - d.win_pref[0] + 1)}] [64-bit]")
    else:
        out.append("\tPrefetchable memory behind bridge: 00000000fff00000-00000000000fffff [disabled] [64-bit]")
    return out


def device_enabled(d: Dev, cfg: Config, in_use: set) -> bool:
    """Memory decoding on? vfio-pci keeps an unused device disabled."""
    if d.driver == "vfio-pci":
        return d.bdf in in_use
    return d.driver is not None or d.kind in ("pch", "rciep")


def region_lines(d: Dev, enabled: bool) -> list:
    out = []
    for b in sorted([b for b in d.bars if b.kind != "rom"], key=lambda b: b.index):
        dis = "" if enabled else " [disabled]"
        if b.kind == "io":
            out.append(f"\tRegion {b.index}: I/O ports at {b.addr:x}{dis} [size={pci_size(b.size)}]")
            continue
        bits = "32-bit" if b.kind == "mem32" else "64-bit"
        pf = "prefetchable" if b.is_pref else "non-prefetchable"
        if b.unassigned:
            out.append(f"\tRegion {b.index}: Memory at <unassigned> ({bits}, {pf}){dis} [size={pci_size(b.size)}]")
        else:
            out.append(f"\tRegion {b.index}: Memory at {b.addr:x} ({bits}, {pf}){dis} [size={pci_size(b.size)}]")
    for b in d.bars:
        if b.kind == "rom":
            out.append(f"\tExpansion ROM at {b.addr:08x} [disabled] [size={pci_size(b.size)}]")
    return out


def lspci_record(d: Dev, cfg: Config, in_use: set, rng: random.Random) -> str:
    L = [lspci_header(d)]
    if d.subsys:
        L.append(f"\tSubsystem: {d.subsys[2]} [{d.subsys[0]}:{d.subsys[1]}]")
    if d.slot_label:
        L.append(f"\tPhysical Slot: {d.slot_label}")
    en = device_enabled(d, cfg, in_use)
    if d.is_bridge:
        ctl = "I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr+ Stepping- SERR+ FastB2B- DisINTx+"
    elif d.kind in ("rciep", "uncore") or (d.kind == "pch" and not d.bars):
        ctl = "I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-"
    elif en:
        io = "+" if any(b.kind == "io" for b in d.bars) else "-"
        ctl = f"I/O{io} Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr+ Stepping- SERR+ FastB2B- DisINTx+"
    else:
        ctl = "I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr+ Stepping- SERR+ FastB2B- DisINTx-"
    L.append(f"\tControl: {ctl}")
    cap = "Cap+" if d.kind != "uncore" else "Cap-"
    L.append(f"\tStatus: {cap} 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-")
    if d.is_bridge:
        L.append("\tLatency: 0, Cache Line Size: 32 bytes")
    elif d.kind not in ("rciep", "uncore") and not (d.kind == "pch" and not d.bars):
        L.append("\tLatency: 0, Cache Line Size: 64 bytes" if d.kind in ("pch", "vga", "nic", "nvme") else "\tLatency: 0")
    if d.irq_pin:
        L.append(f"\tInterrupt: pin {d.irq_pin} routed to IRQ {d.irq}")
    L.append(f"\tNUMA node: {d.numa}")
    L.append(f"\tIOMMU group: {d.group}")
    if d.is_bridge:
        L.append(f"\tBus: primary={d.bus:02x}, secondary={d.secondary:02x}, subordinate={d.subordinate:02x}, sec-latency=0")
        L += bridge_windows(d)
        L.append("\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- <SERR- <PERR-")
        vga = "+" if d.bdf in ("0000:00:1c.0", "0000:01:00.0") else "-"
        L.append(f"\tBridgeCtl: Parity+ SERR+ NoISA- VGA{vga} VGA16+ MAbort- >Reset- FastB2B-")
        L.append("\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-")
    else:
        L += region_lines(d, en)

    if d.kind == "uncore":
        pass
    elif d.kind == "rciep":
        L += express_block(d, cfg)
        L += pm_block("e0")
        L.append("\tCapabilities: [100 v0] Vendor Specific Information: ID=0006 Rev=0 Len=010 <?>")
    elif d.kind == "pch":
        if d.bars:
            L += pm_block("70", d3cold=(d.slot == 0x14))
            if d.driver:
                L.append("\tCapabilities: [80] MSI: Enable+ Count=1/1 Maskable- 64bit+")
                L.append("\t\tAddress: 00000000fee00238  Data: 0000")
    elif d.kind == "pcibridge":
        L += express_block(d, cfg)
        L += pm_block("c0")
    elif d.kind == "vga":
        L += pm_block("40")
        L.append("\tCapabilities: [50] MSI: Enable- Count=1/4 Maskable- 64bit+")
        L.append("\t\tAddress: 0000000000000000  Data: 0000")
    elif d.is_bridge:
        if d.kind == "rootport":
            L += express_block(d, cfg)
            L.append("\tCapabilities: [80] MSI: Enable+ Count=1/1 Maskable+ 64bit-")
            L.append(f"\t\tAddress: fee{(d.bus * 16) & 0xfff:03x}18  Data: 0000")
            L.append("\t\tMasking: 00000000  Pending: 00000000")
            L.append(f"\tCapabilities: [98] Subsystem: {d.subsys[2]} [{d.subsys[0]}:{d.subsys[1]}]")
            L += pm_block("a0", d3cold=True)
            L += aer_block("100")
            L += acs_block("148", d.acs)
            L.append("\tCapabilities: [1d0 v1] Vendor Specific Information: ID=0003 Rev=1 Len=00a <?>")
            L.append("\tCapabilities: [250 v1] Secondary PCI Express")
            L.append("\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-")
            L.append("\t\tLaneErrStat: 0")
            L.append("\tCapabilities: [280 v1] Vendor Specific Information: ID=0005 Rev=3 Len=018 <?>")
            if d.link_cap[0] == "32":
                L.append("\tCapabilities: [300 v1] Physical Layer 16.0 GT/s <?>")
                L.append("\tCapabilities: [340 v1] Physical Layer 32.0 GT/s <?>")
                L.append("\tCapabilities: [380 v1] Lane Margining at the Receiver <?>")
        else:
            L += pm_block("40")
            L.append("\tCapabilities: [48] MSI: Enable+ Count=1/8 Maskable+ 64bit+")
            L.append("\t\tAddress: 00000000fee00318  Data: 0000")
            L.append("\t\tMasking: 000000ff  Pending: 00000000")
            L += express_block(d, cfg)
            L.append(f"\tCapabilities: [a4] Subsystem: {(d.subsys or (d.vendor, '0000', d.vname + ' Device'))[2]} "
                     f"[{(d.subsys or (d.vendor, '0000'))[0]}:{(d.subsys or (d.vendor, '0000'))[1]}]")
            L += aer_block("100")
            if d.acs:
                L += acs_block("138", d.acs)
            L.append("\tCapabilities: [148 v1] Secondary PCI Express")
            L.append("\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-")
            L.append("\t\tLaneErrStat: 0")
            if d.link_cap[0] == "32":
                L.append("\tCapabilities: [188 v1] Physical Layer 16.0 GT/s <?>")
                L.append("\tCapabilities: [1b8 v1] Physical Layer 32.0 GT/s <?>")
            L.append("\tCapabilities: [240 v1] Lane Margining at the Receiver <?>")
    elif d.kind == "gpu":
        L += pm_block("40")
        L.append("\tCapabilities: [48] MSI: Enable- Count=1/16 Maskable+ 64bit+")
        L.append("\t\tAddress: 0000000000000000  Data: 0000")
        L.append("\t\tMasking: 00000000  Pending: 00000000")
        L += express_block(d, cfg)
        L.append("\tCapabilities: [9c] Vendor Specific Information: Len=14 <?>")
        msix = "+" if en else "-"
        L.append(f"\tCapabilities: [b0] MSI-X: Enable{msix} Count=9 Masked-")
        L.append("\t\tVector table: BAR=0 offset=00b90000")
        L.append("\t\tPBA: BAR=0 offset=00ba0000")
        L.append("\tCapabilities: [12c v1] Latency Tolerance Reporting")
        L.append("\t\tMax snoop latency: 0ns")
        L.append("\t\tMax no snoop latency: 0ns")
        L.append("\tCapabilities: [134 v1] Physical Resizable BAR")
        L.append("\t\tBAR 2: current size: 256GB, supported: 64MB 128MB 256MB 512MB 1GB 2GB 4GB 8GB 16GB 32GB 64GB 128GB 256GB")
        L += aer_block("1b8")
        L.append("\tCapabilities: [2a4 v1] Vendor Specific Information: ID=0001 Rev=1 Len=014 <?>")
        L.append("\tCapabilities: [2b8 v1] Power Budgeting <?>")
        L.append(f"\tCapabilities: [2f0 v1] Device Serial Number {d.extra['dsn']}")
        L.append("\tCapabilities: [300 v1] Secondary PCI Express")
        L.append("\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-")
        L.append("\t\tLaneErrStat: 0")
        L.append("\tCapabilities: [340 v1] Physical Layer 16.0 GT/s <?>")
        L.append("\tCapabilities: [378 v1] Lane Margining at the Receiver <?>")
        L.append("\tCapabilities: [3c4 v1] Physical Layer 32.0 GT/s <?>")
        L.append("\tCapabilities: [448 v1] Data Link Feature <?>")
    elif d.kind == "nvswitch":
        L += pm_block("40")
        L.append(f"\tCapabilities: [48] MSI: Enable{'+' if en else '-'} Count=1/1 Maskable- 64bit+")
        L.append(f"\t\tAddress: {'00000000fee00478' if en else '0000000000000000'}  Data: 0000")
        L += express_block(d, cfg)
        L.append("\tCapabilities: [9c] Vendor Specific Information: Len=14 <?>")
        L += aer_block("100")
        L.append(f"\tCapabilities: [148 v1] Device Serial Number {d.extra['dsn']}")
        L.append("\tCapabilities: [158 v1] Secondary PCI Express")
        L.append("\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-")
        L.append("\t\tLaneErrStat: 0")
        L.append("\tCapabilities: [188 v1] Physical Layer 16.0 GT/s <?>")
    elif d.kind == "nic":
        L += pm_block("60")
        L += express_block(d, cfg)
        if d.vendor == "15b3":
            L.append("\tCapabilities: [48] Vital Product Data")
            L.append("\t\tProduct Name: NVIDIA ConnectX-7 HHHL adapter Card, 400GbE / NDR IB (default mode), Single-port OSFP, PCIe 5.0 x16, Crypto Disabled, Secure Boot Enabled")
            L.append("\t\tRead-only fields:")
            L.append("\t\t\t[PN] Part number: MCX75310AAS-NEAT")
            L.append(f"\t\t\t[SN] Serial number: {d.extra['serial']}")
            L.append("\t\t\t[V3] Vendor specific: 0e5c1a5e3f6bed11800058a2e1c09e72")
            L.append("\t\t\t[RV] Reserved: checksum good, 1 byte(s) reserved")
            L.append("\t\tEnd")
            L.append("\tCapabilities: [9c] MSI-X: Enable+ Count=128 Masked-")
            L.append("\t\tVector table: BAR=0 offset=00002000")
            L.append("\t\tPBA: BAR=0 offset=00003000")
            L.append("\tCapabilities: [100 v1] Advanced Error Reporting")
            L += aer_block("100")[1:]
            L.append("\tCapabilities: [150 v1] Alternative Routing-ID Interpretation (ARI)")
            L.append("\t\tARICap:\tMFVC- ACS-, Next Function: 0")
            L.append("\t\tARICtl:\tMFVC- ACS-, Function Group: 0")
            L.append(f"\tCapabilities: [1c0 v1] Device Serial Number {d.extra['dsn']}")
            L.append("\tCapabilities: [230 v1] Secondary PCI Express")
            L.append("\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-")
            L.append("\t\tLaneErrStat: 0")
            L.append("\tCapabilities: [320 v1] Lane Margining at the Receiver <?>")
            L.append("\tCapabilities: [370 v1] Physical Layer 16.0 GT/s <?>")
            L.append("\tCapabilities: [3b0 v1] Physical Layer 32.0 GT/s <?>")
        else:
            L.append("\tCapabilities: [a0] MSI-X: Enable+ Count=74 Masked-")
            L.append("\t\tVector table: BAR=4 offset=00000000")
            L.append("\t\tPBA: BAR=4 offset=0000c000")
            L += aer_block("100")
            L.append(f"\tCapabilities: [13c v1] Device Serial Number {d.extra['dsn']}")
            L.append("\tCapabilities: [150 v1] Power Budgeting <?>")
    elif d.kind == "nvme":
        L += pm_block("40")
        L.append("\tCapabilities: [50] MSI: Enable- Count=1/32 Maskable+ 64bit+")
        L.append("\t\tAddress: 0000000000000000  Data: 0000")
        L.append("\t\tMasking: 00000000  Pending: 00000000")
        L += express_block(d, cfg)
        L.append("\tCapabilities: [b0] MSI-X: Enable+ Count=130 Masked-")
        L.append("\t\tVector table: BAR=0 offset=00003000")
        L.append("\t\tPBA: BAR=0 offset=00002000")
        L += aer_block("100")
        L.append(f"\tCapabilities: [148 v1] Device Serial Number {d.extra['dsn']}")
        L.append("\tCapabilities: [168 v1] Alternative Routing-ID Interpretation (ARI)")
        L.append("\t\tARICap:\tMFVC- ACS-, Next Function: 0")
        L.append("\t\tARICtl:\tMFVC- ACS-, Function Group: 0")
        L.append("\tCapabilities: [178 v1] Secondary PCI Express")
        L.append("\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-")
        L.append("\t\tLaneErrStat: 0")
    if d.driver:
        L.append(f"\tKernel driver in use: {d.driver}")
    if d.modules:
        L.append(f"\tKernel modules: {d.modules}")
    return "\n".join(L) + "\n\n"


# --------------------------------------------------------------------------------------------
# lspci -tv (pciutils ls-tree.c, faithfully)
# --------------------------------------------------------------------------------------------


def lspci_tree(topo: Topology) -> str:
    out = []
    line = [" "] * 1024

    def put(p: int, s: str) -> int:
        for i, ch in enumerate(s):
            line[p + i] = ch
        return p + len(s)

    def print_it(p: int):
        out.append("".join(line[:p]) + "\n")
        for i in range(p):
            line[i] = "|" if line[i] in "+|" else " "

    def name(d: Dev) -> str:
        return f"{d.vname} {d.dname}"

    def show_dev(d: Dev, p: int):
        p = put(p, f"{d.slot:02x}.{d.fn:x}")
        if d.is_bridge and d.children:
            if d.secondary == d.subordinate:
                p = put(p, f"-[{d.secondary:02x}]-")
            else:
                p = put(p, f"-[{d.secondary:02x}-{d.subordinate:02x}]-")
            show_bus(d.children, p + 0)
            return
        p = put(p, f"  {name(d)}")
        print_it(p)

    def show_bus(devs: list, p: int):
        # show_tree_bridge writes one '-' before the bus (not for the host bridge's own buses)
        p = put(p, "-")
        devs = sorted(devs, key=lambda d: (d.bus, d.slot, d.fn))
        if len(devs) == 1:
            p = put(p, "--")
            show_dev(devs[0], p)
        else:
            for d in devs[:-1]:
                p2 = put(p, "+-")
                show_dev(d, p2)
            p = put(p, "\\-")
            show_dev(devs[-1], p)

    roots: dict[int, list] = {}
    for d in topo.devs:
        if d.parent is None:
            roots.setdefault(d.bus, []).append(d)
    buses = sorted(roots, reverse=True)
    p = put(0, "-")
    for i, b in enumerate(buses):
        last = i == len(buses) - 1
        k = put(p, ("\\-" if last else "+-") + f"[0000:{b:02x}]-")
        devs = sorted(roots[b], key=lambda d: (d.slot, d.fn))
        if len(devs) == 1:
            k = put(k, "--")
            show_dev(devs[0], k)
        else:
            for d in devs[:-1]:
                show_dev(d, put(k, "+-"))
            show_dev(devs[-1], put(k, "\\-"))
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Writer
# --------------------------------------------------------------------------------------------


class Snapshot:
    def __init__(self, root: str):
        self.root = root
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, text) -> None:
        if isinstance(text, str):
            text = text.encode("utf-8")
        assert not rel.startswith("/") and ".." not in rel.split("/"), rel
        self.files[rel] = text

    def flush(self):
        for rel in sorted(self.files):
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(self.files[rel])


def iso(ts: str) -> dt.datetime:
    return dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def det_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# --------------------------------------------------------------------------------------------
# sysfs
# --------------------------------------------------------------------------------------------


def sysfs_resource(d: Dev) -> str:
    nlines = 17 if d.is_bridge else 13
    rows = [(0, 0, 0)] * nlines
    for b in d.bars:
        if b.kind == "io":
            rows[b.index] = (b.addr, b.addr + b.size - 1, F_IO)
            continue
        flag = {"mem32": F_MEM32, "mem64": F_MEM64, "pref64": F_PREF64, "rom": F_ROM}[b.kind]
        if b.unassigned:
            rows[b.index] = (0, b.size - 1, flag | F_UNSET)
        else:
            rows[b.index] = (b.addr, b.addr + b.size - 1, flag)
    if d.is_bridge:
        if d.win_io:
            rows[13] = (d.win_io[0], d.win_io[1], 0x101)
        if d.win_mem:
            rows[14] = (d.win_mem[0], d.win_mem[1], F_WIN_MEM)
        if d.win_pref:
            rows[15] = (d.win_pref[0], d.win_pref[1], F_WIN_PREF)
    return "".join(f"0x{a:016x} 0x{b:016x} 0x{c:016x}\n" for a, b, c in rows)


SPEED_SYSFS = {"2.5": "2.5 GT/s PCIe", "5": "5.0 GT/s PCIe", "8": "8.0 GT/s PCIe", "16": "16.0 GT/s PCIe",
               "32": "32.0 GT/s PCIe"}


def write_sysfs(snap: Snapshot, topo: Topology, cfg: Config):
    for d in topo.devs:
        base = f"sys/bus/pci/devices/{d.bdf}"
        depth = len(topo.path(d)) + 2  # sys/devices/pci0000:bb/<path...>
        up = "../" * depth
        snap.write(f"{base}/vendor", f"0x{d.vendor}\n")
        snap.write(f"{base}/device", f"0x{d.device}\n")
        snap.write(f"{base}/class", f"0x{d.cls}\n")
        if d.subsys:
            snap.write(f"{base}/subsystem_vendor", f"0x{d.subsys[0]}\n")
            snap.write(f"{base}/subsystem_device", f"0x{d.subsys[1]}\n")
        snap.write(f"{base}/revision", f"0x{d.rev or '00'}\n")
        snap.write(f"{base}/numa_node", f"{d.numa}\n")
        snap.write(f"{base}/local_cpulist", f"{NODE_CPUS[d.numa]}\n")
        if d.link_cap:
            snap.write(f"{base}/max_link_speed", SPEED_SYSFS[d.link_cap[0]] + "\n")
            snap.write(f"{base}/max_link_width", f"{d.link_cap[1]}\n")
            snap.write(f"{base}/current_link_speed", SPEED_SYSFS[d.link_sta[0]] + "\n")
            snap.write(f"{base}/current_link_width", f"{d.link_sta[1]}\n")
        snap.write(f"{base}/resource", sysfs_resource(d))
        if d.reset_method:
            snap.write(f"{base}/reset_method", d.reset_method + "\n")
        if d.driver:
            snap.write(f"{base}/driver", f"{up}bus/pci/drivers/{d.driver}\n")
        snap.write(f"{base}/iommu_group", f"{up}kernel/iommu_groups/{d.group}\n")
        snap.write(f"sys/kernel/iommu_groups/{d.group}/devices/{d.bdf}", "")


# --------------------------------------------------------------------------------------------
# /proc and /etc
# --------------------------------------------------------------------------------------------

CPU_FLAGS = (
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse "
    "sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl "
    "xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est "
    "tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes "
    "xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cat_l2 cdp_l3 intel_ppin "
    "cdp_l2 ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase "
    "tsc_adjust bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma "
    "clflushopt clwb intel_pt avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc "
    "cqm_occup_llc cqm_mbm_total cqm_mbm_local split_lock_detect user_shstk avx_vnni avx512_bf16 wbnoinvd "
    "dtherm ida arat pln pts hfi vnmi avx512vbmi umip pku ospke waitpkg avx512_vbmi2 gfni vaes vpclmulqdq "
    "avx512_vnni avx512_bitalg tme avx512_vpopcntdq la57 rdpid bus_lock_detect cldemote movdiri "
    "movdir64b enqcmd fsrm md_clear serialize tsxldtrk pconfig arch_lbr ibt amx_bf16 avx512_fp16 amx_tile "
    "amx_int8 flush_l1d arch_capabilities"
)
VMX_FLAGS = (
    "vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb flexpriority apicv tsc_offset "
    "vtpr mtf vapic ept vpid unrestricted_guest vapic_reg vid ple shadow_vmcs pml ept_mode_based_exec "
    "tsc_scaling usr_wait_pause notify_vm_exiting ipi_virt"
)


def cpu_map():
    """logical cpu -> (socket, core id, thread, apicid)."""
    out = {}
    for cpu in range(NCPU):
        thread = cpu // 112
        rest = cpu % 112
        sock = rest // 56
        core = rest % 56
        apic = sock * 128 + core * 2 + thread
        out[cpu] = (sock, core, thread, apic)
    return out


def proc_cpuinfo(rng: random.Random) -> str:
    parts = []
    for cpu, (sock, core, _thread, apic) in cpu_map().items():
        mhz = 2000.0 + rng.choice([0, 0, 0, 1.532, 800.0, 1799.998, 3800.0 - 2000.0])
        parts.append(
            f"processor\t: {cpu}\n"
            "vendor_id\t: GenuineIntel\n"
            "cpu family\t: 6\n"
            "model\t\t: 143\n"
            "model name\t: Intel(R) Xeon(R) Platinum 8480+\n"
            "stepping\t: 8\n"
            "microcode\t: 0x2b000603\n"
            f"cpu MHz\t\t: {mhz:.3f}\n"
            "cache size\t: 107520 KB\n"
            f"physical id\t: {sock}\n"
            "siblings\t: 112\n"
            f"core id\t\t: {core}\n"
            "cpu cores\t: 56\n"
            f"apicid\t\t: {apic}\n"
            f"initial apicid\t: {apic}\n"
            "fpu\t\t: yes\n"
            "fpu_exception\t: yes\n"
            "cpuid level\t: 32\n"
            "wp\t\t: yes\n"
            f"flags\t\t: {CPU_FLAGS}\n"
            f"vmx flags\t: {VMX_FLAGS}\n"
            "bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb bhi\n"
            "bogomips\t: 4000.00\n"
            "clflush size\t: 64\n"
            "cache_alignment\t: 64\n"
            "address sizes\t: 46 bits physical, 57 bits virtual\n"
            "power management:\n\n"
        )
    return "".join(parts)


MEM_TOTAL_KB = 2113017648       # 2 TiB of DDR5 less firmware reservations
NODE_TOTAL_KB = {0: 1056428132, 1: 1056589516}


def hugepage_plan(cfg: Config) -> tuple:
    """(total per node, free per node) in 1 GiB pages."""
    if cfg.mode == "bare-metal":
        return {0: 0, 1: 0}, {0: 0, 1: 0}
    total = {0: 800, 1: 800}
    used = {0: 0, 1: 0}
    for vm in vm_plan(cfg):
        if vm["running"]:
            for node, gib in vm["mem_per_node"].items():
                used[node] += gib
    return total, {n: total[n] - used[n] for n in total}


def proc_meminfo(cfg: Config) -> str:
    total, free = hugepage_plan(cfg)
    ht = sum(total.values())
    hf = sum(free.values())
    hug_kb = ht * 1048576
    used_other = 41_873_204 if cfg.mode != "bare-metal" else 63_551_880
    memfree = MEM_TOTAL_KB - hug_kb - used_other
    rows = [
        ("MemTotal", MEM_TOTAL_KB), ("MemFree", memfree), ("MemAvailable", memfree + 19_442_116),
        ("Buffers", 1_205_332), ("Cached", 16_830_448), ("SwapCached", 0), ("Active", 6_118_920),
        ("Inactive", 12_940_176), ("Active(anon)", 1_377_524), ("Inactive(anon)", 0),
        ("Active(file)", 4_741_396), ("Inactive(file)", 12_940_176), ("Unevictable", 31_416),
        ("Mlocked", 27_648), ("SwapTotal", 8_388_604), ("SwapFree", 8_388_604), ("Zswap", 0),
        ("Zswapped", 0), ("Dirty", 396), ("Writeback", 0), ("AnonPages", 1_054_832), ("Mapped", 611_552),
        ("Shmem", 39_060), ("KReclaimable", 2_017_816), ("Slab", 7_341_980), ("SReclaimable", 2_017_816),
        ("SUnreclaim", 5_324_164), ("KernelStack", 61_344), ("PageTables", 25_708), ("SecPageTables", 3_145_732),
        ("NFS_Unstable", 0), ("Bounce", 0), ("WritebackTmp", 0), ("CommitLimit", 225_035_124),
        ("Committed_AS", 5_906_128), ("VmallocTotal", 14_073_748_835_532_800 // 1024 // 1024),
        ("VmallocUsed", 1_288_552), ("VmallocChunk", 0), ("Percpu", 525_056), ("HardwareCorrupted", 0),
        ("AnonHugePages", 0), ("ShmemHugePages", 0), ("ShmemPmdMapped", 0), ("FileHugePages", 0),
        ("FilePmdMapped", 0), ("Unaccepted", 0),
    ]
    out = [f"{k + ':':<16}{v:>8} kB" for k, v in rows]
    out += [f"{'HugePages_Total:':<16}{ht:>8}", f"{'HugePages_Free:':<16}{hf:>8}",
            f"{'HugePages_Rsvd:':<16}{0:>8}", f"{'HugePages_Surp:':<16}{0:>8}",
            f"{'Hugepagesize:':<16}{1048576:>8} kB", f"{'Hugetlb:':<16}{hug_kb:>8} kB",
            f"{'DirectMap4k:':<16}{1_572_740:>8} kB", f"{'DirectMap2M:':<16}{67_051_520:>8} kB",
            f"{'DirectMap1G:':<16}{2_082_471_936:>8} kB"]
    return "\n".join(out) + "\n"


def node_meminfo(node: int, cfg: Config) -> str:
    total, free = hugepage_plan(cfg)
    tot = NODE_TOTAL_KB[node]
    hug = total[node] * 1048576
    used = hug + (20_112_000 if node == 0 else 21_761_204)
    rows = [("MemTotal", tot), ("MemFree", tot - used), ("MemUsed", used), ("SwapCached", 0),
            ("Active", 3_012_004 + node), ("Inactive", 6_470_088 - node), ("Active(anon)", 688_760),
            ("Inactive(anon)", 0), ("Active(file)", 2_323_244), ("Inactive(file)", 6_470_088),
            ("Unevictable", 15_708), ("Mlocked", 13_824), ("Dirty", 196), ("Writeback", 0),
            ("FilePages", 9_017_890), ("Mapped", 305_776), ("AnonPages", 527_416), ("Shmem", 19_530),
            ("KernelStack", 30_672), ("PageTables", 12_854), ("SecPageTables", 1_572_866),
            ("NFS_Unstable", 0), ("Bounce", 0), ("WritebackTmp", 0), ("KReclaimable", 1_008_908),
            ("Slab", 3_670_990), ("SReclaimable", 1_008_908), ("SUnreclaim", 2_662_082),
            ("AnonHugePages", 0), ("ShmemHugePages", 0), ("ShmemPmdMapped", 0), ("FileHugePages", 0),
            ("FilePmdMapped", 0), ("Unaccepted", 0)]
    out = [f"Node {node} {k + ':':<15} {v:>8} kB" for k, v in rows]
    out += [f"Node {node} HugePages_Total: {total[node]:>5}", f"Node {node} HugePages_Free:  {free[node]:>5}",
            f"Node {node} HugePages_Surp:  {0:>5}"]
    return "\n".join(out) + "\n"


def write_numa(snap: Snapshot, cfg: Config):
    total, free = hugepage_plan(cfg)
    for n in (0, 1):
        base = f"sys/devices/system/node/node{n}"
        snap.write(f"{base}/cpulist", NODE_CPUS[n] + "\n")
        snap.write(f"{base}/meminfo", node_meminfo(n, cfg))
        snap.write(f"{base}/hugepages/hugepages-1048576kB/nr_hugepages", f"{total[n]}\n")
        snap.write(f"{base}/hugepages/hugepages-1048576kB/free_hugepages", f"{free[n]}\n")
        snap.write(f"{base}/hugepages/hugepages-2048kB/nr_hugepages", "0\n")
        snap.write(f"{base}/hugepages/hugepages-2048kB/free_hugepages", "0\n")


def cmdline_params(cfg: Config) -> list:
    p = ["intel_iommu=on", "iommu=pt"]
    if cfg.vfio:
        p += ["default_hugepagesz=1G", "hugepagesz=1G", "hugepages=1600", "transparent_hugepage=never"]
    if cfg.acs_redir_off:
        devs = ";".join(f"0000:{b - 1:02x}:00.0" for b in cfg.acs_redir_off)
        p.append(f"pci=disable_acs_redir={devs}")
    return p


def proc_cmdline(cfg: Config, root_uuid: str) -> str:
    return f"BOOT_IMAGE=/vmlinuz-{KERNEL} root=UUID={root_uuid} ro " + " ".join(cmdline_params(cfg)) + "\n"


def etc_default_grub(cfg: Config) -> str:
    params = " ".join(cmdline_params(cfg)).replace(";", "\\;")
    return (
        "# If you change this file or any /etc/default/grub.d/*.cfg file,\n"
        "# run 'update-grub' afterwards to update /boot/grub/grub.cfg.\n"
        "# For full documentation of the options in these files, see:\n"
        "#   info -f grub -n 'Simple configuration'\n"
        "\n"
        "GRUB_DEFAULT=0\n"
        "GRUB_TIMEOUT_STYLE=hidden\n"
        "GRUB_TIMEOUT=0\n"
        "GRUB_DISTRIBUTOR=`( . /etc/os-release; echo ${NAME:-Ubuntu} ) 2>/dev/null || echo Ubuntu`\n"
        f"GRUB_CMDLINE_LINUX_DEFAULT=\"{params}\"\n"
        "GRUB_CMDLINE_LINUX=\"\"\n"
        "\n"
        "# Uncomment to disable graphical terminal\n"
        "#GRUB_TERMINAL=console\n"
        "GRUB_TERMINAL=\"console serial\"\n"
        "GRUB_SERIAL_COMMAND=\"serial --speed=115200 --unit=0 --word=8 --parity=no --stop=1\"\n"
    )


OS_RELEASE = """PRETTY_NAME="Ubuntu 24.04.3 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.3 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
"""


def proc_modules(cfg: Config, rng: random.Random, running_vms: int) -> str:
    addr = 0xFFFFFFFFC0800000
    mods = []
    if cfg.mode == "bare-metal":
        mods += [
            ("nvidia_uvm", 4956160, 0, "-", ""), ("nvidia_drm", 122880, 0, "-", ""),
            ("nvidia_modeset", 1368064, 1, "nvidia_drm,", ""),
            ("nvidia", 54837248, 18, "nvidia_uvm,nvidia_modeset,", ""),
            ("video", 77824, 1, "nvidia_modeset,", ""),
        ]
    else:
        mods += [
            ("vfio_pci", 16384, 0, "-", ""), ("vfio_pci_core", 86016, 1, "vfio_pci,", ""),
            ("vfio_iommu_type1", 49152, running_vms, "-", ""),
            ("vfio", 69632, 2 * running_vms + 3, "vfio_pci,vfio_pci_core,vfio_iommu_type1,", ""),
            ("iommufd", 98304, 1, "vfio,", ""), ("vhost_net", 32768, running_vms, "-", ""),
            ("vhost", 65536, 1, "vhost_net,", ""), ("vhost_iotlb", 16384, 1, "vhost,", ""),
            ("tap", 28672, 1, "vhost_net,", ""), ("bridge", 421888, 0, "-", ""),
            ("stp", 12288, 1, "bridge,", ""), ("llc", 16384, 2, "bridge,stp,", ""),
        ]
    mods += [
        ("kvm_intel", 487424, running_vms, "-", ""),
        ("kvm", 1409024, 1, "kvm_intel,", ""),
        ("irqbypass", 12288, 2 if cfg.vfio else 1, ("vfio_pci_core,kvm," if cfg.vfio else "kvm,"), ""),
        ("mlx5_ib", 487424, 0, "-", ""), ("ib_uverbs", 204800, 1, "mlx5_ib,", ""),
        ("ib_core", 507904, 2, "mlx5_ib,ib_uverbs,", ""),
        ("mlx5_core", 2441216, 1, "mlx5_ib,", ""), ("mlxfw", 36864, 1, "mlx5_core,", ""),
        ("psample", 20480, 1, "mlx5_core,", ""), ("tls", 155648, 1, "mlx5_core,", ""),
        ("pci_hyperv_intf", 12288, 1, "mlx5_core,", ""),
        ("bnxt_en", 421888, 0, "-", ""), ("nvme", 61440, 4, "-", ""),
        ("nvme_core", 212992, 5, "nvme,", ""), ("nvme_auth", 28672, 1, "nvme_core,", ""),
        ("ast", 94208, 0, "-", ""), ("i2c_algo_bit", 16384, 1, "ast,", ""),
        ("drm_shmem_helper", 24576, 1, "ast,", ""),
        ("drm_kms_helper", 270336, 3 if cfg.mode == "bare-metal" else 2,
         "nvidia_drm,ast,drm_shmem_helper," if cfg.mode == "bare-metal" else "ast,drm_shmem_helper,", ""),
        ("drm", 761856, 5 if cfg.mode == "bare-metal" else 4,
         "nvidia_drm,ast,drm_shmem_helper,drm_kms_helper," if cfg.mode == "bare-metal"
         else "ast,drm_shmem_helper,drm_kms_helper,", ""),
        ("xhci_pci", 24576, 0, "-", ""), ("xhci_pci_renesas", 20480, 1, "xhci_pci,", ""),
        ("ahci", 49152, 0, "-", ""), ("libahci", 53248, 1, "ahci,", ""),
        ("i2c_i801", 36864, 0, "-", ""), ("i2c_smbus", 16384, 1, "i2c_i801,", ""),
        ("intel_rapl_msr", 20480, 0, "-", ""), ("intel_rapl_common", 40960, 1, "intel_rapl_msr,", ""),
        ("i10nm_edac", 40960, 0, "-", ""), ("skx_edac_common", 28672, 1, "i10nm_edac,", ""),
        ("nfit", 81920, 1, "skx_edac_common,", ""), ("x86_pkg_temp_thermal", 20480, 0, "-", ""),
        ("intel_powerclamp", 24576, 0, "-", ""), ("coretemp", 24576, 0, "-", ""),
        ("isst_if_mmio", 12288, 0, "-", ""), ("isst_if_mbox_pci", 12288, 0, "-", ""),
        ("isst_if_common", 24576, 2, "isst_if_mmio,isst_if_mbox_pci,", ""),
        ("ipmi_ssif", 45056, 0, "-", ""), ("ipmi_si", 86016, 0, "-", ""),
        ("ipmi_devintf", 16384, 0, "-", ""), ("ipmi_msghandler", 86016, 3, "ipmi_ssif,ipmi_si,ipmi_devintf,", ""),
        ("acpi_power_meter", 20480, 0, "-", ""), ("mei_me", 53248, 0, "-", ""),
        ("mei", 172032, 1, "mei_me,", ""), ("crct10dif_pclmul", 12288, 1, "-", ""),
        ("crc32_pclmul", 12288, 0, "-", ""), ("polyval_clmulni", 12288, 0, "-", ""),
        ("ghash_clmulni_intel", 16384, 0, "-", ""), ("sha256_ssse3", 32768, 0, "-", ""),
        ("aesni_intel", 356352, 0, "-", ""), ("efi_pstore", 12288, 0, "-", ""),
        ("dm_multipath", 45056, 0, "-", ""), ("ip_tables", 32768, 0, "-", ""),
        ("x_tables", 65536, 1, "ip_tables,", ""), ("autofs4", 57344, 2, "-", ""),
    ]
    lines = []
    for name, size, ref, deps, _ in mods:
        taint = " (POE)" if name.startswith("nvidia") else ""
        lines.append(f"{name} {size} {ref} {deps} Live 0x{addr:016x}{taint}")
        addr += (size + 0xFFF) & ~0xFFF
        addr += 0x1000 * rng.randint(1, 8)
    return "\n".join(lines) + "\n"


def dmi_files(snap: Snapshot, cfg: Config):
    d = "sys/class/dmi/id"
    snap.write(f"{d}/bios_vendor", "American Megatrends International, LLC.\n")
    snap.write(f"{d}/bios_version", cfg.bios_version + "\n")
    snap.write(f"{d}/bios_date", cfg.bios_date + "\n")
    snap.write(f"{d}/sys_vendor", "Supermicro\n")
    snap.write(f"{d}/product_name", "SYS-821GE-TNHR\n")
    snap.write(f"{d}/board_name", "X13DEG-OAD\n")


# --------------------------------------------------------------------------------------------
# VMs (libvirt)
# --------------------------------------------------------------------------------------------


def cpus_of(node: int, first_core: int, ncores: int) -> list:
    """Host CPUs (both hyperthreads) of cores first_core.. on a node, as (t0, t1) pairs."""
    base = 0 if node == 0 else 56
    return [(base + c, base + c + 112) for c in range(first_core, first_core + ncores)]


def vm_plan(cfg: Config) -> list:
    gpu0 = [0x1B, 0x43, 0x52, 0x61]
    gpu1 = [0x9D, 0xC3, 0xD1, 0xDF]
    running = not cfg.mmioh_exhausted
    if cfg.mode == "passthrough":
        return [dict(name="tenant-a", gpus=gpu0 + gpu1, nvswitches=list(NVSW_BUSES), running=running,
                     cells=[(0, cpus_of(0, 8, 48)), (1, cpus_of(1, 8, 48))],
                     mem_per_node={0: 768, 1: 768}, mmio_mb=4194304, emulator="0-7,56-63",
                     description="8-GPU full-passthrough tenant VM: 8x H200 + 4x NVSwitch; Fabric Manager "
                                 "(FABRIC_MODE=0) runs inside the guest.")]
    if cfg.mode == "shared-nvswitch":
        return [
            dict(name="fabricmanager-svc", gpus=[], nvswitches=list(NVSW_BUSES), running=True,
                 cells=[(0, cpus_of(0, 4, 2))], mem_per_node={0: 16}, mmio_mb=None, emulator="0-3",
                 description="Fabric Manager service VM (shared NVSwitch, FABRIC_MODE=1): owns the 4 "
                             "NVSwitches; partitions 1 (GPU modules 1-4) and 2 (GPU modules 5-8) are active."),
            dict(name="tenant-a", gpus=gpu0, nvswitches=[], running=True, cells=[(0, cpus_of(0, 8, 48))],
                 mem_per_node={0: 640}, mmio_mb=2097152, emulator="0-3,112-115",
                 description="Tenant VM, NVLink partition 2 (GPU modules 5-8 = 1b,43,52,61), socket 0."),
            dict(name="tenant-b", gpus=gpu1, nvswitches=[], running=True, cells=[(1, cpus_of(1, 8, 48))],
                 mem_per_node={1: 640}, mmio_mb=2097152, emulator="56-63,168-175",
                 description="Tenant VM, NVLink partition 1 (GPU modules 1-4 = 9d,c3,d1,df), socket 1."),
        ]
    return []


def hostdevs_in_use(cfg: Config) -> set:
    out = set()
    for vm in vm_plan(cfg):
        if vm["running"]:
            out |= {f"0000:{b:02x}:00.0" for b in vm["gpus"] + vm["nvswitches"]}
    return out


def libvirt_xml(vm: dict, rng: random.Random, cfg: Config) -> str:
    name = vm["name"]
    vuuid = det_uuid(rng)
    total_gib = sum(vm["mem_per_node"].values())
    kib = total_gib * 1048576
    pairs = [p for _, cpus in vm["cells"] for p in cpus]
    nvcpu = 2 * len(pairs)
    sockets = len(vm["cells"])
    cores = len(pairs) // sockets
    L = [
        "<!--",
        "WARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE",
        "OVERWRITTEN AND LOST. Changes to this xml configuration should be made using:",
        f"  virsh edit {name}",
        "or other application using the libvirt API.",
        "-->",
        "",
    ]
    ns = " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'" if vm["mmio_mb"] else ""
    L.append(f"<domain type='kvm'{ns}>")
    L.append(f"  <name>{name}</name>")
    L.append(f"  <uuid>{vuuid}</uuid>")
    L.append(f"  <description>{vm['description']}</description>")
    L.append(f"  <memory unit='KiB'>{kib}</memory>")
    L.append(f"  <currentMemory unit='KiB'>{kib}</currentMemory>")
    L.append("  <memoryBacking>")
    L.append("    <hugepages>")
    L.append("      <page size='1048576' unit='KiB'/>")
    L.append("    </hugepages>")
    L.append("  </memoryBacking>")
    L.append(f"  <vcpu placement='static'>{nvcpu}</vcpu>")
    L.append("  <cputune>")
    v = 0
    for t0, t1 in pairs:
        L.append(f"    <vcpupin vcpu='{v}' cpuset='{t0}'/>")
        L.append(f"    <vcpupin vcpu='{v + 1}' cpuset='{t1}'/>")
        v += 2
    L.append(f"    <emulatorpin cpuset='{vm['emulator']}'/>")
    L.append("  </cputune>")
    nodes = [n for n, _ in vm["cells"]]
    L.append("  <numatune>")
    L.append(f"    <memory mode='strict' nodeset='{','.join(str(n) for n in nodes) if len(nodes) == 1 else '0-1'}'/>")
    for cid, n in enumerate(nodes):
        L.append(f"    <memnode cellid='{cid}' mode='strict' nodeset='{n}'/>")
    L.append("  </numatune>")
    L.append("  <resource>")
    L.append("    <partition>/machine</partition>")
    L.append("  </resource>")
    L.append("  <os firmware='efi'>")
    L.append("    <type arch='x86_64' machine='pc-q35-10.1'>hvm</type>")
    L.append("    <firmware>")
    L.append("      <feature enabled='no' name='enrolled-keys'/>")
    L.append("      <feature enabled='no' name='secure-boot'/>")
    L.append("    </firmware>")
    L.append("    <loader readonly='yes' type='pflash' format='raw'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>")
    L.append(f"    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd' format='raw'>/var/lib/libvirt/qemu/nvram/{name}_VARS.fd</nvram>")
    L.append("    <boot dev='hd'/>")
    L.append("  </os>")
    L.append("  <features>")
    L.append("    <acpi/>")
    L.append("    <apic/>")
    L.append("  </features>")
    L.append("  <cpu mode='host-passthrough' check='none' migratable='off'>")
    L.append(f"    <topology sockets='{sockets}' dies='1' clusters='1' cores='{cores}' threads='2'/>")
    L.append("    <maxphysaddr mode='passthrough'/>")
    L.append("    <numa>")
    v = 0
    for cid, (n, cpus) in enumerate(vm["cells"]):
        cnt = 2 * len(cpus)
        L.append(f"      <cell id='{cid}' cpus='{v}-{v + cnt - 1}' memory='{vm['mem_per_node'][n] * 1048576}' unit='KiB'/>")
        v += cnt
    L.append("    </numa>")
    L.append("  </cpu>")
    L.append("  <clock offset='utc'>")
    L.append("    <timer name='rtc' tickpolicy='catchup'/>")
    L.append("    <timer name='pit' tickpolicy='delay'/>")
    L.append("    <timer name='hpet' present='no'/>")
    L.append("  </clock>")
    L.append("  <on_poweroff>destroy</on_poweroff>")
    L.append("  <on_reboot>restart</on_reboot>")
    L.append("  <on_crash>destroy</on_crash>")
    L.append("  <pm>")
    L.append("    <suspend-to-mem enabled='no'/>")
    L.append("    <suspend-to-disk enabled='no'/>")
    L.append("  </pm>")
    L.append("  <devices>")
    L.append("    <emulator>/usr/bin/qemu-system-x86_64</emulator>")
    L.append("    <disk type='block' device='disk'>")
    L.append("      <driver name='qemu' type='raw' cache='none' io='native' discard='unmap'/>")
    L.append(f"      <source dev='/dev/vg-vms/{name}-root'/>")
    L.append("      <target dev='vda' bus='virtio'/>")
    L.append("      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>")
    L.append("    </disk>")
    L.append("    <controller type='pci' index='0' model='pcie-root'/>")
    devs = vm["nvswitches"] + vm["gpus"]
    nports = 2 + len(devs)
    for i in range(1, nports + 1):
        slot = 2 + (i - 1) // 8
        fn = (i - 1) % 8
        mf = " multifunction='on'" if fn == 0 else ""
        L.append(f"    <controller type='pci' index='{i}' model='pcie-root-port'>")
        L.append("      <model name='pcie-root-port'/>")
        L.append(f"      <target chassis='{i}' port='0x{0x10 + i - 1:x}'/>")
        L.append(f"      <address type='pci' domain='0x0000' bus='0x00' slot='0x{slot:02x}' function='0x{fn:x}'{mf}/>")
        L.append("    </controller>")
    L.append("    <controller type='sata' index='0'>")
    L.append("      <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>")
    L.append("    </controller>")
    mac = ":".join(["52", "54", "00"] + [f"{rng.randrange(256):02x}" for _ in range(3)])
    L.append("    <interface type='bridge'>")
    L.append(f"      <mac address='{mac}'/>")
    L.append(f"      <source bridge='br-{name}'/>")
    L.append("      <model type='virtio'/>")
    L.append("      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>")
    L.append("    </interface>")
    L.append("    <serial type='pty'>")
    L.append("      <target type='isa-serial' port='0'>")
    L.append("        <model name='isa-serial'/>")
    L.append("      </target>")
    L.append("    </serial>")
    L.append("    <console type='pty'>")
    L.append("      <target type='serial' port='0'/>")
    L.append("    </console>")
    for i, b in enumerate(devs):
        L.append("    <hostdev mode='subsystem' type='pci' managed='yes'>")
        L.append("      <driver name='vfio'/>")
        L.append("      <source>")
        L.append(f"        <address domain='0x0000' bus='0x{b:02x}' slot='0x00' function='0x0'/>")
        L.append("      </source>")
        L.append(f"      <address type='pci' domain='0x0000' bus='0x{3 + i:02x}' slot='0x00' function='0x0'/>")
        L.append("    </hostdev>")
    L.append("    <memballoon model='none'/>")
    L.append("  </devices>")
    if vm["mmio_mb"]:
        L.append("  <qemu:commandline>")
        L.append("    <qemu:arg value='-fw_cfg'/>")
        L.append(f"    <qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string={vm['mmio_mb']}'/>")
        L.append("  </qemu:commandline>")
    L.append("</domain>")
    return "\n".join(L) + "\n"


def virsh_list(cfg: Config) -> str:
    vms = vm_plan(cfg)
    w = max([len("Name")] + [len(v["name"]) for v in vms])
    out = [f" {'Id':<4} {'Name':<{w + 3}}State", "-" * (4 + w + 3 + 10)]
    i = 1
    for v in vms:
        if v["running"]:
            out.append(f" {i:<4} {v['name']:<{w + 3}}running")
            i += 1
    for v in vms:
        if not v["running"]:
            out.append(f" {'-':<4} {v['name']:<{w + 3}}shut off")
    return "\n".join(out) + "\n\n"


# --------------------------------------------------------------------------------------------
# /proc/interrupts
# --------------------------------------------------------------------------------------------


def proc_interrupts(topo: Topology, cfg: Config, rng: random.Random) -> str:
    ir = "IR-" if cfg.irq_remap else ""
    prec = 4
    rows = []  # (label, counts list, tail)

    def counts(total: int, cpu: Optional[int] = None, spread: bool = False) -> list:
        c = [0] * NCPU
        if spread:
            for i in range(NCPU):
                c[i] = rng.randint(total // 2, total) if total else 0
        elif total:
            c[cpu if cpu is not None else rng.randrange(NCPU)] = total
        return c

    def irq(num: int, chip: str, hwirq: int, kind: str, name: str, total: int = 0, cpu=None):
        rows.append((f"{num:>{prec}}:", counts(total, cpu), f" {chip:>8} {hwirq:>{prec}}-{kind:<8}  {name}"))

    irq(0, f"{ir}IO-APIC", 2, "edge", "timer", 55)
    irq(4, f"{ir}IO-APIC", 4, "edge", "ttyS0", 1841, 0)
    irq(8, f"{ir}IO-APIC", 8, "edge", "rtc0", 1, 0)
    irq(9, f"{ir}IO-APIC", 9, "fasteoi", "acpi", 0)
    irq(16, f"{ir}IO-APIC", 16, "fasteoi", "i801_smbus", 0)
    n = 24
    for i in range(12):
        irq(n, "DMAR-MSI", i, "edge", f"dmar{i}", 0)
        n += 1
    for d in topo.devs:
        if d.kind == "rootport":
            irq(n, f"{ir}PCI-MSI-{d.bdf}", 0, "edge", "PCIe PME, aerdrv", 0)
            n += 1
    for d in topo.devs:
        if d.kind == "pch" and d.driver in ("xhci_hcd", "ahci", "mei_me"):
            chip = f"{ir}PCI-MSI-{d.bdf}" if d.driver != "xhci_hcd" else f"{ir}PCI-MSIX-{d.bdf}"
            irq(n, chip, 0, "edge", d.driver, rng.randint(0, 300), 0)
            n += 1
    nv = 0
    for d in topo.devs:
        if d.kind == "nvme":
            for q in range(4):
                irq(n, f"{ir}PCI-MSIX-{d.bdf}", q, "edge", f"nvme{nv}q{q}", rng.randint(20, 90000), q * 7 % NCPU)
                n += 1
            nv += 1
    mlx = 0
    for d in topo.devs:
        if d.kind == "nic" and d.vendor == "15b3":
            irq(n, f"{ir}PCI-MSIX-{d.bdf}", 0, "edge", f"mlx5_async0@pci:{d.bdf}", rng.randint(10, 200), 0)
            n += 1
            for q in range(4):
                irq(n, f"{ir}PCI-MSIX-{d.bdf}", q + 1, "edge", f"mlx5_comp{q}@pci:{d.bdf}", rng.randint(0, 50),
                    (mlx * 4 + q) % NCPU)
                n += 1
            mlx += 1
        elif d.kind == "nic":
            for q in range(4):
                irq(n, f"{ir}PCI-MSIX-{d.bdf}", q, "edge", f"bnxt_en-TxRx-{q}", rng.randint(5000, 900000), 56 + q)
                n += 1
    in_use = hostdevs_in_use(cfg)
    for d in topo.devs:
        if d.kind == "gpu":
            if cfg.mode == "bare-metal":
                irq(n, f"{ir}PCI-MSIX-{d.bdf}", 0, "edge", "nvidia", rng.randint(1000, 40000), (d.bus % 8) * 7)
                n += 1
            elif d.bdf in in_use:
                for q in range(4):
                    irq(n, f"{ir}PCI-MSIX-{d.bdf}", q, "edge", f"vfio-msix[{q}]({d.bdf})",
                        rng.randint(0, 5000) if q == 0 else 0, 8 + q)
                    n += 1
        elif d.kind == "nvswitch":
            if cfg.mode == "bare-metal":
                irq(n, f"{ir}PCI-MSI-{d.bdf}", 0, "edge", "nvidia-nvswitch", rng.randint(10, 900), 0)
                n += 1
            elif d.bdf in in_use:
                irq(n, f"{ir}PCI-MSI-{d.bdf}", 0, "edge", f"vfio-msi[0]({d.bdf})", rng.randint(0, 300), 4)
                n += 1
    arch = [
        ("NMI", "Non-maskable interrupts", 120), ("LOC", "Local timer interrupts", 900000),
        ("SPU", "Spurious interrupts", 0), ("PMI", "Performance monitoring interrupts", 120),
        ("IWI", "IRQ work interrupts", 30), ("RTR", "APIC ICR read retries", 0),
        ("RES", "Rescheduling interrupts", 4000), ("CAL", "Function call interrupts", 8000),
        ("TLB", "TLB shootdowns", 600), ("TRM", "Thermal event interrupts", 0),
        ("THR", "Threshold APIC interrupts", 0), ("DFR", "Deferred Error APIC interrupts", 0),
        ("MCE", "Machine check exceptions", 0), ("MCP", "Machine check polls", 40),
    ]
    out = [" " * (prec + 8) + "".join(f"CPU{i:<8}" for i in range(NCPU))]
    for label, c, tail in rows:
        out.append(label + " " + "".join(f"{x:>10} " for x in c) + tail.lstrip(" ").rjust(len(tail)))
    for lab, desc, tot in arch:
        c = counts(tot, spread=True) if tot else [0] * NCPU
        out.append(f"{lab:>{prec}}: " + "".join(f"{x:>10} " for x in c) + f"  {desc}")
    out.append(f"{'ERR':>{prec}}: {0:>10}")
    out.append(f"{'MIS':>{prec}}: {0:>10}")
    for lab, desc in (("PIN", "Posted-interrupt notification event"), ("NPI", "Nested posted-interrupt event"),
                      ("PIW", "Posted-interrupt wakeup event")):
        tot = 0 if cfg.mode == "bare-metal" or lab != "PIN" else 50
        c = counts(tot, spread=True) if tot else [0] * NCPU
        out.append(f"{lab:>{prec}}: " + "".join(f"{x:>10} " for x in c) + f"  {desc}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Kernel log (journalctl --no-pager -k -b 0, short format)
# --------------------------------------------------------------------------------------------

PCI_TYPE = {"rootport": "PCIe Root Port", "usp": "PCIe Switch Upstream Port",
            "dsp": "PCIe Switch Downstream Port", "pcibridge": "PCIe to PCI/PCI-X bridge",
            "rciep": "PCIe Root Complex Integrated Endpoint", "pch": "conventional PCI endpoint",
            "uncore": "conventional PCI endpoint", "vga": "conventional PCI endpoint"}


def kres(start: int, end: int, kind: str) -> str:
    if kind == "io":
        return f"[io  0x{start:04x}-0x{end:04x}]"
    suffix = {"mem32": "", "rom": " pref", "mem64": " 64bit", "pref64": " 64bit pref"}[kind]
    return f"[mem 0x{start:08x}-0x{end:08x}{suffix}]"


def dmar_units(topo: Topology) -> list:
    """(root bus, reg base) in DMAR table order: the INCLUDE_PCI_ALL unit (bus 00) last."""
    roots = sorted([r for r in topo.roots if r[0] != 0x00], key=lambda r: r[0]) + \
        [r for r in topo.roots if r[0] == 0x00]
    return [(r[0], r[2] + r[5] - 0x4000) for r in roots]


class Log:
    def __init__(self, cfg: Config, rng: random.Random):
        self.cfg = cfg
        self.rng = rng
        self.t = 0.0
        self.boot = iso(cfg.boot_at)
        self.lines: list[str] = []

    def __call__(self, msg: str, dt_s: float = 0.0005):
        self.t += dt_s * (0.5 + self.rng.random())
        when = self.boot + dt.timedelta(seconds=self.t)
        self.lines.append(f"{when.strftime('%b %d %H:%M:%S')} {self.cfg.hostname} kernel: {msg}")

    def at(self, seconds: float):
        if seconds > self.t:
            self.t = seconds


def enumerate_dev(log: Log, d: Dev, cfg: Config):
    typ = "00" if not d.is_bridge else "01"
    dtype = PCI_TYPE.get(d.kind, "PCIe Endpoint")
    log(f"pci {d.bdf}: [{d.vendor}:{d.device}] type {typ} class 0x{d.cls} {dtype}")
    for b in sorted(d.bars, key=lambda b: b.index):
        if b.kind == "rom":
            log(f"pci {d.bdf}: ROM [mem 0x{b.addr:08x}-0x{b.addr + b.size - 1:08x} pref]")
            continue
        if b.unassigned or (d.bar2_pending and b.index == 2):
            log(f"pci {d.bdf}: BAR {b.index} {kres(0, b.size - 1, b.kind)}")
        else:
            log(f"pci {d.bdf}: BAR {b.index} {kres(b.addr, b.addr + b.size - 1, b.kind)}")
    if d.is_bridge:
        rng = f"{d.secondary:02x}" if d.secondary == d.subordinate else f"{d.secondary:02x}-{d.subordinate:02x}"
        log(f"pci {d.bdf}: PCI bridge to [bus {rng}]")
        if d.win_io:
            log(f"pci {d.bdf}:   bridge window [io  0x{d.win_io[0]:04x}-0x{d.win_io[1]:04x}]")
        if d.win_mem:
            log(f"pci {d.bdf}:   bridge window [mem 0x{d.win_mem[0]:08x}-0x{d.win_mem[1]:08x}]")
        if d.win_pref:
            log(f"pci {d.bdf}:   bridge window [mem 0x{d.win_pref[0]:08x}-0x{d.win_pref[1]:08x} 64bit pref]")
    if d.kind in ("rootport", "dsp", "usp"):
        log(f"pci {d.bdf}: PME# supported from D0 D3hot D3cold")
    elif d.kind in ("gpu", "nvswitch", "nvme", "nic"):
        log(f"pci {d.bdf}: PME# supported from D0 D3hot")
    if d.kind == "dsp" and d.acs and not d.acs[1]["ReqRedir"]:
        log(f"pci {d.bdf}: disabled ACS redirect")


def scan_bus(log: Log, devs: list, cfg: Config):
    devs = sorted(devs, key=lambda d: (d.slot, d.fn))
    for d in devs:
        enumerate_dev(log, d, cfg)
    for d in devs:
        if d.is_bridge and d.children:
            scan_bus(log, d.children, cfg)


def kernel_log(topo: Topology, cfg: Config, rng: random.Random, root_uuid: str) -> str:
    log = Log(cfg, rng)
    cmd = proc_cmdline(cfg, root_uuid).strip()
    log(f"Linux version {KERNEL} (buildd@lcy02-amd64-052) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) "
        f"13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42) {KERNEL_BUILD} (Ubuntu 6.8.0-55.57-generic 6.8.12)", 0)
    log(f"Command line: {cmd}", 0)
    for m in ["KERNEL supported cpus:", "  Intel GenuineIntel", "  AMD AuthenticAMD", "  Hygon HygonGenuine",
              "  Centaur CentaurHauls", "  zhaoxin   Shanghai  ",
              "x86/split lock detection: #AC: crashing the kernel on kernel split_locks and warning on user-space split_locks",
              "BIOS-provided physical RAM map:",
              "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
              "BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff] reserved",
              "BIOS-e820: [mem 0x0000000000100000-0x000000005f7fefff] usable",
              "BIOS-e820: [mem 0x000000005f7ff000-0x000000006e5fffff] reserved",
              "BIOS-e820: [mem 0x000000006e600000-0x000000006ea7efff] ACPI data",
              "BIOS-e820: [mem 0x000000006ea7f000-0x000000006f27efff] ACPI NVS",
              "BIOS-e820: [mem 0x000000006f27f000-0x000000006fffffff] usable",
              "BIOS-e820: [mem 0x0000000070000000-0x000000008fffffff] reserved",
              "BIOS-e820: [mem 0x00000000fe000000-0x00000000fe010fff] reserved",
              "BIOS-e820: [mem 0x0000000100000000-0x000002007fffffff] usable",
              "NX (Execute Disable) protection: active",
              "APIC: Static calls initialized",
              "efi: EFI v2.9 by American Megatrends",
              "efi: ACPI=0x6ea7e000 ACPI 2.0=0x6ea7e014 SMBIOS=0x6f0f4000 SMBIOS 3.0=0x6f0f3000 MEMATTR=0x5a2c1018 ESRT=0x5c56d918 INITRD=0x5a3b0f18 RNG=0x6e6a9018 TPMEventLog=0x4b9b4018",
              "random: crng init done",
              "SMBIOS 3.5.0 present.",
              f"DMI: Supermicro SYS-821GE-TNHR/X13DEG-OAD, BIOS {cfg.bios_version} {cfg.bios_date}",
              "tsc: Detected 2000.000 MHz processor",
              "ACPI: Early table checksum verification disabled",
              "ACPI: RSDP 0x000000006EA7E014 000024 (v02 SUPERM)",
              "ACPI: XSDT 0x000000006EA7D728 000124 (v01 SUPERM SUPERM   01072009 AMI  01000013)",
              "ACPI: FACP 0x000000006EA71000 000114 (v06 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: DSDT 0x000000006E9B9000 0B5E8C (v02 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: APIC 0x000000006EA6D000 00120C (v05 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: MCFG 0x000000006EA67000 00003C (v01 SUPERM SMCI--MB 01072009 MSFT 00000097)",
              "ACPI: SRAT 0x000000006EA5F000 0044B0 (v03 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: SLIT 0x000000006EA5E000 00003C (v01 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: DMAR 0x000000006EA5B000 000478 (v01 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: HMAT 0x000000006EA5A000 000180 (v02 SUPERM SMCI--MB 01072009 INTL 20091013)",
              "ACPI: Reserving DMAR table memory at [mem 0x6ea5b000-0x6ea5b477]",
              "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]",
              "ACPI: SRAT: Node 0 PXM 0 [mem 0x100000000-0x1007fffffff]",
              "ACPI: SRAT: Node 1 PXM 1 [mem 0x10080000000-0x2007fffffff]",
              "NUMA: Initialized distance table, cnt=2",
              "NODE_DATA(0) allocated [mem 0x1007ffd5000-0x1007fffffff]",
              "NODE_DATA(1) allocated [mem 0x2007ffd3000-0x2007fffdfff]",
              "ACPI: PM-Timer IO Port: 0x508",
              "IOAPIC[0]: apic_id 8, version 32, address 0xfec00000, GSI 0-119",
              f"setup_percpu: NR_CPUS:8192 nr_cpumask_bits:{NCPU} nr_cpu_ids:{NCPU} nr_node_ids:2",
              f"Kernel command line: {cmd}"]:
        log(m, 0.0001)
    log("DMAR: IOMMU enabled", 0.0001)
    log(f"Unknown kernel command line parameters \"BOOT_IMAGE=/vmlinuz-{KERNEL}\", will be passed to user space.", 0.0001)
    log("Fallback order for Node 0: 0 1 ", 0.01)
    log("Fallback order for Node 1: 1 0 ", 0.0001)
    log("Built 2 zonelists, mobility grouping on.  Total pages: 528164871", 0.0001)
    log("Memory: 2110958156K/2146417516K available (22528K kernel code, 4441K rwdata, 14348K rodata, 4952K init, "
        "4716K bss, 35459360K reserved, 0K cma-reserved)", 1.2)
    log(f"SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs={NCPU}, Nodes=2", 0.01)
    if cfg.irq_remap:
        log("x2apic: enabled by BIOS, switching to x2apic ops", 0.01)
    log("DMAR: Host address width 46", 0.01)
    units = dmar_units(topo)
    for i, (b, reg) in enumerate(units):
        log(f"DMAR: DRHD base: 0x{reg:014x} flags: 0x{1 if b == 0 else 0:x}", 0.0001)
        log(f"DMAR: dmar{i}: reg_base_addr {reg:x} ver 6:0 cap 9ed008c40780466 ecap 3ee9e86f050df", 0.0001)
    log("DMAR: ATSR flags: 0x0", 0.0001)
    log("DMAR: ATSR flags: 0x0", 0.0001)
    log("DMAR: SATC flags: 0x1", 0.0001)
    log("DMAR: SATC flags: 0x1", 0.0001)
    if cfg.irq_remap:
        log(f"DMAR-IR: IOAPIC id 8 under DRHD base  0x{units[-1][1]:x} IOMMU {len(units) - 1}", 0.0001)
        log(f"DMAR-IR: HPET id 0 under DRHD base 0x{units[-1][1]:x}", 0.0001)
        log("DMAR-IR: Queued invalidation will be enabled to support x2apic and Intr-remapping.", 0.0001)
        log("DMAR-IR: Enabled IRQ remapping in x2apic mode", 0.002)
    log("APIC: Switch to symmetric I/O mode setup", 0.002)
    log("..TIMER: vector=0x30 apic1=0 pin1=2 apic2=-1 pin2=-1", 0.002)
    log("Calibrating delay loop (skipped), value calculated using timer frequency.. 4000.00 BogoMIPS (lpj=8000000)", 0.01)
    log("smpboot: CPU0: Intel(R) Xeon(R) Platinum 8480+ (family: 0x6, model: 0x8f, stepping: 0x8)", 0.05)
    log("smp: Bringing up secondary CPUs ...", 0.002)
    log("smpboot: x86: Booting SMP configuration:", 0.0001)
    log(f"smp: Brought up 2 nodes, {NCPU} CPUs", 0.4)
    log(f"smpboot: Max logical packages: 2", 0.0001)
    log(f"smpboot: Total of {NCPU} processors activated (896000.00 BogoMIPS)", 0.0001)
    log("ACPI: Interpreter enabled", 0.3)
    log("ACPI: PM: (supports S0 S5)", 0.0001)
    log("ACPI: Using IOAPIC for interrupt routing", 0.0001)
    log("PCI: MMCONFIG for domain 0000 [bus 00-ff] at [mem 0x80000000-0x8fffffff] (base 0x80000000)", 0.0001)
    log("PCI: Using host bridge windows from ACPI; if necessary, use \"pci=nocrs\" and report a bug", 0.0001)

    roots: dict[int, list] = {}
    for d in topo.devs:
        if d.parent is None:
            roots.setdefault(d.bus, []).append(d)
    rinfo = {r[0]: r for r in topo.roots}
    ordered = sorted(roots)
    for idx, b in enumerate(ordered):
        nxt = ordered[idx + 1] - 1 if idx + 1 < len(ordered) else 0xFF
        if b in (0x7E, 0x7F, 0xFE, 0xFF):
            nxt = b
        log(f"ACPI: PCI Root Bridge [{('PC%02d' % idx) if b not in (0x7E, 0x7F, 0xFE, 0xFF) else 'UC%02X' % b}] "
            f"(domain 0000 [bus {b:02x}-{nxt:02x}])", 0.01)
        log(f"acpi PNP0A08:{idx:02x}: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI EDR HPX-Type3]", 0.0001)
        log(f"acpi PNP0A08:{idx:02x}: _OSC: OS now controls [PCIeHotplug SHPCHotplug PME AER PCIeCapability LTR DPC]", 0.0001)
        log(f"PCI host bridge to bus 0000:{b:02x}", 0.0001)
        if b in rinfo:
            _rb, _sock, mem32, pref64, size, msize = rinfo[b]
            if b == 0:
                log(f"pci_bus 0000:{b:02x}: root bus resource [io  0x0000-0x0cf7 window]", 0.0001)
                log(f"pci_bus 0000:{b:02x}: root bus resource [io  0x1000-0x3fff window]", 0.0001)
                log(f"pci_bus 0000:{b:02x}: root bus resource [mem 0x000a0000-0x000bffff window]", 0.0001)
            log(f"pci_bus 0000:{b:02x}: root bus resource [mem 0x{mem32:08x}-0x{mem32 + msize - MiB - 1:08x} window]", 0.0001)
            if pref64:
                log(f"pci_bus 0000:{b:02x}: root bus resource [mem 0x{pref64:x}-0x{pref64 + size - 1:x} window]", 0.0001)
        log(f"pci_bus 0000:{b:02x}: root bus resource [bus {b:02x}-{nxt:02x}]", 0.0001)
        scan_bus(log, roots[b], cfg)
    log("ACPI: PCI: Interrupt link LNKA configured for IRQ 11", 0.01)
    log("iommu: Default domain type: Passthrough (set via kernel command line)", 0.01)
    log("SCSI subsystem initialized", 0.0001)
    log("libata version 3.00 loaded.", 0.0001)
    log("PCI: Using ACPI for IRQ routing", 0.01)
    log("PCI: pci_cache_line_size set to 64 bytes", 0.0001)
    log("e820: reserve RAM buffer [mem 0x5f7ff000-0x5fffffff]", 0.0001)
    log("e820: reserve RAM buffer [mem 0x6f27f000-0x6fffffff]", 0.0001)
    log("pci 0000:02:00.0: vgaarb: setting as boot VGA device", 0.0001)
    log("pci 0000:02:00.0: vgaarb: bridge control possible", 0.0001)
    log("pci 0000:02:00.0: vgaarb: VGA device added: decodes=io+mem,owns=io+mem,locks=none", 0.0001)
    log("vgaarb: loaded", 0.0001)
    # resource assignment
    for g in topo.gpus():
        b2 = g.bars[1]
        if b2.unassigned:
            dsp = g.parent
            need = sum(b.size for b in g.bars)
            log(f"pci {dsp.bdf}: bridge window [mem size 0x{need:x} 64bit pref]: can't assign; no space", 0.002)
            log(f"pci {dsp.bdf}: bridge window [mem size 0x{need:x} 64bit pref]: failed to assign", 0.0001)
            log(f"pci {g.bdf}: BAR 2 [mem size 0x{b2.size:x} 64bit pref]: can't assign; no space", 0.0001)
            log(f"pci {g.bdf}: BAR 2 [mem size 0x{b2.size:x} 64bit pref]: failed to assign", 0.0001)
        else:
            log(f"pci {g.bdf}: BAR 2 {kres(b2.addr, b2.addr + b2.size - 1, 'pref64')}: assigned", 0.002)
        for br in reversed(topo.path(g)[:-1]):
            rng_ = f"{br.secondary:02x}" if br.secondary == br.subordinate else f"{br.secondary:02x}-{br.subordinate:02x}"
            log(f"pci {br.bdf}: PCI bridge to [bus {rng_}]", 0.0001)
            if br.win_mem:
                log(f"pci {br.bdf}:   bridge window [mem 0x{br.win_mem[0]:08x}-0x{br.win_mem[1]:08x}]", 0.0001)
            if br.win_pref:
                log(f"pci {br.bdf}:   bridge window [mem 0x{br.win_pref[0]:x}-0x{br.win_pref[1]:x} 64bit pref]", 0.0001)
    if cfg.mmioh_exhausted:
        for g in topo.gpus():
            if g.bars[1].unassigned:
                root = topo.path(g)[0]
                log(f"pci_bus 0000:{root.bus:02x}: Some PCI device resources are unassigned, try booting with pci=realloc", 0.0001)
    log("clocksource: Switched to clocksource tsc-early", 0.05)
    log("NET: Registered PF_INET protocol family", 0.01)
    log("PCI: CLS 64 bytes, default 64", 0.01)
    for i in range(len(units)):
        log(f"DMAR: dmar{i}: Using Queued invalidation", 0.0001)
    for d in topo.devs:
        log(f"pci {d.bdf}: Adding to iommu group {d.group}", 0.00002)
    log("DMAR: Intel(R) Virtualization Technology for Directed I/O", 0.001)
    log("PCI-DMA: Using software bounce buffering for IO (SWIOTLB)", 0.001)
    log("Freeing initrd memory: 71324K", 0.2)
    log("Initialise system trusted keyrings", 0.01)
    log("Run /init as init process", 1.5)
    # drivers
    log.at(4.0)
    nv = 0
    for d in topo.devs:
        if d.kind == "nvme":
            log(f"nvme nvme{nv}: pci function {d.bdf}", 0.01)
            nv += 1
    for i in range(nv):
        log(f"nvme nvme{i}: {64 if i < 2 else 128}/0/0 default/read/poll queues", 0.05)
    log(" nvme0n1: p1 p2 p3", 0.01)
    log(" nvme1n1: p1 p2 p3", 0.001)
    for d in topo.devs:
        if d.kind == "nic" and d.vendor == "15b3":
            log(f"mlx5_core {d.bdf}: firmware version: 28.42.1000", 0.05)
            log(f"mlx5_core {d.bdf}: 504.112 Gb/s available PCIe bandwidth (32.0 GT/s PCIe x16 link)", 0.001)
        elif d.kind == "nic":
            log(f"bnxt_en {d.bdf} eth0: Broadcom BCM57508 NetXtreme-E 10Gb/25Gb/40Gb/50Gb/100Gb/200Gb Ethernet found at mem {d.bars[0].addr:x}, node addr 3c:ec:ef:{rng.randrange(256):02x}:{rng.randrange(256):02x}:{rng.randrange(256):02x}", 0.05)
            log(f"bnxt_en {d.bdf}: 252.048 Gb/s available PCIe bandwidth (16.0 GT/s PCIe x16 link)", 0.001)
    log("ast 0000:02:00.0: vgaarb: deactivate vga console", 0.05)
    log("[drm] Initialized ast 0.1.0 20120228 for 0000:02:00.0 on minor 0", 0.01)
    log("EXT4-fs (nvme0n1p2): mounted filesystem 2f6d3a1e-52a4-4d84-8e1b-6fa4b2c5d0e7 ro with ordered data mode. Quota mode: none.", 0.5)
    log.at(9.0)
    if cfg.vfio:
        log("VFIO - User Level meta-driver version: 0.3", 0.01)
        log("vfio_pci: add [10de:2335[ffffffff:ffffffff]] class 0x000000/00000000", 0.01)
        log("vfio_pci: add [10de:22a3[ffffffff:ffffffff]] class 0x000000/00000000", 0.001)
    else:
        log("nvidia: loading out-of-tree module taints kernel.", 0.01)
        log("nvidia: module license 'NVIDIA' taints kernel.", 0.0001)
        log("Disabling lock debugging due to kernel taint", 0.0001)
        log("nvidia-nvlink: Nvlink Core is being initialized, major device number 508", 0.2)
        log(f"NVRM: loading NVIDIA UNIX x86_64 Kernel Module  {NV_DRIVER}  Tue Oct  1 21:41:02 UTC 2024", 0.3)
        log(f"nvidia-modeset: Loading NVIDIA Kernel Mode Setting Driver for UNIX platforms  {NV_DRIVER}  Tue Oct  1 21:07:13 UTC 2024", 0.1)
        for g in topo.gpus():
            log(f"[drm] [nvidia-drm] [GPU ID 0x0000{g.bus:02x}00] Loading driver", 0.05)
        for i, g in enumerate(topo.gpus()):
            log(f"[drm] Initialized nvidia-drm 0.0.0 20160202 for {g.bdf} on minor {i + 1}", 0.2)
        log("nvidia-uvm: Loaded the UVM driver, major device number 506.", 0.5)
    log("systemd[1]: systemd 255.4-1ubuntu8.6 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)", 0.1)
    log("ipmi_si IPI0001:00: IPMI kcs interface initialized", 1.0)
    log("intel_rapl_common: Found RAPL domain package", 0.1)
    log("intel_rapl_common: Found RAPL domain dram", 0.001)
    log("EDAC i10nm: v0.0.6", 0.1)
    # VMs
    vms = vm_plan(cfg)
    if vms:
        log.at(180.0)
        if not cfg.irq_remap:
            log('vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param '
                '"allow_unsafe_interrupts" to enable VFIO IOMMU support on this platform', 1.0)
            log.at(1260.0)
        port = 0
        for vm in vms:
            if not vm["running"]:
                continue
            br = f"br-{vm['name']}"
            log(f"{br}: port 1(vnet{port}) entered blocking state", 0.5)
            log(f"{br}: port 1(vnet{port}) entered disabled state", 0.0001)
            log(f"vnet{port}: entered allmulticast mode", 0.0001)
            log(f"vnet{port}: entered promiscuous mode", 0.0001)
            log(f"{br}: port 1(vnet{port}) entered blocking state", 0.0001)
            log(f"{br}: port 1(vnet{port}) entered forwarding state", 0.0001)
            for b in vm["nvswitches"] + vm["gpus"]:
                log(f"vfio-pci 0000:{b:02x}:00.0: enabling device (0000 -> 0002)", 0.8)
            port += 1
            log.at(log.t + 40)
    return "\n".join(log.lines) + "\n"


# --------------------------------------------------------------------------------------------
# NVIDIA driver, nvidia-smi, Fabric Manager (bare-metal host only)
# --------------------------------------------------------------------------------------------


def gpu_identity(topo: Topology, rng: random.Random):
    for g in topo.gpus():
        g.extra.setdefault("uuid", "GPU-" + det_uuid(rng))
        g.extra.setdefault("serial", f"16542{rng.randrange(10**8):08d}")
        g.extra.setdefault("dsn", "-".join(f"{rng.randrange(256):02x}" for _ in range(8)))
    for d in topo.devs:
        if d.kind in ("nvswitch", "nic", "nvme"):
            d.extra.setdefault("dsn", "-".join(f"{rng.randrange(256):02x}" for _ in range(8)))
            d.extra.setdefault("serial", f"MT{rng.randrange(10**4):04d}X{rng.randrange(10**5):05d}")


def proc_driver_version() -> str:
    return (f"NVRM version: NVIDIA UNIX x86_64 Kernel Module  {NV_DRIVER}  Tue Oct  1 21:41:02 UTC 2024\n"
            "GCC version:  gcc version 13.3.0 (Ubuntu 13.3.0-6ubuntu2~24.04) \n")


def nvidia_smi_q(topo: Topology, cfg: Config, rng: random.Random) -> str:
    ts = iso(cfg.collected_at) - dt.timedelta(seconds=41)
    W = 41
    out = ["==============NVSMI LOG==============", "",
           f"{'Timestamp':<{W}} : {ts.strftime('%a %b %d %H:%M:%S %Y')}",
           f"{'Driver Version':<{W}} : {NV_DRIVER}",
           f"{'CUDA Version':<{W}} : 12.4", "",
           f"{'Attached GPUs':<{W}} : {len(topo.gpus())}"]

    def f(indent: int, key: str, val=None):
        pad = " " * (4 * indent)
        if val is None:
            out.append(f"{pad}{key}")
        else:
            width = W - len(pad)
            out.append(f"{pad}{key:<{width}} : {val}")

    for i, g in enumerate(topo.gpus()):
        if i:
            out.append("")
        out.append(f"GPU 00000000:{g.bus:02X}:00.0")
        f(1, "Product Name", "NVIDIA H200")
        f(1, "Product Brand", "NVIDIA")
        f(1, "Product Architecture", "Hopper")
        f(1, "Display Mode", "Enabled")
        f(1, "Display Active", "Disabled")
        f(1, "Persistence Mode", "Enabled")
        f(1, "Addressing Mode", "None")
        f(1, "MIG Mode")
        f(2, "Current", "Disabled")
        f(2, "Pending", "Disabled")
        f(1, "Accounting Mode", "Disabled")
        f(1, "Accounting Mode Buffer Size", "4000")
        f(1, "Driver Model")
        f(2, "Current", "N/A")
        f(2, "Pending", "N/A")
        f(1, "Serial Number", g.extra["serial"])
        f(1, "GPU UUID", g.extra["uuid"])
        f(1, "Minor Number", str(i))
        f(1, "VBIOS Version", "96.00.AF.00.01")
        f(1, "MultiGPU Board", "No")
        f(1, "Board ID", f"0x{g.bus:x}00")
        f(1, "Board Part Number", "692-2G520-0280-000")
        f(1, "GPU Part Number", "2335-885-A1")
        f(1, "FRU Part Number", "N/A")
        f(1, "Module ID", str(MODULE_ID[g.bus]))
        f(1, "Inforom Version")
        f(2, "Image Version", "G520.0280.00.03")
        f(2, "OEM Object", "2.1")
        f(2, "ECC Object", "7.16")
        f(2, "Power Management Object", "N/A")
        f(1, "Inforom BBX Object Flush")
        f(2, "Latest Timestamp", "2026/11/24 15:04:12.187")
        f(2, "Latest Duration", f"{rng.randint(90000, 130000)} us")
        f(1, "GPU Operation Mode")
        f(2, "Current", "N/A")
        f(2, "Pending", "N/A")
        f(1, "GSP Firmware Version", NV_DRIVER)
        f(1, "GPU C2C Mode", "Disabled")
        f(1, "GPU Virtualization Mode")
        f(2, "Virtualization Mode", "None")
        f(2, "Host VGPU Mode", "N/A")
        f(1, "GPU Reset Status")
        f(2, "Reset Required", "No")
        f(2, "Drain and Reset Recommended", "No")
        f(1, "IBMNPU")
        f(2, "Relaxed Ordering Mode", "N/A")
        f(1, "PCI")
        f(2, "Bus", f"0x{g.bus:02X}")
        f(2, "Device", "0x00")
        f(2, "Domain", "0x0000")
        f(2, "Device Id", "0x233510DE")
        f(2, "Bus Id", f"00000000:{g.bus:02X}:00.0")
        f(2, "Sub System Id", "0x18BE10DE")
        f(2, "GPU Link Info")
        f(3, "PCIe Generation")
        f(4, "Max", "5")
        f(4, "Current", "5")
        f(4, "Device Current", "5")
        f(4, "Device Max", "5")
        f(4, "Host Max", "5")
        f(3, "Link Width")
        f(4, "Max", "16x")
        f(4, "Current", "16x")
        f(2, "Bridge Chip")
        f(3, "Type", "N/A")
        f(3, "Firmware", "N/A")
        f(2, "Replays Since Reset", "0")
        f(2, "Replay Number Rollovers", "0")
        f(2, "Tx Throughput", f"{rng.randint(200, 900)} KB/s")
        f(2, "Rx Throughput", f"{rng.randint(1000, 4000)} KB/s")
        f(2, "Atomic Caps Inbound", "N/A")
        f(2, "Atomic Caps Outbound", "FETCHADD_32 FETCHADD_64 SWAP_32 SWAP_64 CAS_32 CAS_64 ")
        f(1, "Fan Speed", "N/A")
        f(1, "Performance State", "P0")
        f(1, "Clocks Event Reasons")
        f(2, "Idle", "Active")
        f(2, "Applications Clocks Setting", "Not Active")
        f(2, "SW Power Cap", "Not Active")
        f(2, "HW Slowdown", "Not Active")
        f(3, "HW Thermal Slowdown", "Not Active")
        f(3, "HW Power Brake Slowdown", "Not Active")
        f(2, "Sync Boost", "Not Active")
        f(2, "SW Thermal Slowdown", "Not Active")
        f(2, "Display Clock Setting", "Not Active")
        f(1, "FB Memory Usage")
        f(2, "Total", "143771 MiB")
        f(2, "Reserved", "531 MiB")
        f(2, "Used", "1 MiB")
        f(2, "Free", "143240 MiB")
        f(1, "BAR1 Memory Usage")
        f(2, "Total", "262144 MiB")
        f(2, "Used", "1 MiB")
        f(2, "Free", "262143 MiB")
        f(1, "Conf Compute Protected Memory Usage")
        f(2, "Total", "0 MiB")
        f(2, "Used", "0 MiB")
        f(2, "Free", "0 MiB")
        f(1, "Compute Mode", "Default")
        f(1, "Utilization")
        for k in ("Gpu", "Memory", "Encoder", "Decoder", "JPEG", "OFA"):
            f(2, k, "0 %")
        f(1, "Encoder Stats")
        f(2, "Active Sessions", "0")
        f(2, "Average FPS", "0")
        f(2, "Average Latency", "0")
        f(1, "FBC Stats")
        f(2, "Active Sessions", "0")
        f(2, "Average FPS", "0")
        f(2, "Average Latency", "0")
        f(1, "ECC Mode")
        f(2, "Current", "Enabled")
        f(2, "Pending", "Enabled")
        f(1, "ECC Errors")
        for grp in ("Volatile", "Aggregate"):
            f(2, grp)
            for k in ("SRAM Correctable", "SRAM Uncorrectable", "DRAM Correctable", "DRAM Uncorrectable"):
                f(3, k, "0")
        f(1, "Retired Pages")
        f(2, "Single Bit ECC", "N/A")
        f(2, "Double Bit ECC", "N/A")
        f(2, "Pending Page Blacklist", "N/A")
        f(1, "Remapped Rows")
        f(2, "Correctable Error", "0")
        f(2, "Uncorrectable Error", "0")
        f(2, "Pending", "No")
        f(2, "Remapping Failure Occurred", "No")
        f(2, "Bank Remap Availability Histogram")
        f(3, "Max", "2560 bank(s)")
        for k in ("High", "Partial", "Low", "None"):
            f(3, k, "0 bank(s)")
        f(1, "Temperature")
        f(2, "GPU Current Temp", f"{rng.randint(27, 36)} C")
        f(2, "GPU T.Limit Temp", f"{rng.randint(50, 58)} C")
        f(2, "GPU Shutdown T.Limit Temp", "-8 C")
        f(2, "GPU Slowdown T.Limit Temp", "-2 C")
        f(2, "GPU Max Operating T.Limit Temp", "0 C")
        f(2, "GPU Target Temperature", "N/A")
        f(2, "Memory Current Temp", f"{rng.randint(34, 42)} C")
        f(2, "Memory Max Operating T.Limit Temp", "0 C")
        f(1, "GPU Power Readings")
        f(2, "Power Draw", f"{rng.uniform(70, 82):.2f} W")
        for k in ("Current Power Limit", "Requested Power Limit", "Default Power Limit"):
            f(2, k, "700.00 W")
        f(2, "Min Power Limit", "200.00 W")
        f(2, "Max Power Limit", "700.00 W")
        out.append("    GPU Memory Power Readings ")
        f(2, "Power Draw", f"{rng.uniform(40, 55):.2f} W")
        f(1, "Module Power Readings")
        for k in ("Power Draw", "Current Power Limit", "Requested Power Limit", "Default Power Limit",
                  "Min Power Limit", "Max Power Limit"):
            f(2, k, "N/A")
        f(1, "Clocks")
        f(2, "Graphics", "345 MHz")
        f(2, "SM", "345 MHz")
        f(2, "Memory", "2619 MHz")
        f(2, "Video", "765 MHz")
        f(1, "Applications Clocks")
        f(2, "Graphics", "1980 MHz")
        f(2, "Memory", "2619 MHz")
        f(1, "Default Applications Clocks")
        f(2, "Graphics", "1980 MHz")
        f(2, "Memory", "2619 MHz")
        f(1, "Deferred Clocks")
        f(2, "Memory", "N/A")
        f(1, "Max Clocks")
        f(2, "Graphics", "1980 MHz")
        f(2, "SM", "1980 MHz")
        f(2, "Memory", "2619 MHz")
        f(2, "Video", "1545 MHz")
        f(1, "Max Customer Boost Clocks")
        f(2, "Graphics", "1980 MHz")
        f(1, "Clock Policy")
        f(2, "Auto Boost", "N/A")
        f(2, "Auto Boost Default", "N/A")
        f(1, "Voltage")
        f(2, "Graphics", "670.000 mV")
        f(1, "Fabric")
        f(2, "State", "Completed")
        f(2, "Status", "Success")
        f(1, "Processes", "None")
    return "\n".join(out) + "\n"


def nvidia_smi_list(topo: Topology) -> str:
    return "".join(f"GPU {i}: NVIDIA H200 (UUID: {g.extra['uuid']})\n" for i, g in enumerate(topo.gpus()))


def nvidia_topo(topo: Topology) -> str:
    gpus = topo.gpus()
    nics = [d for d in topo.devs if d.kind == "nic" and d.vendor == "15b3"]

    def rel(a: Dev, b: Dev) -> str:
        if a is b:
            return " X "
        if a.kind == "gpu" and b.kind == "gpu":
            return "NV18"
        if a.numa != b.numa:
            return "SYS"
        if topo.path(a)[0] is topo.path(b)[0]:
            return "PIX" if a.parent.parent is b.parent.parent else "PXB"
        return "NODE"

    cols = [f"GPU{i}" for i in range(len(gpus))] + [f"NIC{i}" for i in range(len(nics))]
    out = ["\t" + "\t".join(cols + ["CPU Affinity", "NUMA Affinity", "GPU NUMA ID"])]
    rows = [(f"GPU{i}", g) for i, g in enumerate(gpus)] + [(f"NIC{i}", n) for i, n in enumerate(nics)]
    for label, a in rows:
        cells = [rel(a, b) for _, b in rows]
        if a.kind == "gpu":
            out.append("\t".join([label] + cells + [NODE_CPUS[a.numa], str(a.numa), "", "N/A"]))
        else:
            out.append("\t".join([label] + cells + ["", "", ""]))
    out += ["", "Legend:", "",
            "  X    = Self",
            "  SYS  = Connection traversing PCIe as well as the SMP interconnect between NUMA nodes (e.g., QPI/UPI)",
            "  NODE = Connection traversing PCIe as well as the interconnect between PCIe Host Bridges within a NUMA node",
            "  PHB  = Connection traversing PCIe as well as a PCIe Host Bridge (typically the CPU)",
            "  PXB  = Connection traversing multiple PCIe bridges (without traversing the PCIe Host Bridge)",
            "  PIX  = Connection traversing at most a single PCIe bridge",
            "  NV#  = Connection traversing a bonded set of # NVLinks", "",
            "NIC Legend:", ""]
    out += [f"  NIC{i}: mlx5_{i}" for i in range(len(nics))]
    return "\n".join(out) + "\n"


def fabricmanager_cfg() -> str:
    return """# NVIDIA Fabric Manager configuration file.
# Note: This configuration file is read during Fabric Manager service startup. So, Fabric Manager
# service restart is required for new settings to take effect.

# Description: Fabric Manager logging levels
# Possible Values:
#    0  - All the logging is disabled
#    1  - Set log level to CRITICAL and above
#    2  - Set log level to ERROR and above
#    3  - Set log level to WARNING and above
#    4  - Set log level to INFO and above
LOG_LEVEL=4

# Description: Filename for Fabric Manager logs
# Possible Values:
#    Full path/filename string (max length of 256). Logs will be redirected to console(stderr)
#    if the specified log file can't be opened or the path is empty.
LOG_FILE_NAME=/var/log/fabricmanager.log

# Description: Append to an existing log file or overwrite the logs
# Possible Values:
#    0  - No  (Log file will be overwritten)
#    1  - Yes (Append to existing log)
LOG_APPEND_TO_LOG=1

# Description: Max size of log file (in MB)
# Possible Values:
#    Any Integer values
LOG_FILE_MAX_SIZE=1024

# Description: Redirect all the logs to syslog instead of logging to file
# Possible Values:
#    0  - No
#    1  - Yes
LOG_USE_SYSLOG=0

# Description: daemonize Fabric Manager on start-up
# Possible Values:
#    0  - No (Do not daemonize and run fabric manager as a normal process)
#    1  - Yes (Run Fabric Manager process as Unix daemon
DAEMONIZE=1

# Description: Network interface to listen for Global and Local Fabric Manager communication
# Possible Values:
#    A valid IPv4 address. By default, uses loopback (127.0.0.1) interface
BIND_INTERFACE_IP=127.0.0.1

# Description: Starting TCP port number for Global and Local Fabric Manager communication
# Possible Values:
#    Any value between 0 and 65535
STARTING_TCP_PORT=16000

# Description: Use Unix sockets instead of TCP Socket for Global and Local Fabric Manager communication
# Possible Values:
#    Unix domain socket path (max length of 256)
# Default Value:
#    Empty String (TCP socket will be used instead of Unix sockets)
UNIX_SOCKET_PATH=

# Description: Fabric Manager Operating Mode
# Possible Values:
#    0  - Start Fabric Manager in Bare metal or Full pass through virtualization mode
#    1  - Start Fabric Manager in Shared NVSwitch multitenancy mode.
#    2  - Start Fabric Manager in vGPU based multitenancy mode.
FABRIC_MODE=0

# Description: Restart Fabric Manager after exit. Applicable only in Shared NVSwitch or vGPU based multitenancy mode
# Possible Values:
#    0  - Start Fabric Manager and follow full initialization sequence
#    1  - Start Fabric Manager and follow Shared NVSwitch or vGPU based multitenancy mode resiliency/restart sequence.
FABRIC_MODE_RESTART=0

# Description: Specify the filename to be used to save Fabric Manager states.
#              Valid only if Shared NVSwitch or vGPU based multitenancy mode is enabled
# Possible Values:
#    Full path/filename string (max length of 256)
STATE_FILE_NAME=/var/tmp/fabricmanager.state

# Description: Network interface to listen for Fabric Manager SDK/API to communicate with running FM instance.
# Possible Values:
#    A valid IPv4 address. By default, uses loopback (127.0.0.1) interface
FM_CMD_BIND_INTERFACE=127.0.0.1

# Description: TCP port number for Fabric Manager SDK/API to communicate with running FM instance.
# Possible Values:
#    Any value between 0 and 65535
FM_CMD_PORT_NUMBER=6666

# Description: Use Unix sockets instead of TCP Socket for Fabric Manager SDK/API communication
# Possible Values:
#    Unix domain socket path (max length of 256)
# Default Value:
#    Empty String (TCP socket will be used instead of Unix sockets)
FM_CMD_UNIX_SOCKET_PATH=

# Description: Fabric Manager does not exit when facing failures
# Possible Values:
#    0 - Fabric Manager service will terminate on errors such as, NVSwitch and GPU config failure,
#        typical software errors etc.
#    1 - Fabric Manager service will stay running on errors such as, NVSwitch and GPU config failure,
#        typical software errors etc. However, the system will be uninitialized and CUDA application
#        launch will fail.
FM_STAY_RESIDENT_ON_FAILURES=0

# Description: Degraded Mode options when there is an Access Link Failure (GPU to NVSwitch NVLink failure)
# Possible Values:
#    0  - Remove the GPU with the Access NVLink failure from NVLink P2P capability
#    1  - Disable the NVSwitch and its peer NVSwitch, which reduces NVLink P2P bandwidth
ACCESS_LINK_FAILURE_MODE=0

# Description: Degraded Mode options when there is a Trunk Link Failure (NVSwitch to NVSwitch NVLink failure)
# Possible Values:
#    0  - In a multi-node configuration, remove the GPUs connected to the trunk from NVLink P2P capability
#    1  - Disable the NVSwitch and its peer NVSwitch, which reduces NVLink P2P bandwidth
TRUNK_LINK_FAILURE_MODE=0

# Description: Degraded Mode options when there is a NVSwitch failure or an NVSwitch is excluded
# Possible Values:
#    0  - Abort Fabric Manager
#    1  - Disable the NVSwitch and its peer NVSwitch, which reduces NVLink P2P bandwidth
NVSWITCH_FAILURE_MODE=0

# Description: Control running CUDA jobs behavior when Fabric Manager service is stopped or terminated
# Possible Values:
#    0  - Do not abort running CUDA jobs when Fabric Manager exits. However new CUDA job launch will fail.
#    1  - Abort all running CUDA jobs when Fabric Manager exits.
ABORT_CUDA_JOBS_ON_FM_EXIT=1

# Description: Absolute directory path containing Fabric Manager topology files
# Possible Values:
#    A valid directory path string (max length of 256)
TOPOLOGY_FILE_PATH=/usr/share/nvidia/nvswitch
"""


def fabricmanager_log(topo: Topology, cfg: Config) -> str:
    start = iso(cfg.boot_at) + dt.timedelta(seconds=31)
    tid = 2417
    lines = []

    def L(sec: float, level: str, msg: str, t=None):
        when = start + dt.timedelta(seconds=sec)
        lines.append(f"[{when.strftime('%b %d %Y %H:%M:%S')}] [{level}] [tid {t or tid}] {msg}")

    L(0, "INFO", f"Fabric Manager version {NV_DRIVER} is running with the following configuration options")
    for k in ("Logging level = 4", "Logging file name/path = /var/log/fabricmanager.log",
              "Append to log file = 1", "Max Log file size = 1024 (MBs)", "Use Syslog file = 0",
              "Fabric Manager communication ports = 16000", "Fabric Mode = 0", "Fabric Mode Restart = 0",
              "FM Library communication bind interface = 127.0.0.1",
              "FM Library communication unix domain socket = ", "FM Library communication port number = 6666",
              "Continue to run when facing failures = 0",
              "Option when facing GPU to NVSwitch NVLink failure = 0",
              "Option when facing NVSwitch to NVSwitch NVLink failure = 0",
              "Option when facing NVSwitch failure = 0", "Abort CUDA jobs when FM exits = 1"):
        L(0, "INFO", k)
    L(1, "INFO", "Connected to 1 node.")
    L(1, "INFO", "Getting fabric node FM version info")
    L(1, "INFO", f"getting NVSwitch device information")
    for d in topo.nvswitches():
        i = NVSW_BUSES.index(d.bus)
        L(1, "INFO", f"detected NVSwitch device index {i} PCI bus id {d.bdf}, physical id {i + 24}", tid + 13)
    L(1, "INFO", f"detected number of NVSwitches: {len(topo.nvswitches())}", tid + 13)
    L(2, "INFO", "number of devices specified in topology file NVSwitches: 4, GPUs: 8")
    L(2, "INFO", "getting NVLink device information")
    L(5, "INFO", "Successfully configured all the available NVSwitches to route GPU NVLink traffic. NVLink "
                 "Peer-to-Peer support will be enabled once the GPUs are successfully registered with the NVLink fabric.")
    return "\n".join(lines) + "\n"


def systemctl_fm(cfg: Config) -> str:
    start = iso(cfg.boot_at) + dt.timedelta(seconds=30)
    col = iso(cfg.collected_at)
    up = col - start
    h, m = up.seconds // 3600, (up.seconds % 3600) // 60
    ago = f"{h}h {m}min ago" if h else f"{m}min ago"
    host = cfg.hostname
    t = lambda s: (start + dt.timedelta(seconds=s)).strftime("%b %d %H:%M:%S")
    return (
        "\u25cf nvidia-fabricmanager.service - NVIDIA fabric manager service\n"
        "     Loaded: loaded (/usr/lib/systemd/system/nvidia-fabricmanager.service; enabled; preset: enabled)\n"
        f"     Active: active (running) since {start.strftime('%a %Y-%m-%d %H:%M:%S')} UTC; {ago}\n"
        "    Process: 2409 ExecStart=/usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg (code=exited, status=0/SUCCESS)\n"
        "   Main PID: 2417 (nv-fabricmanage)\n"
        "      Tasks: 19 (limit: 2474823)\n"
        "     Memory: 19.4M (peak: 21.0M)\n"
        "        CPU: 5.218s\n"
        "     CGroup: /system.slice/nvidia-fabricmanager.service\n"
        "             \u2514\u25002417 /usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg\n"
        "\n"
        f"{t(0)} {host} systemd[1]: Starting nvidia-fabricmanager.service - NVIDIA fabric manager service...\n"
        f"{t(2)} {host} nv-fabricmanager[2417]: Connected to 1 node.\n"
        f"{t(6)} {host} nv-fabricmanager[2417]: Successfully configured all the available NVSwitches to route GPU NVLink traffic. NVLink Peer-to-Peer support will be enabled once the GPUs are succ>\n"
        f"{t(6)} {host} systemd[1]: Started nvidia-fabricmanager.service - NVIDIA fabric manager service.\n"
    )


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------

SOURCES_USED = [
    ("sos_commands/pci/lspci_-nnvv",
     "corpus/lspci/linuxhw-romed8-2t-proxmox-rtx3090-vfio-pci-nnvv.txt (github.com/linuxhw/LsPCI, commit "
     "40aa23cc907cd2f582017a013010b2ba0bc2beca: record layout, capability indentation, vfio-pci driver lines) and "
     "corpus/lspci/hgx-h100-nvswitch-lspci-nnvv-nonroot-excerpt.txt (HGX H100 NVSwitch 10de:22a3 / subsys 10de:1796, "
     "PMC-Sierra 11f8:4128 switch with NVIDIA subsystem 10de:1643, bridge window lines, Physical Slot 1-1..); "
     "Hopper BAR layout (Region 0 16M 64-bit prefetchable, Region 2 aperture, Region 4 32M) as in the real H100 "
     "lspci of github.com/fastfetch-cli/fastfetch issue #1658 and the DGX H100 guest log "
     "corpus/dmesg/dgx-h100-guest-vm-pci-enum-slow-128G-BAR-email-quoted.txt"),
    ("sos_commands/logs/journalctl_--no-pager_-k_-b_0",
     "corpus/dmesg/* (kernel 6.8 PCI messages as in dgx-h100-guest-vm-pci-enum-slow-128G-BAR-email-quoted.txt, "
     "DMAR/DMAR-IR lines as in i915-sriov-339-proxmox-intel-grep-dmar-no-iommu-cmdline.txt and "
     "kata-10622-intel-grep-iommu-pt-vfio_pci-ids-gtx1050.txt, `Adding to iommu group` as in "
     "gruuuuu-hgx-h100-grep-iommu-enabled-vmd-domain.txt); message texts from domain-facts §2.2 and §5.2"),
    ("etc/modprobe.d/vfio.conf",
     "corpus/modprobe/gruuuuu-hgx-h100-vfio-conf-gpu-and-nvswitch.txt and "
     "corpus/modprobe/openshift-sno-8x-h100-vfio-conf-softdep-decoded-from-machineconfig.txt (H200 ids instead of H100)"),
    ("etc/default/grub", "corpus/other/gruuuuu-etc-default-grub-intel-iommu.txt"),
    ("etc/libvirt/qemu/*.xml",
     "corpus/libvirt/insights-core-qemu-xml-sriov-vf-hostdev-numa-strict-emulatorpin.txt (auto-generated header, "
     "cputune/numatune layout) and corpus/libvirt/starlab-rhelai-hostdev-h100-snippet.txt (hostdev form); "
     "X-PciMmio64Mb and maxphysaddr from domain-facts §2.3"),
    ("sos_commands/nvidia/nvidia-smi_-q",
     "corpus/nvidia-smi-q/princeton-pli-h100-sxm5-nvidia-smi-a-fabric-completed.txt (field order and the ' : ' "
     "column); H200 values from domain-facts §1.2/§2.1"),
    ("sos_commands/nvidia/nvidia-smi_topo_-m",
     "corpus/topo/princeton-della-h100-8gpu-6nic-node-only-empty-cpu-affinity.txt and "
     "corpus/topo/nccl-1264-hgx-h100-8gpu-nv18-10nic-truncated.txt (tab-separated, NIC rows, legend)"),
    ("sos_commands/systemd/systemctl_status_nvidia-fabricmanager",
     "corpus/fabricmanager/starlab-rhelai-guest-vm-fm-systemctl-status-ok.txt and "
     "corpus/fabricmanager/aws-p5-8x-h100-vm-fm-journalctl-pre-nvl5-healthy-full-fqdn.txt"),
    ("var/log/fabricmanager.log",
     "the `[Mon DD YYYY HH:MM:SS] [INFO] [tid N]` prefix of corpus/fabricmanager/bottlerocket-kk-142-b200-fm-active-nvlsm-guid.txt; "
     "the body is synthetic (no real fabricmanager.log is in the corpus)"),
    ("proc/driver/nvidia/version",
     "corpus/other/tpgds-aihub0007-proc-driver-nvidia-version-open-590-locally-built.txt (proprietary-module wording)"),
    ("proc/cpuinfo", "flags of corpus/other/princeton-pli-lscpu-xeon-8468-no-vmx-flag.txt plus vmx and the VMX sub-flags"),
    ("shared-NVSwitch layout",
     "corpus/fabricmanager/opennebula-shared-nvswitch-service-vm-systemctl-4-nvswitch-vfio-unindented.txt and "
     "corpus/other/opennebula-hgx-h100-xeon-8480c-nvswitch-partition-gpu-bdf-map.txt (NVSwitch BDFs 07-0a, GPU "
     "module ids and partitions 1/2)"),
]


def sos_cmd_files(cfg: Config) -> list:
    """(argv, path) of every command output in the snapshot."""
    out = [(["uname", "-a"], "sos_commands/kernel/uname_-a"),
           (["lspci", "-nnvv"], "sos_commands/pci/lspci_-nnvv"),
           (["lspci", "-tv"], "sos_commands/pci/lspci_-tv"),
           (["journalctl", "--no-pager", "-k", "-b", "0"], "sos_commands/logs/journalctl_--no-pager_-k_-b_0")]
    if cfg.vfio:
        out += [(["qemu-system-x86_64", "--version"], "sos_commands/virt/qemu-system-x86_64_--version"),
                (["libvirtd", "--version"], "sos_commands/virt/libvirtd_--version"),
                (["virsh", "-r", "list", "--all"], "sos_commands/libvirt/virsh_-r_list_--all")]
    else:
        out += [(["nvidia-smi", "-q"], "sos_commands/nvidia/nvidia-smi_-q"),
                (["nvidia-smi", "--list-gpus"], "sos_commands/nvidia/nvidia-smi_--list-gpus"),
                (["nvidia-smi", "topo", "-m"], "sos_commands/nvidia/nvidia-smi_topo_-m"),
                (["nv-fabricmanager", "--version"], "sos_commands/nvidia/nv-fabricmanager_--version"),
                (["systemctl", "status", "nvidia-fabricmanager"],
                 "sos_commands/systemd/systemctl_status_nvidia-fabricmanager")]
    return out


def build_snapshot(cfg: Config) -> Snapshot:
    rng = random.Random(cfg.seed)
    topo = Topology(cfg, random.Random(cfg.seed + 1))
    gpu_identity(topo, rng)
    snap = Snapshot("")
    root_uuid = det_uuid(rng)
    in_use = hostdevs_in_use(cfg)
    vms = vm_plan(cfg)
    running = sum(1 for v in vms if v["running"])

    snap.write("etc/hostname", cfg.hostname + "\n")
    snap.write("etc/os-release", OS_RELEASE)
    snap.write("etc/default/grub", etc_default_grub(cfg))
    snap.write("proc/cmdline", proc_cmdline(cfg, root_uuid))
    snap.write("proc/cpuinfo", proc_cpuinfo(random.Random(cfg.seed + 2)))
    snap.write("proc/meminfo", proc_meminfo(cfg))
    snap.write("proc/interrupts", proc_interrupts(topo, cfg, random.Random(cfg.seed + 3)))
    snap.write("proc/modules", proc_modules(cfg, random.Random(cfg.seed + 4), running))
    write_numa(snap, cfg)
    dmi_files(snap, cfg)
    write_sysfs(snap, topo, cfg)
    for i in range(len(dmar_units(topo))):
        snap.write(f"sys/class/iommu/dmar{i}", "")
    snap.write("sys/firmware/acpi/tables/DMAR", "")
    if cfg.vfio:
        snap.write("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "N\n" if cfg.irq_remap else "Y\n")
        snap.write("etc/modprobe.d/vfio.conf",
                   "# Bind the HGX H200 GPUs (10de:2335) and NVSwitches (10de:22a3) to vfio-pci before any NVIDIA driver\n"
                   "options vfio-pci ids=10de:2335,10de:22a3\n"
                   "softdep nvidia pre: vfio-pci\n")
        if not cfg.irq_remap:
            snap.write("etc/modprobe.d/vfio-unsafe.conf",
                       "# VMs would not start: \"No interrupt remapping support\" (ticket OPS-4411)\n"
                       "options vfio_iommu_type1 allow_unsafe_interrupts=1\n")
    else:
        snap.write("etc/modprobe.d/nvidia-graphics-drivers-kms.conf",
                   "# This file was generated by nvidia-driver-550-server\n"
                   "# Set value to 0 to disable modesetting\n"
                   "options nvidia-drm modeset=1\n")
    snap.write("etc/modprobe.d/blacklist-nouveau.conf", "blacklist nouveau\noptions nouveau modeset=0\n")

    lspci = "".join(lspci_record(d, cfg, in_use, rng) for d in topo.devs)
    snap.write("sos_commands/pci/lspci_-nnvv", lspci)
    snap.write("sos_commands/pci/lspci_-tv", lspci_tree(topo))
    snap.write("sos_commands/kernel/uname_-a",
               f"Linux {cfg.hostname} {KERNEL} {KERNEL_BUILD} x86_64 x86_64 x86_64 GNU/Linux\n")
    snap.write("sos_commands/logs/journalctl_--no-pager_-k_-b_0",
               kernel_log(topo, cfg, random.Random(cfg.seed + 5), root_uuid))

    if cfg.vfio:
        snap.write("sos_commands/virt/qemu-system-x86_64_--version",
                   "QEMU emulator version 10.1.0\nCopyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers\n")
        snap.write("sos_commands/virt/libvirtd_--version", "libvirtd (libvirt) 11.6.0\n")
        snap.write("sos_commands/libvirt/virsh_-r_list_--all", virsh_list(cfg))
        vrng = random.Random(cfg.seed + 6)
        for vm in vms:
            snap.write(f"etc/libvirt/qemu/{vm['name']}.xml", libvirt_xml(vm, vrng, cfg))
    else:
        snap.write("proc/driver/nvidia/version", proc_driver_version())
        srng = random.Random(cfg.seed + 7)
        snap.write("sos_commands/nvidia/nvidia-smi_-q", nvidia_smi_q(topo, cfg, srng))
        snap.write("sos_commands/nvidia/nvidia-smi_--list-gpus", nvidia_smi_list(topo))
        snap.write("sos_commands/nvidia/nvidia-smi_topo_-m", nvidia_topo(topo))
        snap.write("sos_commands/nvidia/nv-fabricmanager_--version", f"Fabric Manager version is : {NV_DRIVER}\n")
        snap.write("sos_commands/systemd/systemctl_status_nvidia-fabricmanager", systemctl_fm(cfg))
        snap.write("usr/share/nvidia/nvswitch/fabricmanager.cfg", fabricmanager_cfg())
        snap.write("var/log/fabricmanager.log", fabricmanager_log(topo, cfg))

    # manifest
    mrng = random.Random(cfg.seed + 8)
    files = [{"path": p, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
             for p, b in sorted(snap.files.items())]
    commands = []
    for argv, path in sos_cmd_files(cfg):
        commands.append({"argv": argv, "exit_status": 0, "duration_ms": mrng.randint(8, 60) if argv[0] != "lspci"
                         else mrng.randint(90, 400), "output": path})
    not_collected = []
    if cfg.vfio:
        not_collected.append({"what": "nvidia-smi -q -x",
                              "reason": "/proc/driver/nvidia/version absent: the NVIDIA driver is not loaded (GPUs are "
                                        "bound to vfio-pci); not run to avoid loading it"})
    manifest = {
        "format_version": 1,
        "tool": {"name": "gpu-preflight", "version": "0.1.0"},
        "collected_at": cfg.collected_at,
        "host": cfg.hostname,
        "redacted": False,
        "root": True,
        "files": files,
        "commands": commands,
        "not_collected": not_collected,
    }
    snap.write("gpu-preflight-manifest.json", json.dumps(manifest, indent=2) + "\n")
    snap.topo = topo
    return snap


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------


def readme(cfg: Config, snap: Snapshot) -> str:
    topo = snap.topo
    mode = {"passthrough": "full passthrough (VFIO, one 8-GPU VM)",
            "shared-nvswitch": "shared NVSwitch multitenancy (VFIO, FM service VM + tenant VMs)",
            "bare-metal": "bare metal (NVIDIA driver + Fabric Manager, no VMs)"}[cfg.mode]
    flags_ = [f"--hostname {cfg.hostname}", f"--seed {cfg.seed}", f"--mode {cfg.mode}"]
    L = [f"# {cfg.name}", "",
         "Synthetic host snapshot for gpu-preflight tests. **Generated** by `testdata/tools/hgx.py` "
         f"(`python3 testdata/tools/hgx.py --scenario {cfg.name}`); do not edit by hand, change the generator "
         "and regenerate.", "",
         "## The machine", "",
         f"- Host `{cfg.hostname}`: Supermicro SYS-821GE-TNHR (board X13DEG-OAD, AMI BIOS {cfg.bios_version} "
         f"{cfg.bios_date}), 2x Intel Xeon Platinum 8480+ (Sapphire Rapids, 56 cores, 224 logical CPUs, "
         "2 NUMA nodes: node0 = CPUs 0-55,112-167, node1 = 56-111,168-223), 2 TiB RAM.",
         "- Ubuntu 24.04.3 LTS, kernel 6.8.0-55-generic" + (", QEMU 10.1.0, libvirt 11.6.0." if cfg.vfio
                                                           else f", NVIDIA driver {NV_DRIVER}, Fabric Manager {NV_DRIVER}."),
         "- HGX H200 8-GPU baseboard: 8x `10de:2335` H200 SXM 141GB (subsystem 10de:18be) at 1b, 43, 52, 61 "
         "(NUMA 0) and 9d, c3, d1, df (NUMA 1), each behind its own Broadcom PEX890xx (`1000:c030`) switch "
         "together with one ConnectX-7 (`15b3:1021`) and one PM174X NVMe; 4x `10de:22a3` NVSwitch at 07-0a "
         "behind the baseboard's PMC-Sierra `11f8:4128` switch; ASPEED BMC VGA at 02:00.0; boot NVMe at 2b/2c; "
         f"front-end BCM57508 NIC at 81:00.0. {len(topo.devs)} PCI functions, "
         f"{len(set(d.group for d in topo.devs))} IOMMU groups.",
         f"- Mode: {mode}.",
         f"- Collected (manifest `collected_at`) {cfg.collected_at}; booted {cfg.boot_at}.",
         "", cfg.summary, ""]
    L += ["## Expected findings", ""]
    L += [f"- {f}" for f in cfg.findings]
    L += [""]
    if cfg.notes:
        L += ["## Notes", ""] + [f"- {n}" for n in cfg.notes] + [""]
    L += ["## GPUs", "", "| BDF | NUMA | IOMMU group | aperture (Region 2) | driver | FM module id |",
          "|---|---|---|---|---|---|"]
    for g in topo.gpus():
        b = g.bars[1]
        ap = "unassigned (256G)" if b.unassigned else f"0x{b.addr:x} (256G)"
        L.append(f"| {g.bdf} | {g.numa} | {g.group} | {ap} | {g.driver} | {MODULE_ID[g.bus]} |")
    L += ["", "NVSwitches: " + ", ".join(f"{d.bdf} (group {d.group})" for d in topo.nvswitches()) + ".", ""]
    if vm_plan(cfg):
        L += ["## VMs (etc/libvirt/qemu)", ""]
        for vm in vm_plan(cfg):
            devs = ", ".join(f"{b:02x}" for b in vm["nvswitches"] + vm["gpus"])
            L.append(f"- `{vm['name']}` ({'running' if vm['running'] else 'shut off'}): hostdevs {devs}. "
                     f"{vm['description']}")
        L.append("")
    L += ["## What is synthetic and what is copied", "",
          "Every file is synthetic: generated from one seeded model of the host, so that lspci, lspci -tv, "
          "sysfs, the IOMMU group tree, the kernel log, /proc/interrupts and the VM definitions agree with each other. "
          "No capture is copied; the textual format of each file follows these real captures in `shared/corpus` "
          "(sources as recorded in `shared/corpus/SOURCES.md`):", ""]
    L += [f"- `{p}`: {s}" for p, s in SOURCES_USED]
    L += ["",
          "Other choices: sysfs `driver` and `iommu_group` are one-line files holding the link target "
          "(no symlinks); `sys/kernel/iommu_groups/<N>/devices/<BDF>`, `sys/class/iommu/dmar*` and "
          "`sys/firmware/acpi/tables/DMAR` are empty files; sysfs `resource` uses the kernel's "
          "`0x%016llx 0x%016llx 0x%016llx` lines (13 for endpoints, 17 for bridges) with flags 0x14220c for 64-bit "
          "prefetchable BARs, 0x140204 for 64-bit non-prefetchable and 0x40200 for 32-bit ones. "
          "`proc/cpuinfo` has all 224 logical CPUs. `proc/interrupts` has all 224 CPU columns but only a "
          "representative set of interrupt lines. The kernel log is a representative boot (not every line a real "
          "6.8 boot prints), but it starts at `Linux version` and keeps every PCI, DMAR, IOMMU and vfio line that "
          "matters. This README is not listed in `gpu-preflight-manifest.json` (it is fixture documentation, not "
          "collected evidence).", ""]
    return "\n".join(L)


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def write_dir(cfg: Config, out: str, force: bool = False):
    if os.path.exists(out):
        if os.listdir(out) and not os.path.exists(os.path.join(out, "gpu-preflight-manifest.json")) and not force:
            sys.exit(f"refusing to overwrite {out}: not a generated snapshot (use --force)")
        shutil.rmtree(out)
    snap = build_snapshot(cfg)
    snap.root = out
    snap.write("README.md", readme(cfg, snap))
    snap.flush()
    total = sum(len(b) for b in snap.files.values())
    print(f"{out}: {len(snap.files)} files, {total / 1e6:.2f} MB")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all", action="store_true", help="regenerate every committed scenario")
    ap.add_argument("--scenario", help="one committed scenario by name")
    ap.add_argument("--list", action="store_true", help="list scenario names")
    ap.add_argument("--out", help="output directory (default: testdata/snapshots/<scenario>)")
    ap.add_argument("--force", action="store_true", help="overwrite a non-generated output directory")
    ap.add_argument("--hostname", default="gpu-h200-99")
    ap.add_argument("--seed", type=int, default=99)
    ap.add_argument("--collected-at", default="2026-11-30T12:00:00Z")
    ap.add_argument("--boot-at", default="2026-11-30T10:00:00Z")
    ap.add_argument("--mode", choices=["passthrough", "shared-nvswitch", "bare-metal"], default="passthrough")
    ap.add_argument("--no-irq-remap", action="store_true", help="interrupt remapping off (+ allow_unsafe_interrupts)")
    ap.add_argument("--mmioh-exhausted", action="store_true", help="socket-1 GPU apertures get no MMIO space")
    ap.add_argument("--acs-redir-off", default="", help="GPU buses (hex, comma-separated) whose switch port has ACS redirect off")
    a = ap.parse_args(argv)
    if a.list:
        print("\n".join(SCENARIOS))
        return
    if a.all:
        for name, cfg in SCENARIOS.items():
            write_dir(cfg, os.path.join(SNAPSHOTS, name), a.force)
        return
    if a.scenario:
        cfg = SCENARIOS[a.scenario]
        write_dir(cfg, a.out or os.path.join(SNAPSHOTS, a.scenario), a.force)
        return
    if not a.out:
        ap.error("give --all, --scenario NAME or --out DIR")
    acs = tuple(int(x, 16) for x in a.acs_redir_off.split(",") if x)
    for b in acs:
        if b not in GPU_BUSES:
            ap.error(f"--acs-redir-off: {b:02x} is not a GPU bus")
    cfg = Config(name=os.path.basename(os.path.normpath(a.out)), hostname=a.hostname, seed=a.seed,
                 collected_at=a.collected_at, boot_at=a.boot_at, mode=a.mode, irq_remap=not a.no_irq_remap,
                 mmioh_exhausted=a.mmioh_exhausted, acs_redir_off=acs,
                 summary="Custom host generated from command-line flags.",
                 findings=("see the flags used",))
    write_dir(cfg, a.out, a.force)


if __name__ == "__main__":
    main()
