import sys, os, hashlib
sys.path.insert(0, os.path.dirname(__file__))
from common import *

S = Snap("mig-h100-pcie")
HOST = "h100pcie-01"
KVER = "6.8.0-60-generic"
DRV = "570.169"
GPU_BDF = "0000:01:00.0"

def uuid(seed, prefix):
    h = hashlib.sha256(seed.encode()).hexdigest()
    return f"{prefix}-{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

GPU_UUID = uuid("mig-h100-pcie/gpu0", "GPU")
GIS = [7, 8, 9, 11, 12, 13, 14]            # real GI ids from corpus/mig/h100-pcie-570-cgi-7x-1g10gb-created.txt
PLACE = {gi: i for i, gi in enumerate(GIS)}  # assumed: ascending GI id <-> ascending placement slot

# ------------------------------------------------------------------ MIG tables
S.w("sos_commands/nvidia/nvidia-smi_mig_-lgip", corpus("mig/h100-pcie-570-lgip-7-profiles.txt"))
bar = "+" + "-" * 57 + "+"
lgi = [bar, "| GPU instances:                                          |",
       "| GPU   Name               Profile  Instance   Placement  |",
       "|                            ID       ID       Start:Size |",
       "|" + "=" * 57 + "|"]
for gi in GIS:
    lgi.append(f"|   0  {'MIG 1g.10gb':<20}{19:>4}{gi:>9}{'':10}{PLACE[gi]}:1{'':5}|")
    lgi.append(bar)
for l in lgi:
    assert len(l) == 59, (len(l), l)
S.w("sos_commands/nvidia/nvidia-smi_mig_-lgi", "\n".join(lgi) + "\n")
bar2 = "+" + "-" * 68 + "+"
lci = [bar2, "| Compute instances:                                                 |",
       "| GPU     GPU       Name             Profile   Instance   Placement  |",
       "|       Instance                       ID        ID       Start:Size |",
       "|         ID                                                         |",
       "|" + "=" * 68 + "|"]
for gi in GIS:
    lci.append(f"|   0{gi:>7}       {'MIG 1g.10gb':<21}{0}{0:>10}{'':10}0:1{'':5}|")
    lci.append(bar2)
for l in lci:
    assert len(l) == 70, (len(l), l)
S.w("sos_commands/nvidia/nvidia-smi_mig_-lci", "\n".join(lci) + "\n")
L = [f"GPU 0: NVIDIA H100 PCIe (UUID: {GPU_UUID})"]
for i, gi in enumerate(GIS):
    L.append(f"  MIG 1g.10gb     Device {i:>2}: (UUID: {uuid(f'mig-h100-pcie/gi{gi}', 'MIG')})")
S.w("sos_commands/nvidia/nvidia-smi_-L", "\n".join(L) + "\n")

# ------------------------------------------------------------------ nvidia-smi -q (570 layout)
def kv(ind, k, v):
    pad = max(42 - ind - len(k), 1)
    return " " * ind + k + " " * pad + ": " + v
Q = ["", "==============NVSMI LOG==============", "",
     "Timestamp                                 : Thu Jul 10 14:22:05 2025",
     f"Driver Version                            : {DRV}",
     "CUDA Version                              : 12.8", "",
     "Attached GPUs                             : 1", "GPU 00000000:01:00.0"]
def q(ind, k, v=None):
    Q.append(kv(ind, k, v) if v is not None else " " * ind + k)
q(4, "Product Name", "NVIDIA H100 PCIe"); q(4, "Product Brand", "NVIDIA"); q(4, "Product Architecture", "Hopper")
q(4, "Display Mode", "Enabled"); q(4, "Display Active", "Disabled"); q(4, "Persistence Mode", "Disabled")
q(4, "Addressing Mode", "None")
q(4, "MIG Mode"); q(8, "Current", "Enabled"); q(8, "Pending", "Enabled")
q(4, "MIG Devices")
for i, gi in enumerate(GIS):
    q(8, "MIG Device")
    q(12, "Index", str(i)); q(12, "GPU Instance ID", str(gi)); q(12, "Compute Instance ID", "0")
    q(12, "Device Attributes"); q(16, "Shared")
    q(20, "Multiprocessor count", "14"); q(20, "Copy Engine count", "1"); q(20, "Encoder count", "0")
    q(20, "Decoder count", "1"); q(20, "OFA count", "0"); q(20, "JPG count", "1")
    q(12, "ECC Errors"); q(16, "Volatile"); q(20, "SRAM Uncorrectable", "0")
    q(12, "FB Memory Usage"); q(16, "Total", "9984 MiB"); q(16, "Reserved", "0 MiB"); q(16, "Used", "13 MiB"); q(16, "Free", "9971 MiB")
    q(12, "BAR1 Memory Usage"); q(16, "Total", "16383 MiB"); q(16, "Used", "0 MiB"); q(16, "Free", "16383 MiB")
q(4, "Accounting Mode", "Disabled"); q(4, "Accounting Mode Buffer Size", "4000")
q(4, "Driver Model"); q(8, "Current", "N/A"); q(8, "Pending", "N/A")
q(4, "Serial Number", "1321723034187"); q(4, "GPU UUID", GPU_UUID); q(4, "GPU PDI", "0x5c3b1e2a9f4d7086")
q(4, "Minor Number", "0"); q(4, "VBIOS Version", "96.00.99.00.01"); q(4, "MultiGPU Board", "No")
q(4, "Board ID", "0x100"); q(4, "Board Part Number", "900-21010-0000-000"); q(4, "GPU Part Number", "2331-885-A1")
q(4, "FRU Part Number", "N/A")
q(4, "Platform Info")
for k in ["Chassis Serial Number", "Slot Number", "Tray Index", "Host ID", "Peer Type"]:
    q(8, k, "N/A")
