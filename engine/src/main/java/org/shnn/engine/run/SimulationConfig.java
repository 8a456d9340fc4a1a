package org.shnn.engine.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.shnn.engine.record.SpikeMonitorSpec;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.memory.ring.IdleStrategy;
import org.shnn.memory.ring.RecordRing;
import org.shnn.memory.ring.YieldingIdleStrategy;

/**
 * How to run a network.
 *
 * @param threads worker threads (>= 1); results are bit-identical for any value
 * @param threadsUpTo whether {@code threads} is a ceiling rather than a count: the simulation then uses fewer
 *     threads (down to one) when a phase holds too little work to split ({@code StepLoop.threadsFor}), and
 *     run by run on one thread when that measured faster (a busy machine, {@code AdaptiveThreads}); the
 *     results are the same either way
 * @param seed if present, replaces the network's seed for every random choice (connectivity, initial
 *     state, inputs); {@code Simulation.network()} then reports the replaced seed
 * @param dt if present, the time step (ms) the caller expects: it must equal the network's (the neuron
 *     models precompute their propagators for it), otherwise {@code Simulation.create} throws
 * @param recordSpikes whether to keep spikes in the off-heap {@link org.shnn.engine.record.SpikeRecorder}: those of
 *     the neurons {@code spikeMonitors} select, or every neuron's when it is empty
 * @param spikeMonitors whose spikes are recorded (kept, streamed, written to {@code spikeFile} and covered by the raster
 *     SHA-256, and a {@code LiveOutput}'s stream): empty for every neuron's; the counters see every spike either way
 * @param spikeStream a ring that receives a copy of every recorded spike (or null)
 * @param streamIdle how the recorder waits while {@code spikeStream} is full
 * @param stateMonitors state columns to record (see {@code Simulation.stateMonitor(int)})
 * @param spikeFile a file that receives every recorded spike as it happens ({@code SpikeFileStream}
 *     format), or null
 */
public record SimulationConfig(int threads, boolean threadsUpTo, OptionalLong seed, OptionalDouble dt,
        boolean recordSpikes, List<SpikeMonitorSpec> spikeMonitors, RecordRing spikeStream, IdleStrategy streamIdle,
        List<StateMonitorSpec> stateMonitors, Path spikeFile) {

    /** @throws IllegalArgumentException if threads is outside [1, 1024] */
    public SimulationConfig {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads " + threads + " must be in [1, 1024]");
        }
        if (streamIdle == null) {
            streamIdle = YieldingIdleStrategy.INSTANCE;
        }
        spikeMonitors = List.copyOf(spikeMonitors);
        stateMonitors = List.copyOf(stateMonitors);
        if (dt.isPresent() && !(dt.getAsDouble() > 0)) {
            throw new IllegalArgumentException("dt " + dt.getAsDouble() + " ms must be > 0");
        }
    }

    /** One thread, spikes recorded, no stream. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(1, false, OptionalLong.empty(), OptionalDouble.empty(), true, List.of(), null, null,
                List.of(), null);
    }

    /** This config with exactly {@code n} threads. */
    public SimulationConfig withThreads(int n) {
        return new SimulationConfig(n, false, seed, dt, recordSpikes, spikeMonitors, spikeStream, streamIdle,
                stateMonitors, spikeFile);
    }

    /**
     * This config with at most {@code n} threads: one thread for a network whose phases are too small to split, up
     * to {@code n} for a larger one ({@code StepLoop.threadsFor}; {@code Simulation.threads()} tells which). The
     * command line's {@code --threads} means this.
     */
    public SimulationConfig withThreadsUpTo(int n) {
        return new SimulationConfig(n, true, seed, dt, recordSpikes, spikeMonitors, spikeStream, streamIdle,
                stateMonitors, spikeFile);
    }

    /** This config with the network's seed replaced by {@code newSeed}. */
    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(threads, threadsUpTo, OptionalLong.of(newSeed), dt, recordSpikes, spikeMonitors,
                spikeStream, streamIdle, stateMonitors, spikeFile);
    }

    /** This config expecting time step {@code ms} (checked against the network's). */
    public SimulationConfig withDt(double ms) {
        return new SimulationConfig(threads, threadsUpTo, seed, OptionalDouble.of(ms), recordSpikes, spikeMonitors,
                spikeStream, streamIdle, stateMonitors, spikeFile);
    }

    /** This config with spike recording on or off. */
    public SimulationConfig withRecordSpikes(boolean on) {
        return new SimulationConfig(threads, threadsUpTo, seed, dt, on, spikeMonitors, spikeStream, streamIdle,
                stateMonitors, spikeFile);
    }

    /**
     * This config also recording the spikes {@code spec} selects (turns recording on). Once a config names one, it
     * records the union of those it names, no longer every neuron's.
     */
    public SimulationConfig withSpikeMonitor(SpikeMonitorSpec spec) {
        List<SpikeMonitorSpec> m = new ArrayList<>(spikeMonitors);
        m.add(spec);
        return new SimulationConfig(threads, threadsUpTo, seed, dt, true, m, spikeStream, streamIdle, stateMonitors,
                spikeFile);
    }

    /** This config with one more state monitor. */
    public SimulationConfig withStateMonitor(StateMonitorSpec spec) {
        List<StateMonitorSpec> m = new ArrayList<>(stateMonitors);
        m.add(spec);
        return new SimulationConfig(threads, threadsUpTo, seed, dt, recordSpikes, spikeMonitors, spikeStream,
                streamIdle, m, spikeFile);
    }

    /** This config also appending every recorded spike to {@code file} as it is recorded (turns recording on). */
    public SimulationConfig withSpikeFile(Path file) {
        return new SimulationConfig(threads, threadsUpTo, seed, dt, true, spikeMonitors, spikeStream, streamIdle,
                stateMonitors, file);
    }

    /** This config streaming spikes into {@code ring} (16-byte {@code SpikeRecord}s), waiting with {@code idle}. */
    public SimulationConfig withSpikeStream(RecordRing ring, IdleStrategy idle) {
        return new SimulationConfig(threads, threadsUpTo, seed, dt, true, spikeMonitors, ring, idle, stateMonitors,
                spikeFile);
    }
}
