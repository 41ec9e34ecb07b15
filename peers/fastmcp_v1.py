"""Reference MCP peer built on the official Python SDK 1.x (FastMCP).

Pinned by requirements-v1.txt (mcp==1.30.0). Stateless streamable HTTP on
http://127.0.0.1:PORT/mcp with one tool, ``validate_content``.

Usage:
    python fastmcp_v1.py [PORT]      # PORT also from env PORT, default 8000; 0 = pick a free port
Env:
    PORT              listening port (argv[1] wins over env)
    PEER_JSON_RESPONSE=1  answer POSTs with application/json instead of an SSE stream
    PEER_LOG_LEVEL    DEBUG/INFO/WARNING/ERROR (default WARNING); logs go to stderr only

Stdout carries exactly one line, printed once the socket is listening:
    arc-peer ready on http://127.0.0.1:PORT/mcp
SIGTERM / SIGINT: graceful shutdown, exit status 0.
"""

import logging
import os
import re
import signal
import sys
from typing import Optional

import anyio
import uvicorn
from pydantic import BaseModel
from typing_extensions import NotRequired, TypedDict

from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError

HOST = "127.0.0.1"
PATH = "/mcp"


# ---------------------------------------------------------------------------
# validate_content rules (kept byte-for-byte identical with mcpserver_v2.py)
# Lengths and spans are Python str indices, i.e. Unicode code points, end-exclusive.
# Message texts match server/src/validation.rs (the Rust reference server).
# ---------------------------------------------------------------------------
def _quote(term: str) -> str:
    """Double-quote like Rust's `{:?}` does for ordinary strings."""
    out = []
    for ch in term:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\0":
            out.append("\\0")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class Span(TypedDict):
    start: int
    end: int


class Finding(TypedDict):
    rule: str
    message: str
    span: NotRequired[Span]


class ValidationResult(BaseModel):
    valid: bool
    findings: list[Finding]


def run_rules(
    content: str,
    max_length: Optional[int],
    forbidden_terms: Optional[list[str]],
    require_disclaimer: bool,
) -> ValidationResult:
    if max_length is not None and max_length < 0:
        raise ToolError("max_length must be >= 0")  # -> CallToolResult isError=true
    findings: list[Finding] = []
    if content == "":
        findings.append({"rule": "empty_content", "message": "content is empty or only whitespace"})
    if max_length is not None and len(content) > max_length:
        findings.append(
            {
                "rule": "max_length",
                "message": f"content has {len(content)} characters; the limit is {max_length}",
                "span": {"start": max_length, "end": len(content)},
            }
        )
    for term in forbidden_terms or []:
        if term == "":
            continue  # an empty term matches nothing by definition
        m = re.search(re.escape(term), content, re.IGNORECASE)
        if m is not None:
            findings.append(
                {
                    "rule": "forbidden_term",
                    "message": f"content contains the forbidden term {_quote(term)}",
                    "span": {"start": m.start(), "end": m.end()},
                }
            )
    if require_disclaimer and "Disclaimer:" not in content:
        findings.append({"rule": "missing_disclaimer", "message": 'content must contain "Disclaimer:"'})
    return ValidationResult(valid=not findings, findings=findings)


# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------
def _port() -> int:
    raw = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000")
    return int(raw)


LOG_LEVEL = os.environ.get("PEER_LOG_LEVEL", "WARNING").upper()
JSON_RESPONSE = os.environ.get("PEER_JSON_RESPONSE", "") in ("1", "true", "yes")

mcp = FastMCP(
    "arc-peer-v1",
    host=HOST,
    streamable_http_path=PATH,
    stateless_http=True,
    json_response=JSON_RESPONSE,
    log_level=LOG_LEVEL,  # type: ignore[arg-type]
)


@mcp.tool(description="Validate text content against simple deterministic rules.")
def validate_content(
    content: str,
    max_length: Optional[int] = None,
    forbidden_terms: Optional[list[str]] = None,
    require_disclaimer: bool = False,
) -> ValidationResult:
    return run_rules(content, max_length, forbidden_terms, require_disclaimer)


_signalled_early = False


def _note_signal(*_: object) -> None:
    # Runs for a signal that arrives before uvicorn takes over the handlers, and
    # again when uvicorn re-raises the signal it handled after shutting down.
    global _signalled_early
    _signalled_early = True


class _ReadyServer(uvicorn.Server):
    async def startup(self, sockets=None) -> None:  # type: ignore[override]
        await super().startup(sockets=sockets)
        if _signalled_early:
            self.should_exit = True
        if self.started and not self.should_exit:
            port = self.servers[0].sockets[0].getsockname()[1]
            sys.stdout.write(f"arc-peer ready on http://{HOST}:{port}{PATH}\n")
            sys.stdout.flush()


def main() -> int:
    port = _port()
    # uvicorn captures SIGTERM/SIGINT during serve(), shuts down gracefully, then
    # re-raises the signal against the handlers that were installed before it.
    # Make those only note the signal, so a signalled shutdown ends with exit status 0.
    signal.signal(signal.SIGTERM, _note_signal)
    signal.signal(signal.SIGINT, _note_signal)
    config = uvicorn.Config(
        mcp.streamable_http_app(),  # FastMCP(host="127.0.0.1") => SDK enables Host/Origin (DNS-rebinding) checks
        host=HOST,
        port=port,
        log_level=LOG_LEVEL.lower(),
        access_log=False,  # nothing on stdout but the readiness line
        log_config={
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}},
            "loggers": {"uvicorn": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False}},
        },
        timeout_graceful_shutdown=2,
    )
    server = _ReadyServer(config)
    anyio.run(server.serve)
    return 0 if server.started else 1


if __name__ == "__main__":
    logging.getLogger("mcp").setLevel(LOG_LEVEL)
    sys.exit(main())
