-- Briefs: every version of every story's brief, kept readable.
CREATE TABLE briefs (
    story_id TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    generated_at TIMESTAMPTZ NOT NULL,
    brief JSONB NOT NULL,
    PRIMARY KEY (story_id, version)
);
CREATE INDEX briefs_generated ON briefs (generated_at);
