"""Submitter processes: each connects with its system's native Python client, says it is ready,
waits for the go line, then submits its share as fast as it can or at a fixed pace.

Run as `python -m lib.submit` with BENCH_CLIENT_SPEC (JSON: module + client settings, kept off
argv because it can hold a token) and BENCH_SUBMIT (JSON: count, first key, rate, out file).
"""

import importlib
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from lib import procs


def main() -> None:
    spec = json.loads(os.environ["BENCH_CLIENT_SPEC"])
    job = json.loads(os.environ["BENCH_SUBMIT"])
    client = importlib.import_module(spec["module"]).make_client(spec)
    # Record the start of each task only when the latency is measured.
    record = bool(job.get("record"))
    count, first, rate = job["count"], job["first"], job.get("rate") or 0.0
    calls, sent, errors = [], [], 0
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    t_begin = time.perf_counter()
    for n in range(count):
        if rate:
            due = t_begin + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        i = first + n
        t_send = time.time()
        c0 = time.perf_counter()
        try:
            key = client.submit(i, record)
        except Exception as e:  # counted and reported; one failure should not end the run
            errors += 1
            if errors <= 3:
                print(f"submit error: {e!r}", file=sys.stderr)
            continue
        calls.append(time.perf_counter() - c0)
        sent.append((key, t_send))
    client.close()
    with open(job["out"], "w") as f:
        json.dump({"calls": calls, "sent": sent, "errors": errors}, f)


def run_submitters(spec: dict, processes: int, total: int, first: int, workdir: str,
                   rate: float = 0.0, record: bool = False, env_base=None) -> dict:
    """Start `processes` submitters sharing `total` tasks (and `rate` tasks/s), release them
    together, wait for them and merge what they measured."""
    py = sys.executable
    bench_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shares = [total // processes + (1 if k < total % processes else 0) for k in range(processes)]
    children, outs = [], []
    key = first
    for k, share in enumerate(shares):
        out = os.path.join(workdir, f"submit-{first}-{k}.json")
        env = dict(env_base or os.environ)
        env["PYTHONPATH"] = bench_dir
        # Its index, so a client can pick one of several hubs.
        env["BENCH_CLIENT_SPEC"] = json.dumps({**spec, "submitter": k})
        env["BENCH_SUBMIT"] = json.dumps(
            {"count": share, "first": key, "rate": rate / processes if rate else 0.0,
             "record": record, "out": out})
        key += share
        p = procs.spawn([py, "-m", "lib.submit"], env=env, cwd=bench_dir,
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        log=os.path.join(workdir, f"submit-{first}-{k}.log"))
        children.append(p)
        outs.append(out)

    def ready(p):
        line = p.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError("a submitter failed to start (see its log in the work dir)")

    with ThreadPoolExecutor(len(children)) as ex:
        list(ex.map(ready, children))
    for p in children:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in children:
        p.wait()
        procs.stop(p)
    calls, sent, errors = [], [], 0
    for out in outs:
        with open(out) as f:
            r = json.load(f)
        calls += r["calls"]
        sent += r["sent"]
        errors += r["errors"]
    return {"calls": calls, "sent": sent, "errors": errors,
            "t_first": min((t for _, t in sent), default=None),
            "t_last": max((t for _, t in sent), default=None)}


if __name__ == "__main__":
    main()
