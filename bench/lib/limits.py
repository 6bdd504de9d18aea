"""What the machine itself allows: SQLite commit rates on the data disk, and wrk as a native
HTTP load generator."""

import os
import re
import sqlite3
import subprocess
import time

WRK_LUA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "wrk",
                       "post_task.lua")


def sqlite_rates(directory: str, seconds: float = 2.0) -> dict:
    """Rows/s through Python's sqlite3 module: one INSERT per transaction, then 1,000 per
    transaction, WAL with synchronous=NORMAL, each for about `seconds`."""
    path = os.path.join(directory, "limits.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    body = "x" * 200

    def timed(batch):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            db.execute("BEGIN")
            db.executemany("INSERT INTO t (body) VALUES (?)", [(body,)] * batch)
            db.execute("COMMIT")
            n += batch
        return n / (time.perf_counter() - t0)

    single = timed(1)
    batched = timed(1000)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
    return {"sqlite_single_row_commits_per_s": round(single, 1),
            "sqlite_batched_rows_per_s": round(batched, 1),
            "sqlite_driver": f"python sqlite3 (SQLite {sqlite3.sqlite_version})"}


def wrk(url: str, seconds: float, *, post: dict | None = None, env=None) -> dict:
    """wrk -t2 -c16 for `seconds`; with `post` ({token, body}) it POSTs tasks via post_task.lua."""
    argv = ["wrk", "-t2", "-c16", f"-d{max(1, int(seconds))}s"]
    env = dict(env or os.environ)
    if post:
        argv += ["-s", WRK_LUA]
        env["BENCH_WRK_BODY"] = post["body"]
        env["BENCH_WRK_TOKEN"] = post["token"]
    out = subprocess.run(argv + [url], env=env, capture_output=True, text=True,
                         timeout=seconds + 60, start_new_session=True)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stderr.strip() or out.stdout.strip()}")
    text = out.stdout
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    unit = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}.get(m.group(3), 1.0) if m else 1.0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    return {"requests": int(m.group(1)) if m else None,
            "seconds": float(m.group(2)) * unit if m else None,
            "requests_per_s": float(rps.group(1)) if rps else None,
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1).strip() if errors else None}
