"""A keep-alive JSON client over http.client: the plain stdlib way a Python script talks HTTP."""

import http.client
import json


class Http:
    def __init__(self, host: str, port: int, token: str | None = None, timeout: float = 30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=data, headers=self.headers)
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt:
                    raise
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: HTTP {r.status}: {raw[:200]!r}")
        return json.loads(raw) if raw else None

    def close(self):
        self.conn.close()


class TaskClient:
    """A submitter for a hub with the `POST /api/tasks` shape: the body is
    the spec's `task`."""

    def __init__(self, spec):
        self.http = Http("127.0.0.1", spec["port"], spec["token"])
        self.task = spec["task"]

    def submit(self, i, record):
        return self.http.call("POST", "/api/tasks", self.task)["id"]

    def close(self):
        self.http.close()
