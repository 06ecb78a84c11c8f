-- Issue 11: the language model's answers and the desk's counters.
-- A model answer, keyed by the hash of the prompt that asked for it (story version, evidence,
-- prompt version): the gates run again on it whenever the brief is composed, and a prompt asked
-- once is never asked again.
CREATE TABLE model_answers (
    prompt_hash TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    subject TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
-- Counters per UTC day (requests, latency, tokens, refusals by gate), added to by whichever
-- desk is running, read by `serve` for /metrics and by the desk for its daily budget.
CREATE TABLE desk_counters (
    day TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (day, name)
);
