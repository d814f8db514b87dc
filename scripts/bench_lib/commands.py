"""The command line of each bench_lib helper: `helper.py COMMAND ARG...`, one function a command."""
import sys


def dispatch(commands, argv, usage):
    """Calls commands[argv[1]] = (function, argument count) with the arguments that follow; exits
    with usage when the command is unknown or the count is wrong."""
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.exit(usage)
    func, _ = commands[argv[1]]
    func(*argv[2:])
