#!/usr/bin/env python3
"""Build testdata/snapshots/bug-report-pli-h100/nvidia-bug-report.log.gz.

One machine: `della-j11g1`, a Princeton "PLI" node (8x H100 SXM5 HGX, 4 NVSwitches, 2x Xeon
Platinum 8468 with SMT off, driver 545.23.08), as it would look in the output of
nvidia-bug-report.sh. See ../../snapshots/bug-report-pli-h100/README.md for what is real and
what is synthesized.

Deterministic: no clock, no randomness. Run from anywhere:

    python3 testdata/tools/bugreport/make_pli_h100.py

It writes the plain text next to this script (nvidia-bug-report-pli-h100.log, for review and
diffs) and the gzip file into the snapshot directory. Like the real script, which pipes every
section through its own `gzip -c >> nvidia-bug-report.log.gz`, the .gz is a **multi-member**
gzip stream (one member per section); a reader must decode all members, not only the first.
"""
import gzip
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(TESTDATA, "corpus")
OUT_GZ = os.path.join(TESTDATA, "snapshots", "bug-report-pli-h100", "nvidia-bug-report.log.gz")
OUT_TXT = os.path.join(HERE, "nvidia-bug-report-pli-h100.log")

HOST = "della-j11g1"
KVER = "4.18.0-477.27.1.el8_8.x86_64"
DRV = "545.23.08"
SEP = "____________________________________________"
NCPU = 96


def corpus(rel):
    with open(os.path.join(CORPUS, rel), encoding="utf-8") as f:
        return f.read()


def det_hex(seed, n):
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}/{i}".encode()).digest()
        i += 1
    return out[:n].hex()


def uuid(seed):
    h = det_hex(seed, 16)
    return f"GPU-{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


# ---------------------------------------------------------------- sections
sections = []   # each item is one gzip member


def add(text):
    sections.append(text)


def ls_line(path, size, when, mode="-r--r--r--"):
    return f"*** ls: {mode} 1 root root {size} {when} -0500 {path}"


def report_file(path, content, size=None, when="2024-02-23 11:53:08.000000000", mode="-r--r--r--"):
    if content is None:
        return f"{SEP}\n\n*** {path} does not exist\n\n"
    if not content.endswith("\n"):
        content += "\n"               # the file's own final newline (cat prints it)
    sz = len(content.encode()) if size is None else size
    return f"{SEP}\n\n*** {path}\n{ls_line(path, sz, when, mode)}\n{content}\n"   # + the script's echo ""


# ---------------------------------------------------------------- the machine
# GPUs: Dell PowerEdge XE9680 layout; GPU 0 = 19:00.0 is the real capture (Module ID 2).
GPUS = [  # bus, numa, module id, root port bus, switch up bus, dp bus, sibling (kind, bus, nfunc)
    ("19", 0, 2, "15", "16", "17", ("nic", "18", 2)),
    ("3b", 0, 4, "37", "38", "39", ("nvme", "3a", 1)),
    ("4c", 0, 3, "48", "49", "4a", ("nvme", "4b", 1)),
    ("5d", 0, 1, "59", "5a", "5b", ("nic", "5c", 1)),
    ("9b", 1, 7, "97", "98", "99", ("nic", "9a", 2)),
    ("bb", 1, 5, "b7", "b8", "b9", ("nvme", "ba", 1)),
    ("cb", 1, 8, "c7", "c8", "c9", ("nic", "ca", 1)),
    ("db", 1, 6, "d7", "d8", "d9", ("nvme", "da", 1)),
]
NVSW = [("aa", 0), ("ab", 1), ("ac", 2), ("ad", 3)]

SPEED = {1: "2.5", 2: "5", 3: "8", 4: "16", 5: "32"}


class Dev:
    def __init__(self, bdf, cname, ccode, progif, vname, ven, dev, rev, ssv, ssd, ssname, numa, irq,
                 driver=None, modules=None, ptype="ep", speed=5, width=16, sta_speed=None, sta_width=None,
                 bars=(), bridge=None, acs=False, slot=None, mf=False, flr=True, msi=True, port=0):
        self.__dict__.update(locals())
        del self.__dict__["self"]
        self.sta_speed = sta_speed or speed
        self.sta_width = sta_width or width


devs = []
irq_no = [48]


def nirq():
    irq_no[0] += 1
    return irq_no[0]


def mem_base(i):
    return 0x200000000000 + i * 0x4000000000   # 256 GiB per GPU stack


def rp(bus, numa, win_mem, win_pref, sec, sub):
    return Dev(f"0000:{bus}:01.0", "PCI bridge", "0604", 0, "Intel Corporation Device", "8086", "352a", "04",
               "8086", "0000", "Intel Corporation Device", numa, nirq(), "pcieport", None, "rp", 5, 16,
               bridge=(bus, sec, sub, None, win_mem, win_pref), acs=True, slot=int(bus, 16), port=1)


nic_bar = {}
for i, (gbus, numa, mod, rbus, ubus, dbus, (skind, sbus, nfn)) in enumerate(GPUS):
    base = mem_base(i)
    pref = (base, 0x2000000000 + 0x6000000)
    low = 0xc0000000 + i * 0x100000 if skind == "nvme" else None
    devs.append(rp(rbus, numa, (low, 0x100000) if low else None, pref, ubus, gbus))
    devs.append(Dev(f"0000:{ubus}:00.0", "PCI bridge", "0604", 0, "Broadcom / LSI PEX890xx PCIe Gen 5 Switch", "1000", "c030",
                    "b0", "1000", "100b", "Broadcom / LSI Device", numa, nirq(), "pcieport", None, "up", 5, 16,
                    bridge=(ubus, dbus, gbus, None, (low, 0x100000) if low else None, pref), acs=False))
    devs.append(Dev(f"0000:{dbus}:00.0", "PCI bridge", "0604", 0, "Broadcom / LSI PEX890xx PCIe Gen 5 Switch", "1000", "c030",
                    "b0", "1000", "100b", "Broadcom / LSI Device", numa, nirq(), "pcieport", None, "dp",
                    4 if skind == "nvme" else 5, 4 if skind == "nvme" else 16,
                    bridge=(dbus, sbus, sbus, None, (low, 0x100000) if low else None,
                            (base + 0x2004000000, 0x2000000) if skind == "nic" else None), acs=True, port=0))
    devs.append(Dev(f"0000:{dbus}:01.0", "PCI bridge", "0604", 0, "Broadcom / LSI PEX890xx PCIe Gen 5 Switch", "1000", "c030",
                    "b0", "1000", "100b", "Broadcom / LSI Device", numa, nirq(), "pcieport", None, "dp", 5, 16,
                    bridge=(dbus, gbus, gbus, None, None, (base, 0x2004000000)), acs=True, slot=mod, port=1))
    if skind == "nic":
        for fn in range(nfn):
            devs.append(Dev(f"0000:{sbus}:00.{fn}", "Infiniband controller", "0207", 0,
                            "Mellanox Technologies MT2910 Family [ConnectX-7]", "15b3", "1021", None, "15b3", "0041",
                            "Mellanox Technologies Device", numa, nirq(), "mlx5_core", "mlx5_core", "ep", 5,
                            16 if nfn == 1 else 16, bars=((0, base + 0x2004000000 + fn * 0x1000000, 0x1000000, "m64p"),),
                            mf=(nfn == 2 and fn == 0)))
    else:
        devs.append(Dev(f"0000:{sbus}:00.0", "Non-Volatile memory controller", "0108", 2,
                        "Samsung Electronics Co Ltd NVMe SSD Controller PM173X", "144d", "a824", None, "1028", "2112",
                        "Dell Device", numa, nirq(), "nvme", "nvme", "ep", 4, 4,
                        bars=((0, low, 0x8000, "m64"),)))
    devs.append(Dev(f"0000:{gbus}:00.0", "3D controller", "0302", 0, "NVIDIA Corporation GH100 [H100 SXM5 80GB]", "10de",
                    "2330", "a1", "10de", "16c1", "NVIDIA Corporation Device", numa, nirq(), "nvidia",
                    "nvidiafb, nouveau, nvidia_drm, nvidia", "ep", 5, 16,
                    bars=((0, base + 0x2000000000, 0x1000000, "m64p"), (2, base, 0x2000000000, "m64p"),
                          (4, base + 0x2002000000, 0x2000000, "m64p"))))
# NVSwitch stack on socket 1: root port a7:01.0 -> PMC-Sierra 11f8:4128 upstream a8:00.0 -> a9:0x.0 -> NVSwitch
nv_mem = 0xd0000000
devs.append(rp("a7", 1, (nv_mem, 0x8000000), None, "a8", "ad"))
devs.append(Dev("0000:a8:00.0", "PCI bridge", "0604", 0, "PMC-Sierra Inc. Device", "11f8", "4128", None, "10de", "1643",
                "NVIDIA Corporation Device", 1, nirq(), "pcieport", None, "up", 4, 4,
                bridge=("a8", "a9", "ad", None, (nv_mem, 0x8000000), None), acs=False))
