"""Second SDK 2.x peer: a low-level ``Server`` whose tools/list is paginated.

Pinned by requirements-v2.txt (mcp==2.3.0). Stateless streamable HTTP at
http://127.0.0.1:PORT/mcp, the same transport shape as mcpserver_v2.py
(``streamable_http_app(host="0.0.0.0", stateless_http=True)``, so the SDK's
DNS-rebinding Host/Origin checks are off; uvicorn binds 127.0.0.1 only, see
arc_peer.py). MCPServer (formerly FastMCP) lists every tool in one page, so
this peer uses the SDK's low-level ``mcp.server.lowlevel.Server`` with
``on_list_tools`` / ``on_call_tool`` handlers: ``on_list_tools`` receives
``PaginatedRequestParams`` and reads ``params.cursor``. It is still the SDK
answering: the SDK owns the transport, the handshake (2025-06-18 and the
other initialize-era versions), ``server/discover`` and the per-request
envelope of 2026-07-28, the JSON-RPC envelopes and their error codes.

Surface (only the ``tools`` capability; no resources, prompts, completions):
    tools/list  5 tools, PAGE_SIZE = 2 per page, in this order:
                  page 1: echo, add        page 2: word_count, append_note
                  page 3: delete_note      (the last page has no nextCursor)
                Cursors are opaque (base64url text); a cursor this server did
                not hand out is answered with JSON-RPC error -32602.
    echo(text: str)                  readOnlyHint=True; text content
    add(a: int, b: int)              readOnlyHint=True; outputSchema
                                     {"sum": integer}, structuredContent
                                     {"sum": a+b} plus the same JSON as text
    word_count(text: str)            no annotations at all
    append_note(text: str)           readOnlyHint=False, destructiveHint=False
    delete_note(note_id: str)        readOnlyHint=False, destructiveHint=True
Arguments are validated (strictly: "5" is not an integer) against each
tool's pydantic model, the source of its inputSchema. A missing, extra or
wrong-typed argument is a tool execution error (result with isError=true),
as the spec asks for input validation errors; an unknown tool is a protocol
error, JSON-RPC -32602. Notes live in process memory; every answer depends
only on the request (no network, no clock).

Usage:
    python paged_v2.py [PORT]      # PORT also from env PORT, default 8000; 0 = pick a free port
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

import base64
import binascii
import json
import logging
import sys
from dataclasses import dataclass
from typing import Any, Callable, Optional

import mcp_types as types
from arc_peer import JSON_RESPONSE, LOG_LEVEL, PATH, SDK_HOST, STATELESS, serve
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from pydantic import BaseModel, ConfigDict, ValidationError

PAGE_SIZE = 2
_CURSOR_PREFIX = "paged-v2/tools/offset="


# ---------------------------------------------------------------------------
# tools: argument models (the inputSchema and the validator in one), handlers
# ---------------------------------------------------------------------------
class _Args(BaseModel):
    # strict: JSON "5" is not an integer; forbid: additionalProperties false.
    model_config = ConfigDict(strict=True, extra="forbid")


class EchoArgs(_Args):
    text: str


class AddArgs(_Args):
    a: int
    b: int


class WordCountArgs(_Args):
    text: str


class AppendNoteArgs(_Args):
    text: str


class DeleteNoteArgs(_Args):
    note_id: str


# The side effects of append_note / delete_note (lost on restart).
NOTES: dict[str, str] = {}


def _note_id(text: str) -> str:
    # Derived from the text, so the answer depends on the arguments only.
    return "note-" + format(sum((i + 1) * ord(ch) for i, ch in enumerate(text)) % 1_000_000, "06d")


def _text(text: str) -> list[types.ContentBlock]:
    return [types.TextContent(type="text", text=text)]


def _echo(args: EchoArgs) -> types.CallToolResult:
    return types.CallToolResult(content=_text(args.text))


def _add(args: AddArgs) -> types.CallToolResult:
    structured = {"sum": args.a + args.b}
    return types.CallToolResult(content=_text(json.dumps(structured)), structured_content=structured)


def _word_count(args: WordCountArgs) -> types.CallToolResult:
    return types.CallToolResult(content=_text(str(len(args.text.split()))))


def _append_note(args: AppendNoteArgs) -> types.CallToolResult:
    note_id = _note_id(args.text)
    NOTES[note_id] = args.text
    return types.CallToolResult(content=_text(f"stored {note_id}"))


def _delete_note(args: DeleteNoteArgs) -> types.CallToolResult:
    NOTES.pop(args.note_id, None)  # deleting twice is not an error: same answer
    return types.CallToolResult(content=_text(f"deleted {args.note_id}"))


@dataclass(frozen=True)
class _ToolDef:
    tool: types.Tool
    args: type[_Args]
    run: Callable[[Any], types.CallToolResult]


def _tool(
    name: str,
    description: str,
    args: type[_Args],
    run: Callable[[Any], types.CallToolResult],
    annotations: Optional[types.ToolAnnotations] = None,
    output_schema: Optional[dict[str, Any]] = None,
) -> _ToolDef:
    tool = types.Tool(
        name=name,
        description=description,
        input_schema=args.model_json_schema(),
        output_schema=output_schema,
        annotations=annotations,
    )
    return _ToolDef(tool, args, run)


TOOLS: list[_ToolDef] = [
    _tool(
        "echo",
        "Return the text unchanged.",
        EchoArgs,
        _echo,
        annotations=types.ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False),
    ),
    _tool(
        "add",
        "Add two integers; the sum also comes as structured content.",
        AddArgs,
        _add,
        annotations=types.ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False),
        output_schema={
            "type": "object",
            "properties": {"sum": {"type": "integer"}},
            "required": ["sum"],
            "additionalProperties": False,
        },
    ),
    # Deliberately no annotations: a "safe calls only" policy must leave it out.
    _tool("word_count", "Count the whitespace-separated words of a text.", WordCountArgs, _word_count),
    _tool(
        "append_note",
        "Store a note in server memory (additive change).",
        AppendNoteArgs,
        _append_note,
        annotations=types.ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False),
    ),
    _tool(
        "delete_note",
        "Delete a stored note (destructive change).",
        DeleteNoteArgs,
        _delete_note,
        annotations=types.ToolAnnotations(
            read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
        ),
    ),
]
_BY_NAME = {d.tool.name: d for d in TOOLS}


# ---------------------------------------------------------------------------
# pagination
# ---------------------------------------------------------------------------
def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    """The offset a cursor from _encode_cursor stands for; MCPError -32602 otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    digits = raw[len(_CURSOR_PREFIX) :] if raw.startswith(_CURSOR_PREFIX) else ""
    if digits.isascii() and digits.isdigit():
        offset = int(digits)
        if 0 < offset < len(TOOLS) and offset % PAGE_SIZE == 0 and _encode_cursor(offset) == cursor:
            return offset
    raise MCPError(code=types.INVALID_PARAMS, message="Invalid cursor", data={"cursor": cursor})


