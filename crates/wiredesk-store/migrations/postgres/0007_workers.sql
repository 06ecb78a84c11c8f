-- Issue 12: many workers on one database.
-- A source is leased by the fetcher that refreshes it: `lease_owner` until `lease_until`, and
-- `lease_token` (the fencing token) grows by one with every claim. A commit that carries a
-- token other than the stored one comes from a worker whose lease was taken over, and is refused.
ALTER TABLE sources ADD COLUMN lease_owner TEXT;
ALTER TABLE sources ADD COLUMN lease_until TIMESTAMPTZ;
-- A stable hash of the key: sources due at once are claimed in this order, spread over hosts.
ALTER TABLE sources ADD COLUMN spread BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;

-- A commit writes the posts it changes with the pending revision (-1) and stamps them with the
-- next revision last, so that the revision counter's lock is held only for the stamp.
CREATE INDEX posts_pending_revision ON posts (source_key) WHERE revision < 0;

-- Politeness shared by every fetcher: one row per request slot of a host (a host allowed two
-- requests at once has slots 0 and 1). A slot is held by one worker until it gives it back or
-- `held_until` passes (the worker died); `next_start` spaces requests by the host's delay.
CREATE TABLE host_slots (
    host TEXT COLLATE "C" NOT NULL,
    slot BIGINT NOT NULL,
    holder TEXT,
    held_until TIMESTAMPTZ,
    next_start TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (host, slot)
);

-- A host that answered 429: nobody asks it again before `retry_at`.
CREATE TABLE host_limits (
    host TEXT COLLATE "C" PRIMARY KEY,
    retry_at TIMESTAMPTZ NOT NULL
);

-- The desk's fencing epoch: a desk that takes the story lock adds one, and its story and brief
-- writes check that the epoch is still theirs.
CREATE TABLE desk_lock (
    id BIGINT PRIMARY KEY,
    epoch BIGINT NOT NULL,
    holder TEXT,
    since TIMESTAMPTZ
);
INSERT INTO desk_lock (id, epoch) VALUES (1, 0);