for k, (sb, idx) in enumerate(NVSW):
    devs.append(Dev(f"0000:a9:0{k}.0", "PCI bridge", "0604", 0, "PMC-Sierra Inc. Device", "11f8", "4128", None, "10de", "1643",
                    "NVIDIA Corporation Device", 1, nirq(), "pcieport", None, "dp", 4, 4,
                    bridge=("a9", sb, sb, None, (nv_mem + k * 0x2000000, 0x2000000), None), acs=True, port=k))
    devs.append(Dev(f"0000:{sb}:00.0", "Bridge", "0680", 0, "NVIDIA Corporation GH100 [H100 NVSwitch]", "10de", "22a3", "a1",
                    "10de", "1796", "NVIDIA Corporation GH100 [H100 NVSwitch]", 1, nirq(), "nvidia-nvswitch", "nvidia",
                    "ep", 4, 2, bars=((0, nv_mem + k * 0x2000000, 0x2000000, "m64"),), slot=f"{k + 1}-1"))
# platform devices
devs.append(Dev("0000:00:00.0", "Host bridge", "0600", 0, "Intel Corporation Ice Lake Memory Map/VT-d", "8086", "09a2", "20",
                "8086", "0000", "Intel Corporation Device", 0, 0, None, None, "rcie", 1, 1, msi=False, flr=False))
devs.append(Dev("0000:00:1c.0", "PCI bridge", "0604", 0, "Intel Corporation Device", "8086", "1bbc", "11", "1028", "0c0b",
                "Dell Device", 0, nirq(), "pcieport", None, "rp", 3, 1, sta_speed=1,
                bridge=("00", "02", "03", (0x1000, 0x1000), (0x94000000, 0x1100000), None), acs=True, port=1))
devs.append(Dev("0000:00:1f.0", "ISA bridge", "0601", 0, "Intel Corporation Device", "8086", "1b81", "11", "1028", "0c0b",
                "Dell Device", 0, 0, None, None, "none", msi=False, flr=False))
devs.append(Dev("0000:00:1f.4", "SMBus", "0c05", 0, "Intel Corporation Device", "8086", "1bc9", "11", "1028", "0c0b",
                "Dell Device", 0, 16, "i801_smbus", "i2c_i801", "none", msi=False, flr=False,
                bars=((0, 0x94100000, 0x100, "m64"),)))
devs.append(Dev("0000:02:00.0", "PCI bridge", "0604", 0, "PLDA PCI Express Bridge", "1556", "be00", "02", "1556", "be00",
                "PLDA PCI Express Bridge", 0, 16, None, None, "pcibr", 1, 1,
                bridge=("02", "03", "03", (0x1000, 0x1000), (0x94000000, 0x1100000), None)))
devs.append(Dev("0000:03:00.0", "VGA compatible controller", "0300", 0,
                "Matrox Electronics Systems Ltd. Integrated Matrox G200eW3 Graphics Controller", "102b", "0536", "04",
                "1028", "0c0b", "Dell Device", 0, 16, "mgag200", "mgag200", "none", msi=False, flr=False,
                bars=((0, 0x93000000, 0x1000000, "m32p"), (1, 0x94808000, 0x4000, "m32"), (2, 0x94000000, 0x800000, "m32"))))
devs.append(Dev("0000:80:00.0", "Host bridge", "0600", 0, "Intel Corporation Ice Lake Memory Map/VT-d", "8086", "09a2", "20",
                "8086", "0000", "Intel Corporation Device", 1, 0, None, None, "rcie", 1, 1, msi=False, flr=False))
devs.sort(key=lambda d: d.bdf)


# ---------------------------------------------------------------- config space + lspci text
def build_cfg(d):
    b = bytearray(4096 if d.ptype not in ("none", "pcibr_conv") else 256)
    if d.ptype == "none" and d.ccode in ("0601", "0c05", "0300"):
        b = bytearray(256)
    struct.pack_into("<HH", b, 0, int(d.ven, 16), int(d.dev, 16))
    io = any(k == "io" for _, _, _, k in d.bars) or (d.bridge and d.bridge[3])
    cmd = 0x0006 | (0x1 if io else 0) | (0x400 if d.msi and d.driver else 0)
    struct.pack_into("<HH", b, 4, cmd, 0x0010)
    b[8] = int(d.rev, 16) if d.rev else 0
    b[9] = d.progif
    b[10] = int(d.ccode[2:], 16)
    b[11] = int(d.ccode[:2], 16)
    b[0x0c] = 0x10
    hdr = 1 if d.bridge else 0
    b[0x0e] = hdr | (0x80 if d.mf else 0)
    for idx, addr, size, kind in d.bars:
        off = 0x10 + 4 * idx
        flag = {"m64p": 0xc, "m64": 0x4, "m32": 0x0, "m32p": 0x8, "io": 0x1}[kind]
        struct.pack_into("<I", b, off, (addr & 0xfffffff0) | flag)
        if kind.startswith("m64"):
            struct.pack_into("<I", b, off + 4, addr >> 32)
    if d.bridge:
        pri, sec, sub, iow, memw, prefw = d.bridge
        b[0x18], b[0x19], b[0x1a] = int(pri, 16), int(sec, 16), int(sub, 16)
        if iow:
            b[0x1c] = (iow[0] >> 8) & 0xf0
            b[0x1d] = ((iow[0] + iow[1] - 1) >> 8) & 0xf0
        else:
            b[0x1c], b[0x1d] = 0xf0, 0x00
        if memw:
            struct.pack_into("<HH", b, 0x20, (memw[0] >> 16) & 0xfff0, ((memw[0] + memw[1] - 1) >> 16) & 0xfff0)
        else:
            struct.pack_into("<HH", b, 0x20, 0xfff0, 0x0000)
        if prefw:
            lo, hi = prefw[0], prefw[0] + prefw[1] - 1
            struct.pack_into("<HHII", b, 0x24, ((lo >> 16) & 0xfff0) | 1, ((hi >> 16) & 0xfff0) | 1, lo >> 32, hi >> 32)
        else:
            struct.pack_into("<HHII", b, 0x24, 0xfff1, 0x0001, 0, 0)
        struct.pack_into("<H", b, 0x3e, 0x0002)
    else:
        struct.pack_into("<HH", b, 0x2c, int(d.ssv, 16), int(d.ssd, 16))
    b[0x3c] = d.irq & 0xff if d.irq else 0xff
    b[0x3d] = 1 if d.irq else 0
    if d.ptype in ("none",):
        return bytes(b)
    b[0x34] = 0x40
    # PM at 0x40
    struct.pack_into("<BBHH", b, 0x40, 0x01, 0x48 if d.msi else 0x60, 0x0003, 0x0008)
    if d.msi:
        struct.pack_into("<BBH", b, 0x48, 0x05, 0x60, 0x0081 if d.driver else 0x0080)
        if d.driver:
            struct.pack_into("<I", b, 0x4c, 0xfee00000)
    ptype = {"ep": 0, "legacy": 1, "rp": 4, "up": 5, "dp": 6, "pcibr": 7, "rcie": 9}[d.ptype]
    capreg = 0x0002 | (ptype << 4) | (0x100 if d.slot is not None and d.ptype in ("rp", "dp") else 0)
    struct.pack_into("<BBH", b, 0x60, 0x10, 0x00, capreg)
    devcap = 0x00008001 | (0x10000000 if d.flr and d.ptype == "ep" else 0)
    struct.pack_into("<IHH", b, 0x64, devcap, 0x2930, 0x0000)
    lnkcap = d.speed | (d.width << 4) | (d.port << 24) | (0x00100000 if d.ptype in ("rp", "dp") else 0)
    lnksta = d.sta_speed | (d.sta_width << 4) | 0x1000 | (0x2000 if d.ptype in ("rp", "dp") else 0)
    struct.pack_into("<IHH", b, 0x6c, lnkcap, 0x0040, lnksta)
    struct.pack_into("<I", b, 0x8c, ((1 << d.speed) - 1) << 1)
    struct.pack_into("<H", b, 0x90, d.speed)
    # extended: AER at 0x100, ACS at 0x148
    nxt = 0x148 if d.acs else 0
    struct.pack_into("<I", b, 0x100, 0x0001 | (2 << 16) | (nxt << 20))
    struct.pack_into("<I", b, 0x10c, 0x00062030)
    struct.pack_into("<I", b, 0x114, 0x00002000)
    if d.acs:
        struct.pack_into("<IHH", b, 0x148, 0x000d | (1 << 16), 0x005f, 0x0000)
    return bytes(b)


def hexdump(b):
    lines = []
    for off in range(0, len(b), 16):
        row = " ".join(f"{x:02x}" for x in b[off:off + 16])
        lines.append((f"{off:02x}" if off < 0x100 else f"{off:03x}") + ": " + row)
    return "\n".join(lines)


def size_str(n):
    for unit, div in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


PTYPE_TXT = {"ep": "Endpoint", "legacy": "Legacy Endpoint", "rp": "Root Port (Slot+)", "up": "Upstream Port",
             "dp": "Downstream Port (Slot+)", "pcibr": "PCI-Express to PCI/PCI-X Bridge",
             "rcie": "Root Complex Integrated Endpoint"}


