//! `nvidia-smi topo -m`: the GPU×GPU link matrix, CPU and NUMA affinity.
//!
//! Tab-separated (cells may be empty) or space-aligned, with or without NIC columns and legend.
//! Rows cut short or missing make the matrix *incomplete*, which the result says.

/// One parsed matrix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Topology {
    /// Column device names (`GPU0`, …, `NIC0`, …).
    pub columns: Vec<String>,
    /// GPU rows: name, line, cells per column, CPU affinity, NUMA affinity.
    pub rows: Vec<Row>,
    /// Line of the header.
    pub header_line: u32,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// `GPU3`.
    pub name: String,
    /// Line.
    pub line: u32,
    /// Raw text.
    pub text: String,
    /// Link cells by column index (`X`, `NV18`, `PIX`, `SYS`, …).
    pub cells: Vec<String>,
    /// CPU affinity (`0-55,112-167`), empty when not shown.
    pub cpu_affinity: String,
    /// NUMA affinity.
    pub numa: Option<i64>,
}

impl Topology {
    /// Number of GPU columns.
    pub fn gpu_count(&self) -> usize {
        self.columns.iter().filter(|c| c.starts_with("GPU")).count()
    }

    /// True when every GPU row is present with every GPU cell.
    pub fn complete(&self) -> bool {
        let n = self.gpu_count();
        n > 0
            && (0..n).all(|i| {
                self.rows.iter().any(|r| {
                    r.name == format!("GPU{i}") && r.cells.len() >= n && r.cells[..n].iter().all(|c| !c.is_empty())
                })
            })
    }

    /// The link between two GPUs, if shown.
    pub fn link(&self, a: usize, b: usize) -> Option<(&str, &Row)> {
        let row = self.rows.iter().find(|r| r.name == format!("GPU{a}"))?;
        row.cells.get(b).map(|c| (c.as_str(), row))
    }
}

/// NVLink count of a cell (`NV18` → 18); 0 for PCIe paths.
pub fn nvlinks(cell: &str) -> Option<u32> {
    if let Some(n) = cell.strip_prefix("NV") {
        return n.parse().ok();
    }
    matches!(cell, "SYS" | "NODE" | "PHB" | "PXB" | "PIX" | "PSB").then_some(0)
}

/// Parses a capture.
pub fn parse(text: &str) -> Topology {
    let mut t = Topology::default();
    for (n, raw) in crate::facts::text::numbered(text) {
        let trimmed = raw.trim();
        if t.columns.is_empty() {
            if trimmed.starts_with("GPU0") && (raw.starts_with('\t') || raw.starts_with(' ')) {
                t.header_line = n;
                t.columns = if raw.contains('\t') {
                    raw.split('\t')
                        .map(str::trim)
                        .filter(|c| {
                            c.starts_with("GPU") && c[3..].chars().all(|d| d.is_ascii_digit()) || c.starts_with("NIC")
                        })
                        .map(str::to_string)
                        .collect()
                } else {
                    raw.split_whitespace()
                        .take_while(|c| {
                            c.starts_with("GPU") && c[3..].chars().all(|d| d.is_ascii_digit()) || c.starts_with("NIC")
                        })
                        .map(str::to_string)
                        .collect()
                };
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("Legend") {
            if !t.rows.is_empty() {
                break;
            }
            continue;
        }
        let cells: Vec<String> = if raw.contains('\t') {
            raw.split('\t').map(|c| c.trim().to_string()).collect()
        } else {
            raw.split_whitespace().map(str::to_string).collect()
        };
        let Some(name) = cells.first().filter(|c| c.starts_with("GPU")) else { continue };
        let k = t.columns.len();
        let matrix: Vec<String> = cells.iter().skip(1).take(k).cloned().collect();
        let rest: Vec<&String> = cells.iter().skip(1 + k).collect();
        t.rows.push(Row {
            name: name.clone(),
            line: n,
            text: raw.to_string(),
            cells: matrix,
            cpu_affinity: rest.first().map_or_else(String::new, std::string::ToString::to_string),
            numa: rest.get(1).and_then(|s| s.parse().ok()),
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_matrix_with_empty_affinity() {
        let t = parse(
            "\tGPU0\tGPU1\tNIC0\tCPU Affinity\tNUMA Affinity\tGPU NUMA ID\nGPU0\t X \tNV18\tPIX\t\t0\t\tN/A\nGPU1\tNV18\t X \tSYS\t1\t1\t\tN/A\nNIC0\tPIX\tSYS\t X \n",
        );
        assert_eq!(t.gpu_count(), 2);
        assert!(t.complete());
        assert_eq!(t.link(0, 1).map(|l| l.0), Some("NV18"));
        assert_eq!(t.rows[0].cpu_affinity, "");
        assert_eq!(t.rows[0].numa, Some(0));
        assert_eq!(t.rows[1].numa, Some(1));
    }

    #[test]
    fn space_aligned_and_truncated() {
        let t = parse(
            "        GPU0    GPU1    GPU2    CPU Affinity    NUMA Affinity   GPU NUMA ID\nGPU0     X      NV18    NV18    0-47     0               N/A\nGPU1    NV18     X      NV18    0-47     0               N/A\nGPU2    NV18    NV\n",
        );
        assert_eq!(t.gpu_count(), 3);
        assert!(!t.complete());
        assert_eq!(nvlinks("NV18"), Some(18));
        assert_eq!(nvlinks("SYS"), Some(0));
    }
}
