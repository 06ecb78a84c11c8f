//! A loopback mock of an OpenAI-compatible chat endpoint (`POST /v1/chat/completions`) that
//! replays recorded answers keyed by a hash of the prompt ([`prompt_key`]: the system and user
//! messages), and can answer with an error status or late, to test what a desk does with a
//! language model without one.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use sha2::{Digest, Sha256};
use tokio::task::JoinHandle;

/// What the mock answers one prompt with.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A chat completion whose message content is this text.
    Content(String),
    /// This status, with a small JSON error body.
    Status(u16),
    /// The content, after this delay (to exceed a client's timeout).
    Late(Duration, String),
}

#[derive(Default)]
struct Shared {
    replies: HashMap<String, Reply>,
    fallback: Option<Reply>,
    /// Every request body, in order.
    requests: Vec<serde_json::Value>,
}

/// The hash the mock keys answers by: SHA-256 (hex) of the system message, a NUL, and the user
/// message.
pub fn prompt_key(system: &str, user: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(system.as_bytes());
    hasher.update([0u8]);
    hasher.update(user.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The mock endpoint on `127.0.0.1:<random port>`; stops when dropped.
pub struct MockChat {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: JoinHandle<()>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MockChat {
    pub async fn start() -> MockChat {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address of the mock");
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new()
            .route("/v1/chat/completions", post(answer))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MockChat { addr, shared, task }
    }

    /// `http://127.0.0.1:PORT`: the `base_url` a desk is given.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Records the reply to the prompt whose [`prompt_key`] is `key`.
    pub fn reply(&self, key: &str, reply: Reply) {
        lock(&self.shared).replies.insert(key.to_owned(), reply);
    }

    /// The reply to prompts with no recorded answer (default: 404).
    pub fn fallback(&self, reply: Reply) {
        lock(&self.shared).fallback = Some(reply);
    }

    /// The request bodies received so far.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        lock(&self.shared).requests.clone()
    }
}

impl Drop for MockChat {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Mutex<Shared>>>, body: Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON").into_response();
    };
    let content_of = |role: &str| {
        request["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|message| message["role"] == role)
            .filter_map(|message| message["content"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let key = prompt_key(&content_of("system"), &content_of("user"));
    let reply = {
        let mut state = lock(&shared);
        state.requests.push(request.clone());
        state
            .replies
            .get(&key)
            .cloned()
            .or_else(|| state.fallback.clone())
    };
    let completion = |content: String| {
        let body = serde_json::json!({
            "id": "mock",
            "object": "chat.completion",
            "model": request["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
        });
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    };
    match reply {
        Some(Reply::Content(content)) => completion(content),
        Some(Reply::Late(delay, content)) => {
            tokio::time::sleep(delay).await;
            completion(content)
        }
        Some(Reply::Status(code)) => (
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            r#"{"error":{"message":"mock error"}}"#,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            r#"{"error":{"message":"no recorded answer"}}"#,
        )
            .into_response(),
    }
}