def lspci_record(d, hexd=True):
    rev = f" (rev {d.rev})" if d.rev else ""
    pi = {"0604": " (prog-if 00 [Normal decode])", "0108": " (prog-if 02 [NVM Express])",
          "0300": " (prog-if 00 [VGA controller])"}.get(d.ccode, "")
    L = [f"{d.bdf} {d.cname} [{d.ccode}]: {d.vname} [{d.ven}:{d.dev}]{rev}{pi}"]
    if not d.bridge or d.ptype == "rp":
        L.append(f"\tSubsystem: {d.ssname} [{d.ssv}:{d.ssd}]")
    if d.slot is not None and d.ptype in ("ep",):
        L.append(f"\tPhysical Slot: {d.slot}")
    io = any(k == "io" for _, _, _, k in d.bars) or (d.bridge and d.bridge[3])
    L.append(f"\tControl: I/O{'+' if io else '-'} Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR+ FastB2B- DisINTx{'+' if d.msi and d.driver else '-'}")
    L.append("\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-")
    if d.irq:
        L.append("\tLatency: 0, Cache Line Size: 64 bytes")
        L.append(f"\tInterrupt: pin A routed to IRQ {d.irq}")
    L.append(f"\tNUMA node: {d.numa}")
    for idx, addr, size, kind in d.bars:
        desc = {"m64p": "64-bit, prefetchable", "m64": "64-bit, non-prefetchable", "m32": "32-bit, non-prefetchable",
                "m32p": "32-bit, prefetchable"}[kind]
        L.append(f"\tRegion {idx}: Memory at {addr:x} ({desc}) [size={size_str(size)}]")
    if d.bridge:
        pri, sec, sub, iow, memw, prefw = d.bridge
        L.append(f"\tBus: primary={pri}, secondary={sec}, subordinate={sub}, sec-latency=0")
        L.append(f"\tI/O behind bridge: {iow[0]:08x}-{iow[0] + iow[1] - 1:08x} [size={size_str(iow[1])}]" if iow else
                 "\tI/O behind bridge: 0000f000-00000fff [disabled]")
        L.append(f"\tMemory behind bridge: {memw[0]:08x}-{memw[0] + memw[1] - 1:08x} [size={size_str(memw[1])}]" if memw else
                 "\tMemory behind bridge: fff00000-000fffff [disabled]")
        L.append(f"\tPrefetchable memory behind bridge: {prefw[0]:016x}-{prefw[0] + prefw[1] - 1:016x} [size={size_str(prefw[1])}]"
                 if prefw else "\tPrefetchable memory behind bridge: 00000000fff00000-00000000000fffff [disabled]")
        L.append("\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- <SERR- <PERR-")
        L.append("\tBridgeCtl: Parity- SERR+ NoISA- VGA- VGA16+ MAbort- >Reset- FastB2B-")
        L.append("\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-")
    if d.ptype != "none":
        L.append("\tCapabilities: [40] Power Management version 3")
        L.append("\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)")
        L.append("\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-")
        if d.msi:
            if d.driver:
                L.append("\tCapabilities: [48] MSI: Enable+ Count=1/1 Maskable- 64bit+")
                L.append("\t\tAddress: 00000000fee00000  Data: 0000")
            else:
                L.append("\tCapabilities: [48] MSI: Enable- Count=1/1 Maskable- 64bit+")
                L.append("\t\tAddress: 0000000000000000  Data: 0000")
        L.append(f"\tCapabilities: [60] Express (v2) {PTYPE_TXT[d.ptype]}, MSI 00")
        if d.ptype in ("ep", "legacy", "rcie"):
            L.append("\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s unlimited, L1 <64us")
            L.append(f"\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset{'+' if d.flr else '-'} SlotPowerLimit 0.000W")
        else:
            L.append("\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0")
            L.append("\t\t\tExtTag+ RBE+")
        L.append("\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-")
        L.append("\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+" + (" FLReset-" if d.ptype == "ep" else ""))
        L.append("\t\t\tMaxPayload 256 bytes, MaxReadReq 512 bytes")
        L.append("\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-")
        if d.ptype != "rcie":
            port = d.ptype in ("rp", "dp")
            L.append(f"\t\tLnkCap:\tPort #{d.port}, Speed {SPEED[d.speed]}GT/s, Width x{d.width}, ASPM not supported")
            L.append(f"\t\t\tClockPM- Surprise- LLActRep{'+' if port else '-'} BwNot- ASPMOptComp+")
            L.append("\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+")
            L.append("\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-")
            st = "(ok)" if d.sta_speed == d.speed else "(downgraded)"
            L.append(f"\t\tLnkSta:\tSpeed {SPEED[d.sta_speed]}GT/s {st}, Width x{d.sta_width} (ok)")
            L.append(f"\t\t\tTrErr- Train- SlotClk+ DLActive{'+' if port else '-'} BWMgmt- ABWMgmt-")
            if d.slot is not None and d.ptype in ("rp", "dp"):
                L.append("\t\tSltCap:\tAttnBtn- PwrCtrl- MRL- AttnInd- PwrInd- HotPlug- Surprise-")
                L.append(f"\t\t\tSlot #{d.slot if isinstance(d.slot, int) else 0}, PowerLimit 0.000W; Interlock- NoCompl-")
            L.append(f"\t\tLnkCap2: Supported Link Speeds: 2.5-{SPEED[d.speed]}GT/s, Crosslink- Retimer+ 2Retimers+ DRS-")
            L.append(f"\t\tLnkCtl2: Target Link Speed: {SPEED[d.speed]}GT/s, EnterCompliance- SpeedDis-")
        L.append("\tCapabilities: [100 v2] Advanced Error Reporting")
        L.append("\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-")
        L.append("\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-")
        L.append("\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-")
        L.append("\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-")
        L.append("\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+")
        L.append("\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-")
        L.append("\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-")
        L.append("\t\tHeaderLog: 00000000 00000000 00000000 00000000")
        if d.acs:
            # ACS is capable but not enabled: the IOMMU is off, so the kernel never calls pci_request_acs()
            L.append("\tCapabilities: [148 v1] Access Control Services")
            L.append("\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans+")
            L.append("\t\tACSCtl:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-")
    if d.driver:
        L.append(f"\tKernel driver in use: {d.driver}")
    if d.modules:
        L.append(f"\tKernel modules: {d.modules}")
    if hexd:
        L.append(hexdump(build_cfg(d)))
    return "\n".join(L) + "\n"


def short_name(d):
    return d.vname


UUIDS = ["GPU-10f35015-e921-bfab-2eb8-4e9b6664d5f1"] + [uuid("della-j11g1/" + g[0]) for g in GPUS[1:]]

# ---------------------------------------------------------------- prologue
add(f"""{SEP}

Start of NVIDIA bug report log file.  Please include this file, along
with a detailed description of your problem, when reporting a graphics
driver bug via the NVIDIA Linux forum (see forums.developer.nvidia.com)
or by sending email to 'linux-bugs@nvidia.com'.

nvidia-bug-report.sh Version: 34009532

Date: Fri Feb 23 11:53:08 EST 2024
uname: Linux {HOST} {KVER} #1 SMP Thu Aug 31 10:29:22 EDT 2023 x86_64 x86_64 x86_64 GNU/Linux
command line flags: 

""")

nv_devs = [d for d in devs if d.ven == "10de"]
for d in nv_devs:
    add(report_file(f"/sys/bus/pci/devices/{d.bdf}/power/control", "on", size=4096, mode="-rw-r--r--"))
    add(report_file(f"/sys/bus/pci/devices/{d.bdf}/power/runtime_status", "active", size=4096))
    add(report_file(f"/sys/bus/pci/devices/{d.bdf}/power/runtime_usage", "2", size=4096))
    if d.ccode == "0302":
        g = next(g for g in GPUS if g[0] == d.bdf[5:7])
        real = f"/sys/devices/pci0000:{g[3]}/0000:{g[3]}:01.0/0000:{g[4]}:00.0/0000:{g[5]}:01.0/{d.bdf}"
        add(f"{SEP}\n\npower_resources_d3hot directory of the parent PCI/e port\n\n"
            f"*** ls: ls: cannot access '{real}/../firmware_node/power_resources_D3hot': No such file or directory\n")
for g in GPUS:
    add(report_file(f"/proc/driver/nvidia/gpus/0000:{g[0]}:00.0/power",
                    "Runtime D3 status:          Not supported\nVideo Memory:               Active\n\n"
                    "GPU Hardware Support:\n Video Memory Self Refresh: Not Supported\n Video Memory Off:          Not Supported\n\n"
                    "S0ix Power Management:\n Platform Support:          Not Supported\n Status:                    Disabled\n\n"
                    "Notebook Dynamic Boost:     Not Supported\n", size=0))
