import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from common import *
from lspci_rome import *

S = Snap("proxmox-epyc-acs-override")
ACS = "pcie_acs_override=downstream,multifunction"

# ---------------------------------------------------------------- cmdline
real_cmdline = corpus("cmdline/linuxhw-romed8-2t-proxmox-amd-iommu-pt.txt").decode().rstrip("\n")
cmdline = real_cmdline + " " + ACS
S.w("proc/cmdline", cmdline + "\n")
# proxmox-boot-tool: /etc/kernel/cmdline holds the root= part; initrd= is added per boot entry
S.w("etc/kernel/cmdline",
    "root=ZFS=rpool/ROOT/pve-1 boot=zfs amd_iommu=on iommu=pt nofb nomodeset video=vesafb:off,efifb:off " + ACS + "\n")
S.w("etc/hostname", "pve\n")

# ---------------------------------------------------------------- dmesg
head = open(os.path.join(os.path.dirname(__file__), "s1_dmesg_head.txt")).read().splitlines()
out = []
for line in head:
    if line.startswith("[    0.000000] Command line: "):
        assert line == "[    0.000000] Command line: " + real_cmdline, line
        line = "[    0.000000] Command line: " + cmdline
    if line == "[    0.000000] NX (Execute Disable) protection: active":
        out.append("[    0.000000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA")
    out.append(line)
block = corpus("dmesg/linuxhw-romed8-2t-epyc-proxmox-amdvi-iommu-groups-block.txt").decode()
S.w("sos_commands/kernel/dmesg", "\n".join(out) + "\n" + block)

# ---------------------------------------------------------------- lspci
rtx = corpus("lspci/linuxhw-romed8-2t-proxmox-rtx3090-vfio-pci-nnvv.txt").decode()
c1_0, c1_1 = rtx.split("\n\n")
c1_1 = c1_1  # ends with \n
c1_0 = c1_0 + "\n"
def rtx81(rec):
    for a, b in [("c1:00.", "81:00."), ("IRQ 200", "IRQ 201"), ("IRQ 197", "IRQ 199"),
                 ("IOMMU group: 10", "IOMMU group: 27"), ("Memory at d2000000", "Memory at c2000000"),
                 ("Memory at 2bee0000000", "Memory at 47de0000000"), ("Memory at 2bef0000000", "Memory at 47df0000000"),
                 ("I/O ports at f000", "I/O ports at b000"), ("ROM at d3000000", "ROM at c3000000"),
                 ("Memory at d3080000", "Memory at c3080000")]:
        rec = rec.replace(a, b)
    return rec

recs = []
A = recs.append
# bus 00
A(root_complex("00:00.0")); A(iommu("00:00.2"))
A(dummy_hb("00:01.0", 59)); A(dummy_hb("00:02.0", 60)); A(dummy_hb("00:03.0", 61))
A(gpp("00:03.1", 62, 51, "00", "01", "01", "00001000-00001fff [size=4K]", "f2300000-f23fffff [size=1M]",
      "0000063d20200000-0000063d203fffff [size=2M]", 0, 4, "ASPM Disabled", "Speed 8GT/s (downgraded), Width x4 (ok)",
      "BWMgmt+ ABWMgmt-", True, 18, None, "-", ecrc="ECRCGenCap+ ECRCGenEn+ ECRCChkCap+ ECRCChkEn+", hp_enable=True))
A(dummy_hb("00:04.0", 63)); A(dummy_hb("00:05.0", 64)); A(dummy_hb("00:07.0", 65))
A(internal_gpp("00:07.1", 66, 53, "00", "02", "f2200000-f22fffff [size=1M]"))
A(dummy_hb("00:08.0", 67))
A(internal_gpp("00:08.1", 68, 54, "00", "03", "f2000000-f21fffff [size=2M]"))
A(SMBUS); A(LPC)
for fn in range(8):
    A(df(fn))
A(nvme("01:00.0", 18, 56, 71, 0xf2300000, "ASPM Disabled"))
A(dummy_fn("02:00.0", 72)); A(ptdma("02:00.2", 73, 10, 0xf2200000))
A(reserved_spp("03:00.0", 74)); A(ptdma("03:00.2", 75, 11, 0xf2100000)); A(usb("03:00.3", 76, 142, 0xf2000000))
# bus 40
A(root_complex("40:00.0")); A(iommu("40:00.2"))
A(dummy_hb("40:01.0", 34))
A(gpp("40:01.1", 35, 42, "40", "41", "41", "00004000-00004fff [size=4K]", "b3900000-b39fffff [size=1M]",
      "0000047e20200000-0000047e203fffff [size=2M]", 0, 4, "ASPM L1 Enabled", "Speed 8GT/s (downgraded), Width x4 (ok)",
      "BWMgmt- ABWMgmt-", True, 34, None, "-", devsta="CorrErr- NonFatalErr+ FatalErr- UnsupReq+ AuxPwr- TransPend-",
      uesta="UnsupReq+", ferr="14", hdr="34008000 41000010 00000000 80008000",
      ecrc="ECRCGenCap+ ECRCGenEn+ ECRCChkCap+ ECRCChkEn+", hp_enable=True))
