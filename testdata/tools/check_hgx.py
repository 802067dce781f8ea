#!/usr/bin/env python3
"""Consistency checks for the snapshots written by hgx.py (stdlib only).

  python3 testdata/tools/check_hgx.py                 # every hgx-h200-* scenario
  python3 testdata/tools/check_hgx.py DIR [DIR...]

Checks that each snapshot agrees with itself: every GPU record in lspci has the lines the linter
reads (Region 2, LnkSta, FLReset, driver, IOMMU group), the ports above GPUs carry ACS lines, the
IOMMU groups are the same in lspci, the sysfs group tree, the per-device iommu_group files and the
kernel log, sysfs BARs and drivers match lspci, lspci -tv matches the bridges' bus numbers,
interrupt chips match the kernel log, libvirt hostdevs exist and are on vfio-pci, hugepages add
up, and the manifest lists every file with its size and SHA-256. Exits 1 on the first snapshot
with a problem (after printing all of that snapshot's problems).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOTS = os.path.normpath(os.path.join(HERE, "..", "snapshots"))


def read(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return f.read()


def parse_lspci(text):
    devs = {}
    for rec in text.split("\n\n"):
        if not rec.strip():
            continue
        lines = rec.split("\n")
        m = re.match(r"^([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) (.+?) \[([0-9a-f]{4})\]: .*\[([0-9a-f]{4}):([0-9a-f]{4})\]",
                     lines[0])
        assert m, lines[0]
        bdf = f"0000:{m.group(1)}:{m.group(2)}.{m.group(3)}"
        d = {"bdf": bdf, "class": m.group(5), "vendor": m.group(6), "device": m.group(7), "lines": lines,
             "regions": {}, "acs_ctl": None, "acs_cap": None}
        for ln in lines[1:]:
            s = ln.strip()
            if s.startswith("IOMMU group:"):
                d.setdefault("groups", []).append(int(s.split(":")[1]))
            elif s.startswith("Kernel driver in use:"):
                d["driver"] = s.split(":", 1)[1].strip()
            elif s.startswith("Bus: primary="):
                b = re.findall(r"=([0-9a-f]{2})", s)
                d["bus"] = tuple(int(x, 16) for x in b[:3])
            elif s.startswith("LnkSta:"):
                d["lnksta"] = s
            elif s.startswith("LnkCap:"):
                d["lnkcap"] = s
            elif s.startswith("ACSCtl:"):
                d["acs_ctl"] = s
            elif s.startswith("ACSCap:"):
                d["acs_cap"] = s
            elif s.startswith("Express (") or "Express (v2)" in s:
                d["express"] = s
            elif "FLReset+" in s and "DevCtl" not in s and "RlxdOrd" not in s:
                d["flr"] = True
            elif s.startswith("Region "):
                rm = re.match(r"Region (\d+): Memory at (\S+) \((\d+)-bit, (non-)?prefetchable\)(?: \[disabled\])? \[size=(\d+)([KMGT]?)\]", s)
                if rm:
                    mult = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[rm.group(6)]
                    addr = None if rm.group(2) == "<unassigned>" else int(rm.group(2), 16)
                    d["regions"][int(rm.group(1))] = (addr, int(rm.group(5)) * mult, rm.group(4) is None)
            elif s.startswith("BAR 2: current size:"):
                d["rebar"] = s
        devs[bdf] = d
    return devs


def check(root):
    errs = []
    name = os.path.basename(root.rstrip("/"))

    def err(msg):
        errs.append(msg)

    man = json.loads(read(root, "gpu-preflight-manifest.json"))
    # -- files and manifest --------------------------------------------------------------------
    on_disk = {}
    for dp, dns, fns in os.walk(root):
        for fn in fns:
            p = os.path.join(dp, fn)
            rel = os.path.relpath(p, root).replace(os.sep, "/")
            if os.path.islink(p):
                err(f"symlink {rel}")
            on_disk[rel] = p
        for dn in dns:
            if os.path.islink(os.path.join(dp, dn)):
                err(f"symlink dir {dn}")
    listed = {f["path"]: f for f in man["files"]}
    for rel, p in on_disk.items():
        if rel in ("gpu-preflight-manifest.json", "README.md"):
            continue
        if rel not in listed:
            err(f"manifest misses {rel}")
            continue
        data = open(p, "rb").read()
        if len(data) != listed[rel]["size"] or hashlib.sha256(data).hexdigest() != listed[rel]["sha256"]:
            err(f"manifest size/sha256 wrong for {rel}")
    for rel in listed:
        if rel not in on_disk:
            err(f"manifest lists missing {rel}")
    for c in man["commands"]:
        if c.get("output") and c["output"] not in on_disk:
            err(f"command output missing: {c['output']}")
    total = sum(os.path.getsize(p) for p in on_disk.values())
    if total > 3_000_000:
        err(f"snapshot is {total} bytes (> 3 MB)")
    if man["host"] != read(root, "etc/hostname").strip():
        err("manifest host != etc/hostname")

    # -- lspci ---------------------------------------------------------------------------------
    lspci = parse_lspci(read(root, "sos_commands/pci/lspci_-nnvv"))
    gpus = [d for d in lspci.values() if d["vendor"] == "10de" and d["device"] == "2335"]
    nvsw = [d for d in lspci.values() if d["vendor"] == "10de" and d["device"] == "22a3"]
    if len(gpus) != 8 or len(nvsw) != 4:
        err(f"{len(gpus)} GPUs / {len(nvsw)} NVSwitches")
    bridges = {b: d for b, d in lspci.items() if "bus" in d}

    def parent(bdf):
        bus = int(bdf[5:7], 16)
        best = None
        for b, d in bridges.items():
            if b != bdf and d["bus"][1] <= bus <= d["bus"][2]:
                if best is None or (d["bus"][2] - d["bus"][1]) < (best["bus"][2] - best["bus"][1]):
                    best = d
        return best

    for g in gpus:
        b = g["bdf"]
        for key in ("lnksta", "lnkcap", "driver", "groups", "flr", "rebar", "express"):
            if key not in g:
                err(f"GPU {b}: no {key}")
        if 2 not in g["regions"]:
            err(f"GPU {b}: no Region 2 line")
        elif g["regions"][2][1] != 256 << 30 or not g["regions"][2][2]:
            err(f"GPU {b}: Region 2 is not a 256G prefetchable BAR")
        if len(g.get("groups", [])) != 1:
            err(f"GPU {b}: {len(g.get('groups', []))} IOMMU group lines")
        p = parent(b)
        chain = []
        while p is not None:
            chain.append(p)
            p = parent(p["bdf"])
        kinds = [("Root Port" in (c.get("express") or ""), "Downstream Port" in (c.get("express") or "")) for c in chain]
        if not any(k[0] for k in kinds):
            err(f"GPU {b}: no root port above it")
        for c, (rp, dsp) in zip(chain, kinds):
            if (rp or dsp) and not (c["acs_cap"] and c["acs_ctl"]):
                err(f"GPU {b}: port {c['bdf']} has no ACSCap/ACSCtl")
    # ACS expectations
    acs_off = set()
    for d in lspci.values():
        if d["acs_ctl"] and "ReqRedir-" in d["acs_ctl"]:
            acs_off.add(d["bdf"])
    want_off = {"hgx-h200-acs-disabled-multi-tenant": {"0000:42:00.0", "0000:51:00.0"}}.get(name, set())
    if name.startswith("hgx-h200") and acs_off != want_off:
        err(f"ACS redirect off on {sorted(acs_off)}, expected {sorted(want_off)}")

    # -- IOMMU groups: lspci == sysfs tree == per-device files == kernel log -------------------
    g_lspci = {b: d["groups"][0] for b, d in lspci.items() if d.get("groups")}
    g_tree = {}
    for p in glob.glob(os.path.join(root, "sys/kernel/iommu_groups/*/devices/*")):
        parts = p.split(os.sep)
        g_tree[parts[-1]] = int(parts[-3])
        if os.path.getsize(p) != 0:
            err(f"group entry not empty: {p}")
    g_files = {}
    for p in glob.glob(os.path.join(root, "sys/bus/pci/devices/*/iommu_group")):
        bdf = p.split(os.sep)[-2]
        g_files[bdf] = int(open(p).read().strip().rsplit("/", 1)[1])
    log = read(root, "sos_commands/logs/journalctl_--no-pager_-k_-b_0")
    g_log = {m.group(1): int(m.group(2)) for m in re.finditer(r"pci (\S+): Adding to iommu group (\d+)", log)}
    if not (g_lspci == g_tree == g_files == g_log):
        err("IOMMU groups differ between lspci, sysfs tree, sysfs iommu_group files and the kernel log")
    if set(g_lspci) != set(lspci):
        err("not every lspci device has an IOMMU group")

    # -- sysfs vs lspci ------------------------------------------------------------------------
    for b, d in lspci.items():
        base = os.path.join(root, "sys/bus/pci/devices", b)
        if not os.path.isdir(base):
            err(f"no sysfs dir for {b}")
            continue
        if open(os.path.join(base, "vendor")).read().strip() != "0x" + d["vendor"]:
            err(f"{b}: sysfs vendor")
        if open(os.path.join(base, "device")).read().strip() != "0x" + d["device"]:
            err(f"{b}: sysfs device")
        drv = os.path.join(base, "driver")
        sys_drv = open(drv).read().strip().rsplit("/", 1)[1] if os.path.exists(drv) else None
        if sys_drv != d.get("driver"):
            err(f"{b}: sysfs driver {sys_drv} != lspci {d.get('driver')}")
        res = open(os.path.join(base, "resource")).read().splitlines()
        want = 17 if "bus" in d else 13
        if len(res) != want:
            err(f"{b}: resource has {len(res)} lines, want {want}")
        for idx, (addr, size, _pref) in d["regions"].items():
            start, end, flags = (int(x, 16) for x in res[idx].split())
            if addr is None:
                if start != 0 or not flags & 0x20000000 or end - start + 1 != size:
                    err(f"{b}: BAR {idx} unassigned in lspci but sysfs says {res[idx]}")
            elif start != addr or end - start + 1 != size:
                err(f"{b}: BAR {idx} lspci {addr:x}/{size} != sysfs {res[idx]}")
        if "lnksta" in d:
            sp = re.search(r"Speed ([0-9.]+)GT/s", d["lnksta"]).group(1)
            w = re.search(r"Width x(\d+)", d["lnksta"]).group(1)
            cur = open(os.path.join(base, "current_link_speed")).read().strip()
            if float(cur.split()[0]) != float(sp) or open(os.path.join(base, "current_link_width")).read().strip() != w:
                err(f"{b}: link speed/width differ between lspci and sysfs")

    # -- lspci -tv -----------------------------------------------------------------------------
    tree = read(root, "sos_commands/pci/lspci_-tv")
    tv_ranges = set()
    for m in re.finditer(r"-\[([0-9a-f]{2})(?:-([0-9a-f]{2}))?\]-", tree):
        lo = int(m.group(1), 16)
        hi = int(m.group(2), 16) if m.group(2) else lo
        tv_ranges.add((lo, hi))
    lspci_ranges = {(d["bus"][1], d["bus"][2]) for d in bridges.values()}
    if tv_ranges != lspci_ranges:
        err("lspci -tv bridge bus ranges differ from lspci Bus: lines")
    roots = set(int(x, 16) for x in re.findall(r"\[0000:([0-9a-f]{2})\]", tree))
    if roots != {int(b[5:7], 16) for b in lspci if parent(b) is None}:
        err("lspci -tv root buses differ")

    # -- interrupts vs kernel log --------------------------------------------------------------
    irq = read(root, "proc/interrupts")
    ir_chips = len(re.findall(r" IR-(?:PCI-MSI|IO-APIC)", irq))
    plain = len(re.findall(r"  (?:PCI-MSI|IO-APIC)", irq))
    ir_log = "DMAR-IR: Enabled IRQ remapping" in log
    if ir_log and (plain or not ir_chips):
        err("kernel log has IRQ remapping but /proc/interrupts shows plain chips")
    if not ir_log and (ir_chips or not plain):
        err("no IRQ remapping in the kernel log but IR- chips in /proc/interrupts")
    if not ir_log and "DMAR-IR" in log:
        err("DMAR-IR line present without remapping")
    unsafe = os.path.join(root, "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts")
    if os.path.exists(unsafe) and (open(unsafe).read().strip() == "Y") == ir_log:
        err("allow_unsafe_interrupts does not match the remapping state")

    # -- cmdline -------------------------------------------------------------------------------
    cmd = read(root, "proc/cmdline").strip()
    if f"Command line: {cmd}" not in log:
        err("proc/cmdline differs from the kernel log's Command line")
    grub = read(root, "etc/default/grub")
    gd = re.search(r'GRUB_CMDLINE_LINUX_DEFAULT="([^"]*)"', grub).group(1).replace("\\;", ";")
    if not cmd.endswith(" ro " + gd):
        err("etc/default/grub does not produce proc/cmdline")
    if "pcie_acs_override" in cmd:
        err("pcie_acs_override on the command line")

    # -- VMs -----------------------------------------------------------------------------------
    vm_mem = {0: 0, 1: 0}
    virsh = read(root, "sos_commands/libvirt/virsh_-r_list_--all") if os.path.exists(
        os.path.join(root, "sos_commands/libvirt/virsh_-r_list_--all")) else ""
    assigned = {}
    for p in sorted(glob.glob(os.path.join(root, "etc/libvirt/qemu/*.xml"))):
        dom = ET.parse(p).getroot()
        vname = dom.findtext("name")
        running = re.search(rf"^\s*\d+\s+{re.escape(vname)}\s+running", virsh, re.M) is not None
        for hd in dom.iter("hostdev"):
            a = hd.find("source/address")
            bdf = f"0000:{int(a.get('bus'), 16):02x}:{int(a.get('slot'), 16):02x}.{int(a.get('function'), 16)}"
            if bdf not in lspci:
                err(f"{vname}: hostdev {bdf} not on the host")
            elif lspci[bdf].get("driver") != "vfio-pci":
                err(f"{vname}: hostdev {bdf} not on vfio-pci")
            if bdf in assigned:
                err(f"{bdf} assigned to {assigned[bdf]} and {vname}")
            assigned[bdf] = vname
        if dom.find("memoryBacking/hugepages/page[@size='1048576']") is None:
            err(f"{vname}: no 1G hugepage backing")
        if running:
            for mn in dom.iter("memnode"):
                cell = dom.find(f"cpu/numa/cell[@id='{mn.get('cellid')}']")
                vm_mem[int(mn.get("nodeset"))] += int(cell.get("memory")) // 1048576
    for n in (0, 1):
        base = f"sys/devices/system/node/node{n}/hugepages/hugepages-1048576kB"
        nr = int(read(root, base + "/nr_hugepages"))
        fr = int(read(root, base + "/free_hugepages"))
        if nr - fr != vm_mem[n]:
            err(f"node{n}: {nr - fr} hugepages in use, running VMs need {vm_mem[n]}")
    mi = read(root, "proc/meminfo")
    tot = int(re.search(r"HugePages_Total:\s+(\d+)", mi).group(1))
    if tot != sum(int(read(root, f"sys/devices/system/node/node{n}/hugepages/hugepages-1048576kB/nr_hugepages"))
                  for n in (0, 1)):
        err("HugePages_Total != sum of nodes")

    # -- NVIDIA (bare metal) -------------------------------------------------------------------
    smi = os.path.join(root, "sos_commands/nvidia/nvidia-smi_-q")
    if os.path.exists(smi):
        t = open(smi).read()
        ids = re.findall(r"^GPU 00000000:([0-9A-F]{2}):00\.0$", t, re.M)
        if sorted(f"0000:{i.lower()}:00.0" for i in ids) != sorted(g["bdf"] for g in gpus):
            err("nvidia-smi GPUs differ from lspci")
        if t.count("Completed") != 8 or t.count("262144 MiB") != 8:
            err("nvidia-smi fabric/BAR1 values")
        ver = read(root, "proc/driver/nvidia/version")
        fmv = read(root, "sos_commands/nvidia/nv-fabricmanager_--version").split(":")[1].strip()
        if fmv not in ver or f"Driver Version                            : {fmv}" not in t:
            err("driver / Fabric Manager versions differ")
        for line in t.splitlines():
            if " : " in line and line.index(" : ") != 41:
                err(f"nvidia-smi column: {line!r}")
                break
        topo = read(root, "sos_commands/nvidia/nvidia-smi_topo_-m")
        if topo.count("NV18") != 56:
            err("topo -m does not have 56 NV18 cells")
    return errs


def main(argv):
    roots = argv or sorted(glob.glob(os.path.join(SNAPSHOTS, "hgx-h200-*")))
    bad = 0
    for r in roots:
        errs = check(r)
        print(f"{os.path.basename(r)}: {'ok' if not errs else str(len(errs)) + ' problem(s)'}")
        for e in errs:
            print(f"  - {e}")
        bad += bool(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
