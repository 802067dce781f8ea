"""lspci -nnvv record templates for the ASRock Rack ROMED8-2T (EPYC Rome) host.

Every template is copied from the full `lspci -vvnn` dump of the same linuxhw
probe (github.com/linuxhw/LsPCI, Server/ASRockRack/ROMED8/ROMED8-2T/BFFC1BC92F78/
DEBIAN-11/5.13.19-6-PVE/X86_64/EB1D734A53, commit 40aa23cc907cd2f582017a013010b2ba0bc2beca);
only the per-device values (BDF, group, IRQ, windows, link state) are parameters.
"""

T = "\t"

AER_EP_ZERO = """\tCapabilities: [150 v2] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr{ce}
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 00000000 00000000 00000000 00000000
"""

ACS_NONE = """\tCapabilities: [2a0 v1] Access Control Services
\t\tACSCap:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-
\t\tACSCtl:\tSrcValid- TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-
"""

ACS_FULL = """\tCapabilities: [2a0 v1] Access Control Services
\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans+
\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans-
"""

ACS_INTERNAL = """\tCapabilities: [2a0 v1] Access Control Services
\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-
\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir- CmpltRedir- UpstreamFwd- EgressCtrl- DirectTrans-
"""

TAIL_16G = """\tCapabilities: [400 v1] Data Link Feature <?>
\tCapabilities: [410 v1] Physical Layer 16.0 GT/s <?>
\tCapabilities: [440 v1] Lane Margining at the Receiver <?>
"""

LNK2_EP = """\t\tLnkCap2: Supported Link Speeds: 2.5-16GT/s, Crosslink- Retimer+ 2Retimers+ DRS-
\t\tLnkCtl2: Target Link Speed: 16GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -3.5dB, EqualizationComplete+ EqualizationPhase1+
\t\t\t EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
"""

LNK2_SHORT = """\t\tLnkSta2: Current De-emphasis Level: -3.5dB, EqualizationComplete- EqualizationPhase1-
\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
"""


def root_complex(bdf):
    return f"""{bdf} Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex [1022:1480]
\tSubsystem: ASRock Incorporation Starship/Matisse Root Complex [1849:1480]
\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
"""


def iommu(bdf):
    return f"""{bdf} IOMMU [0806]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse IOMMU [1022:1481]
\tSubsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse IOMMU [1022:1481]
\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr+ Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tCapabilities: [40] Secure device <?>
\tCapabilities: [64] MSI: Enable- Count=1/4 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tCapabilities: [74] HyperTransport: MSI Mapping Enable+ Fixed+
\tCapabilities: [c8] Vendor Specific Information: Len=18 <?>
"""


def dummy_hb(bdf, group):
    return f"""{bdf} Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge [1022:1482]
\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tIOMMU group: {group}
"""


