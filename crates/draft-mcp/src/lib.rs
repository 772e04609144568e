//! draft-mcp: the MCP server of `draft`, over stdio, on the official Rust SDK
//! (`rmcp`).
//!
//! - **Tools** (8): `status`, `next_task`, `update_task`, `new_track`,
//!   `check`, `sync`, `context`, `revert_plan`, each a thin call into the same
//!   engines as the CLI, returning the JSON of the matching `draft … --json`
//!   command. A failed call is a tool error (`isError: true`) whose text is
//!   the CLI's `error: …` line and `hint: …`.
//! - **Resources**: the context documents (`draft://context/<name>`) and each
//!   track's spec and plan (`draft://tracks/<id>/spec.md`, `…/plan.md`).
//! - **Prompts**: one per workflow skill in `skills/`, embedded at build time.
//!
//! The engines are synchronous; the server runs them on a current-thread
//! tokio runtime's blocking pool. This is the only crate of the workspace that
//! uses tokio, and the `draft` binary only builds it with its `mcp` feature.
//! stdout carries nothing but JSON-RPC: engines never print, rmcp's tracing
//! has no subscriber, and git's output is always captured.

mod engines;
mod framing;
mod prompts;
mod server;
mod tools;

use std::path::PathBuf;

pub use server::DraftServer;

/// How the server finds its project.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// The project to use when neither the client's MCP roots nor `cwd` lead
    /// to one (`draft mcp --root DIR`, `DRAFT_ROOT`).
    pub root: Option<PathBuf>,
    /// The working directory to look from (default: the process's).
    pub cwd: Option<PathBuf>,
}

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The runtime or the standard streams failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The MCP session could not start (for example, the client never initialized).
    #[error("the MCP session failed: {0}")]
    Session(String),
}

impl From<ServeError> for std::io::Error {
    fn from(e: ServeError) -> Self {
        match e {
            ServeError::Io(e) => e,
            ServeError::Session(msg) => std::io::Error::other(msg),
        }
    }
}

/// Serve MCP on stdin/stdout until the client closes stdin.
///
/// Builds a current-thread tokio runtime, runs [`serve`] on the process's
/// standard streams and returns when the session ends.
pub fn serve_stdio(opts: ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = runtime.block_on(serve(opts, tokio::io::stdin(), tokio::io::stdout()));
    // A read of stdin may still be parked on the blocking pool: do not wait for it.
    runtime.shutdown_background();
    result
}

/// Serve MCP over any pair of byte streams (newline-delimited JSON-RPC).
pub async fn serve<R, W>(opts: ServeOptions, input: R, output: W) -> Result<(), ServeError>
where
    R: tokio::io::AsyncRead + Unpin + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    use rmcp::ServiceExt as _;
    let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
    let writer = tokio::spawn(framing::write_output(out_rx, output));
    let (to_service, service_side) = tokio::io::duplex(64 * 1024);
    let (service_in, _unused_write_half) = tokio::io::split(service_side);
    let reader = tokio::spawn(framing::filter_input(tokio::io::BufReader::new(input), to_service, out_tx.clone()));
    let transport = (service_in, framing::LineQueue::new(out_tx));
    let outcome = match DraftServer::new(opts).serve(transport).await {
        Ok(running) => running.waiting().await.map(|_| ()).map_err(|e| ServeError::Session(e.to_string())),
        Err(e) => Err(ServeError::Session(e.to_string())),
    };
    reader.abort();
    // Every sender is gone once the service and the reader are: the writer drains and ends.
    let written = writer.await.map_err(|e| ServeError::Session(e.to_string()))?;
    outcome?;
    written.map_err(ServeError::Io)
}
