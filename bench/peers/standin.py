"""The Python stand-in of the hub design (standin_hub.py) with W long-polling workers."""

import json
import os
import secrets
import sys

from lib import procs
from lib.http import Http, TaskClient
from peers.base import Peer

TASK = {"prompt": "echo hi", "capability": "general"}


class Standin(Peer):
    name = "standin"
    label = "Python stand-in"
    http = True

    def __init__(self, env, workdir):
        super().__init__(env, workdir)
        self.token = secrets.token_hex(24)
        self.port = None
        self.api = None
        self.bench_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def _env(self):
        env = dict(self.env)
        env["PYTHONPATH"] = self.bench_dir
        env["BENCH_STANDIN_TOKEN"] = self.token
        return env

    def start(self, workers):
        run = self.dir(f"w{workers}-{secrets.token_hex(3)}")
        self.port = procs.free_port()
        env = self._env()
        env["BENCH_STANDIN_DB"] = os.path.join(run, "standin.db")
        self.hub_proc = procs.spawn(
            [sys.executable, "-m", "uvicorn", "peers.standin_hub:app", "--host", "127.0.0.1",
             "--port", str(self.port), "--no-access-log", "--log-level", "warning"],
            env=env, cwd=self.bench_dir, log=os.path.join(run, "hub.log"))
        procs.wait_for(lambda: Http("127.0.0.1", self.port).call("GET", "/api/health"),
                       30, "stand-in hub")
        self.api = Http("127.0.0.1", self.port, self.token)
        for n in range(1, workers + 1):
            self.worker_procs.append(procs.spawn(
                [sys.executable, "-m", "peers.standin_worker", str(self.port), f"bench-{n}"],
                env=self._env(), cwd=self.bench_dir, log=os.path.join(run, f"worker-{n}.log")))

    def client_spec(self):
        return {"module": "peers.standin", "port": self.port, "token": self.token,
                "task": TASK}

    def counts(self):
        return self.api.call("GET", "/api/status")["tasks"]

    def done_count(self):
        return self.counts().get("done", 0)

    def created_count(self):
        return sum(self.counts().values())

    def start_times(self, keys):
        keys = list(keys)
        if not keys:
            return {}
        rows = self.api.call("GET", f"/api/tasks/started?since={min(keys)}")["tasks"]
        want = set(keys)
        return {i: t for i, t in rows if i in want}

    def rss(self):
        w = [procs.rss_kb(p.pid) for p in self.worker_procs]
        return {"hub": procs.rss_kb(self.hub_proc.pid), "worker_one": w[0] if w else 0,
                "workers_all": sum(w)}

    def wrk_target(self):
        return {"url": f"http://127.0.0.1:{self.port}/api/tasks", "token": self.token,
                "body": json.dumps(TASK)}


def make_client(spec):
    return TaskClient(spec)