def gpp(bdf, group, irq, pri, sec, sub, io, mem, pref, port, width, lnkctl, lnksta,
        bwm, hotplug, slot, sltctl_pd, linkstate, devsta="CorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-",
        mps=256, uesta="UnsupReq-", ferr="00", hdr="00000000 00000000 00000000 00000000",
        ecrc="ECRCGenCap+ ECRCGenEn- ECRCChkCap+ ECRCChkEn-", pin="?", vga="VGA-",
        hp_enable=False, eq_done=True, arifwd2="ARIFwd-"):
    hp = "HotPlug+" if hotplug else "HotPlug-"
    sltctl = ("Enable: AttnBtn- PwrFlt- MRL- PresDet+ CmdCplt- HPIrq+ LinkChg+" if hp_enable
              else "Enable: AttnBtn- PwrFlt- MRL- PresDet- CmdCplt- HPIrq- LinkChg-")
    eq = ("EqualizationComplete+ EqualizationPhase1+\n\t\t\t EqualizationPhase2+ EqualizationPhase3+"
          if eq_done else
          "EqualizationComplete- EqualizationPhase1-\n\t\t\t EqualizationPhase2- EqualizationPhase3-")
    return f"""{bdf} PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483] (prog-if 00 [Normal decode])
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin {pin} routed to IRQ {irq}
\tIOMMU group: {group}
\tBus: primary={pri}, secondary={sec}, subordinate={sub}, sec-latency=0
\tI/O behind bridge: {io}
\tMemory behind bridge: {mem}
\tPrefetchable memory behind bridge: {pref}
\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort+ <SERR- <PERR-
\tBridgeCtl: Parity- SERR+ NoISA- {vga} VGA16+ MAbort- >Reset- FastB2B-
\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [58] Express (v2) Root Port (Slot+), MSI 00
\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0
\t\t\tExtTag+ RBE+
\t\tDevCtl:\tCorrErr+ NonFatalErr+ FatalErr+ UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+
\t\t\tMaxPayload {mps} bytes, MaxReadReq 512 bytes
\t\tDevSta:\t{devsta}
\t\tLnkCap:\tPort #{port}, Speed 16GT/s, Width x{width}, ASPM L1, Exit Latency L1 <64us
\t\t\tClockPM- Surprise- LLActRep+ BwNot+ ASPMOptComp+
\t\tLnkCtl:\t{lnkctl}; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\t{lnksta}
\t\t\tTrErr- Train- SlotClk+ DLActive+ {bwm}
\t\tSltCap:\tAttnBtn- PwrCtrl- MRL- AttnInd- PwrInd- {hp} Surprise-
\t\t\tSlot #{slot}, PowerLimit 75.000W; Interlock- NoCompl+
\t\tSltCtl:\t{sltctl}
\t\t\tControl: AttnInd Unknown, PwrInd Unknown, Power- Interlock-
\t\tSltSta:\tStatus: AttnBtn- PowerFlt- MRL- CmdCplt- PresDet+ Interlock-
\t\t\tChanged: MRL- PresDet- LinkState{linkstate}
\t\tRootCap: CRSVisible+
\t\tRootCtl: ErrCorrectable- ErrNon-Fatal- ErrFatal- PMEIntEna+ CRSVisible+
\t\tRootSta: PME ReqID 0000, PMEStatus- PMEPending-
\t\tDevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR-
\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt+ EETLPPrefix+, MaxEETLPPrefixes 1
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- LN System CLS Not Supported, TPHComp- ExtTPHComp- ARIFwd+
\t\t\t AtomicOpsCap: Routing- 32bit+ 64bit+ 128bitCAS-
\t\tDevCtl2: Completion Timeout: 65ms to 210ms, TimeoutDis- LTR- OBFF Disabled, {arifwd2}
\t\t\t AtomicOpsCtl: ReqEn- EgressBlck-
\t\tLnkCap2: Supported Link Speeds: 2.5-16GT/s, Crosslink- Retimer+ 2Retimers+ DRS-
\t\tLnkCtl2: Target Link Speed: 16GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -3.5dB, {eq} LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
\tCapabilities: [a0] MSI: Enable+ Count=1/1 Maskable- 64bit+
\t\tAddress: 00000000fee00000  Data: 0000
\tCapabilities: [c0] Subsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1453]
\tCapabilities: [c8] HyperTransport: MSI Mapping Enable+ Fixed+
\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>
\tCapabilities: [150 v2] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- {uesta} ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO+ CmpltAbrt- UnxCmplt+ RxOF+ MalfTLP+ ECRC+ UnsupReq- ACSViol+
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tAERCap:\tFirst Error Pointer: {ferr}, {ecrc}
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: {hdr}
\t\tRootCmd: CERptEn- NFERptEn- FERptEn-
\t\tRootSta: CERcvd- MultCERcvd- UERcvd- MultUERcvd-
\t\t\t FirstFatal- NonFatalMsg- FatalMsg- IntMsg 0
\t\tErrorSrc: ERR_COR: 0000 ERR_FATAL/NONFATAL: 0000
\tCapabilities: [270 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
{ACS_FULL}\tCapabilities: [370 v1] L1 PM Substates
\t\tL1SubCap: PCI-PM_L1.2- PCI-PM_L1.1+ ASPM_L1.2- ASPM_L1.1+ L1_PM_Substates+
\t\tL1SubCtl1: PCI-PM_L1.2- PCI-PM_L1.1- ASPM_L1.2- ASPM_L1.1-
\t\tL1SubCtl2:
\tCapabilities: [380 v1] Downstream Port Containment
\t\tDpcCap:\tINT Msg #0, RPExt+ PoisonedTLP+ SwTrigger+ RP PIO Log 6, DL_ActiveErr+
\t\tDpcCtl:\tTrigger:0 Cmpl- INT- ErrCor- PoisonedTLP- SwTrigger- DL_ActiveErr-
\t\tDpcSta:\tTrigger- Reason:00 INT- RPBusy- TriggerExt:00 RP PIO ErrPtr:1f
\t\tSource:\t0000
{TAIL_16G}\tCapabilities: [488 v1] Designated Vendor-Specific: Vendor=1002 ID=0001 Rev=1 Len=68 <?>
\tKernel driver in use: pcieport
"""


