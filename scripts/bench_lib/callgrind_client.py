"""The HTTP client of scripts/callgrind (Python stdlib only). Only 127.0.0.1 is ever asked.

    callgrind_client.py wait LOG PID TIMEOUT_S
        waits until polls (started on port 0) has written the port it got to LOG and GET /healthz
        answers 200 there, and prints the port; fails if process PID ends first or TIMEOUT_S pass
    callgrind_client.py measure PORT PID PATH WARMUP REQUESTS HINT
        on ONE keep-alive HTTP/1.1 connection: WARMUP GETs of PATH, `callgrind_control -z PID`,
        REQUESTS GETs of PATH, `callgrind_control -d HINT PID`, then closes the connection. Every
        answer must be 200 and keep the connection open. The counters are zeroed and dumped
        between two requests, while polls waits for the next one, so the dump holds the measured
        requests and nothing of the connection's opening, the warm-up or the closing.
"""
import http.client
import subprocess
import sys
import time

from launch import serving_port  # the port polls logs it got (it listens on port 0)

from commands import dispatch


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"


def wait(log_file, pid, timeout_s):
    """Waits for polls (started on port 0) to log the port it got and to answer /healthz there;
    prints the port."""
    deadline = time.monotonic() + float(timeout_s)
    port = None
    while time.monotonic() < deadline:
        if not alive(pid):
            sys.exit(f"polls (pid {pid}) ended before it answered")
        port = port or serving_port(log_file, 0)
        if port is None:
            time.sleep(0.2)
            continue
        try:
            con = http.client.HTTPConnection("127.0.0.1", int(port), timeout=5)
            con.request("GET", "/healthz")
            status = con.getresponse().status
            con.close()
            if status == 200:
                print(port)
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"polls did not answer GET /healthz with 200 within {timeout_s} s")


def callgrind_control(*args):
    # callgrind_control exits 0 even when it cannot reach the process: "OK." is the answer.
    done = subprocess.run(["callgrind_control", *args], capture_output=True, text=True,
                          timeout=120)
    if done.returncode != 0 or "OK." not in done.stdout:
        sys.exit(f"callgrind_control {' '.join(args)} failed: {done.stdout}{done.stderr}")


def get(con, path, n):
    con.request("GET", path)
    res = con.getresponse()
    res.read()
    if res.status != 200:
        sys.exit(f"GET {path} (request {n} on the connection): status {res.status}, not 200")
    if res.will_close:
        sys.exit(f"GET {path} (request {n} on the connection): polls closed the connection")


def measure(port, pid, path, warmup, requests, hint):
    # Long enough for a request under callgrind on a loaded machine.
    con = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
    n = 0
    for _ in range(int(warmup)):
        n += 1
        get(con, path, n)
    callgrind_control("-z", pid)
    for _ in range(int(requests)):
        n += 1
        get(con, path, n)
    callgrind_control("-d", hint, pid)
    con.close()


def main(argv):
    commands = {"wait": (wait, 3), "measure": (measure, 6)}
    dispatch(commands, argv, __doc__)


if __name__ == "__main__":
    main(sys.argv)
