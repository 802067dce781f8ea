import sys, os, re, json
sys.path.insert(0, os.path.dirname(__file__))
from common import *

S = Snap("sos-threadripper-no-nvidia")
KVER = "5.9.8-spudd-master"
HOST = "threadripper"
cmdline = corpus("cmdline/chaos-reins-threadripper-vfio-pci-ids-amd-iommu-pt.txt").decode().rstrip("\n")
listing = corpus("iommu-groups/chaos-reins-threadripper-1950x-x399-full-lexicographic.txt").decode()

# ---------------------------------------------------------------- parse the real group listing
devs = {}
for line in listing.splitlines():
    m = re.match(r"IOMMU Group (\d+) (\S+) (.+?) \[([0-9a-f]{4})\]: (.+) \[([0-9a-f]{4}):([0-9a-f]{4})\]( \(rev ([0-9a-f]{2})\))?$", line)
    assert m, line
    g, bdf, cname, ccode, name, ven, dev, _, rev = m.groups()
    devs[bdf] = dict(group=int(g), cname=cname, ccode=ccode, name=name, ven=ven, dev=dev, rev=rev)
order = sorted(devs)
assert len(order) == len(listing.splitlines()) == 77

VFIO_IDS = {"1002:66af", "1002:ab20", "144d:a808", "1b73:1100", "1d6a:d107"}
DRIVER = {"00:01.1": "pcieport", "00:01.2": "pcieport", "00:01.3": "pcieport", "00:03.1": "pcieport",
          "00:07.1": "pcieport", "00:08.1": "pcieport", "00:14.0": "piix4_smbus", "00:18.3": "k10temp",
          "00:19.3": "k10temp", "01:00.0": "xhci_hcd", "01:00.1": "ahci", "01:00.2": "pcieport",
          "02:00.0": "pcieport", "02:01.0": "pcieport", "02:02.0": "pcieport", "02:03.0": "pcieport",
          "02:04.0": "pcieport", "02:09.0": "pcieport", "03:00.0": "ath10k_pci", "04:00.0": "wil6210",
          "05:00.0": "igb", "08:00.0": "xhci_hcd", "09:00.0": "nvme", "0a:00.0": "vfio-pci",
          "0b:00.0": "pcieport", "0c:00.0": "pcieport", "0d:00.0": "vfio-pci", "0d:00.1": "vfio-pci",
          "0e:00.2": "ccp", "0e:00.3": "xhci_hcd", "0f:00.2": "ahci", "0f:00.3": "snd_hda_intel",
          "40:01.1": "pcieport", "40:01.2": "pcieport", "40:01.3": "pcieport", "40:03.1": "pcieport",
          "40:07.1": "pcieport", "40:08.1": "pcieport", "41:00.0": "nvme", "42:00.0": "nvme",
          "43:00.0": "amdgpu", "43:00.1": "snd_hda_intel", "44:00.0": "vfio-pci", "45:00.2": "ccp",
          "45:00.3": "xhci_hcd", "46:00.2": "ahci"}
MODULES = {"xhci_hcd": "xhci_pci", "ahci": "ahci", "ath10k_pci": "ath10k_pci", "wil6210": "wil6210", "igb": "igb",
           "nvme": "nvme", "vfio-pci": None, "ccp": "ccp", "snd_hda_intel": "snd_hda_intel", "amdgpu": "amdgpu",
           "k10temp": "k10temp", "piix4_smbus": "i2c_piix4, sp5100_tco"}
MODS_FOR = {"0a:00.0": "atlantic", "0d:00.0": "amdgpu", "0d:00.1": "snd_hda_intel", "44:00.0": "xhci_pci"}
# bridge -> (secondary, subordinate, link cap speed, width, mem window, pref window, io window)
BRIDGES = {"00:01.1": ("01", "08", "8", 4, "fc600000-fc8fffff [size=3M]", "[disabled]", "0000d000-0000dfff [size=4K]"),
           "00:01.2": ("09", "09", "8", 4, "fca00000-fcafffff [size=1M]", "[disabled]", "[disabled]"),
           "00:01.3": ("0a", "0a", "8", 4, "fc900000-fc9fffff [size=1M]", "[disabled]", "[disabled]"),
           "00:03.1": ("0b", "0d", "8", 16, "fcb00000-fcdfffff [size=3M]", "00000000e0000000-00000000f01fffff [size=258M]", "0000e000-0000efff [size=4K]"),
           "00:07.1": ("0e", "0e", "8", 16, "fce00000-fcffffff [size=2M]", "[disabled]", "[disabled]"),
           "00:08.1": ("0f", "0f", "8", 16, "fd000000-fd0fffff [size=1M]", "[disabled]", "[disabled]"),
           "01:00.2": ("02", "08", "8", 4, "fc600000-fc7fffff [size=2M]", "[disabled]", "0000d000-0000dfff [size=4K]"),
           "02:00.0": ("03", "03", "5", 1, "fc600000-fc6fffff [size=1M]", "[disabled]", "[disabled]"),
           "02:01.0": ("04", "04", "5", 1, "fc700000-fc77ffff [size=512K]", "[disabled]", "[disabled]"),
           "02:02.0": ("05", "05", "5", 1, "fc780000-fc7bffff [size=256K]", "[disabled]", "0000d000-0000dfff [size=4K]"),
           "02:03.0": ("06", "06", "5", 1, "[disabled]", "[disabled]", "[disabled]"),
           "02:04.0": ("07", "07", "5", 1, "[disabled]", "[disabled]", "[disabled]"),
           "02:09.0": ("08", "08", "5", 2, "fc7c0000-fc7fffff [size=256K]", "[disabled]", "[disabled]"),
           "0b:00.0": ("0c", "0d", "8", 16, "fcb00000-fcbfffff [size=1M]", "00000000e0000000-00000000f01fffff [size=258M]", "0000e000-0000efff [size=4K]"),
           "0c:00.0": ("0d", "0d", "8", 16, "fcb00000-fcbfffff [size=1M]", "00000000e0000000-00000000f01fffff [size=258M]", "0000e000-0000efff [size=4K]"),
           "40:01.1": ("41", "41", "8", 4, "eb900000-eb9fffff [size=1M]", "[disabled]", "[disabled]"),
           "40:01.2": ("42", "42", "8", 4, "eb800000-eb8fffff [size=1M]", "[disabled]", "[disabled]"),
           "40:01.3": ("43", "43", "8", 16, "eb600000-eb6fffff [size=1M]", "00000000c0000000-00000000d01fffff [size=258M]", "0000f000-0000ffff [size=4K]"),
           "40:03.1": ("44", "44", "8", 4, "eb700000-eb7fffff [size=1M]", "[disabled]", "[disabled]"),
           "40:07.1": ("45", "45", "8", 16, "eb200000-eb4fffff [size=3M]", "[disabled]", "[disabled]"),
           "40:08.1": ("46", "46", "8", 16, "eb500000-eb5fffff [size=1M]", "[disabled]", "[disabled]")}
