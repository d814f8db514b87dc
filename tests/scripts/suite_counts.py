#!/usr/bin/python3
"""What CTest registered from the doctest binaries, against what they list and what ran.

    suite_counts.py check BUILD_DIR             every registered entry selects exactly one case,
                                                and every case a binary lists is registered
    suite_counts.py summary BUILD_DIR RUN_LOG [-LE postgres]
                                                after a run with POLLS_TEST_RUN_LOG=RUN_LOG: per
                                                binary and backend, "cases run/registered"; exit 1
                                                if any registered case did not run (-LE postgres:
                                                the PostgreSQL copies were left out on purpose)

Entries come from `ctest --show-only=json-v1`: a doctest entry is named "<suite>:<case>" or
"<suite>[postgres]:<case>" and runs "<binary> --test-case=<case>". Both commands exit 1 with the
reason on standard error when the counts do not agree.
"""
import collections
import json
import os
import re
import subprocess
import sys

ENTRY = re.compile(r"^(?P<suite>[a-z]+)(?P<postgres>\[postgres\])?:(?P<case>.*)$", re.S)


def doctest_entries(build_dir):
    """[(suite, backend, case name, binary, filter, environment)] of every doctest entry."""
    shown = subprocess.run(["ctest", "--test-dir", build_dir, "--show-only=json-v1"],
                           check=True, capture_output=True, text=True).stdout
    entries = []
    for test in json.loads(shown)["tests"]:
        command = test.get("command") or []
        if len(command) != 2 or not command[1].startswith("--test-case="):
            continue  # a black-box script
        match = ENTRY.match(test["name"])
        if not match:
            raise SystemExit("unexpected CTest entry name: %r" % test["name"])
        env = {}
        for prop in test.get("properties", []):
            if prop["name"] == "ENVIRONMENT":
                env.update(item.split("=", 1) for item in prop["value"])
        backend = "postgres" if match.group("postgres") else "sqlite"
        entries.append((match.group("suite"), backend, match.group("case"), command[0],
                        command[1][len("--test-case="):], env))
    return entries


def listed_cases(binary, *filters):
    out = subprocess.run([binary, "--list-test-cases", *filters], check=True,
                         capture_output=True, text=True).stdout
    return [line for line in out.splitlines()
            if line and not line.startswith("[doctest]") and not set(line) == {"="}]


def check(build_dir):
    entries = doctest_entries(build_dir)
    problems = []
    registered = collections.defaultdict(set)
    on_sqlite = collections.defaultdict(set)
    for suite, backend, case, binary, case_filter, _ in entries:
        matched = listed_cases(binary, "--test-case=" + case_filter)
        if matched != [case]:
            problems.append("%s:%s (%s) selects %d case(s): %r"
                            % (suite, case, backend, len(matched), matched[:3]))
        registered[binary].add(case)
        if backend == "sqlite":
            on_sqlite[binary].add(case)
    for binary in sorted(registered):
        every = listed_cases(binary)
        missing = [case for case in every if case not in registered[binary]]
        for case in missing:
            problems.append("%s lists %r but CTest runs it nowhere" % (os.path.basename(binary), case))
        # Only the suite "postgres" may skip SQLite.
        for case in listed_cases(binary, "--test-suite-exclude=postgres"):
            if case not in on_sqlite[binary] and case not in missing:
                problems.append("%s: %r is not run on SQLite" % (os.path.basename(binary), case))
        by_backend = collections.Counter(b for _, b, _, bin_, _, _ in entries if bin_ == binary)
        print("%s: %d cases listed, %d registered on SQLite, %d on PostgreSQL"
              % (os.path.basename(binary), len(every), by_backend["sqlite"], by_backend["postgres"]))
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    return 1 if problems else 0


def summary(build_dir, run_log, without_postgres=False):
    entries = doctest_entries(build_dir)
    registered = collections.defaultdict(set)
    for suite, backend, case, binary, _, _ in entries:
        registered[(os.path.basename(binary), backend)].add(case)
    ran = collections.defaultdict(set)
    if os.path.exists(run_log):
        with open(run_log, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t", 2)
                if len(parts) == 3:
                    ran[(parts[0], parts[1])].add(parts[2])
    status, parts = 0, []
    for key in sorted(registered):
        binary, backend = key
        if backend == "postgres" and without_postgres:
            parts.append("%s on postgres left out" % binary)
            continue
        expected, got = registered[key], ran.get(key, set())
        parts.append("%s on %s %d/%d" % (binary, backend, len(got & expected), len(expected)))
        for case in sorted(expected - got)[:5]:
            print("FAIL: %s on %s: %r is registered but did not run" % (binary, backend, case),
                  file=sys.stderr)
        if expected - got:
            status = 1
    print("doctest cases run/registered: " + ", ".join(parts))
    return status


def main(argv):
    if len(argv) == 3 and argv[1] == "check":
        return check(argv[2])
    if len(argv) == 4 and argv[1] == "summary":
        return summary(argv[2], argv[3])
    if len(argv) == 6 and argv[1] == "summary" and argv[4:] == ["-LE", "postgres"]:
        return summary(argv[2], argv[3], without_postgres=True)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
