"""The Markdown report: every figure, with m3shd's ratio to each peer and to the machine's
limits. Figures are reported, never judged."""

import os
import platform
import subprocess

SYSTEMS = [("m3shd", "m3shd"), ("m3shd_pg1", "m3shd (PostgreSQL, 1 hub)"),
           ("m3shd_pg2", "m3shd (PostgreSQL, 2 hubs)"), ("celery", "Celery + Redis"),
           ("graphile", "graphile-worker"), ("standin", "Python stand-in")]
# m3shd on PostgreSQL is a column of its own, left out when it was not run; the ratios compare
# the default m3shd (SQLite) with the other systems.
OPTIONAL = {"m3shd_pg1", "m3shd_pg2"}
PEERS = [s for s in SYSTEMS if not s[0].startswith("m3shd")]
MODES = [("seq", "1 sequential submitter"), ("conc16", "16 submitter processes"),
         ("wrk16", "wrk -t2 -c16 (HTTP only)")]

NOTES = """\
How each system runs (all on 127.0.0.1, each process in its own temp dir, on this machine):

- m3shd: `m3shd-hubd` and W `m3shd-workerd --slots 1 --executor builtin`; a task is
  `POST /api/tasks` `{"prompt": "echo hi", "required_capability": "general"}`; start = the hub's
  `started_at` (claim).
- m3shd (PostgreSQL, H hubs): the same, with H `m3shd-hubd` sharing one fresh PostgreSQL
  database on 127.0.0.1:5432 (created per W, dropped after), the same master token and keys;
  worker n lists hub n mod H first in `--hub`, submitter process k posts to hub k mod H (so
  the single sequential submitter uses the first hub; the paced ones are at least H), counts
  are read from the first hub. The hub RSS is the sum over the hubs (each in parentheses);
  PostgreSQL's is not counted. wrk drives one URL, so it runs on the 1-hub setup only;
  fan-out, stream, `m3shd do` and the no-op request rate on the SQLite hub only.
- Celery + Redis: one `celery worker --pool prefork --concurrency W` (gossip, mingle and heartbeat
  off, no result backend); the no-op task INCRs a Redis counter (and records its start time in a
  hash in the latency runs); submitted with `task.delay`.
- graphile-worker: one Node process, `concurrency` W, jobs added with
  `graphile_worker.add_job('noop', …)` over psycopg; done = added − rows left in the jobs table;
  start = when the task function is called.
- Python stand-in: `bench/peers/standin_hub.py` (FastAPI + uvicorn, one process, aiosqlite, SQLite
  WAL + synchronous=NORMAL) and W worker processes that long-poll `POST /api/claim` (up to 10 s);
  start = the claim.
- Python submitters use each system's native client: keep-alive `http.client`, `task.delay`,
  psycopg `add_job`. Tasks/s is end to end: first submit to the moment the last completion was
  seen (polled every 10 ms). Latency is the submitter's send time to the recorded start, same
  clock; the paced submitters are split over several processes when one cannot keep the rate.
- RSS is VmRSS from /proc; its anonymous part is RssAnon (the rest is mostly the program's own
  code pages, which the kernel can drop and read back). Celery: "one worker" is one prefork child, "all workers" the parent
  and its children, the broker row is the Redis server (shared with anything else using it).
  graphile-worker: the Node process; PostgreSQL's share is not counted.
"""


def machine(workdir: str) -> dict:
    def cmd(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return None

    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")),
                       None)
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "python": platform.python_version(), "loadavg": os.getloadavg(),
            "data_dir": os.path.abspath(workdir),
            "m3shd_version": cmd([os.path.join(os.environ.get("M3SHD_BIN_DIR", ""), "m3shd"),
                                  "--version"])}


