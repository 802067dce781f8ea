//! The compliance controls rules map to (domain-facts §10), with their titles.
//!
//! Rule files may only cite controls listed here, so a typo cannot silently drop a mapping, and
//! the audit report can list the controls no rule assesses as "not assessed".

/// `(framework, id, title)`.
pub const CONTROLS: &[(&str, &str, &str)] = &[
    ("pci-dss-4.0.1", "1.2", "Network security controls (NSCs) are configured and maintained"),
    ("pci-dss-4.0.1", "1.3", "Network access to and from the cardholder data environment is restricted"),
    ("pci-dss-4.0.1", "1.4", "Network connections between trusted and untrusted networks are controlled"),
    ("pci-dss-4.0.1", "2.2", "System components are configured and managed securely"),
    ("pci-dss-4.0.1", "2.2.1", "Configuration standards are developed, implemented, and maintained"),
    ("pci-dss-4.0.1", "2.2.3", "Primary functions requiring different security levels are managed"),
    ("pci-dss-4.0.1", "2.2.4", "Only necessary services, protocols, daemons, and functions are enabled"),
    ("pci-dss-4.0.1", "2.2.5", "Insecure services, protocols, or daemons are justified and documented"),
    ("pci-dss-4.0.1", "2.2.6", "System security parameters are configured to prevent misuse"),
    (
        "pci-dss-4.0.1",
        "6.3.3",
        "System components are protected from known vulnerabilities by installing applicable security patches/updates",
    ),
    ("pci-dss-4.0.1", "10.2.1", "Audit logs are enabled and active for all system components"),
    ("pci-dss-4.0.1", "11.4.5", "Penetration testing of segmentation controls"),
    ("pci-dss-4.0.1", "11.4.6", "Service providers: segmentation controls are tested every six months"),
    ("pci-dss-4.0.1", "A1.1.1", "Logical separation is implemented between the provider and its customers"),
    ("pci-dss-4.0.1", "A1.1.2", "Controls ensure each customer only has access to its own cardholder data environment"),
    ("pci-dss-4.0.1", "A1.1.3", "Controls ensure each customer can only access resources allocated to them"),
    ("pci-dss-4.0.1", "A1.1.4", "The effectiveness of logical separation controls is confirmed by penetration testing"),
    ("pci-dss-4.0.1", "A1.2.1", "Audit log capability is enabled for each customer's environment"),
    ("hipaa", "164.308(a)(1)(ii)(A)", "Risk analysis"),
    ("hipaa", "164.308(a)(1)(ii)(B)", "Risk management"),
    ("hipaa", "164.308(a)(1)(ii)(D)", "Information system activity review"),
    ("hipaa", "164.308(a)(8)", "Evaluation"),
    ("hipaa", "164.312(a)(1)", "Access control"),
    ("hipaa", "164.312(b)", "Audit controls"),
    ("hipaa", "164.312(c)(1)", "Integrity"),
    ("hipaa", "164.312(d)", "Person or entity authentication"),
    ("hipaa", "164.312(e)(1)", "Transmission security"),
    ("nist-800-53r5", "AC-4", "Information Flow Enforcement"),
    ("nist-800-53r5", "AU-2", "Event Logging"),
    ("nist-800-53r5", "AU-12", "Audit Record Generation"),
    ("nist-800-53r5", "CM-2", "Baseline Configuration"),
    ("nist-800-53r5", "CM-6", "Configuration Settings"),
    ("nist-800-53r5", "CM-7", "Least Functionality"),
    ("nist-800-53r5", "CM-8", "System Component Inventory"),
    ("nist-800-53r5", "RA-5", "Vulnerability Monitoring and Scanning"),
    ("nist-800-53r5", "SC-2", "Separation of System and User Functionality"),
    ("nist-800-53r5", "SC-3", "Security Function Isolation"),
    ("nist-800-53r5", "SC-4", "Information in Shared System Resources"),
    ("nist-800-53r5", "SC-7", "Boundary Protection"),
    ("nist-800-53r5", "SC-32", "System Partitioning"),
    ("nist-800-53r5", "SC-39", "Process Isolation"),
    ("nist-800-53r5", "SI-2", "Flaw Remediation"),
];

/// The title of a control, if known.
pub fn title(framework: &str, id: &str) -> Option<&'static str> {
    CONTROLS.iter().find(|(f, i, _)| *f == framework && *i == id).map(|(_, _, t)| *t)
}

/// Display name of a framework.
pub fn framework_name(framework: &str) -> &'static str {
    match framework {
        "pci-dss-4.0.1" => "PCI DSS v4.0.1",
        "hipaa" => "HIPAA Security Rule (45 CFR 164 Subpart C)",
        "nist-800-53r5" => "NIST SP 800-53 Rev. 5",
        _ => "unknown framework",
    }
}
