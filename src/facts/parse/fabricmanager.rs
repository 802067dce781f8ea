//! Fabric Manager: `fabricmanager.cfg`, its log, `systemctl status`, and `nv-fabricmanager --version`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// `KEY=VALUE` settings with their lines; commented lines are not configuration.
pub fn config(text: &str) -> BTreeMap<String, (String, u32, String)> {
    let mut out = BTreeMap::new();
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        if let Some((k, v)) = t.split_once('=') {
            out.insert(k.trim().to_string(), (v.trim().to_string(), n, line.to_string()));
        }
    }
    out
}

/// What the service's status or journal says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    /// `active (running)`, `failed`, `inactive (dead)`, … with its line.
    pub active: Option<(String, u32, String)>,
    /// `enabled` / `disabled` from the Loaded line.
    pub enabled: Option<(bool, u32)>,
    /// The unit shown is the NVIDIA Fabric Manager (not a wrapper service).
    pub is_fabric_manager: bool,
    /// `NV_WARN_NOTHING_TO_DO`: no NVSwitch to manage.
    pub nothing_to_do: Option<(u32, String)>,
    /// Errors (failed, mismatch) with lines.
    pub errors: Vec<(u32, String)>,
    /// Success line (`Successfully configured all the available NVSwitches`).
    pub configured: Option<(u32, String)>,
    /// The unit does not exist (`Unit nvidia-fabricmanager.service could not be found.`,
    /// `Loaded: not-found`): Fabric Manager is not installed.
    pub not_found: Option<(u32, String)>,
}

/// Parses `systemctl status` or journal output.
pub fn service(text: &str) -> Service {
    let mut s = Service::default();
    for (n, line) in crate::facts::text::numbered(text) {
        let t = line.trim();
        if t.contains("could not be found") || t.starts_with("Loaded: not-found") {
            s.not_found = Some((n, t.to_string()));
            continue;
        }
        if t.contains("nvidia-fabricmanager.service") || t.contains("nv-fabricmanager") {
            s.is_fabric_manager = true;
        }
        if let Some(rest) = t.strip_prefix("Active:") {
            let state = rest.trim().split(" since ").next().unwrap_or("").trim().to_string();
            s.active = Some((state, n, t.to_string()));
        } else if let Some(rest) = t.strip_prefix("Loaded:") {
            s.enabled = Some((rest.contains("; enabled"), n));
        } else if t.contains("NV_WARN_NOTHING_TO_DO") {
            s.nothing_to_do = Some((n, t.to_string()));
        } else if t.contains("Successfully configured all the available NVSwitches") {
            s.configured = Some((n, t.to_string()));
        } else if t.contains("don't match with driver version")
            || t.contains("status=1/FAILURE")
            || (t.contains("failed") && t.contains("fabricmanager"))
        {
            s.errors.push((n, t.to_string()));
        }
    }
    s
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)fabric\s*manager(?:\s+version)?(?:\s+is)?\s*:?\s*v?([0-9]+\.[0-9]+(?:\.[0-9]+)?)")
        .expect("fm version regex")
});
static MISMATCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"driver interface version ([0-9]+(?:\.[0-9]+)*) don't match with driver version ([0-9]+(?:\.[0-9]+)*)")
        .expect("mismatch regex")
});

/// The first Fabric Manager version a text names, with its line.
pub fn version(text: &str) -> Option<(String, u32, String)> {
    crate::facts::text::numbered(text)
        .find_map(|(n, line)| VERSION.captures(line).map(|c| (c[1].to_string(), n, line.trim().to_string())))
}

/// A logged version mismatch between FM and the driver: (fm, driver, line, text).
pub fn mismatch(text: &str) -> Option<(String, String, u32, String)> {
    crate::facts::text::numbered(text).find_map(|(n, line)| {
        MISMATCH.captures(line).map(|c| (c[1].to_string(), c[2].to_string(), n, line.trim().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cfg_and_versions() {
        let c = config("# FABRIC_MODE=1\nFABRIC_MODE=0\nBIND_INTERFACE_IP=127.0.0.1\n");
        assert_eq!(c["FABRIC_MODE"].0, "0");
        assert_eq!(c["FABRIC_MODE"].1, 2);
        assert_eq!(version("Fabric Manager version is : 550.127.05\n").map(|v| v.0), Some("550.127.05".into()));
        assert_eq!(
            version("[Mar 01 2024 10:00:00] [INFO] [tid 1] Fabric Manager version 545.23.08 is running").map(|v| v.0),
            Some("545.23.08".into())
        );
        let m = mismatch(
            "fabric manager NVIDIA GPU driver interface version 550.90.07 don't match with driver version 550.107.02.",
        );
        assert_eq!(m.map(|m| (m.0, m.1)), Some(("550.90.07".into(), "550.107.02".into())), "no trailing period");
        let s = service("Unit nvidia-fabricmanager.service could not be found.\n");
        assert!(s.not_found.is_some() && !s.is_fabric_manager);
    }

    #[test]
    fn status() {
        let s = service(
            "● nvidia-fabricmanager.service - NVIDIA fabric manager service\n     Loaded: loaded (/usr/lib/systemd/system/nvidia-fabricmanager.service; enabled; preset: disabled)\n     Active: active (running) since Tue 2025-03-25 02:10:15 UTC; 2h 37min ago\n",
        );
        assert_eq!(s.active.as_ref().map(|a| a.0.as_str()), Some("active (running)"));
        assert_eq!(s.enabled.map(|e| e.0), Some(true));
        let f = service(
            "Sep 18 03:19:01 h nvidia-fabricmanager-start.sh[4756]: request to query NVSwitch device information from NVSwitch driver failed with error:WARNING Nothing to do [NV_WARN_NOTHING_TO_DO]\n",
        );
        assert!(f.nothing_to_do.is_some());
    }
}
