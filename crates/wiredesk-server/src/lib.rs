//! The web server: one axum router for the web UI, feeds, JSON API, `/metrics` and `/healthz`. The only crate that knows HTTP.