q(8, "Module Id", "1"); q(8, "GPU Fabric GUID", "N/A")
q(4, "Inforom Version"); q(8, "Image Version", "1010.0200.00.02"); q(8, "OEM Object", "2.1"); q(8, "ECC Object", "7.16")
q(8, "Power Management Object", "N/A")
q(4, "Inforom BBX Object Flush"); q(8, "Latest Timestamp", "N/A"); q(8, "Latest Duration", "N/A")
q(4, "GPU Operation Mode"); q(8, "Current", "N/A"); q(8, "Pending", "N/A")
q(4, "GPU C2C Mode", "Disabled")
q(4, "GPU Virtualization Mode"); q(8, "Virtualization Mode", "None"); q(8, "Host VGPU Mode", "N/A"); q(8, "vGPU Heterogeneous Mode", "N/A")
q(4, "GPU Reset Status"); q(8, "Reset Required", "Requested functionality has been deprecated")
q(8, "Drain and Reset Recommended", "Requested functionality has been deprecated")
q(4, "GPU Recovery Action", "None")
q(4, "GSP Firmware Version", DRV)
q(4, "IBMNPU"); q(8, "Relaxed Ordering Mode", "N/A")
q(4, "PCI"); q(8, "Bus", "0x01"); q(8, "Device", "0x00"); q(8, "Domain", "0x0000"); q(8, "Base Classcode", "0x3")
q(8, "Sub Classcode", "0x2"); q(8, "Device Id", "0x233110DE"); q(8, "Bus Id", "00000000:01:00.0")
q(8, "Sub System Id", "0x162610DE")
q(8, "GPU Link Info"); q(12, "PCIe Generation"); q(16, "Max", "5"); q(16, "Current", "5"); q(16, "Device Current", "5")
q(16, "Device Max", "5"); q(16, "Host Max", "5"); q(12, "Link Width"); q(16, "Max", "16x"); q(16, "Current", "16x")
q(8, "Bridge Chip"); q(12, "Type", "N/A"); q(12, "Firmware", "N/A")
q(8, "Replays Since Reset", "0"); q(8, "Replay Number Rollovers", "0"); q(8, "Tx Throughput", "0 KB/s")
q(8, "Rx Throughput", "0 KB/s"); q(8, "Atomic Caps Outbound", "N/A"); q(8, "Atomic Caps Inbound", "N/A")
q(4, "Fan Speed", "N/A"); q(4, "Performance State", "P0")
q(4, "Clocks Event Reasons")
for k, v in [("Idle", "Active"), ("Applications Clocks Setting", "Not Active"), ("SW Power Cap", "Not Active"),
             ("HW Slowdown", "Not Active")]:
    q(8, k, v)
q(12, "HW Thermal Slowdown", "Not Active"); q(12, "HW Power Brake Slowdown", "Not Active")
for k in ["Sync Boost", "SW Thermal Slowdown", "Display Clock Setting"]:
    q(8, k, "Not Active")
q(4, "Sparse Operation Mode", "N/A")
q(4, "FB Memory Usage"); q(8, "Total", "81559 MiB"); q(8, "Reserved", "418 MiB"); q(8, "Used", "92 MiB"); q(8, "Free", "81050 MiB")
q(4, "BAR1 Memory Usage"); q(8, "Total", "131072 MiB"); q(8, "Used", "1 MiB"); q(8, "Free", "131071 MiB")
q(4, "Conf Compute Protected Memory Usage"); q(8, "Total", "0 MiB"); q(8, "Used", "0 MiB"); q(8, "Free", "0 MiB")
q(4, "Compute Mode", "Default")
q(4, "Utilization")
for k in ["GPU", "Memory", "Encoder", "Decoder", "JPEG", "OFA"]:
    q(8, k, "N/A")
q(4, "Encoder Stats"); q(8, "Active Sessions", "0"); q(8, "Average FPS", "0"); q(8, "Average Latency", "0")
q(4, "FBC Stats"); q(8, "Active Sessions", "0"); q(8, "Average FPS", "0"); q(8, "Average Latency", "0")
q(4, "DRAM Encryption Mode"); q(8, "Current", "N/A"); q(8, "Pending", "N/A")
q(4, "ECC Mode"); q(8, "Current", "Enabled"); q(8, "Pending", "Enabled")
q(4, "ECC Errors")
for agg in ["Volatile", "Aggregate"]:
    q(8, agg)
    for k in ["SRAM Correctable", "SRAM Uncorrectable Parity", "SRAM Uncorrectable SEC-DED", "DRAM Correctable", "DRAM Uncorrectable"]:
        q(12, k, "0")
q(4, "Retired Pages"); q(8, "Single Bit ECC", "N/A"); q(8, "Double Bit ECC", "N/A"); q(8, "Pending Page Blacklist", "N/A")
q(4, "Remapped Rows"); q(8, "Correctable Error", "0"); q(8, "Uncorrectable Error", "0"); q(8, "Pending", "No")
q(8, "Remapping Failure Occurred", "No"); q(8, "Bank Remap Availability Histogram"); q(12, "Max", "2560 bank(s)")
for k in ["High", "Partial", "Low", "None"]:
    q(12, k, "0 bank(s)")
q(4, "Temperature"); q(8, "GPU Current Temp", "34 C"); q(8, "GPU T.Limit Temp", "52 C")
q(8, "GPU Shutdown T.Limit Temp", "-7 C"); q(8, "GPU Slowdown T.Limit Temp", "-2 C")
q(8, "GPU Max Operating T.Limit Temp", "0 C"); q(8, "GPU Target Temperature", "N/A")
q(8, "Memory Current Temp", "40 C"); q(8, "Memory Max Operating T.Limit Temp", "0 C")
q(4, "GPU Power Readings"); q(8, "Average Power Draw", "49.86 W"); q(8, "Instantaneous Power Draw", "49.51 W")
q(8, "Current Power Limit", "350.00 W"); q(8, "Requested Power Limit", "350.00 W"); q(8, "Default Power Limit", "350.00 W")
q(8, "Min Power Limit", "200.00 W"); q(8, "Max Power Limit", "350.00 W")
Q.append("    GPU Memory Power Readings ")
q(8, "Average Power Draw", "N/A"); q(8, "Instantaneous Power Draw", "N/A")
q(4, "Module Power Readings")
for k in ["Average Power Draw", "Instantaneous Power Draw", "Current Power Limit", "Requested Power Limit",
          "Default Power Limit", "Min Power Limit", "Max Power Limit"]:
    q(8, k, "N/A")
