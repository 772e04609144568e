//! The MCP request handler: tools, resources and prompts over the engine
//! adapter, and the choice of project root.
//!
//! The root is looked for, in order, at or above each of the client's MCP
//! roots (asked once with `roots/list` when the client declares the `roots`
//! capability, asked again after `notifications/roots/list_changed`), the
//! working directory, and `--root`. The first that holds a `draft/` or
//! `conductor/` tree wins; when none does, the calls fail with the CLI's
//! "no draft project found" error and hint. Engine calls run on
//! tokio's blocking pool so the protocol loop keeps answering meanwhile.

#![expect(
    deprecated,
    reason = "roots/list is deprecated by the newest MCP revision but still the way to learn the client's folders"
)]

use crate::engines::{self, Failure};
use crate::{ServeOptions, prompts, tools};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, GetPromptRequestParams, GetPromptResponse,
    GetPromptResult, Implementation, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, Prompt, PromptArgument, PromptMessage, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ResourceTemplate, Role, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::{NotificationContext, RequestContext};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

const INSTRUCTIONS: &str = "draft keeps this project's context (product, tech stack, workflow, architecture) and its tracks (spec, plan, metadata) under draft/. \
Start a session with the `context` tool; drive tasks with `next_task` and `update_task`; plan markers, SHAs, counts and the registry change only through these tools or the draft CLI, never by hand. \
Tool results are the JSON of the matching `draft … --json` command. The prompts are draft's workflow skills.";

/// How long to wait for the client's answer to `roots/list`.
const ROOTS_TIMEOUT: Duration = Duration::from_secs(5);

/// The server state for one connection.
#[derive(Debug, Clone)]
pub struct DraftServer {
    opts: Arc<ServeOptions>,
    /// The client's roots as local paths; `None` until asked (or after they changed).
    roots: Arc<Mutex<Option<Vec<PathBuf>>>>,
}

impl DraftServer {
    /// A handler for one connection.
    #[must_use]
    pub fn new(opts: ServeOptions) -> Self {
        Self { opts: Arc::new(opts), roots: Arc::new(Mutex::new(None)) }
    }

    async fn client_roots(&self, ctx: &RequestContext<RoleServer>) -> Vec<PathBuf> {
        let mut cache = self.roots.lock().await;
        if let Some(roots) = cache.as_ref() {
            return roots.clone();
        }
        if ctx.client_capabilities().is_none_or(|c| c.roots.is_none()) {
            *cache = Some(Vec::new());
            return Vec::new();
        }
        match tokio::time::timeout(ROOTS_TIMEOUT, ctx.peer.list_roots()).await {
            Ok(Ok(result)) => {
                let roots: Vec<PathBuf> = result.roots.iter().filter_map(|r| file_uri_path(&r.uri)).collect();
                *cache = Some(roots.clone());
                roots
            }
            // Not cached: the next call asks again.
            _ => Vec::new(),
        }
    }

    /// The directory the engines start from.
    async fn start_dir(&self, ctx: &RequestContext<RoleServer>) -> PathBuf {
        let mut candidates = self.client_roots(ctx).await;
        candidates.extend(self.opts.cwd.clone().or_else(|| std::env::current_dir().ok()));
        candidates.extend(self.opts.root.clone());
        let first = candidates.first().cloned().unwrap_or_else(|| PathBuf::from("."));
        tokio::task::spawn_blocking(move || candidates.into_iter().find(|c| engines::project_root(c).is_some()))
            .await
            .ok()
            .flatten()
            .unwrap_or(first)
    }
}

/// `file:///a/b%20c` → `/a/b c`; other schemes are not local folders.
fn file_uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push(u8::try_from(h * 16 + l).ok()?);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

fn tool_error(f: &Failure) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(f.text())])
}

fn not_found(f: &Failure, uri: &str) -> ErrorData {
    ErrorData::resource_not_found(f.message.clone(), Some(serde_json::json!({ "uri": uri, "hint": f.hint })))
}

impl ServerHandler for DraftServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().enable_prompts().build())
            .with_server_info(Implementation::new("draft", env!("CARGO_PKG_VERSION")).with_title("draft"))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::list()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.to_string();
        if !tools::exists(&name) {
            return Err(ErrorData::invalid_params(format!("unknown tool: {name}"), None));
        }
        let args = request.arguments.map_or(serde_json::Value::Null, serde_json::Value::Object);
        let start = self.start_dir(&ctx).await;
        let outcome = tokio::task::spawn_blocking(move || tools::call(&name, args, &start)).await;
        let result = match outcome {
            Ok(Ok(json)) => CallToolResult::success(vec![ContentBlock::text(json)]),
            Ok(Err(failure)) => tool_error(&failure),
            Err(join) => tool_error(&Failure::usage(format!("internal error: the call did not finish ({join})"))),
        };
        Ok(result.into())
    }

    async fn list_resources(
        &self,
        _: Option<PaginatedRequestParams>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let start = self.start_dir(&ctx).await;
        let docs = tokio::task::spawn_blocking(move || engines::list_documents(&start))
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?
            .map_err(|f| ErrorData::internal_error(f.text(), None))?;
        let resources = docs
            .into_iter()
            .map(|d| {
                Resource::new(d.uri, d.path)
                    .with_description(d.description)
                    .with_mime_type("text/markdown")
                    .with_size(d.size)
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn list_resource_templates(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let templates = engines::TRACK_DOCS
            .iter()
            .map(|name| {
                ResourceTemplate::new(format!("draft://tracks/{{id}}/{name}"), format!("track {name}"))
                    .with_description(format!("A track's {name}"))
                    .with_mime_type("text/markdown")
            })
            .collect();
        Ok(ListResourceTemplatesResult::with_all_items(templates))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let start = self.start_dir(&ctx).await;
        let uri = request.uri;
        let asked = uri.clone();
        let read = tokio::task::spawn_blocking(move || engines::read_document(&start, &asked))
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
        match read {
            Ok((_, text)) => {
                let contents = ResourceContents::TextResourceContents {
                    uri,
                    mime_type: Some("text/markdown".into()),
                    text,
                    meta: None,
                };
                Ok(ReadResourceResult::new(vec![contents]).into())
            }
            Err(f) => Err(not_found(&f, &uri)),
        }
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let prompts = prompts::skills()
            .into_iter()
            .map(|s| {
                let arg = PromptArgument::new(prompts::ARGUMENT)
                    .with_description("What the user asked for: a track id, a task, a question; fills $ARGUMENTS")
                    .with_required(false);
                Prompt::new(s.name, Some(s.description), Some(vec![arg]))
            })
            .collect();
        Ok(ListPromptsResult::with_all_items(prompts))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let Some(skill) = prompts::skill(&request.name) else {
            let names: Vec<&str> = prompts::skills().iter().map(|s| s.name).collect();
            return Err(ErrorData::invalid_params(
                format!("no prompt {:?}; the prompts are: {}", request.name, names.join(", ")),
                None,
            ));
        };
        let arguments = request.arguments.as_ref().and_then(|a| a.get(prompts::ARGUMENT)).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let text = prompts::render(&skill, arguments.as_deref());
        Ok(GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description(skill.description)
            .into())
    }

    async fn on_roots_list_changed(&self, _: NotificationContext<RoleServer>) {
        *self.roots.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(file_uri_path("file:///home/a/my%20proj"), Some(PathBuf::from("/home/a/my proj")));
        assert_eq!(file_uri_path("file://localhost/x"), Some(PathBuf::from("/x")));
        assert_eq!(file_uri_path("https://example.invalid/x"), None);
        assert_eq!(file_uri_path("file://host/x"), None);
    }
}
