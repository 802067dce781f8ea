# Shared fixture snippets (YAML text). TAB marks a literal tab in lspci records.
T = "\t"
def block(text, indent=8):
    """Indent a multi-line text for a YAML literal block; lspci detail lines get a tab."""
    out = []
    for line in text.splitlines():
        out.append((" " * indent + line) if line else "")
    return "\n".join(out) + "\n"

CPU_HOST = '"processor\\t: 0\\nvendor_id\\t: GenuineIntel\\nmodel name\\t: Intel(R) Xeon(R) Platinum 8480+\\nflags\\t\\t: fpu vme de pse tsc msr pae mce cx8 apic vmx smx\\n"'
CPU_GUEST = '"processor\\t: 0\\nvendor_id\\t: GenuineIntel\\nmodel name\\t: Intel Xeon Processor (SapphireRapids)\\nflags\\t\\t: fpu vme de pse tsc msr pae mce cx8 apic hypervisor\\n"'

def nvswitch(bus, driver, group=14):
    return f"""{bus}:00.0 Bridge [0680]: NVIDIA Corporation GH100 [H100 NVSwitch] [10de:22a3] (rev a1)
{T}Subsystem: NVIDIA Corporation GH100 [H100 NVSwitch] [10de:1796]
{T}Physical Slot: 1-1
{T}NUMA node: 0
{T}IOMMU group: {group}
{T}Region 0: Memory at 98000000 (64-bit, non-prefetchable) [size=32M]
{T}Kernel driver in use: {driver}
{T}Kernel modules: nvidia
"""

def h200(bus, driver, group=24, numa=0, addr="210000000000", did="2335", name="GH100 [H200 SXM 141GB]", size="256G"):
    return f"""{bus}:00.0 3D controller [0302]: NVIDIA Corporation {name} [10de:{did}] (rev a1)
{T}Subsystem: NVIDIA Corporation Device [10de:18be]
{T}NUMA node: {numa}
{T}IOMMU group: {group}
{T}Region 0: Memory at 2140{bus}000000 (64-bit, prefetchable) [size=16M]
{T}Region 2: Memory at {addr} (64-bit, prefetchable) [size={size}]
{T}Region 4: Memory at 2140{bus}800000 (64-bit, prefetchable) [size=32M]
{T}Kernel driver in use: {driver}
{T}Kernel modules: nvidiafb, nouveau, nvidia_drm, nvidia
"""

def lspci(*records):
    return "\n".join(records) + "\n"

NV_VERSION = lambda v: f'"NVRM version: NVIDIA UNIX x86_64 Kernel Module  {v}  Tue Oct  1 21:41:02 UTC 2024\\nGCC version:  gcc version 13.3.0 (Ubuntu 13.3.0-6ubuntu2~24.04) \\n"'

def smi(driver, gpus):
    """gpus: list of dicts bus (e.g. 1B), product, mig, mig_pending, virt, fabric_state, fabric_status, devid"""
    s = f"""==============NVSMI LOG==============

Timestamp                                 : Tue Nov 24 16:44:19 2026
Driver Version                            : {driver}
CUDA Version                              : 12.4

Attached GPUs                             : {len(gpus)}
"""
    for g in gpus:
        s += f"""GPU 00000000:{g['bus']}:00.0
    Product Name                          : {g.get('product','NVIDIA H200')}
    Product Brand                         : NVIDIA
    Product Architecture                  : Hopper
    Persistence Mode                      : Enabled
    MIG Mode
        Current                           : {g.get('mig','Disabled')}
        Pending                           : {g.get('mig_pending', g.get('mig','Disabled'))}
    Serial Number                         : 1654237648254
    GPU UUID                              : GPU-4ca67353-d824-444b-81c1-56cf264ca2{g['bus'].lower()}
    VBIOS Version                         : 96.00.AF.00.01
    GPU Virtualization Mode
        Virtualization Mode               : {g.get('virt','None')}
        Host VGPU Mode                    : N/A
    PCI
        Bus                               : 0x{g['bus']}
        Device                            : 0x00
        Domain                            : 0x0000
        Device Id                         : 0x{g.get('devid','2335')}10DE
        Bus Id                            : 00000000:{g['bus']}:00.0
    BAR1 Memory Usage
        Total                             : 262144 MiB
        Used                              : 1 MiB
        Free                              : 262143 MiB
    Fabric
        State                             : {g.get('fabric_state','Completed')}
        Status                            : {g.get('fabric_status','Success')}
"""
    return s

FM_STATUS_RUNNING = """● nvidia-fabricmanager.service - NVIDIA fabric manager service
     Loaded: loaded (/usr/lib/systemd/system/nvidia-fabricmanager.service; enabled; preset: enabled)
     Active: active (running) since Tue 2026-11-24 15:03:03 UTC; 1h 41min ago
    Process: 2409 ExecStart=/usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg (code=exited, status=0/SUCCESS)
   Main PID: 2417 (nv-fabricmanage)
     CGroup: /system.slice/nvidia-fabricmanager.service
             └─2417 /usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg

Nov 24 15:03:03 gpu-h200-05 systemd[1]: Starting nvidia-fabricmanager.service - NVIDIA fabric manager service...
Nov 24 15:03:05 gpu-h200-05 nv-fabricmanager[2417]: Connected to 1 node.
Nov 24 15:03:09 gpu-h200-05 nv-fabricmanager[2417]: Successfully configured all the available NVSwitches to route GPU NVLink traffic. NVLink Peer-to-Peer support will be enabled once the GPUs are succ>
Nov 24 15:03:09 gpu-h200-05 systemd[1]: Started nvidia-fabricmanager.service - NVIDIA fabric manager service.
"""

