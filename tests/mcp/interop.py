"""Drive `m3shd mcp` with the official Python MCP client (the `mcp` package).

Run by the end-to-end test tests/e2e/assistant/mcp.rs, which starts a hub and
a builtin worker and passes, in the environment:

    M3SHD_BIN           the m3shd binary
    M3SHD_HUB           the hub URL
    ADMIN_TOKEN         a token with every permission
    VIEWER_TOKEN        a session of a user with the role `viewer`

It starts the server through the client's stdio transport, exercises it,
asserts as it goes (exit 1 with a message on the first failure) and prints one
JSON document describing what it saw, which the Rust side checks again.
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

REQUIRED_TOOLS = {
    "dispatch_task", "get_task", "wait_task", "list_tasks", "cancel_task",
    "retry_task", "list_agents", "mesh_status", "search_memory", "store_memory",
    "list_approvals", "decide_approval", "get_context", "set_context",
    "run_pipeline", "dispatch_template", "costs", "send_message",
}


def server(token):
    return StdioServerParameters(
        command=os.environ["M3SHD_BIN"],
        args=["mcp"],
        env={
            "M3SHD_HUB": os.environ["M3SHD_HUB"],
            "M3SHD_TOKEN": token,
            # No operator config of this machine.
            "M3SHD_CONFIG": os.path.join(os.environ.get("TMPDIR", "/tmp"), "m3shd-mcp-no-config.toml"),
            "RUST_LOG": "warn",
        },
    )


def check(cond, what):
    if not cond:
        print(f"interop check failed: {what}", file=sys.stderr)
        sys.exit(1)


def text_of(result):
    return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def as_admin(seen):
    async with stdio_client(server(os.environ["ADMIN_TOKEN"])) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check(init.server_info.name == "m3shd", f"server name {init.server_info.name}")
            tools = (await session.list_tools()).tools
            names = {t.name for t in tools}
            check(REQUIRED_TOOLS <= names, f"missing tools: {REQUIRED_TOOLS - names}")
            check(len(tools) >= 17, f"only {len(tools)} tools")
            for t in tools:
                check(t.description and len(t.description) > 20, f"{t.name} has no useful description")
                check(t.input_schema.get("type") == "object", f"{t.name} input schema is not an object")
            seen["tools"] = {
                t.name: (t.model_dump(by_alias=True, exclude_none=True).get("_meta") or {})
                for t in tools
            }
            props = next(t for t in tools if t.name == "dispatch_task").input_schema["properties"]
            for field in ("prompt", "capability", "agent", "priority", "depends_on", "model", "requires_approval"):
                check(field in props, f"dispatch_task takes no {field}")

            # Dispatch, then wait for the result.
            created = await session.call_tool("dispatch_task", {"prompt": "echo hello from mcp"})
            check(not created.is_error, f"dispatch_task failed: {text_of(created)}")
            task_id = created.structured_content["id"]
            done = await session.call_tool("wait_task", {"id": task_id, "timeout_secs": 60})
            check(not done.is_error, f"wait_task failed: {text_of(done)}")
            check(done.structured_content["finished"] is True, "wait_task did not finish")
            seen["echo"] = done.structured_content["task"]
            check("hello from mcp" in text_of(done), f"output not in the text: {text_of(done)}")

            # A challenged task: wait_task waits for the protocol to decide
            # (a critique by the other agent, a revision by the first).
            challenged = await session.call_tool(
                "dispatch_task", {"prompt": "echo draft\nTODO: finish it", "challenge": True}
            )
            check(not challenged.is_error, f"challenged dispatch failed: {text_of(challenged)}")
            decided_p = await session.call_tool(
                "wait_task", {"id": challenged.structured_content["id"], "timeout_secs": 60}
            )
            check(not decided_p.is_error, f"wait_task on the challenged task failed: {text_of(decided_p)}")
            seen["challenged"] = decided_p.structured_content["task"]
            graph = await session.call_tool("task_graph", {"id": challenged.structured_content["id"]})
            check(not graph.is_error, f"task_graph failed: {text_of(graph)}")
            seen["challenged_graph"] = graph.structured_content

            # A task held for approval: wait for it while it is approved, and
            # see the progress notifications of its way through the queue.
            held = await session.call_tool(
                "dispatch_task",
                {"prompt": "summarize The hub keeps the truth. Workers pull the work.", "requires_approval": True},
            )
            check(not held.is_error, f"held dispatch failed: {text_of(held)}")
            held_id = held.structured_content["id"]
            progress = []

            async def on_progress(value, total, message):
                progress.append({"progress": value, "message": message})

            waiting = asyncio.create_task(
                session.call_tool("wait_task", {"id": held_id, "timeout_secs": 60}, progress_callback=on_progress)
            )
            # Approve only once the wait has reported the task as held.
            for _ in range(500):
                if progress:
                    break
                await asyncio.sleep(0.01)
            check(progress, "no progress notification while the held task waited")
            decided = await session.call_tool("decide_approval", {"decision": "approve"})
            check(not decided.is_error, f"decide_approval failed: {text_of(decided)}")
            finished = await waiting
            check(not finished.is_error, f"wait_task on the held task failed: {text_of(finished)}")
            check(finished.structured_content["task"]["status"] == "done", "the approved task did not finish done")
            seen["progress"] = progress

            # Hub errors are tool errors with the hub's stable code.
            missing = await session.call_tool("get_task", {"id": "no-such-task"})
            check(missing.is_error, "get_task of an unknown id was not an error")
            seen["not_found"] = missing.structured_content
            bad = await session.call_tool("dispatch_task", {"prompt": "echo x", "priority": 99})
            check(bad.is_error, "a priority of 99 was accepted")
            seen["invalid"] = bad.structured_content

            status = await session.call_tool("mesh_status", {})
            check(not status.is_error, f"mesh_status failed: {text_of(status)}")
            seen["status"] = status.structured_content


async def as_viewer(seen):
    async with stdio_client(server(os.environ["VIEWER_TOKEN"])) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            names = sorted(t.name for t in (await session.list_tools()).tools)
            seen["viewer_tools"] = names
            check("dispatch_task" not in names, "a viewer is offered dispatch_task")
            check("list_tasks" in names, "a viewer is not offered list_tasks")
            listed = await session.call_tool("list_tasks", {})
            check(not listed.is_error, f"a viewer cannot list tasks: {text_of(listed)}")
            # Called anyway (a client with a stale list): refused, not run.
            try:
                refused = await session.call_tool("dispatch_task", {"prompt": "echo from a viewer"})
                seen["viewer_dispatch"] = refused.structured_content if refused.is_error else "accepted"
            except Exception as e:  # the client may refuse an unlisted tool itself
                seen["viewer_dispatch"] = {"client_refused": str(e)}


async def main():
    seen = {}
    await as_admin(seen)
    await as_viewer(seen)
    print(json.dumps(seen))


asyncio.run(main())