# endpoint: (link speed cap, width cap, link speed sta, width sta, regions, numa)
EP = {"01:00.0": ("8", 4, "8", 4, ["Region 0: Memory at fc8a0000 (64-bit, non-prefetchable) [size=32K]"]),
      "01:00.1": ("8", 4, "8", 4, ["Region 5: Memory at fc880000 (32-bit, non-prefetchable) [size=128K]", "Expansion ROM at fc800000 [disabled] [size=512K]"]),
      "03:00.0": ("5", 1, "2.5", 1, ["Region 0: Memory at fc600000 (64-bit, non-prefetchable) [size=2M]"]),
      "04:00.0": ("2.5", 1, "2.5", 1, ["Region 0: Memory at fc700000 (64-bit, non-prefetchable) [size=512K]"]),
      "05:00.0": ("2.5", 1, "2.5", 1, ["Region 0: Memory at fc780000 (32-bit, non-prefetchable) [size=128K]", "Region 2: I/O ports at d000 [size=32]", "Region 3: Memory at fc7a0000 (32-bit, non-prefetchable) [size=16K]"]),
      "08:00.0": ("8", 2, "8", 2, ["Region 0: Memory at fc7c0000 (64-bit, non-prefetchable) [size=32K]"]),
      "09:00.0": ("8", 4, "8", 4, ["Region 0: Memory at fca00000 (64-bit, non-prefetchable) [size=16K]"]),
      "0a:00.0": ("8", 4, "8", 4, ["Region 0: Memory at fc900000 (64-bit, non-prefetchable) [size=64K]", "Region 2: Memory at fc910000 (64-bit, non-prefetchable) [size=4K]", "Region 4: Memory at fc800000 (64-bit, non-prefetchable) [size=4M]", "Expansion ROM at fc980000 [disabled] [size=512K]"]),
      "0d:00.0": ("8", 16, "8", 16, ["Region 0: Memory at e0000000 (64-bit, prefetchable) [size=256M]", "Region 2: Memory at f0000000 (64-bit, prefetchable) [size=2M]", "Region 4: I/O ports at e000 [size=256]", "Region 5: Memory at fcb00000 (32-bit, non-prefetchable) [size=512K]", "Expansion ROM at fcb80000 [disabled] [size=128K]"]),
      "0d:00.1": ("8", 16, "8", 16, ["Region 0: Memory at fcba0000 (32-bit, non-prefetchable) [size=16K]"]),
      "0e:00.0": ("8", 16, "8", 16, []),
      "0e:00.2": ("8", 16, "8", 16, ["Region 2: Memory at fce00000 (32-bit, non-prefetchable) [size=1M]", "Region 5: Memory at fcf00000 (32-bit, non-prefetchable) [size=8K]"]),
      "0e:00.3": ("8", 16, "8", 16, ["Region 0: Memory at fcd00000 (64-bit, non-prefetchable) [size=1M]"]),
      "0f:00.0": ("8", 16, "8", 16, []),
      "0f:00.2": ("8", 16, "8", 16, ["Region 5: Memory at fd008000 (32-bit, non-prefetchable) [size=4K]"]),
      "0f:00.3": ("8", 16, "8", 16, ["Region 0: Memory at fd000000 (32-bit, non-prefetchable) [size=32K]"]),
      "41:00.0": ("8", 4, "8", 4, ["Region 0: Memory at eb900000 (64-bit, non-prefetchable) [size=16K]"]),
      "42:00.0": ("8", 4, "8", 4, ["Region 0: Memory at eb800000 (64-bit, non-prefetchable) [size=16K]"]),
      "43:00.0": ("8", 16, "8", 16, ["Region 0: Memory at c0000000 (64-bit, prefetchable) [size=256M]", "Region 2: Memory at d0000000 (64-bit, prefetchable) [size=2M]", "Region 4: I/O ports at f000 [size=256]", "Region 5: Memory at eb600000 (32-bit, non-prefetchable) [size=256K]", "Expansion ROM at eb640000 [disabled] [size=128K]"]),
      "43:00.1": ("8", 16, "8", 16, ["Region 0: Memory at eb660000 (64-bit, non-prefetchable) [size=16K]"]),
      "44:00.0": ("5", 4, "5", 4, ["Region 0: Memory at eb700000 (64-bit, non-prefetchable) [size=64K]", "Region 2: Memory at eb711000 (64-bit, non-prefetchable) [size=4K]", "Region 4: Memory at eb710000 (64-bit, non-prefetchable) [size=4K]"]),
      "45:00.0": ("8", 16, "8", 16, []),
      "45:00.2": ("8", 16, "8", 16, ["Region 2: Memory at eb200000 (32-bit, non-prefetchable) [size=1M]", "Region 5: Memory at eb300000 (32-bit, non-prefetchable) [size=8K]"]),
      "45:00.3": ("8", 16, "8", 16, ["Region 0: Memory at eb400000 (64-bit, non-prefetchable) [size=1M]"]),
      "46:00.0": ("8", 16, "8", 16, []),
      "46:00.2": ("8", 16, "8", 16, ["Region 5: Memory at eb508000 (32-bit, non-prefetchable) [size=4K]"])}
ACS_PORTS = {"00:01.1", "00:01.2", "00:01.3", "00:03.1", "40:01.1", "40:01.2", "40:01.3", "40:03.1", "0c:00.0"}
ACS_EP = {"0d:00.0"}
PROGIF = {"0c03": " (prog-if 30 [XHCI])", "0106": " (prog-if 01 [AHCI 1.0])", "0108": " (prog-if 02 [NVM Express])",
          "0300": " (prog-if 00 [VGA controller])", "0604": " (prog-if 00 [Normal decode])"}
irq_seq = iter(range(60, 200))

def numa(bdf):
    return 0 if bdf[:2] < "40" else 1

def acs(full):
    if full:
        return ("\tCapabilities: [2a0 v1] Access Control Services\n"
                "\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans+\n"
                "\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans-\n")
    return ""

def speed(s):
    return {"2.5": "2.5GT/s", "5": "5GT/s", "8": "8GT/s", "16": "16GT/s"}[s]

