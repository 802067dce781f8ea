import sys; sys.path.insert(0, '/tmp/gen')
from common import *
OUT = '/work/main/rules-wip-b/tests/'

def case(name, expect, files, params=None):
    return (name, expect, files, params)
def _old(name, expect, files, params=None):
    s = f"  - name: {name}\n    expect: {expect}\n"
    if params: s += f"    params: {params}\n"
    s += "    files:\n"
    for path, val in files.items():
        s += f"      {path}: {val}\n" if not val.startswith("|") else f"      {path}: {val}"
    return s

def write(rule, cases, header=""):
    with open(OUT + rule + '.yaml', 'w') as f:
        f.write(header + f"rule: {rule}\ncases:\n" + "".join(cases))

HGX_NV = lit(lspci(nvswitch("07", "nvidia-nvswitch"), h200("1b", "nvidia")))
HGX_VFIO = lit(lspci(nvswitch("07", "vfio-pci"), h200("1b", "vfio-pci")))
PCIE_NV = lit(lspci(h200("01", "nvidia", group=9, addr="6000000000", did="2331", name="Device", size="128G")))
base_nv = lambda: {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": HGX_NV,
                   "proc/driver/nvidia/version": NV_VERSION("550.127.05")}

# PF-FM-001
render("PF-FM-001", [
  case("fm-active-on-bare-metal", "pass", {**base_nv(), "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_RUNNING)}),
  case("fm-failed-after-version-mismatch", "fail", {**base_nv(), "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_FAILED_MISMATCH)}),
  case("fm-installed-but-disabled", "fail", {**base_nv(), "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_INACTIVE)}),
  case("service-status-not-collected", "unknown", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg())}),
  case("nvswitches-on-vfio-fm-runs-in-the-guest", "not_applicable", {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": HGX_VFIO,
        "proc/modules": '"vfio_pci 16384 12 - Live 0x0000000000000000\\nkvm_intel 487424 24 - Live 0x0000000000000000\\n"'}),
  case("no-nvswitch", "not_applicable", {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": PCIE_NV,
        "proc/driver/nvidia/version": NV_VERSION("570.169")}),
])

# PF-FM-002
st = {"sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_RUNNING)}
render("PF-FM-002", [
  case("bare-metal-mode-0", "pass", {**base_nv(), **st, "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg("0"))}),
  case("mode-key-absent-means-0", "pass", {**base_nv(), **st, "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg(None))}),
  case("shared-nvswitch-mode-on-a-bare-metal-profile", "fail", {**base_nv(), **st, "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg("1"))}),
  case("service-vm-in-shared-nvswitch-profile", "pass", {**base_nv(), **st, "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg("1"))}, params="{ expected_mode: 1 }"),
  case("vgpu-profile-but-mode-0", "fail", {**base_nv(), **st, "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg("0"))}, params="{ expected_mode: 2 }"),
  case("config-not-collected", "unknown", {**base_nv(), **st, "sos_commands/nvidia/nv-fabricmanager_--version": fm_version("550.127.05")}),
  case("nvswitches-on-vfio", "not_applicable", {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": HGX_VFIO,
        "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg("1"))}),
])

# PF-FM-003
render("PF-FM-003", [
  case("loopback-defaults", "pass", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg())}),
  case("bind-key-absent-defaults-to-loopback", "pass", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg(bind=None, cmd_bind=None))}),
  case("unix-socket-instead-of-tcp", "pass", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg(bind="10.20.0.15", unix="/var/run/nvidia-fabricmanager/fm.sock"))}),
  case("bound-to-management-network", "fail", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg(bind="10.20.0.15"))}),
  case("api-on-all-interfaces", "fail", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg(cmd_bind="0.0.0.0"))}),
  case("config-not-collected", "unknown", {**base_nv(), **st}),
  case("nvswitches-on-vfio", "not_applicable", {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": HGX_VFIO,
        "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg(bind="0.0.0.0"))}),
])

# PF-FM-004
pcie = {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": PCIE_NV, "proc/driver/nvidia/version": NV_VERSION("570.169")}
render("PF-FM-004", [
  case("installed-but-not-started", "pass", {**pcie, "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_INACTIVE)}),
  case("enabled-and-nothing-to-do", "fail", {**pcie, "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_NOTHING)}),
  case("running-without-nvswitch", "fail", {**pcie, "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_RUNNING)}),
  case("no-service-status", "unknown", pcie),
  case("hgx-with-nvswitches", "not_applicable", {**base_nv(), **st}),
])

# PF-FM-005
def smi1(**kw):
    return lit(smi("550.127.05", [dict(bus="1B", **kw)]))
ONE_LINE = lit("[root@rhel_ai ~]# lspci -Dnn | egrep -i \"nvidia|vga\"\n0000:07:00.0 Bridge [0680]: NVIDIA Corporation GH100 [H100 NVSwitch] [10de:22a3] (rev a1)\n0000:1b:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H200 SXM 141GB] [10de:2335] (rev a1)\n")
render("PF-FM-005", [
  case("fabric-completed", 'pass', {**base_nv(), "sos_commands/nvidia/nvidia-smi_-q": smi1()}),
  case("fm-not-started-yet", '{ "0000:1b:00.0": fail }', {**base_nv(), "sos_commands/nvidia/nvidia-smi_-q": smi1(fabric_state="In Progress", fabric_status="N/A")}),
  case("fabric-error", '{ "0000:1b:00.0": fail }', {**base_nv(), "sos_commands/nvidia/nvidia-smi_-q": smi1(fabric_state="Completed", fabric_status="Failure")}),
  case("driver-unknown-in-one-line-listing", '{ "0000:1b:00.0": unknown }', {"proc/cpuinfo": CPU_GUEST, "sos_commands/pci/lspci_-nnvv": ONE_LINE, "sos_commands/nvidia/nvidia-smi_-q": smi1()}),
  case("pcie-card-without-fabric", '{ "0000:01:00.0": not_applicable }', {**pcie, "sos_commands/nvidia/nvidia-smi_-q": lit(smi("570.169", [dict(bus="01", product="NVIDIA H100 PCIe", devid="2331", fabric_state="N/A", fabric_status="N/A")]))}),
  case("gpu-on-vfio", '{ "0000:1b:00.0": not_applicable }', {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": HGX_VFIO}),
])

# PF-FM-006
render("PF-FM-006", [
  case("same-version", "pass", {**base_nv(), "sos_commands/nvidia/nv-fabricmanager_--version": fm_version("550.127.05"),
        "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg())}),
  case("fm-older-than-driver", "fail", {**base_nv(), "sos_commands/nvidia/nv-fabricmanager_--version": fm_version("550.90.07"),
        "sos_commands/systemd/systemctl_status_nvidia-fabricmanager": lit(FM_STATUS_FAILED_MISMATCH)}),
  case("mismatch-in-the-log", "fail", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg()),
        "var/log/fabricmanager.log": lit("[Nov 24 2026 15:03:04] [INFO] [tid 2409] Fabric Manager version 550.127.05 is running with the following configuration options\n[Nov 24 2026 15:03:04] [ERROR] [tid 2409] fabric manager NVIDIA GPU driver interface version 550.127.05 don't match with driver version 550.144.03. Please update with matching NVIDIA driver package.\n")}),
  case("fm-version-not-collected", "unknown", {**base_nv(), "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg())}),
  case("nvswitches-on-vfio", "not_applicable", {"proc/cpuinfo": CPU_HOST, "sos_commands/pci/lspci_-nnvv": HGX_VFIO,
        "usr/share/nvidia/nvswitch/fabricmanager.cfg": lit(fm_cfg())}),
])
