"""Side-by-side benchmark of m3shd against Celery + Redis, graphile-worker and a Python stand-in
of the hub design, plus the machine's own limits. Started by bench/run, which installs the peers.

Environment (set by bench/run): M3SHD_BIN_DIR, BENCH_OUT_DIR, BENCH_REDIS_URL, BENCH_PG_DSN (or
BENCH_PG_SKIP with the reason), BENCH_NODE_DIR.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import limits, m3shd_extra, procs, report  # noqa: E402
from lib.procs import progress  # noqa: E402
from lib.stats import summary_ms  # noqa: E402
from lib.submit import run_submitters  # noqa: E402

PLANS = {
    "quick": {"workers": [4], "n_seq": 1000, "n_conc": 2000, "wrk_s": 3, "lat_s": 5,
              "fanout": [1000], "memory_sizes": "100000", "health_s": 5},
    "full": {"workers": [1, 4, 16], "n_seq": 2000, "n_conc": 4000, "wrk_s": 5, "lat_s": 10,
             "fanout": [1000, 10000], "memory_sizes": "100000,1000000", "health_s": 5},
}
CONC = 16
# Seconds of quiet before the footprint is read again (the hub gives memory back after 5-10 s).
QUIET_S = 12


class PhaseError(Exception):
    pass


def wait_done(peer, target: int, timeout: float) -> float:
    """Poll until `target` tasks are done; the wall time it was seen."""
    deadline = time.monotonic() + timeout
    last_report = time.monotonic()
    while True:
        done = peer.done_count()
        if done >= target:
            return time.time()
        now = time.monotonic()
        if now > deadline:
            raise PhaseError(f"{peer.label}: {done} of {target} tasks done after {timeout:.0f}s")
        if now - last_report > 10:
            progress(f"  {peer.label}: {done}/{target} done, waiting")
            last_report = now
        peer.ensure_alive()
        time.sleep(0.01)


def drain_timeout(n: int) -> float:
    return 120 + n / 20


def warm_up(peer, workers: int, workdir: str) -> None:
    n = max(8, 2 * workers)
    r = run_submitters(peer.client_spec(), 1, n, first=900_000_000, workdir=workdir)
    peer.submitted += len(r["sent"])
    wait_done(peer, peer.submitted, 120)


def throughput(peer, processes: int, n: int, workdir: str, first: int) -> dict:
    before = peer.done_count()
    r = run_submitters(peer.client_spec(), processes, n, first=first, workdir=workdir)
    peer.submitted += len(r["sent"])
    t_end = wait_done(peer, before + len(r["sent"]), drain_timeout(n))
    wall = t_end - r["t_first"]
    calls = summary_ms(r["calls"])
    return {"tasks": len(r["sent"]), "errors": r["errors"], "seconds": round(wall, 3),
            "tasks_per_s": round(len(r["sent"]) / wall, 1),
            "submit_p50_ms": calls["p50_ms"], "submit_p99_ms": calls["p99_ms"],
            "submit_calls_per_s": round(len(r["sent"]) / max(1e-9, r["t_last"] - r["t_first"]), 1)}


def wrk_throughput(peer, seconds: float) -> dict:
    before_done = peer.done_count()
    before_created = peer.created_count()
    t0 = time.time()
    w = limits.wrk(peer.wrk_target()["url"], seconds, post=peer.wrk_target())
    created = peer.created_count() - before_created
    peer.submitted += created
    t_end = wait_done(peer, before_done + created, drain_timeout(created))
    done = peer.done_count() - before_done
    return {"tasks": done, "wrk": w, "seconds": round(t_end - t0, 3),
            "tasks_per_s": round(done / (t_end - t0), 1),
            "post_rate_per_s": w["requests_per_s"]}


def latency(peer, rate: float, seconds: float, single_rate: float, workdir: str,
            first: int) -> dict:
    n = max(1, int(rate * seconds))
    # Enough paced processes that each needs at most half of what one submitter managed.
    processes = max(peer.min_submitters,
                    min(CONC, int(rate / max(1.0, single_rate * 0.5)) + 1))
    before = peer.done_count()
    r = run_submitters(peer.client_spec(), processes, n, first=first, workdir=workdir,
                       rate=rate, record=True)
    peer.submitted += len(r["sent"])
    wait_done(peer, before + len(r["sent"]), drain_timeout(n))
    starts = peer.start_times([k for k, _ in r["sent"]])
    lat = [starts[k] - t for k, t in r["sent"] if k in starts]
    s = summary_ms(lat)
    offered = len(r["sent"]) / max(1e-9, r["t_last"] - r["t_first"])
    return {"target_rate": round(rate, 1), "offered_rate": round(offered, 1),
            "submitters": processes, "tasks": len(r["sent"]), "measured": s["n"],
            "p50_ms": s["p50_ms"], "p99_ms": s["p99_ms"]}


def build_peers(env, workdir, results):
    from peers.m3shd import M3shd, M3shdPostgres
    from peers.standin import Standin

    bin_dir = os.environ["M3SHD_BIN_DIR"]
    peers = [M3shd(env, workdir, bin_dir)]
    if os.environ.get("BENCH_PG_DSN") and m3shd_extra.has_postgres(env, workdir):
        peers += [M3shdPostgres(env, workdir, bin_dir, os.environ["BENCH_PG_DSN"], hubs)
                  for hubs in (1, 2)]
    elif os.environ.get("BENCH_PG_DSN"):
        results["skipped"]["m3shd_pg"] = ("m3shd on PostgreSQL not run: this m3shd-hubd "
                                          "has no --database")
    else:
        results["skipped"]["m3shd_pg"] = os.environ.get(
            "BENCH_PG_SKIP", "no PostgreSQL").replace("graphile-worker", "m3shd on PostgreSQL")
    try:
        from peers.celery_redis import CeleryRedis

        peers.append(CeleryRedis(env, workdir, os.environ["BENCH_REDIS_URL"]))
    except Exception as e:
        results["skipped"]["celery"] = f"Celery + Redis not run: {e}"
    if os.environ.get("BENCH_PG_DSN"):
        from peers.graphile import Graphile

        peers.append(Graphile(env, workdir, os.environ["BENCH_PG_DSN"],
                              os.environ["BENCH_NODE_DIR"]))
    else:
        results["skipped"]["graphile"] = os.environ.get(
            "BENCH_PG_SKIP", "graphile-worker not run: no PostgreSQL")
    peers.append(Standin(env, workdir))
    return peers


def bench_peer(peer, w, plan, results, workdir, key_base):
    tag = f"{peer.name}/W={w}"
    tp = results["throughput"].setdefault(peer.name, {}).setdefault(str(w), {})
    progress(f"{peer.label}, W={w}: starting")
    peer.start(w)
    warm_up(peer, w, workdir)
    rss = results["footprint"].setdefault(peer.name, {})
    if w == 4:
        rss["idle"] = peer.rss()
    progress(f"{tag}: 1 sequential submitter, {plan['n_seq']} tasks")
    tp["seq"] = throughput(peer, 1, plan["n_seq"], workdir, key_base)
    progress(f"{tag}: {tp['seq']['tasks_per_s']} tasks/s; {CONC} submitter processes, "
             f"{plan['n_conc']} tasks")
    tp["conc16"] = throughput(peer, CONC, plan["n_conc"], workdir, key_base + 100_000)
    progress(f"{tag}: {tp['conc16']['tasks_per_s']} tasks/s")
    if peer.http:
        progress(f"{tag}: wrk -t2 -c16 POSTing tasks for {plan['wrk_s']}s, then draining")
        tp["wrk16"] = wrk_throughput(peer, plan["wrk_s"])
        progress(f"{tag}: {tp['wrk16']['tasks_per_s']} tasks/s")
    if w == 4:
        best = max(v["tasks_per_s"] for v in tp.values())
        single = tp["seq"]["submit_calls_per_s"]
        lat = results["latency"].setdefault(peer.name, {})
        progress(f"{tag}: submit→start latency at 100 tasks/s for {plan['lat_s']}s")
        lat["100"] = latency(peer, 100, plan["lat_s"], single, workdir, key_base + 200_000)
        rate = 0.8 * best
        progress(f"{tag}: submit→start latency at 80% of {best} = {rate:.0f} tasks/s")
        lat["80pct"] = latency(peer, rate, plan["lat_s"], single, workdir, key_base + 300_000)
        rss["after_load"] = peer.rss()
        # What an operator sees between bursts: the same processes after a quiet spell.
        progress(f"{tag}: {QUIET_S} s quiet, then memory again")
        time.sleep(QUIET_S)
        rss["after_quiet"] = peer.rss()
        if peer.name == "m3shd":
            extra = results["m3shd_only"]
            progress("m3shd: `m3shd do \"echo hi\" --wait` ×10")
            extra["do_wait"] = m3shd_extra.do_wait(peer, 10)
            progress(f"m3shd: no-op request rate, wrk on /api/health for {plan['health_s']}s")
            results["limits"]["health_m3shd"] = limits.wrk(f"{peer.url}/api/health",
                                                           plan["health_s"])
            for n in plan["fanout"]:
                progress(f"m3shd: bench fanout with {n} subscribers")
                extra[f"fanout_{n}"] = m3shd_extra.fanout(peer, n)
            progress("m3shd: bench stream")
            extra["stream"] = m3shd_extra.stream(peer)
        if peer.name == "standin":
            progress(f"stand-in: no-op request rate, wrk on /api/health for {plan['health_s']}s")
            results["limits"]["health_standin"] = limits.wrk(
                f"http://127.0.0.1:{peer.port}/api/health", plan["health_s"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="W=4 only, fewer tasks (< 5 minutes)")
    args = ap.parse_args()
    plan = PLANS["quick" if args.quick else "full"]
    out_dir = os.environ.get("BENCH_OUT_DIR", "target/bench")
    os.makedirs(out_dir, exist_ok=True)
    tmp_root = os.path.join(out_dir, "tmp")
    os.makedirs(tmp_root, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=tmp_root)
    t_start = time.time()
    results = {"mode": "quick" if args.quick else "full", "plan": plan, "machine": {},
               "limits": {}, "throughput": {}, "latency": {}, "footprint": {},
               "m3shd_only": {}, "skipped": {}, "errors": {}}
    results["machine"] = report.machine(workdir)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    env = dict(os.environ)
    try:
        progress("SQLite commit rates on the data disk (python sqlite3)")
        results["limits"].update(limits.sqlite_rates(workdir))
        progress("m3shd bench memory (embedded hub)")
        results["m3shd_only"]["memory"] = m3shd_extra.memory(env, workdir, plan["memory_sizes"])
        peers = build_peers(env, workdir, results)
        for w in plan["workers"]:
            for k, peer in enumerate(peers):
                try:
                    bench_peer(peer, w, plan, results, workdir, (k + 1) * 1_000_000)
                except (PhaseError, RuntimeError, TimeoutError, OSError) as e:
                    results["errors"][f"{peer.name}/W={w}"] = str(e)
                    progress(f"{peer.label}, W={w}: stopped early: {e}")
                except Exception as e:  # a peer's own client library failing
                    results["errors"][f"{peer.name}/W={w}"] = f"{type(e).__name__}: {e}"
                    progress(f"{peer.label}, W={w}: stopped early: {type(e).__name__}: {e}")
                finally:
                    peer.stop()
    except KeyboardInterrupt:
        progress("interrupted: stopping every process started")
        procs.stop_all()
        return 130
    finally:
        procs.stop_all()
        if results["errors"]:
            progress(f"logs of the processes kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results["seconds"] = round(time.time() - t_start, 1)
    md = report.markdown(results)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out_dir, "report.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(md)
    progress(f"report: {os.path.join(out_dir, 'report.md')} and "
             f"{os.path.join(out_dir, 'report.json')} ({results['seconds']}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