recs = []
for bdf in order:
    d = devs[bdf]
    rev = f" (rev {d['rev']})" if d["rev"] else ""
    pi = PROGIF.get(d["ccode"], "")
    if d["ccode"] == "0403" and d["ven"] == "1022":
        pi = ""
    head = f"{bdf} {d['cname']} [{d['ccode']}]: {d['name']} [{d['ven']}:{d['dev']}]{rev}{pi}"
    lines = [head]
    drv = DRIVER.get(bdf)
    kind_hostbridge = d["ccode"] == "0600"
    if kind_hostbridge or d["ccode"] in ("0601",):
        lines.append("\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-")
        lines.append("\tStatus: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-")
        lines.append(f"\tNUMA node: {numa(bdf)}")
        lines.append(f"\tIOMMU group: {d['group']}")
    elif d["ccode"] == "0c05":
        lines += ["\tSubsystem: ASUSTeK Computer Inc. FCH SMBus Controller [1043:8747]",
                  "\tControl: I/O+ Mem+ BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+",
                  "\tStatus: Cap- 66MHz+ UDF- FastB2B- ParErr- DEVSEL=medium >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-",
                  f"\tNUMA node: 0", f"\tIOMMU group: {d['group']}"]
    elif bdf in BRIDGES:
        sec, sub, sp, w, mem, pref, io = BRIDGES[bdf]
        pri = bdf[:2]
        port_type = "Root Port (Slot+)" if bdf[:2] in ("00", "40") else (
            "Upstream Port" if bdf in ("01:00.2", "0b:00.0") else "Downstream Port (Slot+)")
        if bdf == "0c:00.0":
            port_type = "Downstream Port (Slot-)"
        ssp = {"01:00.2": "8", "0b:00.0": "8"}.get(bdf, sp)
        lines += ["\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+",
                  "\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-",
                  "\tLatency: 0, Cache Line Size: 64 bytes",
                  f"\tInterrupt: pin A routed to IRQ {next(irq_seq)}",
                  f"\tNUMA node: {numa(bdf)}",
                  f"\tIOMMU group: {d['group']}",
                  f"\tBus: primary={pri}, secondary={sec}, subordinate={sub}, sec-latency=0",
                  f"\tI/O behind bridge: {io}", f"\tMemory behind bridge: {mem}",
                  f"\tPrefetchable memory behind bridge: {pref}",
                  "\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- <SERR- <PERR-",
                  "\tBridgeCtl: Parity- SERR+ NoISA- VGA- VGA16+ MAbort- >Reset- FastB2B-",
                  "\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-",
                  "\tCapabilities: [50] Power Management version 3",
                  "\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold+)",
                  "\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-",
                  f"\tCapabilities: [58] Express (v2) {port_type}, MSI 00",
                  "\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0",
                  "\t\t\tExtTag+ RBE+",
                  "\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-",
                  "\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+",
                  "\t\t\tMaxPayload 256 bytes, MaxReadReq 512 bytes",
                  "\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-",
                  f"\t\tLnkCap:\tPort #0, Speed {speed(sp)}, Width x{w}, ASPM L1, Exit Latency L1 <64us",
                  "\t\t\tClockPM- Surprise- LLActRep+ BwNot+ ASPMOptComp+",
                  "\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+",
                  "\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-",
                  f"\t\tLnkSta:\tSpeed {speed(ssp)} (ok), Width x{w} (ok)",
                  "\t\t\tTrErr- Train- SlotClk+ DLActive+ BWMgmt+ ABWMgmt-",
                  "\tCapabilities: [a0] MSI: Enable+ Count=1/1 Maskable- 64bit+",
                  "\t\tAddress: 00000000fee00000  Data: 0000"]
        if bdf[:2] in ("00", "40"):
            lines.append(f"\tCapabilities: [c0] Subsystem: {'Advanced Micro Devices, Inc. [AMD] Family 17h (Models 00h-0fh) PCIe GPP Bridge [1022:1453]' if d['dev'] == '1453' else 'Advanced Micro Devices, Inc. [AMD] Family 17h (Models 00h-0fh) Internal PCIe GPP Bridge 0 to Bus B [1022:1454]'}")
        lines.append("\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>")
        lines.append("\tCapabilities: [150 v2] Advanced Error Reporting")
        lines.append("\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-")
        lines.append("\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-")
        lines.append("\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-")
        lines.append("\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-")
        lines.append("\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+")
        lines.append("\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-")
        lines.append("\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-")
        lines.append("\t\tHeaderLog: 00000000 00000000 00000000 00000000")
        a = acs(bdf in ACS_PORTS)
        if a:
            lines += a.rstrip("\n").split("\n")
        lines.append("\tKernel driver in use: pcieport")
    else:
        capsp, capw, stasp, staw, regions = EP[bdf]
        subsys = {"1002": "Advanced Micro Devices, Inc. [AMD/ATI]", "1022": "Advanced Micro Devices, Inc. [AMD]"}
        if bdf == "0d:00.0":
            lines.append("\tSubsystem: Advanced Micro Devices, Inc. [AMD/ATI] Radeon VII [1002:081e]")
        elif bdf == "0d:00.1":
            lines.append("\tSubsystem: Advanced Micro Devices, Inc. [AMD/ATI] Vega 20 HDMI Audio [Radeon VII] [1002:ab20]")
        elif bdf == "43:00.0":
            lines.append("\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 570/580/590 [1da2:e366]")
        elif bdf == "43:00.1":
            lines.append("\tSubsystem: Sapphire Technology Limited Device [1da2:aaf0]")
        elif bdf in ("09:00.0", "41:00.0", "42:00.0"):
            lines.append("\tSubsystem: Samsung Electronics Co Ltd SSD 970 EVO/PRO [144d:a801]")
        else:
            lines.append(f"\tSubsystem: ASUSTeK Computer Inc. Device [1043:8747]")
        bm = "BusMaster+" if drv else "BusMaster-"
        mem = "Mem+" if regions else "Mem-"
        lines.append(f"\tControl: I/O{'+' if any('I/O' in r for r in regions) else '-'} {mem} {bm} SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx{'+' if drv and drv != 'vfio-pci' else '-'}")
        lines.append("\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-")
        if drv:
            lines.append("\tLatency: 0, Cache Line Size: 64 bytes")
            lines.append(f"\tInterrupt: pin A routed to IRQ {next(irq_seq)}")
        lines.append(f"\tNUMA node: {numa(bdf)}")
        lines.append(f"\tIOMMU group: {d['group']}")
        lines += ["\t" + r for r in regions]
        lines += ["\tCapabilities: [48] Vendor Specific Information: Len=08 <?>" if d["ven"] == "1022" else
                  "\tCapabilities: [48] Vendor Specific Information: Len=08 <?>",
                  "\tCapabilities: [50] Power Management version 3",
                  "\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)",
                  "\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-",
                  f"\tCapabilities: [64] Express (v2) {'Legacy Endpoint' if bdf == '0d:00.0' else 'Endpoint'}, MSI 00",
                  "\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s <4us, L1 unlimited",
                  f"\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset{'+' if bdf in ('09:00.0', '41:00.0', '42:00.0', '0a:00.0') else '-'} SlotPowerLimit 0.000W",
                  "\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-",
                  "\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+",
                  "\t\t\tMaxPayload 256 bytes, MaxReadReq 512 bytes",
                  "\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-",
                  f"\t\tLnkCap:\tPort #0, Speed {speed(capsp)}, Width x{capw}, ASPM L0s L1, Exit Latency L0s <64ns, L1 <1us",
                  "\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+",
                  "\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+",
                  "\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-",
                  f"\t\tLnkSta:\tSpeed {speed(stasp)} ({'downgraded' if stasp != capsp else 'ok'}), Width x{staw} (ok)",
                  "\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-",
                  "\tCapabilities: [a0] MSI: Enable+ Count=1/1 Maskable- 64bit+",
                  "\t\tAddress: 00000000fee00000  Data: 0000"]
        if bdf == "0d:00.0":
            lines += ["\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>",
                      "\tCapabilities: [150 v2] Advanced Error Reporting",
                      "\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-",
                      "\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-",
                      "\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-",
                      "\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-",
                      "\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+",
                      "\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-",
                      "\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-",
                      "\t\tHeaderLog: 00000000 00000000 00000000 00000000",
                      "\tCapabilities: [200 v1] Physical Resizable BAR",
                      "\t\tBAR 0: current size: 256MB, supported: 256MB 512MB 1GB 2GB 4GB 8GB 16GB",
                      "\t\tBAR 2: current size: 2MB, supported: 2MB",
                      "\tCapabilities: [270 v1] Secondary PCI Express",
                      "\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-",
                      "\t\tLaneErrStat: 0",
                      "\tCapabilities: [2a0 v1] Access Control Services",
                      "\t\tACSCap:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-",
                      "\t\tACSCtl:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-",
                      "\tCapabilities: [2b0 v1] Address Translation Service (ATS)",
                      "\t\tATSCap:\tInvalidate Queue Depth: 00",
                      "\t\tATSCtl:\tEnable-, Smallest Translation Unit: 00",
                      "\tCapabilities: [2c0 v1] Page Request Interface (PRI)",
                      "\t\tPRICtl: Enable- Reset-",
                      "\t\tPRISta: RF- UPRGI- Stopped+",
                      "\t\tPage Request Capacity: 00000100, Page Request Allocation: 00000000",
                      "\tCapabilities: [2d0 v1] Process Address Space ID (PASID)",
                      "\t\tPASIDCap: Exec+ Priv+, Max PASID Width: 10",
                      "\t\tPASIDCtl: Enable- Exec- Priv-",
                      "\tCapabilities: [320 v1] Latency Tolerance Reporting",
                      "\t\tMax snoop latency: 0ns",
                      "\t\tMax no snoop latency: 0ns"]
        if drv:
            lines.append(f"\tKernel driver in use: {drv}")
        km = MODS_FOR.get(bdf) or (MODULES.get(drv) if drv else None)
        if bdf in ("0e:00.0", "0f:00.0", "45:00.0", "46:00.0"):
            km = None
        if km:
            lines.append(f"\tKernel modules: {km}")
    recs.append("\n".join(lines) + "\n")

