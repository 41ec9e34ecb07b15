"""What the two Python SDK peers share: the validate_content rules and the
server around an SDK's Starlette app.

The rules reproduce server/src/validation.rs, the Rust reference server, so
the three targets can be compared answer for answer. The server runs the app
in the shape AgentCore's documentation gives an MCP server (the SDK is told
host 0.0.0.0, which turns its DNS-rebinding Host/Origin checks off, as on
AgentCore), while uvicorn binds 127.0.0.1 only, so all test traffic stays on
loopback.

Stdout carries exactly one line, flushed once the socket is listening:
    arc-peer ready on http://127.0.0.1:PORT/mcp
SIGTERM / SIGINT: graceful shutdown, exit status 0.
"""

import os
import signal
import sys
import unicodedata
from typing import Optional

import anyio
import uvicorn
from pydantic import BaseModel
from typing_extensions import NotRequired, TypedDict

def _flag(name: str) -> bool:
    return os.environ.get(name, "") in ("1", "true", "yes")


# Deployment mistakes a test can switch on, one environment variable each, so
# that `mcp-matrix doctor` can be shown each one (unset: AgentCore's shape):
#   PEER_DNS_REBINDING=1  tell the SDK host 127.0.0.1, which turns on its
#                         DNS-rebinding protection (421 for a foreign Host)
#   PEER_STATEFUL=1       stateless_http=False: sessions the platform cannot keep
#   PEER_PATH=/other      serve MCP at another path than AgentCore's /mcp
DNS_REBINDING = _flag("PEER_DNS_REBINDING")
STATELESS = not _flag("PEER_STATEFUL")

# What the SDK is told (AgentCore's shape: DNS-rebinding checks off) ...
SDK_HOST = "127.0.0.1" if DNS_REBINDING else "0.0.0.0"
# ... and where the socket really listens (loopback only).
BIND_HOST = "127.0.0.1"
PATH = os.environ.get("PEER_PATH") or "/mcp"

LOG_LEVEL = os.environ.get("PEER_LOG_LEVEL", "WARNING").upper()
JSON_RESPONSE = _flag("PEER_JSON_RESPONSE")


# ---------------------------------------------------------------------------
# validate_content rules (shared by fastmcp_v1.py and
# mcpserver_v2.py). They reproduce server/src/validation.rs, the Rust
# reference server, so the three targets can be compared answer for answer:
# the same findings in the same order (rule order, then term order), the same
# message texts, and spans as end-exclusive Unicode code point indices
# (Python str indices = Rust chars, not bytes).
# ---------------------------------------------------------------------------
TOOL_NAME = "validate_content"
DISCLAIMER_MARKER = "Disclaimer:"

# Rust's str::trim() and char::is_whitespace() use the Unicode White_Space
# property. Python's str.isspace()/str.strip() use a different set (they also
# count U+001C..U+001F as space), so the set is spelled out here.
_RUST_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


# Characters with Unicode's Grapheme_Extend property that are not combining
# marks (Mn/Me): Other_Grapheme_Extend, less what str.isprintable() already
# rejects. Rust's `{:?}` escapes every Grapheme_Extend character.
_OTHER_GRAPHEME_EXTEND = frozenset(
    "\u09be\u09d7\u0b3e\u0b57\u0bbe\u0bd7\u0cc0\u0cc2\u0cc7\u0cc8\u0cca\u0ccb\u0cd5\u0cd6"
    "\u0d3e\u0d57\u0dcf\u0ddf\u1715\u1734\u1b35\u1b3b\u1b3d\u1b43\u1b44\u1baa\u1bf2\u1bf3"
    "\u302e\u302f\ua953\ua9c0\uff9e\uff9f"
    "\U000111c0\U00011235\U0001133e\U0001134d\U00011357\U000114b0\U000114bd\U000115af"
    "\U000116b6\U00011930\U0001193d\U00016ff0\U00016ff1"
    "\U0001d165\U0001d166\U0001d16d\U0001d16e\U0001d16f\U0001d170\U0001d171\U0001d172"
)


