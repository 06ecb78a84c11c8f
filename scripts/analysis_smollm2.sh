#!/usr/bin/env bash
set -euo pipefail
#
# analysis_smollm2.sh: the brief's language-model analysis, end to end, with a real small model.
# Starts scripts/llm_server.sh (SmolLM2-135M-Instruct, Apache-2.0, via llama-cpp-python;
# the first run builds llama.cpp, 10-20 minutes on 2 cores) in the background on a free
# loopback port, waits until it answers, writes a temporary wiredesk config with [analysis]
# pointing at it, replays the demo corpus (demo/) into a temporary SQLite store, and prints:
# how many analysis sentences were proposed, published and refused by each gate (from each
# story's brief), then up to ten published and ten refused sentences. The server is stopped
# at the end, whatever happens.
#
# Environment: WIREDESK_LLM_VENV (see llm_server.sh), KEEP_TMP=1 keeps the temporary folder.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
VENV="${WIREDESK_LLM_VENV:-/work/llm-venv}"
TMP="$(mktemp -d -t wiredesk-smollm2.XXXXXX)"
SERVER_PID=""

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ "${KEEP_TMP:-0}" != "1" ]]; then
        rm -rf "$TMP"
    else
        echo "kept $TMP" >&2
    fi
}
trap cleanup EXIT

# Install first (may build for a long while), so the wait below is only the start-up.
"$HERE/llm_server.sh" --install

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
PORT="$PORT" "$HERE/llm_server.sh" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
echo "llm server: pid $SERVER_PID on http://127.0.0.1:$PORT (log $TMP/server.log)"

for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "the llm server exited:" >&2
        cat "$TMP/server.log" >&2
        exit 1
    fi
    sleep 1
done
curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null || { echo "the llm server does not answer" >&2; exit 1; }
echo "llm server answers"

cat >"$TMP/wiredesk.toml" <<EOF
[analysis]
enabled = true
base_url = "http://127.0.0.1:$PORT"
model = "smollm2"
timeout_secs = 300
concurrency = 1
daily_budget = 1000
EOF
STORE="sqlite://$TMP/desk.db"

cd "$ROOT"
echo "replaying demo/ (every story's analysis is one model request)"
started=$(date +%s)
RUST_LOG="${RUST_LOG:-wiredesk_jobs::analyst=info}" \
    cargo run --quiet -- --config "$TMP/wiredesk.toml" replay demo --store "$STORE" \
    >"$TMP/replay.out" 2>"$TMP/replay.log" || { echo "replay failed:" >&2; cat "$TMP/replay.out" "$TMP/replay.log" >&2; exit 1; }
echo "replay took $(( $(date +%s) - started )) s"
cat "$TMP/replay.out"

# Each story's brief, as JSON.
cargo run --quiet -- --config "$TMP/wiredesk.toml" --store "$STORE" stories --all --json >"$TMP/stories.jsonl"
: >"$TMP/briefs.jsonl"
no_brief=0
while read -r id; do
    # A story of one post from a source that is not a primary has no brief: skip it.
    if cargo run --quiet -- --config "$TMP/wiredesk.toml" --store "$STORE" brief show "$id" --format json \
        >"$TMP/brief.json" 2>/dev/null && [[ -s "$TMP/brief.json" ]]; then
        python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$TMP/brief.json" >>"$TMP/briefs.jsonl"
    else
        no_brief=$((no_brief + 1))
    fi
done < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        print(json.loads(line)["id"])
' "$TMP/stories.jsonl")

echo "stories without a brief yet (skipped): $no_brief"
python3 - "$TMP/briefs.jsonl" "$TMP/replay.log" "$TMP/desk.db" <<'EOF'
import json, re, sys
from collections import Counter

briefs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
proposed = published = 0
refused = Counter()
withheld = Counter()
errors = []
sentences = []
for brief in briefs:
    note = brief.get("analysis")
    if not note:
        continue
    proposed += note.get("proposed", 0)
    published += note.get("published", 0)
    refused.update(note.get("refused", {}))
    withheld.update(note.get("withheld", []))
    if note.get("error"):
        errors.append(note["error"])
    for section in brief.get("sections", []):
        if section.get("label"):
            for sentence in section.get("sentences", []):
                sentences.append((section["heading"], sentence.get("text", "")))
print()
print(f"briefs: {len(briefs)}, with an analysis note: {sum(1 for b in briefs if b.get('analysis'))}")
print(f"analysis sentences proposed: {proposed}, published: {published}, refused: {sum(refused.values())}")
for gate, n in sorted(refused.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  refused by {gate}: {n}")
if withheld:
    print("sections withheld: " + ", ".join(f"{h} x{n}" for h, n in sorted(withheld.items())))
for error in errors:
    print(f"analysis withheld: {error}")

print()
print(f"published sentences (first 10 of {len(sentences)}):")
for heading, text in sentences[:10]:
    print(f"  [{heading}] {text}")

ansi = re.compile(r"\x1b\[[0-9;]*m")
pattern = re.compile(r' sentence=(.*?) reason=(.*)$')
lines = [ansi.sub("", line) for line in open(sys.argv[2], errors="replace") if "analysis sentence refused" in line]
print()
print(f"refused sentences (first 10 of {len(lines)} logged):")
for line in lines[:10]:
    m = pattern.search(line)
    print(f"  {m.group(1)}  <- {m.group(2)}" if m else "  " + line.strip())
# Translations: the desk's counters (kept, refused) and the refused renderings' reasons.
import sqlite3
db = sqlite3.connect(sys.argv[3])
counters = dict(db.execute("SELECT name, SUM(value) FROM desk_counters GROUP BY name"))
print()
print(f"model requests: {counters.get('model_requests', 0)}, errors: {counters.get('model_errors', 0)}")
print(f"translations kept: {counters.get('translations_kept', 0)}, refused: {counters.get('translations_refused', 0)}")
for (answer,) in db.execute("SELECT answer FROM model_answers WHERE purpose = 'translation' LIMIT 5"):
    print("  rendering: " + " ".join(answer.split())[:300])
for line in [ansi.sub("", l).strip() for l in open(sys.argv[2], errors="replace") if "translation refused" in l][:5]:
    print("  refused: " + line[-300:])
other = [ansi.sub("", l).strip() for l in open(sys.argv[2], errors="replace") if ("WARN" in l or "ERROR" in l)]
if other:
    print()
    print(f"warnings and errors in the replay log ({len(other)}; first 5):")
    for line in other[:5]:
        print("  " + line[:400])
EOF
