//! A fake Jira Cloud for the `draft jira` tests: a one-thread HTTP/1.1
//! server on 127.0.0.1 (an ephemeral port) that answers
//! `POST /rest/api/3/issue` with new keys (`PROJ-1`, `PROJ-2`, …) unless a
//! reply is scripted for the n-th request, and records every request it
//! receives. Each answer closes its connection. The server stops, and its
//! thread is joined, when the value is dropped; every read has a timeout, so
//! a test that goes wrong cannot hang on it.

use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How the server answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 201 with the next key.
    Create,
    /// This status and JSON body, creating nothing; `{auth}` in the body is
    /// replaced by the request's Authorization header (a server that echoes
    /// credentials back).
    Fail(u16, String),
    /// 429 with this `Retry-After`.
    RateLimit(&'static str),
}

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub auth: Option<String>,
    /// The request's JSON body (`Null` when it is not JSON).
    pub body: Value,
    pub at: Instant,
    /// The key it answered with, when it created an issue.
    pub key: Option<String>,
}

impl Seen {
    /// `fields.<name>` of the body.
    pub fn field(&self, name: &str) -> &Value {
        &self.body["fields"][name]
    }

    pub fn summary(&self) -> &str {
        self.field("summary").as_str().unwrap_or_default()
    }

    pub fn issue_type(&self) -> &str {
        self.field("issuetype")["name"].as_str().unwrap_or_default()
    }

    pub fn parent(&self) -> Option<&str> {
        self.field("parent")["key"].as_str()
    }
}

#[derive(Default)]
struct State {
    script: HashMap<usize, Reply>,
    seen: Vec<Seen>,
    next_key: u32,
}

pub struct FakeJira {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeJira {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("address");
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (Arc::clone(&state), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &s);
                }
            }
        });
        Self { addr, state, stop, thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answer the `n`-th request from now on (1-based, counting every request
    /// received so far) with `reply`.
    pub fn on(&self, n: usize, reply: Reply) {
        self.state.lock().expect("state").script.insert(n, reply);
    }

    /// Every request received.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("state").seen.clone()
    }

    /// The requests that created an issue.
    pub fn created(&self) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.key.is_some()).collect()
    }
}

impl Drop for FakeJira {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or_default().to_owned(), parts.next().unwrap_or_default().to_owned());
    let (mut length, mut auth) = (0usize, None);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "authorization" => auth = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (status, extra, text) = {
        let mut st = state.lock().expect("state");
        let n = st.seen.len() + 1;
        let reply = if method == "POST" && path == "/rest/api/3/issue" {
            st.script.remove(&n).unwrap_or(Reply::Create)
        } else {
            Reply::Fail(404, r#"{"errorMessages":["no such resource"]}"#.to_owned())
        };
        let answer = match reply {
            Reply::Create => {
                st.next_key += 1;
                let key = format!("PROJ-{}", st.next_key);
                let text = format!(
                    r#"{{"id":"{}","key":"{key}","self":"http://x/rest/api/3/issue/{}"}}"#,
                    10_000 + st.next_key,
                    10_000 + st.next_key
                );
                (201, String::new(), text, Some(key))
            }
            Reply::Fail(status, text) => {
                (status, String::new(), text.replace("{auth}", auth.as_deref().unwrap_or("")), None)
            }
            Reply::RateLimit(after) => (
                429,
                format!("Retry-After: {after}\r\n"),
                r#"{"errorMessages":["Rate limit exceeded."]}"#.to_owned(),
                None,
            ),
        };
        st.seen.push(Seen { method, path, auth, body, at: Instant::now(), key: answer.3 });
        (answer.0, answer.1, answer.2)
    };
    let reason = match status {
        201 => "Created",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Error",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{text}",
        text.len()
    );
    let mut stream = reader.into_inner();
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}
