"""Python bindings for SHNN, an off-heap spiking neural network engine, through ctypes and libshnn.so.

libshnn.so starts a JVM inside this process on first use (``init``, called implicitly with defaults)
and forwards every call to the engine through FFM upcall stubs. Pure Python, standard library only;
NumPy is used when present (spike arrays come back as NumPy arrays).

The library is found through ``$SHNN_LIB``, else ``native-interop/target/native/libshnn.so`` next to
this package in the source tree (``scripts/build-native`` builds it). Errors raise ``ShnnError``
carrying the C status code and the engine's message; the interpreter never crashes on bad input.

Threads: every function may be called from any Python thread; ctypes releases the GIL during calls,
so simulations on different threads run in parallel.
"""

import ctypes
import math
import operator
import os
import threading
import weakref

try:
    import numpy as _np
except ImportError:  # NumPy is optional: lists come back instead of arrays
    _np = None

__all__ = ["ShnnError", "Simulation", "Network", "SpikeStream", "init", "init_in_background", "version", "echo",
           "sum_i32", "library_path",
           "uniform", "normal", "normal_clipped", "exponential", "lognormal"]

OK = 0
E_HANDLE = -1
E_ARGUMENT = -2
E_IO = -3
E_STATE = -4
E_MEMORY = -5
E_UNSUPPORTED = -6
E_INTERNAL = -99

#: The largest clock value (steps) a simulation may reach: shnn.h SHNN_MAX_STEPS, the engine's
#: Simulation.MAX_STEPS (2^40). Longer runs are refused with E_ARGUMENT before any step.
MAX_STEPS = 1 << 40

#: Checksum verification of ``Simulation.open`` (shnn.h SHNN_OPEN_VERIFY_*).
VERIFY = {"deferred": 0, "full": 1, "none": 2}


class ShnnError(RuntimeError):
    """A failed SHNN call: ``status`` is the negative SHNN_E_* code, the message the engine's text."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def library_path():
    """The path of libshnn.so this package loads ($SHNN_LIB, else the source tree's build output)."""
    env = os.environ.get("SHNN_LIB")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "target", "native", "libshnn.so"))


_lib = None
_lib_lock = threading.Lock()
_i64p = ctypes.POINTER(ctypes.c_int64)


def _checked_int(ctype, bits):
    """``ctype`` as an argument type that refuses a Python integer it cannot hold: ctypes itself keeps the low bits
    (a step of 2**63 became -2**63, a neuron of 2**32 + 5 became neuron 5)."""
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1

    class Checked(ctype):
        @classmethod
        def from_param(cls, value):
            v = operator.index(value)  # NumPy integers too; a float is refused as before
            if not low <= v <= high:
                raise OverflowError("%d does not fit a %d-bit signed integer [%d, %d]" % (v, bits, low, high))
            return ctype(v)

    Checked.__name__ = "checked_" + ctype.__name__
    return Checked


_ARG_TYPES = {ctypes.c_int64: _checked_int(ctypes.c_int64, 64), ctypes.c_int32: _checked_int(ctypes.c_int32, 32)}


def _load():
    global _lib
    with _lib_lock:
        if _lib is None:
            path = library_path()
            if not os.path.exists(path):
                raise ShnnError(E_STATE, "libshnn.so not found at %s (run scripts/build-native or set SHNN_LIB)" % path)
            lib = ctypes.CDLL(path)
            sig = {
                "shnn_init": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p]),
                "shnn_version": (ctypes.c_char_p, []),
                "shnn_last_error": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t]),
                "shnn_echo": (ctypes.c_int, [ctypes.c_int64, _i64p]),
                "shnn_sum_i32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int64, _i64p]),
                "shnn_sim_create_builtin": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64,
                                                           ctypes.c_int32, _i64p]),
                "shnn_sim_destroy": (ctypes.c_int, [ctypes.c_int64]),
                "shnn_sim_run": (ctypes.c_int, [ctypes.c_int64, ctypes.c_double]),
                "shnn_sim_run_steps": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int64]),
                "shnn_sim_time": (ctypes.c_int, [ctypes.c_int64, _i64p, ctypes.POINTER(ctypes.c_double)]),
                "shnn_sim_dt": (ctypes.c_int, [ctypes.c_int64, ctypes.POINTER(ctypes.c_double)]),
                "shnn_sim_neuron_count": (ctypes.c_int, [ctypes.c_int64, _i64p]),
                "shnn_sim_spike_count": (ctypes.c_int, [ctypes.c_int64, _i64p]),
                "shnn_sim_population_spike_counts": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p,
                                                                    _i64p]),
                "shnn_sim_read_spikes": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int64, ctypes.c_int64,
                                                        ctypes.c_void_p, ctypes.c_void_p, _i64p]),
                "shnn_sim_raster_sha256": (ctypes.c_int, [ctypes.c_int64, ctypes.c_void_p]),
                "shnn_sim_export_spikes": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p]),
                "shnn_sim_save": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p]),
                "shnn_sim_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_int32, ctypes.c_int32, _i64p]),
                "shnn_sim_inject": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_int32, ctypes.c_void_p,
                                                   ctypes.c_void_p, ctypes.c_int64]),
                "shnn_sim_state_column": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_char_p,
                                                         ctypes.POINTER(ctypes.c_void_p), _i64p,
                                                         ctypes.POINTER(ctypes.c_int32)]),
                "shnn_net_from_json": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, _i64p]),
                "shnn_net_lend": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_int32, ctypes.c_void_p,
                                                 ctypes.c_int64]),
                "shnn_net_to_json": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_int64, _i64p]),
                "shnn_net_destroy": (ctypes.c_int, [ctypes.c_int64]),
                "shnn_sim_create": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int32, _i64p]),
                "shnn_sim_synapses": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int32, ctypes.c_int64, ctypes.c_void_p,
                                                     ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, _i64p]),
                "shnn_sim_samples": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int32, ctypes.c_char_p, ctypes.c_int64,
                                                    ctypes.c_void_p, ctypes.c_void_p, _i64p, _i64p]),
                "shnn_sim_current": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_int32, ctypes.c_int64,
                                                    ctypes.c_int64, ctypes.c_void_p]),
                "shnn_sim_set_synapses": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int32, ctypes.c_int64,
                                                         ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                                         ctypes.c_void_p]),
                "shnn_sim_dense": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32,
                                                  _i64p, _i64p, ctypes.c_void_p]),
                "shnn_sim_set_dense": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int32, ctypes.c_int32, ctypes.c_int64,
                                                      ctypes.c_int64, ctypes.c_void_p]),
                "shnn_sim_reset": (ctypes.c_int, [ctypes.c_int64]),
                "shnn_sim_set_parameters": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_void_p,
                                                           ctypes.c_void_p, ctypes.c_int32]),
                "shnn_sim_get_parameter": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_char_p,
                                                          ctypes.c_int64, ctypes.c_void_p, _i64p]),
                "shnn_sim_set_parameter_values": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_char_p,
                                                                 ctypes.c_void_p, ctypes.c_int64]),
                "shnn_sim_set_spike_times": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_void_p,
                                                            ctypes.c_void_p, ctypes.c_int64]),
                "shnn_sim_set_current": (ctypes.c_int, [ctypes.c_int64, ctypes.c_char_p, ctypes.c_char_p]),
                "shnn_stream_create": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32,
                                                      ctypes.POINTER(ctypes.c_void_p)]),
                "shnn_stream_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
                "shnn_stream_open_wait": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_double,
                                                         ctypes.POINTER(ctypes.c_void_p)]),
                "shnn_stream_close": (ctypes.c_int, [ctypes.c_void_p]),
                "shnn_stream_put": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32]),
                "shnn_stream_set_stall_timeout": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_double]),
                "shnn_stream_drain": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,
                                                     _i64p]),
                "shnn_stream_consumer_step": (ctypes.c_int, [ctypes.c_void_p, _i64p]),
                "shnn_stream_dropped": (ctypes.c_int, [ctypes.c_void_p, _i64p]),
                "shnn_stream_info": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32),
                                                    ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int32)]),
            }
            for name, (res, args) in sig.items():
                f = getattr(lib, name)
                f.restype = res
                f.argtypes = [_ARG_TYPES.get(a, a) for a in args]
            _lib = lib
    return _lib