def internal_gpp(bdf, group, irq, pri, sec, mem):
    return f"""{bdf} PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Internal PCIe GPP Bridge 0 to bus[E:B] [1022:1484] (prog-if 00 [Normal decode])
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ {irq}
\tIOMMU group: {group}
\tBus: primary={pri}, secondary={sec}, subordinate={sec}, sec-latency=0
\tI/O behind bridge: [disabled]
\tMemory behind bridge: {mem}
\tPrefetchable memory behind bridge: [disabled]
\tSecondary status: 66MHz- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- <SERR- <PERR-
\tBridgeCtl: Parity- SERR+ NoISA- VGA- VGA16+ MAbort- >Reset- FastB2B-
\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [58] Express (v2) Root Port (Slot-), MSI 00
\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0
\t\t\tExtTag+ RBE+
\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+
\t\t\tMaxPayload 128 bytes, MaxReadReq 512 bytes
\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-
\t\tLnkCap:\tPort #0, Speed 16GT/s, Width x16, ASPM L0s L1, Exit Latency L0s <64ns, L1 <1us
\t\t\tClockPM- Surprise- LLActRep+ BwNot+ ASPMOptComp+
\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\tSpeed 16GT/s (ok), Width x16 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive+ BWMgmt+ ABWMgmt-
\t\tRootCap: CRSVisible+
\t\tRootCtl: ErrCorrectable- ErrNon-Fatal- ErrFatal- PMEIntEna+ CRSVisible+
\t\tRootSta: PME ReqID 0000, PMEStatus- PMEPending-
\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-
\t\t\t 10BitTagComp+ 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- LN System CLS Not Supported, TPHComp- ExtTPHComp- ARIFwd-
\t\t\t AtomicOpsCap: Routing- 32bit- 64bit- 128bitCAS-
\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- OBFF Disabled, ARIFwd-
\t\t\t AtomicOpsCtl: ReqEn- EgressBlck-
{LNK2_EP}\tCapabilities: [a0] MSI: Enable+ Count=1/1 Maskable- 64bit+
\t\tAddress: 00000000fee00000  Data: 0000
\tCapabilities: [c0] Subsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Internal PCIe GPP Bridge 0 to bus[E:B] [1022:1484]
\tCapabilities: [c8] HyperTransport: MSI Mapping Enable+ Fixed+
\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>
\tCapabilities: [150 v2] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 00000000 00000000 00000000 00000000
\t\tRootCmd: CERptEn- NFERptEn- FERptEn-
\t\tRootSta: CERcvd- MultCERcvd- UERcvd- MultUERcvd-
\t\t\t FirstFatal- NonFatalMsg- FatalMsg- IntMsg 0
\t\tErrorSrc: ERR_COR: 0000 ERR_FATAL/NONFATAL: 0000
\tCapabilities: [270 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
{ACS_INTERNAL}{TAIL_16G}\tKernel driver in use: pcieport
"""


def _ep_express(extra_devcap2_atomic=True, lnkcap2=True):
    s = """\tCapabilities: [64] Express (v2) Endpoint, MSI 00
\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s <4us, L1 unlimited
\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 0.000W
\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ FLReset-
\t\t\tMaxPayload 128 bytes, MaxReadReq 512 bytes
\t\tDevSta:\tCorrErr{dscorr} NonFatalErr- FatalErr- UnsupReq{dsur} AuxPwr{dsaux} TransPend-
\t\tLnkCap:\tPort #0, Speed 16GT/s, Width x16, ASPM L0s L1, Exit Latency L0s <64ns, L1 <1us
\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\tSpeed 16GT/s (ok), Width x16 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\t\tDevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR-
\t\t\t 10BitTagComp+ 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- TPHComp- ExtTPHComp-
"""
    if extra_devcap2_atomic:
        s += "\t\t\t AtomicOpsCap: 32bit- 64bit- 128bitCAS-\n"
    s += """\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- OBFF Disabled,
\t\t\t AtomicOpsCtl: ReqEn-
"""
    s += LNK2_EP if lnkcap2 else LNK2_SHORT
    return s


def dummy_fn(bdf, group):
    return (f"""{bdf} Non-Essential Instrumentation [1300]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function [1022:148a]
\tSubsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function [1022:148a]
\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tIOMMU group: {group}
\tCapabilities: [48] Vendor Specific Information: Len=08 <?>
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
""" + _ep_express(False).format(dscorr="+", dsur="+", dsaux="-")
            + "\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>\n"
            + AER_EP_ZERO.format(ce="+") + """\tCapabilities: [270 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
""" + ACS_NONE + TAIL_16G)


