"""m3shd: the hub (m3shd-hubd) and W builtin workers (m3shd-workerd, one slot each)."""

import json
import os
import secrets
import subprocess
from datetime import datetime

from lib import procs
from lib.http import Http, TaskClient
from peers.base import Peer

TASK = {"prompt": "echo hi", "required_capability": "general"}


def clean_env(base: dict, workdir: str) -> dict:
    """The caller's environment without its m3shd settings, and config dirs of our own, so no
    profile or config file of the machine's user changes what is measured."""
    env = {k: v for k, v in base.items() if not k.startswith("M3SHD_")}
    env["XDG_CONFIG_HOME"] = os.path.join(workdir, "config")
    env["XDG_DATA_HOME"] = os.path.join(workdir, "data")
    env["RUST_LOG"] = "warn"
    return env


class M3shd(Peer):
    name = "m3shd"
    label = "m3shd"
    http = True

    def __init__(self, env, workdir, bin_dir):
        super().__init__(env, workdir)
        self.bin = lambda b: os.path.join(bin_dir, b)
        self.token = secrets.token_hex(24)
        self.port = None
        self.api = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def cli_env(self) -> dict:
        env = clean_env(self.env, self.workdir)
        env["M3SHD_TOKEN"] = self.token
        env["M3SHD_HUB"] = self.url
        return env

    def start(self, workers: int) -> None:
        run = self.dir(f"w{workers}-{secrets.token_hex(3)}")
        self.port = procs.free_port()
        env = clean_env(self.env, self.workdir)
        env["M3SHD_MASTER_TOKEN"] = self.token
        self.hub_proc = procs.spawn(
            [self.bin("m3shd-hubd"), "--listen", f"127.0.0.1:{self.port}",
             "--data-dir", os.path.join(run, "hub"), "--no-default-schedules",
             # Room for the fan-out run's 10,000 live subscribers.
             "--max-connections", "12000"],
            env=env, log=os.path.join(run, "hubd.log"))
        self.api = Http("127.0.0.1", self.port, self.token)
        procs.wait_for(lambda: Http("127.0.0.1", self.port).call("GET", "/api/health"),
                       30, "m3shd-hubd")
        for n in range(1, workers + 1):
            name = f"bench-{n}"
            out = subprocess.run(
                [self.bin("m3shd"), "token", "create", "--agent", name, "--role", "worker",
                 "--json", "--hub", self.url],
                env=self.cli_env(), check=True, capture_output=True, text=True, timeout=30)
            wenv = clean_env(self.env, self.workdir)
            wenv["M3SHD_TOKEN"] = json.loads(out.stdout)["token"]
            self.worker_procs.append(procs.spawn(
                [self.bin("m3shd-workerd"), "--hub", self.url, "--name", name,
                 "--capabilities", "general", "--slots", "1", "--executor", "builtin",
                 "--state-dir", os.path.join(run, name)],
                env=wenv, log=os.path.join(run, f"{name}.log")))
        procs.wait_for(lambda: self.api.call("GET", "/api/status")["agents_online"] >= workers,
                       30, "m3shd workers online")

    def client_spec(self):
        return {"module": "peers.m3shd", "port": self.port, "token": self.token,
                "task": TASK}

    def counts(self) -> dict:
        return self.api.call("GET", "/api/status")["tasks"]

    def done_count(self):
        c = self.counts()
        return c["done"] + c["failed"] + c["cancelled"]

    def created_count(self):
        return sum(self.counts().values())

    def start_times(self, keys):
        want, found, before = set(keys), {}, None
        # Newest first, so the tasks just submitted come in the first pages.
        while want - found.keys():
            q = "/api/tasks?limit=500" + (f"&before={before}" if before else "")
            page = self.api.call("GET", q)["tasks"]
            if not page:
                break
            for t in page:
                if t["id"] in want and t["started_at"]:
                    found[t["id"]] = datetime.fromisoformat(t["started_at"]).timestamp()
            before = page[-1]["id"]
        return found

    def rss(self):
        w = [procs.rss_kb(p.pid) for p in self.worker_procs]
        return {"hub": procs.rss_kb(self.hub_proc.pid), "worker_one": w[0] if w else 0,
                "workers_all": sum(w)}

    def wrk_target(self):
        return {"url": f"{self.url}/api/tasks", "token": self.token, "body": json.dumps(TASK)}


def make_client(spec):
    return TaskClient(spec)