def _quote(term: str) -> str:
    """Double-quote like Rust's `{:?}` does for a str (char::escape_debug).

    Besides the named escapes, Rust writes \\u{..} for characters that are not
    printable or that extend a grapheme (combining marks and the like).
    Checked against Rust 1.95 for every code point: the only differences come
    from the Unicode versions (Python 3.11 has 14.0; Rust knows characters
    added since, which Python takes for unassigned and so escapes).
    """
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
        elif (
            not ch.isprintable()
            or unicodedata.category(ch) in ("Mn", "Me")
            or ch in _OTHER_GRAPHEME_EXTEND
        ):
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _find_case_insensitive(haystack: str, needle: str) -> Optional[int]:
    """First index of `needle` in `haystack`, comparing characters by their
    lowercase forms one by one, as the Rust server does (`a == b ||
    a.to_lowercase() == b.to_lowercase()`; str.lower() also applies the full
    mappings, e.g. U+0130 -> "i\u0307"). re.IGNORECASE would differ: it uses
    simple case folding. Checked against Rust 1.95 for every code point; only
    characters added after Unicode 14.0 (Python 3.11's) differ."""
    width = len(needle)
    for start in range(len(haystack) - width + 1):
        if all(
            a == b or a.lower() == b.lower()
            for a, b in zip(haystack[start : start + width], needle)
        ):
            return start
    return None


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
    tool_error: type[Exception],
    content: str,
    max_length: Optional[int],
    forbidden_terms: Optional[list[str]],
    require_disclaimer: bool,
) -> ValidationResult:
    # Argument errors become a tool result with isError=true: the SDK's
    # ToolError, passed in as tool_error. The SDK prefixes the text with
    # "Error executing tool validate_content: ".
    if max_length is not None and max_length < 0:
        raise tool_error("max_length must be >= 0")
    terms = forbidden_terms or []
    for index, term in enumerate(terms):
        if term == "":
            # An empty term would match everywhere: rejected, as in Rust.
            raise tool_error(
                f"Invalid arguments for {TOOL_NAME}: forbidden_terms[{index}] is empty; "
                "every term must contain at least one character"
            )

    findings: list[Finding] = []
    if all(ch in _RUST_WHITESPACE for ch in content):  # also true for ""
        findings.append({"rule": "empty_content", "message": "content is empty or only whitespace"})
    if max_length is not None and len(content) > max_length:
        findings.append(
            {
                "rule": "max_length",
                "message": f"content has {len(content)} characters; the limit is {max_length}",
                "span": {"start": max_length, "end": len(content)},
            }
        )
    for term in terms:
        start = _find_case_insensitive(content, term)
        if start is not None:
            findings.append(
                {
                    "rule": "forbidden_term",
                    "message": f"content contains the forbidden term {_quote(term)}",
                    "span": {"start": start, "end": start + len(term)},
                }
            )
    if require_disclaimer and DISCLAIMER_MARKER not in content:
        findings.append(
            {"rule": "missing_disclaimer", "message": f"content must contain {_quote(DISCLAIMER_MARKER)}"}
        )
    return ValidationResult(valid=not findings, findings=findings)


# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------
def _port() -> int:
    raw = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000")
    return int(raw)


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
            sys.stdout.write(f"arc-peer ready on http://{BIND_HOST}:{port}{PATH}\n")
            sys.stdout.flush()


def serve(app) -> int:
    """Serves `app` (an SDK's Starlette app) on BIND_HOST at the port from
    argv[1] or PORT (0 picks a free one); returns the exit status."""
    port = _port()
    # uvicorn captures SIGTERM/SIGINT during serve(), shuts down gracefully, then
    # re-raises the signal against the handlers that were installed before it.
    # Make those only note the signal, so a signalled shutdown ends with exit status 0.
    signal.signal(signal.SIGTERM, _note_signal)
    signal.signal(signal.SIGINT, _note_signal)
    config = uvicorn.Config(
        app,
        host=BIND_HOST,  # loopback only, whatever the SDK was told
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
