"""Reference MCP peer built on the official Python SDK 1.x (FastMCP).

Pinned by requirements-v1.txt (mcp==1.30.0). Stateless streamable HTTP at
http://127.0.0.1:PORT/mcp with one tool, ``validate_content``, whose rules
and messages are those of the Rust reference server (server/src/validation.rs).

Server shape: the one AWS documents for MCP servers on Amazon Bedrock
AgentCore Runtime, ``FastMCP(host="0.0.0.0", stateless_http=True)``. The
``host`` given to the SDK decides more than the listening address: for
127.0.0.1, localhost or ::1 the SDK switches on its DNS-rebinding protection
(only Host ``127.0.0.1:*``/``localhost:*``/``[::1]:*`` and matching Origins
pass; anything else gets 421/403). AgentCore forwards requests with its own
Host header, so a server deployed there runs with host="0.0.0.0" and these
checks off, and so does this peer. The socket, however, is bound by uvicorn
to 127.0.0.1 only (BIND_HOST below): all test traffic stays on loopback and
nothing is reachable from other machines.

Usage:
    python fastmcp_v1.py [PORT]      # PORT also from env PORT, default 8000; 0 = pick a free port
Env:
    PORT              listening port (argv[1] wins over env)
    PEER_JSON_RESPONSE=1  answer POSTs with application/json instead of an SSE stream
    PEER_LOG_LEVEL    DEBUG/INFO/WARNING/ERROR (default WARNING); logs go to stderr only
    PEER_DNS_REBINDING=1, PEER_STATEFUL=1, PEER_PATH=/other
                      deployment mistakes, for `mcp-matrix doctor`'s tests (see arc_peer.py)

Stdout carries exactly one line, flushed once the socket is listening:
    arc-peer ready on http://127.0.0.1:PORT/mcp
SIGTERM / SIGINT: graceful shutdown, exit status 0.
"""

import logging
import sys
from typing import Optional

from arc_peer import (
    JSON_RESPONSE,
    LOG_LEVEL,
    PATH,
    SDK_HOST,
    STATELESS,
    ValidationResult,
    run_rules,
    serve,
)
from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError

mcp = FastMCP(
    "arc-peer-v1",
    host=SDK_HOST,  # AgentCore's shape; uvicorn still binds 127.0.0.1 (see arc_peer)
    streamable_http_path=PATH,
    stateless_http=STATELESS,
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
    return run_rules(ToolError, content, max_length, forbidden_terms, require_disclaimer)


if __name__ == "__main__":
    logging.getLogger("mcp").setLevel(LOG_LEVEL)
    # FastMCP(host="0.0.0.0") => no Host/Origin (DNS-rebinding) checks, as on AgentCore.
    sys.exit(serve(mcp.streamable_http_app()))