q(4, "Power Smoothing", "N/A")
q(4, "Workload Power Profiles"); q(8, "Requested Profiles", "N/A"); q(8, "Enforced Profiles", "N/A")
q(4, "Clocks"); q(8, "Graphics", "345 MHz"); q(8, "SM", "345 MHz"); q(8, "Memory", "1593 MHz"); q(8, "Video", "765 MHz")
q(4, "Applications Clocks"); q(8, "Graphics", "1755 MHz"); q(8, "Memory", "1593 MHz")
q(4, "Default Applications Clocks"); q(8, "Graphics", "1755 MHz"); q(8, "Memory", "1593 MHz")
q(4, "Deferred Clocks"); q(8, "Memory", "N/A")
q(4, "Max Clocks"); q(8, "Graphics", "1755 MHz"); q(8, "SM", "1755 MHz"); q(8, "Memory", "1593 MHz"); q(8, "Video", "1395 MHz")
q(4, "Max Customer Boost Clocks"); q(8, "Graphics", "1755 MHz")
q(4, "Clock Policy"); q(8, "Auto Boost", "N/A"); q(8, "Auto Boost Default", "N/A")
q(4, "Voltage"); q(8, "Graphics", "670.000 mV")
q(4, "Fabric"); q(8, "State", "N/A"); q(8, "Status", "N/A"); q(8, "CliqueId", "N/A"); q(8, "ClusterUUID", "N/A")
q(8, "Health"); q(12, "Bandwidth", "N/A"); q(12, "Route Recovery in progress", "N/A"); q(12, "Route Unhealthy", "N/A")
q(12, "Access Timeout Recovery", "N/A")
q(4, "Processes", "None")
q(4, "Capabilities"); q(8, "EGM", "disabled")
Q.append("")
S.w("sos_commands/nvidia/nvidia-smi_-q", "\n".join(Q) + "\n")

# ------------------------------------------------------------------ driver, kernel, host
S.w("proc/driver/nvidia/version",
    f"NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  {DRV}  Release Build  (root@{HOST})  Thu Jul  3 16:20:11 UTC 2025\n"
    "GCC version:  gcc version 12.3.0 (Ubuntu 12.3.0-1ubuntu1~22.04) \n")
CMD = f"BOOT_IMAGE=/vmlinuz-{KVER} root=/dev/mapper/ubuntu--vg-ubuntu--lv ro intel_iommu=on"
S.w("proc/cmdline", CMD + "\n")
S.w("etc/default/grub", """# If you change this file, run 'update-grub' afterwards to update
# /boot/grub/grub.cfg.
# For full documentation of the options in this file, see:
#   info -f grub -n 'Simple configuration'

GRUB_DEFAULT=0
GRUB_TIMEOUT_STYLE=hidden
GRUB_TIMEOUT=0
GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`
GRUB_CMDLINE_LINUX_DEFAULT="intel_iommu=on"
GRUB_CMDLINE_LINUX=""
""")
S.w("etc/hostname", HOST + "\n")
S.w("etc/modprobe.d/blacklist-nouveau.conf", "blacklist nouveau\noptions nouveau modeset=0\n")
S.w("sos_commands/kernel/uname_-a",
    f"Linux {HOST} {KVER} #63~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 22 19:00:15 UTC 2 x86_64 x86_64 x86_64 GNU/Linux\n")
S.w("sys/firmware/acpi/tables/DMAR", b"")
S.w("sys/class/iommu/dmar0", b"")
S.w("sys/class/iommu/dmar1", b"")
S.w("sys/class/dmi/id/bios_vendor", "American Megatrends International, LLC.\n")
S.w("sys/class/dmi/id/bios_version", "1.2\n")
S.w("sys/class/dmi/id/bios_date", "10/14/2024\n")
S.w("sys/class/dmi/id/sys_vendor", "Supermicro\n")
S.w("sys/class/dmi/id/product_name", "Super Server\n")

# ------------------------------------------------------------------ lspci (Ubuntu 22.04 pci.ids 2022.01: newer ids print as "Device xxxx")
GROUPS = {"00:00.0": 0, "00:01.0": 1, "00:06.0": 2, "00:14.0": 3, "00:14.2": 3, "00:16.0": 4, "00:17.0": 5,
          "00:1c.0": 6, "00:1c.4": 7, "00:1f.0": 8, "00:1f.4": 8, "00:1f.5": 8, "01:00.0": 9, "02:00.0": 10,
          "03:00.0": 11, "04:00.0": 11, "05:00.0": 12}