def reserved_spp(bdf, group):
    return dummy_fn(bdf, group).replace(
        "Non-Essential Instrumentation [1300]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function [1022:148a]",
        "Non-Essential Instrumentation [1300]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Reserved SPP [1022:1485]").replace(
        "Subsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Function [1022:148a]",
        "Subsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Reserved SPP [1022:1485]")


def ptdma(bdf, group, irq, r2):
    return (f"""{bdf} Encryption controller [1080]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA [1022:1498]
\tSubsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PTDMA [1022:1498]
\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tInterrupt: pin B routed to IRQ {irq}
\tIOMMU group: {group}
\tRegion 2: Memory at {r2:08x} (32-bit, non-prefetchable) [disabled] [size=512K]
\tRegion 5: Memory at {r2 + 0x80000:08x} (32-bit, non-prefetchable) [disabled] [size=8K]
\tCapabilities: [48] Vendor Specific Information: Len=08 <?>
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
""" + _ep_express(True, False).format(dscorr="+", dsur="+", dsaux="-")
            + """\tCapabilities: [a0] MSI: Enable- Count=1/2 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tCapabilities: [c0] MSI-X: Enable- Count=1 Masked-
\t\tVector table: BAR=5 offset=00000000
\t\tPBA: BAR=5 offset=00001000
\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>
""" + AER_EP_ZERO.format(ce="+") + ACS_NONE)


def usb(bdf, group, irq, r0):
    return (f"""{bdf} USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] Starship USB 3.0 Host Controller [1022:148c] (prog-if 30 [XHCI])
\tDeviceName:  Onboard USB
\tSubsystem: Advanced Micro Devices, Inc. [AMD] Starship USB 3.0 Host Controller [1022:148c]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin C routed to IRQ {irq}
\tIOMMU group: {group}
\tRegion 0: Memory at {r0:08x} (64-bit, non-prefetchable) [size=1M]
\tCapabilities: [48] Vendor Specific Information: Len=08 <?>
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-
""" + _ep_express(True, False).format(dscorr="+", dsur="+", dsaux="+")
            + """\tCapabilities: [a0] MSI: Enable- Count=1/8 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tCapabilities: [c0] MSI-X: Enable+ Count=8 Masked-
\t\tVector table: BAR=0 offset=000fe000
\t\tPBA: BAR=0 offset=000ff000
\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>
""" + AER_EP_ZERO.format(ce="+") + ACS_NONE
            + "\tKernel driver in use: xhci_hcd\n\tKernel modules: xhci_pci\n")


def sata(bdf, group, irq, r5):
    return (f"""{bdf} SATA controller [0106]: Advanced Micro Devices, Inc. [AMD] FCH SATA Controller [AHCI mode] [1022:7901] (rev 51) (prog-if 01 [AHCI 1.0])
\tDeviceName:  Onboard SATA
\tSubsystem: Advanced Micro Devices, Inc. [AMD] FCH SATA Controller [AHCI mode] [1022:7901]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ {irq}
\tIOMMU group: {group}
\tRegion 5: Memory at {r5:08x} (32-bit, non-prefetchable) [size=2K]
\tCapabilities: [48] Vendor Specific Information: Len=08 <?>
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI+ D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
""" + _ep_express(True, True).format(dscorr="-", dsur="-", dsaux="-")
            + """\tCapabilities: [a0] MSI: Enable+ Count=16/16 Maskable- 64bit+
\t\tAddress: 00000000fee00000  Data: 0000
\tCapabilities: [d0] SATA HBA v1.0 InCfgSpace
\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>
""" + AER_EP_ZERO.format(ce="-") + """\tCapabilities: [270 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
""" + ACS_NONE + TAIL_16G + "\tKernel driver in use: ahci\n\tKernel modules: ahci\n")


