-- The initial schema (SQLite). Keep column names and meanings in step with
-- migrations/postgres/0001_init.sql: both backends run the same queries.
-- Timestamps are RFC 3339 text in UTC (they sort as text), JSON is text.

CREATE TABLE sources (
    key TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    spec TEXT NOT NULL,
    status TEXT NOT NULL,
    paused BOOLEAN NOT NULL DEFAULT FALSE,
    last_fetch_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    etag TEXT,
    last_modified TEXT,
    cursor TEXT,
    channel TEXT,
    feed TEXT
);

-- An explicit INTEGER PRIMARY KEY: the full-text index refers to posts by rowid, which must
-- stay stable (an implicit rowid may change on VACUUM).
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_key TEXT NOT NULL REFERENCES sources (key) ON DELETE CASCADE,
    external_id TEXT NOT NULL CHECK (external_id <> ''),
    seq INTEGER,
    post TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT,
    published_at TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    gone_at TEXT,
    archive_sha256 TEXT,
    n_versions INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source_key, external_id)
);

CREATE INDEX posts_published_at ON posts (published_at DESC);
CREATE INDEX posts_source_seq ON posts (source_key, seq);
CREATE INDEX posts_archive_sha256 ON posts (archive_sha256);

CREATE TABLE post_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    title TEXT,
    seen_at TEXT NOT NULL,
    archive_sha256 TEXT
);

CREATE INDEX post_versions_post_id ON post_versions (post_id);
CREATE INDEX post_versions_archive_sha256 ON post_versions (archive_sha256);

CREATE TABLE archive (
    sha256 TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    content_type TEXT,
    size INTEGER NOT NULL,
    body BLOB NOT NULL
);

CREATE INDEX archive_fetched_at ON archive (fetched_at);

CREATE TABLE wiki_pages (
    lang TEXT NOT NULL,
    requested_title TEXT NOT NULL,
    summary TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (lang, requested_title)
);

-- Full text: an external-content FTS5 index over posts (title, text), kept in sync by
-- triggers. Only statements that set title or text touch the index.
CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title,
    text,
    content = 'posts',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, text ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO posts_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
