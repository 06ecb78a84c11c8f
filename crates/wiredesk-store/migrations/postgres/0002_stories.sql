-- Stories: the analysis stages' output, one JSON document per story, rewritten as it grows.
CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    n_posts BIGINT NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    story JSONB NOT NULL
);
CREATE INDEX stories_updated ON stories (updated_at);

-- Merges and splits, so that no story disappears silently.
CREATE TABLE story_events (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL,
    event JSONB NOT NULL
);
CREATE INDEX story_events_story ON story_events (story_id);
