"""Second SDK 1.x peer (FastMCP): a weather surface shaped unlike validate_content.

Pinned by requirements-v1.txt (mcp==1.30.0). Stateless streamable HTTP at
http://127.0.0.1:PORT/mcp, the same server shape as fastmcp_v1.py
(``FastMCP(host="0.0.0.0", stateless_http=True)``, so the SDK's DNS-rebinding
Host/Origin checks are off; uvicorn binds 127.0.0.1 only, see arc_peer.py).
Every answer is a pure function of the request: no network, no clock, no
randomness (the numbers come from a fixed table and a character sum).

Surface:
    tool     get_forecast(city: str, days: int = 3) -> str
             readOnlyHint=True (idempotent, closed world); text content only
             and NO outputSchema: FastMCP 1.30 would derive
             {"result": string} from ``-> str``, so structured_output=False.
             A city outside the table gets a generic outlook; an empty city
             or days outside 1..7: result with isError=true.
    tool     set_alert(city: str, threshold_c: float) -> dict
             NO annotations at all (a "safe calls only" policy must leave it
             out); records the alert in process memory (its side effect) and
             answers a JSON text; bare ``dict`` gets no outputSchema.
    resource weather://cities             application/json, the city list
    template weather://forecast/{city}    text/plain, 3-day forecast
    prompt   forecast_summary(city: str, style: str = "short")
             city required, style optional ("short" | "detailed")
    completions for argument ``city`` of the template and of the prompt
             (prefix match, case-insensitive) and for the prompt's ``style``;
             registering @mcp.completion() makes the server declare the
             ``completions`` capability next to tools, resources and prompts.

Usage:
    python forecast_v1.py [PORT]      # PORT also from env PORT, default 8000; 0 = pick a free port
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

import json
import logging
import sys
from typing import Optional

from arc_peer import JSON_RESPONSE, LOG_LEVEL, PATH, SDK_HOST, STATELESS, serve
from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.types import (
    Completion,
    CompletionArgument,
    CompletionContext,
    PromptReference,
    ResourceTemplateReference,
    ToolAnnotations,
)

# city -> (base temperature in deg C, conditions cycle); fixed, so every answer
# is reproducible.
CITIES: dict[str, tuple[int, tuple[str, ...]]] = {
    "Berlin": (11, ("cloudy", "light rain", "sunny")),
    "Lisbon": (19, ("sunny", "sunny", "windy")),
    "Oslo": (4, ("snow", "cloudy", "clear")),
    "Paris": (13, ("light rain", "cloudy", "sunny")),
    "Tokyo": (17, ("clear", "humid", "thunderstorms")),
}
STYLES = ("short", "detailed")
MAX_DAYS = 7
TEMPLATE_URI = "weather://forecast/{city}"
PROMPT_NAME = "forecast_summary"

# set_alert's side effect: alerts recorded in process memory (lost on restart).
ALERTS: dict[str, float] = {}

mcp = FastMCP(
    "forecast-peer-v1",
    host=SDK_HOST,  # AgentCore's shape; uvicorn still binds 127.0.0.1 (see arc_peer)
    streamable_http_path=PATH,
    stateless_http=STATELESS,
    json_response=JSON_RESPONSE,
    log_level=LOG_LEVEL,  # type: ignore[arg-type]
)


def _canonical(city: str) -> Optional[str]:
    """The table's spelling of `city` (case-insensitive), or None."""
    for known in CITIES:
        if known.lower() == city.strip().lower():
            return known
    return None


# What a city outside the table gets: an "outlook" from the same fixed
# pattern, so a client that invents a city name (as mcp-matrix does when it
# synthesizes arguments) gets a successful, deterministic result.
OUTLOOK = (12, ("cloudy", "sunny", "light rain"))


def _forecast_lines(city: str, days: int) -> list[str]:
    base, conditions = CITIES.get(city, OUTLOOK)
    # Temperatures vary by day with a fixed pattern seeded by the name's
    # character sum (not hash(): that is randomized per process).
    seed = sum(ord(ch) for ch in city)
    lines = []
    for day in range(days):
        temp = base + ((seed + 3 * day) % 5) - 2
        lines.append(f"day {day + 1}: {conditions[day % len(conditions)]}, {temp} C")
    return lines


def _matching(prefix: str, options) -> list[str]:
    return [o for o in options if o.lower().startswith(prefix.lower())]


@mcp.tool(
    description="Deterministic weather forecast for a known city, as plain text.",
    annotations=ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False),
    structured_output=False,  # `-> str` would otherwise get outputSchema {"result": string}
)
def get_forecast(city: str, days: int = 3) -> str:
    if not city.strip():
        raise ToolError("city must not be empty")
    if not 1 <= days <= MAX_DAYS:
        raise ToolError(f"days must be between 1 and {MAX_DAYS}, got {days}")
    known = _canonical(city) or city.strip()
    return f"Forecast for {known}, {days} day(s):\n" + "\n".join(_forecast_lines(known, days))


# Deliberately no annotations: a client policy that only allows calls hinted
# read-only must leave this tool out.
@mcp.tool(description="Record a temperature alert for a known city (changes server state).")
def set_alert(city: str, threshold_c: float) -> dict:
    known = _canonical(city)
    if known is None:
        raise ToolError(f"unknown city {city!r}; known cities: {', '.join(CITIES)}")
    ALERTS[known] = threshold_c
    # The answer depends only on the arguments, not on earlier calls.
    return {"alert_id": f"alert-{known.lower()}", "city": known, "threshold_c": threshold_c, "status": "armed"}


@mcp.resource(
    "weather://cities",
    name="cities",
    description="The cities this server has forecasts for.",
    mime_type="application/json",
)
def cities() -> str:
    return json.dumps({"cities": list(CITIES)})


@mcp.resource(
    TEMPLATE_URI,
    name="forecast",
    description="3-day forecast for one city, as plain text.",
    mime_type="text/plain",
)
def forecast_resource(city: str) -> str:
    known = _canonical(city)
    if known is None:
        # FastMCP 1.30 answers resources/read with a JSON-RPC error, code 0.
        raise ValueError(f"unknown city {city!r}")
    return f"Forecast for {known}:\n" + "\n".join(_forecast_lines(known, 3))


@mcp.prompt(name=PROMPT_NAME, description="Ask for a summary of a city's forecast.")
def forecast_summary(city: str, style: str = "short") -> str:
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    length = "in one sentence" if style == "short" else "day by day, with temperatures"
    return f"Summarise the weather forecast for {city} {length}. Use the get_forecast tool for the data."


@mcp.completion()
async def complete(
    ref: PromptReference | ResourceTemplateReference,
    argument: CompletionArgument,
    context: Optional[CompletionContext],
) -> Optional[Completion]:
    if isinstance(ref, ResourceTemplateReference):
        if ref.uri == TEMPLATE_URI and argument.name == "city":
            values = _matching(argument.value, CITIES)
            return Completion(values=values, total=len(values), hasMore=False)
    elif isinstance(ref, PromptReference) and ref.name == PROMPT_NAME:
        if argument.name == "city":
            values = _matching(argument.value, CITIES)
            return Completion(values=values, total=len(values), hasMore=False)
        if argument.name == "style":
            values = _matching(argument.value, STYLES)
            return Completion(values=values, total=len(values), hasMore=False)
    return None  # the SDK answers {"completion": {"values": []}}


if __name__ == "__main__":
    logging.getLogger("mcp").setLevel(LOG_LEVEL)
    # FastMCP(host="0.0.0.0") => no Host/Origin (DNS-rebinding) checks, as on AgentCore.
    sys.exit(serve(mcp.streamable_http_app()))
