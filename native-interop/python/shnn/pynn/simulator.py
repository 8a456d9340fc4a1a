"""Simulator state of the SHNN backend for PyNN: what the script has described so far, and the engine's
simulation built from it.

SHNN builds a whole network at once, so the backend collects the description (populations, projections,
electrodes, recorders) as the script makes it and creates the engine's simulation at the first ``run()``,
and again after ``reset()`` (as sPyNNaker does). Time is counted in whole steps of ``dt``.
Not thread-safe: one PyNN script drives one state, as in every PyNN backend.
"""

import json
import math
import os
import time

import numpy as np

from pyNN import common, errors

import shnn

name = "SHNN"

MARKS = {}
"""When things happened (time.time(), s): "imported" (this backend imported), and for the last network built
"jvm_ready", "built" (the engine's simulation created) and "simulated" (the last run() returned)."""


class ID(int, common.IDMixin):
    """A neuron's global id (its position in the order populations were created, from 0)."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


def engine_error(err, what):
    """PyNN's error for a failed engine call: NotImplementedError for what SHNN cannot do,
    InvalidParameterValueError for a bad value, naming ``what`` and the engine's message."""
    text = "SHNN could not %s: %s" % (what, err)
    message = str(err)
    if err.status == shnn.E_UNSUPPORTED or any(s in message for s in ("not supported", "cannot run", "not available")):
        return NotImplementedError(text)
    if err.status == shnn.E_ARGUMENT:
        return errors.InvalidParameterValueError(text)
    return err