lspci = "\n".join(recs)
S.w("sos_commands/pci/lspci_-nnvv", lspci)
S.w("lspci", lspci)  # sos links it at the root; written as a copy here

# ---------------------------------------------------------------- lspci -tv
def name_tv(bdf):
    return devs[bdf]["name"]
tv = []
tv.append("-+-[0000:40]-+-01.0  " + name_tv("40:01.0"))
kids40 = ["01.1-[41]----00.0  " + name_tv("41:00.0"), "01.2-[42]----00.0  " + name_tv("42:00.0"),
          "01.3-[43]--+-00.0  " + name_tv("43:00.0"), None, "02.0  " + name_tv("40:02.0"), "03.0  " + name_tv("40:03.0"),
          "03.1-[44]----00.0  " + name_tv("44:00.0"), "04.0  " + name_tv("40:04.0"), "07.0  " + name_tv("40:07.0"),
          "07.1-[45]--+-00.0  " + name_tv("45:00.0"), None, None, "08.0  " + name_tv("40:08.0"),
          "08.1-[46]--+-00.0  " + name_tv("46:00.0"), None]
tv_text = r"""-+-[0000:40]-+-01.0  {40:01.0}
 |           +-01.1-[41]----00.0  {41:00.0}
 |           +-01.2-[42]----00.0  {42:00.0}
 |           +-01.3-[43]--+-00.0  {43:00.0}
 |           |            \-00.1  {43:00.1}
 |           +-02.0  {40:02.0}
 |           +-03.0  {40:03.0}
 |           +-03.1-[44]----00.0  {44:00.0}
 |           +-04.0  {40:04.0}
 |           +-07.0  {40:07.0}
 |           +-07.1-[45]--+-00.0  {45:00.0}
 |           |            +-00.2  {45:00.2}
 |           |            \-00.3  {45:00.3}
 |           +-08.0  {40:08.0}
 |           \-08.1-[46]--+-00.0  {46:00.0}
 |                        \-00.2  {46:00.2}
 \-[0000:00]-+-01.0  {00:01.0}
             +-01.1-[01-08]--+-00.0  {01:00.0}
             |               +-00.1  {01:00.1}
             |               \-00.2-[02-08]--+-00.0-[03]----00.0  {03:00.0}
             |                               +-01.0-[04]----00.0  {04:00.0}
             |                               +-02.0-[05]----00.0  {05:00.0}
             |                               +-03.0-[06]--
             |                               +-04.0-[07]--
             |                               \-09.0-[08]----00.0  {08:00.0}
             +-01.2-[09]----00.0  {09:00.0}
             +-01.3-[0a]----00.0  {0a:00.0}
             +-02.0  {00:02.0}
             +-03.0  {00:03.0}
             +-03.1-[0b-0d]----00.0-[0c-0d]----00.0-[0d]--+-00.0  {0d:00.0}
             |                                            \-00.1  {0d:00.1}
             +-04.0  {00:04.0}
             +-07.0  {00:07.0}
             +-07.1-[0e]--+-00.0  {0e:00.0}
             |            +-00.2  {0e:00.2}
             |            \-00.3  {0e:00.3}
             +-08.0  {00:08.0}
             +-08.1-[0f]--+-00.0  {0f:00.0}
             |            +-00.2  {0f:00.2}
             |            \-00.3  {0f:00.3}
             +-14.0  {00:14.0}
             +-14.3  {00:14.3}
             +-18.0  {00:18.0}
             +-18.1  {00:18.1}
             +-18.2  {00:18.2}
             +-18.3  {00:18.3}
             +-18.4  {00:18.4}
             +-18.5  {00:18.5}
             +-18.6  {00:18.6}
             +-18.7  {00:18.7}
             +-19.0  {00:19.0}
             +-19.1  {00:19.1}
             +-19.2  {00:19.2}
             +-19.3  {00:19.3}
             +-19.4  {00:19.4}
             +-19.5  {00:19.5}
             +-19.6  {00:19.6}
             \-19.7  {00:19.7}
"""
tv_text = re.sub(r"\{([0-9a-f:.]+)\}", lambda m: name_tv(m.group(1)), tv_text)
S.w("sos_commands/pci/lspci_-tv", tv_text)