add(report_file("/etc/issue", "\\S\nKernel \\r on an \\m\n", mode="-rw-r--r--"))
add(report_file("/etc/redhat-release", "Red Hat Enterprise Linux release 8.8 (Ootpa)", mode="-rw-r--r--"))
add(report_file("/etc/os-release", """NAME="Red Hat Enterprise Linux"
VERSION="8.8 (Ootpa)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="8.8"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Red Hat Enterprise Linux 8.8 (Ootpa)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:8::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/8"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
""", mode="-rw-r--r--"))
add(report_file("/var/log/nvidia-installer.log", None))
add(f"""{SEP}

/usr/bin/systemctl status nvidia-suspend.service nvidia-hibernate.service nvidia-resume.service nvidia-powerd.service nvidia-persistenced.service
● nvidia-persistenced.service - NVIDIA Persistence Daemon
   Loaded: loaded (/usr/lib/systemd/system/nvidia-persistenced.service; enabled; vendor preset: disabled)
   Active: active (running) since Tue 2024-02-20 08:12:38 EST; 3 days ago
  Process: 3291 ExecStart=/usr/bin/nvidia-persistenced --verbose (code=exited, status=0/SUCCESS)
 Main PID: 3296 (nvidia-persiste)
    Tasks: 1 (limit: 3297228)
   Memory: 31.2M
   CGroup: /system.slice/nvidia-persistenced.service
           └─3296 /usr/bin/nvidia-persistenced --verbose

""")
add(f"{SEP}\n\n{SEP}\n\nSkipping: ldd output\nglxinfo not found\n\n\n")
add(f"{SEP}\n\nVulkan loader not found\n\n")

# ---------------------------------------------------------------- lspci
def tree():
    # hand-ordered like `lspci -nntv` (highest root bus first)
    def nm(d):
        return f"{d.vname} [{d.ven}:{d.dev}]"
    by = {d.bdf[5:]: d for d in devs}
    out = []
    out.append(f"-+-[0000:d7]---01.0-[d8-db]----00.0-[d9-db]--+-00.0-[da]----00.0  {nm(by['da:00.0'])}")
    out.append(f" |                                           \\-01.0-[db]----00.0  {nm(by['db:00.0'])}")
    for rb, g, s, sk in [("c7", "cb", "ca", "nic"), ("b7", "bb", "ba", "nvme")]:
        u, dp = f"{int(rb, 16) + 1:02x}", f"{int(rb, 16) + 2:02x}"
        out.append(f" +-[0000:{rb}]---01.0-[{u}-{g}]----00.0-[{dp}-{g}]--+-00.0-[{s}]----00.0  {nm(by[s + ':00.0'])}")
        out.append(f" |                                           \\-01.0-[{g}]----00.0  {nm(by[g + ':00.0'])}")
    out.append(f" +-[0000:a7]---01.0-[a8-ad]----00.0-[a9-ad]--+-00.0-[aa]----00.0  {nm(by['aa:00.0'])}")
    out.append(f" |                                           +-01.0-[ab]----00.0  {nm(by['ab:00.0'])}")
    out.append(f" |                                           +-02.0-[ac]----00.0  {nm(by['ac:00.0'])}")
    out.append(f" |                                           \\-03.0-[ad]----00.0  {nm(by['ad:00.0'])}")
    out.append(f" +-[0000:97]---01.0-[98-9b]----00.0-[99-9b]--+-00.0-[9a]--+-00.0  {nm(by['9a:00.0'])}")
    out.append(f" |                                           |            \\-00.1  {nm(by['9a:00.1'])}")
    out.append(f" |                                           \\-01.0-[9b]----00.0  {nm(by['9b:00.0'])}")
    out.append(f" +-[0000:80]---00.0  {nm(by['80:00.0'])}")
    for rb, g, s in [("59", "5d", "5c"), ("48", "4c", "4b"), ("37", "3b", "3a")]:
        u, dp = f"{int(rb, 16) + 1:02x}", f"{int(rb, 16) + 2:02x}"
        out.append(f" +-[0000:{rb}]---01.0-[{u}-{g}]----00.0-[{dp}-{g}]--+-00.0-[{s}]----00.0  {nm(by[s + ':00.0'])}")
        out.append(f" |                                           \\-01.0-[{g}]----00.0  {nm(by[g + ':00.0'])}")
    out.append(f" +-[0000:15]---01.0-[16-19]----00.0-[17-19]--+-00.0-[18]--+-00.0  {nm(by['18:00.0'])}")
    out.append(f" |                                           |            \\-00.1  {nm(by['18:00.1'])}")
    out.append(f" |                                           \\-01.0-[19]----00.0  {nm(by['19:00.0'])}")
    out.append(f" \\-[0000:00]-+-00.0  {nm(by['00:00.0'])}")
    out.append(f"             +-1c.0-[02-03]----00.0-[03]----00.0  {nm(by['03:00.0'])}")
    out.append(f"             +-1f.0  {nm(by['00:1f.0'])}")
    out.append(f"             \\-1f.4  {nm(by['00:1f.4'])}")
    return "\n".join(out)


lspci_nn = "\n".join(f"{d.bdf[5:]} {d.cname} [{d.ccode}]: {d.vname} [{d.ven}:{d.dev}]" + (f" (rev {d.rev})" if d.rev else "")
                     for d in devs)
add(f"""{SEP}

/usr/sbin/lspci -nntv

{tree()}

{SEP}

/usr/sbin/lspci -nn

{lspci_nn}

{SEP}

/usr/sbin/lspci -nnDvvvxxxx

""" + "\n".join(lspci_record(d) for d in devs) + "\n")
add(report_file("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never", size=4096, mode="-rw-r--r--"))
add(report_file("/proc/sys/vm/compaction_proactiveness", None))
even = " ".join(str(i) for i in range(0, NCPU, 2))
odd = " ".join(str(i) for i in range(1, NCPU, 2))
numa = f"""{SEP}

/usr/bin/numactl -H

available: 2 nodes (0-1)
node 0 cpus: {even}
node 0 size: 515461 MB
node 0 free: 477102 MB
node 1 cpus: {odd}
node 1 size: 516046 MB
node 1 free: 488733 MB
node distances:
node   0   1 
  0:  10  21 
  1:  21  10 
"""
numa += report_file("/proc/sys/kernel/numa_balancing", "1", size=0, mode="-rw-r--r--")
for f, v in [("has_cpu", "0-1"), ("has_memory", "0-1"), ("has_normal_memory", "0-1"), ("online", "0-1"), ("possible", "0-1")]:
    numa += report_file(f"/sys/devices/system/node/{f}", v, size=4096)
evenl = ",".join(str(i) for i in range(0, NCPU, 2))
oddl = ",".join(str(i) for i in range(1, NCPU, 2))
for d in devs:
    if d.ven == "10de" and d.bdf.endswith(".0"):
        numa += report_file(f"/sys/bus/pci/devices/{d.bdf}/local_cpulist", evenl if d.numa == 0 else oddl, size=4096)
        numa += report_file(f"/sys/bus/pci/devices/{d.bdf}/numa_node", str(d.numa), size=4096, mode="-rw-r--r--")
add(numa)
add(f"""{SEP}

/usr/bin/lsusb

Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub
Bus 001 Device 003: ID 413c:a102 Dell Computer Corp. iDRAC Virtual NIC USB Device
Bus 001 Device 002: ID 1604:10c0 Tascam Dell Integrated Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub

""")
add(f"""{SEP}

/usr/sbin/dmidecode

# dmidecode 3.3
Getting SMBIOS data from sysfs.
SMBIOS 3.3.0 present.
Table at 0x6A5C6000.

Handle 0x0000, DMI type 0, 26 bytes
BIOS Information
	Vendor: Dell Inc.
	Version: 1.6.10
	Release Date: 12/07/2023
	Address: 0xF0000
	Runtime Size: 64 kB
	ROM Size: 64 MB
	Characteristics:
		ISA is supported
		PCI is supported
		PNP is supported
		BIOS is upgradeable
		BIOS shadowing is allowed
		Boot from CD is supported
		Selectable boot is supported
		EDD is supported
		Japanese floppy for Toshiba 1.2 MB is supported (int 13h)
		5.25"/360 kB floppy services are supported (int 13h)
		5.25"/1.2 MB floppy services are supported (int 13h)
		3.5"/720 kB floppy services are supported (int 13h)
		8042 keyboard services are supported (int 9h)
		Serial services are supported (int 14h)
		CGA/mono video services are supported (int 10h)
		ACPI is supported
		USB legacy is supported
		BIOS boot specification is supported
		Function key-initiated network boot is supported
		Targeted content distribution is supported
		UEFI is supported
	BIOS Revision: 1.6

Handle 0x0100, DMI type 1, 27 bytes
System Information
	Manufacturer: Dell Inc.
	Product Name: PowerEdge XE9680
	Version: Not Specified
	Serial Number: 7Q3KXY3
	UUID: 4c4c4544-0051-3310-804b-b7c04f585933
	Wake-up Type: Power Switch
	SKU Number: SKU=0BA4;ModelName=PowerEdge XE9680
	Family: PowerEdge

Handle 0x0200, DMI type 2, 8 bytes
Base Board Information
	Manufacturer: Dell Inc.
	Product Name: 0P1PK4
	Version: A00
	Serial Number: .7Q3KXY3.CNCMS0039M0023.

Handle 0x0400, DMI type 4, 48 bytes
Processor Information
	Socket Designation: CPU1
	Type: Central Processor
	Family: Xeon
	Manufacturer: Intel
	Version: Intel(R) Xeon(R) Platinum 8468
	Max Speed: 4000 MHz
	Current Speed: 2100 MHz
	Status: Populated, Enabled
	Core Count: 48
	Core Enabled: 48
	Thread Count: 96

Handle 0x0401, DMI type 4, 48 bytes
Processor Information
	Socket Designation: CPU2
	Type: Central Processor
	Family: Xeon
	Manufacturer: Intel
	Version: Intel(R) Xeon(R) Platinum 8468
	Max Speed: 4000 MHz
	Current Speed: 2100 MHz
	Status: Populated, Enabled
	Core Count: 48
	Core Enabled: 48
	Thread Count: 96

""")
mv = ""
for m in ["nvidia", "nvidia_drm", "nvidia_modeset", "nvidia_uvm", "nvidia_peermem"]:
    mv += f"/usr/sbin/modinfo {m} | grep vermagic\n\nvermagic:       {KVER} SMP mod_unload modversions \n\n"