FM_STATUS_FAILED_MISMATCH = """× nvidia-fabricmanager.service - NVIDIA fabric manager service
     Loaded: loaded (/usr/lib/systemd/system/nvidia-fabricmanager.service; enabled; preset: enabled)
     Active: failed (Result: exit-code) since Tue 2026-11-24 15:03:04 UTC; 1h 41min ago
    Process: 2409 ExecStart=/usr/bin/nv-fabricmanager -c /usr/share/nvidia/nvswitch/fabricmanager.cfg (code=exited, status=1/FAILURE)
        CPU: 12ms

Nov 24 15:03:03 gpu-h200-05 systemd[1]: Starting nvidia-fabricmanager.service - NVIDIA fabric manager service...
Nov 24 15:03:04 gpu-h200-05 nv-fabricmanager[2409]: fabric manager NVIDIA GPU driver interface version 550.90.07 don't match with driver version 550.127.05. Please update with matching NVIDIA driver package.
Nov 24 15:03:04 gpu-h200-05 systemd[1]: nvidia-fabricmanager.service: Control process exited, code=exited, status=1/FAILURE
Nov 24 15:03:04 gpu-h200-05 systemd[1]: nvidia-fabricmanager.service: Failed with result 'exit-code'.
Nov 24 15:03:04 gpu-h200-05 systemd[1]: Failed to start nvidia-fabricmanager.service - NVIDIA fabric manager service.
"""

FM_STATUS_NOTHING = """× nvidia-fabricmanager.service - NVIDIA fabric manager service
     Loaded: loaded (/lib/systemd/system/nvidia-fabricmanager.service; enabled; vendor preset: enabled)
     Active: failed (Result: exit-code) since Wed 2023-11-15 14:15:47 CST; 3min ago
    Process: 4177 ExecStart=/usr/bin/nv-fabricmanager-start.sh (code=exited, status=1/FAILURE)

Nov 15 14:15:47 leon-NF5468M6 systemd[1]: Starting NVIDIA fabric manager service...
Nov 15 14:15:47 leon-NF5468M6 nv-fabricmanager[4177]: request to query NVSwitch device information from NVSwitch driver failed with error:WARNING Nothing to do [NV_WARN_NOTHING_TO_DO]
Nov 15 14:15:47 leon-NF5468M6 systemd[1]: nvidia-fabricmanager.service: Control process exited, code=exited, status=1/FAILURE
"""

FM_STATUS_INACTIVE = """○ nvidia-fabricmanager.service - NVIDIA fabric manager service
     Loaded: loaded (/usr/lib/systemd/system/nvidia-fabricmanager.service; disabled; preset: enabled)
     Active: inactive (dead)
"""

def fm_cfg(mode="0", bind="127.0.0.1", cmd_bind="127.0.0.1", unix=""):
    s = """# NVIDIA Fabric Manager configuration file.
LOG_LEVEL=4
LOG_FILE_NAME=/var/log/fabricmanager.log
LOG_APPEND_TO_LOG=1
DAEMONIZE=1
# Description: Network interface to listen for Global and Local Fabric Manager communication
"""
    if bind is not None:
        s += f"BIND_INTERFACE_IP={bind}\n"
    s += "STARTING_TCP_PORT=16000\n"
    s += f"UNIX_SOCKET_PATH={unix}\n"
    if mode is not None:
        s += f"FABRIC_MODE={mode}\n"
    s += "FABRIC_MODE_RESTART=0\nSTATE_FILE_NAME=/var/tmp/fabricmanager.state\n"
    if cmd_bind is not None:
        s += f"FM_CMD_BIND_INTERFACE={cmd_bind}\n"
    s += "FM_CMD_PORT_NUMBER=6666\nFM_CMD_UNIX_SOCKET_PATH=\nTOPOLOGY_FILE_PATH=/usr/share/nvidia/nvswitch\n"
    return s

def fm_version(v):
    return f'"Fabric Manager version is : {v}\\n"'

def lit(text, indent=6):
    """A YAML literal block (|) value for a files: entry."""
    return "|\n" + block(text, indent + 2)

import re
ANCHOR_NAMES = {}
def anchor_name(path):
    base = re.sub(r'[^a-z0-9]+', '-', path.split('/')[-1].lower()).strip('-') or 'f'
    return base

def render(rule, cases, out='/work/main/rules-wip-b/tests/', comment=None):
    """cases: list of (name, expect, files, params)."""
    counts = {}
    for c in cases:
        for v in c[2].values():
            counts[v] = counts.get(v, 0) + 1
    anchors = {}
    used = set()
    s = (comment or "") + f"rule: {rule}\ncases:\n"
    for c in cases:
        name, expect, files = c[0], c[1], c[2]
        params = c[3] if len(c) > 3 else None
        s += f"  - name: {name}\n    expect: {expect}\n"
        if params: s += f"    params: {params}\n"
        s += "    files:\n"
        for path, val in files.items():
            if counts[val] > 1:
                if val in anchors:
                    s += f"      {path}: *{anchors[val]}\n"
                    continue
                a = anchor_name(path); i = 2
                while a in used:
                    a = f"{anchor_name(path)}{i}"; i += 1
                used.add(a); anchors[val] = a
                if val.startswith("|"):
                    s += f"      {path}: &{a} {val}"
                else:
                    s += f"      {path}: &{a} {val}\n"
            else:
                s += f"      {path}: {val}" if val.startswith("|") else f"      {path}: {val}\n"
    with open(out + rule + '.yaml', 'w') as f:
        f.write(s)
