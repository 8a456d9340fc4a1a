#!/usr/bin/env python3
"""Runs a command, then writes its peak resident set size (bytes) to OUT and its CPU time (user +
system, seconds) to OUT.cpu: `rss_wrap.py OUT CMD...`.

Brian2's standalone device runs its binary through `prefs.devices.cpp_standalone.run_cmd_unix`;
pointing that at this wrapper measures the simulation process alone (os.wait4 gives the rusage of
that one child, not of the compiler that ran before it). Exits with the command's exit code.
"""
import os
import subprocess
import sys


def main():
    out, cmd = sys.argv[1], sys.argv[2:]
    child = subprocess.Popen(cmd)
    _, status, usage = os.wait4(child.pid, 0)
    with open(out, "w") as f:
        f.write(str(usage.ru_maxrss * 1024))  # Linux reports kilobytes
    with open(out + ".cpu", "w") as f:
        f.write(repr(usage.ru_utime + usage.ru_stime))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
