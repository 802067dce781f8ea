//! IOMMU groups: the sysfs tree (`sys/kernel/iommu_groups/<N>/devices/<BDF>`) and the text
//! listings people paste (the `for d in /sys/kernel/iommu_groups/*/devices/*` loop, ls-iommu).
//!
//! Listings come in any group order (the shell sorts `1, 10, 11, …, 2`), may begin with stderr
//! noise, and may show the glob itself when it did not expand: that means *no groups at all*.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::facts::tree::Evidence;
use crate::snapshot::SnapFile;

/// Group id → members (BDF, evidence, and the description printed by a listing).
pub type Groups = BTreeMap<u32, Vec<Member>>;

/// One device in a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Domain-qualified BDF.
    pub bdf: String,
    /// Where it was seen.
    pub evidence: Evidence,
    /// Kernel driver named by the listing (ls-iommu `-k`), if any.
    pub driver: Option<String>,
    /// Class code printed by a listing (`0302`).
    pub class_code: Option<String>,
    /// `vendor:device` printed by a listing (`10de:2335`).
    pub pci_id: Option<String>,
}

static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([0-9a-fA-F]{4})\]").expect("class regex"));
static IDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([0-9a-fA-F]{4}:[0-9a-fA-F]{4})\]").expect("ids regex"));

fn described(bdf: String, evidence: Evidence, rest: &str) -> Member {
    Member {
        bdf,
        evidence,
        driver: None,
        class_code: CLASS.captures(rest).map(|c| c[1].to_ascii_lowercase()),
        pci_id: IDS.captures_iter(rest).last().map(|c| c[1].to_ascii_lowercase()),
    }
}

/// Groups from sysfs entries.
pub fn from_sysfs<'a>(files: impl Iterator<Item = &'a SnapFile>) -> Groups {
    let mut groups = Groups::new();
    for file in files {
        // sys/kernel/iommu_groups/<N>/devices/<BDF>
        let parts: Vec<&str> = file.path.split('/').collect();
        if parts.len() < 6 {
            continue;
        }
        let (Ok(id), Some(bdf)) = (parts[3].parse::<u32>(), super::lspci::normalise_bdf(parts[5])) else { continue };
        groups.entry(id).or_default().push(Member {
            bdf,
            evidence: Evidence::file(file, &file.path),
            driver: None,
            class_code: None,
            pci_id: None,
        });
    }
    groups
}

static LOOP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)IOMMU Group\s+(\d+)\s*:?\s+((?:[0-9a-f]{4,8}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])")
        .expect("loop regex")
});
static GROUP_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*IOMMU Group\s+(\d+)\s*:?\s*$").expect("group regex"));
static BDF_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*((?:[0-9a-f]{4,8}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s").expect("bdf regex"));

/// A parsed listing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    /// The groups.
    pub groups: Groups,
    /// True when the listing shows the unexpanded glob (no groups exist).
    pub glob_unexpanded: bool,
}

/// Parses a pasted listing. Both `IOMMU Group 12 01:00.0 …` one-liners and `IOMMU Group 12:`
/// headers followed by indented device lines are accepted.
pub fn from_listing(file: &SnapFile) -> Listing {
    let text = file.text();
    let mut out = Listing::default();
    let mut current: Option<u32> = None;
    let mut last_member: Option<(u32, usize)> = None;
    for (n, line) in crate::facts::text::numbered(&text) {
        if line.contains("/sys/kernel/iommu_groups/*") && !line.trim_start().starts_with("for ") {
            out.glob_unexpanded = true;
            continue;
        }
        if let Some(c) = LOOP_LINE.captures(line) {
            let (Ok(id), Some(bdf)) = (c[1].parse::<u32>(), super::lspci::normalise_bdf(&c[2])) else { continue };
            let rest = &line[c.get(0).map_or(0, |m| m.end())..];
            let members = out.groups.entry(id).or_default();
            members.push(described(bdf, Evidence::line(file, n, line), rest));
            last_member = Some((id, members.len() - 1));
            current = None;
            continue;
        }
        if let Some(c) = GROUP_HEADER.captures(line) {
            current = c[1].parse().ok();
            continue;
        }
        if let Some(id) = current
            && let Some(c) = BDF_LINE.captures(line)
            && let Some(bdf) = super::lspci::normalise_bdf(&c[1])
        {
            let rest = &line[c.get(0).map_or(0, |m| m.end())..];
            let members = out.groups.entry(id).or_default();
            members.push(described(bdf, Evidence::line(file, n, line), rest));
            last_member = Some((id, members.len() - 1));
            continue;
        }
        if let Some(rest) = line.trim().strip_prefix("Kernel driver in use:")
            && let Some((id, idx)) = last_member
            && let Some(m) = out.groups.get_mut(&id).and_then(|g| g.get_mut(idx))
        {
            m.driver = Some(rest.trim().to_string());
        }
    }
    out
}
