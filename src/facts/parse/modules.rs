//! Loaded kernel modules: `/proc/modules` or `lsmod`.

/// Module names (normalised) with their lines.
pub fn parse(text: &str) -> Vec<(String, u32)> {
    crate::facts::text::numbered(text)
        .filter_map(|(n, line)| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let size = words.next()?;
            (name != "Module" && size.chars().all(|c| c.is_ascii_digit()))
                .then(|| (super::modprobe::module_name(name), n))
        })
        .collect()
}
