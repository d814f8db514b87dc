"""HTTP and process helpers of scripts/bench (Python stdlib only). Only 127.0.0.1 is ever asked.

    client.py port                 prints a free TCP port on 127.0.0.1
    client.py status PORT PATH     prints the status code of a GET of PATH
    client.py save PORT PATH FILE  GETs PATH, checks the 200, writes the body to FILE, prints
                                   its size
    client.py csrf PORT PATH       GETs a question's page and prints "COOKIE TOKEN CHOICE_ID..."
                                   (csrftoken cookie, csrfmiddlewaretoken field, the radio values)
    client.py mem PGID             prints, as JSON, the processes of group PGID and the sums of
                                   their VmRSS, VmHWM (peak) and Pss, in KiB
"""
import http.client
import json
import os
import re
import socket
import sys

from commands import dispatch


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def get(port, path, check=True):
    con = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    con.request("GET", path)
    res = con.getresponse()
    body = res.read()
    con.close()
    if check and res.status != 200:
        sys.exit(f"GET http://127.0.0.1:{port}{path}: status {res.status}")
    return res, body


def status(port, path):
    res, _ = get(port, path, check=False)
    print(res.status)


def save(port, path, file):
    _, body = get(port, path)
    with open(file, "wb") as f:
        f.write(body)
    print(len(body))


def csrf(port, path):
    print(*csrf_values(port, path))


def csrf_values(port, path):
    """[cookie, token, choice ids...] of a question's page."""
    res, body = get(port, path)
    cookie = None
    for name, value in res.getheaders():
        if name.lower() == "set-cookie":
            m = re.match(r"\s*csrftoken=([^;]+)", value)
            if m:
                cookie = m.group(1)
    html = body.decode()
    token = re.search(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"', html)
    choices = re.findall(r'name="choice"[^>]*\svalue="(\d+)"', html)
    if not cookie or not token or not choices:
        sys.exit(f"GET http://127.0.0.1:{port}{path}: no csrftoken cookie, csrfmiddlewaretoken "
                 f"or choices (cookie: {bool(cookie)}, token: {bool(token)}, "
                 f"choices: {len(choices)})")
    return [cookie, token.group(1), *choices]


def group_members(pgid):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state ppid pgrp ...
        if fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
            pids.append(int(entry))
    return sorted(pids)


def status_kb(pid, key, file="status"):
    try:
        with open(f"/proc/{pid}/{file}") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def mem(pgid):
    pids = group_members(int(pgid))
    print(json.dumps({
        "pids": pids,
        "rss_kb": sum(status_kb(p, "VmRSS") for p in pids),
        "hwm_kb": sum(status_kb(p, "VmHWM") for p in pids),
        "pss_kb": sum(status_kb(p, "Pss", "smaps_rollup") for p in pids),
    }))


def main(argv):
    commands = {"port": (free_port, 0), "status": (status, 2), "save": (save, 3),
                "csrf": (csrf, 2), "mem": (mem, 1)}
    dispatch(commands, argv, __doc__)


if __name__ == "__main__":
    main(sys.argv)