def rp(bdf, dev, irq, sec, port, speed, width, stspeed, stwidth, mem, pref, io="[disabled] [16-bit]", slot=1, acs=True):
    s = f"""{bdf} PCI bridge [0604]: Intel Corporation Device [8086:{dev}] (rev 01) (prog-if 00 [Normal decode])
\tSubsystem: Super Micro Computer Inc Device [15d9:1c8c]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ {irq}
\tIOMMU group: {GROUPS[bdf]}
\tBus: primary=00, secondary={sec}, subordinate={sec if bdf != '00:1c.0' else '04'}, sec-latency=0
\tI/O behind bridge: {io}
\tMemory behind bridge: {mem}
\tPrefetchable memory behind bridge: {pref}
\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort+ <SERR- <PERR-
\tBridgeCtl: Parity- SERR+ NoISA- VGA- VGA16+ MAbort- >Reset- FastB2B-
\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-
\tCapabilities: [40] Express (v2) Root Port (Slot+), MSI 00
\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0
\t\t\tExtTag- RBE+
\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-
\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-
\t\t\tMaxPayload 256 bytes, MaxReadReq 128 bytes
\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-
\t\tLnkCap:\tPort #{port}, Speed {speed}GT/s, Width x{width}, ASPM L1, Exit Latency L1 <16us
\t\t\tClockPM- Surprise- LLActRep+ BwNot+ ASPMOptComp+
\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt+ AutBWInt+
\t\tLnkSta:\tSpeed {stspeed}GT/s (ok), Width x{stwidth} (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive+ BWMgmt- ABWMgmt-
\t\tSltCap:\tAttnBtn- PwrCtrl- MRL- AttnInd- PwrInd- HotPlug- Surprise-
\t\t\tSlot #{slot}, PowerLimit 75.000W; Interlock- NoCompl+
\t\tSltCtl:\tEnable: AttnBtn- PwrFlt- MRL- PresDet- CmdCplt- HPIrq- LinkChg-
\t\t\tControl: AttnInd Unknown, PwrInd Unknown, Power- Interlock-
\t\tSltSta:\tStatus: AttnBtn- PowerFlt- MRL- CmdCplt- PresDet+ Interlock-
\t\t\tChanged: MRL- PresDet- LinkState+
\t\tRootCap: CRSVisible-
\t\tRootCtl: ErrCorrectable- ErrNon-Fatal- ErrFatal- PMEIntEna+ CRSVisible-
\t\tRootSta: PME ReqID 0000, PMEStatus- PMEPending-
\t\tDevCap2: Completion Timeout: Range ABC, TimeoutDis+ NROPrPrP- LTR+
\t\t\t 10BitTagComp+ 10BitTagReq- OBFF Via WAKE#, ExtFmt+ EETLPPrefix+, MaxEETLPPrefixes 2
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- LN System CLS Not Supported, TPHComp- ExtTPHComp- ARIFwd+
\t\t\t AtomicOpsCap: Routing- 32bit- 64bit- 128bitCAS-
\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR+ OBFF Disabled, ARIFwd-
\t\t\t AtomicOpsCtl: ReqEn- EgressBlck-
\t\tLnkCap2: Supported Link Speeds: 2.5-{speed}GT/s, Crosslink- Retimer+ 2Retimers+ DRS-
\t\tLnkCtl2: Target Link Speed: {speed}GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete+ EqualizationPhase1+
\t\t\t EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
\tCapabilities: [80] MSI: Enable+ Count=1/1 Maskable- 64bit-
\t\tAddress: fee00218  Data: 0000
\tCapabilities: [98] Subsystem: Super Micro Computer Inc Device [15d9:1c8c]
\tCapabilities: [a0] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [100 v1] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 00000000 00000000 00000000 00000000
\t\tRootCmd: CERptEn+ NFERptEn+ FERptEn+
\t\tRootSta: CERcvd- MultCERcvd- UERcvd- MultUERcvd-
\t\t\t FirstFatal- NonFatalMsg- FatalMsg- IntMsg 0
\t\tErrorSrc: ERR_COR: 0000 ERR_FATAL/NONFATAL: 0000
"""
    if acs:
        s += """\tCapabilities: [220 v1] Access Control Services
\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd- EgressCtrl- DirectTrans-
\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd- EgressCtrl- DirectTrans-
"""
    s += "\tKernel driver in use: pcieport\n"
    return s

def simple(bdf, cls, dev, name_rev, drv=None, mods=None, irq=None, regions=(), sub="Super Micro Computer Inc Device [15d9:1c8c]"):
    s = f"{bdf} {cls}: Intel Corporation Device [8086:{dev}]{name_rev}\n\tSubsystem: {sub}\n"
    s += "\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+\n"
    s += "\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
    if irq:
        s += f"\tLatency: 0\n\tInterrupt: pin A routed to IRQ {irq}\n"
    s += f"\tIOMMU group: {GROUPS[bdf]}\n"
    for r in regions:
        s += f"\t{r}\n"
    if drv:
        s += f"\tKernel driver in use: {drv}\n"
    if mods:
        s += f"\tKernel modules: {mods}\n"
    return s