add(f"{SEP}\n\n{mv}")
params = {
    "nvidia": [("NVreg_EnableGpuFirmware", "18"), ("NVreg_EnableMSI", "1"), ("NVreg_EnablePCIeGen3", "0"),
               ("NVreg_EnableStreamMemOPs", "0"), ("NVreg_NvLinkDisable", "0"), ("NVreg_OpenRmEnableUnsupportedGpus", "0"),
               ("NVreg_RestrictProfilingToAdminUsers", "1"), ("NVreg_RmMsg", "(null)"), ("NVreg_RmNvlinkBandwidth", "(null)"),
               ("rm_firmware_active", "(null)")],
    "nvidia_drm": [("fbdev", "N"), ("modeset", "N")],
    "nvidia_modeset": [("disable_hdmi_frl", "N"), ("fail_malformed_edid_crc", "N")],
    "nvidia_uvm": [("uvm_ats_mode", "1"), ("uvm_enable_builtin_tests", "0"), ("uvm_perf_prefetch_enable", "1")],
    "nvidia_peermem": [("peerdirect_support", "0")],
}
add(f"{SEP}\n\n" + "".join(f"/sys/module/{m}/parameters/{k}:{v}\n" for m, kv in params.items() for k, v in kv))

# ---------------------------------------------------------------- kernel log
DMAR_UNITS = []
bases = ([0xd37fc000, 0xd5ffc000, 0xd87fc000, 0xdaffc000, 0xdd7fc000, 0xdfffc000, 0xe07fc000, 0xe0ffc000] +
         [0xe1ffc000, 0xe47fc000, 0xe6ffc000, 0xe97fc000, 0xebffc000, 0xee7fc000, 0xee7ec000, 0xf1ffc000])
for n, b in enumerate(bases):
    DMAR_UNITS.append(b)
bt = "Feb 20 08:10:"
K = []  # (timestamp, text)
def k(t, s):
    K.append((t, s))
CMDLINE = (f"BOOT_IMAGE=(hd0,gpt2)/vmlinuz-{KVER} root=UUID=6a1f4c2e-93b7-4d55-8f0e-2c7b9d1a4e30 ro "
           "crashkernel=auto resume=UUID=0e5b7d21-7a44-4c0b-9a2e-5f6d8c3b1a97 rd.driver.blacklist=nouveau "
           "nouveau.modeset=0 transparent_hugepage=always")
k(0.0, f"Linux version {KVER} (mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc version 8.5.0 20210514 (Red Hat 8.5.0-18) (GCC)) #1 SMP Thu Aug 31 10:29:22 EDT 2023")
k(0.0, f"Command line: {CMDLINE}")
k(0.0, "x86/split lock detection: warning about user-space split_locks")
k(0.0, "BIOS-provided physical RAM map:")
for r, kind in [("0x0000000000000000-0x000000000009ffff", "usable"), ("0x00000000000a0000-0x00000000000fffff", "reserved"),
                ("0x0000000000100000-0x000000005f5fefff", "usable"), ("0x000000005f5ff000-0x000000006c5fefff", "reserved"),
                ("0x000000006c5ff000-0x000000006e5fefff", "ACPI NVS"), ("0x000000006e5ff000-0x000000006f7fefff", "ACPI data"),
                ("0x000000006f7ff000-0x000000006fffffff", "usable"), ("0x0000000070000000-0x000000008fffffff", "reserved"),
                ("0x00000000fe000000-0x00000000fe010fff", "reserved"), ("0x0000000100000000-0x000000807fffffff", "usable"),
                ("0x0000008080000000-0x000000ffffffffff", "usable")]:
    k(0.0, f"BIOS-e820: [mem {r}] {kind}")
k(0.0, "NX (Execute Disable) protection: active")
k(0.0, "SMBIOS 3.3.0 present.")
k(0.0, "DMI: Dell Inc. PowerEdge XE9680/0P1PK4, BIOS 1.6.10 12/07/2023")
k(0.0, "tsc: Detected 2100.000 MHz processor")
k(0.008215, "ACPI: DMAR 0x000000006E5E2000 0003B8 (v01 DELL   PE_SC3   00000001 DELL 00000001)")
k(0.008301, "ACPI: SRAT 0x000000006E5E3000 004E50 (v03 DELL   PE_SC3   00000002 DELL 00000001)")
k(0.010941, "NUMA: Initialized distance table, cnt=2")
k(0.057110, f"Kernel command line: {CMDLINE}")
k(0.101208, "Memory: 1056123840K/1073737044K available (12293K kernel code, 5867K rwdata, 8316K rodata, 2564K init, 6140K bss, 17613204K reserved, 0K cma-reserved)")
t = 0.418330
k(t, "DMAR: Host address width 46")
for n, b in enumerate(DMAR_UNITS):
    t += 0.000004
    k(t, f"DMAR: DRHD base: 0x000000{b:08x} flags: 0x0")
    t += 0.000009
    k(t, f"DMAR: dmar{n}: reg_base_addr {b:x} ver 6:0 cap 9ed008c40780466 ecap 3ee9e86f050df")
t += 0.000006
k(t, "DMAR: DRHD base: 0x000000fbffc000 flags: 0x1")
t += 0.000009
k(t, f"DMAR: dmar{len(DMAR_UNITS)}: reg_base_addr fbffc000 ver 6:0 cap 9ed008c40780466 ecap 3ee9e86f050df")
t += 0.000004
k(t, "DMAR: RMRR base: 0x0000006b9d1000 end: 0x0000006b9d3fff")
t += 0.000003
k(t, "DMAR-IR: IOAPIC id 8 under DRHD base  0xfbffc000 IOMMU 16")
t += 0.000002
k(t, "DMAR-IR: HPET id 0 under DRHD base 0xfbffc000")
t += 0.000002
k(t, "DMAR-IR: Queued invalidation will be enabled to support x2apic and Intr-remapping.")
t = 0.424903
k(t, "DMAR-IR: Enabled IRQ remapping in x2apic mode")
k(0.424904, "x2apic enabled")
k(0.424921, "Switched APIC routing to cluster x2apic.")
k(0.611093, "smpboot: CPU0: Intel(R) Xeon(R) Platinum 8468 (family: 0x6, model: 0x8f, stepping: 0x8)")
k(0.983320, "smp: Brought up 2 nodes, 96 CPUs")
k(0.983322, "smpboot: Max logical packages: 2")
k(0.983324, "smpboot: Total of 96 processors activated (403200.00 BogoMIPS)")
t = 1.90
for d in devs:
    if d.ven == "10de" and d.ccode == "0302":
        t += 0.01
        k(t, f"pci {d.bdf}: [10de:2330] type 00 class 0x030200")
        for idx, addr, size, kind in d.bars:
            k(t + 0.000010 * (idx + 1), f"pci {d.bdf}: reg 0x{0x10 + 4 * idx:x}: [mem 0x{addr:x}-0x{addr + size - 1:x} 64bit pref]")
        k(t + 0.000090, f"pci {d.bdf}: PME# supported from D0 D3hot")
    if d.ven == "10de" and d.ccode == "0680":
        t += 0.01
        k(t, f"pci {d.bdf}: [10de:22a3] type 00 class 0x068000")
        k(t + 0.000012, f"pci {d.bdf}: reg 0x10: [mem 0x{d.bars[0][1]:x}-0x{d.bars[0][1] + d.bars[0][2] - 1:x} 64bit]")
k(2.612224, "iommu: Default domain type: Translated ")
k(2.980111, "PCI: CLS 64 bytes, default 64")
k(2.980133, "PCI-DMA: Using software bounce buffering for IO (SWIOTLB)")
k(2.980135, "software IO TLB: mapped [mem 0x000000005b5ff000-0x000000005f5ff000] (64MB)")
k(7.912305, "mlx5_core 0000:18:00.0: firmware version: 28.39.1002")
k(7.912344, "mlx5_core 0000:18:00.0: 504.112 Gb/s available PCIe bandwidth (32.0 GT/s PCIe x16 link)")
k(11.204411, "nvidia: loading out-of-tree module taints kernel.")
k(11.204415, "nvidia: module license 'NVIDIA' taints kernel.")
k(11.204416, "Disabling lock debugging due to kernel taint")
k(11.231290, "nvidia: module verification failed: signature and/or required key missing - tainting kernel")
k(11.288012, "nvidia-nvlink: Nvlink Core is being initialized, major device number 235")
t = 11.29
for d in devs:
    if d.ven == "10de" and d.ccode == "0680":
        t += 0.0021
        k(t, f"nvidia-nvswitch: Probing device {d.bdf}, Vendor Id = 0x10de, Device Id = 0x22a3, Revision Id = 0xa1")
