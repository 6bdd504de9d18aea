"""What the orchestrator needs from each system under test."""

import os

from lib import procs


class Peer:
    name = "?"
    label = "?"
    # Whether wrk can POST tasks to it (the HTTP systems).
    http = False
    # The fewest paced submitter processes in the latency runs (one per hub for replicas).
    min_submitters = 1

    def __init__(self, env: dict, workdir: str):
        self.env = env
        self.workdir = workdir
        self.hub_proc = None
        self.worker_procs = []
        self.submitted = 0

    def dir(self, name: str) -> str:
        d = os.path.join(self.workdir, name)
        os.makedirs(d, exist_ok=True)
        return d

    # -- to implement -------------------------------------------------------------
    def start(self, workers: int) -> None:
        raise NotImplementedError

    def client_spec(self) -> dict:
        raise NotImplementedError

    def done_count(self) -> int:
        """Tasks completed since start."""
        raise NotImplementedError

    def start_times(self, keys) -> dict:
        """Wall-clock start (epoch seconds) of each task key, as the system recorded it."""
        raise NotImplementedError

    def rss(self) -> dict:
        """KiB: hub (or broker), one worker process, all worker processes; `hub_anon`, where
        known, the anonymous part of the hub's."""
        raise NotImplementedError

    # -- for the HTTP systems -----------------------------------------------------
    def wrk_target(self) -> dict:
        """url, headers and body of a task POST, for wrk."""
        raise NotImplementedError

    def created_count(self) -> int:
        raise NotImplementedError

    # -- common -------------------------------------------------------------------
    def stop(self) -> None:
        for p in self.worker_procs:
            procs.stop(p, grace=3.0)
        self.worker_procs = []
        if self.hub_proc is not None:
            procs.stop(self.hub_proc, grace=5.0)
            self.hub_proc = None
        self.submitted = 0

    def ensure_alive(self) -> None:
        for p in [self.hub_proc, *self.worker_procs]:
            if p is not None and p.poll() is not None:
                raise RuntimeError(f"{self.label}: process {p.args[0]} exited with {p.returncode}")
