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
import os
import threading

__all__ = ["ShnnError", "init", "version", "echo", "sum_i32", "library_path"]

OK = 0
E_HANDLE = -1
E_ARGUMENT = -2
E_IO = -3
E_STATE = -4
E_MEMORY = -5
E_UNSUPPORTED = -6
E_INTERNAL = -99


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
            }
            for name, (res, args) in sig.items():
                f = getattr(lib, name)
                f.restype = res
                f.argtypes = args
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
