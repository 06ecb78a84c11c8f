-- Which story holds each post (references lower-cased), so a post's story is one indexed lookup,
-- not a load of every story. Written with the stories; filled here from the stories stored.
CREATE TABLE story_posts (
    post_ref TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX story_posts_story ON story_posts (story_id);
INSERT INTO story_posts (post_ref, story_id)
    SELECT lower(p.ref), s.id FROM stories s, jsonb_array_elements_text(s.story->'posts') AS p(ref)
    ON CONFLICT (post_ref) DO NOTHING;