A(gpp("40:01.3", 36, 43, "40", "42", "42", "[disabled]", "b3800000-b38fffff [size=1M]",
      "00000000b1d00000-00000000b1ffffff [size=3M]", 2, 4, "ASPM Disabled", "Speed 8GT/s (downgraded), Width x4 (ok)",
      "BWMgmt- ABWMgmt-", False, 0, None, "-", mps=512, ecrc="ECRCGenCap+ ECRCGenEn+ ECRCChkCap+ ECRCChkEn+",
      arifwd2="ARIFwd+"))
A(gpp("40:01.5", 37, 45, "40", "43", "44", "00007000-00007fff [size=4K]", "b2000000-b30fffff [size=17M]",
      "[disabled]", 4, 2, "ASPM Disabled", "Speed 5GT/s (downgraded), Width x1 (downgraded)",
      "BWMgmt+ ABWMgmt-", False, 0, None, "-", pin="A", vga="VGA+", eq_done=False))
for b, g in [("40:02.0", 38), ("40:03.0", 39), ("40:04.0", 40), ("40:05.0", 41), ("40:07.0", 42)]:
    A(dummy_hb(b, g))
A(internal_gpp("40:07.1", 43, 47, "40", "45", "b3700000-b37fffff [size=1M]"))
A(dummy_hb("40:08.0", 44))
A(internal_gpp("40:08.1", 45, 48, "40", "46", "b3200000-b34fffff [size=3M]"))
A(internal_gpp("40:08.2", 46, 49, "40", "47", "b3600000-b36fffff [size=1M]"))
A(internal_gpp("40:08.3", 47, 50, "40", "48", "b3500000-b35fffff [size=1M]"))
A(nvme("41:00.0", 34, 55, 48, 0xb3900000, "ASPM L1 Enabled"))
A(bnxt("42:00.0", 49, 59, "A", 0xb1f10000, 0xb1e00000, 0xb1f22000, 0xb3840000, 1, True))
A(bnxt("42:00.1", 49, 141, "B", 0xb1f00000, 0xb1d00000, 0xb1f20000, 0xb3800000, 2, False))
A(AST_BRIDGE); A(AST_VGA)
A(dummy_fn("45:00.0", 51)); A(ptdma("45:00.2", 52, 10, 0xb3700000))
A(reserved_spp("46:00.0", 53)); A(psp("46:00.1", 54, 193, 0xb3300000)); A(ptdma("46:00.2", 55, 11, 0xb3400000))
A(usb("46:00.3", 56, 61, 0xb3200000))
A(sata("47:00.0", 57, 152, 0xb3600000)); A(sata("48:00.0", 58, 177, 0xb3500000))
# bus 80
A(root_complex("80:00.0")); A(iommu("80:00.2"))
A(dummy_hb("80:01.0", 15))
A(gpp("80:01.1", 16, 35, "80", "81", "81", "0000b000-0000bfff [size=4K]", "c2000000-c30fffff [size=17M]",
      "0000047de0000000-0000047df1ffffff [size=288M]", 0, 16, "ASPM L1 Enabled", "Speed 2.5GT/s (downgraded), Width x16 (ok)",
      "BWMgmt+ ABWMgmt+", False, 23, None, "+"))
for b, g in [("80:02.0", 17), ("80:03.0", 18), ("80:04.0", 19), ("80:05.0", 20), ("80:07.0", 21)]:
    A(dummy_hb(b, g))
A(internal_gpp("80:07.1", 22, 37, "80", "82", "c3500000-c35fffff [size=1M]"))
A(dummy_hb("80:08.0", 23))
A(internal_gpp("80:08.1", 24, 39, "80", "83", "c3400000-c34fffff [size=1M]"))
A(internal_gpp("80:08.2", 25, 40, "80", "84", "c3300000-c33fffff [size=1M]"))
A(internal_gpp("80:08.3", 26, 41, "80", "85", "c3200000-c32fffff [size=1M]"))
A(rtx81(c1_0)); A(rtx81(c1_1))
A(dummy_fn("82:00.0", 28)); A(ptdma("82:00.2", 29, 10, 0xc3500000))
A(reserved_spp("83:00.0", 30)); A(ptdma("83:00.2", 31, 11, 0xc3400000))
A(sata("84:00.0", 32, 62, 0xc3300000)); A(sata("85:00.0", 33, 125, 0xc3200000))
# bus c0
A(root_complex("c0:00.0")); A(iommu("c0:00.2"))
A(dummy_hb("c0:01.0", 0))
A(gpp("c0:01.1", 1, 30, "c0", "c1", "c1", "0000f000-0000ffff [size=4K]", "d2000000-d30fffff [size=17M]",
      "000002bee0000000-000002bef1ffffff [size=288M]", 0, 16, "ASPM L1 Enabled", "Speed 2.5GT/s (downgraded), Width x16 (ok)",
      "BWMgmt+ ABWMgmt+", False, 19, None, "+"))
