#!/usr/bin/env python3
"""Generate a synthetic fleet of host snapshots for gpu-preflight's fleet-scale benchmarks.

Deterministic and stdlib-only: the same arguments (whatever --jobs) always give the same bytes.
Host number i has the same contents whatever --count is (so a 1,000-host fleet holds the first
1,000 hosts of a 10,000-host one); which leaf directory it lands in and whether it is archived
depend on --count, --nested and --archives.

Two sizes:

  small       copies of the bundled directory scenarios in testdata/snapshots (never the
              nvidia-bug-report one), cycled. By default only the compact ones, at most
              256 KiB of files each (today guest-h100-partial-nvswitch, intel-iommu-default-off
              and mig-h100-pcie: about 100 KB and 64 files per host on average); --scenarios
              picks others: "medium" = at most 1 MiB each (adds proxmox-epyc-acs-override and
              sos-threadripper-no-nvidia: 0.21 MB and 210 files per host on average), "all" =
              every directory scenario (the HGX ones are about 2 MB each: 1.2 MB per host on
              average), or a comma-separated list. Each copy gets its
              own host name everywhere the host name appears (etc/hostname, uname, journal and
              syslog-style lines, `Hostname set to <...>`, build strings `(root@HOST)`, sos
              archive names, the manifest "host") and a few varied details on some hosts:
                - 10 % of the hosts whose running kernel is 6.8 or later and that boot with
                  `intel_iommu=on` lose it (running command line, GRUB, kernel log; the
                  `DMAR: IOMMU enabled` line goes too: these kernels enable the Intel IOMMU by
                  default, so nothing else changes);
                - 5 % of the hosts not on a Proxmox kernel get
                  `pcie_acs_override=downstream,multifunction` (which a stock kernel ignores,
                  so only the command line and the `Unknown kernel command line parameters`
                  line change).
              A manifest (gpu-preflight-manifest.json), where there is one, gets the new host
              name and recomputed size and sha256 for every changed file. README.md (fixture
              documentation) and .gitkeep files are not copied; the directories they kept
              are created empty.

  realistic   an 8x H200 HGX host as `gpu-preflight collect` would capture it, built with
              testdata/tools/hgx.py and extended to about 300 PCI functions: the
              committed scenarios' 154 (GPUs, NVSwitches, ConnectX-7, NVMe, PEX890xx and PMC
              switch ports, root ports, PCH functions) plus the rest of the Sapphire Rapids
              uncore functions on buses 7e/7f/fe/ff, a management endpoint on each PEX890xx
              switch and a dual-port ConnectX-7 storage NIC; 224-CPU /proc/cpuinfo, sysfs for
              every function, and a journalctl -k -b 0 of about 1 MB (the boot with
              pcieport/AHCI/mlx5 probe lines, then weeks of uptime: VM restarts, apparmor audit
              lines, UFW blocks, the odd perf/workqueue warning). Hosts differ in mode (65 % full
              passthrough, 25 % shared NVSwitch, 10 % bare metal with Fabric Manager), faults
              (3 % interrupt remapping off, 2 % MMIO-high window too small, a third of the
              shared-NVSwitch hosts with ACS redirect off on two ports), BIOS version, boot and
              collection times (collected during the 6 days before --collected-at, booted 2 to
              40 days earlier), serial numbers and UUIDs. About 3.5 MB in 3,800 files each
              (journal 1.0 MB, manifest 0.67 MB, lspci 0.55 MB, cpuinfo 0.46 MB, interrupts
              0.4-0.46 MB, sysfs the rest).

Layout: hosts go directly under --out, or with --nested K into K leaf directories
site-SS/rack-RR/ (about sqrt(K) sites). A host is a directory named after it, or (with
--archives) a `gpu-preflight-HOST.tar.gz` whose members sit under `gpu-preflight-HOST/`, the
way `gpu-preflight collect -o gpu-preflight-HOST.tar.gz` writes them.

Usage:
  scripts/gen-fleet.py --count 10000 --size small --out /tmp/fleet-small
  scripts/gen-fleet.py --count 1000 --size realistic --out /tmp/fleet-hgx --nested 20 --archives 0.1

Prints one summary line: count, directories, archives, files and total bytes (archives count
their compressed size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import sys
import tarfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SNAPSHOTS = os.path.join(REPO, "testdata", "snapshots")
TOOLS = os.path.join(REPO, "testdata", "tools")

MANIFEST = "gpu-preflight-manifest.json"
JOURNAL = "sos_commands/logs/journalctl_--no-pager_-k_-b_0"
KERNEL_LOGS = (JOURNAL, "sos_commands/kernel/dmesg", "var/log/dmesg", "dmesg")
HOSTNAME_FILES = ("etc/hostname", "proc/sys/kernel/hostname", "hostname", "sos_commands/host/hostname",
                  "sos_commands/general/hostname")
UNAME_FILES = ("sos_commands/kernel/uname_-a", "uname")
SCENARIO_LIMITS = {"compact": 256 << 10, "medium": 1 << 20}   # --scenarios: bytes of files per scenario
ACS_OVERRIDE = "pcie_acs_override=downstream,multifunction"


# --------------------------------------------------------------------------------------------
# Fleet plan
# --------------------------------------------------------------------------------------------


def leaf_dirs(k: int) -> list:
    """K leaf directories site-SS/rack-RR, filled site by site."""
    if k <= 0:
        return [""]
    sites = max(1, round(math.sqrt(k)))
    per_site = math.ceil(k / sites)
    return [f"site-{j // per_site + 1:02d}/rack-{j % per_site + 1:02d}" for j in range(k)]


def plan(args) -> list:
    """One task per host: (index, leaf dir, archive?)."""
    rng = random.Random(f"gen-fleet:{args.seed}:archives")
    n_arch = round(args.count * args.archives)
    archived = set(rng.sample(range(args.count), n_arch)) if n_arch else set()
    leaves = leaf_dirs(args.nested)
    return [(i, leaves[i * len(leaves) // args.count], i in archived) for i in range(args.count)]


def index_width(count: int) -> int:
    return max(5, len(str(max(count - 1, 0))))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write_dir(root: str, files: dict, dirs: list) -> tuple:
    if os.path.exists(root):
        shutil.rmtree(root)
    made = set()
    for d in [root] + [os.path.join(root, d) for d in dirs]:
        os.makedirs(d, exist_ok=True)
        made.add(d)
    total = 0
    for rel in sorted(files):
        path = os.path.join(root, rel)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(path, "wb") as f:
            f.write(files[rel])
        total += len(files[rel])
    return len(files), total


def write_tar_gz(path: str, stem: str, files: dict, dirs: list, mtime: int) -> tuple:
    """A gzip'd GNU tar like `collect -o X.tar.gz` writes, with fixed times and owners."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for d in sorted(dirs):
            ti = tarfile.TarInfo(f"{stem}/{d}/")
            ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(ti)
        for rel in sorted(files):
            data = files[rel]
            ti = tarfile.TarInfo(f"{stem}/{rel}")
            ti.size, ti.mode, ti.mtime = len(data), 0o644, mtime
            tar.addfile(ti, io.BytesIO(data))
    if os.path.exists(path):
        os.remove(path)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
            gz.write(buf.getvalue())
    return 1, os.path.getsize(path)


