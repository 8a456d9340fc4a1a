"""PyNN's standard cell, synapse and electrode types for SHNN.

SHNN's network description uses PyNN's names and units (mV, ms, nA, nF, uS, Hz), so every translation
is the identity; what the description cannot express raises NotImplementedError when the network is
described, naming the type and the parameter. Cell types the engine cannot simulate yet are refused by the
engine when the network is built (at the first run), with PyNN's NotImplementedError and the engine's
message.
"""

import warnings

import numpy as np

from pyNN.standardmodels import cells, synapses, electrodes, build_translations, StandardCurrentSource
from pyNN.parameters import Sequence

import shnn

from .simulator import state, engine_error


def _identity(base):
    return build_translations(*[(n, n) for n in base.default_parameters])


def _cell(base):
    return type(base.__name__, (base,), {"__doc__": base.__doc__, "translations": _identity(base)})


IF_curr_exp = _cell(cells.IF_curr_exp)
IF_curr_alpha = _cell(cells.IF_curr_alpha)
IF_curr_delta = _cell(cells.IF_curr_delta)
IF_cond_exp = _cell(cells.IF_cond_exp)
IF_cond_alpha = _cell(cells.IF_cond_alpha)
IF_cond_exp_gsfa_grr = _cell(cells.IF_cond_exp_gsfa_grr)
EIF_cond_exp_isfa_ista = _cell(cells.EIF_cond_exp_isfa_ista)
EIF_cond_alpha_isfa_ista = _cell(cells.EIF_cond_alpha_isfa_ista)
HH_cond_exp = _cell(cells.HH_cond_exp)
Izhikevich = _cell(cells.Izhikevich)
SpikeSourcePoisson = _cell(cells.SpikeSourcePoisson)
SpikeSourceArray = _cell(cells.SpikeSourceArray)

CELL_TYPES = (IF_curr_exp, IF_curr_alpha, IF_curr_delta, IF_cond_exp, IF_cond_alpha, IF_cond_exp_gsfa_grr,
              EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista, HH_cond_exp, Izhikevich, SpikeSourcePoisson,
              SpikeSourceArray)


class _NotAvailable(object):
    """A PyNN standard type SHNN does not simulate: making one raises NotImplementedError naming it and what SHNN
    offers instead (PyNN's ModelNotAvailable, with the reason)."""
    instead = ""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("SHNN does not simulate PyNN's %s%s" % (type(self).__name__, self.instead))


def _not_available(name, instead):
    return type(name, (_NotAvailable,), {"__doc__": _NotAvailable.__doc__, "instead": instead})


_CELLS = "; its cell types: " + ", ".join(c.__name__ for c in CELL_TYPES)
IF_facets_hardware1 = _not_available("IF_facets_hardware1", _CELLS)
GIF_cond_exp = _not_available("GIF_cond_exp", _CELLS)
SpikeSourcePoissonRefractory = _not_available("SpikeSourcePoissonRefractory", _CELLS)
SpikeSourceGamma = _not_available("SpikeSourceGamma", _CELLS)
SpikeSourceInhGamma = _not_available("SpikeSourceInhGamma", _CELLS)
_SYNAPSES = "; its synapse types: StaticSynapse, TsodyksMarkramSynapse, STDPMechanism"
ElectricalSynapse = _not_available("ElectricalSynapse", " (gap junctions)" + _SYNAPSES)
SimpleStochasticSynapse = _not_available("SimpleStochasticSynapse", " (stochastic release)" + _SYNAPSES)
StochasticTsodyksMarkramSynapse = _not_available("StochasticTsodyksMarkramSynapse", " (stochastic release)"
                                                 + _SYNAPSES)
MultiQuantalSynapse = _not_available("MultiQuantalSynapse", " (stochastic release)" + _SYNAPSES)
_STDP = "; its STDP: SpikePairRule with AdditiveWeightDependence or MultiplicativeWeightDependence"
AdditivePotentiationMultiplicativeDepression = _not_available("AdditivePotentiationMultiplicativeDepression", _STDP)
GutigWeightDependence = _not_available("GutigWeightDependence", _STDP)
Vogels2011Rule = _not_available("Vogels2011Rule", _STDP)


def minimum_delay():
    d = state.min_delay
    return state.dt if d == "auto" else d


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = build_translations(("weight", "weight"), ("delay", "delay"))

    def _get_minimum_delay(self):
        return minimum_delay()

    def _describe(self, values=None):
        return None


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__
    translations = _identity(synapses.TsodyksMarkramSynapse)

    def _get_minimum_delay(self):
        return minimum_delay()

    def _describe(self, values=None):
        p = _scalars(self, ("U", "tau_rec", "tau_facil"), values)
        return {"type": "TsodyksMarkramSynapse", "U": p["U"], "tau_rec": p["tau_rec"], "tau_facil": p["tau_facil"]}