# ---------------------------------------------------------------- dmesg
L = []
def a(t, s):
    L.append(f"[{t:12.6f}] {s}")
t = 0.0
for s in [f"Linux version {KVER} (spudd@threadripper) (gcc (GCC) 10.2.0, GNU ld (GNU Binutils) 2.35.1) #1 SMP PREEMPT Sun, 15 Nov 2020 09:12:44 +0000",
          f"Command line: {cmdline}", "x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'",
          "x86/fpu: Supporting XSAVE feature 0x002: 'SSE registers'", "x86/fpu: Supporting XSAVE feature 0x004: 'AVX registers'",
          "x86/fpu: xstate_offset[2]:  576, xstate_sizes[2]:  256",
          "x86/fpu: Enabled xstate features 0x7, context size is 832 bytes, using 'compacted' format.",
          "BIOS-provided physical RAM map:", "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
          "BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff] reserved",
          "BIOS-e820: [mem 0x0000000000100000-0x0000000009d7ffff] usable",
          "BIOS-e820: [mem 0x0000000009d80000-0x0000000009ffffff] reserved",
          "BIOS-e820: [mem 0x000000000a000000-0x000000000a1fffff] usable",
          "BIOS-e820: [mem 0x000000000a200000-0x000000000a20cfff] ACPI NVS",
          "BIOS-e820: [mem 0x000000000a20d000-0x00000000b8b6afff] usable",
          "BIOS-e820: [mem 0x00000000b8b6b000-0x00000000b8ec5fff] reserved",
          "BIOS-e820: [mem 0x00000000b8ec6000-0x00000000b8f0dfff] ACPI data",
          "BIOS-e820: [mem 0x00000000b8f0e000-0x00000000b93e7fff] ACPI NVS",
          "BIOS-e820: [mem 0x00000000b93e8000-0x00000000ba1fdfff] reserved",
          "BIOS-e820: [mem 0x00000000ba1fe000-0x00000000bcffffff] usable",
          "BIOS-e820: [mem 0x00000000bd000000-0x00000000bfffffff] reserved",
          "BIOS-e820: [mem 0x00000000f8000000-0x00000000fbffffff] reserved",
          "BIOS-e820: [mem 0x00000000fd800000-0x00000000fdffffff] reserved",
          "BIOS-e820: [mem 0x00000000fea00000-0x00000000fea0ffff] reserved",
          "BIOS-e820: [mem 0x00000000feb80000-0x00000000fec01fff] reserved",
          "BIOS-e820: [mem 0x00000000fec10000-0x00000000fec10fff] reserved",
          "BIOS-e820: [mem 0x00000000fec30000-0x00000000fec30fff] reserved",
          "BIOS-e820: [mem 0x00000000fed00000-0x00000000fed00fff] reserved",
          "BIOS-e820: [mem 0x00000000fed40000-0x00000000fed44fff] reserved",
          "BIOS-e820: [mem 0x00000000fed80000-0x00000000fed8ffff] reserved",
          "BIOS-e820: [mem 0x00000000fedc2000-0x00000000fedcffff] reserved",
          "BIOS-e820: [mem 0x00000000fedd4000-0x00000000fedd5fff] reserved",
          "BIOS-e820: [mem 0x00000000fee00000-0x00000000feefffff] reserved",
          "BIOS-e820: [mem 0x00000000ff000000-0x00000000ffffffff] reserved",
          "BIOS-e820: [mem 0x0000000100000000-0x000000103f37ffff] usable",
          "NX (Execute Disable) protection: active", "efi: EFI v2.70 by American Megatrends",
          "SMBIOS 3.1.1 present.", "DMI: System manufacturer System Product Name/ROG ZENITH EXTREME, BIOS 2001 02/26/2020",
          "tsc: Fast TSC calibration using PIT", "tsc: Detected 3393.576 MHz processor"]:
    a(0.0, s)
for t, s in [(0.000934, "x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  "),
             (0.009402, "ACPI: Early table checksum verification disabled"),
             (0.009411, "ACPI: RSDP 0x00000000B8EF6000 000024 (v02 ALASKA)"),
             (0.009418, "ACPI: XSDT 0x00000000B8EF60A8 0000BC (v01 ALASKA A M I    01072009 AMI  00010013)"),
             (0.009431, "ACPI: FACP 0x00000000B8EFCDC8 000114 (v06 ALASKA A M I    01072009 AMI  00010013)"),
             (0.009444, "ACPI: DSDT 0x00000000B8EF61F0 006BD3 (v02 ALASKA A M I    01072009 INTL 20120913)"),
             (0.009451, "ACPI: FACS 0x00000000B93D1E00 000040"),
             (0.009456, "ACPI: APIC 0x00000000B8EFCEE0 00015E (v03 ALASKA A M I    01072009 AMI  00010013)"),
             (0.009462, "ACPI: FPDT 0x00000000B8EFD040 000044 (v01 ALASKA A M I    01072009 AMI  00010013)"),
             (0.009468, "ACPI: FIDT 0x00000000B8EFD088 00009C (v01 ALASKA A M I    01072009 AMI  00010013)"),
             (0.009474, "ACPI: SSDT 0x00000000B8EFD128 00AF1C (v02 AMD    AMD ALIB 00000002 MSFT 04000000)"),
             (0.009481, "ACPI: SSDT 0x00000000B8F08048 0013CC (v01 AMD    AMD CPU  00000001 AMD  00000001)"),
             (0.009487, "ACPI: CRAT 0x00000000B8F09418 001E40 (v01 AMD    AMD CRAT 00000001 AMD  00000001)"),
             (0.009493, "ACPI: CDIT 0x00000000B8F0B258 00002C (v01 AMD    AMD CDIT 00000001 AMD  00000001)"),
             (0.009499, "ACPI: SRAT 0x00000000B8F0B288 000210 (v03 AMD    AMD SRAT 00000001 AMD  00000001)"),
             (0.009505, "ACPI: SLIT 0x00000000B8F0B498 00003C (v01 AMD    AMD SLIT 00000001 AMD  00000001)"),
             (0.009511, "ACPI: MCFG 0x00000000B8F0B4D8 00003C (v01 ALASKA A M I    01072009 MSFT 00010013)"),
             (0.009517, "ACPI: HPET 0x00000000B8F0B518 000038 (v01 ALASKA A M I    01072009 AMI  00000005)"),
             (0.009523, "ACPI: SSDT 0x00000000B8F0B550 000024 (v01 AMDFCH FCHZP    00001000 INTL 20120913)"),
             (0.009529, "ACPI: IVRS 0x00000000B8F0B578 000150 (v02 AMD    AMD IVRS 00000001 AMD  00000000)"),
             (0.009535, "ACPI: BGRT 0x00000000B8F0B6C8 000038 (v01 ALASKA A M I    01072009 AMI  00010013)"),
             (0.009601, "SRAT: PXM 0 -> APIC 0x00 -> Node 0"),
             (0.009640, "NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0xbfffffff] -> [mem 0x00000000-0xbfffffff]"),
             (0.009651, "NUMA: Node 0 [mem 0x00000000-0xbfffffff] + [mem 0x100000000-0x83f37ffff] -> [mem 0x00000000-0x83f37ffff]"),
             (0.110422, "smpboot: Allowing 32 CPUs, 0 hotplug CPUs"),
             (0.121877, f"Kernel command line: {cmdline}"),
             (0.122019, "Memory: 65552148K/66937424K available (14343K kernel code, 1815K rwdata, 4820K rodata, 1664K init, 4384K bss, 1385016K reserved, 0K cma-reserved)"),
             (0.302211, "smp: Brought up 2 nodes, 32 CPUs"),
             (0.302214, "smpboot: Max logical packages: 1"),
             (0.302216, "smpboot: Total of 32 processors activated (217188.86 BogoMIPS)"),
             (0.413655, "ACPI: PCI Root Bridge [PCI0] (domain 0000 [bus 00-3f])"),
             (0.440872, "ACPI: PCI Root Bridge [S0D1] (domain 0000 [bus 40-7f])"),
             (0.598501, "pci 0000:0d:00.1: D0 power state depends on 0000:0d:00.0"),
             (0.598533, "pci 0000:43:00.1: D0 power state depends on 0000:43:00.0"),
             (0.598611, "PCI: CLS 64 bytes, default 64"),
             (0.598630, "pci 0000:00:00.2: AMD-Vi: IOMMU performance counters supported"),
             (0.598661, "pci 0000:40:00.2: AMD-Vi: IOMMU performance counters supported")]:
    a(t, s)