k(11.352118, f"NVRM: loading NVIDIA UNIX x86_64 Kernel Module  {DRV}  Mon Nov  6 23:49:37 UTC 2023")
k(11.422930, f"nvidia-modeset: Loading NVIDIA Kernel Mode Setting Driver for UNIX platforms  {DRV}  Mon Nov  6 23:23:07 UTC 2023")
t = 11.43
for g in GPUS:
    t += 0.0051
    k(t, f"[drm] [nvidia-drm] [GPU ID 0x0000{g[0]}00] Loading driver")
k(11.512287, "[drm] Initialized nvidia-drm 0.0.0 20160202 for 0000:19:00.0 on minor 1")
k(11.601133, "nvidia-uvm: Loaded the UVM driver, major device number 509.")
k(11.733409, "nvidia_peermem: module uses symbols from proprietary module nvidia, inheriting taint.")
k(148.093112, "IPv6: ADDRCONF(NETDEV_CHANGE): ib0: link becomes ready")
K.sort(key=lambda x: x[0])
dmesg = "\n".join(f"[{t:12.6f}] {s}" for t, s in K)
nvrm_lines = [s for t, s in K if "NVRM" in s or "nvidia-" in s]
def jline(t, s):
    sec = 3 + int(t)
    return f"Feb 20 08:10:{sec:02d} {HOST} kernel: {s}"
scan = f"{SEP}\n\nScanning kernel log files for NVIDIA kernel messages:\n\n  journalctl -b -0:\n" + "\n".join(
    jline(t, s) for t, s in K if "NVRM" in s or "nvidia-" in s) + "\n\n"
add(scan)
add(f"{SEP}\n\ndmesg:\n\n{dmesg}\n")
add(f"{SEP}\n\nxset -q:\n\nxset could not connect to an X server\n")
add(f"{SEP}\n\nnvidia-settings -q all:\n\nnvidia-settings could not connect to an X server\n")
add(f"{SEP}\n\nSkipping: xrandr output\nxrandr not found\n\n")

# ---------------------------------------------------------------- /proc files
add(report_file("/proc/cmdline", CMDLINE, size=0))
FLAGS = corpus("other/princeton-pli-lscpu-xeon-8468-no-vmx-flag.txt").split("Flags:", 1)[1].strip()
assert " vmx " not in f" {FLAGS} "
cpus = []
for n in range(NCPU):
    sock = n % 2
    core = n // 2
    apic = sock * 128 + core * 2
    mhz = ["3645.945", "2100.000", "3800.000", "800.000"][n % 4]
    cpus.append(f"""processor\t: {n}
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 143
model name\t: Intel(R) Xeon(R) Platinum 8468
stepping\t: 8
microcode\t: 0x2b0004d0
cpu MHz\t\t: {mhz}
cache size\t: 107520 KB
physical id\t: {sock}
siblings\t: 48
core id\t\t: {core}
cpu cores\t: 48
apicid\t\t: {apic}
initial apicid\t: {apic}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 32
wp\t\t: yes
flags\t\t: {FLAGS}
bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb
bogomips\t: 4200.00
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 46 bits physical, 57 bits virtual
power management:
""")
add(report_file("/proc/cpuinfo", "\n".join(cpus) + "\n", size=0))

# /proc/interrupts (96 CPUs, 4.18: IR-PCI-MSI with the BDF-derived hwirq)
def bdfid(bdf):
    b, df = bdf[5:].split(":")
    dv, fn = df.split(".")
    return (int(b, 16) << 8) | (int(dv, 16) << 3) | int(fn)
rows = [" " * 12 + "".join(f"CPU{n:<8}" for n in range(NCPU))]
def cnt(seed, total, ncpu=NCPU):
    c = [0] * ncpu
    if total:
        c[int(det_hex(seed, 2), 16) % ncpu] = total
    return c
def row(irq, c, chip, hw, trig, name):
    rows.append((f"{irq:>4}:" + "".join(f"{x:>11}" for x in c) + f"  {chip:>8} {hw}-{trig:<8}  {name}").rstrip())
row(0, cnt("t", 36), "IR-IO-APIC", "   2", "edge", "timer")
row(8, cnt("r", 1), "IR-IO-APIC", "   8", "edge", "rtc0")
row(9, [0] * NCPU, "IR-IO-APIC", "   9", "fasteoi", "acpi")
row(16, cnt("s", 89), "IR-IO-APIC", "  16", "fasteoi", "i801_smbus")
irq = 24
for n in range(len(DMAR_UNITS) + 1):
    row(irq, [0] * NCPU, "DMAR-MSI", f"{n:>4}", "edge", f"dmar{n}")
    irq += 1
for d in devs:
    if d.driver == "pcieport":
        row(d.irq, [0] * NCPU, "IR-PCI-MSI", f"{bdfid(d.bdf) << 11}", "edge", "PCIe PME, aerdrv" if d.ptype == "rp" else "aerdrv")
for d in devs:
    if d.driver == "nvidia":
        row(d.irq, cnt(d.bdf, 2283911), "IR-PCI-MSI", f"{bdfid(d.bdf) << 11}", "edge", "nvidia")
    elif d.driver == "nvidia-nvswitch":
        row(d.irq, cnt(d.bdf, 16), "IR-PCI-MSI", f"{bdfid(d.bdf) << 11}", "edge", "nvidia-nvswitch")
    elif d.driver == "nvme":
        row(d.irq, cnt(d.bdf, 14022), "IR-PCI-MSI", f"{bdfid(d.bdf) << 11}", "edge", "nvme0q0")
    elif d.driver == "mlx5_core":
        row(d.irq, cnt(d.bdf, 5011), "IR-PCI-MSI", f"{bdfid(d.bdf) << 11}", "edge", f"mlx5_async0@pci:{d.bdf}")
def sysrow(label, c, desc):
    rows.append(f"{label:>4}:" + "".join(f"{x:>11}" for x in c) + "   " + desc)
