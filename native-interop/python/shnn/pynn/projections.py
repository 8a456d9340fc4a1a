"""Projection of the SHNN backend: PyNN's connectors become the network description's connectors, built
in bulk by the engine at the first run. A projection the description cannot state as one connector
(between views or assemblies, weights or delays given per connection as 2-D arrays or distance
expressions, connectors SHNN lacks such as SmallWorldConnector or CSAConnector) is built by PyNN's own
connector code into NumPy arrays and handed over as an explicit list (FromListConnector), lent to the
engine without a copy. Synapse parameters other than weight and delay that differ per connection (extra
FromListConnector columns, distributions) take that path too: the connections are grouped by their values, each
group an engine projection with its own synapse type (MAX_GROUPS at most)."""

import numpy as np

import pyNN
import pyNN.random
from pyNN import common, connectors, errors, space
from pyNN.core import is_listlike
from pyNN.parameters import LazyArray
from pyNN.random import RandomDistribution

from . import simulator
from .standardmodels import StaticSynapse, PerConnection

import shnn

_DISTRIBUTIONS = {"uniform": ("low", "high"), "normal": ("mu", "sigma"),
                  "normal_clipped": ("mu", "sigma", "low", "high"), "exponential": ("beta",),
                  "lognormal": ("mu", "sigma")}


MAX_GROUPS = 256
"""The most groups of connections with their own synapse parameters one PyNN projection becomes (each is an engine
projection)."""


class _Explicit(Exception):
    """The projection needs the explicit path (a reason, for debugging)."""


def _value(lazy, name):
    """A LazyArray of one synapse attribute as a description value (number or distribution dict)."""
    if not isinstance(lazy, LazyArray) or lazy.operations:
        raise _Explicit("%s is computed" % name)
    v = lazy.base_value
    if isinstance(v, RandomDistribution):
        if v.name not in _DISTRIBUTIONS:
            raise NotImplementedError("SHNN draws %s from %s distributions, not '%s'"
                                      % (name, ", ".join(sorted(_DISTRIBUTIONS)), v.name))
        d = {"distribution": v.name}
        for k in _DISTRIBUTIONS[v.name]:
            if k in v.parameters and v.parameters[k] is not None and np.isfinite(v.parameters[k]):
                d[k] = float(v.parameters[k])  # an infinite bound of normal_clipped is the description's default
        return d
    if isinstance(v, (int, float, np.number)) and not isinstance(v, bool):
        return float(v)
    raise _Explicit("%s given as %s" % (name, type(v).__name__))