GPU = f"""01:00.0 3D controller [0302]: NVIDIA Corporation Device [10de:2331] (rev a1)
\tSubsystem: NVIDIA Corporation Device [10de:1626]
\tPhysical Slot: 1
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0
\tInterrupt: pin A routed to IRQ 16
\tIOMMU group: 9
\tRegion 0: Memory at 6002000000 (64-bit, prefetchable) [size=16M]
\tRegion 2: Memory at 4000000000 (64-bit, prefetchable) [size=128G]
\tRegion 4: Memory at 6000000000 (64-bit, prefetchable) [size=32M]
\tCapabilities: [40] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [48] MSI: Enable- Count=1/16 Maskable+ 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\t\tMasking: 00000000  Pending: 00000000
\tCapabilities: [60] Express (v2) Endpoint, MSI 00
\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s unlimited, L1 <64us
\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 75.000W
\t\tDevCtl:\tCorrErr- NonFatalErr+ FatalErr+ UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ FLReset-
\t\t\tMaxPayload 256 bytes, MaxReadReq 4096 bytes
\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-
\t\tLnkCap:\tPort #0, Speed 32GT/s, Width x16, ASPM not supported
\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\tSpeed 32GT/s (ok), Width x16 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\t\tDevCap2: Completion Timeout: Range AB, TimeoutDis+ NROPrPrP- LTR-
\t\t\t 10BitTagComp+ 10BitTagReq+ OBFF Not Supported, ExtFmt- EETLPPrefix-
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- TPHComp- ExtTPHComp-
\t\t\t AtomicOpsCap: 32bit+ 64bit+ 128bitCAS+
\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- OBFF Disabled,
\t\t\t AtomicOpsCtl: ReqEn+
\t\tLnkCap2: Supported Link Speeds: 2.5-32GT/s, Crosslink- Retimer+ 2Retimers+ DRS-
\t\tLnkCtl2: Target Link Speed: 32GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete+ EqualizationPhase1+
\t\t\t EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
\tCapabilities: [9c] Vendor Specific Information: Len=14 <?>
\tCapabilities: [b0] MSI-X: Enable+ Count=6 Masked-
\t\tVector table: BAR=0 offset=00b90000
\t\tPBA: BAR=0 offset=00ba0000
\tCapabilities: [100 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
\tCapabilities: [140 v1] Physical Layer 16.0 GT/s <?>
\tCapabilities: [170 v1] Lane Margining at the Receiver <?>
\tCapabilities: [1d0 v1] Physical Layer 32.0 GT/s <?>
\tCapabilities: [200 v2] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 00000000 00000000 00000000 00000000
\tCapabilities: [250 v1] Virtual Channel
\t\tCaps:\tLPEVC=0 RefClk=100ns PATEntryBits=1
\t\tArb:\tFixed- WRR32- WRR64- WRR128-
\t\tCtrl:\tArbSelect=Fixed
\t\tStatus:\tInProgress-
\t\tVC0:\tCaps:\tPATOffset=00 MaxTimeSlots=1 RejSnoopTrans-
\t\t\tArb:\tFixed- WRR32- WRR64- WRR128- TWRR128- WRR256-
\t\t\tCtrl:\tEnable+ ID=0 ArbSelect=Fixed TC/VC=01
\t\t\tStatus:\tNegoPending- InProgress-
\tCapabilities: [2a0 v1] Data Link Feature <?>
\tCapabilities: [2c0 v1] Access Control Services
\t\tACSCap:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-
\t\tACSCtl:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-
\tCapabilities: [300 v1] Alternative Routing-ID Interpretation (ARI)
\t\tARICap:\tMFVC- ACS-, Next Function: 0
\t\tARICtl:\tMFVC- ACS-, Function Group: 0
\tKernel driver in use: nvidia
\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia
"""
recs = [
    f"""00:00.0 Host bridge [0600]: Intel Corporation Device [8086:a703] (rev 01)
\tSubsystem: Super Micro Computer Inc Device [15d9:1c8c]
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort+ >SERR- <PERR- INTx-
\tLatency: 0
\tIOMMU group: 0
\tCapabilities: [e0] Vendor Specific Information: Len=14 <?>
\tKernel driver in use: igen6_edac
\tKernel modules: igen6_edac
""",
    rp("00:01.0", "a70d", 120, "01", 2, "32", 16, "32", 16, "[disabled] [32-bit]",
       "0000004000000000-0000006003ffffff [size=131136M] [64-bit]", slot=1),
    rp("00:06.0", "a74d", 121, "02", 5, "16", 4, "16", 4, "72000000-720fffff [size=1M] [32-bit]", "[disabled] [64-bit]", slot=6),
    simple("00:14.0", "USB controller [0c03]", "7a60", " (rev 11) (prog-if 30 [XHCI])", "xhci_hcd", "xhci_pci", 124,
           ["Region 0: Memory at 6004100000 (64-bit, non-prefetchable) [size=64K]"]),
    simple("00:14.2", "RAM memory [0500]", "7a27", " (rev 11)", regions=["Region 0: Memory at 600411c000 (64-bit, non-prefetchable) [disabled] [size=16K]", "Region 2: Memory at 6004123000 (64-bit, non-prefetchable) [disabled] [size=4K]"]),
    simple("00:16.0", "Communication controller [0780]", "7a68", " (rev 11)", "mei_me", "mei_me", 125,
           ["Region 0: Memory at 6004121000 (64-bit, non-prefetchable) [size=4K]"]),
    simple("00:17.0", "SATA controller [0106]", "7a62", " (rev 11) (prog-if 01 [AHCI 1.0])", "ahci", "ahci", 126,
           ["Region 0: Memory at 72120000 (32-bit, non-prefetchable) [size=8K]", "Region 5: Memory at 72122000 (32-bit, non-prefetchable) [size=2K]"]),
    rp("00:1c.0", "7a38", 122, "03", 1, "8", 1, "5", 1, "71000000-718fffff [size=9M] [32-bit]", "[disabled] [64-bit]", io="3000-3fff [size=4K] [16-bit]", slot=0),
    rp("00:1c.4", "7a3c", 123, "05", 5, "8", 1, "2.5", 1, "71a00000-71afffff [size=1M] [32-bit]", "[disabled] [64-bit]", slot=0),
    simple("00:1f.0", "ISA bridge [0601]", "7a8c", " (rev 11)"),
    simple("00:1f.4", "SMBus [0c05]", "7a23", " (rev 11)", "i801_smbus", "i2c_i801", 16,
           ["Region 0: Memory at 6004120000 (64-bit, non-prefetchable) [size=256]", "Region 4: I/O ports at efa0 [size=32]"]),
    simple("00:1f.5", "Serial bus controller [0c80]", "7a24", " (rev 11)", "intel-spi", "spi_intel_pci", None,
           ["Region 0: Memory at fe010000 (32-bit, non-prefetchable) [size=4K]"]),
    GPU,
    f"""02:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO [144d:a80a] (prog-if 02 [NVM Express])
\tSubsystem: Samsung Electronics Co Ltd Device [144d:aa0a]
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ 16
\tIOMMU group: 10
\tRegion 0: Memory at 72000000 (64-bit, non-prefetchable) [size=32K]
\tCapabilities: [70] Express (v2) Endpoint, MSI 00
\t\tLnkCap:\tPort #0, Speed 16GT/s, Width x4, ASPM not supported
\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkSta:\tSpeed 16GT/s (ok), Width x4 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\tCapabilities: [b0] MSI-X: Enable+ Count=130 Masked-
\t\tVector table: BAR=0 offset=00003000
\t\tPBA: BAR=0 offset=00002000
\tKernel driver in use: nvme
\tKernel modules: nvme
""",
    """03:00.0 PCI bridge [0604]: ASPEED Technology, Inc. AST1150 PCI-to-PCI Bridge [1a03:1150] (rev 06) (prog-if 00 [Normal decode])
\tSubsystem: ASPEED Technology, Inc. AST1150 PCI-to-PCI Bridge [1a03:1150]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ 16
\tIOMMU group: 11
\tBus: primary=03, secondary=04, subordinate=04, sec-latency=32
\tI/O behind bridge: 3000-3fff [size=4K] [16-bit]
\tMemory behind bridge: 71000000-718fffff [size=9M] [32-bit]
\tPrefetchable memory behind bridge: [disabled] [64-bit]
\tCapabilities: [80] Express (v2) PCI-Express to PCI/PCI-X Bridge, MSI 00
\t\tLnkCap:\tPort #0, Speed 5GT/s, Width x1, ASPM L0s L1, Exit Latency L0s <512ns, L1 <32us
\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkSta:\tSpeed 5GT/s (ok), Width x1 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
""",
    """04:00.0 VGA compatible controller [0300]: ASPEED Technology, Inc. ASPEED Graphics Family [1a03:2000] (rev 52) (prog-if 00 [VGA controller])
\tDeviceName:  ASPEED Video AST2600
\tSubsystem: Super Micro Computer Inc Device [15d9:1c8c]
\tControl: I/O+ Mem+ BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=medium >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tInterrupt: pin A routed to IRQ 16
\tIOMMU group: 11
\tRegion 0: Memory at 71000000 (32-bit, non-prefetchable) [size=8M]
\tRegion 1: Memory at 71800000 (32-bit, non-prefetchable) [size=256K]
\tRegion 2: I/O ports at 3000 [size=128]
\tExpansion ROM at 000c0000 [virtual] [disabled] [size=128K]
\tKernel driver in use: ast
\tKernel modules: ast
""",
    """05:00.0 Ethernet controller [0200]: Intel Corporation I210 Gigabit Network Connection [8086:1533] (rev 03)
\tSubsystem: Super Micro Computer Inc I210 Gigabit Network Connection [15d9:1533]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ 17
\tIOMMU group: 12
\tRegion 0: Memory at 71a00000 (32-bit, non-prefetchable) [size=512K]
\tRegion 3: Memory at 71a80000 (32-bit, non-prefetchable) [size=16K]
\tCapabilities: [a0] Express (v2) Endpoint, MSI 00
\t\tLnkCap:\tPort #4, Speed 2.5GT/s, Width x1, ASPM L0s L1, Exit Latency L0s <2us, L1 <16us
\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkSta:\tSpeed 2.5GT/s (ok), Width x1 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\tKernel driver in use: igb
\tKernel modules: igb
"""]
lspci = "\n".join(recs)
S.w("sos_commands/pci/lspci_-nnvv", lspci)
S.w("sos_commands/pci/lspci_-tv", """-[0000:00]-+-00.0  Intel Corporation Device a703
           +-01.0-[01]----00.0  NVIDIA Corporation Device 2331
           +-06.0-[02]----00.0  Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO
           +-14.0  Intel Corporation Device 7a60
           +-14.2  Intel Corporation Device 7a27
           +-16.0  Intel Corporation Device 7a68
           +-17.0  Intel Corporation Device 7a62
           +-1c.0-[03-04]----00.0-[04]----00.0  ASPEED Technology, Inc. ASPEED Graphics Family
           +-1c.4-[05]----00.0  Intel Corporation I210 Gigabit Network Connection
           +-1f.0  Intel Corporation Device 7a8c
           +-1f.4  Intel Corporation Device 7a23
           \\-1f.5  Intel Corporation Device 7a24
""")
for bdf, g in GROUPS.items():
    S.w(f"sys/kernel/iommu_groups/{g}/devices/0000:{bdf}", b"")
