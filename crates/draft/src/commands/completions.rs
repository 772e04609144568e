//! `draft completions SHELL`: prints a shell completion script generated
//! from the command-line definition (clap_complete).

use crate::EXIT_OK;
use crate::output::Output;
use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

/// Print a shell completion script.
///
/// Load it in your shell's startup file, e.g.
/// `source <(draft completions bash)` in ~/.bashrc,
/// `draft completions zsh > ~/.zfunc/_draft` (with ~/.zfunc on $fpath),
/// `draft completions fish > ~/.config/fish/completions/draft.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs, out: &mut Output) -> draft_core::Result<u8> {
    let mut cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "draft", &mut buf);
    out.stdout.push_str(&String::from_utf8_lossy(&buf));
    Ok(EXIT_OK)
}
