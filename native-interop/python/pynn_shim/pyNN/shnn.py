"""``pyNN.shnn``: SHNN's PyNN backend (the module ``shnn.pynn``, under the name PyNN's scripts import)."""
import sys

import shnn.pynn

sys.modules[__name__] = shnn.pynn
