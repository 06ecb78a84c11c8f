-- Which story holds each post (references lower-cased), so a post's story is one indexed lookup,
-- not a load of every story. Written with the stories; filled here from the stories stored.
CREATE TABLE story_posts (
    post_ref TEXT PRIMARY KEY NOT NULL,
    story_id TEXT NOT NULL
);
CREATE INDEX story_posts_story ON story_posts (story_id);
INSERT OR IGNORE INTO story_posts (post_ref, story_id)
    SELECT lower(j.value), s.id FROM stories s, json_each(s.story, '$.posts') j;