d = f"sys/bus/pci/devices/{GPU_BDF}/"
for k, v in [("vendor", "0x10de"), ("device", "0x2331"), ("class", "0x030200"), ("numa_node", "-1"),
             ("current_link_speed", "32.0 GT/s PCIe"), ("current_link_width", "16"), ("max_link_speed", "32.0 GT/s PCIe"),
             ("max_link_width", "16"), ("reset_method", "flr bus"),
             ("driver", "../../../../bus/pci/drivers/nvidia"), ("iommu_group", "../../../../kernel/iommu_groups/9")]:
    S.w(d + k, v + "\n")
S.w(d + "resource", sysfs_resource({0: (0x6002000000, 16 << 20, F_MEM64P), 2: (0x4000000000, 128 << 30, F_MEM64P),
                                    4: (0x6000000000, 32 << 20, F_MEM64P)}))
d = "sys/bus/pci/devices/0000:00:01.0/"
for k, v in [("vendor", "0x8086"), ("device", "0xa70d"), ("class", "0x060400"), ("numa_node", "-1"),
             ("current_link_speed", "32.0 GT/s PCIe"), ("current_link_width", "16"), ("max_link_speed", "32.0 GT/s PCIe"),
             ("max_link_width", "16"), ("driver", "../../../bus/pci/drivers/pcieport"),
             ("iommu_group", "../../../kernel/iommu_groups/1")]:
    S.w(d + k, v + "\n")
S.w(d + "resource", sysfs_resource({}, bridge={2: (0x4000000000, (128 << 30) + (64 << 20), F_BR_MEMP)}))

