"""Shared by the example scripts: the backend from the command line and the JSON result file."""
import argparse
import importlib
import json
import os
import time


def simulator(description, *extra):
    """(sim module, options): the first argument names the PyNN backend (pyNN.<name>)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("simulator")
    for args, kwargs in extra:
        ap.add_argument(*args, **kwargs)
    ap.add_argument("--out", default=".")
    ap.add_argument("--threads", type=int, default=1, help="SHNN worker threads")
    options = ap.parse_args()
    sim = importlib.import_module("pyNN.%s" % options.simulator)
    return sim, options


def extra_setup(options):
    """setup() arguments: SHNN's thread count for shnn, nothing for the others."""
    return {"threads": options.threads} if options.simulator == "shnn" else {}


def save(options, name, result):
    os.makedirs(options.out, exist_ok=True)
    path = os.path.join(options.out, "%s_%s.json" % (name, options.simulator))
    with open(path, "w") as f:
        json.dump(result, f)
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, (list, dict))}))


class Timer:
    def __init__(self):
        self.t = time.perf_counter()

    def lap(self):
        now = time.perf_counter()
        d, self.t = now - self.t, now
        return d