async def list_tools(
    ctx: ServerRequestContext[Any], params: Optional[types.PaginatedRequestParams]
) -> types.ListToolsResult:
    cursor = params.cursor if params is not None else None
    offset = 0 if cursor is None else _decode_cursor(cursor)
    end = offset + PAGE_SIZE
    return types.ListToolsResult(
        tools=[d.tool for d in TOOLS[offset:end]],
        next_cursor=_encode_cursor(end) if end < len(TOOLS) else None,
    )


async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult:
    definition = _BY_NAME.get(params.name)
    if definition is None:
        raise MCPError(code=types.INVALID_PARAMS, message=f"Unknown tool: {params.name}", data={"name": params.name})
    try:
        args = definition.args.model_validate(params.arguments or {})
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or '(arguments)'}: {e['msg']}" for e in err.errors()
        )
        return types.CallToolResult(content=_text(f"Invalid arguments for tool {params.name}: {problems}"), is_error=True)
    return definition.run(args)


server = Server(
    "paged-peer-v2",
    version="1.0.0",
    instructions="Five small tools, listed two per page.",
    on_list_tools=list_tools,
    on_call_tool=call_tool,
)


if __name__ == "__main__":
    logging.getLogger("mcp").setLevel(LOG_LEVEL)
    logging.basicConfig(level=LOG_LEVEL, stream=sys.stderr)
    app = server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=STATELESS,
        json_response=JSON_RESPONSE,
        host=SDK_HOST,  # "0.0.0.0" => no Host/Origin (DNS-rebinding) checks, as on AgentCore
    )
    sys.exit(serve(app))