for b, g in [("c0:02.0", 2), ("c0:03.0", 3), ("c0:04.0", 4), ("c0:05.0", 5), ("c0:07.0", 6)]:
    A(dummy_hb(b, g))
A(internal_gpp("c0:07.1", 7, 32, "c0", "c2", "d3300000-d33fffff [size=1M]"))
A(dummy_hb("c0:08.0", 8))
A(internal_gpp("c0:08.1", 9, 34, "c0", "c3", "d3200000-d32fffff [size=1M]"))
A(c1_0); A(c1_1)
A(dummy_fn("c2:00.0", 11)); A(ptdma("c2:00.2", 12, 10, 0xd3300000))
A(reserved_spp("c3:00.0", 13)); A(ptdma("c3:00.2", 14, 11, 0xd3200000))

lspci = "\n".join(r if r.endswith("\n") else r + "\n" for r in recs)
S.w("sos_commands/pci/lspci_-nnvv", lspci)

# sanity: groups in lspci == groups in dmesg
import re
dm_groups = {m.group(1): int(m.group(2)) for m in re.finditer(r"pci 0000:(\S+): Adding to iommu group (\d+)", block)}
ls_groups = {}
for r in recs:
    bdf = r.split(" ", 1)[0]
    m = re.search(r"IOMMU group: (\d+)", r)
    if m:
        ls_groups[bdf] = int(m.group(1))
assert dm_groups == ls_groups, set(dm_groups.items()) ^ set(ls_groups.items())

# ---------------------------------------------------------------- lspci -tv
TREE = r"""-+-[0000:c0]-+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex
 |           +-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse IOMMU
 |           +-01.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-01.1-[c1]--+-00.0  NVIDIA Corporation GA102 [GeForce RTX 3090]
 |           |            \-00.1  NVIDIA Corporation GA102 High Definition Audio Controller
 |           +-02.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-03.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-04.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-05.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-07.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-07.1-[c2]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function
 |           |            \-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
 |           +-08.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           \-08.1-[c3]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Reserved SPP
 |                        \-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
 +-[0000:80]-+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex
 |           +-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse IOMMU
 |           +-01.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-01.1-[81]--+-00.0  NVIDIA Corporation GA102 [GeForce RTX 3090]
 |           |            \-00.1  NVIDIA Corporation GA102 High Definition Audio Controller
 |           +-02.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-03.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-04.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-05.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-07.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-07.1-[82]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function
 |           |            \-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
 |           +-08.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-08.1-[83]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Reserved SPP
 |           |            \-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
 |           +-08.2-[84]----00.0  Advanced Micro Devices, Inc. [AMD] FCH SATA Controller [AHCI mode]
 |           \-08.3-[85]----00.0  Advanced Micro Devices, Inc. [AMD] FCH SATA Controller [AHCI mode]
 +-[0000:40]-+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex
 |           +-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse IOMMU
 |           +-01.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-01.1-[41]----00.0  ADATA Technology Co., Ltd. XPG SX8200 Pro PCIe Gen3x4 M.2 2280 Solid State Drive
 |           +-01.3-[42]--+-00.0  Broadcom Inc. and subsidiaries BCM57416 NetXtreme-E Dual-Media 10G RDMA Ethernet Controller
 |           |            \-00.1  Broadcom Inc. and subsidiaries BCM57416 NetXtreme-E Dual-Media 10G RDMA Ethernet Controller
 |           +-01.5-[43-44]----00.0-[44]----00.0  ASPEED Technology, Inc. ASPEED Graphics Family
 |           +-02.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-03.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-04.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-05.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-07.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-07.1-[45]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function
 |           |            \-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
 |           +-08.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
 |           +-08.1-[46]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Reserved SPP
 |           |            +-00.1  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Cryptographic Coprocessor PSPCPP
 |           |            +-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
 |           |            \-00.3  Advanced Micro Devices, Inc. [AMD] Starship USB 3.0 Host Controller
 |           +-08.2-[47]----00.0  Advanced Micro Devices, Inc. [AMD] FCH SATA Controller [AHCI mode]
 |           \-08.3-[48]----00.0  Advanced Micro Devices, Inc. [AMD] FCH SATA Controller [AHCI mode]
 \-[0000:00]-+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex
             +-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse IOMMU
             +-01.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-02.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-03.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-03.1-[01]----00.0  ADATA Technology Co., Ltd. XPG SX8200 Pro PCIe Gen3x4 M.2 2280 Solid State Drive
             +-04.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-05.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-07.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-07.1-[02]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function
             |            \-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
             +-08.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge
             +-08.1-[03]--+-00.0  Advanced Micro Devices, Inc. [AMD] Starship/Matisse Reserved SPP
             |            +-00.2  Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA
             |            \-00.3  Advanced Micro Devices, Inc. [AMD] Starship USB 3.0 Host Controller
             +-14.0  Advanced Micro Devices, Inc. [AMD] FCH SMBus Controller
             +-14.3  Advanced Micro Devices, Inc. [AMD] FCH LPC Bridge
             +-18.0  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 0
             +-18.1  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 1
             +-18.2  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 2
             +-18.3  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 3
             +-18.4  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 4
             +-18.5  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 5
             +-18.6  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 6
             \-18.7  Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function 7
"""
S.w("sos_commands/pci/lspci_-tv", TREE)

