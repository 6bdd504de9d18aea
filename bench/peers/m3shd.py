"""m3shd: the hub (m3shd-hubd) and W builtin workers (m3shd-workerd, one slot each); on SQLite
by default, or on PostgreSQL with one or more hubs (replicas) sharing a fresh database."""

import json
import os
import secrets
import subprocess
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

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


def rotated(items: list, first: int) -> list:
    """`items` starting at index `first`: a client's own hub first, the others to fail over to."""
    k = first % len(items)
    return items[k:] + items[:k]


class M3shd(Peer):
    name = "m3shd"
    label = "m3shd"
    http = True
    hubs = 1

    def __init__(self, env, workdir, bin_dir):
        super().__init__(env, workdir)
        self.bin = lambda b: os.path.join(bin_dir, b)
        self.token = secrets.token_hex(24)
        self.ports = []
        self.hub_procs = []
        self.api = None

    @property
    def port(self):
        return self.ports[0] if self.ports else None

    @property
    def url(self):
        return self.urls[0]

    @property
    def urls(self):
        return [f"http://127.0.0.1:{p}" for p in self.ports]

    def cli_env(self) -> dict:
        env = clean_env(self.env, self.workdir)
        env["M3SHD_TOKEN"] = self.token
        env["M3SHD_HUB"] = ",".join(self.urls)
        return env

    # -- hooks for the store ------------------------------------------------------
    def open_store(self, run: str) -> None:
        """Prepare what the hubs store into before they start (SQLite: their data dir)."""

    def close_store(self) -> None:
        pass

    def hub_env(self) -> dict:
        env = clean_env(self.env, self.workdir)
        env["M3SHD_MASTER_TOKEN"] = self.token
        return env

    # -- lifecycle ----------------------------------------------------------------
    def start(self, workers: int) -> None:
        run = self.dir(f"w{workers}-{secrets.token_hex(3)}")
        self.open_store(run)
        self.ports = [procs.free_port() for _ in range(self.hubs)]
        env = self.hub_env()
        for i, port in enumerate(self.ports):
            suffix = "" if self.hubs == 1 else str(i + 1)
            self.hub_procs.append(procs.spawn(
                [self.bin("m3shd-hubd"), "--listen", f"127.0.0.1:{port}",
                 "--data-dir", os.path.join(run, f"hub{suffix}"), "--no-default-schedules",
                 # Room for the fan-out run's 10,000 live subscribers.
                 "--max-connections", "12000"],
                env=env, log=os.path.join(run, f"hubd{suffix}.log")))
        self.hub_proc = self.hub_procs[0]
        for port in self.ports:
            procs.wait_for(lambda p=port: Http("127.0.0.1", p).call("GET", "/api/health"),
                           60, f"m3shd-hubd on port {port}")
        self.api = Http("127.0.0.1", self.port, self.token)
        for n in range(1, workers + 1):
            name = f"bench-{n}"
            out = subprocess.run(
                [self.bin("m3shd"), "token", "create", "--agent", name, "--role", "worker",
                 "--json", "--hub", self.url],
                env=self.cli_env(), check=True, capture_output=True, text=True, timeout=30)
            wenv = clean_env(self.env, self.workdir)
            wenv["M3SHD_TOKEN"] = json.loads(out.stdout)["token"]
            # Worker n connects to hub n mod H first and fails over to the others.
            self.worker_procs.append(procs.spawn(
                [self.bin("m3shd-workerd"), "--hub", ",".join(rotated(self.urls, n - 1)),
                 "--name", name, "--capabilities", "general", "--slots", "1",
                 "--executor", "builtin", "--state-dir", os.path.join(run, name)],
                env=wenv, log=os.path.join(run, f"{name}.log")))
        procs.wait_for(lambda: self.api.call("GET", "/api/status")["agents_online"] >= workers,
                       30, "m3shd workers online")

    def stop(self):
        # Workers, then the first hub (Peer.stop), then the other hubs.
        super().stop()
        for p in self.hub_procs[1:]:
            procs.stop(p, grace=5.0)
        self.hub_procs = []
        if self.api is not None:
            self.api.close()
            self.api = None
        self.close_store()

    def ensure_alive(self):
        super().ensure_alive()
        for p in self.hub_procs[1:]:
            if p.poll() is not None:
                raise RuntimeError(f"{self.label}: a second hub exited with {p.returncode}")

    @property
    def min_submitters(self):
        return self.hubs

    def client_spec(self):
        return {"module": "peers.m3shd", "ports": self.ports, "token": self.token,
                "task": TASK}

    def counts(self) -> dict:
        # Every hub reads the same store, so the first one answers for all.
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
        hubs = [procs.rss_kb(p.pid) for p in self.hub_procs]
        out = {"hub": sum(hubs), "hub_anon": sum(procs.anon_kb(p.pid) for p in self.hub_procs),
               "worker_one": w[0] if w else 0, "workers_all": sum(w)}
        if len(hubs) > 1:
            out["hubs"] = hubs
        return out

    def wrk_target(self):
        return {"url": f"{self.url}/api/tasks", "token": self.token, "body": json.dumps(TASK)}


class M3shdPostgres(M3shd):
    """The hub on PostgreSQL: a fresh database per start, created on the server `admin_dsn`
    names and dropped (WITH (FORCE)) at stop; every replica shares the master token and keys."""

    def __init__(self, env, workdir, bin_dir, admin_dsn, hubs):
        super().__init__(env, workdir, bin_dir)
        self.hubs = hubs
        self.name = f"m3shd_pg{hubs}"
        self.label = f"m3shd (PostgreSQL, {hubs} hub{'s' if hubs > 1 else ''})"
        # wrk drives one URL: with several replicas it would measure one of them.
        self.http = hubs == 1
        self.admin_dsn = admin_dsn
        self.db_name = None
        self.keys = {"M3SHD_ENCRYPTION_KEYS": f"bench001:{secrets.token_hex(32)}",
                     "M3SHD_PROVENANCE_KEY": secrets.token_hex(32)}

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_dsn, autocommit=True) as db:
            db.execute(sql)

    def open_store(self, run):
        # Named after the run's scratch database, so bench/run's teardown finds what a killed
        # run left behind.
        base = urlsplit(self.admin_dsn).path.lstrip("/") or "m3shd_bench"
        self.db_name = f"{base}_{self.name}_{secrets.token_hex(3)}"
        self._admin(f'CREATE DATABASE "{self.db_name}"')

    def close_store(self):
        if self.db_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            self.db_name = None

    def hub_env(self):
        env = super().hub_env()
        env.update(self.keys)
        env["M3SHD_DATABASE_URL"] = urlunsplit(
            urlsplit(self.admin_dsn)._replace(path=f"/{self.db_name}"))
        return env


class Client(TaskClient):
    """Submitter k posts to hub k mod H, so the submitters are spread over the replicas."""

    def __init__(self, spec):
        ports = spec["ports"]
        super().__init__({**spec, "port": ports[spec.get("submitter", 0) % len(ports)]})


def make_client(spec):
    return Client(spec)
