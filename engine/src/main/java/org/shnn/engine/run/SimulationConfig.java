package org.shnn.engine.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.memory.ring.IdleStrategy;
import org.shnn.memory.ring.RecordRing;
import org.shnn.memory.ring.YieldingIdleStrategy;

/**
 * How to run a network.
 *
 * @param threads worker threads (>= 1); results are bit-identical for any value
 * @param seed if present, replaces the network's seed for every random choice (connectivity, initial
 *     state, inputs); {@code Simulation.network()} then reports the replaced seed
 * @param dt if present, the time step (ms) the caller expects: it must equal the network's (the neuron
 *     models precompute their propagators for it), otherwise {@code Simulation.create} throws
 * @param recordSpikes whether to keep every spike in the off-heap {@link org.shnn.engine.record.SpikeRecorder}
 * @param spikeStream a ring that receives a copy of every recorded spike (or null)
 * @param streamIdle how the recorder waits while {@code spikeStream} is full
 * @param stateMonitors state columns to record (see {@code Simulation.stateMonitor(int)})
 * @param spikeFile a file that receives every recorded spike as it happens ({@code SpikeFileStream}
 *     format), or null
 */
public record SimulationConfig(int threads, OptionalLong seed, OptionalDouble dt, boolean recordSpikes, RecordRing spikeStream,
        IdleStrategy streamIdle, List<StateMonitorSpec> stateMonitors, Path spikeFile) {

    /** @throws IllegalArgumentException if threads is outside [1, 1024] */
    public SimulationConfig {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads " + threads + " must be in [1, 1024]");
        }
        if (streamIdle == null) {
            streamIdle = YieldingIdleStrategy.INSTANCE;
        }
        stateMonitors = List.copyOf(stateMonitors);
        if (dt.isPresent() && !(dt.getAsDouble() > 0)) {
            throw new IllegalArgumentException("dt " + dt.getAsDouble() + " ms must be > 0");
        }
    }

    /** One thread, spikes recorded, no stream. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(1, OptionalLong.empty(), OptionalDouble.empty(), true, null, null, List.of(), null);
    }

    /** This config with {@code n} threads. */
    public SimulationConfig withThreads(int n) {
        return new SimulationConfig(n, seed, dt, recordSpikes, spikeStream, streamIdle, stateMonitors, spikeFile);
    }

    /** This config with the network's seed replaced by {@code newSeed}. */
    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(threads, OptionalLong.of(newSeed), dt, recordSpikes, spikeStream, streamIdle, stateMonitors,
                spikeFile);
    }

    /** This config expecting time step {@code ms} (checked against the network's). */
    public SimulationConfig withDt(double ms) {
        return new SimulationConfig(threads, seed, OptionalDouble.of(ms), recordSpikes, spikeStream, streamIdle, stateMonitors,
                spikeFile);
    }

    /** This config with spike recording on or off. */
    public SimulationConfig withRecordSpikes(boolean on) {
        return new SimulationConfig(threads, seed, dt, on, spikeStream, streamIdle, stateMonitors, spikeFile);
    }

    /** This config with one more state monitor. */
    public SimulationConfig withStateMonitor(StateMonitorSpec spec) {
        List<StateMonitorSpec> m = new ArrayList<>(stateMonitors);
        m.add(spec);
        return new SimulationConfig(threads, seed, dt, recordSpikes, spikeStream, streamIdle, m, spikeFile);
    }

    /** This config also appending every spike to {@code file} as it is recorded (turns recording on). */
    public SimulationConfig withSpikeFile(Path file) {
        return new SimulationConfig(threads, seed, dt, true, spikeStream, streamIdle, stateMonitors, file);
    }

    /** This config streaming spikes into {@code ring} (16-byte {@code SpikeRecord}s), waiting with {@code idle}. */
    public SimulationConfig withSpikeStream(RecordRing ring, IdleStrategy idle) {
        return new SimulationConfig(threads, seed, dt, true, ring, idle, stateMonitors, spikeFile);
    }
}