# ---------------------------------------------------------------- sysfs: IOMMU
for i in range(4):
    S.w(f"sys/class/iommu/ivhd{i}", b"")
S.w("sys/firmware/acpi/tables/IVRS", b"")
S.w("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "N\n")
for bdf, g in dm_groups.items():
    S.w(f"sys/kernel/iommu_groups/{g}/devices/0000:{bdf}", b"")

# ---------------------------------------------------------------- sysfs: PCI devices
CLASS = {"Host bridge [0600]": "0x060000", "IOMMU [0806]": "0x080600", "PCI bridge [0604]": "0x060400",
         "Non-Essential Instrumentation [1300]": "0x130000", "Encryption controller [1080]": "0x108000",
         "USB controller [0c03]": "0x0c0330", "SATA controller [0106]": "0x010601",
         "Non-Volatile memory controller [0108]": "0x010802", "Ethernet controller [0200]": "0x020000",
         "VGA compatible controller [0300]": "0x030000", "Audio device [0403]": "0x040300",
         "SMBus [0c05]": "0x0c0500", "ISA bridge [0601]": "0x060100"}
parent = {}
for r in recs:
    m = re.search(r"Bus: primary=(..), secondary=(..), subordinate=(..)", r)
    if m:
        bdf = r.split(" ", 1)[0]
        parent[m.group(2)] = bdf
ROOTBUS = {"00": "pci0000:00", "40": "pci0000:40", "80": "pci0000:80", "c0": "pci0000:c0"}
def path_parts(bdf):
    bus = bdf[:2]
    chain = ["0000:" + bdf]
    while bus not in ROOTBUS:
        p = parent[bus]
        chain.insert(0, "0000:" + p)
        bus = p[:2]
    return [ROOTBUS[bus]] + chain

for r in recs:
    head = r.split("\n", 1)[0]
    bdf = head.split(" ", 1)[0]
    m = re.search(r"\[([0-9a-f]{4}):([0-9a-f]{4})\]", head.split(": ", 1)[1])
    ven, dev = m.group(1), m.group(2)
    cls = next(v for k, v in CLASS.items() if k in head)
    if "prog-if 01 [AHCI" in head: cls = "0x010601"
    d = f"sys/bus/pci/devices/0000:{bdf}/"
    S.w(d + "vendor", f"0x{ven}\n"); S.w(d + "device", f"0x{dev}\n"); S.w(d + "class", cls + "\n")
    S.w(d + "numa_node", "0\n" if "NUMA node: 0" in r else "-1\n")
    pp = path_parts(bdf)
    if bdf in dm_groups:
        S.w(d + "iommu_group", sysfs_depth_link(pp, f"kernel/iommu_groups/{dm_groups[bdf]}") + "\n")
    md = re.search(r"Kernel driver in use: (\S+)", r)
    if md:
        S.w(d + "driver", sysfs_depth_link(pp, f"bus/pci/drivers/{md.group(1)}") + "\n")
    mc = re.search(r"LnkCap:\tPort #\d+, Speed ([\d.]+)GT/s, Width x(\d+)", r)
    ms = re.search(r"LnkSta:\tSpeed ([\d.]+)GT/s[^,]*, Width x(\d+)", r)
    if mc and ms:
        fmt = lambda s: ("%.1f GT/s PCIe" % float(s))
        S.w(d + "max_link_speed", fmt(mc.group(1)) + "\n"); S.w(d + "max_link_width", mc.group(2) + "\n")
        S.w(d + "current_link_speed", fmt(ms.group(1)) + "\n"); S.w(d + "current_link_width", ms.group(2) + "\n")

# resource files for the GPU functions and their root ports (5.13: no reset_method attribute yet)
def gpu_res(r0, r1, r3, io, rom):
    return sysfs_resource({0: (r0, 16 << 20, F_MEM32), 1: (r1, 256 << 20, F_MEM64P), 3: (r3, 32 << 20, F_MEM64P),
                           5: (io, 128, F_IO)}, rom=(rom, 512 << 10, F_ROM))
S.w("sys/bus/pci/devices/0000:c1:00.0/resource", gpu_res(0xd2000000, 0x2bee0000000, 0x2bef0000000, 0xf000, 0xd3000000))
S.w("sys/bus/pci/devices/0000:81:00.0/resource", gpu_res(0xc2000000, 0x47de0000000, 0x47df0000000, 0xb000, 0xc3000000))
S.w("sys/bus/pci/devices/0000:c1:00.1/resource", sysfs_resource({0: (0xd3080000, 16 << 10, F_MEM32)}))
S.w("sys/bus/pci/devices/0000:81:00.1/resource", sysfs_resource({0: (0xc3080000, 16 << 10, F_MEM32)}))
S.w("sys/bus/pci/devices/0000:c0:01.1/resource", sysfs_resource({}, bridge={0: (0xf000, 0x1000, F_BR_IO), 1: (0xd2000000, 17 << 20, F_BR_MEM), 2: (0x2bee0000000, 288 << 20, F_BR_MEMP)}))
S.w("sys/bus/pci/devices/0000:80:01.1/resource", sysfs_resource({}, bridge={0: (0xb000, 0x1000, F_BR_IO), 1: (0xc2000000, 17 << 20, F_BR_MEM), 2: (0x47de0000000, 288 << 20, F_BR_MEMP)}))

# ---------------------------------------------------------------- DMI (values from the real dmesg DMI: line)
S.w("sys/class/dmi/id/bios_vendor", "American Megatrends International, LLC.\n")
S.w("sys/class/dmi/id/bios_version", "P3.50\n")
S.w("sys/class/dmi/id/bios_date", "07/19/2022\n")
S.w("sys/class/dmi/id/sys_vendor", "To Be Filled By O.E.M.\n")
S.w("sys/class/dmi/id/product_name", "ROMED8-2T\n")

# ---------------------------------------------------------------- modprobe.d, Proxmox VM, versions
S.w("etc/modprobe.d/vfio.conf", "options vfio-pci ids=10de:2204,10de:1aef\n")
S.w("etc/modprobe.d/pve-blacklist.conf",
    "# This file contains a list of modules which are not supported by Proxmox VE \n\n"
    "# nvidiafb see bugreport https://bugzilla.proxmox.com/show_bug.cgi?id=701\nblacklist nvidiafb\n")
S.w("etc/pve/qemu-server/100.conf", """agent: 1
balloon: 0
bios: ovmf
boot: order=scsi0;net0
cores: 8
cpu: host
efidisk0: local-zfs:vm-100-disk-0,efitype=4m,pre-enrolled-keys=1,size=1M
hostpci0: 0000:c1:00,pcie=1
machine: q35
memory: 32768
meta: creation-qemu=6.2.0,ctime=1650373210
name: cuda-worker
net0: virtio=BC:24:11:5A:0C:31,bridge=vmbr0,firewall=1
numa: 0
ostype: l26
scsi0: local-zfs:vm-100-disk-1,discard=on,iothread=1,size=200G
scsihw: virtio-scsi-single
smbios1: uuid=6f1c2a5e-3b7d-4d0e-9a8f-2c4b5e6d7f80
sockets: 1
vmgenid: 0b7e4d52-91a3-4c6f-8e2d-5f3a1b9c7d64
""")
S.w("sos_commands/kernel/uname_-a",
    "Linux pve 5.13.19-6-pve #1 SMP PVE 5.13.19-15 (Tue, 29 Mar 2022 15:59:50 +0200) x86_64 GNU/Linux\n")
S.w("sos_commands/virt/qemu-system-x86_64_--version",
    "QEMU emulator version 6.2.0 (pve-qemu-kvm_6.2.0-5)\nCopyright (c) 2003-2021 Fabrice Bellard and the QEMU Project developers\n")

# ---------------------------------------------------------------- /proc/cpuinfo (EPYC 7302, 16C/32T)
FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx "
         "mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf pni "
         "pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm "
         "extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb "
         "bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep "
         "bmi2 cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc "
         "cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin arat npt lbrv svm_lock nrip_save "
         "tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif v_spec_ctrl "
         "umip rdpid overflow_recov succor smca sme sev sev_es")