t = 0.598702
for bdf in order:
    a(t, f"pci 0000:{bdf}: Adding to iommu group {devs[bdf]['group']}")
    t += 0.000023
for s in ["pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40",
          "pci 0000:00:00.2: AMD-Vi: Extended features (0xf77ef22294ada): PPR NX GT IA GA PC GA_vAPIC",
          "pci 0000:40:00.2: AMD-Vi: Found IOMMU cap 0x40",
          "pci 0000:40:00.2: AMD-Vi: Extended features (0xf77ef22294ada): PPR NX GT IA GA PC GA_vAPIC",
          "AMD-Vi: Interrupt remapping enabled", "AMD-Vi: Virtual APIC enabled",
          "pci 0000:00:00.2: irq 26 for MSI/MSI-X", "pci 0000:40:00.2: irq 27 for MSI/MSI-X",
          "AMD-Vi: Lazy IO/TLB flushing enabled",
          "PCI-DMA: Using software bounce buffering for IO (SWIOTLB)",
          "software IO TLB: mapped [mem 0x00000000b4b6b000-0x00000000b8b6b000] (64MB)",
          "amd_uncore: 4  amd_df counters detected", "amd_uncore: 6  amd_l3 counters detected",
          "perf/amd_iommu: Detected AMD IOMMU #0 (2 banks, 4 counters/bank).",
          "perf/amd_iommu: Detected AMD IOMMU #1 (2 banks, 4 counters/bank)."]:
    t += 0.000041
    a(t, s)
for t, s in [(0.712034, "VFIO - User Level meta-driver version: 0.3"),
             (0.715402, "vfio-pci 0000:0a:00.0: enabling device (0000 -> 0002)"),
             (0.715551, "vfio_pci: add [1002:66af[ffffffff:ffffffff]] class 0x000000/00000000"),
             (0.715607, "vfio-pci 0000:0d:00.0: vgaarb: changed VGA decodes: olddecodes=io+mem,decodes=io+mem:owns=none"),
             (0.715640, "vfio_pci: add [1002:ab20[ffffffff:ffffffff]] class 0x000000/00000000"),
             (0.715668, "vfio_pci: add [144d:a808[ffffffff:ffffffff]] class 0x000000/00000000"),
             (0.715711, "vfio_pci: add [1b73:1100[ffffffff:ffffffff]] class 0x000000/00000000"),
             (0.715749, "vfio_pci: add [1d6a:d107[ffffffff:ffffffff]] class 0x000000/00000000"),
             (0.802119, "nvme nvme0: pci function 0000:09:00.0"),
             (0.802140, "nvme nvme1: pci function 0000:41:00.0"),
             (0.802161, "nvme nvme2: pci function 0000:42:00.0"),
             (0.911842, "nvme nvme0: 32/0/0 default/read/poll queues"),
             (0.912204, " nvme0n1: p1 p2"),
             (3.480311, "AMD-Vi: AMD IOMMUv2 driver by Joerg Roedel <jroedel@suse.de>"),
             (3.513288, "kvm: Nested Paging enabled"),
             (3.513290, "SVM: Virtual VMLOAD VMSAVE supported"),
             (3.513291, "SVM: Virtual GIF supported"),
             (3.513302, "SVM: AVIC enabled"),
             (3.602177, "[drm] amdgpu kernel modesetting enabled."),
             (3.603319, "amdgpu 0000:43:00.0: vgaarb: deactivate vga console"),
             (3.640553, "[drm] Initialized amdgpu 3.39.0 20150101 for 0000:43:00.0 on minor 0"),
             (412.884213, "vfio-pci 0000:0d:00.0: enabling device (0002 -> 0003)"),
             (412.902571, "vfio-pci 0000:0d:00.0: vfio_ecap_init: hiding ecap 0x19@0x270"),
             (412.902610, "vfio-pci 0000:0d:00.0: vfio_ecap_init: hiding ecap 0x1b@0x2d0"),
             (412.902638, "vfio-pci 0000:0d:00.0: vfio_ecap_init: hiding ecap 0x26@0x410"),
             (412.902660, "vfio-pci 0000:0d:00.0: vfio_ecap_init: hiding ecap 0x27@0x440"),
             (412.933108, "vfio-pci 0000:0d:00.1: enabling device (0000 -> 0002)")]:
    a(t, s)
S.w("sos_commands/kernel/dmesg", "\n".join(L) + "\n")