def _default_space(s):
    """Whether ``s`` is PyNN's default Space (Euclidean in x, y, z, no scaling, offset or periodic boundaries),
    the distance the description's DistanceDependentProbabilityConnector uses."""
    return (s.periodic_boundaries is None and list(np.asarray(s.axes).ravel()) == [0, 1, 2]
            and s.scale_factor == 1.0 and s.offset == 0.0)


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type=None,
                 source=None, receptor_type=None, space=space.Space(), label=None):
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population, connector,
                                   synapse_type, source, receptor_type, space, label)
        simulator.state.structure_changed("create a Projection")
        if source not in (None, "spike"):
            raise NotImplementedError("SHNN projections start at spikes; source '%s' is not supported" % source)
        if self.receptor_type not in ("excitatory", "inhibitory"):
            raise NotImplementedError("SHNN has excitatory and inhibitory receptors, not '%s'" % self.receptor_type)
        if not hasattr(self.synapse_type, "_describe"):
            raise NotImplementedError("SHNN supports StaticSynapse, TsodyksMarkramSynapse and STDPMechanism, not %s"
                                      % type(self.synapse_type).__name__)
        self._split_tau = self._heterogeneous_target_tau()
        per_connection = self._split_tau is not None
        try:
            self._synapse = self.synapse_type._describe()
            if per_connection:
                self._synapse = None
        except PerConnection:  # one synapse type per group of connections sharing their values, see _groups
            self._synapse, per_connection = None, True
        self._index = len(simulator.state.projections)
        self._native = None
        self._parts = []
        self._part_rows = []  # per part, the rows of self._list it holds, in the engine's order
        self._extra = {}
        self._sets = []  # (attribute, [values per engine projection]) applied by set(), replayed after a rebuild
        try:
            if per_connection:
                raise _Explicit("synapse parameters per connection, or per target (tau_psc)")
            self._native = self._native_connector()
        except _Explicit:
            self._collect_explicit()
        else:
            self._check_native_weights()
        simulator.state.projections.append(self)

    def _check_native_weights(self):
        """The synapse type's checks of PyNN (``parameter_checks``: for the standard types, conductance-based and
        excitatory weights >= 0, current-based inhibitory ones <= 0, raising PyNN's ConnectionError), which PyNN's
        connector code applies on the explicit path: here for a connector the engine builds, on its weight given as a
        number or per connection (a list's column), unless the connector is not ``safe``. A distribution's draws are
        the engine's and are not seen here."""
        d, weight, _ = self._native
        check = getattr(self.synapse_type, "parameter_checks", {}).get("weight")
        values = d.get("weights", weight)
        if check is None or not getattr(self._connector, "safe", True) or isinstance(values, dict):
            return
        check(values, self)

    def _guess_receptor_type(self):
        """PyNN's guess (excitatory for a weight >= 0) evaluates one weight, which a distribution on the engine's
        NativeRNG cannot give in Python: for those, the sign of the distribution's mean decides."""
        w = self.synapse_type.parameter_space["weight"].base_value
        if isinstance(w, RandomDistribution) and isinstance(w.rng, pyNN.random.NativeRNG) \
                and len(self.post.receptor_types) > 1:
            p = w.parameters
            mean = p["mu"] if "mu" in p else (p["low"] + p["high"]) / 2 if "low" in p else 1.0
            self.receptor_type = self.post.receptor_types[0 if mean >= 0 else 1]
        else:
            common.Projection._guess_receptor_type(self)

    def _heterogeneous_target_tau(self):
        """SHNN's TsodyksMarkramSynapse decays its active state with the target receptor's tau_syn (tau_psc, as
        PyNN's NEST backend sets it), one value per engine projection: the parameter's name if a target population
        gives it per neuron (PyNN's tsodyksmarkram.py does), and the projection is then split by the targets' value
        (see _groups), else None."""
        if type(self.synapse_type).__name__ != "TsodyksMarkramSynapse":
            return None
        name = "tau_syn_E" if self.receptor_type == "excitatory" else "tau_syn_I"
        for p in self._populations(self.post):
            values = np.asarray(p._parameters.get(name, []), dtype=float)
            if values.size and not np.all(values == values.flat[0]):
                return name
        return None

    def _target_tau(self, post):
        """The target receptor's tau_syn of each connection's target (``post``: indices into self.post)."""
        ids = np.asarray(self.post.all_cells, dtype=np.int64)[post]
        tau = np.empty(ids.size)
        for p in self._populations(self.post):
            m = (ids >= p.first_id) & (ids <= p.last_id)
            tau[m] = np.asarray(p._parameters[self._split_tau], dtype=float)[ids[m] - int(p.first_id)]
        return tau

    # ---- connectors the description has -------------------------------------------------------------

    def _native_connector(self):
        c = self._connector
        if not (isinstance(self.pre, common.Population) and isinstance(self.post, common.Population)):
            raise _Explicit("views or assemblies")
        params = self.synapse_type.native_parameters
        weight = _value(params["weight"], "weight")
        delay = _value(params["delay"], "delay")
        t = type(c)
        allow = getattr(c, "allow_self_connections", True)
        if not isinstance(allow, bool):
            raise _Explicit("allow_self_connections = %r" % allow)
        if t is connectors.AllToAllConnector:
            d = {"type": "AllToAllConnector", "allow_self_connections": allow}
        elif t is connectors.OneToOneConnector:
            if self.pre.size != self.post.size:
                raise errors.ConnectionError("OneToOneConnector needs populations of one size, found %d and %d"
                                             % (self.pre.size, self.post.size))
            d = {"type": "OneToOneConnector"}
        elif t is connectors.FixedProbabilityConnector:
            d = {"type": "FixedProbabilityConnector", "p_connect": float(c.p_connect),
                 "allow_self_connections": allow}
        elif t in (connectors.FixedNumberPreConnector, connectors.FixedNumberPostConnector,
                   connectors.FixedTotalNumberConnector):
            if not isinstance(c.n, (int, np.integer)):
                raise _Explicit("n drawn at random")
            d = {"type": t.__name__, "n": int(c.n), "allow_self_connections": allow,
                 "with_replacement": bool(c.with_replacement)}
        elif t is connectors.DistanceDependentProbabilityConnector:
            if getattr(c, "n_connections", None) is not None or not _default_space(self.space):
                raise _Explicit("n_connections or a non-default space")
            d = {"type": "DistanceDependentProbabilityConnector", "d_expression": str(c.d_expression),
                 "allow_self_connections": allow}
        elif t is connectors.FromFileConnector:
            if c.distributed:
                raise NotImplementedError("SHNN runs in one process: FromFileConnector(distributed=True) is not "
                                          "supported")
            columns = [n for n in c.file.get_metadata().get("columns", ("weight", "delay")) if n not in "ij"]
            return self._from_list(np.atleast_2d(np.asarray(c.file.read(), dtype=float)), columns, weight, delay)
        elif t is connectors.FromListConnector:
            return self._from_list(np.asarray(c.conn_list, dtype=float), list(c.column_names), weight, delay)
        elif t is connectors.ArrayConnector:
            pre, post = np.nonzero(np.asarray(c.array, dtype=bool))
            return self._list_connector(pre, post, None, None, weight, delay)
        else:
            raise _Explicit(t.__name__)
        return d, weight, delay

    def _from_list(self, conn_list, columns, weight, delay):
        if conn_list.size == 0:
            conn_list = conn_list.reshape((0, 2 + len(columns)))
        extra = [n for n in columns if n not in ("weight", "delay")]
        if extra:
            raise _Explicit("synapse parameters per connection: columns %s" % extra)
        pre, post = conn_list[:, 0], conn_list[:, 1]
        for name, idx, size in (("source", pre, self.pre.size), ("target", post, self.post.size)):
            if idx.size and (idx.min() < 0 or idx.max() >= size or np.any(idx != np.round(idx))):
                raise errors.ConnectionError("%s index out of range [0, %d) in the connection list" % (name, size))
        w = conn_list[:, 2 + columns.index("weight")] if "weight" in columns else None
        dl = conn_list[:, 2 + columns.index("delay")] if "delay" in columns else None
        return self._list_connector(pre.astype(np.int64), post.astype(np.int64), w, dl, weight, delay)

    def _list_connector(self, pre, post, w, dl, weight, delay):
        d = {"type": "FromListConnector", "pre": np.ascontiguousarray(pre, dtype=np.int32),
             "post": np.ascontiguousarray(post, dtype=np.int32)}
        if w is not None:
            d["weights"] = np.ascontiguousarray(w, dtype=float)
        if dl is not None:
            d["delays"] = np.ascontiguousarray(dl, dtype=float)
        return d, weight, delay

    # ---- everything else: PyNN's connector code into arrays ------------------------------------------

    def _collect_explicit(self):
        self._pre_chunks, self._post_chunks, self._attr_chunks = [], [], {}
        try:
            self._connector.connect(self)
        except NotImplementedError as err:
            if str(err):
                raise
            raise NotImplementedError("PyNN %s does not implement %s.connect (on any backend)"
                                      % (pyNN.__version__, type(self._connector).__name__)) from None
        pre = np.concatenate(self._pre_chunks) if self._pre_chunks else np.empty(0, dtype=np.int64)
        post = np.concatenate(self._post_chunks) if self._post_chunks else np.empty(0, dtype=np.int64)
        attrs = {k: np.concatenate(v) for k, v in self._attr_chunks.items()}
        del self._pre_chunks, self._post_chunks, self._attr_chunks
        self._extra = {k: v for k, v in attrs.items() if k not in ("weight", "delay")}
        group_of, synapses = self._groups(post)
        # global ids, split by (pre population, post population)
        pre_ids = np.asarray(self.pre.all_cells, dtype=np.int64)[pre]
        post_ids = np.asarray(self.post.all_cells, dtype=np.int64)[post]
        self._list = (pre, post, attrs.get("weight"), attrs.get("delay"))
        for pp in self._populations(self.pre):
            for qp in self._populations(self.post):
                between = ((pre_ids >= pp.first_id) & (pre_ids <= pp.last_id) &
                           (post_ids >= qp.first_id) & (post_ids <= qp.last_id))
                for g, synapse in enumerate(synapses):
                    m = between & (group_of == g)
                    if not np.any(m):
                        continue
                    rows = np.nonzero(m)[0]  # in the engine's order: by (pre, post), as it sorts its synapses
                    self._part_rows.append(rows[np.lexsort((post_ids[rows], pre_ids[rows]))])
                    d = {"type": "FromListConnector",
                         "pre": (pre_ids[m] - int(pp.first_id)).astype(np.int32),
                         "post": (post_ids[m] - int(qp.first_id)).astype(np.int32),
                         "weights": np.ascontiguousarray(attrs["weight"][m], dtype=float),
                         "delays": np.ascontiguousarray(attrs["delay"][m], dtype=float)}
                    self._parts.append((pp, qp, d, synapse))

    def _groups(self, post):
        """(group index of each connection, the description's synapse type of each group): the connections (``post``,
        their targets) that share the values of every synapse parameter other than weight and delay, and for a
        Tsodyks-Markram projection onto targets of different tau_syn the targets' value (SHNN's synapse dynamics
        take one value per engine projection, so each group becomes one)."""
        n = post.size
        names = sorted(self._extra)
        if not (names or self._split_tau) or n == 0:
            return np.zeros(n, dtype=np.int64), [self._synapse]
        columns = [self._extra[k] for k in names] + ([self._target_tau(post)] if self._split_tau else [])
        table = np.column_stack(columns)
        rows, group_of = np.unique(table, axis=0, return_inverse=True)
        if len(rows) > MAX_GROUPS:
            raise NotImplementedError("SHNN takes synapse parameters other than weight and delay per group of "
                                      "connections sharing them (one engine projection each, at most %d); projection "
                                      "'%s' has %d distinct combinations of %s" % (MAX_GROUPS, self.label, len(rows),
                                                                                   ", ".join(names)))
        return group_of.ravel(), [self.synapse_type._describe(dict(zip(names, row[:len(names)]))) for row in rows]

    @staticmethod
    def _populations(group):
        if isinstance(group, common.Assembly):
            return [p.grandparent if hasattr(p, "grandparent") else p for p in group.populations]
        return [group.grandparent if hasattr(group, "grandparent") else group]

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index, **connection_parameters):
        pre = np.asarray(presynaptic_indices, dtype=np.int64).ravel()
        self._pre_chunks.append(pre)
        self._post_chunks.append(np.full(pre.size, int(postsynaptic_index), dtype=np.int64))
        for name, value in connection_parameters.items():
            arr = np.asarray(value, dtype=float)
            if arr.ndim == 0:
                arr = np.full(pre.size, float(arr))
            self._attr_chunks.setdefault(name, []).append(arr)

    # ---- description -------------------------------------------------------------------------------

    def _describe(self, net):
        label = self.label or "projection"
        self._engine_index = len(net._doc["projections"])
        # a connector that is not safe skips PyNN's weight checks, and the engine's sign rule with them
        unsafe = {} if getattr(self._connector, "safe", True) else {"safe": False}
        if self._native is not None:
            d, weight, delay = self._native
            net.projection(self.pre.label, self.post.label, dict(d, **unsafe), weight, delay,
                           receptor_type=self.receptor_type, synapse_type=self._synapse,
                           label="%d:%s" % (self._index, label))
        else:
            for k, (pp, qp, d, synapse) in enumerate(self._parts):
                net.projection(pp.label, qp.label, dict(d, **unsafe), 0.0, simulator.state.dt,
                               receptor_type=self.receptor_type, synapse_type=synapse,
                               label="%d.%d:%s" % (self._index, k, label))

    # ---- connections -------------------------------------------------------------------------------

    def _connections(self):
        """(pre indices, post indices, weights, delays) of this projection's synapses, as NumPy arrays, as they
        are now (after set() and plasticity): read from the engine, which is built if no run() has yet. A
        projection between whole populations comes in the engine's order; one made by PyNN's connector code
        (self._list) in that list's order."""
        state = simulator.state
        if state.sim is None and (self._native is not None or self._parts):
            state.build()
        if self._native is not None:
            pre, post, w, dl = self._engine_synapses(0)
            return pre.astype(np.int64), post.astype(np.int64), w, dl
        pre, post, w, dl = self._list
        w = np.array(w, dtype=float)
        dl = np.array(dl, dtype=float)
        for k, rows in enumerate(self._part_rows):
            _, _, w[rows], dl[rows] = self._engine_synapses(k)
        return np.asarray(pre), np.asarray(post), w, dl

    def _engine_synapses(self, part):
        try:
            return simulator.state.sim.synapses(self._engine_index + part)
        except shnn.ShnnError as err:
            raise simulator.engine_error(err, "read the synapses of %s" % self.label) from None

    def __len__(self):
        return len(self._connections()[0])

    def set(self, **attributes):
        """PyNN's Projection.set for weight and delay: a number, a RandomDistribution, a (pre size, post size)
        array (NaN where there is no connection) or a function of distance; every synapse of a pair takes the
        pair's value. The values go into the engine's synapses (built now if no run() has yet), are kept by
        reset() and saved with the simulation. Delays must lie between the network's shortest and longest
        delay (the engine's spike exchange interval and delay rings); other synapse parameters cannot change."""
        other = sorted(set(attributes) - {"weight", "delay"})
        if other:
            raise NotImplementedError("SHNN changes the weight and delay of existing synapses, not %s (projection "
                                      "'%s'); describe them in the synapse type instead" % (", ".join(other), self.label))
        common.Projection.set(self, **attributes)

    def _set_attributes(self, parameter_space):
        parameter_space.evaluate()  # (pre size, post size) arrays, then read at the connections
        pre, post, _, _ = self._connections()
        for name, value in parameter_space.items():
            value = np.broadcast_to(np.asarray(value, dtype=float), (self.pre.size, self.post.size))
            per_connection = value[pre, post]
            check = getattr(self.synapse_type, "parameter_checks", {}).get(name)
            if check is not None:  # the sign rules of the projection's creation (a NaN is the engine's to refuse)
                check(per_connection[np.isfinite(per_connection)], self)
            if self._native is not None:
                parts = [per_connection]
            else:
                parts = [per_connection[rows] for rows in self._part_rows]
            self._apply(name, parts)
            self._sets.append((name, parts))

    def _apply(self, name, parts):
        """Sets attribute ``name`` of each engine projection of this projection, values in the engine's order."""
        for k, values in enumerate(parts):
            try:
                if name == "weight":
                    simulator.state.sim.set_synapses(self._engine_index + k, weights=values)
                else:
                    simulator.state.sim.set_synapses(self._engine_index + k, delays=values)
            except shnn.ShnnError as err:
                raise simulator.engine_error(err, "set the %ss of %s" % (name, self.label)) from None

    def _built(self):
        """The simulation was built again from the description (after a change of the network): the values set
        before apply again."""
        for name, parts in self._sets:
            self._apply(name, parts)

    def _get_attributes_as_list(self, names):
        pre, post, w, dl = self._connections()
        cols = {"presynaptic_index": pre, "postsynaptic_index": post, "weight": w, "delay": dl}
        other = {}
        for n in names:
            if n not in cols:
                if n in self._extra:
                    other[n] = np.asarray(self._extra[n], dtype=float)
                elif n in self.synapse_type.get_parameter_names() and (self._synapse or self._split_tau):
                    other[n] = np.full(len(pre), float(self.synapse_type.parameter_space[n].base_value))
                else:
                    raise NotImplementedError("SHNN cannot report '%s' of synapses" % n)
        cols.update(other)
        return list(zip(*[cols[n].tolist() for n in names]))

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        pre, post, w, dl = self._connections()
        cols = {"weight": w, "delay": dl}
        op = {"sum": np.add, "min": np.fmin, "max": np.fmax}.get(multiple_synapses)
        out = []
        for n in names:
            name = n[:-1] if n.endswith("s") and n[:-1] in cols else n
            if name not in cols:
                raise NotImplementedError("SHNN cannot report '%s' of synapses" % n)
            a = np.full((self.pre.size, self.post.size), np.nan)
            if op is None:  # 'first' or 'last'
                order = slice(None, None, -1) if multiple_synapses == "first" else slice(None)
                a[pre[order], post[order]] = cols[name][order]
            else:
                np.copyto(a, np.nan)
                z = np.zeros_like(a) if op is np.add else np.full_like(a, np.nan)
                if op is np.add:
                    np.add.at(z, (pre, post), cols[name])
                    hit = np.zeros(a.shape, bool)
                    hit[pre, post] = True
                    a[hit] = z[hit]
                else:
                    op.at(z, (pre, post), cols[name])
                    a = z
            out.append(a)
        return out
