//! Small host sources: `/proc/meminfo`, NUMA node files, `numactl -H`, DMI (sysfs and
//! `dmidecode -t bios`), and tool versions (`qemu-system-x86_64 --version`, `libvirtd --version`).

use std::collections::BTreeMap;

/// `/proc/meminfo` values in bytes (kB lines) or counts, with lines.
pub fn meminfo(text: &str) -> BTreeMap<String, (u64, u32)> {
    let mut out = BTreeMap::new();
    for (n, line) in crate::facts::text::numbered(text) {
        let Some((k, v)) = line.split_once(':') else { continue };
        let mut words = v.split_whitespace();
        let Some(num) = words.next().and_then(|x| x.parse::<u64>().ok()) else { continue };
        let value = if words.next() == Some("kB") { num.saturating_mul(1024) } else { num };
        out.insert(k.trim().to_string(), (value, n));
    }
    out
}

/// `numactl -H`: node → CPU list, with lines.
pub fn numactl(text: &str) -> BTreeMap<u32, (String, u32)> {
    let mut out = BTreeMap::new();
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("node ")
            && let Some((id, cpus)) = rest.split_once(" cpus:")
            && let Ok(id) = id.trim().parse()
        {
            let list: Vec<&str> = cpus.split_whitespace().collect();
            out.insert(id, (list.join(","), n));
        }
    }
    out
}

/// `dmidecode` BIOS Information: vendor, version, release date with lines.
pub fn dmidecode_bios(text: &str) -> BTreeMap<String, (String, u32)> {
    let mut out = BTreeMap::new();
    let mut in_bios = false;
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.trim();
        if t == "BIOS Information" {
            in_bios = true;
            continue;
        }
        if in_bios && t.is_empty() {
            in_bios = false;
        }
        if in_bios && let Some((k, v)) = t.split_once(':') {
            let key = match k.trim() {
                "Vendor" => "bios_vendor",
                "Version" => "bios_version",
                "Release Date" => "bios_date",
                _ => continue,
            };
            out.insert(key.to_string(), (v.trim().to_string(), n));
        }
    }
    out
}

/// The first dotted version after a tool's name (`QEMU emulator version 8.2.2 (…)`).
pub fn tool_version(text: &str) -> Option<(String, u32, String)> {
    crate::facts::text::numbered(text)
        .find_map(|(n, line)| {
            let idx = line.find("version")?;
            let v = line[idx + 7..].split_whitespace().next()?;
            crate::units::Version::parse(v).map(|ver| (ver.as_str().to_string(), n, line.trim().to_string()))
        })
        .or_else(|| {
            // `libvirtd (libvirt) 10.0.0`
            crate::facts::text::numbered(text).find_map(|(n, line)| {
                line.split_whitespace()
                    .last()
                    .and_then(crate::units::Version::parse)
                    .map(|v| (v.as_str().to_string(), n, line.trim().to_string()))
            })
        })
}

/// A BIOS date (`03/14/2024` from DMI, or `2024-03-14`) as `YYYY-MM-DD`.
pub fn bios_date(text: &str) -> Option<String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['/', '-']).collect();
    match parts.as_slice() {
        [m, d, y] if y.len() == 4 => Some(format!("{y}-{:0>2}-{:0>2}", m, d)),
        [y, m, d] if y.len() == 4 => Some(format!("{y}-{:0>2}-{:0>2}", m, d)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sources() {
        let m = meminfo("MemTotal:       2113421056 kB\nHugePages_Total:    1600\nHugepagesize:    1048576 kB\n");
        assert_eq!(m["HugePages_Total"].0, 1600);
        assert_eq!(m["Hugepagesize"].0, 1 << 30);
        assert_eq!(
            tool_version("QEMU emulator version 10.1.0 (Debian 1:10.1.0+ds-1)\nCopyright").map(|v| v.0),
            Some("10.1.0".into())
        );
        assert_eq!(tool_version("libvirtd (libvirt) 11.6.0\n").map(|v| v.0), Some("11.6.0".into()));
        assert_eq!(bios_date("03/14/2024").as_deref(), Some("2024-03-14"));
        let b = dmidecode_bios(
            "Handle 0x0000, DMI type 0, 26 bytes\nBIOS Information\n\tVendor: American Megatrends International, LLC.\n\tVersion: 2.1\n\tRelease Date: 02/21/2024\n\nHandle 0x0001\n",
        );
        assert_eq!(b["bios_date"].0, "02/21/2024");
        assert_eq!(numactl("available: 2 nodes (0-1)\nnode 0 cpus: 0 1 2 3\nnode 0 size: 1000 MB\n")[&0].0, "0,1,2,3");
    }
}
