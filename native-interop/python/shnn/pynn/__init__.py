"""PyNN backend for SHNN: ``import shnn.pynn as sim`` (or, once this module is imported,
``import pyNN.shnn``) runs PyNN scripts on SHNN unchanged.

Targets Debian's python3-pynn (PyNN 0.10.1). The backend collects the network the script describes
(populations, projections, electrodes, recorders) into SHNN's network description (shnn.Network) and
builds the engine's simulation at the first ``run()``, again after ``reset()``. PyNN connectors become
the description's connectors, built in bulk by the engine; what the description cannot state as one
connector is built by PyNN's connector code into NumPy arrays and lent to the engine as an explicit list.

SHNN-specific arguments of ``setup()``: ``threads`` (worker threads, default 1) and ``seed`` (the seed of
every random choice the engine makes: connectors and distributions of weights and delays; default 1).
The same script and seed give the same spikes for any ``threads``. Values drawn by PyNN itself
(``initialize(v=RandomDistribution(..., rng=NumpyRNG(seed)))``, parameters) come from PyNN's RNG, as in
every backend; random connectivity comes from the engine's generator keyed by ``seed``, so its
realization differs from other backends' (same statistics).

Run an unchanged PyNN example that imports ``pyNN.<simulator>`` with
``python3 -m shnn.pynn script.py shnn [args...]``.

The JVM starts on a background thread when this module is imported (shnn.init_in_background), overlapping the
imports of PyNN, Neo and SciPy; the first run() waits for it. With ``SHNN_PYNN_TIMINGS_OUT=FILE`` in the environment,
``end()`` writes where the time went (see simulator.write_timings; scripts/bench --pynn reads it).

Anything SHNN cannot do raises NotImplementedError (or pyNN.errors.InvalidParameterValueError for a value
out of range) with the reason, never a silent approximation. Not thread-safe (one script, one state).
"""

import math
import sys
import time

import shnn

shnn.init_in_background()  # the JVM starts while PyNN, Neo and SciPy are imported (seconds, on one core)

from pyNN import common  # noqa: E402 (after the JVM's start on purpose)
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_TIMESTEP, DEFAULT_MIN_DELAY
from pyNN.connectors import *  # noqa: F401,F403 (PyNN's connectors, translated by Projection)
from pyNN.recording import get_io
from pyNN.space import Space, Line, Grid2D, Grid3D, RandomStructure, Cuboid, Sphere  # noqa: F401
from pyNN.standardmodels import StandardCellType

from . import simulator
from .standardmodels import *  # noqa: F401,F403
from .standardmodels import StaticSynapse
from .populations import Population, PopulationView, Assembly
from .projections import Projection

import pyNN
import pyNN.random


class NativeRNG(pyNN.random.NativeRNG):
    """The engine's own generator (PyNN's NativeRNG): connectors, and weight and delay distributions, of projections
    between whole populations are drawn by the engine, whatever ``rng`` they name, from counter-based streams keyed by
    ``setup(seed=...)`` and the projection's place; the seed given here is not used (a warning says so if it
    differs). PyNN code that draws values itself from a NativeRNG (cell parameters, initial values, connectors built
    by PyNN) raises PyNN's NotImplementedError."""

    parallel_safe = True
    """The engine's draws do not depend on the rank count. PyNN's connector code reads this before it asks next(),
    which is refused (it raised AttributeError, PyNN's NativeRNG has no such attribute)."""

    def __init__(self, seed=None):
        pyNN.random.NativeRNG.__init__(self, seed)
        if seed is not None and seed != simulator.state.seed:
            import warnings
            warnings.warn("SHNN's engine draws with the seed of setup() (%d), not NativeRNG(seed=%r)"
                          % (simulator.state.seed, seed))

    def next(self, n=None, distribution=None, parameters=None, mask=None):
        """Refused: values PyNN would draw in Python from the engine's generator (PyNN's AbstractRNG.next raises a
        NotImplementedError without a word)."""
        raise NotImplementedError(
            "SHNN's NativeRNG draws inside the engine only (connectors, and weight and delay distributions, of "
            "projections between whole populations); PyNN asked it for %s %s value(s) in Python (cell parameters, "
            "initial values, positions, or a projection PyNN builds itself: between views or assemblies, values "
            "computed per connection): give those a pyNN.random.NumpyRNG" % (1 if n is None else n,
                                                                             distribution or "uniform"))


simulator.MARKS["imported"] = time.time()

sys.modules.setdefault("pyNN.shnn", sys.modules[__name__])
pyNN.shnn = sys.modules[__name__]


def list_standard_models():
    """The names of the standard cell types of this backend."""
    return [obj.__name__ for obj in globals().values() if isinstance(obj, type) and issubclass(obj, StandardCellType) and obj is not StandardCellType]


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Starts from a clean state (any earlier network is forgotten). ``threads`` and ``seed`` are SHNN's
    extra parameters (see the module documentation)."""
    max_delay = extra_params.get("max_delay", DEFAULT_MAX_DELAY)
    try:
        dt = float(timestep)  # NumPy scalars too
    except (TypeError, ValueError):
        dt = math.nan
    if not (math.isfinite(dt) and dt > 0):
        from pyNN import errors  # a dt of 0 divided by zero at the first run, NaN ran to t = NaN
        raise errors.InvalidParameterValueError("setup(timestep=...) expects a finite time step > 0 ms, found %r"
                                                % (timestep,))
    common.setup(timestep, min_delay, **extra_params)
    state = simulator.state
    state.clear()
    state.dt = float(timestep)
    state.min_delay = min_delay
    state.max_delay = max_delay
    threads = extra_params.get("threads", 1)
    if not isinstance(threads, int) or threads < 1:
        from pyNN import errors
        raise errors.InvalidParameterValueError("setup(threads=...) expects a whole number >= 1, found %r" % threads)
    state.threads = threads
    state.seed = int(extra_params.get("seed", 1))
    return rank()


def end(compatible_output=True):
    """Writes the data requested with ``record(..., to_file=...)`` and frees the simulation."""
    for (population, variables, filename) in simulator.state.write_on_end:
        io = get_io(filename)
        population.write_data(io, variables)
    simulator.state.write_on_end = []
    simulator.state.close()
    simulator.write_timings()


run, run_until = common.build_run(simulator)
run_for = run

reset = common.build_reset(simulator)

initialize = common.initialize

get_current_time, get_time_step, get_min_delay, get_max_delay, \
    num_processes, rank = common.build_state_queries(simulator)

create = common.build_create(Population)

connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)

set = common.set  # noqa: A001 (PyNN's procedural set)

record = common.build_record(simulator)


def record_v(source, filename):
    return record(["v"], source, filename)


def record_gsyn(source, filename):
    return record(["gsyn_exc", "gsyn_inh"], source, filename)
