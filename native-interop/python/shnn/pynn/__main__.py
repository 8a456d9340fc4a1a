"""Runs a PyNN script unchanged on SHNN: ``python3 -m shnn.pynn script.py shnn [args...]``.

Imports this backend first (which makes ``import pyNN.shnn`` work, as PyNN's examples do through
``pyNN.utility.get_simulator``), then runs the script as ``__main__`` with the remaining arguments."""
import os
import runpy
import sys

import shnn.pynn  # noqa: F401 (registers pyNN.shnn)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: python3 -m shnn.pynn script.py [args...]")
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
