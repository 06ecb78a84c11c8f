//! wiredesk-fetch: the only crate that opens outbound connections.
//!
//! [`Fetcher`] (built by [`FetcherBuilder`]) does conditional GETs, follows redirects itself so
//! every hop passes the address guard and the per-host limits, caps bodies, paces requests per
//! host and remembers hosts that answered 429 for the rest of the run. Jobs see it through the
//! [`Fetch`] trait so a replay can answer from recordings instead.

mod error;
mod fetcher;
mod guard;
mod headers;

pub use error::FetchError;
pub use fetcher::{
    Fetch, FetchRequest, FetchResponse, Fetcher, FetcherBuilder, HostPolicy, SharedHosts,
};