def psp(bdf, group, irq, r2):
    return (f"""{bdf} Encryption controller [1080]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Cryptographic Coprocessor PSPCPP [1022:1486]
\tSubsystem: Advanced Micro Devices, Inc. [AMD] Starship/Matisse Cryptographic Coprocessor PSPCPP [1022:1486]
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ {irq}
\tIOMMU group: {group}
\tRegion 2: Memory at {r2:08x} (32-bit, non-prefetchable) [size=1M]
\tRegion 5: Memory at {r2 + 0x182000:08x} (32-bit, non-prefetchable) [size=8K]
\tCapabilities: [48] Vendor Specific Information: Len=08 <?>
\tCapabilities: [50] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
""" + _ep_express(True, False).format(dscorr="+", dsur="+", dsaux="-")
            + """\tCapabilities: [a0] MSI: Enable- Count=1/1 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tCapabilities: [c0] MSI-X: Enable+ Count=2 Masked-
\t\tVector table: BAR=5 offset=00000000
\t\tPBA: BAR=5 offset=00001000
\tCapabilities: [100 v1] Vendor Specific Information: ID=0001 Rev=1 Len=010 <?>
""" + AER_EP_ZERO.format(ce="+") + ACS_NONE + "\tKernel driver in use: ccp\n\tKernel modules: ccp\n")


def nvme(bdf, slot, irq, group, r0, lnkctl):
    return f"""{bdf} Non-Volatile memory controller [0108]: ADATA Technology Co., Ltd. XPG SX8200 Pro PCIe Gen3x4 M.2 2280 Solid State Drive [1cc1:8201] (rev 03) (prog-if 02 [NVM Express])
\tSubsystem: ADATA Technology Co., Ltd. XPG SX8200 Pro PCIe Gen3x4 M.2 2280 Solid State Drive [1cc1:8201]
\tPhysical Slot: {slot}
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ {irq}
\tNUMA node: 0
\tIOMMU group: {group}
\tRegion 0: Memory at {r0:08x} (64-bit, non-prefetchable) [size=16K]
\tCapabilities: [40] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [50] MSI: Enable- Count=1/8 Maskable+ 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\t\tMasking: 00000000  Pending: 00000000
\tCapabilities: [70] Express (v2) Endpoint, MSI 00
\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s unlimited, L1 unlimited
\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 75.000W
\t\tDevCtl:\tCorrErr+ NonFatalErr+ FatalErr+ UnsupReq-
\t\t\tRlxdOrd+ ExtTag- PhantFunc- AuxPwr- NoSnoop- FLReset-
\t\t\tMaxPayload 256 bytes, MaxReadReq 512 bytes
\t\tDevSta:\tCorrErr+ NonFatalErr- FatalErr- UnsupReq+ AuxPwr+ TransPend-
\t\tLnkCap:\tPort #0, Speed 8GT/s, Width x4, ASPM L1, Exit Latency L1 <8us
\t\t\tClockPM+ Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkCtl:\t{lnkctl}; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\tSpeed 8GT/s (ok), Width x4 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\t\tDevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR+
\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- TPHComp- ExtTPHComp-
\t\t\t AtomicOpsCap: 32bit- 64bit- 128bitCAS-
\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- OBFF Disabled,
\t\t\t AtomicOpsCtl: ReqEn-
\t\tLnkCap2: Supported Link Speeds: 2.5-8GT/s, Crosslink- Retimer- 2Retimers- DRS-
\t\tLnkCtl2: Target Link Speed: 8GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -3.5dB, EqualizationComplete+ EqualizationPhase1+
\t\t\t EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
\tCapabilities: [b0] MSI-X: Enable+ Count=16 Masked-
\t\tVector table: BAR=0 offset=00002000
\t\tPBA: BAR=0 offset=00002100
\tCapabilities: [100 v2] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq+ ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq+ ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO+ CmpltAbrt- UnxCmplt+ RxOF+ MalfTLP+ ECRC+ UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap+ ECRCGenEn+ ECRCChkCap+ ECRCChkEn+
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 00000000 00000000 00000000 00000000
\tCapabilities: [158 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
\tCapabilities: [178 v1] Latency Tolerance Reporting
\t\tMax snoop latency: 0ns
\t\tMax no snoop latency: 0ns
\tCapabilities: [180 v1] L1 PM Substates
\t\tL1SubCap: PCI-PM_L1.2+ PCI-PM_L1.1+ ASPM_L1.2+ ASPM_L1.1+ L1_PM_Substates+
\t\t\t  PortCommonModeRestoreTime=10us PortTPowerOnTime=10us
\t\tL1SubCtl1: PCI-PM_L1.2- PCI-PM_L1.1- ASPM_L1.2- ASPM_L1.1-
\t\t\t   T_CommonMode=0us LTR1.2_Threshold=0ns
\t\tL1SubCtl2: T_PwrOn=10us
\tKernel driver in use: nvme
\tKernel modules: nvme
"""


