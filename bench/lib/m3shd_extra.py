"""m3shd-only figures, through the m3shd binary's own subcommands."""

import json
import os
import statistics
import subprocess
import threading
import time

from lib import procs

NOT_AVAILABLE = {"available": False, "note": "not available in this build"}


def _bin(name: str) -> str:
    return os.path.join(os.environ["M3SHD_BIN_DIR"], name)


def _has_bench(sub: str, env) -> bool:
    out = subprocess.run([_bin("m3shd"), "bench", "--help"], env=env, capture_output=True,
                         text=True, timeout=30)
    return any(line.split()[:1] == [sub] for line in out.stdout.splitlines())


def has_postgres(env, workdir) -> bool:
    """Whether this m3shd-hubd can store into PostgreSQL (it then takes --database)."""
    from peers.m3shd import clean_env

    out = subprocess.run([_bin("m3shd-hubd"), "--help"], env=clean_env(env, workdir),
                         capture_output=True, text=True, timeout=30)
    return "--database" in out.stdout


def _json_run(argv, env, timeout):
    out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                         start_new_session=True)
    if out.returncode != 0:
        return {"available": True, "error": (out.stderr or out.stdout).strip()[-400:]}
    text = out.stdout
    # The JSON document is the last thing printed.
    return {"available": True, **json.loads(text[text.index("{"):])}


def memory(env, workdir, sizes: str) -> dict:
    from peers.m3shd import clean_env

    e = clean_env(env, workdir)
    if not _has_bench("memory", e):
        return dict(NOT_AVAILABLE)
    return _json_run([_bin("m3shd"), "bench", "memory", "--sizes", sizes, "--searches", "500",
                      "--json"], e, timeout=1800)


def do_wait(peer, runs: int) -> dict:
    env = peer.cli_env()
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([_bin("m3shd"), "do", "echo hi", "--wait"], env=env, check=True,
                       capture_output=True, timeout=60)
        walls.append(time.perf_counter() - t0)
    return {"runs": runs, "median_ms": round(statistics.median(walls) * 1000, 2),
            "min_ms": round(min(walls) * 1000, 2), "max_ms": round(max(walls) * 1000, 2)}


def fanout(peer, subscribers: int) -> dict:
    env = peer.cli_env()
    if not _has_bench("fanout", env):
        return dict(NOT_AVAILABLE)
    hub = peer.hub_proc.pid
    before = procs.rss_kb(hub)
    peak = [before]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], procs.rss_kb(hub))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        r = _json_run([_bin("m3shd"), "bench", "fanout", "--hub", peer.url, "--subscribers",
                       str(subscribers), "--json"], env, timeout=600)
    finally:
        stop.set()
        t.join()
    r["hub_rss_before_kb"] = before
    r["hub_rss_peak_kb"] = peak[0]
    r["kb_per_subscriber"] = round((peak[0] - before) / subscribers, 2)
    return r


def stream(peer) -> dict:
    env = peer.cli_env()
    if not _has_bench("stream", env):
        return dict(NOT_AVAILABLE)
    return _json_run([_bin("m3shd"), "bench", "stream", "--hub", peer.url, "--json"], env,
                     timeout=600)
