"""Child processes in their own process groups, so that teardown reaches their children too."""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

_children: list[subprocess.Popen] = []
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # If the orchestrator is killed outright, its direct children follow it.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def spawn(argv, *, env=None, cwd=None, log=None, stdin=None, stdout=None) -> subprocess.Popen:
    """Start argv in a new session (its own process group); it is killed by stop_all()."""
    logf = open(log, "ab") if log else subprocess.DEVNULL
    p = subprocess.Popen(
        argv,
        env=env,
        cwd=cwd,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=stdout if stdout is not None else logf,
        stderr=logf,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    _children.append(p)
    return p


def stop(p: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it is still there after `grace` seconds."""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    # Stragglers in the group (forked children) go even when the leader has exited.
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        p.wait(2)
    except subprocess.TimeoutExpired:
        pass
    if p in _children:
        _children.remove(p)


def stop_all() -> None:
    for p in list(reversed(_children)):
        stop(p, grace=3.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond, timeout: float, what: str, interval: float = 0.05):
    """Poll cond() until it returns a truthy value; raise TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_err = None
    while time.monotonic() < deadline:
        try:
            v = cond()
            if v:
                return v
        except Exception as e:  # the thing polled is often not up yet
            last_err = e
        time.sleep(interval)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f}s ({last_err})")


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kb(pid: int) -> int:
    return _status_kb(pid, "VmRSS")


def anon_kb(pid: int) -> int:
    """The anonymous part of the RSS (heap, stacks, written data): what the process holds that
    the kernel cannot drop and read back from a file, unlike its code pages."""
    return _status_kb(pid, "RssAnon")


def children_of(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces; fields after the closing parenthesis are fixed.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            out.append(int(d))
    return out


def tree_rss_kb(pid: int) -> int:
    return rss_kb(pid) + sum(tree_rss_kb(c) for c in children_of(pid))


def progress(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)
