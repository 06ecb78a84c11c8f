-- Briefs: every version of every story's brief, kept readable.
CREATE TABLE briefs (
    story_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    generated_at TEXT NOT NULL,
    brief TEXT NOT NULL,
    PRIMARY KEY (story_id, version)
);
CREATE INDEX briefs_generated ON briefs (generated_at);
