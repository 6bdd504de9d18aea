"""Celery + Redis: one `celery worker --pool prefork --concurrency W` on the bench's Redis."""

import os
import secrets
import sys

import redis

from lib import procs
from peers.base import Peer


def celery_env(spec: dict) -> dict:
    return {"BENCH_CELERY_BROKER": spec["broker"], "BENCH_CELERY_QUEUE": spec["queue"],
            "BENCH_CELERY_PREFIX": spec["prefix"]}


class CeleryRedis(Peer):
    name = "celery"
    label = "Celery + Redis"

    def __init__(self, env, workdir, redis_url):
        super().__init__(env, workdir)
        self.redis_url = redis_url
        self.redis = redis.Redis.from_url(redis_url)
        self.bench_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.spec = None

    def start(self, workers):
        tag = f"m3shd_bench_{os.getpid()}_{secrets.token_hex(3)}"
        run = self.dir(f"w{workers}-{tag[-6:]}")
        self.spec = {"module": "peers.celery_redis", "broker": self.redis_url,
                     "queue": tag, "prefix": tag}
        env = dict(self.env)
        env.update(celery_env(self.spec))
        env["PYTHONPATH"] = self.bench_dir
        celery = os.path.join(os.path.dirname(sys.executable), "celery")
        # Gossip, mingle and heartbeats are cluster chatter a one-node benchmark does without.
        self.hub_proc = None
        self.worker_procs = [procs.spawn(
            [celery, "-A", "peers.celery_app", "worker", "--pool", "prefork",
             "--concurrency", str(workers), "--loglevel", "WARNING", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-Q", tag],
            env=env, cwd=self.bench_dir, log=os.path.join(run, "worker.log"))]

    def stop(self):
        super().stop()
        if self.spec:
            tag = self.spec["queue"]
            keys = list(self.redis.scan_iter(f"*{tag}*"))
            if keys:
                self.redis.delete(*keys)
            # Kombu keeps its bindings' expiry times in one shared sorted set.
            for z in self.redis.scan_iter("_kombu.binding_deadlines*"):
                if self.redis.type(z) == b"zset":
                    for member in self.redis.zrange(z, 0, -1):
                        if tag.encode() in member:
                            self.redis.zrem(z, member)
                    if self.redis.zcard(z) == 0:
                        self.redis.delete(z)
            self.spec = None

    def client_spec(self):
        return self.spec

    def done_count(self):
        return int(self.redis.get(f"{self.spec['prefix']}:done") or 0)

    def start_times(self, keys):
        raw = self.redis.hgetall(f"{self.spec['prefix']}:starts")
        want = set(keys)
        out = {int(k): float(v) for k, v in raw.items()}
        return {k: v for k, v in out.items() if k in want}

    def broker_pid(self):
        try:
            return int(self.redis.info("server")["process_id"])
        except Exception:
            return None

    def rss(self):
        parent = self.worker_procs[0].pid
        children = procs.children_of(parent)
        bp = self.broker_pid()
        return {"hub": procs.rss_kb(bp) if bp else 0,
                "hub_anon": procs.anon_kb(bp) if bp else 0,
                "worker_one": procs.rss_kb(children[0]) if children else 0,
                "workers_all": procs.tree_rss_kb(parent)}


class Client:
    def __init__(self, spec):
        os.environ.update(celery_env(spec))
        from peers.celery_app import noop

        self.noop = noop

    def submit(self, i, record):
        self.noop.delay(i, record)
        return i

    def close(self):
        pass


def make_client(spec):
    return Client(spec)