def emit(out: str, leaf: str, host: str, archive: bool, files: dict, dirs: list, mtime: int) -> tuple:
    parent = os.path.join(out, leaf) if leaf else out
    os.makedirs(parent, exist_ok=True)
    if archive:
        stem = f"gpu-preflight-{host}"
        return write_tar_gz(os.path.join(parent, stem + ".tar.gz"), stem, files, dirs, mtime)
    return write_dir(os.path.join(parent, host), files, dirs)


def epoch(ts: str) -> int:
    return int(dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp())


def refresh_manifest(files: dict, host: str) -> None:
    """New host name, and size + sha256 recomputed for every listed file that changed."""
    raw = files.get(MANIFEST)
    if raw is None:
        return
    m = json.loads(raw)
    m["host"] = host
    for entry in m.get("files", []):
        data = files.get(entry.get("path"))
        if data is not None and "link" not in entry:
            entry["size"] = len(data)
            entry["sha256"] = hashlib.sha256(data).hexdigest()
    files[MANIFEST] = (json.dumps(m, indent=2) + "\n").encode()


# --------------------------------------------------------------------------------------------
# small: bundled scenarios, renamed and varied
# --------------------------------------------------------------------------------------------


def directory_scenarios() -> list:
    out = []
    for name in sorted(os.listdir(SNAPSHOTS)):
        d = os.path.join(SNAPSHOTS, name)
        if not os.path.isdir(d):
            continue
        files = [os.path.join(dp, f) for dp, _, fs in os.walk(d) for f in fs]
        if any(f.startswith("nvidia-bug-report") for f in map(os.path.basename, files)):
            continue   # the bug-report scenario is a log file, not a directory snapshot
        size = sum(os.path.getsize(f) for f in files if os.path.basename(f) not in ("README.md", ".gitkeep"))
        out.append((name, size))
    return out


def pick_scenarios(spec: str) -> list:
    avail = directory_scenarios()
    if spec in SCENARIO_LIMITS:
        names = [n for n, s in avail if s <= SCENARIO_LIMITS[spec]]
    elif spec == "all":
        names = [n for n, _ in avail]
    else:
        names = [s.strip() for s in spec.split(",") if s.strip()]
        known = {n for n, _ in avail}
        bad = [n for n in names if n not in known]
        if bad:
            sys.exit(f"gen-fleet: unknown scenario(s) {', '.join(bad)}; directory scenarios: "
                     + ", ".join(sorted(known)))
    if not names:
        sys.exit("gen-fleet: no scenario selected")
    return names


_SCENARIO_CACHE: dict = {}


def load_scenario(name: str) -> tuple:
    """(files {rel: bytes}, empty dirs) of a bundled scenario, without README.md and .gitkeep."""
    if name in _SCENARIO_CACHE:
        return _SCENARIO_CACHE[name]
    root = os.path.join(SNAPSHOTS, name)
    files, dirs = {}, []
    for dp, dns, fns in os.walk(root):
        rel_dir = os.path.relpath(dp, root).replace(os.sep, "/")
        kept = [f for f in fns if f != ".gitkeep" and not (rel_dir == "." and f == "README.md")]
        if not kept and not dns and rel_dir != ".":
            dirs.append(rel_dir)
        for f in kept:
            rel = f if rel_dir == "." else f"{rel_dir}/{f}"
            with open(os.path.join(dp, f), "rb") as fh:
                files[rel] = fh.read()
    _SCENARIO_CACHE[name] = (files, sorted(dirs))
    return _SCENARIO_CACHE[name]


