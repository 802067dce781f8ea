//! `/proc/interrupts`: interrupt-remapping proof that survives log rotation.
//!
//! With remapping on, MSI and IO-APIC chips are named `IR-PCI-MSI…` / `IR-IO-APIC`; without it,
//! plain `PCI-MSI…` / `IO-APIC`. A host whose boot log rotated away still shows this.

/// What the chip names say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Interrupts {
    /// First line with an `IR-` chip.
    pub remapped: Option<(u32, String)>,
    /// First line with a PCI-MSI or IO-APIC chip without `IR-`.
    pub plain: Option<(u32, String)>,
    /// Lines with interrupt-remapped chips.
    pub remapped_count: u32,
    /// Lines with plain MSI / IO-APIC chips.
    pub plain_count: u32,
}

/// Parses `/proc/interrupts`.
pub fn parse(text: &str) -> Interrupts {
    let mut out = Interrupts::default();
    for (n, line) in crate::facts::text::numbered(text) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first().is_none_or(|w| !w.ends_with(':')) {
            continue;
        }
        if words.iter().any(|w| w.starts_with("IR-")) {
            out.remapped_count += 1;
            out.remapped.get_or_insert((n, line.trim().to_string()));
        } else if words.iter().any(|w| w.starts_with("PCI-MSI") || *w == "IO-APIC") {
            out.plain_count += 1;
            out.plain.get_or_insert((n, line.trim().to_string()));
        }
    }
    out
}