EXACT_DENDRITIC_DELAY_FRACTION = 0.5
"""The dendritic_delay_fraction SHNN's STDP implements exactly. SHNN pairs the neurons' own spike times: the pair
window is evaluated at t_post - t_pre (engine.plasticity). PyNN's STDPMechanism pairs the presynaptic spike where it
reaches the synapse, after the axonal part (1 - f) d of the delay d, with the postsynaptic spike back-propagated
through the dendritic part f d: at t_post + f d - t_pre - (1 - f) d = t_post - t_pre + (2 f - 1) d, which is SHNN's
for f = 0.5 whatever the delay."""

_STDP_TIMING_WARNED = []


def _check_dendritic_delay_fraction(fraction):
    """Refuses a dendritic_delay_fraction SHNN's STDP cannot implement (NotImplementedError naming it): only
    EXACT_DENDRITIC_DELAY_FRACTION is exact; PyNN's default 1.0 is taken with a warning (once per process) saying that
    the window is evaluated at t_post - t_pre, not at t_post - t_pre + delay."""
    if fraction == EXACT_DENDRITIC_DELAY_FRACTION:
        return
    if fraction != 1.0:
        raise NotImplementedError(
            "SHNN's STDPMechanism cannot take dendritic_delay_fraction = %r: SHNN pairs the neurons' own spike times "
            "(the window at t_post - t_pre), which is dendritic_delay_fraction = %g exactly for any delay; PyNN's "
            "default 1.0 is taken with a warning" % (fraction, EXACT_DENDRITIC_DELAY_FRACTION))
    if not _STDP_TIMING_WARNED:
        _STDP_TIMING_WARNED.append(True)
        warnings.warn("SHNN's STDP pairs the neurons' own spike times (the window at t_post - t_pre, which is "
                      "dendritic_delay_fraction = %g): PyNN's default dendritic_delay_fraction = 1.0 (the window at "
                      "t_post - t_pre + delay) is not applied; give dendritic_delay_fraction=%g to say so and "
                      "silence this warning" % (EXACT_DENDRITIC_DELAY_FRACTION, EXACT_DENDRITIC_DELAY_FRACTION))


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = _identity(synapses.AdditiveWeightDependence)


