package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;

/**
 * State that is saved with a {@link Simulation}'s checkpoints and restored when one is opened: a {@link StepHook}'s
 * (plasticity traces), or, attached with {@link Simulation#attachState}, state of something that drives the
 * simulation from outside its step loop (a live run's pending scheduled tasks) and so must not cost the workers
 * a per-step meeting as a hook does.
 *
 * <p>Thread-safety: both methods are called from the simulation's controlling thread between runs.
 */
public interface SavedState {

    /**
     * The state to checkpoint, appended to {@link Simulation#stateSections()} (names must be unique and stable,
     * e.g. {@code plasticity/projection/3/pre}). The segments must stay valid until the checkpoint is written.
     * Default: none.
     */
    default List<NamedSegment> stateSections() {
        return List.of();
    }

    /**
     * Whether {@link #stateSections()} holds a section named {@code name}. Default: makes the sections and looks;
     * a state that makes its sections on demand (a live run's schedule, written as JSON) answers without making
     * them, since the first run after a restore asks (a paced run's first step waited ~10 ms for the JSON writer's
     * first use, bench/RESULTS.md section 72).
     */
    default boolean savesSection(String name) {
        for (NamedSegment s : stateSections()) {
            if (s.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Restores the state saved by {@link #stateSections()}: called when this is registered with a simulation that
     * was restored from a checkpoint and has not run since. {@code sections} returns a saved segment by name, or
     * null if the checkpoint has none (e.g. it was saved without this). Default: nothing.
     */
    default void restoreState(Function<String, MemorySegment> sections) {
    }
}
