"""Starts a server for scripts/bench and measures the time from its exec to its first 200.

    launch.py RESULT_FILE PORT PATH TIMEOUT_S -- COMMAND [ARGS...]

This process becomes the server: it starts a new session (so the server and everything it
forks is one process group, whose id is this pid, for the cleanup), forks a poller, and execs
COMMAND. The poller asks http://127.0.0.1:PORT/PATH in a tight loop (a refused connection is
retried after 0.2 ms) and writes to RESULT_FILE, as JSON, {"ms": time from the exec to the first
200, "attempts": N, "port": PORT} or {"error": "..."} after TIMEOUT_S seconds. The clock starts
just before execvp(), so Python's own start-up is not counted.

PORT may instead be log:FILE, for polls started on port 0 (`--listen 127.0.0.1:0`) with its
stdout appended to FILE: the system picks a free port as polls binds it, and the poller reads it
from the "polls is serving" line polls writes to FILE (only what is written after this launch
counts), then asks that port as above.
"""
import json
import os
import re
import socket
import sys
import time

# The "url" of a polls log line, JSON ("url":"http://127.0.0.1:41234/") or text
# (url=http://127.0.0.1:41234/). The closing "/" means the URL was read whole.
LOGGED_URL = re.compile(r'(?:^|[ ,])"?url"?[:=]"?http://[^"/ ]*:(\d+)/')


def serving_port(log_file, offset):
    """The port of the first "polls is serving" line written to log_file past offset, or None."""
    try:
        with open(log_file, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    for line in text.splitlines(keepends=True):
        if "polls is serving" in line and line.endswith("\n"):
            match = LOGGED_URL.search(line)
            if match and int(match.group(1)) > 0:
                return int(match.group(1))
    return None


def ask(port, path):
    """The status code of GET PATH, or None when nothing listens yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                      "Connection: close\r\n\r\n".encode())
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(4096)
                if not chunk:
                    break
                head += chunk
    except OSError:
        return None
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def poll(read_fd, result_file, port, path, timeout_s, server_pid):
    with os.fdopen(read_fd, "rb") as r:
        t0 = int(r.read().decode() or "0")  # EOF on the server's exec (the fd is CLOEXEC)
    attempts = 0
    result = None
    status = None
    while True:
        if isinstance(port, tuple):  # (log file, offset): polls has not said its port yet
            found = serving_port(*port)
            if found is not None:
                port = found
                continue
        else:
            attempts += 1
            status = ask(port, path)
        now = time.monotonic_ns()
        if status == 200:
            result = {"ms": round((now - t0) / 1e6, 2), "attempts": attempts, "port": port}
            break
        if (now - t0) / 1e9 > timeout_s:
            if isinstance(port, tuple):
                result = {"error": f"no \"polls is serving\" line with a port in {port[0]} "
                          f"within {timeout_s} s"}
            else:
                result = {"error": f"no 200 from 127.0.0.1:{port}{path} within {timeout_s} s "
                          f"(last status: {status})"}
            break
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            result = {"error": "the server exited before answering"}
            break
        time.sleep(0.0002)
    tmp = result_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f)
    os.rename(tmp, result_file)


def main(argv):
    if len(argv) < 7 or argv[5] != "--":
        sys.exit(__doc__)
    result_file, path, timeout_s = argv[1], argv[3], float(argv[4])
    if argv[2].startswith("log:"):
        log_file = argv[2][len("log:"):]
        port = (log_file, os.path.getsize(log_file) if os.path.exists(log_file) else 0)
    else:
        port = int(argv[2])
    command = argv[6:]
    os.setsid()
    server_pid = os.getpid()
    read_fd, write_fd = os.pipe()  # not inherited across exec
    child = os.fork()
    if child == 0:
        # Fork again so that the poller is not the server's child (no zombie under the server).
        os.close(write_fd)
        if os.fork() == 0:
            try:
                poll(read_fd, result_file, port, path, timeout_s, server_pid)
            finally:
                os._exit(0)
        os._exit(0)
    os.close(read_fd)
    os.waitpid(child, 0)
    os.write(write_fd, str(time.monotonic_ns()).encode())
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv)
