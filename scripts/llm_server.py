"""Runs `python -m llama_cpp.server` with one change: OpenAI's structured-output form.

llama-cpp-python's server (0.3.x) accepts a JSON schema only as
`{"type": "json_object", "schema": {...}}` and answers 422 to OpenAI's
`{"type": "json_schema", "json_schema": {"name": ..., "strict": true, "schema": {...}}}`,
which is what wiredesk (and every OpenAI client) sends. It also sets max_tokens (default
1024, LLM_DEFAULT_MAX_TOKENS) on requests that have none. This launcher wraps the server's
ASGI app so that a chat-completions request in the OpenAI form is rewritten to the
llama-cpp-python form before the server reads it; the answer is then grammar-constrained to
the schema. Everything else (arguments, routes, answers) is llama_cpp.server's own.

Usage: python llm_server.py <the arguments of python -m llama_cpp.server>
Started by scripts/llm_server.sh.
"""

from __future__ import annotations

import json
import os

import llama_cpp.server.__main__ as server_main

# A request without max_tokens gets this many at most: a 135M model under a grammar can repeat
# itself until the context is full (8192 tokens, ~9 minutes on 2 cores). 0 leaves it unset.
DEFAULT_MAX_TOKENS = int(os.environ.get("LLM_DEFAULT_MAX_TOKENS", "1024"))


def rewrite_response_format(body: bytes) -> bytes:
    """The request body with an OpenAI `json_schema` response_format turned into
    llama-cpp-python's `json_object` + `schema`, and max_tokens defaulted."""
    try:
        request = json.loads(body)
    except ValueError:
        return body
    if not isinstance(request, dict):
        return body
    changed = False
    if DEFAULT_MAX_TOKENS > 0 and request.get("max_tokens") is None:
        request["max_tokens"] = DEFAULT_MAX_TOKENS
        changed = True
    response_format = request.get("response_format")
    if not isinstance(response_format, dict) or response_format.get("type") != "json_schema":
        return json.dumps(request).encode() if changed else body
    spec = response_format.get("json_schema") or {}
    schema = spec.get("schema") if isinstance(spec, dict) else None
    request["response_format"] = (
        {"type": "json_object", "schema": schema} if schema is not None else {"type": "json_object"}
    )
    return json.dumps(request).encode()


class JsonSchemaShim:
    """ASGI middleware: rewrites the body of POST …/chat/completions requests."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if (
            scope.get("type") != "http"
            or scope.get("method") != "POST"
            or not scope.get("path", "").endswith("/chat/completions")
        ):
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away before sending the whole body.
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = rewrite_response_format(b"".join(chunks))
        headers = [
            (name, value) for name, value in scope.get("headers", []) if name.lower() != b"content-length"
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        scope = dict(scope, headers=headers)
        first = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([first], receive), send)


def _replay(messages, receive):
    pending = list(messages)

    async def replayed():
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def main() -> None:
    create_app = server_main.create_app
    server_main.create_app = lambda *args, **kwargs: JsonSchemaShim(create_app(*args, **kwargs))
    server_main.main()


if __name__ == "__main__":
    main()
