"""A shim that adds ``pyNN.shnn`` to the installed PyNN, so that an unchanged PyNN script run as
``python3 script.py shnn`` (``pyNN.utility.get_simulator`` imports ``pyNN.<simulator>``) finds SHNN's backend.

Put this directory's parent first on PYTHONPATH, with native-interop/python (the ``shnn`` package) after it:
``PYTHONPATH=native-interop/python/pynn_shim:native-interop/python python3 VAbenchmarks.py shnn COBA``.
Python then imports this package as ``pyNN``; it finds the installed PyNN further along ``sys.path`` (Debian's
python3-pynn), loads it in its place under the name ``pyNN`` with this directory added to its package path, and
so ``pyNN.common``, ``pyNN.brian2`` ... come from the installed PyNN unchanged and ``pyNN.shnn`` from here. No file
of PyNN is copied or changed."""

import importlib.util
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def _installed_pynn():
    """The directory of the installed PyNN package: the first ``pyNN`` on sys.path other than this shim."""
    for entry in sys.path:
        candidate = os.path.join(os.path.abspath(entry or os.curdir), "pyNN")
        if candidate != _HERE and os.path.isfile(os.path.join(candidate, "__init__.py")):
            return candidate
    raise ImportError("the pyNN shim at %s found no installed PyNN on sys.path (apt-get install python3-pynn)"
                      % _HERE)


_real = _installed_pynn()
_spec = importlib.util.spec_from_file_location("pyNN", os.path.join(_real, "__init__.py"),
                                               submodule_search_locations=[_real, _HERE])
_module = importlib.util.module_from_spec(_spec)
sys.modules["pyNN"] = _module  # the import of "pyNN" returns the module in sys.modules: the installed PyNN
_spec.loader.exec_module(_module)