def text(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def data(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def scenario_host(files: dict) -> str:
    for p in HOSTNAME_FILES:
        if p in files and text(files[p]).strip():
            return text(files[p]).strip()
    for p in UNAME_FILES:
        if p in files:
            parts = text(files[p]).split()
            if len(parts) > 1:
                return parts[1]
    if MANIFEST in files:
        return json.loads(files[MANIFEST]).get("host", "")
    return ""


def new_host_name(old: str, i: int, width: int) -> str:
    """rhelai-02.redhat.lab -> rhelai-00042.redhat.lab; threadripper -> threadripper-00042."""
    short, dot, domain = old.partition(".")
    base = re.sub(r"-?\d+$", "", short) or "host"
    return f"{base}-{i:0{width}d}{dot}{domain}"


def rename_host(files: dict, old: str, new: str) -> None:
    """Replaces the host name where it names this host, never as a substring of something else."""
    o = re.escape(old)
    patterns = [
        (re.compile(rf"^(Linux ){o}(?= )", re.M), rf"\g<1>{new}"),                          # uname -a
        (re.compile(rf"^([A-Z][a-z]{{2}} [ \d]\d \d\d:\d\d:\d\d ){o}(?= )", re.M), rf"\g<1>{new}"),  # journal
        (re.compile(rf"(Hostname set to <){o}(>)"), rf"\g<1>{new}\g<2>"),
        (re.compile(rf"(@){o}(\))"), rf"\g<1>{new}\g<2>"),                                 # (root@HOST)
        (re.compile(rf"(sosreport-){o}(-)"), rf"\g<1>{new}\g<2>"),
    ]
    for rel in list(files):
        if rel == MANIFEST:
            continue
        if rel in HOSTNAME_FILES:
            files[rel] = data(new + "\n")
            continue
        raw = files[rel]
        if data(old) not in raw:
            continue
        s = text(raw)
        for rx, rep in patterns:
            s = rx.sub(rep, s)
        files[rel] = data(s)


def kernel_release(files: dict) -> tuple:
    for p in UNAME_FILES:
        if p in files:
            parts = text(files[p]).split()
            if len(parts) > 2:
                m = re.match(r"(\d+)\.(\d+)", parts[2])
                if m:
                    return int(m.group(1)), int(m.group(2)), parts[2]
    return 0, 0, ""


def edit_params(s: str, drop: str = None, add: str = None) -> str:
    toks = s.split()
    if drop:
        toks = [t for t in toks if t != drop]
    if add and add not in toks:
        toks.append(add)
    return " ".join(toks)


def edit_cmdline_everywhere(files: dict, drop: str = None, add: str = None) -> None:
    """Changes one parameter in the running command line, the persisted one and the kernel log."""
    for p in ("proc/cmdline", "etc/kernel/cmdline"):
        if p in files:
            s = text(files[p])
            nl = "\n" if s.endswith("\n") else ""
            files[p] = data(edit_params(s.rstrip("\n"), drop, add) + nl)
    if "etc/default/grub" in files:
        lines = text(files["etc/default/grub"]).split("\n")
        done = False
        for key in ("GRUB_CMDLINE_LINUX_DEFAULT", "GRUB_CMDLINE_LINUX"):
            for j, line in enumerate(lines):
                m = re.match(rf'^({key}=")(.*)(")\s*$', line)
                if not m:
                    continue
                if drop and drop in m.group(2).split():
                    lines[j] = m.group(1) + edit_params(m.group(2), drop=drop) + m.group(3)
                    done = True
                elif add and not done and key == "GRUB_CMDLINE_LINUX_DEFAULT":
                    body = m.group(2)
                    lines[j] = m.group(1) + (body + " " + add if body else add) + m.group(3)
                    done = True
        files["etc/default/grub"] = data("\n".join(lines))
    for p in KERNEL_LOGS:
        if p not in files:
            continue
        out = []
        for line in text(files[p]).split("\n"):
            for marker in ("Kernel command line: ", "Command line: "):
                k = line.find(marker)
                if k >= 0:
                    line = line[:k + len(marker)] + edit_params(line[k + len(marker):], drop, add)
                    break
            else:
                if drop == "intel_iommu=on" and line.endswith("DMAR: IOMMU enabled"):
                    continue
                if add and "Unknown kernel command line parameters \"" in line:
                    line = line.replace("\", will be passed", f" {add}\", will be passed")
            out.append(line)
        files[p] = data("\n".join(out))


def small_host(task, args, scenarios, width) -> tuple:
    i, leaf, archive = task
    name = scenarios[i % len(scenarios)]
    base_files, dirs = load_scenario(name)
    files = dict(base_files)
    rng = random.Random(f"gen-fleet:{args.seed}:small:{i}")
    old = scenario_host(files)
    host = new_host_name(old or name, i, width)
    if old:
        rename_host(files, old, host)
    else:
        files["etc/hostname"] = data(host + "\n")
    major, minor, release = kernel_release(files)
    cmd = text(files.get("proc/cmdline", b"")).split()
    drop_iommu, add_acs = rng.random() < 0.10, rng.random() < 0.05
    if drop_iommu and "intel_iommu=on" in cmd and (major, minor) >= (6, 8):
        edit_cmdline_everywhere(files, drop="intel_iommu=on")
    if add_acs and "proc/cmdline" in files and not any(t.startswith("pcie_acs_override") for t in cmd) \
            and "pve" not in release:
        edit_cmdline_everywhere(files, add=ACS_OVERRIDE)
    refresh_manifest(files, host)
    mtime = 1795000000 + i   # archive member times: fixed, no manifest to take them from
    if MANIFEST in files:
        mtime = epoch(json.loads(files[MANIFEST])["collected_at"])
    return emit(args.out, leaf, host, archive, files, dirs, mtime)


# --------------------------------------------------------------------------------------------
# realistic: the HGX generator, extended
# --------------------------------------------------------------------------------------------

_HGX = None


def hgx_module():
    """testdata/tools/hgx.py with the fleet's larger topology and lspci records patched in."""
    global _HGX
    if _HGX is not None:
        return _HGX
    sys.path.insert(0, TOOLS)
    sys.dont_write_bytecode = True   # no __pycache__ in testdata/tools
    import hgx  # noqa: E402  (testdata/tools is not a package)

    Base, Dev, Bar, KiB = hgx.Topology, hgx.Dev, hgx.Bar, hgx.KiB
    intel = ("8086", "0000", "Intel Corporation Device")

    class FleetTopology(Base):
        """The committed HGX topology plus what a real 2-socket Sapphire Rapids HGX board also shows."""

        # (bus, socket, [(slot, functions, first device id)]); the base generator already has
        # 7e/fe 00.0-00.3 and 7f/ff 1e.0-1e.3
        UNCORE = [(0x7E, 0, [(s, 4, 0x3240 + 4 * s) for s in range(8)]),
                  (0x7F, 0, [(s, 2, 0x324C) for s in range(6)] + [(0x0A, 8, 0x3260), (0x0B, 8, 0x3268),
                                                                     (0x1D, 4, 0x3258), (0x1E, 8, 0x3250)]),
                  (0xFE, 1, [(s, 4, 0x3240 + 4 * s) for s in range(8)]),
                  (0xFF, 1, [(s, 2, 0x324C) for s in range(6)] + [(0x0A, 8, 0x3260), (0x0B, 8, 0x3268),
                                                                     (0x1D, 4, 0x3258), (0x1E, 8, 0x3250)])]

        def _build(self):
            super()._build()
            have = {(d.bus, d.slot, d.fn) for d in self.devs}
            for bus, sock, slots in self.UNCORE:
                for slot, nfn, first in slots:
                    for fn in range(nfn):
                        if (bus, slot, fn) in have:
                            continue
                        did = f"{first + fn:04x}"
                        self.add(Dev(bus, slot, fn, "8086", did, "088000", "uncore", sock, "Intel Corporation",
                                     f"Device {did}", subsys=intel, multifunction=True))
            # PEX890xx management endpoint, behind a 4th downstream port of every GPU-tray switch
            for usp in [d for d in self.devs if d.kind == "usp" and d.vendor == "1000"]:
                gpu_bus = usp.bus + 2
                dsp = self.add(Dev(usp.bus + 1, 3, 0, "1000", "c030", "060400", "dsp", usp.numa, "Broadcom / LSI",
                                   "PEX890xx PCIe Gen 5 Switch", rev="b0", progif="00 [Normal decode]",
                                   driver="pcieport", pcie="Downstream Port (Slot+)", link_cap=("32", 1),
                                   link_sta=("32", 1), acs=(hgx.ACS_SW_CAP, hgx.ACS_ON_CTL), irq_pin="?"), usp)
                self.add(Dev(gpu_bus + 3, 0, 0, "1000", "00b2", "088000", "pexmgmt", usp.numa, "Broadcom / LSI",
                             "PCIe Switch management endpoint", rev="b0",
                             subsys=("1000", "a064", "Broadcom / LSI Device"),
                             bars=[Bar(0, 256 * KiB, "mem32")], pcie="Endpoint", link_cap=("32", 1),
                             link_sta=("32", 1)), dsp)
            # dual-port ConnectX-7 storage NIC on the socket-1 front-end stack
            rp = self.root_port(0x80, 0x03, 1, 16, sta_speed="32")
            for fn in (0, 1):
                self.add(Dev(0x82, 0, fn, "15b3", "1021", "020000", "nic", 1, "Mellanox Technologies",
                             "MT2910 Family [ConnectX-7]", subsys=("15b3", "0040", "Mellanox Technologies Device"),
                             driver="mlx5_core", modules="mlx5_core",
                             bars=[Bar(0, 32 * hgx.MiB, "pref64")] + ([Bar(6, hgx.MiB, "rom")] if fn == 0 else []),
                             pcie="Endpoint", link_cap=("32", 16), link_sta=("32", 16), irq_pin="A", flr=True,
                             reset_method="flr bus", multifunction=True), rp)
            for d in self.devs:
                if d.is_bridge:
                    d.secondary = min(c.bus for c in d.children) if d.children else None
            for d in self.devs:
                if d.is_bridge:
                    d.subordinate = self._max_bus(d)

    base_record = hgx.lspci_record

    def lspci_record(d, cfg, in_use, rng):
        rec = base_record(d, cfg, in_use, rng)
        if d.kind == "nic" and d.bus == 0x82:   # the storage NIC is the dual-port card
            return rec.replace("400GbE / NDR IB (default mode), Single-port OSFP",
                               "200GbE / NDR200 IB (default mode), Dual-port QSFP112") \
                      .replace("MCX75310AAS-NEAT", "MCX755106AS-HEAT")
        if d.kind != "pexmgmt":
            return rec
        caps = hgx.pm_block("40") + [
            "\tCapabilities: [48] MSI: Enable- Count=1/1 Maskable+ 64bit+",
            "\t\tAddress: 0000000000000000  Data: 0000",
            "\t\tMasking: 00000000  Pending: 00000000",
        ] + hgx.express_block(d, cfg) + hgx.aer_block("100")
        return rec[:-1] + "\n".join(caps) + "\n\n"

    hgx.Topology = FleetTopology
    hgx.lspci_record = lspci_record
    hgx.CLASS_NAMES.setdefault("0200", "Ethernet controller")
    _HGX = hgx
    return hgx


BIOS = [("2.1", "12/13/2023", 0.80), ("2.0a", "09/22/2023", 0.15), ("1.4", "05/17/2023", 0.05)]


def pick(rng, weighted):
    r, acc = rng.random(), 0.0
    for item in weighted:
        acc += item[-1]
        if r < acc:
            return item
    return weighted[-1]


def realistic_config(hgx, i: int, host: str, seed: int, newest: dt.datetime):
    rng = random.Random(f"gen-fleet:{seed}:realistic:{i}")
    mode = pick(rng, [("passthrough", 0.65), ("shared-nvswitch", 0.25), ("bare-metal", 0.10)])[0]
    collected = newest - dt.timedelta(seconds=rng.randrange(0, 6 * 86400))
    boot = collected - dt.timedelta(seconds=rng.randrange(2 * 86400, 40 * 86400))
    bios, bios_date, _ = pick(rng, BIOS)
    vfio = mode != "bare-metal"
    irq_remap = not (vfio and rng.random() < 0.03)
    mmioh = vfio and rng.random() < 0.02
    acs = (0x43, 0x52) if mode == "shared-nvswitch" and rng.random() < 0.33 else ()
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return hgx.Config(name=host, hostname=host, seed=rng.randrange(1, 1 << 30),
                      collected_at=collected.strftime(fmt), boot_at=boot.strftime(fmt), mode=mode,
                      irq_remap=irq_remap, mmioh_exhausted=mmioh, acs_redir_off=acs,
                      bios_version=bios, bios_date=bios_date), rng


# --- the kernel log: a real boot has more probe lines, and weeks of uptime add more ---------

JLINE = re.compile(r"^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) kernel: (.*)$")


def jtime(stamp: str, year: int) -> dt.datetime:
    return dt.datetime.strptime(f"{year} {stamp}", "%Y %b %d %H:%M:%S").replace(tzinfo=dt.timezone.utc)


def boot_extras(topo, cfg, rng) -> dict:
    """Lines to insert after the first line containing each anchor."""
    ex = {}
    ssdt = [f"ACPI: SSDT 0x000000006EA{0x40 + k:02X}000 00{rng.randrange(0x1000, 0xFFFF):04X} (v02 INTEL  "
            f"{name:<8} 00000001 INTL 20091013)"
            for k, name in enumerate(["SpsNm", "PmaxDev", "CpuPm", "CpuPmSsd", "SsdtIIO", "SsdtIIO1",
                                      "SsdtIIO2", "SsdtIIO3", "Cxl_Dsm", "NvmeRd", "UcxlLst", "Tpm2Tabl"])]
    ex["ACPI: HMAT "] = ssdt + ["ACPI: FPDT 0x000000006EA5D000 000044 (v01 SUPERM A M I    01072009 AMI  01000013)",
                               "ACPI: WSMT 0x000000006EA5C000 000028 (v01 SUPERM SMCI--MB 01072009 AMI  00010013)",
                               "ACPI: TPM2 0x000000006EA3F000 00004C (v04 SUPERM SMCI--MB 00000001 AMI  00000000)",
                               "ACPI: BGRT 0x000000006EA3E000 000038 (v01 SUPERM SMCI--MB 01072009 AMI  00010013)"]
    zones = ["Zone ranges:", "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
             "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]",
             "  Normal   [mem 0x0000000100000000-0x000002007fffffff]", "  Device   empty",
             "Movable zone start for each node", "Early memory node ranges",
             "  node   0: [mem 0x0000000000001000-0x000000000009ffff]",
             "  node   0: [mem 0x0000000000100000-0x000000005f7fefff]",
             "  node   0: [mem 0x000000006f27f000-0x000000006fffffff]",
             "  node   0: [mem 0x0000000100000000-0x000001007fffffff]",
             "  node   1: [mem 0x0000010080000000-0x000002007fffffff]",
             "Initmem setup node 0 [mem 0x0000000000001000-0x000001007fffffff]",
             "Initmem setup node 1 [mem 0x0000010080000000-0x000002007fffffff]"]
    ex["NODE_DATA(1) allocated"] = zones
    # the secondary CPUs, one (continued) record per node and thread sibling range
    cpus = []
    for lo, hi, node in ((1, 56, 0), (56, 112, 1), (112, 168, 0), (168, 224, 1)):
        cpus.append(f".... node  #{node}, CPUs:     " + "".join(" " * (4 - len(str(c))) + f"#{c}" for c in range(lo, hi)))
    ex["smpboot: x86: Booting SMP configuration:"] = cpus
    ports, irq = [], 100
    for d in topo.devs:
        if d.kind in ("rootport", "dsp"):
            ports.append(f"pcieport {d.bdf}: PME: Signaling with IRQ {irq}")
            ports.append(f"pcieport {d.bdf}: AER: enabled with IRQ {irq}")
            if d.kind == "rootport":
                ports.append(f"pcieport {d.bdf}: DPC: error containment capabilities: Int Msg #0, RPExt+ "
                             "PoisonedTLP+ SwTrigger+ RP PIO Log 4, DL_ActiveErr+")
            irq += 1
    ports += ["Serial: 8250/16550 driver, 32 ports, IRQ sharing enabled",
              "00:03: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A",
              "00:04: ttyS1 at I/O 0x2f8 (irq = 3, base_baud = 115200) is a 16550A"]
    ex["PCI-DMA: Using software bounce buffering"] = ports
    sata = []
    for k in range(8):
        sata.append(f"ata{k + 1}: SATA max UDMA/133 abar m2048@0x9c116000 port 0x9c116{0x100 + 0x80 * k:03x} irq 185 lpm-pol 0")
    sata.append("ahci 0000:00:17.0: AHCI 0001.0301 32 slots 8 ports 6 Gbps 0xff impl SATA mode")
    sata.append("ahci 0000:00:17.0: flags: 64bit ncq sntf pm led clo only pio slum part ems deso sadm sds ")
    for k in range(8):
        sata.append(f"scsi host{k}: ahci")
    for k in range(8):
        sata.append(f"ata{k + 1}: SATA link down (SStatus 0 SControl 300)")
    mlx = []
    ib = 0
    for d in topo.devs:
        if d.kind == "nic" and d.vendor == "15b3":
            mlx += [f"mlx5_core {d.bdf}: Rate limit: 127 rates are supported, range: 0Mbps to 195312Mbps",
                    f"mlx5_core {d.bdf}: E-Switch: Total vports 2, per vport: max uc(128) max mc(2048)",
                    f"mlx5_core {d.bdf}: Port module event: module {d.fn}, Cable plugged",
                    f"mlx5_core {d.bdf}: mlx5_pcie_event:301:(pid {rng.randrange(900, 1400)}): PCIe slot advertised "
                    "sufficient power (27W).",
                    f"mlx5_core {d.bdf}: MLX5E: StrdRq(1) RqSz(8) StrdSz(2048) RxCqeCmprss(0 enhanced)"]
            ib += 1
    ex["nvme nvme0: pci function"] = sata
    ex["[drm] Initialized ast"] = mlx + [
        f"mlx5_ib: mlx5_ib_dev_res_init: {ib} IB devices registered" if ib else "mlx5_ib: no IB devices",
        "bnxt_en 0000:81:00.0 enp129s0f0np0: renamed from eth0",
        "loop0: detected capacity change from 0 to 8",
        "loop1: detected capacity change from 0 to 130960",
        "loop2: detected capacity change from 0 to 79520",
        "squashfs: version 4.0 (2009/01/11) Phillip Lougher",
        "loop3: detected capacity change from 0 to 182856",
        "loop4: detected capacity change from 0 to 77280",
        "EXT4-fs (nvme0n1p2): re-mounted 2f6d3a1e-52a4-4d84-8e1b-6fa4b2c5d0e7 r/w. Quota mode: none.",
        "EXT4-fs (nvme0n1p3): mounted filesystem 8b3c0f6d-1d9e-4f3a-9a7c-5e2b1d4c6a80 r/w with ordered data mode. "
        "Quota mode: none.",
    ]
    ex["EDAC i10nm: v0.0.6"] = [
        "EDAC MC0: Giving out device to module i10nm_edac controller Intel_10nm Socket#0 IMC#0: DEV 0000:7e:02.0 (INTERRUPT)",
        "EDAC MC1: Giving out device to module i10nm_edac controller Intel_10nm Socket#0 IMC#1: DEV 0000:7e:03.0 (INTERRUPT)",
        "EDAC MC2: Giving out device to module i10nm_edac controller Intel_10nm Socket#1 IMC#0: DEV 0000:fe:02.0 (INTERRUPT)",
        "EDAC MC3: Giving out device to module i10nm_edac controller Intel_10nm Socket#1 IMC#1: DEV 0000:fe:03.0 (INTERRUPT)",
        "bnxt_en 0000:81:00.0 enp129s0f0np0: NIC Link is Up, 100000 Mbps (NRZ) full duplex, Flow control: ON - "
        "receive & transmit",
        "bnxt_en 0000:81:00.0 enp129s0f0np0: FEC autoneg off encoding: Clause 91 RS(528,514)",
        "NET: Registered PF_PACKET protocol family",
        "Bridge firewalling registered",
        "Initializing XFRM netlink socket",
    ]
    return ex


UFW_PORTS = [("UDP", 137), ("UDP", 138), ("UDP", 5353), ("UDP", 1900), ("TCP", 445), ("TCP", 3389),
             ("TCP", 23), ("TCP", 8080), ("TCP", 9100), ("TCP", 10250), ("TCP", 2375), ("UDP", 161)]


def runtime_lines(hgx, cfg, rng, start: dt.datetime, end: dt.datetime, budget: int, mac: str) -> list:
    """(time, message) events over the uptime, about `budget` bytes of journal lines."""
    host_ip = f"10.{40 + rng.randrange(8)}.{rng.randrange(256)}.{rng.randrange(2, 250)}"
    gw_mac = ":".join(f"{rng.randrange(256):02x}" for _ in range(6))
    sources = [f"10.{40 + rng.randrange(8)}.{rng.randrange(256)}.{rng.randrange(2, 250)}" for _ in range(12)] + \
        [f"192.0.2.{rng.randrange(1, 255)}", f"198.51.100.{rng.randrange(1, 255)}"]
    span = max(1.0, (end - start).total_seconds())
    prefix_len = len(f"Nov 30 12:00:00 {cfg.hostname} kernel: ")
    audit_serial = rng.randrange(200, 400)
    events = []

    def at(sec: float) -> dt.datetime:
        return start + dt.timedelta(seconds=sec)

    def audit(when: dt.datetime, body: str) -> str:
        nonlocal audit_serial
        audit_serial += 1
        return f"audit: type=1400 audit({when.timestamp():.3f}:{audit_serial}): {body}"

    # VM restarts (hypervisor hosts): each running VM is stopped and started again a few times
    vms = [vm for vm in hgx.vm_plan(cfg) if vm["running"]]
    vm_uuid = {vm["name"]: str(uuid.UUID(int=rng.getrandbits(128), version=4)) for vm in vms}
    vnet = len(vms)
    cycles = sorted(rng.uniform(0.05, 0.95) * span for _ in range(rng.randrange(0, 5) * len(vms)))
    for k, t in enumerate(cycles):
        vm = vms[k % len(vms)]
        br, old_port, port = f"br-{vm['name']}", vnet - len(vms), vnet
        prof = f"libvirt-{vm_uuid[vm['name']]}"
        seq = [f"{br}: port 1(vnet{old_port}) entered disabled state",
               f"vnet{old_port} (unregistering): left allmulticast mode",
               f"vnet{old_port} (unregistering): left promiscuous mode",
               f"{br}: port 1(vnet{old_port}) entered disabled state",
               ("audit", f'apparmor="STATUS" operation="profile_remove" profile="unconfined" name="{prof}" '
                         f'pid={rng.randrange(10000, 4000000)} comm="apparmor_parser"'),
               ("gap", rng.uniform(20, 600)),
               ("audit", f'apparmor="STATUS" operation="profile_load" profile="unconfined" name="{prof}" '
                         f'pid={rng.randrange(10000, 4000000)} comm="apparmor_parser"'),
               ("audit", f'apparmor="STATUS" operation="profile_replace" profile="unconfined" name="{prof}" '
                         f'pid={rng.randrange(10000, 4000000)} comm="apparmor_parser"'),
               f"{br}: port 1(vnet{port}) entered blocking state",
               f"{br}: port 1(vnet{port}) entered disabled state",
               f"vnet{port}: entered allmulticast mode",
               f"vnet{port}: entered promiscuous mode",
               f"{br}: port 1(vnet{port}) entered blocking state",
               f"{br}: port 1(vnet{port}) entered forwarding state"]
        seq += [f"vfio-pci 0000:{b:02x}:00.0: enabling device (0000 -> 0002)" for b in vm["nvswitches"] + vm["gpus"]]
        vnet += 1
        for item in seq:
            if isinstance(item, tuple) and item[0] == "gap":
                t += item[1]
                continue
            t += rng.uniform(0.0, 0.8)
            when = at(min(t, span))
            msg = audit(when, item[1]) if isinstance(item, tuple) else item
            events.append((when, msg))
    # rare warnings, each at most a few times per boot
    perf = 2500
    for t in sorted(rng.uniform(0, span) for _ in range(rng.randrange(1, 5))):
        new = int(perf * rng.uniform(1.0, 1.3)) + 1
        rate = int(100000 * 2500 / new) // 250 * 250
        msg = f"perf: interrupt took too long ({new} > {perf}), lowering kernel.perf_event_max_sample_rate to {rate}"
        events.append((at(t), msg))
        perf = new
    for t in sorted(rng.uniform(0, span) for _ in range(rng.randrange(0, 3))):
        n = rng.choice([4, 8, 16, 32])
        events.append((at(t), f"workqueue: drm_fb_helper_damage_work hogged CPU for >10000us {n} times, consider "
                              "switching to WQ_UNBOUND"))
    if rng.random() < 0.5:
        events.append((at(rng.uniform(0, span)), f"hrtimer: interrupt took {rng.randrange(9000, 90000)} ns"))
    budget -= sum(prefix_len + len(m) + 1 for _, m in events)
    # the bulk: UFW blocks on the front-end NIC, and apparmor denials from qemu
    filler = []
    while budget > 0:
        t = rng.uniform(0, span)
        when = at(t)
        if vms and rng.random() < 0.08:
            vm = rng.choice(vms)
            node = rng.randrange(2)
            msg = audit(when, f'apparmor="DENIED" operation="open" class="file" profile="libvirt-{vm_uuid[vm["name"]]}" '
                              f'name="/sys/devices/system/node/node{node}/meminfo" pid={rng.randrange(10000, 4000000)} '
                              'comm="qemu-system-x86" requested_mask="r" denied_mask="r" fsuid=64055 ouid=0')
        else:
            proto, dpt = rng.choice(UFW_PORTS)
            src = rng.choice(sources)
            ttl = rng.choice([63, 64, 127, 128, 254])
            if proto == "TCP":
                tail = (f"PROTO=TCP SPT={rng.randrange(1024, 65535)} DPT={dpt} WINDOW={rng.choice([1024, 29200, 64240, 65535])} "
                        "RES=0x00 SYN URGP=0")
                ln = rng.choice([44, 52, 60])
            else:
                ln = rng.randrange(40, 300)
                tail = f"PROTO=UDP SPT={rng.choice([137, 138, 5353, 1900, rng.randrange(1024, 65535)])} DPT={dpt} LEN={ln - 20}"
            msg = (f"[UFW BLOCK] IN=enp129s0f0np0 OUT= MAC={mac}:{gw_mac}:08:00 SRC={src} DST={host_ip} LEN={ln} "
                   f"TOS=0x00 PREC=0x00 TTL={ttl} ID={rng.randrange(65536)}{' DF' if proto == 'TCP' else ''} {tail}")
        filler.append((when, msg))
        budget -= prefix_len + len(msg) + 1
    events += filler
    events.sort(key=lambda e: e[0])
    # audit lines were numbered as made; renumber them in time order as the kernel would
    serial = rng.randrange(200, 400)
    out = []
    for when, msg in events:
        if msg.startswith("audit: type=1400 audit("):
            serial += 1
            msg = re.sub(r"^audit: type=1400 audit\(([\d.]+):\d+\)", f"audit: type=1400 audit({when.timestamp():.3f}:{serial})", msg)
        out.append((when, msg))
    return out


def extend_journal(hgx, topo, cfg, rng, journal: str, target: int) -> str:
    year = int(cfg.boot_at[:4])
    lines = journal.rstrip("\n").split("\n")
    extras = boot_extras(topo, cfg, rng)
    out = []
    for line in lines:
        out.append(line)
        m = JLINE.match(line)
        if not m:
            continue
        for anchor in list(extras):
            if anchor in m.group(3):
                out += [f"{m.group(1)} {cfg.hostname} kernel: {x}" for x in extras.pop(anchor)]
    last = JLINE.match(out[-1])
    start = jtime(last.group(1), year) + dt.timedelta(seconds=60)
    end = dt.datetime.strptime(cfg.collected_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc) \
        - dt.timedelta(seconds=120)
    mac = "00:00:00:00:00:00"
    for line in out:
        mm = re.search(r"node addr ([0-9a-f:]{17})", line)
        if mm:
            mac = mm.group(1)
            break
    size = sum(len(x) + 1 for x in out)
    for when, msg in runtime_lines(hgx, cfg, rng, start, end, target - size, mac):
        out.append(f"{when.strftime('%b %d %H:%M:%S')} {cfg.hostname} kernel: {msg}")
    return "\n".join(out) + "\n"


def build_realistic(i: int, host: str, seed: int, newest: dt.datetime) -> tuple:
    hgx = hgx_module()
    cfg, rng = realistic_config(hgx, i, host, seed, newest)
    snap = hgx.build_snapshot(cfg)
    files = snap.files
    target = int(1_000_000 * rng.uniform(0.95, 1.08))
    files[JOURNAL] = extend_journal(hgx, snap.topo, cfg, rng, files[JOURNAL].decode(), target).encode()
    refresh_manifest(files, host)
    return files, cfg


def realistic_host(task, args, width) -> tuple:
    i, leaf, archive = task
    host = f"hgx-h200-{i:0{width}d}"
    newest = dt.datetime.strptime(args.collected_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    files, cfg = build_realistic(i, host, args.seed, newest)
    return emit(args.out, leaf, host, archive, files, [], epoch(cfg.collected_at))


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

_ARGS = None
_SCEN = None


def _init(args, scenarios):
    global _ARGS, _SCEN
    _ARGS, _SCEN = args, scenarios


def _work(task):
    width = index_width(_ARGS.count)
    if _ARGS.size == "small":
        return small_host(task, _ARGS, _SCEN, width)
    return realistic_host(task, _ARGS, width)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True, help="number of hosts")
    ap.add_argument("--size", choices=["small", "realistic"], required=True)
    ap.add_argument("--out", required=True, help="output directory (created; must be empty unless --force)")
    ap.add_argument("--seed", type=int, default=1, help="fleet seed (default 1)")
    ap.add_argument("--nested", type=int, default=0, metavar="K",
                    help="spread the hosts over K leaf directories site-SS/rack-RR (default: all directly under --out)")
    ap.add_argument("--archives", type=float, default=0.0, metavar="FRACTION",
                    help="fraction of hosts written as gpu-preflight-HOST.tar.gz instead of a directory (0-1)")
    ap.add_argument("--scenarios", default="compact",
                    help="small: 'compact' (default: scenarios of at most 256 KiB), 'medium' (at most 1 MiB), "
                         "'all', or a comma-separated list of scenario names")
    ap.add_argument("--collected-at", default="2026-11-25T12:00:00Z", metavar="TIME",
                    help="realistic: the newest collection time (UTC, YYYY-MM-DDTHH:MM:SSZ); hosts were "
                         "collected during the 6 days before it (default 2026-11-25T12:00:00Z)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (output does not depend on it)")
    ap.add_argument("--force", action="store_true", help="write into a non-empty --out (hosts of the same name are replaced)")
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be at least 1")
    if not 0.0 <= args.archives <= 1.0:
        ap.error("--archives is a fraction between 0 and 1")
    if args.nested < 0:
        ap.error("--nested must be 0 or more")
    try:
        epoch(args.collected_at)
    except ValueError:
        ap.error("--collected-at must look like 2026-11-25T12:00:00Z")
    args.nested = min(args.nested, args.count)
    if os.path.isdir(args.out) and os.listdir(args.out) and not args.force:
        sys.exit(f"gen-fleet: {args.out} is not empty (use --force to write into it)")
    scenarios = pick_scenarios(args.scenarios) if args.size == "small" else []
    os.makedirs(args.out, exist_ok=True)
    tasks = plan(args)
    nfiles = nbytes = 0
    jobs = max(1, min(args.jobs, args.count))
    if jobs == 1:
        _init(args, scenarios)
        results = map(_work, tasks)
    else:
        pool = multiprocessing.Pool(jobs, initializer=_init, initargs=(args, scenarios))
        results = pool.imap(_work, tasks, chunksize=max(1, min(64, args.count // (jobs * 8) or 1)))
    for f, b in results:
        nfiles += f
        nbytes += b
    if jobs > 1:
        pool.close()
        pool.join()
    n_arch = sum(1 for t in tasks if t[2])
    print(f"gen-fleet: {args.count} {args.size} snapshots in {args.out}: dirs={args.count - n_arch} "
          f"archives={n_arch} nested={args.nested} files={nfiles} bytes={nbytes} "
          f"(avg {nbytes / args.count / 1e6:.2f} MB/host)" + (f" scenarios={','.join(scenarios)}" if scenarios else ""))


if __name__ == "__main__":
    main()
