//! The one error type of wiredesk-fetch; each variant carries the URL (or host) it is about so
//! the caller can log it without extra context.

use std::time::Duration;

use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The address guard refused the URL or a redirect hop.
    #[error("refused to fetch {url}: {reason}")]
    Blocked { url: Url, reason: String },
    /// The host answered 429 during this run; later requests to it fail fast.
    #[error("rate limited by {host}{}", retry_suffix(.retry_after))]
    RateLimited {
        host: String,
        retry_after: Option<Duration>,
    },
    /// Any status other than 2xx, 304, 429 or a followed redirect.
    #[error("unexpected status {status} from {url}{}", retry_suffix(.retry_after))]
    Status {
        url: Url,
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("timed out fetching {url}")]
    Timeout { url: Url },
    #[error("body of {url} exceeds {limit} bytes")]
    TooLarge { url: Url, limit: u64 },
    /// The body ended before its declared length, or could not be decoded.
    #[error("body of {url} was cut short: {message}")]
    Truncated { url: Url, message: String },
    #[error("too many redirects fetching {url}")]
    TooManyRedirects { url: Url },
    /// Connection refused, DNS failure, TLS error and the like.
    #[error("failed to fetch {url}: {message}")]
    Transport { url: Url, message: String },
    /// Not an http(s) URL, no host, or a redirect `Location` that does not parse.
    #[error("invalid url {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// The host limits shared with other processes (`SharedHosts`) could not be read.
    #[error("shared host limits for {host} unavailable: {message}")]
    Shared { host: String, message: String },
    /// `FetcherBuilder::build` was given settings it cannot use.
    #[error("invalid fetcher configuration: {message}")]
    Config { message: String },
}

impl FetchError {
    /// The resource is gone: 404 or 410.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            FetchError::Status {
                status: 404 | 410,
                ..
            }
        )
    }

    /// How long the server asked us to wait, when it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::RateLimited { retry_after, .. }
            | FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn retry_suffix(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(duration) => format!(", retry after {}s", duration.as_secs()),
        None => String::new(),
    }
}
