-- Issue 10: a pass reads what changed, not what is stored.
-- Every page commit takes the next revision; the posts it inserts, edits, marks gone or brings
-- back carry it, so the desk asks for "posts changed since revision N".
ALTER TABLE posts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_revision ON posts (revision);
CREATE TABLE post_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO post_revision (id, n) VALUES (1, 0);
-- What a post's analysis yields on its own (tokens, entities, attributions…), keyed by the
-- post's reference (lower-cased) and a fingerprint of what the analysis read (text, language,
-- analyser version): a pass analyses only new and edited posts.
CREATE TABLE post_analyses (
    post_ref TEXT PRIMARY KEY NOT NULL,
    fingerprint INTEGER NOT NULL,
    analysis TEXT NOT NULL
);
