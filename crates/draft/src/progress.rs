//! Progress on stderr for work that can take more than a second: a spinner
//! from indicatif, shown only when stderr is a terminal and `--quiet` is
//! off (so pipes, CI logs, JSON consumers and the MCP server never see it).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::Duration;

/// A running spinner (or nothing, when progress is off).
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// Start a spinner saying `message`, unless `quiet` or stderr is not a terminal.
    #[must_use]
    pub fn start(quiet: bool, message: &str) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        Self(Some(bar))
    }

    /// Stop and erase the spinner.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
