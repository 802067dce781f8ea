import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from common import *

S = Snap("guest-h100-partial-nvswitch")
S.w("sos_commands/pci/lspci_-nnvv", corpus("lspci/starlab-rhelai-guest-vm-4-gpu-2-nvswitch-partial-passthrough.txt"))
S.w("etc/hostname", "rhelai-02.redhat.lab\n")
KVER = "5.14.0-427.50.1.el9_4.x86_64"
S.w("proc/cmdline",
    f"BOOT_IMAGE=(hd0,gpt3)/boot/ostree/default-5f1a2e0b7c3d9e4f6a8b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f/vmlinuz-{KVER} "
    "rw boot=UUID=9c1f2e3d-4b5a-4c6d-8e7f-0a1b2c3d4e5f rw console=tty0 console=ttyS0,115200n8 "
    "ostree=/ostree/boot.1/default/5f1a2e0b7c3d9e4f6a8b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f/0 "
    "root=UUID=2b7e4c1a-9d3f-4e8b-a6c5-1f0e2d3c4b5a\n")
S.w("sys/class/dmi/id/sys_vendor", "QEMU\n")
S.w("sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n")
S.w("sys/class/dmi/id/bios_vendor", "EDK II\n")
S.w("sys/class/dmi/id/bios_version", "edk2-20231122-6.el9_4.2\n")
S.w("sys/class/dmi/id/bios_date", "02/06/2015\n")
S.w("sos_commands/kernel/uname_-a", f"Linux rhelai-02.redhat.lab {KVER} #1 SMP PREEMPT_DYNAMIC Tue Nov 26 10:34:20 EST 2024 x86_64 x86_64 x86_64 GNU/Linux\n")

# guest CPU: host-passthrough of a Sapphire Rapids host (Xeon), 64 vCPUs, 1 socket, hypervisor flag set
FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall "
         "nx pdpe1gb rdtscp lm constant_tsc arch_perfmon rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq "
         "ssse3 fma cx16 pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand "
         "hypervisor lahf_lm abm 3dnowprefetch cpuid_fault ssbd ibrs ibpb stibp ibrs_enhanced "
         "fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap "
         "avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni "
         "avx512_bf16 wbnoinvd arat vnmi avx512vbmi umip pku ospke waitpkg avx512_vbmi2 gfni vaes vpclmulqdq "
         "avx512_vnni avx512_bitalg avx512_vpopcntdq la57 rdpid bus_lock_detect cldemote movdiri movdir64b fsrm "
         "md_clear serialize tsxldtrk amx_bf16 avx512_fp16 amx_tile amx_int8 flush_l1d arch_capabilities")
cpus = []
for n in range(64):
    cpus.append(f"""processor\t: {n}
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 143
model name\t: Intel Xeon Processor (SapphireRapids)
stepping\t: 8
microcode\t: 0x1
cpu MHz\t\t: 1999.999
cache size\t: 16384 KB
physical id\t: 0
siblings\t: 64
core id\t\t: {n}
cpu cores\t: 64
apicid\t\t: {n}
initial apicid\t: {n}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 31
wp\t\t: yes
flags\t\t: {FLAGS}
bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb bhi
bogomips\t: 3999.99
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 52 bits physical, 57 bits virtual
power management:

""")
S.w("proc/cpuinfo", "".join(cpus))
print("files:", len(S.files), "bytes:", sum(S.files.values()))