sysrow("NMI", [31] * NCPU, "Non-maskable interrupts")
sysrow("LOC", [25190000 + 1013 * i for i in range(NCPU)], "Local timer interrupts")
sysrow("SPU", [0] * NCPU, "Spurious interrupts")
sysrow("PMI", [31] * NCPU, "Performance monitoring interrupts")
sysrow("IWI", [12 + i for i in range(NCPU)], "IRQ work interrupts")
sysrow("RTR", [0] * NCPU, "APIC ICR read retries")
sysrow("RES", [91000 + 37 * i for i in range(NCPU)], "Rescheduling interrupts")
sysrow("CAL", [211000 + 53 * i for i in range(NCPU)], "Function call interrupts")
sysrow("TLB", [4100 + 7 * i for i in range(NCPU)], "TLB shootdowns")
sysrow("TRM", [0] * NCPU, "Thermal event interrupts")
sysrow("THR", [0] * NCPU, "Threshold APIC interrupts")
sysrow("DFR", [0] * NCPU, "Deferred Error APIC interrupts")
sysrow("MCE", [0] * NCPU, "Machine check exceptions")
sysrow("MCP", [1031] * NCPU, "Machine check polls")
rows.append(" ERR:          0")
rows.append(" MIS:          0")
sysrow("PIN", [0] * NCPU, "Posted-interrupt notification event")
sysrow("NPI", [0] * NCPU, "Nested posted-interrupt event")
sysrow("PIW", [0] * NCPU, "Posted-interrupt wakeup event")
add(report_file("/proc/interrupts", "\n".join(rows), size=0))
add(report_file("/proc/meminfo", """MemTotal:       1056123840 kB
MemFree:        988441220 kB
MemAvailable:   1021775612 kB
Buffers:           12292 kB
Cached:         31962708 kB
SwapCached:            0 kB
Active:          6109832 kB
Inactive:       28911436 kB
Active(anon):     411108 kB
Inactive(anon):  3140316 kB
Active(file):    5698724 kB
Inactive(file): 25771120 kB
Unevictable:      101300 kB
Mlocked:          101300 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Dirty:               540 kB
Writeback:             0 kB
AnonPages:       3162420 kB
Mapped:           712164 kB
Shmem:            478412 kB
KReclaimable:    3110968 kB
Slab:            6931292 kB
SReclaimable:    3110968 kB
SUnreclaim:      3820324 kB
KernelStack:       51936 kB
PageTables:        37108 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    528061920 kB
Committed_AS:    9131216 kB
VmallocTotal:   34359738367 kB
VmallocUsed:     3024988 kB
VmallocChunk:          0 kB
Percpu:           191488 kB
HardwareCorrupted:     0 kB
AnonHugePages:   2637824 kB
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
DirectMap4k:     1219424 kB
DirectMap2M:    106244096 kB
DirectMap1G:    966787072 kB""", size=0))
MODS = [("nvidia_peermem", 16384, 0, "-", "(POE)"), ("nvidia_drm", 77824, 0, "-", "(POE)"),
        ("nvidia_modeset", 1384448, 1, "nvidia_drm,", "(POE)"), ("nvidia_uvm", 4734976, 4, "-", "(POE)"),
        ("nvidia", 56688640, 130, "nvidia_peermem,nvidia_modeset,nvidia_uvm,", "(POE)"),
        ("mlx5_ib", 462848, 0, "-", ""), ("ib_uverbs", 163840, 2, "nvidia_peermem,mlx5_ib,", ""),
        ("ib_ipoib", 155648, 0, "-", ""), ("ib_umad", 28672, 8, "-", ""), ("rdma_ucm", 32768, 0, "-", ""),
        ("rdma_cm", 118784, 1, "rdma_ucm,", ""), ("iw_cm", 53248, 1, "rdma_cm,", ""), ("ib_cm", 114688, 3, "ib_ipoib,rdma_cm,", ""),
        ("ib_core", 450560, 9, "ib_uverbs,mlx5_ib,ib_ipoib,ib_umad,rdma_ucm,rdma_cm,iw_cm,ib_cm,", ""),
        ("mlx5_core", 2199552, 1, "mlx5_ib,", ""), ("mlxfw", 28672, 1, "mlx5_core,", ""), ("tls", 102400, 1, "mlx5_core,", ""),
        ("psample", 20480, 1, "mlx5_core,", ""), ("pci_hyperv_intf", 16384, 1, "mlx5_core,", ""),
        ("drm_kms_helper", 266240, 2, "nvidia_drm,mgag200,", ""), ("mgag200", 65536, 1, "-", ""),
        ("drm", 585728, 5, "nvidia_drm,drm_kms_helper,mgag200,", ""), ("i2c_algo_bit", 16384, 1, "mgag200,", ""),
        ("intel_rapl_msr", 16384, 0, "-", ""), ("intel_rapl_common", 24576, 1, "intel_rapl_msr,", ""),
        ("i10nm_edac", 28672, 0, "-", ""), ("nfit", 65536, 1, "i10nm_edac,", ""), ("x86_pkg_temp_thermal", 16384, 0, "-", ""),
        ("intel_powerclamp", 16384, 0, "-", ""), ("coretemp", 16384, 0, "-", ""), ("ipmi_ssif", 32768, 0, "-", ""),
        ("i2c_i801", 28672, 0, "-", ""), ("ipmi_si", 69632, 1, "-", ""), ("ipmi_devintf", 20480, 0, "-", ""),
        ("ipmi_msghandler", 110592, 3, "ipmi_ssif,ipmi_si,ipmi_devintf,", ""), ("nvme", 45056, 4, "-", ""),
        ("nvme_core", 139264, 5, "nvme,", ""), ("t10_pi", 16384, 1, "nvme_core,", ""), ("xfs", 1564672, 4, "-", ""),
        ("libcrc32c", 16384, 1, "xfs,", ""), ("dm_mirror", 28672, 0, "-", ""), ("dm_region_hash", 20480, 1, "dm_mirror,", ""),
        ("dm_log", 20480, 2, "dm_mirror,dm_region_hash,", ""), ("dm_mod", 155648, 2, "dm_mirror,dm_log,", "")]
addr = 0xffffffffc0000000
modtxt = []
for n, s, r, dep, taint in reversed(MODS):
    addr += (s + 0xfff) & ~0xfff
    modtxt.append((n, s, r, dep, taint, addr))
modtxt.reverse()
add(report_file("/proc/modules", "\n".join(
    f"{n} {s} {r} {dep} Live 0x{a:016x}" + (f" {taint}" if taint else "") for n, s, r, dep, taint, a in modtxt), size=0))
add(report_file("/proc/version", f"Linux version {KVER} (mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc version 8.5.0 20210514 (Red Hat 8.5.0-18) (GCC)) #1 SMP Thu Aug 31 10:29:22 EDT 2023", size=0))
add(report_file("/proc/pci", None))
add(report_file("/proc/iomem", "\n".join([
    "00000000-00000fff : Reserved", "00001000-0009ffff : System RAM", "000a0000-000fffff : Reserved",
    "00100000-5f5fefff : System RAM", "5f5ff000-6c5fefff : Reserved", "6c5ff000-6e5fefff : ACPI Non-volatile Storage",
    "6e5ff000-6f7fefff : ACPI Tables", "6f7ff000-6fffffff : System RAM", "70000000-8fffffff : Reserved",
    "  80000000-8fffffff : PCI MMCONFIG 0000 [bus 00-ff]",
    "93000000-94ffffff : PCI Bus 0000:00", "d0000000-d7ffffff : PCI Bus 0000:a7",
    "fe000000-fe010fff : Reserved", "100000000-ffffffffff : System RAM",
] + [f"{mem_base(i):x}-{mem_base(i) + 0x2005ffffff:x} : PCI Bus 0000:{g[3]}" for i, g in enumerate(GPUS)]), size=0))
add(report_file("/proc/mtrr", "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\nreg01: base=0x080000000 ( 2048MB), size=  512MB, count=1: write-back", size=0, mode="-rw-r--r--"))
add(report_file("/proc/buddyinfo", "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      2 \n"
                "Node 0, zone    DMA32      6      3      4      5      5      6      4      6      6      5    355 \n"
                "Node 0, zone   Normal   1482   2113   1710   1406   1188   1003    861    712    601    403 118220 \n"
                "Node 1, zone   Normal   1391   1917   1644   1311   1202    977    842    733    588    421 120331 ", size=0))
add(report_file("/proc/driver/nvidia/version",
                f"NVRM version: NVIDIA UNIX x86_64 Kernel Module  {DRV}  Mon Nov  6 23:49:37 UTC 2023\n"
                "GCC version:  gcc version 8.5.0 20210514 (Red Hat 8.5.0-18) (GCC) ", size=0))
add(report_file("/proc/driver/nvidia/params", "\n".join([
    "ResmanDebugLevel: 4294967295", "RmLogonRC: 1", "ModifyDeviceFiles: 1", "DeviceFileUID: 0", "DeviceFileGID: 0",
    "DeviceFileMode: 438", "InitializeSystemMemoryAllocations: 1", "UsePageAttributeTable: 4294967295",
    "EnableMSI: 1", "EnablePCIeGen3: 0", "MemoryPoolSize: 0", "KMallocHeapMaxSize: 0", "VMallocHeapMaxSize: 0",
    "IgnoreMMIOCheck: 0", "TCEBypassMode: 0", "EnableStreamMemOPs: 0", "EnableUserNUMAManagement: 1",
    "NvLinkDisable: 0", "RmProfilingAdminOnly: 1", "PreserveVideoMemoryAllocations: 0", "EnableS0ixPowerManagement: 0",
    "S0ixPowerManagementVideoMemoryThreshold: 256", "DynamicPowerManagement: 3",
    "DynamicPowerManagementVideoMemoryThreshold: 200", "RegisterPCIDriver: 1", "EnablePCIERelaxedOrderingMode: 0",
    "EnableResizableBar: 0", "EnableGpuFirmware: 18", "EnableGpuFirmwareLogs: 2", "EnableDbgBreakpoint: 0",
    "OpenRmEnableUnsupportedGpus: 0", "DmaRemapPeerMmio: 1", "RegistryDwords: \"\"",
    "RegistryDwordsPerDevice: \"\"", "RmMsg: \"\"", "GpuBlacklist: \"\"", "TemporaryFilePath: \"\"",
    "ExcludedGpus: \"\""]), size=0))
add(report_file("/proc/driver/nvidia/registry", "Binary: \"\"", size=0))
for i, g in enumerate(GPUS):
    add(report_file(f"/proc/driver/nvidia/gpus/0000:{g[0]}:00.0/information", "\n".join([
        "Model: \t\t NVIDIA H100 80GB HBM3", "IRQ:   \t\t " + str(next(d.irq for d in devs if d.bdf == f"0000:{g[0]}:00.0")),
        f"GPU UUID: \t {UUIDS[i]}", "Video BIOS: \t 96.00.74.00.0d", "Bus Type: \t PCIe",
        "DMA Size: \t 52 bits", "DMA Mask: \t 0xfffffffffffff", f"Bus Location: \t 0000:{g[0]}:00.0",
        "Device Minor: \t " + str(i), "GPU Excluded:\t No"]), size=0))
drm = ["*** ls: lrwxrwxrwx 1 root root 0 2024-02-20 08:10:15.000000000 -0500 /sys/class/drm/card0/device/driver -> ../../../../../../bus/pci/drivers/mgag200"]
for i, g in enumerate(GPUS):
    drm.append(f"*** ls: lrwxrwxrwx 1 root root 0 2024-02-20 08:10:15.000000000 -0500 /sys/class/drm/card{i + 1}/device/driver -> ../../../../../../../bus/pci/drivers/nvidia")
