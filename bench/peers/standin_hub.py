"""A Python stand-in of the hub design: FastAPI + uvicorn + aiosqlite over one SQLite table (WAL,
synchronous=NORMAL). Workers long-poll POST /api/claim, which claims the oldest queued task in one
UPDATE … RETURNING statement, and report with POST /api/tasks/{id}/complete.

Run: BENCH_STANDIN_DB=path BENCH_STANDIN_TOKEN=secret uvicorn peers.standin_hub:app --port N
"""

import asyncio
import os
import time
from contextlib import asynccontextmanager

import aiosqlite
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel

DB_PATH = os.environ.get("BENCH_STANDIN_DB", "standin.db")
TOKEN = os.environ.get("BENCH_STANDIN_TOKEN", "")
CLAIM_WAIT_S = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    prompt TEXT NOT NULL,
    capability TEXT,
    status TEXT NOT NULL DEFAULT 'queued',
    worker TEXT,
    output TEXT,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL
);
CREATE INDEX IF NOT EXISTS tasks_queued ON tasks (id) WHERE status = 'queued';
"""

db: aiosqlite.Connection | None = None
# Set whenever a task is queued, so that waiting claims look again.
queued_signal = asyncio.Event()


class NewTask(BaseModel):
    prompt: str
    capability: str | None = None


class Claim(BaseModel):
    worker: str


class Completion(BaseModel):
    output: str


def auth(authorization: str = Header(default="")):
    if authorization != f"Bearer {TOKEN}":
        raise HTTPException(401, "bad token")


@asynccontextmanager
async def lifespan(_app):
    global db
    db = await aiosqlite.connect(DB_PATH, isolation_level=None)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    await db.executescript(SCHEMA)
    yield
    await db.close()


app = FastAPI(lifespan=lifespan)


@app.get("/api/health")
async def health():
    return {"status": "ok"}


@app.post("/api/tasks", status_code=201, dependencies=[Depends(auth)])
async def create(task: NewTask):
    cur = await db.execute(
        "INSERT INTO tasks (prompt, capability, created_at) VALUES (?, ?, ?)",
        (task.prompt, task.capability, time.time()))
    queued_signal.set()
    return {"id": cur.lastrowid, "status": "queued"}


async def claim_once(worker: str):
    # aiosqlite runs statements one at a time on its thread, and the statement is atomic.
    cur = await db.execute(
        "UPDATE tasks SET status = 'running', worker = ?, started_at = ? WHERE id = "
        "(SELECT id FROM tasks WHERE status = 'queued' ORDER BY id LIMIT 1) "
        "RETURNING id, prompt", (worker, time.time()))
    row = await cur.fetchone()
    await cur.close()
    return row


@app.post("/api/claim", dependencies=[Depends(auth)])
async def claim(c: Claim):
    deadline = time.monotonic() + CLAIM_WAIT_S
    while True:
        queued_signal.clear()
        row = await claim_once(c.worker)
        if row:
            return {"id": row[0], "prompt": row[1]}
        left = deadline - time.monotonic()
        if left <= 0:
            return {"id": None}
        try:
            await asyncio.wait_for(queued_signal.wait(), left)
        except asyncio.TimeoutError:
            pass


@app.post("/api/tasks/{task_id}/complete", dependencies=[Depends(auth)])
async def complete(task_id: int, done: Completion):
    await db.execute(
        "UPDATE tasks SET status = 'done', output = ?, finished_at = ? WHERE id = ?",
        (done.output, time.time(), task_id))
    return {"id": task_id, "status": "done"}


@app.get("/api/status", dependencies=[Depends(auth)])
async def status():
    cur = await db.execute("SELECT status, count(*) FROM tasks GROUP BY status")
    counts = {s: n for s, n in await cur.fetchall()}
    return {"tasks": counts}


@app.get("/api/tasks/started", dependencies=[Depends(auth)])
async def started(since: int = 0):
    cur = await db.execute(
        "SELECT id, started_at FROM tasks WHERE id >= ? AND started_at IS NOT NULL", (since,))
    return {"tasks": await cur.fetchall()}
