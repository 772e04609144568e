//! The stdio framing in front of the MCP service.
//!
//! MCP over stdio is newline-delimited JSON-RPC. rmcp silently drops a line
//! that is not JSON at all; JSON-RPC 2.0 asks for a `-32700 Parse error`
//! response (with `"id": null`), so this layer reads the input lines itself,
//! answers unparsable ones with that error, and passes every other line on to
//! rmcp unchanged (rmcp answers well-formed JSON that is not a valid message
//! with `-32600 Invalid Request`). Both rmcp's messages and these errors go
//! out through one queue of whole lines, so they never interleave on stdout.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncBufRead, AsyncBufReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::sync::mpsc::UnboundedSender;

/// The response to a line that is not JSON.
#[must_use]
pub fn parse_error_line(detail: &str) -> Vec<u8> {
    let msg = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": format!("Parse error: {detail}") },
    });
    let mut line = msg.to_string().into_bytes();
    line.push(b'\n');
    line
}

/// Copy input lines to `to` (rmcp's side), answering lines that are not JSON
/// on `out`. Returns at end of input, or when rmcp stops reading.
pub async fn filter_input<R, W>(mut from: R, mut to: W, out: UnboundedSender<Vec<u8>>) -> io::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut line = Vec::with_capacity(4096);
    loop {
        line.clear();
        if from.read_until(b'\n', &mut line).await? == 0 {
            break;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let body = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            if out.send(parse_error_line(&e.to_string())).is_err() {
                break;
            }
            continue;
        }
        to.write_all(body).await?;
        to.write_all(b"\n").await?;
        to.flush().await?;
    }
    to.shutdown().await
}

/// An `AsyncWrite` that cuts what rmcp writes into whole lines and queues them.
#[derive(Debug)]
pub struct LineQueue {
    buf: Vec<u8>,
    out: UnboundedSender<Vec<u8>>,
}

impl LineQueue {
    /// Queue complete lines on `out`.
    #[must_use]
    pub fn new(out: UnboundedSender<Vec<u8>>) -> Self {
        Self { buf: Vec::new(), out }
    }

    fn send_complete_lines(&mut self) -> io::Result<()> {
        while let Some(i) = self.buf.iter().position(|b| *b == b'\n') {
            let rest = self.buf.split_off(i + 1);
            let line = std::mem::replace(&mut self.buf, rest);
            self.out.send(line).map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "stdout writer stopped"))?;
        }
        Ok(())
    }
}

impl AsyncWrite for LineQueue {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.buf.extend_from_slice(data);
        Poll::Ready(this.send_complete_lines().map(|()| data.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.buf.is_empty() {
            let line = std::mem::take(&mut this.buf);
            let _ = this.out.send(line);
        }
        Poll::Ready(Ok(()))
    }
}

/// Write queued lines to `to` until every sender is gone.
pub async fn write_output<W: AsyncWrite + Unpin>(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>,
    mut to: W,
) -> io::Result<()> {
    while let Some(line) = rx.recv().await {
        to.write_all(&line).await?;
        // Drain what is already queued before paying for a flush.
        while let Ok(more) = rx.try_recv() {
            to.write_all(&more).await?;
        }
        to.flush().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn bad_lines_are_answered_and_good_ones_passed_on() {
        let input: &[u8] = b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n\n{oops\n[1,2]\n";
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut passed = Vec::new();
        filter_input(tokio::io::BufReader::new(input), &mut passed, tx).await.expect("filter");
        assert_eq!(passed, b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n[1,2]\n");
        let answer = rx.recv().await.expect("an error line");
        let v: serde_json::Value = serde_json::from_slice(&answer).expect("json");
        assert_eq!(v["error"]["code"], -32700);
        assert!(v["id"].is_null());
        assert!(rx.recv().await.is_none());
    }

    #[tokio::test(flavor = "current_thread")]
    async fn line_queue_sends_whole_lines() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut q = LineQueue::new(tx);
        q.write_all(b"{\"a\":").await.expect("w");
        q.write_all(b"1}\n{\"b\"").await.expect("w");
        assert_eq!(rx.recv().await.expect("line"), b"{\"a\":1}\n");
        assert!(rx.try_recv().is_err());
        q.shutdown().await.expect("shutdown");
        assert_eq!(rx.recv().await.expect("rest"), b"{\"b\"");
    }
}
