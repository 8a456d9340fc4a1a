"""PyNN's own example scripts (PyNN 0.10.1, from Debian's source tarball), run unchanged on a backend.

Debian's python3-pynn does not ship PyNN's ``examples/``, and SHNN's repository does not copy PyNN's code, so the
tarball Debian serves (``pynn_0.10.1.orig.tar.gz``) is fetched once into a cache outside the repository
(``$SHNN_CACHE``, default ``~/.cache/shnn``), checked against the SHA-256 that Debian's ``pynn_0.10.1-2.dsc``
lists (pinned below), and its ``examples/`` extracted there. Each run copies the examples into a fresh folder
(the scripts write ``Results/`` next to where they run) and runs ``/usr/bin/python3 SCRIPT BACKEND ARGS`` as a user
would; ``pyNN.shnn`` is found through the shim in ``native-interop/python/pynn_shim`` (see its ``__init__``).

Command line (regenerates the Brian2 references the tests compare with; minutes on a busy machine):
``python3 native-interop/python/tests/pynn_upstream.py --brian2-references``.
"""

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request

import numpy as np

URL = "http://deb.debian.org/debian/pool/main/p/pynn/pynn_0.10.1.orig.tar.gz"
SHA256 = "b11817579915acd7b905f49a37369d0f203f1870267f51d8caa6d78ac35cd5c2"
"""From Debian's pynn_0.10.1-2.dsc (Checksums-Sha256 of pynn_0.10.1.orig.tar.gz, 3176116 bytes)."""
TOP = "PyNN-0.10.1"

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
SHIM = os.path.join(PYTHON_DIR, "pynn_shim")
REFERENCES = os.path.join(HERE, "pynn_examples", "brian2", "upstream")
MAX_SAMPLES = 4000
"""Signals longer than this are stored and compared at every k-th sample (k the smallest stride that fits)."""
MAX_SPIKE_TIMES = 5000
"""A segment with at most this many spikes keeps their times in its summary."""

SCRIPTS = {
    # name: (script, arguments, prefix of the Neo files it writes, timeout in s on a busy machine)
    "VAbenchmarks_CUBA": ("VAbenchmarks.py", ["CUBA"], "VAbenchmarks_CUBA", 300),
    "VAbenchmarks_COBA": ("VAbenchmarks.py", ["COBA"], "VAbenchmarks_COBA", 300),
    "simple_STDP": ("simple_STDP.py", [], "simple_stdp", 120),
    "tsodyksmarkram": ("tsodyksmarkram.py", [], "tsodyksmarkram", 120),
    "current_injection": ("current_injection.py", [], "current_injection", 120),
    "Izhikevich": ("Izhikevich.py", [], "Izhikevich", 120),
    "small_network": ("small_network.py", [], "small_network", 120),
    "connections": ("connections.py", [], "connections", 120),
    "StepCurrentSource": ("StepCurrentSource.py", [], "StepCurrentSource", 120),
    "HH_cond_exp2": ("HH_cond_exp2.py", [], "HH_cond_exp2", 120),
    "cell_type_demonstration": ("cell_type_demonstration.py", [], "cell_type_demonstration", 120),
    "synaptic_input": ("synaptic_input.py", [], "synaptic_input", 120),
    "specific_network": ("specific_network.py", [], "specific_network", 120),
    "simpleRandomNetwork": ("simpleRandomNetwork.py", [], "simpleRandomNetwork_output", 120),
    "brunel": ("brunel.py", [], "brunel", 300),
    "parameter_changes": ("parameter_changes.py", [], "parameter_changes", 120),
    "inhomogeneous_network": ("inhomogeneous_network.py", [], "inhomogeneous_network", 120),
    "stdp_network": ("stdp_network.py", [], "stdp_network", 120),
    "random_numbers": ("random_numbers.py", [], "random_numbers", 120),
    "update_spike_source_array": ("update_spike_source_array.py", [], "update_spike_source_array", 120),
    "varying_poisson": ("varying_poisson.py", [], "varying_poisson", 120),
}

BACKEND_ARGUMENTS = {
    # (name, backend): arguments given to that backend's run alone, after the script's own
    ("simple_STDP", "brian2"): ["--dendritic-delay-fraction", "0"],  # Brian2's backend takes only 0 (delay axonal)
    ("simple_STDP", "shnn"): ["--dendritic-delay-fraction", "0.5"],  # SHNN's exact convention (own spike times)
}
"""simple_STDP.py fails on Brian2's backend with its default dendritic_delay_fraction (1); each backend runs it with
the value it implements exactly (the script's own --dendritic-delay-fraction option)."""


class Unavailable(Exception):
    """PyNN's examples could not be obtained (offline, or the tarball does not match the pinned SHA-256)."""


