-- The initial schema (PostgreSQL). Keep column names and meanings in step with
-- migrations/sqlite/0001_init.sql: both backends run the same queries.
-- Keys sort bytewise (COLLATE "C"), as they do on SQLite, whatever the database's locale.

CREATE TABLE sources (
    key TEXT COLLATE "C" PRIMARY KEY,
    kind TEXT NOT NULL,
    spec JSONB NOT NULL,
    status JSONB NOT NULL,
    paused BOOLEAN NOT NULL DEFAULT FALSE,
    last_fetch_at TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    last_error TEXT,
    consecutive_failures BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    etag TEXT,
    last_modified TEXT,
    cursor JSONB,
    channel JSONB,
    feed JSONB
);

CREATE TABLE posts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_key TEXT COLLATE "C" NOT NULL REFERENCES sources (key) ON DELETE CASCADE,
    external_id TEXT COLLATE "C" NOT NULL CHECK (external_id <> ''),
    seq BIGINT,
    post JSONB NOT NULL,
    text TEXT NOT NULL,
    title TEXT,
    published_at TIMESTAMPTZ NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    gone_at TIMESTAMPTZ,
    archive_sha256 TEXT,
    n_versions BIGINT NOT NULL DEFAULT 1,
    -- Full text: the 'simple' configuration (no stemming), as the desk reads many languages.
    search TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(title, '') || ' ' || text)
    ) STORED,
    UNIQUE (source_key, external_id)
);

CREATE INDEX posts_published_at ON posts (published_at DESC);
CREATE INDEX posts_source_seq ON posts (source_key, seq);
CREATE INDEX posts_archive_sha256 ON posts (archive_sha256);
CREATE INDEX posts_search ON posts USING GIN (search);

CREATE TABLE post_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    title TEXT,
    seen_at TIMESTAMPTZ NOT NULL,
    archive_sha256 TEXT
);

CREATE INDEX post_versions_post_id ON post_versions (post_id);
CREATE INDEX post_versions_archive_sha256 ON post_versions (archive_sha256);

CREATE TABLE archive (
    sha256 TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status BIGINT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    content_type TEXT,
    size BIGINT NOT NULL,
    body BYTEA NOT NULL
);

CREATE INDEX archive_fetched_at ON archive (fetched_at);

CREATE TABLE wiki_pages (
    lang TEXT NOT NULL,
    requested_title TEXT NOT NULL,
    summary JSONB,
    fetched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lang, requested_title)
);
