"""The Celery app of the Celery + Redis peer: one no-op task that marks itself done in Redis.

Configured from the environment (BENCH_CELERY_BROKER, BENCH_CELERY_QUEUE, BENCH_CELERY_PREFIX) so
the worker (`celery -A peers.celery_app worker`) and the submitters agree.
"""

import os
import time

import redis
from celery import Celery

BROKER = os.environ.get("BENCH_CELERY_BROKER", "redis://127.0.0.1:6379/0")
QUEUE = os.environ.get("BENCH_CELERY_QUEUE", "m3shd_bench")
PREFIX = os.environ.get("BENCH_CELERY_PREFIX", "m3shd_bench")
DONE_KEY = f"{PREFIX}:done"
STARTS_KEY = f"{PREFIX}:starts"

app = Celery("m3shd_bench", broker=BROKER)
app.conf.update(
    task_default_queue=QUEUE,
    # No result backend: completion is the counter below, as a fire-and-forget job would do.
    task_ignore_result=True,
    worker_send_task_events=False,
    # Remote control (inspect, pidbox) is cluster management; this node is benchmarked alone.
    worker_enable_remote_control=False,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)

_redis = None


def _r():
    global _redis
    # One connection per prefork child, made in the child.
    if _redis is None:
        _redis = redis.Redis.from_url(BROKER)
    return _redis


@app.task(name="noop")
def noop(i, record=False):
    started = time.time()
    if record:
        p = _r().pipeline(transaction=False)
        p.hset(STARTS_KEY, i, started)
        p.incr(DONE_KEY)
        p.execute()
    else:
        _r().incr(DONE_KEY)
