//! `draft mcp`: serves draft's engines (tools), documents (resources) and
//! skills (prompts) to an AI host over MCP on stdin/stdout. Built only with
//! the `mcp` cargo feature (on by default).

use crate::EXIT_OK;
use clap::Args;
use draft_mcp::ServeOptions;
use std::path::PathBuf;

/// `draft mcp`
///
/// The project is found from the client's MCP roots when it offers them,
/// else from the working directory (or -C DIR), else from --root. stdout
/// carries only JSON-RPC; diagnostics go to stderr.
#[derive(Debug, Args)]
#[command(after_help = "Register it in a host as the command `draft mcp` (see docs/MCP.md).")]
pub struct McpArgs {
    /// The project to use when neither the client's roots nor the working directory lead to one.
    #[arg(long, value_name = "DIR", env = "DRAFT_ROOT")]
    pub root: Option<PathBuf>,
}

pub fn run(ctx: &super::Ctx, args: &McpArgs) -> draft_core::Result<u8> {
    let opts = ServeOptions { root: args.root.clone(), cwd: Some(ctx.start.clone()) };
    draft_mcp::serve_stdio(opts).map_err(|e| draft_core::Error::io("serving MCP on", "stdin/stdout", e.into()))?;
    Ok(EXIT_OK)
}