# ---------------------------------------------------------------- cmdline, modprobe, host
S.w("proc/cmdline", cmdline + "\n")
S.w("etc/modprobe.d/kvm.conf", corpus("modprobe/chaos-reins-kvm-conf-amd-avic.txt"))
S.w("etc/hostname", HOST + "\n")
S.w("sos_commands/host/hostname", HOST + "\n")
S.w("hostname", HOST + "\n")
uname = f"Linux {HOST} {KVER} #1 SMP PREEMPT Sun, 15 Nov 2020 09:12:44 +0000 x86_64 GNU/Linux\n"
S.w("sos_commands/kernel/uname_-a", uname)
S.w("uname", uname)
S.w("version.txt", "sosreport: 4.0\n")
S.w("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "N\n")
S.w("sys/module/vfio_iommu_type1/parameters/dma_entry_limit", "65535\n")
S.w("sys/module/vfio_iommu_type1/parameters/disable_hugepages", "N\n")
S.w("sys/module/vfio_pci/parameters/disable_vga", "N\n")
S.w("sys/module/vfio_pci/parameters/nointxmask", "N\n")
S.w("sys/module/vfio_pci/parameters/disable_idle_d3", "N\n")
S.w("sys/module/kvm/parameters/ignore_msrs", "Y\n")
S.w("sys/module/kvm/parameters/report_ignored_msrs", "N\n")
S.w("sys/module/kvm_amd/parameters/avic", "1\n")
S.w("sys/module/kvm_amd/parameters/npt", "1\n")
S.w("sys/module/kvm_amd/parameters/nested", "0\n")
S.w("sys/firmware/acpi/tables/IVRS", b"")
S.w("sys/class/dmi/id/bios_vendor", "American Megatrends Inc.\n")
S.w("sys/class/dmi/id/bios_version", "2001\n")
S.w("sys/class/dmi/id/bios_date", "02/26/2020\n")
S.w("sys/class/dmi/id/sys_vendor", "System manufacturer\n")
S.w("sys/class/dmi/id/product_name", "System Product Name\n")

# ---------------------------------------------------------------- cpuinfo (TR 1950X, 16C/32T, 2 dies)
FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall "
         "nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid amd_dcm "
         "aperfmperf pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm "
         "cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw skinit wdt tce topoext perfctr_core "
         "perfctr_nb bpext perfctr_llc mwaitx cpb hw_pstate ssbd ibpb vmmcall fsgsbase bmi1 avx2 smep bmi2 rdseed adx smap "
         "clflushopt sha_ni xsaveopt xsavec xgetbv1 xsaves clzero irperf xsaveerptr arat npt lbrv svm_lock nrip_save "
         "tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif overflow_recov "
         "succor smca sme sev")