def bnxt(bdf, group, irq, pin, r0, r2, r4, rom, nextfn, first):
    s = f"""{bdf} Ethernet controller [0200]: Broadcom Inc. and subsidiaries BCM57416 NetXtreme-E Dual-Media 10G RDMA Ethernet Controller [14e4:16d8] (rev 01)
\tDeviceName:  Onboard LAN
\tSubsystem: Broadcom Inc. and subsidiaries NetXtreme-E Dual-port 10GBASE-T Ethernet OCP 3.0 Adapter (BCM957416N4160C) [14e4:4166]
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0
\tInterrupt: pin {pin} routed to IRQ {irq}
\tIOMMU group: {group}
\tRegion 0: Memory at {r0:08x} (64-bit, prefetchable) [size=64K]
\tRegion 2: Memory at {r2:08x} (64-bit, prefetchable) [size=1M]
\tRegion 4: Memory at {r4:08x} (64-bit, prefetchable) [size=8K]
\tExpansion ROM at {rom:08x} [disabled] [size=256K]
\tCapabilities: [48] Power Management version 3
\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=1 PME-
\tCapabilities: [50] Vital Product Data
\t\tProduct Name: Broadcom NetXtreme E-Series Dual-port 10GBASE-T Ethernet OCP 3.0 Adapter
\t\tRead-only fields:
\t\t\t[PN] Part number: BCM957416N4160C
\t\t\t[MN] Manufacture ID: ...
\t\t\t[V0] Vendor specific: 221.1.28.0
\t\t\t[V1] Vendor specific: 221.0.109.0
\t\t\t[V3] Vendor specific: 221.0.113.0
\t\t\t[V6] Vendor specific: 221.0.109.0
\t\t\t[V7] Vendor specific: 221.0.109.0
\t\t\t[V8] Vendor specific: 221.0.113.0
\t\t\t[V9] Vendor specific: 221.0.109.0
\t\t\t[VA] Vendor specific: 221.0.113.0
\t\t\t[RV] Reserved: checksum good, 181 byte(s) reserved
\t\tEnd
\tCapabilities: [58] MSI: Enable- Count=1/8 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tCapabilities: [a0] MSI-X: Enable+ Count=74 Masked-
\t\tVector table: BAR=4 offset=00000000
\t\tPBA: BAR=4 offset=000004a0
\tCapabilities: [ac] Express (v2) Endpoint, MSI 00
\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0, Latency L0s <4us, L1 <64us
\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 75.000W
\t\tDevCtl:\tCorrErr+ NonFatalErr+ FatalErr+ UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr+ NoSnoop+ FLReset-
\t\t\tMaxPayload 512 bytes, MaxReadReq 512 bytes
\t\tDevSta:\tCorrErr+ NonFatalErr- FatalErr- UnsupReq+ AuxPwr+ TransPend-
\t\tLnkCap:\tPort #0, Speed 8GT/s, Width x8, ASPM not supported
\t\t\tClockPM+ Surprise- LLActRep- BwNot- ASPMOptComp+
\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\tSpeed 8GT/s (ok), Width x4 (downgraded)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\t\tDevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR+
\t\t\t 10BitTagComp- 10BitTagReq- OBFF Via WAKE#, ExtFmt- EETLPPrefix-
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS- TPHComp- ExtTPHComp-
\t\t\t AtomicOpsCap: 32bit- 64bit- 128bitCAS-
\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- OBFF Disabled,
\t\t\t AtomicOpsCtl: ReqEn-
"""
    if first:
        s += """\t\tLnkCap2: Supported Link Speeds: 2.5-8GT/s, Crosslink- Retimer- 2Retimers- DRS-
\t\tLnkCtl2: Target Link Speed: 2.5GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -3.5dB, EqualizationComplete+ EqualizationPhase1+
\t\t\t EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
"""
    else:
        s += LNK2_SHORT
    s += """\tCapabilities: [100 v1] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq+ ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq+ ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO+ CmpltAbrt- UnxCmplt+ RxOF+ MalfTLP+ ECRC+ UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap+ ECRCGenEn+ ECRCChkCap+ ECRCChkEn+
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 04008001 4000200f 42020000 00000000
\tCapabilities: [13c v1] Device Serial Number ...
\tCapabilities: [150 v1] Power Budgeting <?>
"""
    if first:
        s += """\tCapabilities: [160 v1] Virtual Channel
\t\tCaps:\tLPEVC=0 RefClk=100ns PATEntryBits=1
\t\tArb:\tFixed- WRR32- WRR64- WRR128-
\t\tCtrl:\tArbSelect=Fixed
\t\tStatus:\tInProgress-
\t\tVC0:\tCaps:\tPATOffset=00 MaxTimeSlots=1 RejSnoopTrans-
\t\t\tArb:\tFixed- WRR32- WRR64- WRR128- TWRR128- WRR256-
\t\t\tCtrl:\tEnable+ ID=0 ArbSelect=Fixed TC/VC=01
\t\t\tStatus:\tNegoPending- InProgress-
"""
    s += "\tCapabilities: [180 v1] Vendor Specific Information: ID=0000 Rev=0 Len=020 <?>\n"
    if first:
        s += """\tCapabilities: [1b0 v1] Latency Tolerance Reporting
\t\tMax snoop latency: 0ns
\t\tMax no snoop latency: 0ns
"""
    s += f"""\tCapabilities: [1b8 v1] Alternative Routing-ID Interpretation (ARI)
\t\tARICap:\tMFVC- ACS-, Next Function: {nextfn}
\t\tARICtl:\tMFVC- ACS-, Function Group: 0
\tCapabilities: [230 v1] Transaction Processing Hints
\t\tInterrupt vector mode supported
\t\tDevice specific mode supported
\t\tSteering table in MSI-X table
"""
    if first:
        s += """\tCapabilities: [300 v1] Secondary PCI Express
\t\tLnkCtl3: LnkEquIntrruptEn- PerformEqu-
\t\tLaneErrStat: 0
\tCapabilities: [200 v1] Precision Time Measurement
\t\tPTMCap: Requester:+ Responder:- Root:-
\t\tPTMClockGranularity: Unimplemented
\t\tPTMControl: Enabled:- RootSelected:-
\t\tPTMEffectiveGranularity: Unknown
"""
    s += "\tKernel driver in use: bnxt_en\n\tKernel modules: bnxt_en\n"
    return s


