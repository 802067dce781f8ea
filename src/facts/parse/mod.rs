//! Pure parsers, one per source. Each takes text and returns typed observations with line
//! numbers; none reads files, none panics (property tests feed them arbitrary bytes), and none
//! decides a verdict. Joining observations into facts is `derive`'s job.

pub mod cmdline;
pub mod cpuinfo;
pub mod dmesg;
pub mod fabricmanager;
pub mod interrupts;
pub mod iommu_groups;
pub mod lspci;
pub mod mig;
pub mod misc;
pub mod modprobe;
pub mod modules;
pub mod nvidia_smi;
pub mod nvidia_version;
pub mod sysfs_pci;
pub mod system;
pub mod topo;
pub mod vms;
pub mod xml;
