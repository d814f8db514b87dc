"""Starts a server for scripts/bench and measures the time from its exec to its first 200.

    launch.py RESULT_FILE PORT PATH TIMEOUT_S -- COMMAND [ARGS...]

This process becomes the server: it starts a new session (so the server and everything it
forks is one process group, whose id is this pid, for the cleanup), forks a poller, and execs
COMMAND. The poller asks http://127.0.0.1:PORT/PATH in a tight loop (a refused connection is
retried after 0.2 ms) and writes to RESULT_FILE, as JSON, {"ms": time from the exec to the first
200, "attempts": N} or {"error": "..."} after TIMEOUT_S seconds. The clock starts just before
execvp(), so Python's own start-up is not counted.
"""
import json
import os
import socket
import sys
import time


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
    while True:
        attempts += 1
        status = ask(port, path)
        now = time.monotonic_ns()
        if status == 200:
            result = {"ms": round((now - t0) / 1e6, 2), "attempts": attempts}
            break
        if (now - t0) / 1e9 > timeout_s:
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
    result_file, port, path, timeout_s = argv[1], int(argv[2]), argv[3], float(argv[4])
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