core_ids = [0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29]
mhz = [1500.000, 2200.000, 2999.928, 1500.000]
cpu = []
for n in range(32):
    c = core_ids[n % 16]
    apic = c * 2 + (n // 16)
    cpu.append(f"""processor\t: {n}
vendor_id\t: AuthenticAMD
cpu family\t: 23
model\t\t: 49
model name\t: AMD EPYC 7302 16-Core Processor
stepping\t: 0
microcode\t: 0x830104d
cpu MHz\t\t: {mhz[n % 4]:.3f}
cache size\t: 512 KB
physical id\t: 0
siblings\t: 32
core id\t\t: {c}
cpu cores\t: 16
apicid\t\t: {apic}
initial apicid\t: {apic}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 16
wp\t\t: yes
flags\t\t: {FLAGS}
bugs\t\t: sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass
bogomips\t: 5999.85
TLB size\t: 3072 4K pages
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 43 bits physical, 48 bits virtual
power management: ts ttp tm hwpstate cpb eff_freq_ro [13] [14]

""")
S.w("proc/cpuinfo", "".join(cpu))

S.w("proc/meminfo", """MemTotal:       131836228 kB
MemFree:        85410932 kB
MemAvailable:   88123604 kB
Buffers:          412208 kB
Cached:          2398572 kB
SwapCached:            0 kB
Active:          1984332 kB
Inactive:       35011084 kB
Active(anon):       5784 kB
Inactive(anon): 34207412 kB
Active(file):    1978548 kB
Inactive(file):   803672 kB
Unevictable:       15360 kB
Mlocked:           15360 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Dirty:               144 kB
Writeback:             0 kB
AnonPages:      34201236 kB
Mapped:           171936 kB
Shmem:             50312 kB
KReclaimable:     514052 kB
Slab:            2265884 kB
SReclaimable:     514052 kB
SUnreclaim:      1751832 kB
KernelStack:       17584 kB
PageTables:        79660 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    65918112 kB
Committed_AS:   36112924 kB
VmallocTotal:   34359738367 kB
VmallocUsed:     1270304 kB
VmallocChunk:          0 kB
Percpu:            43008 kB
HardwareCorrupted:     0 kB
AnonHugePages:  33759232 kB
ShmemHugePages:        0 kB
ShmemPmdMapped:        0 kB
FileHugePages:         0 kB
FilePmdMapped:         0 kB
HugePages_Total:       0
HugePages_Free:        0
HugePages_Rsvd:        0
HugePages_Surp:        0
Hugepagesize:       2048 kB
Hugetlb:               0 kB
DirectMap4k:     1326540 kB
DirectMap2M:    38598656 kB
DirectMap1G:    94371840 kB
""")

# ---------------------------------------------------------------- /proc/modules
MODS = [("tcp_diag", 16384, 0, "-"), ("inet_diag", 24576, 1, "tcp_diag,"), ("vfio_pci", 61440, 2, "-"),
        ("vfio_virqfd", 16384, 1, "vfio_pci,"), ("veth", 32768, 0, "-"), ("ebtable_filter", 16384, 0, "-"),
        ("ebtables", 36864, 1, "ebtable_filter,"), ("ip_set", 53248, 0, "-"), ("ip6table_raw", 16384, 0, "-"),
        ("iptable_raw", 16384, 0, "-"), ("ip6table_filter", 16384, 0, "-"), ("ip6_tables", 32768, 2, "ip6table_raw,ip6table_filter,"),
        ("iptable_filter", 16384, 0, "-"), ("bpfilter", 16384, 0, "-"), ("nf_tables", 221184, 0, "-"),
        ("bonding", 180224, 0, "-"), ("tls", 94208, 1, "bonding,"), ("softdog", 16384, 2, "-"),
        ("nfnetlink_log", 20480, 1, "-"), ("nfnetlink", 20480, 3, "ip_set,nf_tables,nfnetlink_log,"),
        ("ipmi_ssif", 40960, 0, "-"), ("intel_rapl_msr", 20480, 0, "-"), ("intel_rapl_common", 24576, 1, "intel_rapl_msr,"),
        ("amd64_edac_mod", 36864, 0, "-"), ("edac_mce_amd", 32768, 1, "amd64_edac_mod,"), ("kvm_amd", 147456, 2, "-"),
        ("kvm", 864256, 1, "kvm_amd,"), ("irqbypass", 16384, 7, "kvm,"), ("crct10dif_pclmul", 16384, 1, "-"),
        ("ghash_clmulni_intel", 16384, 0, "-"), ("aesni_intel", 376832, 0, "-"), ("crypto_simd", 16384, 1, "aesni_intel,"),
        ("cryptd", 24576, 2, "ghash_clmulni_intel,crypto_simd,"), ("rapl", 20480, 0, "-"), ("ast", 49152, 0, "-"),
        ("drm_vram_helper", 24576, 1, "ast,"), ("drm_ttm_helper", 16384, 1, "drm_vram_helper,"),
        ("ttm", 73728, 2, "drm_vram_helper,drm_ttm_helper,"), ("drm_kms_helper", 245760, 3, "ast,drm_vram_helper,"),
        ("cec", 53248, 1, "drm_kms_helper,"), ("rc_core", 57344, 1, "cec,"), ("fb_sys_fops", 16384, 1, "drm_kms_helper,"),
        ("syscopyarea", 16384, 1, "drm_kms_helper,"), ("sysfillrect", 16384, 1, "drm_kms_helper,"),
        ("sysimgblt", 16384, 1, "drm_kms_helper,"), ("pcspkr", 16384, 0, "-"), ("efi_pstore", 16384, 0, "-"),
        ("ccp", 102400, 1, "kvm_amd,"), ("k10temp", 16384, 0, "-"), ("ipmi_si", 65536, 1, "ipmi_ssif,"),
        ("ipmi_devintf", 20480, 0, "-"), ("ipmi_msghandler", 110592, 3, "ipmi_ssif,ipmi_si,ipmi_devintf,"),
        ("mac_hid", 16384, 0, "-"), ("zfs", 4210688, 6, "-"), ("zunicode", 331776, 1, "zfs,"),
        ("zzstd", 479232, 1, "zfs,"), ("zlua", 151552, 1, "zfs,"), ("zavl", 20480, 1, "zfs,"),
        ("icp", 294912, 1, "zfs,"), ("zcommon", 98304, 2, "zfs,icp,"), ("znvpair", 94208, 2, "zfs,zcommon,"),
        ("spl", 126976, 6, "zfs,zzstd,zlua,zavl,icp,zcommon,znvpair,"), ("vhost_net", 32768, 1, "-"),
        ("vhost", 53248, 1, "vhost_net,"), ("vhost_iotlb", 16384, 1, "vhost,"), ("tap", 28672, 1, "vhost_net,"),
        ("ib_iser", 40960, 0, "-"), ("rdma_cm", 122880, 1, "ib_iser,"), ("iw_cm", 49152, 1, "rdma_cm,"),
        ("ib_cm", 131072, 1, "rdma_cm,"), ("ib_core", 368640, 4, "ib_iser,rdma_cm,iw_cm,ib_cm,"),
        ("iscsi_tcp", 24576, 0, "-"), ("libiscsi_tcp", 32768, 1, "iscsi_tcp,"), ("libiscsi", 65536, 3, "ib_iser,iscsi_tcp,libiscsi_tcp,"),
        ("scsi_transport_iscsi", 131072, 4, "ib_iser,iscsi_tcp,libiscsi,"), ("vfio_iommu_type1", 40960, 1, "-"),
        ("vfio", 36864, 6, "vfio_pci,vfio_iommu_type1,"), ("drm", 552960, 6, "ast,drm_vram_helper,drm_ttm_helper,ttm,drm_kms_helper,"),
        ("sunrpc", 569344, 1, "-"), ("ip_tables", 32768, 2, "iptable_raw,iptable_filter,"), ("x_tables", 49152, 7, "ebtables,ip6table_raw,iptable_raw,ip6table_filter,ip6_tables,iptable_filter,ip_tables,"),
        ("autofs4", 45056, 2, "-"), ("btrfs", 1347584, 0, "-"), ("blake2b_generic", 20480, 0, "-"),
        ("xor", 24576, 1, "btrfs,"), ("raid6_pq", 114688, 1, "btrfs,"), ("libcrc32c", 16384, 2, "btrfs,nf_tables,"),
        ("simplefb", 16384, 0, "-"), ("crc32_pclmul", 16384, 0, "-"), ("xhci_pci", 20480, 0, "-"),
        ("xhci_pci_renesas", 20480, 1, "xhci_pci,"), ("i2c_piix4", 28672, 0, "-"), ("nvme", 49152, 2, "-"),
        ("ahci", 40960, 0, "-"), ("libahci", 40960, 1, "ahci,"), ("xhci_hcd", 294912, 1, "xhci_pci,"),
        ("bnxt_en", 282624, 0, "-"), ("nvme_core", 126976, 4, "nvme,")]
S.w("proc/modules", "".join(f"{n} {s} {r} {d} Live 0x0000000000000000\n" for n, s, r, d in MODS))

# ---------------------------------------------------------------- /proc/interrupts (32 CPUs, AMD-Vi IR)
seed = [12345]
def rnd(n):
    seed[0] = (seed[0] * 1103515245 + 12345) & 0x7fffffff
    return seed[0] % n if n else 0
NC = 32
def cnts(total, spread=1):
    c = [0] * NC
    for _ in range(spread):
        c[rnd(NC)] += total // spread
    return c
rows = []
def row(irq, counts, chip, hw, trig, name):
    s = f"{irq:>4}:" + "".join(f"{x:>11}" for x in counts)
    s += f"  {chip:>8} {hw}-{trig:<8}  {name}"
    rows.append(s.rstrip())
rows_hdr = " " * 12 + "".join(f"CPU{n:<8}" for n in range(NC))
row(0, cnts(44, 1), "IR-IO-APIC", "   2", "edge", "timer")
row(1, [0] * NC, "IR-IO-APIC", "   1", "edge", "i8042")
row(8, [0] * NC, "IR-IO-APIC", "   8", "edge", "rtc0")
row(9, cnts(0), "IR-IO-APIC", "   9", "fasteoi", "acpi")
row(12, [0] * NC, "IR-IO-APIC", "  12", "edge", "i8042")
for i, (iommu_bdf, hw) in enumerate([("00:00.2", 4096), ("40:00.2", 0x4002 << 11), ("80:00.2", 0x8002 << 11), ("c0:00.2", 0xc002 << 11)]):
    row(25 + i, [0] * NC, "PCI-MSI", f"{hw}", "edge", "AMD-Vi")
irq = 29
for bdf, name in [("c0:01.1", "PCIe PME"), ("c0:07.1", "PCIe PME, aerdrv"), ("c0:08.1", "PCIe PME, aerdrv"),
                  ("80:01.1", "PCIe PME"), ("80:07.1", "PCIe PME, aerdrv"), ("80:08.1", "PCIe PME, aerdrv"),
                  ("80:08.2", "PCIe PME, aerdrv"), ("80:08.3", "PCIe PME, aerdrv"),
                  ("40:01.1", "PCIe PME, pciehp"), ("40:01.3", "PCIe PME"), ("40:01.5", "PCIe PME"),
                  ("40:07.1", "PCIe PME, aerdrv"), ("40:08.1", "PCIe PME, aerdrv"), ("40:08.2", "PCIe PME, aerdrv"),
                  ("40:08.3", "PCIe PME, aerdrv"), ("00:03.1", "PCIe PME, pciehp"), ("00:07.1", "PCIe PME, aerdrv"),
                  ("00:08.1", "PCIe PME, aerdrv")]:
    b, df_ = bdf.split(":")
    d, f = df_.split(".")
    hw = ((int(b, 16) << 8) | (int(d, 16) << 3) | int(f)) << 11
    row(irq, [0] * NC, "IR-PCI-MSI", f"{hw}", "edge", name)
    irq += 1
def msix(bdf, n, namefn, start, base_count=5000):
    global irq
    b, df_ = bdf.split(":")
    d, f = df_.split(".")
    devid = (int(b, 16) << 8) | (int(d, 16) << 3) | int(f)
    for q in range(n):
        c = [0] * NC
        c[q % NC] = base_count + rnd(90000)
        row(start + q, c, "IR-PCI-MSI", f"{(devid << 11) + q}", "edge", namefn(q))
irq = 55
msix("41:00.0", 16, lambda q: f"nvme0q{q}", 55)
msix("01:00.0", 16, lambda q: f"nvme1q{q}", 71)
msix("42:00.0", 8, lambda q: f"eno1np0-TxRx-{q}", 87)
msix("42:00.1", 8, lambda q: f"eno2np1-TxRx-{q}", 95)
msix("03:00.3", 8, lambda q: "xhci_hcd", 103, 0)
msix("46:00.3", 8, lambda q: "xhci_hcd", 111, 0)
msix("46:00.1", 2, lambda q: "psp-1" if q == 0 else "ccp-1", 119, 0)
for i, bdf in enumerate(["47:00.0", "48:00.0", "84:00.0", "85:00.0"]):
    msix(bdf, 1, lambda q, b=bdf: f"ahci[0000:{b}]", 121 + i, 20)
# the running VM 100 owns the GPU at c1:00.0 through vfio-pci: its MSI is remapped (IR-PCI-MSI)
c = [0] * NC; c[7] = 1843227
row(125, c, "IR-PCI-MSI", f"{0xc100 << 11}", "edge", "vfio-msi[0](0000:c1:00.0)")
def sysrow(label, counts, desc):
    rows.append(f"{label:>4}:" + "".join(f"{x:>11}" for x in counts) + "   " + desc)
sysrow("NMI", [0] * NC, "Non-maskable interrupts")
sysrow("LOC", [2000000 + rnd(900000) for _ in range(NC)], "Local timer interrupts")
sysrow("SPU", [0] * NC, "Spurious interrupts")
sysrow("PMI", [0] * NC, "Performance monitoring interrupts")
sysrow("IWI", [rnd(40) for _ in range(NC)], "IRQ work interrupts")
sysrow("RTR", [0] * NC, "APIC ICR read retries")
sysrow("RES", [20000 + rnd(80000) for _ in range(NC)], "Rescheduling interrupts")
sysrow("CAL", [40000 + rnd(90000) for _ in range(NC)], "Function call interrupts")
sysrow("TLB", [1000 + rnd(9000) for _ in range(NC)], "TLB shootdowns")
sysrow("TRM", [0] * NC, "Thermal event interrupts")
sysrow("THR", [0] * NC, "Threshold APIC interrupts")
sysrow("DFR", [0] * NC, "Deferred Error APIC interrupts")
sysrow("MCE", [0] * NC, "Machine check exceptions")
sysrow("MCP", [24] * NC, "Machine check polls")
rows.append(" ERR:          0")
rows.append(" MIS:          0")
sysrow("PIN", [0] * NC, "Posted-interrupt notification event")
sysrow("NPI", [0] * NC, "Nested posted-interrupt event")
sysrow("PIW", [0] * NC, "Posted-interrupt wakeup event")
S.w("proc/interrupts", rows_hdr + "\n" + "\n".join(rows) + "\n")

print("files:", len(S.files), "bytes:", sum(S.files.values()))