def _last_error():
    lib = _load()
    n = lib.shnn_last_error(None, 0)
    buf = ctypes.create_string_buffer(max(n, 0) + 1)
    lib.shnn_last_error(buf, len(buf))
    return buf.value.decode("utf-8", "replace")


def _check(status):
    if status != OK:
        raise ShnnError(status, _last_error())


_started = False


def init(classpath=None, jvm_options=None):
    """Starts the embedded JVM (once per process; later calls do nothing).

    classpath: the SHNN jar(s), default $SHNN_CLASSPATH or the jar libshnn.so was built with.
    jvm_options: extra JVM options as one whitespace-separated string, e.g. "-Xmx2g".
    """
    global _started
    lib = _load()
    _check(lib.shnn_init(classpath.encode() if classpath else None, jvm_options.encode() if jvm_options else None))
    _started = True


def init_in_background(classpath=None, jvm_options=None):
    """Starts the embedded JVM on a background thread and returns at once, so that the JVM's start (about a second
    of CPU) overlaps what the caller does next (a PyNN script importing PyNN, Neo and SciPy). The first call that
    needs the JVM (``init`` included) waits for it: libshnn's shnn_init holds its lock until the JVM is up, and
    reports the failure, if any. The thread stays parked afterwards (it is the JVM's creating thread; a daemon,
    it does not keep the interpreter alive). Does nothing if the JVM already runs."""
    if _started:
        return
    try:
        lib = _load()
    except ShnnError:
        return  # no libshnn.so: the first call that needs it says so
    cp = classpath.encode() if classpath else None
    opts = jvm_options.encode() if jvm_options else None

    def start():
        lib.shnn_init(cp, opts)  # ctypes releases the GIL for the call; failures are reported to the next caller
        threading.Event().wait()  # never set: stay attached to the JVM rather than exit without detaching

    threading.Thread(target=start, name="shnn-jvm-start", daemon=True).start()


def _api():
    if not _started:
        init()
    return _lib


def version():
    """The SHNN version string (no JVM needed)."""
    return _load().shnn_version().decode()


def echo(value):
    """Returns ``value`` after a round trip through the JVM (diagnostics and call-overhead timing)."""
    out = ctypes.c_int64()
    _check(_api().shnn_echo(value, ctypes.byref(out)))
    return out.value


def sum_i32(values):
    """The sum of int32 ``values`` computed in the JVM: a batch argument (a sequence or int32 array)."""
    arr = (ctypes.c_int32 * len(values))(*values)
    out = ctypes.c_int64()
    _check(_api().shnn_sum_i32(arr, len(values), ctypes.byref(out)))
    return out.value


def _i64_out(fn, *args):
    out = ctypes.c_int64()
    _check(fn(*args, ctypes.byref(out)))
    return out.value


class _Owner:
    """Owns a simulation handle on behalf of its ``Simulation`` and of every state view handed out:
    the engine's memory is freed (``shnn_sim_destroy``) when the ``Simulation`` is closed and no view is
    left, so a NumPy view never points at freed memory (reading one after ``close()`` used to crash
    the interpreter)."""

    __slots__ = ("handle", "views", "closed", "lent", "__weakref__")

    def __init__(self, handle):
        self.handle = handle
        self.views = []  # weak references to the views handed out
        self.closed = False
        self.lent = ()  # NumPy arrays the engine holds in place (SHNN_LEND_KEPT) until the handle is destroyed

    def add_view(self, view):
        self.views = [r for r in self.views if r() is not None]
        self.views.append(weakref.ref(view))
        view._shnn_owner = self  # the NumPy array's base is this view: it holds the memory alive

    def release(self):
        """The Simulation is closed: destroy now unless a view is alive (then when the last one goes)."""
        self.closed = True
        if not any(r() is not None for r in self.views) and self.handle:
            h, self.handle = self.handle, 0
            _check(_lib.shnn_sim_destroy(h))
            self.lent = ()

    def __del__(self):
        if self.handle and _lib is not None:
            h, self.handle = self.handle, 0
            _lib.shnn_sim_destroy(h)  # no exception from a finalizer; the handle is valid here