def _f(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def _ratio(a, b):
    if a is None or b in (None, 0):
        return "–"
    return f"{a / b:.2f}×"


def _mib(kb):
    return None if kb is None else kb / 1024.0


def _table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def markdown(r: dict) -> str:
    tp, lat, fp, lim, extra = (r["throughput"], r["latency"], r["footprint"], r["limits"],
                               r["m3shd_only"])
    systems = [(s, lab) for s, lab in SYSTEMS
               if s not in OPTIONAL or s in tp or s in lat or s in fp]
    m = r["machine"]
    md = [f"# M3SHD side-by-side benchmark ({r['mode']} run)\n",
          f"{m['cpus']} CPUs ({m['cpu']}), Linux {m['kernel']}, Python {m['python']}, "
          f"{m['m3shd_version']}; load average at start {', '.join(f'{x:.2f}' for x in m['loadavg'])}; "
          f"run took {r.get('seconds', 0):.0f} s.\n"]

    md.append("\n## Machine limits (same run)\n\n")
    rows = [["SQLite single-row commits/s (WAL, synchronous=NORMAL, " + lim.get(
        "sqlite_driver", "") + ")", _f(lim.get("sqlite_single_row_commits_per_s"))],
            ["SQLite rows/s, 1,000 rows per transaction",
             _f(lim.get("sqlite_batched_rows_per_s"))]]
    for key, label in (("health_m3shd", "m3shd hub"), ("health_standin", "stand-in hub")):
        h = lim.get(key)
        if h:
            rows.append([f"no-op requests/s, wrk -t2 -c16 on {label} /api/health",
                         _f(h.get("requests_per_s"))])
    md.append(_table(["limit", "value"], rows))

    workers = sorted({int(w) for s in tp.values() for w in s}, key=int)
    md.append("\n## Throughput: no-op tasks/s, first submit to last completion\n\n")
    header = ["W", "submitters"] + [lab for _, lab in systems] + [
        f"m3shd ÷ {lab}" for _, lab in PEERS]
    rows = []
    for w in workers:
        for mode, mlabel in MODES:
            vals = {s: tp.get(s, {}).get(str(w), {}).get(mode, {}).get("tasks_per_s")
                    for s, _ in systems}
            if all(v is None for v in vals.values()):
                continue
            rows.append([w, mlabel] + [_f(vals[s]) for s, _ in systems] + [
                _ratio(vals["m3shd"], vals[s]) for s, _ in PEERS])
    md.append(_table(header, rows))

    md.append("\n## Submit call latency, ms (p50 / p99, as the submitting client saw it)\n\n")
    rows = []
    for w in workers:
        for mode, mlabel in MODES[:2]:
            cells = []
            for s, _ in systems:
                v = tp.get(s, {}).get(str(w), {}).get(mode)
                cells.append(f"{_f(v['submit_p50_ms'], 2)} / {_f(v['submit_p99_ms'], 2)}"
                             if v else "–")
            rows.append([w, mlabel] + cells)
    md.append(_table(["W", "submitters"] + [lab for _, lab in systems], rows))

    wrk_rows = []
    for s, lab in systems:
        for w in workers:
            v = tp.get(s, {}).get(str(w), {}).get("wrk16")
            if v:
                wk = v["wrk"]
                wrk_rows.append([lab, w, _f(wk["requests"]), _f(wk["requests_per_s"]),
                                 _f(wk["non_2xx"]), _f(v["tasks"]), _f(v["seconds"], 2),
                                 _f(v["tasks_per_s"])])
    if wrk_rows:
        md.append("\n## wrk task POSTs (native load generator), then drain\n\n")
        md.append(_table(["system", "W", "POSTs", "POSTs/s", "non-2xx", "tasks done",
                          "s to drained", "tasks/s"], wrk_rows))

    md.append("\n## Against the machine's limits\n\n")
    rows = []
    single = lim.get("sqlite_single_row_commits_per_s")
    for s, lab in (SYSTEMS[0], PEERS[-1]):
        best = max((v.get("tasks_per_s") or 0 for w in tp.get(s, {}).values()
                    for v in w.values()), default=None)
        rows.append([f"{lab}: best tasks/s ÷ SQLite single-row commits/s",
                     f"{_f(best)} ÷ {_f(single)}", _ratio(best or None, single)])
        health = (lim.get(f"health_{s}") or {}).get("requests_per_s")
        post = tp.get(s, {}).get("4", {}).get("wrk16", {}).get("post_rate_per_s")
        rows.append([f"{lab}: task POSTs/s (wrk, W=4) ÷ no-op requests/s on its own hub",
                     f"{_f(post)} ÷ {_f(health)}", _ratio(post, health)])
    mh = (lim.get("health_m3shd") or {}).get("requests_per_s")
    sh = (lim.get("health_standin") or {}).get("requests_per_s")
    rows.append(["no-op requests/s: m3shd hub ÷ stand-in hub", f"{_f(mh)} ÷ {_f(sh)}",
                 _ratio(mh, sh)])
    md.append(_table(["figure", "values", "ratio"], rows))

    md.append("\n## Submit → start latency, W=4, ms (p50 / p99)\n\n")
    rows = []
    for key, label in (("100", "100 tasks/s"), ("80pct", "80% of the system's own maximum")):
        cells, p50s = [], {}
        for s, _ in systems:
            v = lat.get(s, {}).get(key)
            p50s[s] = v["p50_ms"] if v else None
            cells.append(f"{_f(v['p50_ms'], 2)} / {_f(v['p99_ms'], 2)} at {_f(v['offered_rate'])}/s"
                         if v else "–")
        rows.append([label] + cells + [_ratio(p50s["m3shd"], p50s[s]) for s, _ in PEERS])
    md.append(_table(["offered load"] + [lab for _, lab in systems] + [
        f"p50 m3shd ÷ {lab}" for _, lab in PEERS], rows))

    md.append("\n## Footprint, W=4, RSS MiB\n\n")
    rows = []
    for part, plabel in (("hub", "hub / broker"),
                         ("hub_anon", "hub / broker, anonymous part"),
                         ("worker_one", "one worker process"),
                         ("workers_all", "all worker processes")):
        for when, wlabel in (("idle", "idle"), ("after_load", "after the load"),
                             ("after_quiet", "after the load and a quiet spell")):
            vals = {s: _mib((fp.get(s, {}).get(when) or {}).get(part)) for s, _ in systems}
            cells = []
            for s, _ in systems:
                hubs = (fp.get(s, {}).get(when) or {}).get("hubs") if part == "hub" else None
                cells.append(_f(vals[s]) + (" (" + " + ".join(_f(_mib(h)) for h in hubs) + ")"
                                            if hubs else ""))
            rows.append([f"{plabel}, {wlabel}"] + cells + [
                _ratio(vals["m3shd"], vals[s]) for s, _ in PEERS])
    md.append(_table(["process"] + [lab for _, lab in systems] + [
        f"m3shd ÷ {lab}" for _, lab in PEERS], rows))

    md.append("\n## m3shd only\n\n")
    rows = []
    d = extra.get("do_wait")
    if d:
        rows.append(['`m3shd do "echo hi" --wait`, cold process, wall time',
                     f"median {_f(d['median_ms'], 1)} ms (min {_f(d['min_ms'], 1)}, "
                     f"max {_f(d['max_ms'], 1)}, {d['runs']} runs)"])
    for k in sorted(x for x in extra if x.startswith("fanout_")):
        v = extra[k]
        n = k.split("_")[1]
        rows.append([f"bench fanout, {n} subscribers", _extra_cell(v, lambda v: (
            f"{_f(v.get('delivered'))} of {_f(v.get('events'))} events delivered, p50 "
            f"{_f(v.get('delivery_p50_ms'), 2)} ms, p99 {_f(v.get('delivery_p99_ms'), 2)} ms; "
            f"hub RSS {_f(_mib(v['hub_rss_before_kb']))} → {_f(_mib(v['hub_rss_peak_kb']))} MiB, "
            f"{_f(v['kb_per_subscriber'], 2)} KiB per subscriber"))])
    v = extra.get("stream")
    if v:
        rows.append(["bench stream", _extra_cell(v, lambda v: (
            f"{_f(v.get('chunks'))} chunks in {_f(v.get('seconds'), 2)} s = "
            f"{_f(v.get('chunks_per_s'))} chunks/s"))])
    v = extra.get("memory")
    if v:
        if v.get("available") is False or v.get("error"):
            rows.append(["bench memory", _extra_cell(v, None)])
        for s in v.get("sizes", []):
            rows.append([f"bench memory, {_f(s['memories'])} memories",
                         f"insert {_f(s['insert_rate_per_s'])}/s; search p50 "
                         f"{_f(s['search_p50_ms'], 2)} ms, p99 {_f(s['search_p99_ms'], 2)} ms"])
    md.append(_table(["figure", "value"], rows))

    if r["skipped"] or r["errors"]:
        md.append("\n## Not measured\n\n")
        for k, v in {**r["skipped"], **r["errors"]}.items():
            md.append(f"- {k}: {v}\n")
    md.append("\n## Setup\n\n" + NOTES)
    return "".join(md)


def _extra_cell(v, fmt):
    if v.get("available") is False:
        return v.get("note", "not available in this build")
    if v.get("error"):
        return f"error: {v['error']}"
    return fmt(v)