class MultiplicativeWeightDependence(synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = _identity(synapses.MultiplicativeWeightDependence)


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity(synapses.SpikePairRule)


class STDPMechanism(synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    base_translations = build_translations(("weight", "weight"), ("delay", "delay"),
                                           ("dendritic_delay_fraction", "dendritic_delay_fraction"))

    def __init__(self, timing_dependence=None, weight_dependence=None, voltage_dependence=None,
                 dendritic_delay_fraction=1.0, weight=0.0, delay=None):
        _check_dendritic_delay_fraction(dendritic_delay_fraction)
        synapses.STDPMechanism.__init__(self, timing_dependence, weight_dependence, voltage_dependence,
                                        dendritic_delay_fraction, weight, delay)

    def _get_minimum_delay(self):
        return minimum_delay()

    def _describe(self, values=None):
        for part, allowed in ((self.timing_dependence, (SpikePairRule,)),
                              (self.weight_dependence, (AdditiveWeightDependence, MultiplicativeWeightDependence))):
            if not isinstance(part, allowed):
                raise NotImplementedError("SHNN's STDPMechanism supports %s, not %s"
                                          % (" and ".join(c.__name__ for c in allowed), type(part).__name__))
        if self.voltage_dependence is not None:
            raise NotImplementedError("SHNN's STDPMechanism has no voltage dependence")
        t = _scalars(self.timing_dependence, ("tau_plus", "tau_minus", "A_plus", "A_minus"), values)
        w = _scalars(self.weight_dependence, ("w_min", "w_max"), values)
        return {"type": "STDPMechanism",
                "timing_dependence": dict(t, type="SpikePairRule"),
                "weight_dependence": dict(w, type=type(self.weight_dependence).__name__)}


class PerConnection(NotImplementedError):
    """A synapse parameter other than weight and delay differs per connection: the projection is built by PyNN's
    connector code, and its connections are grouped by their values (see Projection)."""


def _scalars(model, names, values=None):
    """The named parameters of a synapse model, each one number: ``values[name]`` if given (one group of
    connections that share it), else the model's own, which must be one for the whole projection."""
    out = {}
    space = model.parameter_space
    for n in names:
        if n not in space.keys():
            continue
        if values is not None and n in values:
            out[n] = float(values[n])
            continue
        v = space[n]
        if not v.is_homogeneous:
            raise PerConnection("SHNN takes one %s per group of connections (%s); found values that differ per "
                                "synapse" % (n, type(model).__name__))
        v.shape = (1,)
        out[n] = float(v.evaluate(simplify=True))
    return out


# ---- electrodes ----------------------------------------------------------------------------------------

class _CurrentSource(StandardCurrentSource):
    """An electrode: the description's current source into the cells it is injected into."""

    def __init__(self, **parameters):
        object.__setattr__(self, "_targets", [])
        object.__setattr__(self, "_changed", False)
        super().__init__(**parameters)

    def set_native_parameters(self, parameters):
        """A change once the simulation is built acts from the current time on, as NEST's SetStatus does (the
        engine keeps the history, so the recorded current stays the one injected); before, it is the description's."""
        changes = self._values(parameters, list(parameters.keys())) if self._targets and state.sim is not None \
            else None
        parameters.evaluate(simplify=True)
        if changes is not None:
            for label in self._labels():
                try:
                    state.sim.set_current(label, **changes)
                except shnn.ShnnError as err:
                    raise engine_error(err, "change %s" % label) from None
            object.__setattr__(self, "_changed", True)
        self.parameter_space.update(**parameters)

    def get_native_parameters(self):
        return self.parameter_space

    def inject_into(self, cells):
        __doc__ = StandardCurrentSource.inject_into.__doc__
        from pyNN.common import Assembly
        state.structure_changed("inject a current")
        groups = cells.populations if isinstance(cells, Assembly) else [cells]
        for g in groups:
            if hasattr(g, "parent") or hasattr(g, "celltype"):
                population = g.grandparent if hasattr(g, "grandparent") else g
                indices = np.asarray(population.id_to_index(g.all_cells), dtype=np.int64)
            else:  # a list of IDs
                ids = list(g) if np.iterable(g) else [g]
                population = ids[0].parent
                indices = np.asarray(population.id_to_index(ids), dtype=np.int64)
            if population.celltype.injectable is False:
                raise TypeError("can't inject current into a spike source (%s)" % population.label)
            self._targets.append((population, np.sort(indices)))
        if self not in state.current_sources:
            state.current_sources.append(self)

    @staticmethod
    def _values(space, names):
        """The values of ``names`` in parameter space ``space``, as the description gives them: numbers, and lists
        for a step source's times and amplitudes."""
        params = {}
        space.shape = (1,)
        for name in names:
            value = space[name].evaluate(simplify=True)
            if isinstance(value, Sequence):
                value = value.value
            if isinstance(value, np.ndarray):
                value = value.astype(float).tolist()  # a few numbers: written inline
            elif isinstance(value, (int, float, np.number)):
                value = float(value)
            params[name] = value
        return params

    def _describe(self, net):
        params = self._values(self.parameter_space, self.get_parameter_names())
        if "stop" in params and params["stop"] >= 1e12:
            del params["stop"]  # PyNN's "never"
        for (population, indices), label in zip(self._targets, self._labels()):
            net.current_source(population.label, type(self).__name__, neurons=indices.tolist(), label=label,
                               **params)

    def _labels(self):
        """The description's label of this source's part into each target group."""
        i = state.current_sources.index(self)
        return ["%s-%d-%d" % (type(self).__name__, i, k) for k in range(len(self._targets))]

    def record(self):
        """Records the injected current. SHNN's injected current is a function of the seed, the source and the
        step, read from the engine on ``get_data()``, so recording costs nothing during the run (and, as in
        PyNN's Brian2 backend, ``get_data()`` works without it)."""

    def _get_data(self):
        """(times in ms, currents in nA): one sample per step from 0 to the current time inclusive, the current
        during the step starting at each time, as injected by the engine. One column for a waveform every target
        receives alike (DC, step, AC); one column per target cell for NoisyCurrentSource (each draws its own
        noise), in the order of ``_recorded_cells``."""
        if not self._targets:
            raise ValueError("%s has not been injected into any cell: there is no current to return"
                             % type(self).__name__)
        if state.sim is None:
            state.build()
        count = state.step + 1
        times = np.arange(count) * state.dt
        columns = []
        for (population, indices), label in zip(self._targets, self._labels()):
            for i in (indices if self._per_cell() else indices[:1]):
                try:
                    columns.append(state.sim.current(label, int(i), 0, count))
                except shnn.ShnnError as err:
                    raise engine_error(err, "read the current of %s" % label) from None
            if not self._per_cell():
                break
        return times, (columns[0] if len(columns) == 1 else np.column_stack(columns))

    def _per_cell(self):
        return isinstance(self, electrodes.NoisyCurrentSource)

    def _recorded_cells(self):
        """The ids of the cells whose current ``get_data()`` returns, one per column."""
        cells = []
        for population, indices in self._targets:
            cells.extend(int(population.first_id) + int(i) for i in (indices if self._per_cell() else indices[:1]))
            if not self._per_cell():
                break
        return cells

    def get_data(self):
        """The injected current as a Neo AnalogSignal in nA sampled every dt from t = 0 (PyNN's
        ``source.get_data()``), annotated with the source type and, per channel, the id of the cell it enters."""
        signal = StandardCurrentSource.get_data(self)
        signal.name = "i_inj"
        signal.annotate(source_type=type(self).__name__, simulator="SHNN")
        cells = self._recorded_cells()
        signal.array_annotate(channel_index=np.arange(len(cells)), source_ids=np.asarray(cells))
        return signal


def _electrode(base):
    return type(base.__name__, (_CurrentSource, base),
                {"__doc__": base.__doc__, "translations": _identity(base)})


DCSource = _electrode(electrodes.DCSource)
StepCurrentSource = _electrode(electrodes.StepCurrentSource)
ACSource = _electrode(electrodes.ACSource)
NoisyCurrentSource = _electrode(electrodes.NoisyCurrentSource)