class Simulation:
    """One SHNN simulation in the embedded JVM, named by an opaque handle.

    Create with ``Simulation.builtin("coba", neurons, seed)`` or ``Simulation.open(path)``; use as a
    context manager (or call ``close()``) to free its off-heap memory at once. Methods raise
    ``ShnnError`` on failure; after ``close()`` every call raises with status ``E_HANDLE``.
    Thread-safety: calls on one Simulation are serialised by the engine (a lock per handle);
    different Simulations run in parallel from different threads.
    """

    def __init__(self, handle):
        """Wraps an open handle (use ``builtin`` or ``open`` instead)."""
        self._handle = handle
        self._owner = _Owner(handle)

    @classmethod
    def builtin(cls, model, neurons, seed, threads=1):
        """A built-in network: ``model`` is "coba" or "cuba" (Vogels & Abbott 2005), ``neurons``
        the total count (80 % excitatory), ``seed`` the 64-bit seed, ``threads`` the worker threads."""
        lib = _api()
        return cls(_i64_out(lib.shnn_sim_create_builtin, model.encode(), neurons, seed, threads))

    @classmethod
    def open(cls, path, threads=1, verify="deferred"):
        """Resumes a ``.shnn`` checkpoint written by ``save``: continues bit for bit, and the recorded
        spikes include the saved history. ``verify`` chooses the checksum verification: "deferred"
        (default: small sections at open, large synapse arrays row by row before each row's first use
        and all of them in the background before a save; in files written before block checksums,
        before the first run returns), "full" (everything at open; time grows with the file) or
        "none". The file must
        not be truncated or rewritten in place while open (replacing it by rename is fine)."""
        if verify not in VERIFY:
            raise ShnnError(E_ARGUMENT, "verify %r is not one of %s" % (verify, sorted(VERIFY)))
        lib = _api()
        return cls(_i64_out(lib.shnn_sim_open, os.fsencode(path), threads, VERIFY[verify]))

    @classmethod
    def create(cls, network, threads=1):
        """Builds the simulation of ``network`` (a ``Network``) with ``threads`` worker threads; the same
        network and seed give the same spikes for any thread count and on every host. The network is
        validated as a whole first: a bad part raises ``ShnnError`` naming it (e.g.
        ``projections[1].delay: expected a delay >= dt = 0.1 ms but found 0.05 ms``). NumPy arrays in the
        network are lent to the engine without a copy for the simulation's life (it holds them): ``save`` stores
        them in the file, so ``Simulation.open`` continues the network, and ``get_parameter`` reads them. Do not
        change them while the simulation is open: ``save``, ``get_parameter`` and ``set_parameters`` then raise
        ``ShnnError`` naming the changed array (lend a copy, ``array.copy()``, to reuse an array)."""
        lib = _api()
        text, lent = network._render()
        net = _i64_out(lib.shnn_net_from_json, text.encode("utf-8"),
                       os.fsencode(network.base_dir) if network.base_dir else None)
        try:
            for key, (code, array) in lent.items():
                _check(lib.shnn_net_lend(net, key.encode(), code | LEND_KEPT, array.ctypes.data, array.size))
            sim = cls(_i64_out(lib.shnn_sim_create, net, threads))
            sim._owner.lent = tuple(array for _, array in lent.values())  # until the handle is destroyed
            return sim
        finally:
            lib.shnn_net_destroy(net)

    def samples(self, recorder, variable):
        """The samples of ``variable`` (e.g. "v") of recorder number ``recorder`` (0, 1, ... in the order the
        network's ``record`` calls made them) as ``(times_ms, values)``: NumPy arrays of shape ``(samples,)``
        and ``(samples, neurons)`` in the variable's unit (mV, uS, nA, ...). Copies."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "samples() needs NumPy")
        n_samples = ctypes.c_int64()
        n_neurons = ctypes.c_int64()
        name = variable.encode()
        _check(_lib.shnn_sim_samples(self._handle, recorder, name, 0, None, None, ctypes.byref(n_samples),
                                     ctypes.byref(n_neurons)))
        times = _np.empty(n_samples.value, dtype=_np.float64)
        values = _np.empty((n_samples.value, n_neurons.value), dtype=_np.float64)
        _check(_lib.shnn_sim_samples(self._handle, recorder, name, n_samples.value, times.ctypes.data,
                                     values.ctypes.data, ctypes.byref(n_samples), ctypes.byref(n_neurons)))
        return times, values

    def current(self, source, neuron, from_step, count):
        """The current (nA) that current source ``source`` (its label, see ``Network.current_source``) injects into
        neuron ``neuron`` of its population during steps ``[from_step, from_step + count)``: a NumPy array, one value
        per step (the current during that step; 0 for a neuron the source does not target). The injected current
        is a function of the seed, the source and the step, so any step may be asked for, run or not."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "current() needs NumPy")
        values = _np.empty(max(int(count), 0), dtype=_np.float64)
        _check(_lib.shnn_sim_current(self._handle, source.encode(), neuron, from_step, count, values.ctypes.data))
        return values

    def synapses(self, projection):
        """The synapses of projection number ``projection`` (0, 1, ... in the order the network's ``projection``
        calls made them) as they are now: ``(pre, post, weights, delays)``, NumPy arrays (int32 source and
        target indices within their populations, weights in uS, nA or mV, delays in ms), row by row. Copies."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "synapses() needs NumPy")
        n = _i64_out(_lib.shnn_sim_synapses, self._handle, projection, 0, None, None, None, None)
        pre = _np.empty(n, dtype=_np.int32)
        post = _np.empty(n, dtype=_np.int32)
        weights = _np.empty(n, dtype=_np.float64)
        delays = _np.empty(n, dtype=_np.float64)
        _i64_out(_lib.shnn_sim_synapses, self._handle, projection, n, pre.ctypes.data, post.ctypes.data,
                 weights.ctypes.data, delays.ctypes.data)
        return pre, post, weights, delays

    _FIELDS = {"weight": 0, "delay": 1}
    _MULTIPLE = {"sum": 0, "min": 1, "max": 2, "first": 3, "last": 4}

    def set_synapses(self, projection, weights=None, delays=None, pre=None, post=None):
        """Sets weights (uS, nA or mV, as ``synapses`` reports them) and delays (ms, rounded to whole steps) of
        projection number ``projection`` between runs. Without ``pre``/``post``: one value per synapse in the
        order of ``synapses`` (or one number for all). With ``pre`` and ``post``: those (pre, post) pairs, every
        synapse of a pair taking its value. ``None`` leaves an attribute unchanged. Delays must lie between the
        network's shortest and longest delay; the error names the projection, index and bounds, and nothing
        changes. Set values are saved by ``save`` and kept by ``reset`` (PyNN's ``set``)."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "set_synapses() needs NumPy")
        if pre is None and post is None:
            n = _i64_out(_lib.shnn_sim_synapses, self._handle, projection, 0, None, None, None, None)
            p = q = None
        else:
            if pre is None or post is None:
                raise ShnnError(E_ARGUMENT, "pre and post must be given together")
            p = _np.ascontiguousarray(pre, dtype=_np.int32).ravel()
            q = _np.ascontiguousarray(post, dtype=_np.int32).ravel()
            n = p.size
        arrays = []
        for name, v in (("weights", weights), ("delays", delays)):
            if v is None:
                arrays.append(None)
                continue
            a = _np.ascontiguousarray(_np.broadcast_to(_np.asarray(v, dtype=_np.float64), (n,)) if _np.ndim(v) == 0
                                      else _np.asarray(v, dtype=_np.float64).ravel())
            if a.size != n:
                raise ShnnError(E_ARGUMENT, "projection %d: %s has %d values; expected %d" % (projection, name, a.size, n))
            arrays.append(a)
        ptr = lambda a: None if a is None else a.ctypes.data
        _check(_lib.shnn_sim_set_synapses(self._handle, projection, n, ptr(p), ptr(q), ptr(arrays[0]), ptr(arrays[1])))

    def dense(self, projection, field="weight", multiple="sum"):
        """Projection ``projection``'s weights (uS, nA or mV) or delays (ms) as a NumPy array of shape
        (source size, target size), NaN where there is no synapse; several synapses of a pair combined by
        ``multiple`` ("sum", "min", "max", "first" or "last", PyNN's ``multiple_synapses``)."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "dense() needs NumPy")
        if field not in self._FIELDS or multiple not in self._MULTIPLE:
            raise ShnnError(E_ARGUMENT, "field %r must be one of %s and multiple %r one of %s"
                            % (field, sorted(self._FIELDS), multiple, sorted(self._MULTIPLE)))
        rows, cols = ctypes.c_int64(), ctypes.c_int64()
        args = (self._handle, projection, self._FIELDS[field], self._MULTIPLE[multiple], ctypes.byref(rows),
                ctypes.byref(cols))
        _check(_lib.shnn_sim_dense(*args, None))
        out = _np.empty((rows.value, cols.value), dtype=_np.float64)
        _check(_lib.shnn_sim_dense(*args, out.ctypes.data))
        return out

    def set_dense(self, projection, field, values):
        """Sets projection ``projection``'s weights or delays from an array of shape (source size, target size)
        in the units of ``dense``: each synapse takes the value at its (pre, post), entries where there is no
        synapse are ignored (NaN is the usual filler)."""
        if field not in self._FIELDS:
            raise ShnnError(E_ARGUMENT, "field %r must be one of %s" % (field, sorted(self._FIELDS)))
        a = _np.ascontiguousarray(values, dtype=_np.float64)
        if a.ndim != 2:
            raise ShnnError(E_ARGUMENT, "projection %d: expected a 2-D array, found %d dimensions" % (projection, a.ndim))
        _check(_lib.shnn_sim_set_dense(self._handle, projection, self._FIELDS[field], a.shape[0], a.shape[1],
                                       a.ctypes.data))

    def get_parameter(self, population, name):
        """Parameter ``name`` (PyNN's name) of every neuron of ``population`` in PyNN's unit, as a NumPy array (PyNN's
        ``Population.get``): the network's constant, array or drawn values, or PyNN's default when the network leaves
        it out. Copies."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "get_parameter() needs NumPy")
        n = _i64_out(_lib.shnn_sim_get_parameter, self._handle, population.encode(), name.encode(), 0, None)
        out = _np.empty(n, dtype=_np.float64)
        _i64_out(_lib.shnn_sim_get_parameter, self._handle, population.encode(), name.encode(), n, out.ctypes.data)
        return out

    def set_spike_times(self, population, spike_times):
        """Replaces the spikes of SpikeSourceArray ``population`` between runs (PyNN's ``set(spike_times=...)``):
        ``spike_times[i]`` is the sequence of times (ms) of neuron ``i`` (neurons past the end of the list get none).
        Spikes before the current time are never emitted; the new times are saved and kept by ``reset``."""
        if _np is None:
            raise ShnnError(E_UNSUPPORTED, "set_spike_times() needs NumPy")
        neurons, times = [], []
        for i, t in enumerate(spike_times):
            if _np.ndim(t) != 1:
                raise ShnnError(E_ARGUMENT, "population %r: spike_times[%d] must be a sequence of times (ms), one "
                                "sequence per neuron" % (population, i))
            neurons.extend([i] * len(t))
            times.extend(float(x) for x in t)
        ns = _np.ascontiguousarray(neurons, dtype=_np.int32)
        ts = _np.ascontiguousarray(times, dtype=_np.float64)
        _check(_lib.shnn_sim_set_spike_times(self._handle, population.encode(), ns.ctypes.data, ts.ctypes.data,
                                             ns.size))

    def set_current(self, source, **parameters):
        """Changes current source ``source`` (its label, see ``Network.current_source``) from the current time on
        (PyNN's ``source.amplitude = x``, NEST's ``SetStatus``): its parameters in PyNN's names and units
        (``amplitude=0.8``; ``times=[...], amplitudes=[...]`` for a step source), the ones left out keep their last
        values; times stay absolute. ``current`` shows the change, ``save`` stores it and ``reset`` keeps it (it acts
        again at its time). A bad value raises ``ShnnError`` naming the source and field, and nothing changes."""
        import json
        changes = {}
        for name, value in parameters.items():
            if _np is not None and _np.ndim(value) > 0:
                value = _np.asarray(value, dtype=float).ravel().tolist()
            elif not isinstance(value, (bool, str)):
                value = float(value)
            changes[name] = value
        try:
            text = json.dumps(changes, allow_nan=False)
        except ValueError:
            raise ShnnError(E_ARGUMENT, "current source %r: %s: expected finite numbers but found %r"
                            % (source, ", ".join(sorted(changes)), changes)) from None
        _check(_lib.shnn_sim_set_current(self._handle, source.encode(), text.encode("utf-8")))

    def set_parameters(self, population, **parameters):
        """Sets neuron parameters of ``population`` between runs (PyNN names and units): a number applies to every
        neuron (``tau_m=10.0``), a sequence or NumPy array gives one value per neuron (``tau_m=array``): the state is
        kept, the next step uses them, ``save`` stores them and ``reset`` keeps them. A bad value raises
        ``ShnnError`` naming the population and field."""
        for name in [k for k, v in parameters.items() if _np is not None and _np.ndim(v) > 0]:
            a = _np.ascontiguousarray(parameters.pop(name), dtype=_np.float64).ravel()
            _check(_lib.shnn_sim_set_parameter_values(self._handle, population.encode(), name.encode(),
                                                      a.ctypes.data, a.size))
        names = list(parameters)
        n = len(names)
        if n == 0:
            return
        cnames = (ctypes.c_char_p * max(n, 1))(*[k.encode() for k in names])
        values = (ctypes.c_double * max(n, 1))(*[float(parameters[k]) for k in names])
        _check(_lib.shnn_sim_set_parameters(self._handle, population.encode(), ctypes.addressof(cnames),
                                            ctypes.addressof(values), n))

    def reset(self):
        """Back to t = 0 keeping the network (PyNN's ``reset()``): state to the initial values, spikes, samples,
        counters and random streams restarted, so the next run equals a fresh simulation's; set weights and delays
        are kept, and weights a plasticity rule changed go back to their values at t = 0 (or the last set ones)."""
        _check(_lib.shnn_sim_reset(self._handle))

    def save(self, path):
        """Writes a ``.shnn`` checkpoint atomically (readable without a JVM: examples/c/read_state.c)."""
        _check(_lib.shnn_sim_save(self._handle, os.fsencode(path)))

    @property
    def handle(self):
        """The C handle (an int >= 1; 0 after ``close``)."""
        return self._handle

    def close(self):
        """Frees the simulation (idempotent): at once, or, while views from ``state`` are alive, when
        the last of them is garbage-collected (they stay readable until then)."""
        if self._handle:
            self._handle = 0
            owner, self._owner = self._owner, None
            owner.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    #: Steps per engine call in ``run``/``run_steps``: Ctrl-C (KeyboardInterrupt) is honoured between
    #: chunks, because the JVM runs with -Xrs and leaves SIGINT to Python, which can only raise it
    #: once a call returns. Chunking does not change results (each step is the same computation).
    chunk_steps = 10000

    def run(self, ms):
        """Advances the simulation by ``ms`` milliseconds, rounded to whole steps of dt as the engine
        rounds (half up). Interruptible with Ctrl-C between chunks of ``chunk_steps`` steps."""
        ms = float(ms)
        if not (ms >= 0 and math.isfinite(ms)) or ms / self.dt > MAX_STEPS:
            _check(_lib.shnn_sim_run(self._handle, ms))  # the engine's own error for a bad duration
            return
        self.run_steps(math.floor(ms / self.dt + 0.5))

    def run_steps(self, steps):
        """Advances the simulation by ``steps`` steps of dt, in chunks (see ``chunk_steps``)."""
        if steps < 0 or steps > MAX_STEPS - self.step:
            # the engine's own error, before any step (clamped: ctypes would wrap a larger int silently)
            _check(_lib.shnn_sim_run_steps(self._handle, max(-(1 << 63), min(steps, (1 << 63) - 1))))
            return
        while steps > 0:
            n = min(steps, self.chunk_steps)
            _check(_lib.shnn_sim_run_steps(self._handle, n))
            steps -= n

    @property
    def step(self):
        """Steps simulated so far."""
        step = ctypes.c_int64()
        ms = ctypes.c_double()
        _check(_lib.shnn_sim_time(self._handle, ctypes.byref(step), ctypes.byref(ms)))
        return step.value

    @property
    def time_ms(self):
        """Simulated time so far, in ms."""
        step = ctypes.c_int64()
        ms = ctypes.c_double()
        _check(_lib.shnn_sim_time(self._handle, ctypes.byref(step), ctypes.byref(ms)))
        return ms.value

    @property
    def dt(self):
        """The time step in ms."""
        out = ctypes.c_double()
        _check(_lib.shnn_sim_dt(self._handle, ctypes.byref(out)))
        return out.value

    @property
    def neuron_count(self):
        """Neurons in the network."""
        return _i64_out(_lib.shnn_sim_neuron_count, self._handle)

    @property
    def spike_count(self):
        """Spikes recorded so far (of the neurons the network's recorders of "spikes" select; of every neuron
        without one)."""
        return _i64_out(_lib.shnn_sim_spike_count, self._handle)

    def population_spike_counts(self):
        """Spikes fired since step 0 per population, every one whatever the network's recorders of "spikes" keep (a
        resumed run includes the saved ones), in the network's population order: a list of ints."""
        n = _i64_out(_lib.shnn_sim_population_spike_counts, self._handle, 0, None)
        out = (ctypes.c_int64 * n)()
        _i64_out(_lib.shnn_sim_population_spike_counts, self._handle, n, out)
        return list(out)

    def spikes(self, offset=0, count=None):
        """Recorded spikes ``[offset, offset + count)`` in recording order, as ``(steps, neurons)``:
        NumPy int64 and int32 arrays (filled by the engine in one batch call, no per-spike Python),
        or two lists when NumPy is absent. ``count`` defaults to all remaining spikes."""
        total = self.spike_count
        if offset < 0 or offset > total:
            raise ShnnError(E_ARGUMENT, "offset %d out of range [0, %d]" % (offset, total))
        n = total - offset if count is None else min(count, total - offset)
        if _np is not None:
            steps = _np.empty(n, dtype=_np.int64)
            neurons = _np.empty(n, dtype=_np.int32)
            sp, np_ = steps.ctypes.data, neurons.ctypes.data
        else:
            steps = (ctypes.c_int64 * n)()
            neurons = (ctypes.c_int32 * n)()
            sp, np_ = ctypes.addressof(steps), ctypes.addressof(neurons)
        got = _i64_out(_lib.shnn_sim_read_spikes, self._handle, offset, n, sp, np_)
        if _np is not None:
            return steps[:got], neurons[:got]
        return list(steps)[:got], list(neurons)[:got]

    def export_spikes(self, path):
        """Writes the recorded spikes to ``path``: CSV, ``.npz`` (``neuron_id``, ``time_ms``) or
        ``.npy`` by extension, atomically."""
        _check(_lib.shnn_sim_export_spikes(self._handle, os.fsencode(path)))

    def inject(self, population, neurons, weights, receptor=0):
        """Queues external input for the next run (one batch call): ``weights[i]`` (nS for COBA, pA
        for CUBA) onto ``receptor`` (0 excitatory, 1 inhibitory) of neuron ``neurons[i]`` (index in
        ``population``), arriving at step ``self.step + 1`` as a spike through a one-step synapse.
        ``weights`` may be one number for all neurons. Identical results for any thread count."""
        n = len(neurons)
        if isinstance(weights, (int, float)):
            weights = [float(weights)] * n
        if len(weights) != n:
            raise ShnnError(E_ARGUMENT, "%d neurons but %d weights" % (n, len(weights)))
        ids = [int(x) for x in neurons]
        for i, x in enumerate(ids):
            if not -(1 << 31) <= x < (1 << 31):  # ctypes would wrap it silently (2^40 became neuron 0)
                raise ShnnError(E_ARGUMENT, "neurons[%d] = %d is out of range (population %r)" % (i, x, population))
        ids = (ctypes.c_int32 * n)(*ids)
        ws = (ctypes.c_float * n)(*[float(x) for x in weights])
        _check(_lib.shnn_sim_inject(self._handle, population.encode(), receptor, ids, ws, n))

    _COLUMN_TYPES = {1: ctypes.c_double, 2: ctypes.c_float, 3: ctypes.c_int32, 4: ctypes.c_int64}

    def state(self, population, column):
        """Column ``column`` (e.g. "v", mV) of population ``population`` (e.g. "exc") as a view of the
        engine's off-heap memory, without copying: a NumPy array (a ctypes array without NumPy).
        It shows the values after the last run and may be written between runs (the change takes
        effect at the next step). The view keeps the engine's memory alive: after ``close()`` it
        still reads the last values, and the memory is freed when the last view is gone."""
        data = ctypes.c_void_p()
        count = ctypes.c_int64()
        kind = ctypes.c_int32()
        _check(_lib.shnn_sim_state_column(self._handle, population.encode(), column.encode(), ctypes.byref(data),
                                          ctypes.byref(count), ctypes.byref(kind)))
        ctype = self._COLUMN_TYPES[kind.value]
        view = (ctype * count.value).from_address(data.value)
        self._owner.add_view(view)
        return _np.ctypeslib.as_array(view) if _np is not None else view

    def raster_sha256(self):
        """SHA-256 (32 bytes) of the spike list sorted by (step, neuron), each as little-endian
        int64 step + int32 neuron: equal across hosts, thread counts and resumed runs."""
        out = (ctypes.c_uint8 * 32)()
        _check(_lib.shnn_sim_raster_sha256(self._handle, out))
        return bytes(out)


# ---- network descriptions ------------------------------------------------------------------------------

def uniform(low, high):
    """A uniform random value per neuron or synapse in [low, high)."""
    return {"distribution": "uniform", "low": float(low), "high": float(high)}


def normal(mu, sigma):
    """A normal random value per neuron or synapse."""
    return {"distribution": "normal", "mu": float(mu), "sigma": float(sigma)}


def normal_clipped(mu, sigma, low=-math.inf, high=math.inf):
    """A normal value redrawn until it lies in [low, high] (PyNN's normal_clipped)."""
    d = {"distribution": "normal_clipped", "mu": float(mu), "sigma": float(sigma)}
    if low != -math.inf:
        d["low"] = float(low)
    if high != math.inf:
        d["high"] = float(high)
    return d


def exponential(beta):
    """An exponential random value of mean ``beta``."""
    return {"distribution": "exponential", "beta": float(beta)}


def lognormal(mu, sigma):
    """exp(normal(mu, sigma))."""
    return {"distribution": "lognormal", "mu": float(mu), "sigma": float(sigma)}


# NumPy dtypes lent to the engine as they are (SHNN_TYPE_* codes); other dtypes are converted first.
_LENT_TYPES = {"float64": 1, "float32": 2, "int32": 3, "int64": 4}
# Parameters holding a sequence per neuron (or one for all), as the network file reads them: never lent.
_SEQUENCES = ("spike_times", "rate_times", "rate_values")
#: shnn.h SHNN_LEND_KEPT: or'ed into a lent array's type, the engine holds it for the simulation's life.
LEND_KEPT = 256


class Network:
    """A network of your own, described in the vocabulary of SHNN's network files
    (examples/networks/README.md): PyNN's cell types, parameter names and units (mV, ms, nA, nF, uS, Hz),
    connectors, synapse types, electrodes and recorders. Build it with the methods below, then
    ``Simulation.create(network, threads)``. Values are numbers, sequences, NumPy arrays (one value per
    neuron or synapse; contiguous float64/float32/int32/int64 arrays are lent to the engine without a
    copy), distributions (``shnn.normal(...)`` ...) or file references ``{"file": "w.npy"}``.

    The description is plain data (``document()``, ``to_json()``), identical to what a network file holds,
    so the same network from Python, C, a file or Java gives the same spikes for the same seed.
    """

    FORMAT = "shnn-network/1"

    def __init__(self, name="network", dt=0.1, seed=1, base_dir=None):
        """name: printed and saved; dt: time step in ms; seed: the seed of every random choice;
        base_dir: the directory relative file references are resolved against (default: the working one)."""
        self._doc = {"format": self.FORMAT, "name": str(name), "dt": float(dt), "seed": int(seed),
                     "populations": [], "projections": [], "poisson_drives": [], "current_sources": [],
                     "recorders": []}
        self.base_dir = base_dir

    @classmethod
    def from_file(cls, path):
        """The network of a network file (more parts may be added)."""
        import json
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
        net = cls(doc.get("name", "network"), doc.get("dt", 0.1), doc.get("seed", 1),
                  os.path.dirname(os.path.abspath(path)))
        for key in ("populations", "projections", "poisson_drives", "current_sources", "recorders", "hyperedges"):
            doc.setdefault(key, [])
        net._doc = doc
        return net

    def population(self, label, size, cell_type, parameters=None, initial_values=None, structure=None):
        """Adds ``size`` neurons of ``cell_type`` (e.g. "IF_cond_exp", "SpikeSourcePoisson") with PyNN
        ``parameters`` (a dict; missing ones take PyNN's defaults) and ``initial_values`` (a dict, applied in
        order); returns ``label``."""
        p = {"label": label, "size": int(size), "cell_type": cell_type}
        if parameters:
            p["parameters"] = dict(parameters)
        if initial_values:
            p["initial_values"] = dict(initial_values)
        if structure:
            p["structure"] = dict(structure)
        self._doc["populations"].append(p)
        return label

    def projection(self, pre, post, connector, weight, delay, receptor_type="excitatory", synapse_type=None,
                   label=None, homeostasis=None):
        """Adds synapses from population ``pre`` to ``post``: ``connector`` is a dict in the network file's
        form, e.g. ``{"type": "FixedProbabilityConnector", "p_connect": 0.02}`` or
        ``{"type": "FromListConnector", "pre": array, "post": array, "weights": array}``; ``weight`` in uS
        (conductance cells), nA (current cells) or mV (IF_curr_delta); ``delay`` in ms. Returns the label."""
        label = label or self._unique("projections", "%s->%s" % (pre, post))
        p = {"label": label, "pre": pre, "post": post, "receptor_type": receptor_type, "connector": dict(connector),
             "weight": weight, "delay": delay}
        if synapse_type:
            p["synapse_type"] = dict(synapse_type)
        if homeostasis:
            p["homeostasis"] = dict(homeostasis)
        self._doc["projections"].append(p)
        return label

    def poisson_drive(self, population, rate, weight, sources=1, receptor_type="excitatory"):
        """Adds synapse-free Poisson input: ``sources`` trains of ``rate`` Hz per neuron, ``weight`` each."""
        self._doc["poisson_drives"].append({"population": population, "receptor_type": receptor_type,
                                            "sources": int(sources), "rate": float(rate), "weight": float(weight)})

    def current_source(self, population, type, neurons=None, label=None, **parameters):
        """Adds an electrode (PyNN's "DCSource", "StepCurrentSource", "ACSource", "NoisyCurrentSource" with its
        parameters in nA, ms, Hz, degrees) into ``neurons`` (indices; default all) of ``population``."""
        label = label or self._unique("current_sources", type)
        c = {"label": label, "population": population, "type": type}
        if neurons is not None:
            c["neurons"] = neurons
        c.update(parameters)
        self._doc["current_sources"].append(c)
        return label

    def record(self, population, variables, neurons=None, sampling_interval=None):
        """Records ``variables`` ("spikes", "v", "gsyn_exc", ...) of ``neurons`` (default all) of
        ``population``, sampling state every ``sampling_interval`` ms (default dt). Returns the recorder's
        number for ``Simulation.samples``. Spikes: a network with recorders of "spikes" keeps the spikes of the
        neurons they select and of no other (``Simulation.spikes``, ``raster_sha256``); one without keeps every
        neuron's."""
        if isinstance(variables, str):
            variables = [variables]
        r = {"population": population, "variables": list(variables)}
        if neurons is not None:
            r["neurons"] = neurons
        if sampling_interval is not None:
            r["sampling_interval"] = float(sampling_interval)
        self._doc["recorders"].append(r)
        return len(self._doc["recorders"]) - 1

    def record_weights(self, projection, synapses=None, sampling_interval=None):
        """Records the synaptic weights of ``projection`` (its label): ``synapses`` are positions in the projection's
        list order (the order of ``Simulation.synapses``; default all), sampled every ``sampling_interval`` ms
        (default dt) after the step's plasticity. Returns the recorder's number: ``Simulation.samples(number,
        "weight")`` gives ``(times_ms, weights)``, weights of shape (samples, synapses) in uS, nA or mV."""
        r = {"projection": projection, "variables": ["weight"]}
        if synapses is not None:
            r["synapses"] = synapses
        if sampling_interval is not None:
            r["sampling_interval"] = float(sampling_interval)
        self._doc["recorders"].append(r)
        return len(self._doc["recorders"]) - 1

    def hyperedges(self, pre, post, edges, receptor_type="excitatory", label=None):
        """Adds a group of hyperedges from population ``pre`` to ``post``: ``edges`` is a list of dicts in the
        network file's form, e.g. ``{"type": "many_to_one", "sources": [0, 1, 2], "targets": [5],
        "min_spikes": 2, "window": 5.0, "delay": 1.0, "weight": 0.5}`` (types one_to_many, many_to_one,
        many_to_many, all_to_all with ``members``; weights in the receptor's unit, as a projection's). One group
        per pair of populations. Returns the label."""
        label = label or self._unique("hyperedges", "%s=>%s" % (pre, post))
        self._doc.setdefault("hyperedges", []).append({"label": label, "pre": pre, "post": post,
                                                       "receptor_type": receptor_type,
                                                       "edges": [dict(e) for e in edges]})
        return label

    def _unique(self, section, base):
        """``base``, or ``base#2``, ``base#3``, ... when a part of ``section`` already has that label."""
        taken = {p.get("label") for p in self._doc.get(section, [])}
        label, k = base, 1
        while label in taken:
            k += 1
            label = "%s#%d" % (base, k)
        return label

    def document(self):
        """The description as a JSON-ready dict (NumPy arrays as lists)."""
        import json
        return json.loads(self._render(lend=False)[0])

    def to_json(self):
        """The description as network-file JSON text (NumPy arrays written inline)."""
        return self._render(lend=False)[0]

    def _render(self, lend=True):
        """(JSON text, {key: (type code, array)}): NumPy arrays become {"lent": key} when lent."""
        import json
        lent = {}

        def convert(v, inline=not lend):
            if _np is not None and isinstance(v, _np.ndarray):
                if v.ndim != 1:
                    raise ShnnError(E_ARGUMENT, "arrays must be one-dimensional, found shape %s" % (v.shape,))
                if inline:
                    return v.tolist()
                a = v if (v.dtype.name in _LENT_TYPES and v.flags["C_CONTIGUOUS"]) else \
                    _np.ascontiguousarray(v, dtype=_np.float64 if v.dtype.kind == "f" else _np.int64)
                key = "a%d" % len(lent)
                lent[key] = (_LENT_TYPES[a.dtype.name], a)
                return {"lent": key}
            if _np is not None and isinstance(v, _np.generic):
                return v.item()
            if isinstance(v, dict):  # sequences per neuron are read into the engine's heap: written inline
                return {k: convert(x, inline or k in _SEQUENCES) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return [convert(x, inline) for x in v]
            return v

        doc = convert(self._doc)
        for key in ("projections", "poisson_drives", "current_sources", "recorders", "hyperedges"):
            if not doc.get(key, True):
                del doc[key]
        try:
            return json.dumps(doc, allow_nan=False), lent
        except ValueError as e:  # NaN and infinities have no JSON form, and no meaning in a description
            where, value = _non_finite(doc)
            if where is None:  # not a number (a value that refers to itself)
                raise ShnnError(E_ARGUMENT, "network '%s': %s" % (self._doc.get("name"), e)) from None
            part = where.split(".")[0]
            key, _, index = part.rstrip("]").partition("[")
            label = doc[key][int(index)].get("label") if index.isdigit() and isinstance(doc[key][int(index)], dict) \
                else None
            raise ShnnError(E_ARGUMENT, "network '%s': %s%s: expected a finite number but found %r"
                            % (self._doc.get("name"), where, "" if label is None else " (%s '%s')" % (key[:-1], label),
                               value)) from None


def _non_finite(v, where=""):
    """(place, value) of the first NaN or infinity in a description document, its place as the engine names one
    (``projections[3].weight``); (None, None) if there is none."""
    if isinstance(v, float) and not math.isfinite(v):
        return where, v
    items = v.items() if isinstance(v, dict) else enumerate(v) if isinstance(v, list) else ()
    for k, x in items:
        found = _non_finite(x, "%s.%s" % (where, k) if isinstance(k, str) and where else
                            k if isinstance(k, str) else "%s[%d]" % (where, k))
        if found[0] is not None:
            return found
    return None, None


class SpikeStream:
    """A live spike stream in a memory-mapped file shared with a running simulation (shnn.h
    ``shnn_stream_*``; no JVM is started): ``scripts/run --spikes-in ring:PATH`` drains one and
    ``--spikes-out ring:PATH`` writes every recorded spike into one. Records are (step, global neuron id).

    ``SpikeStream.create(path, many_producers, capacity, policy)`` makes a new file (formatted aside
    and renamed into place); ``SpikeStream.open(path, wait_s=0)`` maps an existing one, waiting up to
    ``wait_s`` seconds for it to appear; a bad file raises ``ShnnError`` (E_IO) naming the file, byte
    offset, field, expected and found value. ``policy`` is ``"block"`` (a full ring makes ``put`` wait)
    or ``"drop-oldest"`` (the oldest spike is discarded and counted in ``dropped``).

    Input timing: a spike stamped ``consumer_step + 2`` or later takes effect at its step; an earlier
    one at the next step the engine can, counted late (see shnn.h). Threads: ``put`` from any number of
    threads on an MPSC ring (one at a time on SPSC), ``drain`` from one thread at a time.
    """

    POLICIES = {"block": 1, "drop-oldest": 2}

    def __init__(self, handle, path):
        self._handle = handle
        self.path = path

    @classmethod
    def create(cls, path, many_producers=True, capacity=65536, policy="block"):
        if policy not in cls.POLICIES:
            raise ShnnError(E_ARGUMENT, "policy %r is not one of %s" % (policy, ", ".join(cls.POLICIES)))
        h = ctypes.c_void_p()
        _check(_load().shnn_stream_create(os.fsencode(path), 1 if many_producers else 0, capacity,
                                          cls.POLICIES[policy], ctypes.byref(h)))
        return cls(h, path)

    @classmethod
    def open(cls, path, wait_s=0.0):
        h = ctypes.c_void_p()
        lib = _load()
        if wait_s > 0:
            _check(lib.shnn_stream_open_wait(os.fsencode(path), float(wait_s), ctypes.byref(h)))
        else:
            _check(lib.shnn_stream_open(os.fsencode(path), ctypes.byref(h)))
        return cls(h, path)

    def _h(self):
        if self._handle is None:
            raise ShnnError(E_STATE, "spike stream %s is closed" % self.path)
        return self._handle

    def put(self, step, neuron):
        """Puts one spike (blocks or drops the oldest when the ring is full, by the stream's policy). A blocking
        ring that stays full for the stall timeout (default 10 s: its consumer stopped reading) raises ShnnError
        (E_IO) naming the stream; nothing is put."""
        _check(_lib.shnn_stream_put(self._h(), int(step), int(neuron)))

    def set_stall_timeout(self, seconds):
        """How long ``put`` waits on a full blocking ring before it raises (seconds > 0; ``math.inf``: for good)."""
        _check(_lib.shnn_stream_set_stall_timeout(self._h(), float(seconds)))

    def drain(self, max_spikes=65536):
        """Takes up to ``max_spikes`` spikes, oldest first: a list of (step, neuron) pairs (empty if none)."""
        steps = (ctypes.c_int64 * max_spikes)()
        neurons = (ctypes.c_int32 * max_spikes)()
        got = ctypes.c_int64()
        _check(_lib.shnn_stream_drain(self._h(), steps, neurons, max_spikes, ctypes.byref(got)))
        return list(zip(steps[:got.value], neurons[:got.value]))

    @property
    def consumer_step(self):
        """The engine's step in the header (input: the step its latest drain serves; output: the last step
        written); -1 before the engine's first."""
        return _i64_out(_lib.shnn_stream_consumer_step, self._h())

    @property
    def dropped(self):
        """Spikes discarded by the drop-oldest policy (all producers, all processes)."""
        return _i64_out(_lib.shnn_stream_dropped, self._h())

    @property
    def info(self):
        """(many_producers, capacity, policy name)."""
        many, cap, pol = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
        _check(_lib.shnn_stream_info(self._h(), ctypes.byref(many), ctypes.byref(cap), ctypes.byref(pol)))
        return bool(many.value), cap.value, {v: k for k, v in self.POLICIES.items()}[pol.value]

    def close(self):
        """Unmaps the file (it stays on disk). Idempotent."""
        if self._handle is not None:
            _check(_lib.shnn_stream_close(self._handle))
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
