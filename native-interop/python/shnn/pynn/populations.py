"""Population, PopulationView and Assembly of the SHNN backend: each Population becomes one population of
the network description (global ids in creation order, as the engine numbers neurons)."""

import numpy as np

from pyNN import common, errors, space
from pyNN.recording import files
from pyNN.parameters import ArrayParameter, LazyArray, ParameterSpace, simplify
from pyNN.standardmodels import StandardCellType

from . import simulator

import shnn
from .recording import Recorder
from .standardmodels import CELL_TYPES


def _binary(file):
    """A file name as PyNN's text file opened in binary mode: PyNN 0.10.1's ``save_positions`` opens a name in text
    mode and its StandardTextFile then writes bytes (a TypeError on every backend). The format is PyNN's."""
    return files.StandardTextFile(file, mode="wb") if isinstance(file, str) else file


class Assembly(common.Assembly):
    _simulator = simulator

    def save_positions(self, file):
        """Saves the cells' positions (``index x y z``, PyNN's text format) to ``file``, a name or a PyNN file."""
        common.Assembly.save_positions(self, _binary(file))


class PopulationView(common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _indices(self):
        """The view's cells as indices into the Population at its root (views of views included)."""
        return np.asarray(self.all_cells, dtype=np.int64) - int(self.grandparent.first_id)

    def _get_parameters(self, *names):
        """A ParameterSpace of the native parameters of the view's cells."""
        idx = self._indices()
        return ParameterSpace({n: simplify(self.grandparent._parameters[n][idx]) for n in names},
                              shape=(self.size,))

    def _set_parameters(self, parameter_space):
        self.grandparent._set_parameter_values(parameter_space, self._indices())

    def _set_initial_value_array(self, variable, initial_values):
        self.grandparent._set_initial_values(variable, initial_values, self._indices())

    @property
    def initial_values(self):
        """The view's initial values, {variable: LazyArray} (a copy: set them with ``initialize``)."""
        idx = self._indices()
        return {v: LazyArray(values[idx]) for v, values in self.grandparent._initial.items()}

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def save_positions(self, file):
        """Saves the cells' positions (``index x y z``, PyNN's text format) to ``file``, a name or a PyNN file."""
        common.PopulationView.save_positions(self, _binary(file))


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def __init__(self, size, cellclass, cellparams=None, structure=None, initial_values={}, label=None):
        state = simulator.state
        state.structure_changed("create a Population")
        first = state.id_counter
        try:
            common.Population.__init__(self, size, cellclass, cellparams, structure, initial_values, label)
        except BaseException:
            # Not made: PyNN raised after _create_cells had registered it (e.g. a bad initial value), or before. Forget
            # it, so that its label, its ids and its recorder do not outlive it (PyNN numbers default labels by the
            # populations made, and the next one would be refused as taking this one's label).
            state.populations[:] = [p for p in state.populations if p is not self]
            state.id_counter = first
            if "recorder" in self.__dict__:
                state.recorders.discard(self.recorder)
            raise

    def _create_cells(self):
        problem = None
        if not self.size >= 1:
            problem = errors.InvalidDimensionsError("SHNN needs at least one cell in a Population, found size %s"
                                                    % self.size)
        elif not isinstance(self.celltype, StandardCellType):
            problem = NotImplementedError("SHNN simulates PyNN's standard cell types only, not %s"
                                          % type(self.celltype).__name__)
        elif type(self.celltype) not in CELL_TYPES:  # another backend's, or pyNN.standardmodels' own (no translations)
            kind = type(self.celltype)
            problem = NotImplementedError("SHNN simulates the standard cell types of its own module (shnn.pynn.%s), "
                                          "not %s.%s" % (kind.__name__, kind.__module__, kind.__name__))
        elif any(p.label == self.label for p in simulator.state.populations):
            problem = errors.InvalidParameterValueError("SHNN needs unique Population labels; '%s' is taken"
                                                        % self.label)
        if problem is not None:
            raise problem  # __init__ forgets the population
        first = simulator.state.id_counter
        self.all_cells = np.array([simulator.ID(i) for i in range(first, first + self.size)], dtype=simulator.ID)
        self._mask_local = np.ones((self.size,), bool)
        parameter_space = self.celltype.native_parameters
        parameter_space.shape = (self.size,)
        parameter_space.evaluate(simplify=False)
        self._parameters = parameter_space.as_dict()
        self._initial = {}
        for cell in self.all_cells:
            cell.parent = self
        simulator.state.id_counter += self.size
        simulator.state.populations.append(self)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def save_positions(self, file):
        """Saves the cells' positions (``index x y z``, PyNN's text format) to ``file``, a name or a PyNN file."""
        common.Population.save_positions(self, _binary(file))

    def _get_parameters(self, *names):
        return ParameterSpace({n: simplify(self._parameters[n]) for n in names}, shape=(self.local_size,))

    def _set_parameters(self, parameter_space):
        self._set_parameter_values(parameter_space, slice(None))

    def _set_parameter_values(self, parameter_space, mask):
        state = simulator.state
        running = state.sim is not None and state.running
        if running and not self.celltype.__class__.__name__.startswith("SpikeSource"):
            self._set_during_run(parameter_space, mask)
            return
        if running and self._set_source_during_run(parameter_space, mask):
            return
        simulator.state.structure_changed("change parameters of %s" % self.label)
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            self._parameters[name][mask] = value

    def _set_during_run(self, parameter_space, mask):
        """A parameter changed between runs, of all the population's neurons or of a view's: the engine takes one
        value for all, or one per neuron (its models are rebuilt and swapped in, the state kept; reset() keeps the
        values). A per-neuron ``i_offset`` is refused: it runs as an injected current fixed when the network is
        built."""
        parameter_space.evaluate(simplify=False)
        changed = {}
        for name, value in parameter_space.items():
            new = np.array(self._parameters[name], dtype=float, copy=True)
            new[mask] = value
            uniform = np.all(new == new.flat[0])
            if name == "i_offset" and not uniform:
                raise NotImplementedError("SHNN changes i_offset of %s during a simulation only to one value for all "
                                          "its neurons (a per-neuron i_offset is an injected current fixed when the "
                                          "network is built): call reset() first" % self.label)
            changed[name] = float(new.flat[0]) if uniform else new
        try:
            simulator.state.sim.set_parameters(self.label, **changed)
        except shnn.ShnnError as err:
            raise simulator.engine_error(err, "set %s of %s" % (", ".join(changed), self.label)) from None
        for name, value in parameter_space.items():
            self._parameters[name][mask] = value

    def _set_source_during_run(self, parameter_space, mask):
        """A spike source's parameter changed between runs, as NEST's SetStatus does: a SpikeSourcePoisson's ``rate``
        from the current time on (Simulation.setPoissonRates), a SpikeSourceArray's ``spike_times`` (spikes before
        the current time are not emitted). Returns False for any other parameter (fixed when the network is built)."""
        kind = type(self.celltype).__name__
        names = set(parameter_space.keys())
        if names != ({"rate"} if kind == "SpikeSourcePoisson" else {"spike_times"} if kind == "SpikeSourceArray"
                     else None):
            return False
        name = names.pop()
        parameter_space.evaluate(simplify=False)
        value = parameter_space[name]
        new = np.array(self._parameters[name], dtype=object if name == "spike_times" else float, copy=True)
        new[mask] = value
        try:
            if name == "rate":
                simulator.state.sim.set_parameters(self.label, rate=new)
            else:
                simulator.state.sim.set_spike_times(self.label, [np.asarray(getattr(t, "value", t), dtype=float)
                                                                 for t in new])
        except shnn.ShnnError as err:
            raise simulator.engine_error(err, "set %s of %s" % (name, self.label)) from None
        self._parameters[name] = new
        self._rates_set = self._rates_set or name == "rate"
        return True

    _rates_set = False  # whether a run set this SpikeSourcePoisson's rate: reset() applies it again from t = 0

    def _set_initial_value_array(self, variable, initial_values):
        self._set_initial_values(variable, initial_values, slice(None))

    def _set_initial_values(self, variable, lazy, mask):
        simulator.state.structure_changed("initialize %s" % self.label)
        values = self._initial.get(variable)
        if values is None:
            values = np.empty(self.size)
            values[:] = np.nan
        lazy.shape = (np.arange(self.size)[mask].size,)
        values[mask] = lazy.evaluate(simplify=False)
        self._initial[variable] = values

    def _describe(self, net):
        """Adds this population (parameters, initial values, positions) to ``net``, a shnn.Network."""
        params = {}
        for name, value in self._parameters.items():
            value = simplify(value)
            if isinstance(value, ArrayParameter):  # one spike_times sequence for every cell (Sequence or list)
                params[name] = [np.asarray(value.value, dtype=float).tolist()]
            elif isinstance(value, np.ndarray) and value.dtype == object:
                params[name] = [np.asarray(s.value, dtype=float).tolist() for s in value]
            elif isinstance(value, np.ndarray):
                params[name] = np.ascontiguousarray(value, dtype=float)
            else:
                params[name] = float(value)
        defaults = self.celltype.default_initial_values
        initial = {}
        for variable, values in self._initial.items():
            first = values[0]
            homogeneous = bool(np.all(values == first))
            if variable != "v" and homogeneous and first == defaults.get(variable):
                continue
            initial[variable] = float(first) if homogeneous else np.ascontiguousarray(values, dtype=float)
        if isinstance(self.structure, space.Line):  # a few numbers: distance connectors need the default one too
            s = self.structure
            structure = {"type": "Line", "dx": float(s.dx), "x0": float(s.x0), "y0": float(s.y), "z0": float(s.z)}
        else:
            structure = {"type": "Explicit", "xyz": np.ascontiguousarray(self.positions.T.ravel(), dtype=float)}
        net.population(self.label, self.size, type(self.celltype).__name__, params, initial, structure)