AST_BRIDGE = """43:00.0 PCI bridge [0604]: ASPEED Technology, Inc. AST1150 PCI-to-PCI Bridge [1a03:1150] (rev 04) (prog-if 00 [Normal decode])
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0, Cache Line Size: 64 bytes
\tInterrupt: pin A routed to IRQ 11
\tIOMMU group: 50
\tBus: primary=43, secondary=44, subordinate=44, sec-latency=32
\tI/O behind bridge: 00007000-00007fff [size=4K]
\tMemory behind bridge: b2000000-b30fffff [size=17M]
\tPrefetchable memory behind bridge: [disabled]
\tSecondary status: 66MHz+ FastB2B- ParErr- DEVSEL=medium >TAbort- <TAbort- <MAbort- <SERR- <PERR-
\tBridgeCtl: Parity- SERR+ NoISA- VGA+ VGA16+ MAbort- >Reset- FastB2B-
\t\tPriDiscTmr- SecDiscTmr- DiscTmrStat- DiscTmrSERREn-
\tCapabilities: [50] MSI: Enable- Count=1/1 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tCapabilities: [78] Power Management version 3
\t\tFlags: PMEClk- DSI- D1+ D2+ AuxCurrent=375mA PME(D0+,D1+,D2+,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [80] Express (v2) PCI-Express to PCI/PCI-X Bridge, MSI 00
\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0
\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ SlotPowerLimit 75.000W
\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ BrConfRtry-
\t\t\tMaxPayload 256 bytes, MaxReadReq 512 bytes
\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr+ TransPend-
\t\tLnkCap:\tPort #0, Speed 5GT/s, Width x1, ASPM L0s L1, Exit Latency L0s <2us, L1 <2us
\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-
\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk+
\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-
\t\tLnkSta:\tSpeed 5GT/s (ok), Width x1 (ok)
\t\t\tTrErr- Train- SlotClk+ DLActive- BWMgmt- ABWMgmt-
\t\tDevCap2: Completion Timeout: Range ABCD, TimeoutDis+ NROPrPrP- LTR-
\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-
\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-
\t\t\t FRS-
\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- OBFF Disabled,
\t\tLnkCtl2: Target Link Speed: 5GT/s, EnterCompliance- SpeedDis-
\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-
\t\t\t Compliance De-emphasis: -6dB
\t\tLnkSta2: Current De-emphasis Level: -3.5dB, EqualizationComplete- EqualizationPhase1-
\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-
\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported
\tCapabilities: [c0] Subsystem: ASRock Incorporation AST1150 PCI-to-PCI Bridge [1849:1150]
\tCapabilities: [100 v1] Virtual Channel
\t\tCaps:\tLPEVC=0 RefClk=100ns PATEntryBits=1
\t\tArb:\tFixed- WRR32- WRR64- WRR128-
\t\tCtrl:\tArbSelect=Fixed
\t\tStatus:\tInProgress-
\t\tVC0:\tCaps:\tPATOffset=00 MaxTimeSlots=1 RejSnoopTrans-
\t\t\tArb:\tFixed- WRR32- WRR64- WRR128- TWRR128- WRR256-
\t\t\tCtrl:\tEnable+ ID=0 ArbSelect=Fixed TC/VC=01
\t\t\tStatus:\tNegoPending- InProgress-
\tCapabilities: [800 v1] Advanced Error Reporting
\t\tUESta:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUEMsk:\tDLP- SDES- TLP- FCP- CmpltTO- CmpltAbrt- UnxCmplt- RxOF- MalfTLP- ECRC- UnsupReq- ACSViol-
\t\tUESvrt:\tDLP+ SDES+ TLP- FCP+ CmpltTO- CmpltAbrt- UnxCmplt- RxOF+ MalfTLP+ ECRC- UnsupReq- ACSViol-
\t\tCESta:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr-
\t\tCEMsk:\tRxErr- BadTLP- BadDLLP- Rollover- Timeout- AdvNonFatalErr+
\t\tAERCap:\tFirst Error Pointer: 00, ECRCGenCap- ECRCGenEn- ECRCChkCap- ECRCChkEn-
\t\t\tMultHdrRecCap- MultHdrRecEn- TLPPfxPres- HdrLogCap-
\t\tHeaderLog: 00000000 00000000 00000000 00000000
"""

