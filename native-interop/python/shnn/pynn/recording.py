"""Recording for the SHNN backend: spikes come from the engine's spike record (of the recorded cells only, read in
batches), state variables from one engine recorder per recorded (population, variable), both returned
to PyNN's Recorder, which makes the Neo blocks (SpikeTrains in ms, AnalogSignals with the sampling
interval, annotated with the population label and the cells' ids and indices)."""

import numpy as np

from pyNN import recording

from . import simulator


class Recorder(recording.Recorder):
    _simulator = simulator

    def __init__(self, population, file=None):
        recording.Recorder.__init__(self, population, file)
        self._cleared_at = 0.0

    def record(self, variables, ids, sampling_interval=None):
        """PyNN's, with the sampling interval and the change of the network checked first: PyNN's adds the cells to
        the recorded sets before ``_record`` sees them, so a refused interval left them recorded at the old one (and
        every later record() with another interval was refused as a mismatch), and a record() refused once the
        simulation has run (the engine records what its description names from step 0) left cells in the sets that
        the engine does not record."""
        if sampling_interval is not None:
            dt = simulator.state.dt
            if abs(sampling_interval / dt - round(sampling_interval / dt)) > 1e-9 or not sampling_interval > 0:
                from pyNN import errors
                raise errors.InvalidParameterValueError(
                    "SHNN samples at whole steps: sampling_interval %g ms is not a positive multiple of dt = %g ms"
                    % (sampling_interval, dt))
        local = set(i for i in ids if i.local)
        for variable in recording.normalize_variables_arg(variables):
            # get: the sets are a defaultdict; a variable the cell type lacks is PyNN's RecordingError, below
            if self.population.can_record(variable) and local.difference(self.recorded.get(variable, ())):
                simulator.state.structure_changed("record %s of %s" % (variable, self.population.label))
        recording.Recorder.record(self, variables, ids, sampling_interval)

    def _record(self, variable, new_ids, sampling_interval=None):
        if sampling_interval is not None:
            self.sampling_interval = sampling_interval

    def _engine_recorders(self):
        """(variable, sorted population indices) of every recorded variable, spikes included."""
        for variable in sorted(self.recorded):
            if self.recorded[variable]:
                ids = np.fromiter(self.recorded[variable], dtype=np.int64)
                yield variable, np.sort(ids - int(self.population.first_id))

    def _spikes(self, ids):
        all_ids, times = simulator.state.spikes()
        first = int(self.population.first_id)
        mask = (all_ids >= first) & (all_ids < first + self.population.size) & (times >= self._cleared_at)
        if ids is not None and len(ids) != self.population.size:
            mask &= np.isin(all_ids, np.asarray(ids, dtype=np.int64))
        return all_ids[mask], times[mask]

    def _get_spiketimes(self, ids, clear=False):
        id_array, times = self._spikes(ids)
        return id_array, times.copy()

    def _get_all_signals(self, variable, ids, clear=False):
        state = simulator.state
        key = (self.population.label, variable)
        if state.sim is None or key not in state.recorder_index:
            return np.empty((0, len(ids))), None
        times, values = state.sim.samples(state.recorder_index[key], variable)
        recorded = np.sort(np.fromiter(self.recorded[variable], dtype=np.int64))
        wanted = np.searchsorted(recorded, np.asarray(ids, dtype=np.int64))
        values = values[:, wanted]
        # The engine samples each state at the end of the step that starts at a sampling time, as Brian2's
        # StateMonitor(when="end") does; like PyNN's Brian2 backend, the initial value goes first, so sample i
        # of the Neo signal is the state after i steps when sampling every step.
        index = np.asarray(ids, dtype=np.int64) - int(self.population.first_id)
        first = self.population._initial.get(variable)
        first = first[index] if first is not None else np.full(len(index), float(
            self.population.celltype.default_initial_values.get(variable, np.nan)))
        values = np.vstack([first[np.newaxis, :], values])
        if self._cleared_at > 0:
            start = int(round(self._cleared_at / self.sampling_interval))
            values = values[start:]
        return values, None

    def _local_count(self, variable, filter_ids=None):
        ids = sorted(self.filter_recorded(variable, filter_ids))
        id_array, _ = self._spikes(ids)
        counts = np.bincount(id_array - int(self.population.first_id), minlength=self.population.size)
        return {int(i): int(counts[int(i) - int(self.population.first_id)]) for i in ids}

    def _clear_simulator(self):
        self._cleared_at = simulator.state.t

    def _reset(self):
        pass

    def store_to_cache(self, annotations=None):
        recording.Recorder.store_to_cache(self, annotations)
        self._cleared_at = 0.0