# ------------------------------------------------------------------ dmesg (excerpt of the kernel log that matters)
DM = [(0.000000, f"Linux version {KVER} (buildd@lcy02-amd64-089) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #63~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 22 19:00:15 UTC 2 (Ubuntu 6.8.0-60.63~22.04.1-generic 6.8.12)"),
      (0.000000, f"Command line: {CMD}"),
      (0.000000, "DMI: Supermicro Super Server/X13SCH-F, BIOS 1.2 10/14/2024"),
      (0.012241, "ACPI: DMAR 0x000000006E5F4000 000088 (v02 INTEL  EDK2     00000002      01000013)"),
      (0.012270, "ACPI: Reserving DMAR table memory at [mem 0x6e5f4000-0x6e5f4087]"),
      (0.058810, f"Kernel command line: {CMD}"),
      (0.058903, "DMAR: IOMMU enabled"),
      (0.160122, "DMAR: Host address width 39"),
      (0.160124, "DMAR: DRHD base: 0x000000fed90000 flags: 0x0"),
      (0.160133, "DMAR: dmar0: reg_base_addr fed90000 ver 4:0 cap 1c0000c40660462 ecap 29a00f0505e"),
      (0.160136, "DMAR: DRHD base: 0x000000fed91000 flags: 0x1"),
      (0.160141, "DMAR: dmar1: reg_base_addr fed91000 ver 5:0 cap d2008c40660462 ecap f050da"),
      (0.160145, "DMAR-IR: IOAPIC id 2 under DRHD base  0xfed91000 IOMMU 1"),
      (0.160146, "DMAR-IR: HPET id 0 under DRHD base 0xfed91000"),
      (0.160147, "DMAR-IR: Queued invalidation will be enabled to support x2apic and Intr-remapping."),
      (0.161802, "DMAR-IR: Enabled IRQ remapping in x2apic mode"),
      (0.402115, "pci 0000:01:00.0: [10de:2331] type 00 class 0x030200 PCIe Endpoint"),
      (0.402163, "pci 0000:01:00.0: BAR 0 [mem 0x6002000000-0x6002ffffff 64bit pref]"),
      (0.402181, "pci 0000:01:00.0: BAR 2 [mem 0x4000000000-0x5fffffffff 64bit pref]"),
      (0.402197, "pci 0000:01:00.0: BAR 4 [mem 0x6000000000-0x6001ffffff 64bit pref]"),
      (0.402881, "pci 0000:00:01.0: PCI bridge to [bus 01]"),
      (0.402886, "pci 0000:00:01.0:   bridge window [mem 0x4000000000-0x6003ffffff 64bit pref]"),
      (0.611402, "DMAR: No ATSR found"),
      (0.611405, "DMAR: No SATC found"),
      (0.611407, "DMAR: dmar0: Using Queued invalidation"),
      (0.611411, "DMAR: dmar1: Using Queued invalidation"),
      (0.612170, "pci 0000:00:00.0: Adding to iommu group 0"),
      (0.612204, "pci 0000:00:01.0: Adding to iommu group 1"),
      (0.612231, "pci 0000:00:06.0: Adding to iommu group 2"),
      (0.612262, "pci 0000:00:14.0: Adding to iommu group 3"),
      (0.612274, "pci 0000:00:14.2: Adding to iommu group 3"),
      (0.612298, "pci 0000:00:16.0: Adding to iommu group 4"),
      (0.612321, "pci 0000:00:17.0: Adding to iommu group 5"),
      (0.612350, "pci 0000:00:1c.0: Adding to iommu group 6"),
      (0.612379, "pci 0000:00:1c.4: Adding to iommu group 7"),
      (0.612411, "pci 0000:00:1f.0: Adding to iommu group 8"),
      (0.612420, "pci 0000:00:1f.4: Adding to iommu group 8"),
      (0.612429, "pci 0000:00:1f.5: Adding to iommu group 8"),
      (0.612452, "pci 0000:01:00.0: Adding to iommu group 9"),
      (0.612479, "pci 0000:02:00.0: Adding to iommu group 10"),
      (0.612503, "pci 0000:03:00.0: Adding to iommu group 11"),
      (0.612511, "pci 0000:04:00.0: Adding to iommu group 11"),
      (0.612540, "pci 0000:05:00.0: Adding to iommu group 12"),
      (0.613210, "DMAR: Intel(R) Virtualization Technology for Directed I/O"),
      (3.902216, "nvidia: loading out-of-tree module taints kernel."),
      (3.902221, "nvidia: module verification failed: signature and/or required key missing - tainting kernel"),
      (3.951003, "nvidia-nvlink: Nvlink Core is being initialized, major device number 509"),
      (3.952411, "nvidia 0000:01:00.0: enabling device (0000 -> 0002)"),
      (4.001982, f"NVRM: loading NVIDIA UNIX Open Kernel Module for x86_64  {DRV}  Release Build  (root@{HOST})  Thu Jul  3 16:20:11 UTC 2025"),
      (4.211374, f"nvidia-modeset: Loading NVIDIA UNIX Open Kernel Mode Setting Driver for x86_64  {DRV}  Release Build  (root@{HOST})  Thu Jul  3 16:15:02 UTC 2025"),
      (4.220115, "[drm] [nvidia-drm] [GPU ID 0x00000100] Loading driver"),
      ]
S.w("sos_commands/kernel/dmesg", "".join(f"[{t:12.6f}] {s}\n" for t, s in DM))

# ------------------------------------------------------------------ cpu/mem/modules/interrupts
FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht "
         "tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc "
         "cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm "
         "sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch "
         "cpuid_fault epb ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust "
         "bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb intel_pt sha_ni xsaveopt xsavec xgetbv1 xsaves "
         "split_lock_detect user_shstk avx_vnni dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp hwp_pkg_req "
         "hfi vnmi umip pku ospke waitpkg gfni vaes vpclmulqdq tme rdpid movdiri movdir64b fsrm md_clear serialize pconfig "
         "arch_lbr ibt flush_l1d arch_capabilities")
