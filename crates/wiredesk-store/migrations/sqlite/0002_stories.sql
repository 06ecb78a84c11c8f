-- Stories: the analysis stages' output, one JSON document per story, rewritten as it grows.
CREATE TABLE stories (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    n_posts INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    story TEXT NOT NULL
);
CREATE INDEX stories_updated ON stories (updated_at);

-- Merges and splits, so that no story disappears silently.
CREATE TABLE story_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    story_id TEXT NOT NULL,
    event TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events (story_id);
