"""graphile-worker on PostgreSQL: one Node worker process with concurrency W; jobs are added with
graphile_worker.add_job() from psycopg, the documented way from other languages."""

import os
import secrets

import psycopg

from lib import procs
from peers.base import Peer

ADD = "SELECT graphile_worker.add_job('noop', json_build_object('i', %s::bigint, 'r', %s))"


class Graphile(Peer):
    name = "graphile"
    label = "graphile-worker"

    def __init__(self, env, workdir, dsn, node_dir):
        super().__init__(env, workdir)
        self.dsn = dsn
        self.node_dir = node_dir
        self.script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "graphile",
                                   "worker.js")
        self.db = None
        self.starts_file = None

    def start(self, workers):
        run = self.dir(f"w{workers}-{secrets.token_hex(3)}")
        self.db = psycopg.connect(self.dsn, autocommit=True)
        # A fresh schema per start, so no job or counter of an earlier W is left over.
        self.db.execute("DROP SCHEMA IF EXISTS graphile_worker CASCADE")
        self.starts_file = os.path.join(run, "starts.txt")
        open(self.starts_file, "w").close()
        env = dict(self.env)
        env.update({"BENCH_PG_DSN": self.dsn, "BENCH_CONCURRENCY": str(workers),
                    "BENCH_GRAPHILE_STARTS": self.starts_file,
                    "NODE_PATH": os.path.join(self.node_dir, "node_modules")})
        self.worker_procs = [procs.spawn(["node", self.script], env=env, cwd=self.node_dir,
                                         log=os.path.join(run, "worker.log"))]
        # The worker installs graphile_worker's schema as it starts.
        procs.wait_for(lambda: self.db.execute(
            "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'graphile_worker' AND p.proname = 'add_job'").fetchone(),
            60, "graphile-worker schema")

    def stop(self):
        super().stop()
        if self.db is not None:
            self.db.close()
            self.db = None

    def client_spec(self):
        return {"module": "peers.graphile", "dsn": self.dsn}

    def done_count(self):
        # A finished job is deleted: done = added - still in the table.
        left = self.db.execute("SELECT count(*) FROM graphile_worker._private_jobs").fetchone()[0]
        return self.submitted - left

    def start_times(self, keys):
        want, out = set(keys), {}

        def read():
            with open(self.starts_file) as f:
                for line in f:
                    i, t = line.split()
                    if int(i) in want:
                        out[int(i)] = float(t)
            return want <= out.keys()

        try:
            procs.wait_for(read, 5, "graphile start times")
        except TimeoutError:
            pass
        return out

    def rss(self):
        kb = procs.rss_kb(self.worker_procs[0].pid)
        # PostgreSQL is the broker here; its backends are not counted.
        return {"hub": None, "worker_one": kb, "workers_all": kb}


class Client:
    def __init__(self, spec):
        self.db = psycopg.connect(spec["dsn"], autocommit=True)

    def submit(self, i, record):
        self.db.execute(ADD, (i, bool(record)))
        return i

    def close(self):
        self.db.close()


def make_client(spec):
    return Client(spec)
