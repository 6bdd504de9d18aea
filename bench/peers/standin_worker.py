"""A stand-in worker: long-polls the stand-in hub for a task, runs `echo`, reports the result."""

import os
import sys

from lib.http import Http


def main():
    port, name = int(sys.argv[1]), sys.argv[2]
    api = Http("127.0.0.1", port, os.environ["BENCH_STANDIN_TOKEN"], timeout=60)
    while True:
        task = api.call("POST", "/api/claim", {"worker": name})
        if task["id"] is None:
            continue
        prompt = task["prompt"]
        output = prompt[5:] if prompt.startswith("echo ") else prompt
        api.call("POST", f"/api/tasks/{task['id']}/complete", {"output": output})


if __name__ == "__main__":
    main()