cpus = []
for n in range(32):
    core = n % 16
    apic = (core // 8) * 32 + (core % 8) * 2 + (n // 16)
    cpus.append(f"""processor\t: {n}
vendor_id\t: AuthenticAMD
cpu family\t: 23
model\t\t: 1
model name\t: AMD Ryzen Threadripper 1950X 16-Core Processor
stepping\t: 1
microcode\t: 0x8001137
cpu MHz\t\t: {[2200.000, 3400.000, 1887.564, 3693.051][n % 4]:.3f}
cache size\t: 512 KB
physical id\t: 0
siblings\t: 32
core id\t\t: {core}
cpu cores\t: 16
apicid\t\t: {apic}
initial apicid\t: {apic}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 13
wp\t\t: yes
flags\t\t: {FLAGS}
bugs\t\t: sysret_ss_attrs null_seg spectre_v1 spectre_v2 spec_store_bypass
bogomips\t: 6787.15
TLB size\t: 2560 4K pages
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 43 bits physical, 48 bits virtual
power management: ts ttp tm hwpstate cpb eff_freq_ro [13] [14]

""")
S.w("proc/cpuinfo", "".join(cpus))
S.w("proc/meminfo", """MemTotal:       65552148 kB
MemFree:        21460312 kB
MemAvailable:   39211508 kB
Buffers:          512884 kB
Cached:         17420196 kB
SwapCached:            0 kB
Active:         12344832 kB
Inactive:       26920184 kB
Active(anon):    4001544 kB
Inactive(anon): 17402944 kB
Active(file):    8343288 kB
Inactive(file):  9517240 kB
Unevictable:    16848208 kB
Mlocked:        16848208 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Dirty:               812 kB
Writeback:             0 kB
AnonPages:      21332028 kB
Mapped:          1184072 kB
Shmem:             72452 kB
KReclaimable:     694244 kB
Slab:            1201880 kB
SReclaimable:     694244 kB
SUnreclaim:       507636 kB
KernelStack:       24192 kB
PageTables:        70056 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    32776072 kB
Committed_AS:   30518992 kB
VmallocTotal:   34359738367 kB
VmallocUsed:      123300 kB
VmallocChunk:          0 kB
Percpu:            43520 kB
HardwareCorrupted:     0 kB
AnonHugePages:  16855040 kB
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
DirectMap4k:      901712 kB
DirectMap2M:    16721920 kB
DirectMap1G:    49283072 kB
""")
MODS = [("vfio_pci", 65536, 3, "-"), ("vfio_virqfd", 16384, 1, "vfio_pci,"), ("vfio_iommu_type1", 36864, 1, "-"),
        ("vfio", 36864, 7, "vfio_pci,vfio_iommu_type1,"), ("kvm_amd", 118784, 8, "-"), ("ccp", 102400, 1, "kvm_amd,"),
        ("kvm", 913408, 1, "kvm_amd,"), ("irqbypass", 16384, 9, "kvm,"), ("amdgpu", 5697536, 24, "-"),
        ("gpu_sched", 40960, 1, "amdgpu,"), ("ttm", 118784, 1, "amdgpu,"), ("drm_kms_helper", 270336, 1, "amdgpu,"),
        ("snd_hda_intel", 57344, 4, "-"), ("snd_hda_codec", 172032, 1, "snd_hda_intel,"), ("snd_hda_core", 106496, 2, "snd_hda_intel,snd_hda_codec,"),
        ("ath10k_pci", 49152, 0, "-"), ("ath10k_core", 528384, 1, "ath10k_pci,"), ("ath", 36864, 1, "ath10k_core,"),
        ("mac80211", 1040384, 1, "ath10k_core,"), ("cfg80211", 962560, 3, "ath10k_core,ath,mac80211,"),
        ("wil6210", 344064, 0, "-"), ("igb", 249856, 0, "-"), ("i2c_algo_bit", 16384, 2, "amdgpu,igb,"),
        ("dca", 16384, 1, "igb,"), ("k10temp", 16384, 0, "-"), ("i2c_piix4", 28672, 0, "-"), ("sp5100_tco", 20480, 0, "-"),
        ("iommu_v2", 24576, 0, "-"), ("atlantic", 229376, 0, "-"), ("xhci_pci", 20480, 0, "-"),
        ("drm", 589824, 28, "amdgpu,gpu_sched,ttm,drm_kms_helper,"), ("tun", 61440, 4, "-"), ("bridge", 266240, 0, "-"),
        ("stp", 16384, 1, "bridge,"), ("llc", 16384, 2, "bridge,stp,")]
S.w("proc/modules", "".join(f"{n} {s} {r} {d} Live 0x0000000000000000\n" for n, s, r, d in MODS))
S.w("sos_commands/kernel/lsmod", "Module                  Size  Used by\n" + "".join(
    f"{n:<19} {s:>8}  {r} {d.rstrip(',') if d != '-' else ''}".rstrip() + "\n" for n, s, r, d in MODS))

# interrupts, 32 CPUs
NC = 32
rows = [" " * 12 + "".join(f"CPU{n:<8}" for n in range(NC))]
def row(irq, cnt, chip, hw, trig, name):
    rows.append((f"{irq:>4}:" + "".join(f"{x:>11}" for x in cnt) + f"  {chip:>8} {hw}-{trig:<8}  {name}").rstrip())
def one(i, v):
    c = [0] * NC; c[i] = v; return c
z = [0] * NC
row(0, one(0, 38), "IR-IO-APIC", "   2", "edge", "timer")
row(8, one(0, 1), "IR-IO-APIC", "   8", "edge", "rtc0")
row(9, z, "IR-IO-APIC", "   9", "fasteoi", "acpi")
row(26, z, "PCI-MSI", "4096", "edge", "AMD-Vi")
row(27, z, "PCI-MSI", f"{0x4002 << 11}", "edge", "AMD-Vi")
irq = 28
def bdfid(b):
    bus, df = b.split(":"); dv, fn = df.split(".")
    return (int(bus, 16) << 8) | (int(dv, 16) << 3) | int(fn)
for b in ["00:01.1", "00:01.2", "00:01.3", "00:03.1", "00:07.1", "00:08.1", "40:01.1", "40:01.2", "40:01.3", "40:03.1", "40:07.1", "40:08.1"]:
    row(irq, z, "IR-PCI-MSI", f"{bdfid(b) << 11}", "edge", "PCIe PME, aerdrv")
    irq += 1
for b, name, n in [("01:00.0", "xhci_hcd", 1), ("01:00.1", "ahci[0000:01:00.1]", 1), ("05:00.0", "enp5s0", 1),
                   ("08:00.0", "xhci_hcd", 1), ("0e:00.3", "xhci_hcd", 1), ("0f:00.2", "ahci[0000:0f:00.2]", 1),
                   ("0f:00.3", "snd_hda_intel:card1", 1), ("43:00.0", "amdgpu", 1), ("43:00.1", "snd_hda_intel:card0", 1),
                   ("45:00.3", "xhci_hcd", 1), ("46:00.2", "ahci[0000:46:00.2]", 1), ("03:00.0", "ath10k_pci", 1),
                   ("04:00.0", "wil6210", 1), ("0e:00.2", "psp-1", 1), ("45:00.2", "psp-2", 1)]:
    row(irq, one(irq % NC, 1000 + 37 * irq), "IR-PCI-MSI", f"{bdfid(b) << 11}", "edge", name)
    irq += 1
for dn, b in [(0, "09:00.0"), (1, "41:00.0"), (2, "42:00.0")]:
    for q in range(33):
        row(irq, one(q % NC, 200 + 13 * q), "IR-PCI-MSI", f"{(bdfid(b) << 11) + q}", "edge", f"nvme{dn}q{q}")
        irq += 1
# the Windows VM is running: Radeon VII + HDMI audio MSIs go through vfio, remapped
row(irq, one(5, 2271933), "IR-PCI-MSI", f"{bdfid('0d:00.0') << 11}", "edge", "vfio-msi[0](0000:0d:00.0)"); irq += 1
row(irq, one(9, 1221), "IR-PCI-MSI", f"{bdfid('0d:00.1') << 11}", "edge", "vfio-msi[0](0000:0d:00.1)"); irq += 1
for q in range(4):
    row(irq, one(12 + q, 88121 + q), "IR-PCI-MSI", f"{(bdfid('0a:00.0') << 11) + q}", "edge", f"vfio-msix[{q}](0000:0a:00.0)"); irq += 1
def sysrow(label, cnt, desc):
    rows.append(f"{label:>4}:" + "".join(f"{x:>11}" for x in cnt) + "   " + desc)
sysrow("NMI", [0] * NC, "Non-maskable interrupts")
sysrow("LOC", [1200000 + 9137 * i for i in range(NC)], "Local timer interrupts")
sysrow("SPU", z, "Spurious interrupts")
sysrow("PMI", z, "Performance monitoring interrupts")
sysrow("IWI", [i for i in range(NC)], "IRQ work interrupts")
sysrow("RTR", z, "APIC ICR read retries")
sysrow("RES", [50000 + 1111 * i for i in range(NC)], "Rescheduling interrupts")
sysrow("CAL", [70000 + 777 * i for i in range(NC)], "Function call interrupts")
sysrow("TLB", [2000 + 55 * i for i in range(NC)], "TLB shootdowns")
sysrow("TRM", z, "Thermal event interrupts")
sysrow("THR", z, "Threshold APIC interrupts")
sysrow("DFR", z, "Deferred Error APIC interrupts")
sysrow("MCE", z, "Machine check exceptions")
sysrow("MCP", [14] * NC, "Machine check polls")
rows.append(" ERR:          1")
rows.append(" MIS:          0")
sysrow("PIN", z, "Posted-interrupt notification event")
sysrow("NPI", z, "Nested posted-interrupt event")
sysrow("PIW", z, "Posted-interrupt wakeup event")
S.w("proc/interrupts", "\n".join(rows) + "\n")

# ---------------------------------------------------------------- sos bookkeeping
S.w("sos_logs/sos.log", f"""2020-11-15 11:02:17,404 INFO: [sos.report:setup] executing 'sos report --batch --all-logs'
2020-11-15 11:02:17,431 INFO: [sos.report:setup] loaded plugins: block, boot, kernel, kvm, libvirt, memory, pci, processor, systemd, usb
2020-11-15 11:02:39,880 INFO: [plugin:kernel] collecting path '/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts'
2020-11-15 11:02:41,102 INFO: [plugin:pci] collecting output of 'lspci -nnvv'
2020-11-15 11:02:41,297 INFO: [plugin:pci] collecting output of 'lspci -tv'
2020-11-15 11:02:58,615 INFO: [archive:TarFileArchive] finalizing archive '/var/tmp/sos.k3r1vmlw/sosreport-{HOST}-2020-11-15-xtaqbhz'
""")
S.w("sos_reports/manifest.json", json.dumps({
    "version": "1.0", "cmdline": "sos report --batch --all-logs", "start_time": "Sun Nov 15 11:02:17 2020",
    "end_time": "Sun Nov 15 11:02:58 2020", "run_time": "0:00:41", "compression": "xz", "tmpdir": "/var/tmp",
    "policy": "Arch Linux", "sos_version": "4.0", "components": {"report": {"preset": "none",
    "enabled_plugins": ["block", "boot", "kernel", "kvm", "libvirt", "memory", "pci", "processor", "systemd", "usb"]}}},
    indent=4) + "\n")
print("files:", len(S.files), "bytes:", sum(S.files.values()))
