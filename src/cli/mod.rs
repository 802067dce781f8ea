//! stub
/// Exit status.
#[derive(Debug, Clone, Copy)]
pub enum ExitStatus {
    /// ok
    Success,
    /// input error
    InputError,
}
impl ExitStatus {
    /// code
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::InputError => 2,
        }
    }
}
/// run
pub fn run(_args: impl IntoIterator<Item = std::ffi::OsString>) -> anyhow::Result<ExitStatus> {
    Ok(ExitStatus::Success)
}
/// one line
pub fn one_line(e: &anyhow::Error) -> String {
    e.to_string()
}