cpus = []
for n in range(16):
    core = (n // 2) * 8
    cpus.append(f"""processor\t: {n}
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 183
model name\t: Intel(R) Xeon(R) E-2488
stepping\t: 1
microcode\t: 0x12b
cpu MHz\t\t: {[800.000, 3200.000, 5600.000, 1200.000][n % 4]:.3f}
cache size\t: 24576 KB
physical id\t: 0
siblings\t: 16
core id\t\t: {core}
cpu cores\t: 8
apicid\t\t: {n}
initial apicid\t: {n}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 32
wp\t\t: yes
flags\t\t: {FLAGS}
vmx flags\t: vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb flexpriority apicv tsc_offset vtpr mtf vapic ept vpid unrestricted_guest vapic_reg vid ple shadow_vmcs ept_mode_based_exec tsc_scaling usr_wait_pause
bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb rfds bhi
bogomips\t: 6374.40
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 39 bits physical, 48 bits virtual
power management:

""")
S.w("proc/cpuinfo", "".join(cpus))
S.w("proc/meminfo", """MemTotal:       131652044 kB
MemFree:        125877212 kB
MemAvailable:   128102560 kB
Buffers:          166044 kB
Cached:          2719340 kB
SwapCached:            0 kB
Active:           998652 kB
Inactive:        2364980 kB
Active(anon):       3312 kB
Inactive(anon):   512620 kB
Active(file):     995340 kB
Inactive(file):  1852360 kB
Unevictable:       27584 kB
Mlocked:           27584 kB
SwapTotal:       8388604 kB
SwapFree:        8388604 kB
Zswap:                 0 kB
Zswapped:              0 kB
Dirty:                96 kB
Writeback:             0 kB
AnonPages:        505804 kB
Mapped:           306232 kB
Shmem:             11980 kB
KReclaimable:     214900 kB
Slab:             702436 kB
SReclaimable:     214900 kB
SUnreclaim:       487536 kB
KernelStack:       12832 kB
PageTables:         9716 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    74214624 kB
Committed_AS:    3112100 kB
VmallocTotal:   34359738367 kB
VmallocUsed:      281428 kB
VmallocChunk:          0 kB
Percpu:            20736 kB
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
DirectMap4k:      513412 kB
DirectMap2M:    14141440 kB
DirectMap1G:    119537664 kB
""")
MODS = ["nvidia_uvm 4911104 0 - Live", "nvidia_drm 122880 0 - Live", "nvidia_modeset 1687552 1 nvidia_drm, Live",
        "nvidia 11517952 2 nvidia_uvm,nvidia_modeset, Live", "video 73728 1 nvidia_modeset, Live",
        "ecc 45056 1 nvidia, Live", "drm_ttm_helper 16384 2 nvidia_drm,ast, Live", "ast 110592 0 - Live",
        "intel_rapl_msr 20480 0 - Live", "intel_rapl_common 40960 1 intel_rapl_msr, Live",
        "x86_pkg_temp_thermal 20480 0 - Live", "intel_powerclamp 24576 0 - Live", "coretemp 24576 0 - Live",
        "kvm_intel 487424 0 - Live", "kvm 1409024 1 kvm_intel, Live", "igen6_edac 28672 0 - Live",
        "mei_me 53248 0 - Live", "mei 167936 1 mei_me, Live", "ipmi_ssif 45056 0 - Live", "ipmi_si 86016 0 - Live",
        "ipmi_devintf 20480 0 - Live", "ipmi_msghandler 77824 3 ipmi_ssif,ipmi_si,ipmi_devintf, Live",
        "nvme 61440 2 - Live", "nvme_core 212992 3 nvme, Live", "igb 294912 0 - Live", "i2c_i801 36864 0 - Live",
        "ahci 49152 0 - Live", "libahci 53248 1 ahci, Live", "xhci_pci 24576 0 - Live", "spi_intel_pci 12288 0 - Live",
        "spi_intel 32768 1 spi_intel_pci, Live"]
S.w("proc/modules", "".join(m + " 0x0000000000000000\n" for m in MODS))
NC = 16
rows = [" " * 12 + "".join(f"CPU{n:<8}" for n in range(NC))]
def one(i, v):
    c = [0] * NC; c[i] = v; return c
def row(irq, cnt, chip, hw, trig, name):
    rows.append((f"{irq:>4}:" + "".join(f"{x:>11}" for x in cnt) + f"  {chip:>8} {hw}-{trig:<8}  {name}").rstrip())
z = [0] * NC
row(0, one(0, 9), "IR-IO-APIC", "   2", "edge", "timer")
row(8, z, "IR-IO-APIC", "   8", "edge", "rtc0")
row(9, z, "IR-IO-APIC", "   9", "fasteoi", "acpi")
row(16, one(4, 344), "IR-IO-APIC", "  16", "fasteoi", "i801_smbus")
row(118, z, "DMAR-MSI", "   0", "edge", "dmar0")
row(119, z, "DMAR-MSI", "   1", "edge", "dmar1")
row(120, z, "IR-PCI-MSI-0000:00:01.0", "   0", "edge", "PCIe PME, aerdrv, PCIe bwctrl")
row(121, z, "IR-PCI-MSI-0000:00:06.0", "   0", "edge", "PCIe PME, aerdrv")
row(122, z, "IR-PCI-MSI-0000:00:1c.0", "   0", "edge", "PCIe PME, aerdrv")
row(123, z, "IR-PCI-MSI-0000:00:1c.4", "   0", "edge", "PCIe PME, aerdrv")
row(124, one(2, 71), "IR-PCI-MSI-0000:00:14.0", "   0", "edge", "xhci_hcd")
row(125, one(9, 31), "IR-PCI-MSI-0000:00:16.0", "   0", "edge", "mei_me")
row(126, one(6, 3), "IR-PCI-MSI-0000:00:17.0", "   0", "edge", "ahci[0000:00:17.0]")
for q in range(17):
    row(127 + q, one(q % NC, 2200 + 41 * q), "IR-PCI-MSIX-0000:02:00.0", f"{q:>4}", "edge", f"nvme0q{q}")
for q in range(5):
    row(144 + q, one((3 * q) % NC, 9000 + 101 * q), "IR-PCI-MSIX-0000:05:00.0", f"{q:>4}", "edge",
        "eno1" if q == 0 else f"eno1-TxRx-{q - 1}")
for q in range(6):
    row(149 + q, one(q, 0 if q else 51234), "IR-PCI-MSIX-0000:01:00.0", f"{q:>4}", "edge", "nvidia")
def sysrow(label, cnt, desc):
    rows.append(f"{label:>4}:" + "".join(f"{x:>11}" for x in cnt) + "   " + desc)
sysrow("NMI", [2] * NC, "Non-maskable interrupts")
sysrow("LOC", [801100 + 311 * i for i in range(NC)], "Local timer interrupts")
sysrow("SPU", z, "Spurious interrupts")
sysrow("PMI", [2] * NC, "Performance monitoring interrupts")
sysrow("IWI", [1 + i for i in range(NC)], "IRQ work interrupts")
sysrow("RTR", z, "APIC ICR read retries")
sysrow("RES", [3000 + 77 * i for i in range(NC)], "Rescheduling interrupts")
sysrow("CAL", [9100 + 201 * i for i in range(NC)], "Function call interrupts")
sysrow("TLB", [510 + 9 * i for i in range(NC)], "TLB shootdowns")
sysrow("TRM", z, "Thermal event interrupts")
sysrow("THR", z, "Threshold APIC interrupts")
sysrow("DFR", z, "Deferred Error APIC interrupts")
sysrow("MCE", z, "Machine check exceptions")
sysrow("MCP", [31] * NC, "Machine check polls")
rows.append(" ERR:          0")
rows.append(" MIS:          0")
sysrow("PIN", z, "Posted-interrupt notification event")
sysrow("NPI", z, "Nested posted-interrupt event")
sysrow("PIW", z, "Posted-interrupt wakeup event")
S.w("proc/interrupts", "\n".join(rows) + "\n")
print("files:", len(S.files), "bytes:", sum(S.files.values()))
