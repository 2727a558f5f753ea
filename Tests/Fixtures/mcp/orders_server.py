"""A small MCP server for Tagarela's tests, on the official Python SDK (mcp on PyPI, pinned by scripts/mcp-for-tests).

    python orders_server.py stdio                # over stdin/stdout, as a test starts it
    python orders_server.py http PORT            # Streamable HTTP at http://127.0.0.1:PORT/mcp, answers as event streams
    python orders_server.py http PORT --json     # the same, answers as plain JSON

Its tools: lookup_order (read-only), book_slot (counts its calls per day and time, which calls_made tells, and keeps
the idempotency key of the last, which booking_key tells),
broken_tool (always fails), add_tool (adds late_tool and says the list changed), quit_server (ends the process at once,
as a server that crashes does: only the stdio tests call it, on a server of their own). tools/list gives two tools a page,
so a client must follow nextCursor to see them all.
"""

import os
import sys
from collections import Counter

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ListToolsResult, ToolAnnotations

PAGE = 2


class PagedServer(MCPServer):
    """MCPServer lists every tool at once; this one pages, as a server with many tools may."""

    async def _handle_list_tools(self, ctx, params):
        tools = await self.list_tools()
        start = int(params.cursor) if params is not None and params.cursor else 0
        following = start + PAGE
        return ListToolsResult(
            tools=tools[start:following], next_cursor=str(following) if following < len(tools) else None
        )


server = PagedServer("tagarela-test-orders", version="1.0")
bookings: Counter = Counter()
# The idempotency key each booking's request carried in its _meta, by day and time.
keys: dict = {}


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def lookup_order(order_id: str) -> str:
    """Looks up an order by its number and tells its status."""
    return f"Order {order_id}: shipped on 2026-12-01, arriving Friday."


@server.tool()
def book_slot(day: str, time: str, ctx: Context) -> str:
    """Books a visit on a day (YYYY-MM-DD) at a time (HH:MM)."""
    bookings[(day, time)] += 1
    keys[(day, time)] = (ctx.request_context.meta or {}).get("tagarela/idempotency-key", "")
    return f"Booked {day} at {time}."


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def calls_made(day: str, time: str) -> str:
    """How many times book_slot was called for this day and time (for the tests)."""
    return str(bookings[(day, time)])


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def booking_key(day: str, time: str) -> str:
    """The idempotency key the last book_slot for this day and time carried (for the tests)."""
    return keys.get((day, time), "")


@server.tool()
def broken_tool() -> str:
    """Always fails, as a tool whose system is down does."""
    raise ToolError("the booking system is down")


@server.tool()
async def add_tool(ctx: Context) -> str:
    """Adds late_tool to the list and tells the client the list changed."""

    def late_tool() -> str:
        """A tool that appeared after the client first listed the tools."""
        return "late"

    if "late_tool" not in [tool.name for tool in await server.list_tools()]:
        server.add_tool(late_tool)
    await ctx.request_context.session.send_tool_list_changed()
    return "added late_tool"


@server.tool()
def quit_server() -> str:
    """Ends the server at once, without answering."""
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["stdio"]:
        server.run("stdio")
    else:
        server.run(
            "streamable-http", host="127.0.0.1", port=int(sys.argv[2]), json_response="--json" in sys.argv[3:]
        )