add(f"{SEP}\n\n" + "\n".join(drm) + "\n\n")
add(f"{SEP}\n\n/dev/dri not present\n\n")
add(f"{SEP}\n\n{SEP}\n\nSkipping: nvidia-debugdump output\nnvidia-debugdump not found\n\n\n")
add(f"{SEP}\n\n{SEP}\n\nSkipping: vulkaninfo output\nvulkaninfo not found\n\n\n")

# ---------------------------------------------------------------- nvidia-smi
real = corpus("nvidia-smi-q/princeton-pli-h100-sxm5-nvidia-smi-a-fabric-completed.txt")
real_lines = real.rstrip("\n").split("\n")
gi = real_lines.index("GPU 00000000:19:00.0")
gpu0 = real_lines[gi:]                         # verbatim block of the real capture (GPU 0)
assert gpu0[-1] == "    Processes                             : None"
header = ["", "==============NVSMI LOG==============", "",
          "Timestamp                                 : Fri Feb 23 11:53:11 2024",
          f"Driver Version                            : {DRV}", "CUDA Version                              : 12.3", "",
          "Attached GPUs                             : 8"]


def gpu_block(i, g):
    if i == 0:
        return list(gpu0)
    bus = g[0].upper()
    repl = {
        "GPU 00000000:19:00.0": f"GPU 00000000:{bus}:00.0",
        "    Serial Number                         : 1654123038646": f"    Serial Number                         : {1654123038646 + 11 * i + int(det_hex(g[0], 2), 16) % 9}",
        "    GPU UUID                              : GPU-10f35015-e921-bfab-2eb8-4e9b6664d5f1": f"    GPU UUID                              : {uuid('della-j11g1/' + g[0])}",
        "    Minor Number                          : 0": f"    Minor Number                          : {i}",
        "    Board ID                              : 0x1900": f"    Board ID                              : 0x{g[0]}00",
        "    Module ID                             : 2": f"    Module ID                             : {g[2]}",
        "        Bus                               : 0x19": f"        Bus                               : 0x{bus}",
        "        Bus Id                            : 00000000:19:00.0": f"        Bus Id                            : 00000000:{bus}:00.0",
        "        Tx Throughput                     : 464 KB/s": f"        Tx Throughput                     : {400 + 37 * i} KB/s",
        "        Rx Throughput                     : 2593 KB/s": f"        Rx Throughput                     : {2400 + 91 * i} KB/s",
        "        GPU Current Temp                  : 33 C": f"        GPU Current Temp                  : {31 + (i * 3) % 7} C",
        "        Memory Current Temp               : 41 C": f"        Memory Current Temp               : {39 + (i * 5) % 6} C",
        "        Power Draw                        : 72.02 W": f"        Power Draw                        : {68 + i * 1.37:.2f} W",
        "        Power Draw                        : 47.78 W": f"        Power Draw                        : {45 + i * 0.71:.2f} W",
        "        Latest Timestamp                  : 2024/02/22 13:09:29.459": f"        Latest Timestamp                  : 2024/02/22 13:09:{29 + i:02d}.{459 - 17 * i:03d}",
    }
    out = []
    for line in gpu0:
        out.append(repl.get(line, line))
    return out


smi = header[:]
for i, g in enumerate(GPUS):
    smi += gpu_block(i, g)
    smi.append("")
unit = ["", "==============NVSMI LOG==============", "",
        "Timestamp                                 : Fri Feb 23 11:53:12 2024",
        f"Driver Version                            : {DRV}", "CUDA Version                              : 12.3", "",
        "HIC Info                                  : N/A", "Attached Units                            : 0", ""]
errc, stat = [], []
for i, g in enumerate(GPUS):
    hdr = f"GPU {i}: NVIDIA H100 80GB HBM3 (UUID: {UUIDS[i]})"
    errc.append(hdr)
    stat.append(hdr)
    for ln in range(18):
        errc.append(f"\t Link {ln}: Replay Errors: 0")
        errc.append(f"\t Link {ln}: Recovery Errors: 0")
        errc.append(f"\t Link {ln}: CRC Errors: 0")
        stat.append(f"\t Link {ln}: 26.562 GB/s")
add(f"{SEP}\n\n/usr/bin/nvidia-smi --query\n\n" + "\n".join(smi) + "\n\n"
    f"/usr/bin/nvidia-smi --query --unit\n\n" + "\n".join(unit) + "\n\n"
    f"/usr/bin/nvidia-smi nvlink --errorcounters\n\n" + "\n".join(errc) + "\n\n"
    f"/usr/bin/nvidia-smi nvlink --status\n\n" + "\n".join(stat) + "\n\n")

# ---------------------------------------------------------------- Fabric Manager
fm_t = "[Feb 20 2024 08:12:41]"
fm = [f"{fm_t} [INFO] [tid 3312] Fabric Manager version {DRV} is running with the following configuration options",
      f"{fm_t} [INFO] [tid 3312] Logging level = 4",
      f"{fm_t} [INFO] [tid 3312] Logging file name/path = /var/log/fabricmanager.log",
      f"{fm_t} [INFO] [tid 3312] Append to log file = 1",
      f"{fm_t} [INFO] [tid 3312] Max Log file size = 1024 (MBs)",
      f"{fm_t} [INFO] [tid 3312] Use Syslog file = 0",
      f"{fm_t} [INFO] [tid 3312] Fabric Manager communication ports = 16000",
      f"{fm_t} [INFO] [tid 3312] Fabric Mode = 0",
      f"{fm_t} [INFO] [tid 3312] Fabric Mode Restart = 0",
      f"{fm_t} [INFO] [tid 3312] FM Library communication bind interface = 127.0.0.1",
      f"{fm_t} [INFO] [tid 3312] FM Library communication unix domain socket = ",
      f"{fm_t} [INFO] [tid 3312] FM Library communication port number = 6666",
      f"{fm_t} [INFO] [tid 3312] Continue to run when facing failures = 0",
      f"{fm_t} [INFO] [tid 3312] Option when facing GPU to NVSwitch NVLink failure = 0",
      f"{fm_t} [INFO] [tid 3312] Option when facing NVSwitch to NVSwitch NVLink failure = 0",
      f"{fm_t} [INFO] [tid 3312] Option when facing NVSwitch failure = 0",
      f"{fm_t} [INFO] [tid 3312] Abort CUDA jobs when FM exits = 1",
      f"{fm_t} [INFO] [tid 3312] Connected to 1 node.",
      f"{fm_t} [INFO] [tid 3312] Getting fabric node FM version info",
      f"{fm_t} [INFO] [tid 3312] getting NVSwitch device information",
      f"{fm_t} [INFO] [tid 3312] detected number of NVSwitches: 4",
      f"{fm_t} [INFO] [tid 3312] getting NVLink device information",
      f"{fm_t} [INFO] [tid 3312] detected number of GPUs: 8",
      "[Feb 20 2024 08:12:53] [INFO] [tid 3312] Successfully configured all the available NVSwitches to route GPU NVLink traffic. NVLink Peer-to-Peer support will be enabled once the GPUs are successfully registered with the NVLink fabric."]
add(report_file("/var/log/fabricmanager.log", "\n".join(fm), when="2024-02-20 08:12:53.271000000", mode="-rw-r--r--"))
add(f"""{SEP}

/usr/bin/systemctl status nvidia-fabricmanager.service
● nvidia-fabricmanager.service - NVIDIA fabric manager service
   Loaded: loaded (/usr/lib/systemd/system/nvidia-fabricmanager.service; enabled; vendor preset: disabled)
   Active: active (running) since Tue 2024-02-20 08:12:41 EST; 3 days ago
  Process: 3309 ExecStart=/usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg (code=exited, status=0/SUCCESS)
 Main PID: 3312 (nv-fabricmanage)
    Tasks: 18 (limit: 3297228)
   Memory: 21.4M
   CGroup: /system.slice/nvidia-fabricmanager.service
           └─3312 /usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg

Feb 20 08:12:39 {HOST} systemd[1]: Starting NVIDIA fabric manager service...
Feb 20 08:12:41 {HOST} nv-fabricmanager[3312]: Connected to 1 node.
Feb 20 08:12:53 {HOST} nv-fabricmanager[3312]: Successfully configured all the available NVSwitches to route GPU NVLink traffic. NVLink Peer-to-Peer support will be enabled once the GPUs are successfully registered with the NVLink fabric.
Feb 20 08:12:53 {HOST} systemd[1]: Started NVIDIA fabric manager service.

""")
add(f"{SEP}\n\n{SEP}\n\nSkipping: acpidump output\nacpidump not found\n\n\n")
add(f"{SEP}\n\nEnd of NVIDIA bug report log file.\n")

# ---------------------------------------------------------------- write
text = "".join(sections)
with open(OUT_TXT, "w", encoding="utf-8") as f:
    f.write(text)
os.makedirs(os.path.dirname(OUT_GZ), exist_ok=True)
with open(OUT_GZ, "wb") as f:
    for s in sections:
        f.write(gzip.compress(s.encode("utf-8"), compresslevel=9, mtime=0))
print(f"{len(sections)} sections, {len(text)} chars -> {OUT_GZ} ({os.path.getsize(OUT_GZ)} bytes)")
