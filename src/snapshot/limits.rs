//! Bounds on what reading a snapshot may cost.
//!
//! Hostile or broken input (a 40 GB "dmesg", a zip bomb, a million-entry tarball) must neither
//! exhaust memory nor hang the scan. These limits are the only knobs; the defaults suit real
//! hosts (a realistic HGX snapshot is a few MB).

/// Read bounds for one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes read from one file; a larger file is cut and its source marked partial.
    pub max_file_bytes: u64,
    /// The most bytes an archive may expand to.
    pub max_expanded_bytes: u64,
    /// Above `ratio_floor` expanded bytes, the most expanded bytes per compressed byte.
    pub max_ratio: u64,
    /// Expanded size below which the ratio is not checked (small files compress very well).
    pub ratio_floor: u64,
    /// The most entries an archive may hold.
    pub max_entries: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 16 * 1024 * 1024,
            max_expanded_bytes: 16 * 1024 * 1024 * 1024,
            max_ratio: 200,
            ratio_floor: 256 * 1024 * 1024,
            max_entries: 2_000_000,
        }
    }
}