def cache_dir():
    return os.environ.get("SHNN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "shnn")


def examples_dir():
    """The extracted ``examples/`` of PyNN 0.10.1 (fetched and checked on first use); raises Unavailable."""
    root = cache_dir()
    done = os.path.join(root, TOP, ".extracted-" + SHA256)
    examples = os.path.join(root, TOP, "examples")
    if os.path.exists(done):
        return examples
    os.makedirs(root, exist_ok=True)
    tarball = os.path.join(root, os.path.basename(URL))
    if not os.path.exists(tarball) or _sha256(tarball) != SHA256:
        partial = tarball + ".part"
        try:
            with urllib.request.urlopen(URL, timeout=60) as response, open(partial, "wb") as f:
                shutil.copyfileobj(response, f)
        except OSError as err:
            raise Unavailable("cannot download %s (%s)" % (URL, err)) from None
        found = _sha256(partial)
        if found != SHA256:
            os.remove(partial)
            raise Unavailable("%s has SHA-256 %s, expected %s (Debian's pynn_0.10.1-2.dsc)" % (URL, found, SHA256))
        os.replace(partial, tarball)
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(TOP + "/examples/") and (m.isfile() or m.isdir())]
        tar.extractall(root, members=members)
    open(done, "w").close()
    return examples


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def environment():
    """The environment a user of the shim has: the shim, then the shnn package, on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([SHIM, PYTHON_DIR] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run(name, backend, workdir, extra_args=(), timeout=None, unbounded=False):
    """Runs example ``name`` of SCRIPTS unchanged with ``backend`` in ``workdir`` (a fresh copy of the examples),
    with the script's arguments, then BACKEND_ARGUMENTS, then ``extra_args``;
    returns the CompletedProcess (stdout and stderr captured). ``timeout`` (s) lowers the script's own timeout of
    SCRIPTS; subprocess.TimeoutExpired if it runs longer (the script is killed). ``unbounded``: no timeout at all (the
    Brian2 references: simple_STDP.py's 1060 run() calls take minutes on Brian2)."""
    script, args, _, own_timeout = SCRIPTS[name]
    timeout = None if unbounded else own_timeout if timeout is None else min(own_timeout, timeout)
    if not os.path.exists(os.path.join(workdir, script)):
        shutil.copytree(examples_dir(), workdir, dirs_exist_ok=True)
    if backend == "brian2":  # Brian2's numpy target: no C++ compile per object (minutes less on a busy machine)
        with open(os.path.join(workdir, "brian_preferences"), "w") as f:
            f.write("codegen.target = 'numpy'\n")
    cmd = ["/usr/bin/python3", script, backend, *args, *BACKEND_ARGUMENTS.get((name, backend), []), *extra_args]
    return subprocess.run(cmd, cwd=workdir, env=environment(), capture_output=True, text=True, timeout=timeout)


POTJANS_SCALING = 0.1
"""N_scaling and K_scaling of the Potjans2014 run (neurons and in-degrees): 7,713 neurons, 2.6e6 synapses."""

POTJANS_EDITS = [
    # (file, text PyNN 0.10.1 has, what it becomes): the edits a user of any backend but NEST makes
    ("network_params.py", "simulator = 'nest'", "simulator = 'shnn'"),
    ("network_params.py", "globals().update(params_dict[simulator])",
     "params_dict['shnn'] = dict(params_dict['nest'], N_scaling=%r, K_scaling=%r)\n"
     "globals().update(params_dict[simulator])" % (POTJANS_SCALING, POTJANS_SCALING)),
    ("sim_params.py", "simulator_params = {",
     "simulator_params = {\n    'shnn': {'timestep': 0.1, 'threads': 1, 'sim_duration': 1000.},"),
    # neo 0.10 removed PyNNTextIO (Debian ships neo 0.11): the script fails on every backend without a stand-in
    ("microcircuit.py", "from neo.io import PyNNTextIO", "from pynn_text_io import PyNNTextIO"),
]
"""PyNN's examples/Potjans2014 is written for NEST alone (its README: "only been tested with the NEST back-end"):
the simulator is a constant in network_params.py and sim_params.py has NEST's entry only."""

PYNN_TEXT_IO = '''"""A stand-in for neo's PyNNTextIO (removed in neo 0.10), in the format microcircuit.py's plotting.py reads:
comment lines, then one "value id" line per spike ("time id", ms) or per sample of a signal."""
import numpy as np


class PyNNTextIO(object):
    def __init__(self, filename):
        self.filename = filename

    def write_segment(self, segment):
        with open(self.filename, "w") as f:
            trains = segment.spiketrains
            signals = segment.analogsignals
            f.write("# n = %d\\n" % (len(trains) if trains else sum(s.shape[1] for s in signals)))
            for i, st in enumerate(trains):
                for t in np.asarray(st.rescale("ms").magnitude):
                    f.write("%g\\t%d\\n" % (t, i))
            for s in signals:
                values = np.asarray(s.magnitude)
                for i in range(values.shape[1]):
                    for v in values[:, i]:
                        f.write("%g\\t%d\\n" % (v, i))
'''


def potjans2014(workdir, timeout):
    """Runs PyNN 0.10.1's examples/Potjans2014/microcircuit.py on shnn in ``workdir`` (potjans2014_workdir), as a
    user would (``/usr/bin/python3 microcircuit.py``; it writes results/spikes_<layer>_<pop>_0.txt, vm_*.txt and
    result.png). Returns the CompletedProcess."""
    potjans2014_workdir(workdir)
    return subprocess.run(["/usr/bin/python3", "microcircuit.py"], cwd=workdir, env=environment(),
                          capture_output=True, text=True, timeout=timeout)


def potjans2014_workdir(workdir):
    """Copies PyNN 0.10.1's examples/Potjans2014 into ``workdir`` with POTJANS_EDITS (each must match the script's
    text; at POTJANS_SCALING) and the PyNNTextIO stand-in, ready for ``python3 microcircuit.py``."""
    src = os.path.join(examples_dir(), "Potjans2014")
    shutil.copytree(src, workdir, dirs_exist_ok=True)
    for name, old, new in POTJANS_EDITS:
        path = os.path.join(workdir, name)
        with open(path) as f:
            text = f.read()
        if text.count(old) != 1:
            raise AssertionError("%s of PyNN 0.10.1's Potjans2014 no longer has %r once" % (name, old))
        with open(path, "w") as f:
            f.write(text.replace(old, new))
    with open(os.path.join(workdir, "pynn_text_io.py"), "w") as f:
        f.write(PYNN_TEXT_IO)
    os.makedirs(os.path.join(workdir, "results"), exist_ok=True)


def results(workdir, backend, prefix):
    """{file name without backend and date: summary} of the Neo .pkl files example runs wrote in ``workdir``
    whose name starts with ``prefix``. A summary lists per segment the spike count of every spike train, t_stop
    (ms), and every signal (name, sampling period in ms, stride, values of each channel at every stride-th
    sample)."""
    import neo
    out = {}
    for path in sorted(glob.glob(os.path.join(workdir, "Results", "**", prefix + "*.pkl"), recursive=True)):
        key = _key(os.path.basename(path), backend)
        block = neo.io.PickleIO(path).read_block()
        out[key] = [_segment(s) for s in block.segments]
    return out


def _key(filename, backend):
    stem = filename[:-len(".pkl")]
    parts = [p for p in stem.split("_") if p != backend and not p[:8].isdigit() and not p.startswith("np")]
    return "_".join(parts)


def _segment(segment):
    signals = {}
    for sig in segment.analogsignals:
        values = np.asarray(sig.magnitude, dtype=float)
        stride = max(1, -(-values.shape[0] // MAX_SAMPLES))
        signals[sig.name] = {"dt": float(sig.sampling_period.rescale("ms").magnitude), "units": str(sig.units.dimensionality),
                             "stride": stride, "values": values[::stride].T.tolist()}
    trains = segment.spiketrains
    few = sum(len(st) for st in trains) <= MAX_SPIKE_TIMES
    return {"spike_counts": [int(len(st)) for st in trains],
            "spike_times": [st.rescale("ms").magnitude.tolist() for st in trains] if few else None,
            "t_stop": float(segment.t_stop.rescale("ms").magnitude) if segment.spiketrains else None,
            "signals": signals}


def summary_of(name, backend, work, proc):
    """What a run left: exit status, the output's last lines, the summaries of its Neo files."""
    return {"returncode": proc.returncode, "stdout": proc.stdout.splitlines()[-60:],
            "stderr": proc.stderr.splitlines()[-10:], "results": results(work, backend, SCRIPTS[name][2])}


def reference(name):
    with open(os.path.join(REFERENCES, name + ".json")) as f:
        return json.load(f)


def brian2_references(names):
    """Runs the named examples with PyNN's Brian2 backend and stores their summaries (plus the exit status and the
    output's last lines) in REFERENCES."""
    os.makedirs(REFERENCES, exist_ok=True)
    for name in names:
        with tempfile.TemporaryDirectory(prefix="pynn-brian2-") as work:
            proc = run(name, "brian2", work, unbounded=True)
            summary = summary_of(name, "brian2", work, proc)
        with open(os.path.join(REFERENCES, name + ".json"), "w") as f:
            json.dump(summary, f)
        print(name, "exit", proc.returncode, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] != ["--brian2-references"]:
        sys.exit("usage: pynn_upstream.py --brian2-references [NAME...]")
    brian2_references(sys.argv[2:] or list(SCRIPTS))
