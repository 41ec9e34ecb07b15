#!/usr/bin/env python3
"""Measure the real HTTP behaviour of the two reference peers with curl.

Stdlib only; runs under any python3. Starts each peer on a free loopback
port, fires every case below with curl, writes MEASURED.md (compact tables)
and measured_raw.json (full status/headers/body per case) next to this file.

    python3 measure.py            # venvs default to /tmp/peers-venv1 and /tmp/peers-venv2
    PEER_V1_PYTHON=... PEER_V2_PYTHON=... python3 measure.py
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCEPT_BOTH = "application/json, text/event-stream"
CURL_MAX_TIME = 4  # seconds; GET streams that stay open end in curl exit 28

PEERS = {
    "v1": (os.environ.get("PEER_V1_PYTHON", "/tmp/peers-venv1/bin/python"), HERE / "fastmcp_v1.py"),
    "v2": (os.environ.get("PEER_V2_PYTHON", "/tmp/peers-venv2/bin/python"), HERE / "mcpserver_v2.py"),
}

ENV_META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": {"name": "curl", "version": "0"},
}


def rpc(method: str, params=None, id_=1) -> str:
    msg: dict = {"jsonrpc": "2.0", "id": id_, "method": method}
    if params is not None:
        msg["params"] = params
    return json.dumps(msg, separators=(",", ":"))


def init(version: str) -> str:
    return rpc(
        "initialize",
        {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "curl", "version": "0"}},
    )


def call(args: dict, name: str = "validate_content") -> str:
    return rpc("tools/call", {"name": name, "arguments": args})


PV = "2025-11-25"  # MCP-Protocol-Version sent by default on post-initialize requests
TL = rpc("tools/list")
VALID_ARGS = {
    "content": "Hello BAD world",
    "max_length": 5,
    "forbidden_terms": ["bad", "zzz"],
    "require_disclaimer": True,
}

# Each case: (key, description, http_method, header overrides, body).
# Header overrides: value None removes the header. Defaults: Accept both, Content-Type json.
CASES: list[tuple[str, str, str, dict, str | None]] = [
    # --- initialize (no MCP-Protocol-Version header, as before negotiation)
    ("init-2024-11-05", "initialize protocolVersion 2024-11-05", "POST", {}, init("2024-11-05")),
    ("init-2025-03-26", "initialize protocolVersion 2025-03-26", "POST", {}, init("2025-03-26")),
    ("init-2025-06-18", "initialize protocolVersion 2025-06-18", "POST", {}, init("2025-06-18")),
    ("init-2025-11-25", "initialize protocolVersion 2025-11-25", "POST", {}, init("2025-11-25")),
    ("init-2026-07-28", "initialize protocolVersion 2026-07-28", "POST", {}, init("2026-07-28")),
    ("init-1999-01-01", "initialize protocolVersion 1999-01-01", "POST", {}, init("1999-01-01")),
    ("init-2026-hdr", "initialize 2026-07-28 + header MCP-Protocol-Version 2026-07-28", "POST",
     {"MCP-Protocol-Version": "2026-07-28"}, init("2026-07-28")),
    ("init-hdr-mismatch", "initialize body 2025-03-26, header MCP-Protocol-Version 2025-06-18", "POST",
     {"MCP-Protocol-Version": "2025-06-18"}, init("2025-03-26")),
    # --- post-initialize methods (header MCP-Protocol-Version: 2025-11-25)
    ("initialized", "notifications/initialized", "POST", {"MCP-Protocol-Version": PV},
     json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})),
    ("ping", "ping", "POST", {"MCP-Protocol-Version": PV}, rpc("ping")),
    ("tools-list", "tools/list", "POST", {"MCP-Protocol-Version": PV}, TL),
    ("call-valid", "tools/call validate_content (valid args, findings expected)", "POST",
     {"MCP-Protocol-Version": PV}, call(VALID_ARGS)),
    ("call-clean", "tools/call validate_content content='ok' (no findings)", "POST",
     {"MCP-Protocol-Version": PV}, call({"content": "ok"})),
    ("call-empty", "tools/call content='' require_disclaimer", "POST",
     {"MCP-Protocol-Version": PV}, call({"content": "", "require_disclaimer": True})),
    ("call-neg-max", "tools/call max_length -1", "POST", {"MCP-Protocol-Version": PV},
     call({"content": "abc", "max_length": -1})),
    ("call-unicode", "tools/call content='Ärger BAD 😀 ok' max_length 3, forbidden ['bad','😀'] (spans are code points)",
     "POST", {"MCP-Protocol-Version": PV},
     call({"content": "Ärger BAD 😀 ok", "max_length": 3, "forbidden_terms": ["bad", "😀"]})),
    ("call-whitespace", "tools/call content='  ' forbidden_terms ['', 'X'] (whitespace-only, empty term)", "POST",
     {"MCP-Protocol-Version": PV}, call({"content": "  ", "forbidden_terms": ["", "X"]})),
    ("call-extra-arg", "tools/call with unknown extra argument max_len: 1", "POST",
     {"MCP-Protocol-Version": PV}, call({"content": "abc", "max_len": 1})),
    ("call-wrong-type", "tools/call content: 5", "POST", {"MCP-Protocol-Version": PV}, call({"content": 5})),
    ("call-missing", "tools/call without content", "POST", {"MCP-Protocol-Version": PV}, call({})),
    ("call-unknown-tool", "tools/call unknown tool 'nope'", "POST", {"MCP-Protocol-Version": PV},
     call({"content": "x"}, name="nope")),
    ("server-discover", "server/discover", "POST", {"MCP-Protocol-Version": PV}, rpc("server/discover")),
    ("unknown-method", "foo/bar", "POST", {"MCP-Protocol-Version": PV}, rpc("foo/bar")),
    ("id-string", "tools/list with id \"abc\"", "POST", {"MCP-Protocol-Version": PV}, rpc("tools/list", id_="abc")),
    ("id-null", "tools/list with id null", "POST", {"MCP-Protocol-Version": PV}, rpc("tools/list", id_=None)),
    ("not-json", "body 'not json'", "POST", {"MCP-Protocol-Version": PV}, "not json"),
    ("hello", 'body {"hello":1}', "POST", {"MCP-Protocol-Version": PV}, '{"hello":1}'),
    ("batch", "batch [ping id 1, tools/list id 2]", "POST", {"MCP-Protocol-Version": PV},
     "[" + rpc("ping", id_=1) + "," + rpc("tools/list", id_=2) + "]"),
    ("response-obj", 'JSON-RPC response {"jsonrpc":"2.0","id":7,"result":{}}', "POST",
     {"MCP-Protocol-Version": PV}, '{"jsonrpc":"2.0","id":7,"result":{}}'),
    ("get-sse", "GET /mcp Accept: text/event-stream", "GET",
     {"Accept": "text/event-stream", "Content-Type": None, "MCP-Protocol-Version": PV}, None),
    ("delete", "DELETE /mcp", "DELETE", {"Content-Type": None, "MCP-Protocol-Version": PV}, None),
    ("path-slash", "POST /mcp/ (trailing slash) tools/list", "POST", {"MCP-Protocol-Version": PV, "_path": "/mcp/"}, TL),
    ("path-other", "POST /other tools/list", "POST", {"MCP-Protocol-Version": PV, "_path": "/other"}, TL),
    ("put", "PUT /mcp tools/list", "PUT", {"MCP-Protocol-Version": PV}, TL),
    # --- same methods without any MCP-Protocol-Version header
    ("ping-nohdr", "ping, no MCP-Protocol-Version", "POST", {}, rpc("ping")),
    ("call-valid-nohdr", "tools/call valid, no MCP-Protocol-Version", "POST", {}, call(VALID_ARGS)),
    ("server-discover-nohdr", "server/discover, no MCP-Protocol-Version", "POST", {}, rpc("server/discover")),
    ("unknown-method-nohdr", "foo/bar, no MCP-Protocol-Version", "POST", {}, rpc("foo/bar")),
    ("not-json-nohdr", "'not json', no MCP-Protocol-Version", "POST", {}, "not json"),
    ("batch-nohdr", "batch, no MCP-Protocol-Version", "POST", {},
     "[" + rpc("ping", id_=1) + "," + rpc("tools/list", id_=2) + "]"),
    ("get-sse-nohdr", "GET /mcp, no MCP-Protocol-Version", "GET",
     {"Accept": "text/event-stream", "Content-Type": None}, None),
    ("delete-nohdr", "DELETE /mcp, no MCP-Protocol-Version", "DELETE", {"Content-Type": None}, None),
    # --- header variations on tools/list (baseline: Accept both, CT json, MCP-Protocol-Version 2025-11-25)
    ("acc-missing", "tools/list Accept header absent", "POST", {"Accept": None, "MCP-Protocol-Version": PV}, TL),
    ("acc-json", "tools/list Accept: application/json", "POST",
     {"Accept": "application/json", "MCP-Protocol-Version": PV}, TL),
    ("acc-sse", "tools/list Accept: text/event-stream", "POST",
     {"Accept": "text/event-stream", "MCP-Protocol-Version": PV}, TL),
    ("acc-star", "tools/list Accept: */*", "POST", {"Accept": "*/*", "MCP-Protocol-Version": PV}, TL),
    ("acc-q", "tools/list Accept: application/json;q=0.9, text/event-stream;q=0.5", "POST",
     {"Accept": "application/json;q=0.9, text/event-stream;q=0.5", "MCP-Protocol-Version": PV}, TL),
    ("ct-missing", "tools/list Content-Type absent", "POST", {"Content-Type": None, "MCP-Protocol-Version": PV}, TL),
    ("ct-text", "tools/list Content-Type: text/plain", "POST",
     {"Content-Type": "text/plain", "MCP-Protocol-Version": PV}, TL),
    ("ct-charset", "tools/list Content-Type: application/json; charset=utf-8", "POST",
     {"Content-Type": "application/json; charset=utf-8", "MCP-Protocol-Version": PV}, TL),
    ("pv-missing", "tools/list MCP-Protocol-Version absent", "POST", {}, TL),
    ("pv-2025-06-18", "tools/list MCP-Protocol-Version: 2025-06-18", "POST", {"MCP-Protocol-Version": "2025-06-18"}, TL),
    ("pv-garbage", "tools/list MCP-Protocol-Version: garbage", "POST", {"MCP-Protocol-Version": "garbage"}, TL),
    ("pv-1999", "tools/list MCP-Protocol-Version: 1999-01-01", "POST", {"MCP-Protocol-Version": "1999-01-01"}, TL),
    ("pv-2026-plain", "tools/list MCP-Protocol-Version: 2026-07-28, no _meta envelope", "POST",
     {"MCP-Protocol-Version": "2026-07-28"}, TL),
    ("sid", "tools/list Mcp-Session-Id: random-platform-id-123", "POST",
     {"Mcp-Session-Id": "random-platform-id-123", "MCP-Protocol-Version": PV}, TL),
    ("host-evil", "tools/list Host: evil.example.com", "POST",
     {"Host": "evil.example.com", "MCP-Protocol-Version": PV}, TL),
    ("host-noport", "tools/list Host: 127.0.0.1 (no port)", "POST",
     {"Host": "127.0.0.1", "MCP-Protocol-Version": PV}, TL),
    ("host-localhost", "tools/list Host: localhost:PORT", "POST",
     {"Host": "localhost:{port}", "MCP-Protocol-Version": PV}, TL),
    ("origin-evil", "tools/list Origin: https://evil.example.com", "POST",
     {"Origin": "https://evil.example.com", "MCP-Protocol-Version": PV}, TL),
    ("origin-local", "tools/list Origin: http://127.0.0.1:PORT", "POST",
     {"Origin": "http://127.0.0.1:{port}", "MCP-Protocol-Version": PV}, TL),
    # --- 2026-07-28 per-request _meta envelope
    ("m26-list", "tools/list _meta envelope 2026-07-28, headers MCP-Protocol-Version 2026-07-28 + Mcp-Method", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}, rpc("tools/list", {"_meta": ENV_META})),
    ("m26-list-nomethodhdr", "tools/list _meta envelope + MCP-Protocol-Version 2026-07-28, no Mcp-Method", "POST",
     {"MCP-Protocol-Version": "2026-07-28"}, rpc("tools/list", {"_meta": ENV_META})),
    ("m26-list-pv2025", "tools/list _meta envelope 2026-07-28 but header MCP-Protocol-Version 2025-06-18", "POST",
     {"MCP-Protocol-Version": "2025-06-18", "Mcp-Method": "tools/list"}, rpc("tools/list", {"_meta": ENV_META})),
    ("m26-list-nopv", "tools/list _meta envelope 2026-07-28, no MCP-Protocol-Version header", "POST",
     {"Mcp-Method": "tools/list"}, rpc("tools/list", {"_meta": ENV_META})),
    ("m26-env-1999", "tools/list envelope+header version 1999-01-01 (unsupported modern version)", "POST",
     {"MCP-Protocol-Version": "1999-01-01", "Mcp-Method": "tools/list"},
     rpc("tools/list", {"_meta": dict(ENV_META, **{"io.modelcontextprotocol/protocolVersion": "1999-01-01"})})),
    ("m26-call", "tools/call envelope 2026-07-28 + Mcp-Method + Mcp-Name", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "validate_content"},
     rpc("tools/call", {"name": "validate_content", "arguments": VALID_ARGS, "_meta": ENV_META})),
    ("m26-call-nonamehdr", "tools/call envelope 2026-07-28 + Mcp-Method, no Mcp-Name", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call"},
     rpc("tools/call", {"name": "validate_content", "arguments": VALID_ARGS, "_meta": ENV_META})),
    ("m26-call-wrongtype", "tools/call envelope 2026-07-28, content: 5", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "validate_content"},
     rpc("tools/call", {"name": "validate_content", "arguments": {"content": 5}, "_meta": ENV_META})),
    ("m26-call-unknown", "tools/call envelope 2026-07-28, unknown tool 'nope'", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "nope"},
     rpc("tools/call", {"name": "nope", "arguments": {}, "_meta": ENV_META})),
    ("m26-discover", "server/discover envelope 2026-07-28 + headers", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "server/discover"},
     rpc("server/discover", {"_meta": ENV_META})),
    ("m26-ping", "ping envelope 2026-07-28 + headers", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "ping"}, rpc("ping", {"_meta": ENV_META})),
    ("m26-unknown", "foo/bar envelope 2026-07-28 + headers", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "foo/bar"}, rpc("foo/bar", {"_meta": ENV_META})),
    ("m26-notjson", "'not json' with MCP-Protocol-Version 2026-07-28", "POST",
     {"MCP-Protocol-Version": "2026-07-28"}, "not json"),
    ("m26-notif", "notifications/initialized with MCP-Protocol-Version 2026-07-28", "POST",
     {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "notifications/initialized"},
     json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})),
    ("m26-acc-json", "m26-list with Accept: application/json only", "POST",
     {"Accept": "application/json", "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"},
     rpc("tools/list", {"_meta": ENV_META})),
    ("m26-get", "GET /mcp with MCP-Protocol-Version 2026-07-28", "GET",
     {"Accept": "text/event-stream", "Content-Type": None, "MCP-Protocol-Version": "2026-07-28"}, None),
    ("m26-host-evil", "m26-list with Host: evil.example.com", "POST",
     {"Host": "evil.example.com", "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"},
     rpc("tools/list", {"_meta": ENV_META})),
]


# ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Peer:
    def __init__(self, key: str, extra_env: dict | None = None):
        self.key = key
        py, script = PEERS[key]
        self.port = free_port()
        env = dict(os.environ, PORT=str(self.port), **(extra_env or {}))
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [py, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        self.stderr: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        self.ready_s = time.monotonic() - t0
        self.ready_line = line.rstrip("\n")
        if "ready on" not in line:
            raise RuntimeError(f"{key}: no readiness line: {line!r} stderr={self.stderr}")
        self.url = f"http://127.0.0.1:{self.port}/mcp"

    def _drain(self) -> None:
        for line in self.proc.stderr:  # type: ignore[union-attr]
            self.stderr.append(line.rstrip("\n"))

    def stop(self) -> tuple[int, float, str]:
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        rest = self.proc.stdout.read()  # type: ignore[union-attr]
        return rc, time.monotonic() - t0, rest


def run_curl(url: str, port: int, method: str, overrides: dict, body: str | None) -> dict:
    headers = {"Accept": ACCEPT_BOTH, "Content-Type": "application/json"}
    overrides = dict(overrides)
    path = overrides.pop("_path", None)
    if path is not None:
        url = url.rsplit("/mcp", 1)[0] + path
    for k, v in overrides.items():
        # case-insensitive override
        for existing in list(headers):
            if existing.lower() == k.lower():
                del headers[existing]
        headers[k] = v
    argv = ["curl", "-sS", "-i", "--max-time", str(CURL_MAX_TIME), "-X", method, url]
    sent = {}
    for k, v in headers.items():
        if v is None:
            argv += ["-H", f"{k}:"]  # curl: remove the header (incl. its own default Accept)
        else:
            v = v.replace("{port}", str(port))
            sent[k] = v
            argv += ["-H", f"{k}: {v}"]
    if body is not None:
        argv += ["--data-binary", body]
    t0 = time.monotonic()
    p = subprocess.run(argv, capture_output=True)
    elapsed = time.monotonic() - t0
    raw = p.stdout.decode("utf-8", "replace")
    return {"sent_headers": sent, "body_sent": body, "curl_rc": p.returncode, "curl_err": p.stderr.decode().strip(),
            "elapsed_s": round(elapsed, 3), **parse_http(raw)}


def parse_http(raw: str) -> dict:
    head, sep, body = raw.partition("\r\n\r\n")
    if not sep:
        return {"status": None, "headers": {}, "body": raw}
    lines = head.split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else None
    hdrs: dict[str, str] = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return {"status": status, "headers": hdrs, "body": body}


def jsonrpc_messages(ct: str, body: str) -> list:
    out = []
    if "text/event-stream" in ct:
        for ev in body.replace("\r\n", "\n").split("\n\n"):
            data = "\n".join(ln[5:].lstrip(" ") for ln in ev.split("\n") if ln.startswith("data:"))
            if data.strip():
                try:
                    out.append(json.loads(data))
                except ValueError:
                    out.append({"_unparsed": data})
    elif body.strip():
        try:
            v = json.loads(body)
            out.extend(v if isinstance(v, list) else [v])
        except ValueError:
            pass
    return out


def summarize(msg) -> str:
    if not isinstance(msg, dict):
        return f"non-object {json.dumps(msg)[:60]}"
    if "_unparsed" in msg:
        return "unparsed SSE data"
    rid = json.dumps(msg.get("id")) if "id" in msg else "(no id)"
    if "error" in msg:
        e = msg["error"]
        s = f"id={rid} error {e.get('code')} {e.get('message')!r}"
        if "data" in e:
            s += f" data={json.dumps(e['data'])[:120]}"
        return s
    if "result" in msg:
        r = msg["result"]
        if isinstance(r, dict):
            keys = ",".join(r.keys())
            extra = ""
            if "protocolVersion" in r:
                extra = f" protocolVersion={r['protocolVersion']}"
            if "isError" in r:
                extra += f" isError={r['isError']}"
                if r.get("isError") and r.get("content"):
                    extra += f" text={r['content'][0].get('text', '')[:140]!r}"
            if "structuredContent" in r:
                extra += f" structured.valid={r['structuredContent'].get('valid')}"
            return f"id={rid} result{{{keys}}}{extra}"
        return f"id={rid} result={json.dumps(r)[:80]}"
    if "method" in msg:
        return f"notification/request {msg['method']}"
    return json.dumps(msg)[:100]


def md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "\\n").replace("\r", "\\r")


def measure_peer(key: str) -> dict:
    startups = []
    for _ in range(3):
        p = Peer(key)
        startups.append(round(p.ready_s, 3))
        rc, dt, _ = p.stop()
    peer = Peer(key)
    results = {}
    for ck, desc, method, overrides, body in CASES:
        r = run_curl(peer.url, peer.port, method, overrides, body)
        ct = r["headers"].get("content-type", "")
        r["messages"] = jsonrpc_messages(ct, r["body"])
        r["summary"] = "; ".join(summarize(m) for m in r["messages"]) or ""
        results[ck] = r
    # SIGTERM with an open GET stream (if the server keeps one)
    holder = subprocess.Popen(
        ["curl", "-sS", "-N", "--max-time", "20", "-H", "Accept: text/event-stream", "-H",
         f"MCP-Protocol-Version: {PV}", peer.url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    rc_open, dt_open, stdout_rest = peer.stop()
    holder.wait()
    # json_response mode subset
    jpeer = Peer(key, {"PEER_JSON_RESPONSE": "1"})
    jresults = {}
    for ck, desc, method, overrides, body in CASES:
        if ck not in {"init-2025-11-25", "tools-list", "call-valid", "call-wrong-type", "unknown-method",
                      "not-json", "batch", "acc-json", "acc-sse", "initialized", "get-sse", "m26-list",
                      "m26-acc-json", "m26-call"}:
            continue
        r = run_curl(jpeer.url, jpeer.port, method, overrides, body)
        ct = r["headers"].get("content-type", "")
        r["messages"] = jsonrpc_messages(ct, r["body"])
        r["summary"] = "; ".join(summarize(m) for m in r["messages"]) or ""
        jresults[ck] = r
    jrc, jdt, _ = jpeer.stop()
    return {
        "python": PEERS[key][0],
        "ready_line_example": peer.ready_line,
        "startup_s": startups,
        "sigterm_idle": {"rc": rc, "seconds": round(dt, 3)},
        "sigterm_with_open_get": {"rc": rc_open, "seconds": round(dt_open, 3), "stdout_after_ready": stdout_rest},
        "sigterm_json_mode": {"rc": jrc, "seconds": round(jdt, 3)},
        "stderr_tail": peer.stderr[-30:],
        "results": results,
        "json_mode_results": jresults,
    }


def sdk_version(key: str) -> str:
    py = PEERS[key][0]
    out = subprocess.run([py, "-c", "import importlib.metadata as m; print(m.version('mcp'))"],
                         capture_output=True, text=True)
    return out.stdout.strip()


MARKER = "<!-- everything below this line is generated by measure.py -->"
JSON_MODE_NOTE = "PEER_JSON_RESPONSE=1 (json_response=True)"


def short_ct(r: dict) -> str:
    return r["headers"].get("content-type", "—")


def status_of(r: dict) -> str:
    if r["status"] is None:
        return f"no response (curl rc {r['curl_rc']})"
    s = str(r["status"])
    if r["curl_rc"] == 28:
        s += " stream held open (curl timeout)"
    elif r["curl_rc"]:
        s += f" (curl rc {r['curl_rc']})"
    return s


def trunc(body: str, n: int = 200) -> str:
    body = body.strip()
    return body[:n] + ("…" if len(body) > n else "")


def render(data: dict) -> str:
    cases = data["cases"]
    peers = data["peers"]
    L: list[str] = [MARKER, "", "## Generated results", ""]
    L.append("| | v1 | v2 |")
    L.append("|---|---|---|")
    L.append(f"| mcp version | {peers['v1']['mcp_version']} | {peers['v2']['mcp_version']} |")
    L.append(f"| readiness line | `{peers['v1']['ready_line_example']}` | `{peers['v2']['ready_line_example']}` |")
    L.append(f"| spawn → readiness line (s, 3 runs) | {peers['v1']['startup_s']} | {peers['v2']['startup_s']} |")
    for k, label in (("sigterm_idle", "SIGTERM idle: exit code / seconds"),
                     ("sigterm_with_open_get", "SIGTERM with an open GET SSE stream"),
                     ("sigterm_json_mode", "SIGTERM, " + JSON_MODE_NOTE)):
        L.append(f"| {label} | {peers['v1'][k]['rc']} / {peers['v1'][k]['seconds']} | "
                 f"{peers['v2'][k]['rc']} / {peers['v2'][k]['seconds']} |")
    L += ["", "### Requests", "",
          "Defaults: `Accept: application/json, text/event-stream`, `Content-Type: application/json`, POST to "
          "`/mcp`. The column *headers* lists changes (`-` = header removed). JSON bodies are compact (no spaces).",
          "`ENV` below = `{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
          "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"curl\",\"version\":\"0\"}}`.", "",
          "| case | what | HTTP | headers | body |", "|---|---|---|---|---|"]
    env_json = json.dumps(ENV_META, separators=(",", ":"))
    for c in cases:
        hd = ", ".join(f"-{k}" if v is None else f"{k}: {v}" for k, v in c["header_overrides"].items())
        body = c["body"] if c["body"] is not None else "(none)"
        body = body.replace(env_json, "ENV")
        L.append(f"| {c['key']} | {md_escape(c['desc'])} | {c['method']} | {md_escape(hd)} | `{md_escape(trunc(body, 160))}` |")
    L += ["", "### Side by side (status · content-type · JSON-RPC summary)", "",
          "| case | v1 status | v1 content-type | v1 summary | v2 status | v2 content-type | v2 summary |",
          "|---|---|---|---|---|---|---|"]
    for c in cases:
        a, b = peers["v1"]["results"][c["key"]], peers["v2"]["results"][c["key"]]
        L.append(f"| {c['key']} | {status_of(a)} | {md_escape(short_ct(a))} | {md_escape(a['summary'][:260])} | "
                 f"{status_of(b)} | {md_escape(short_ct(b))} | {md_escape(b['summary'][:260])} |")
    for v in ("v1", "v2"):
        L += ["", f"### {v} bodies (truncated to 200 chars; full text in measured_raw.json)", "",
              "| case | body |", "|---|---|"]
        for c in cases:
            r = peers[v]["results"][c["key"]]
            b = trunc(r["body"])
            L.append(f"| {c['key']} | " + (f"`{md_escape(b)}`" if b else "(empty)") + " |")
    L += ["", f"### {JSON_MODE_NOTE} subset", "",
          "| case | v1 status | v1 content-type | v1 summary | v2 status | v2 content-type | v2 summary |",
          "|---|---|---|---|---|---|---|"]
    for c in cases:
        if c["key"] not in peers["v1"]["json_mode_results"]:
            continue
        a, b = peers["v1"]["json_mode_results"][c["key"]], peers["v2"]["json_mode_results"][c["key"]]
        L.append(f"| {c['key']} | {status_of(a)} | {md_escape(short_ct(a))} | {md_escape(a['summary'][:200])} | "
                 f"{status_of(b)} | {md_escape(short_ct(b))} | {md_escape(b['summary'][:200])} |")
    L += ["", "### server stderr during the run (last lines, PEER_LOG_LEVEL=WARNING)", ""]
    for v in ("v1", "v2"):
        L += [f"{v}:", "```"] + [ln[:200] for ln in peers[v]["stderr_tail"][-12:]] + ["```"]
    return "\n".join(L) + "\n"


def write_md(data: dict) -> None:
    md = HERE / "MEASURED.md"
    head = md.read_text().split(MARKER)[0] if md.exists() else "# Measured behaviour of the reference peers\n\n"
    md.write_text(head + render(data))


def main() -> None:
    if "--render-only" in sys.argv:
        write_md(json.loads((HERE / "measured_raw.json").read_text()))
        return
    out = {}
    for key in PEERS:
        print(f"measuring {key} ...", file=sys.stderr)
        out[key] = measure_peer(key)
        out[key]["mcp_version"] = sdk_version(key)
    data = {"cases": [{"key": k, "desc": d, "method": m, "header_overrides": h, "body": b}
                      for k, d, m, h, b in CASES], "peers": out}
    (HERE / "measured_raw.json").write_text(json.dumps(data, indent=1, ensure_ascii=False))
    write_md(data)
    print("wrote measured_raw.json and MEASURED.md", file=sys.stderr)


if __name__ == "__main__":
    main()