AST_VGA = """44:00.0 VGA compatible controller [0300]: ASPEED Technology, Inc. ASPEED Graphics Family [1a03:2000] (rev 41) (prog-if 00 [VGA controller])
\tDeviceName:  Onboard VGA
\tSubsystem: ASRock Incorporation ASPEED Graphics Family [1849:2000]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=medium >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0
\tInterrupt: pin A routed to IRQ 11
\tIOMMU group: 50
\tRegion 0: Memory at b2000000 (32-bit, non-prefetchable) [size=16M]
\tRegion 1: Memory at b3000000 (32-bit, non-prefetchable) [size=128K]
\tRegion 2: I/O ports at 7000 [size=128]
\tExpansion ROM at 000c0000 [virtual] [disabled] [size=128K]
\tCapabilities: [40] Power Management version 3
\t\tFlags: PMEClk- DSI- D1+ D2+ AuxCurrent=375mA PME(D0+,D1+,D2+,D3hot+,D3cold+)
\t\tStatus: D0 NoSoftRst- PME-Enable- DSel=0 DScale=0 PME-
\tCapabilities: [50] MSI: Enable- Count=1/2 Maskable- 64bit+
\t\tAddress: 0000000000000000  Data: 0000
\tKernel modules: ast
"""

SMBUS = """00:14.0 SMBus [0c05]: Advanced Micro Devices, Inc. [AMD] FCH SMBus Controller [1022:790b] (rev 61)
\tSubsystem: Advanced Micro Devices, Inc. [AMD] FCH SMBus Controller [1022:790b]
\tControl: I/O+ Mem+ BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+
\tStatus: Cap- 66MHz+ UDF- FastB2B- ParErr- DEVSEL=medium >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tIOMMU group: 69
\tKernel driver in use: piix4_smbus
\tKernel modules: i2c_piix4, sp5100_tco
"""

LPC = """00:14.3 ISA bridge [0601]: Advanced Micro Devices, Inc. [AMD] FCH LPC Bridge [1022:790e] (rev 51)
\tSubsystem: Advanced Micro Devices, Inc. [AMD] FCH LPC Bridge [1022:790e]
\tControl: I/O+ Mem+ BusMaster+ SpecCycle+ MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap- 66MHz+ UDF- FastB2B- ParErr- DEVSEL=medium >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tLatency: 0
\tIOMMU group: 69
"""


def df(fn):
    s = f"""00:18.{fn} Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship Device 24; Function {fn} [1022:149{fn}]
\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-
\tStatus: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-
\tIOMMU group: 70
"""
    if fn == 3:
        s += "\tKernel driver in use: k10temp\n\tKernel modules: k10temp\n"
    return s