class State(common.control.BaseState):
    """The description collected from the script, the engine simulation built from it, the clock."""

    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.min_delay = "auto"
        self.max_delay = "auto"
        self.seed = 1
        self.threads = 1
        self.sim = None
        self.clear()

    # ---- the description -----------------------------------------------------------------------------

    def clear(self):
        """Forgets the whole network (setup() and end())."""
        self.close()
        self.recorders = set()
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.id_counter = 0
        self.segment_counter = -1
        self.write_on_end = []
        self.timings = {k + s: 0.0 for k in ("jvm", "describe", "engine_build", "simulate") for s in ("_s", "_cpu_s")}
        self.reset()

    def network(self):
        """The ``shnn.Network`` describing everything the script created, with one recorder per recorded
        (population, variable): the engine keeps the spikes of the cells that record them, and of no other;
        returns (network, {(population label, state variable): recorder index})."""
        net = shnn.Network("pynn", dt=self.dt, seed=self.seed)
        for p in self.populations:
            p._describe(net)
        for prj in self.projections:
            prj._describe(net)
        for source in self.current_sources:
            source._describe(net)
        recorders = {}
        spiking = False
        for p in self.populations:
            for variable, indices in p.recorder._engine_recorders():
                if variable == "spikes":
                    spiking = True
                    whole = len(indices) == p.size
                    net.record(p.label, ["spikes"], neurons=None if whole else indices.tolist())
                    continue
                recorders[(p.label, variable)] = net.record(p.label, [variable], neurons=indices.tolist(),
                                                            sampling_interval=p.recorder.sampling_interval)
        if not spiking and self.populations:
            # a recorder of no neuron's spikes: without any recorder of spikes the engine keeps every spike
            net.record(self.populations[0].label, ["spikes"], neurons=[])
        return net, recorders

    def build(self):
        """Creates the engine's simulation from the description (at the first run after setup or reset).
        ``timings`` adds up where the time goes, wall and process CPU seconds (``jvm_s``, ``jvm_cpu_s``, ...): the
        JVM's start (once per process), the description, the engine's build and ``run()``'s simulation. If the environment names a file in
        ``SHNN_PYNN_NETWORK_OUT``, the description is written there as a network file (``scripts/run FILE`` runs
        the same network from the command line: scripts/bench --pynn compares the two)."""
        t0 = self._clock()
        shnn.init()
        t1 = self._clock()
        net, self.recorder_index = self.network()
        out = os.environ.get("SHNN_PYNN_NETWORK_OUT")
        if out:
            with open(out, "w") as f:
                f.write(net.to_json())
        t2 = self._clock()
        try:
            self.sim = shnn.Simulation.create(net, threads=self.threads)
        except shnn.ShnnError as err:
            raise engine_error(err, "build the network") from None
        t3 = self._clock()
        MARKS["jvm_ready"], MARKS["built"] = t1[2], t3[2]
        self._timed("jvm", t0, t1)
        self._timed("describe", t1, t2)
        self._timed("engine_build", t2, t3)
        self._spike_steps = []
        self._spike_ids = []
        self._spikes_read = 0
        for prj in self.projections:
            prj._built()

    @staticmethod
    def _clock():
        return time.perf_counter(), time.process_time(), time.time()

    def _timed(self, phase, start, stop):
        self.timings[phase + "_s"] += stop[0] - start[0]
        self.timings[phase + "_cpu_s"] += stop[1] - start[1]

    def close(self):
        """Frees the engine's simulation, if any."""
        if self.sim is not None:
            self.sim.close()
            self.sim = None

    # ---- the clock -----------------------------------------------------------------------------------

    @property
    def t(self):
        return self.step * self.dt

    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        if not math.isfinite(tstop):  # int() would raise "cannot convert float NaN to integer"
            raise ValueError("SHNN runs to a finite time: run to %s ms (at t = %g ms)" % (tstop, self.t))
        steps = int(math.floor(tstop / self.dt + 0.5)) - self.step
        if self.sim is None:
            self.build()
        self.running = True
        if steps > 0:
            t0 = self._clock()
            try:
                self.sim.run_steps(steps)
            except shnn.ShnnError as err:
                raise engine_error(err, "run to %g ms" % tstop) from None
            t1 = self._clock()
            self._timed("simulate", t0, t1)
            MARKS["simulated"] = t1[2]
            self.step += steps

    def reset(self):
        """Back to t = 0 keeping the network (PyNN's reset): the engine's own reset (Simulation.reset), much
        faster than building again: state to the initial values, spikes and samples restarted, random draws as at
        the first run; weights and delays changed by Projection.set kept, STDP-changed weights back to their
        values at t = 0. A change of the description after it (a new population, initialize, record...) drops the
        simulation and builds it again at the next run, applying the set values again."""
        if self.sim is not None:
            try:
                self.sim.reset()
                # PyNN's reset keeps parameters: a rate set during the runs applies from t = 0 now (the engine's
                # reset would apply it again at the step it was set, as a schedule's change)
                for p in self.populations:
                    if p._rates_set:
                        self.sim.set_parameters(p.label, rate=np.asarray(p._parameters["rate"], dtype=float))
                # and so does a current source changed during the runs: its last parameters, from t = 0
                for source in self.current_sources:
                    if source._changed:
                        for label in source._labels():
                            self.sim.set_current(label)
            except shnn.ShnnError as err:
                raise engine_error(err, "reset the simulation") from None
            self._spike_steps = []
            self._spike_ids = []
            self._spikes_read = 0
        self.running = False
        self.step = 0
        self.t_start = 0
        self.segment_counter += 1

    def structure_changed(self, what):
        """Called before a change to the network: refused once the simulation has run (SHNN builds the whole
        network at once; call reset() first). A simulation built before any run (to read a projection's
        synapses: ``size()``, ``get()``) is dropped instead, and built again from the changed description at the
        first run: it has simulated nothing, and the engine's draws are keyed by the seed and the projection's
        place (new projections come after), so the synapses read stay the ones built."""
        if self.sim is not None and not self.running:
            self.close()
        if self.sim is not None:
            raise NotImplementedError("SHNN cannot %s once the simulation is built (by run(), or by reading a "
                                      "projection's synapses): call reset() first (the network is built as a whole)"
                                      % what)

    # ---- results -------------------------------------------------------------------------------------

    def spikes(self):
        """All spikes so far as (global ids, times in ms): NumPy arrays, read from the engine incrementally."""
        if self.sim is None:
            return np.empty(0, dtype=np.int64), np.empty(0)
        total = self.sim.spike_count
        if total > self._spikes_read:
            steps, ids = self.sim.spikes(self._spikes_read)
            self._spike_steps.append(steps)
            self._spike_ids.append(ids)
            self._spikes_read += len(steps)
        if len(self._spike_steps) > 1:
            self._spike_steps = [np.concatenate(self._spike_steps)]
            self._spike_ids = [np.concatenate(self._spike_ids)]
        if not self._spike_steps:
            return np.empty(0, dtype=np.int64), np.empty(0)
        return self._spike_ids[0].astype(np.int64), self._spike_steps[0] * self.dt


state = State()


def write_timings():
    """If ``SHNN_PYNN_TIMINGS_OUT`` names a file (end() calls this): writes ``state.timings`` (wall and CPU s of the
    JVM's wait, the description, the engine's build, the simulation) and, under "at", MARKS with "end" (now)."""
    out = os.environ.get("SHNN_PYNN_TIMINGS_OUT")
    if out:
        with open(out, "w") as f:
            json.dump(dict(state.timings, at=dict(MARKS, end=time.time())), f)
