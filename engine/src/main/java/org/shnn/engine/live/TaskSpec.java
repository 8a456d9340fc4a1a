package org.shnn.engine.live;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shnn.codec.json.JsonNumber;
import org.shnn.codec.json.JsonObject;
import org.shnn.codec.json.JsonString;
import org.shnn.codec.json.JsonValue;

/**
 * What a scheduled task of a {@link LiveRunner} does, as data: so that it can be written in a schedule file
 * ({@code --schedule}), on the command line ({@code --at}, {@code --every}) and in a checkpoint, and a resumed run
 * keeps its pending tasks ({@link Schedule}). A task given as Java code ({@link LiveRunner#schedule(long, long,
 * TaskPriority, java.util.function.Consumer)}) has no such form and is not saved (a saved schedule lists it under
 * {@code "not_saved"}).
 *
 * <p>The JSON form of each kind is one object with an {@code "action"} member ({@link #toJson()}, {@link #fromJson});
 * names and units are PyNN's as in the network description. Immutable; thread-safe.
 */
public sealed interface TaskSpec {

    /** The priority of this kind of task among those due at one step. */
    TaskPriority priority();

    /** The JSON members of this task (with {@code "action"}). */
    Map<String, JsonValue> toJson();

    /**
     * Sets neuron parameter {@code name} of population {@code population} to {@code value} for all its neurons
     * (PyNN's {@code Population.set}, PyNN units; {@code org.shnn.engine.assembly.Parameters#set}); for a
     * {@code SpikeSourcePoisson}, {@code "rate"} in Hz ({@code org.shnn.engine.run.Simulation#setPoissonRates}).
     */
    record SetParameter(String population, String name, double value) implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.UPDATE;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("set_parameter", "population", JsonString.of(population), "name", JsonString.of(name),
                    "value", JsonNumber.of(value));
        }
    }

    /**
     * Sets every weight of projection {@code projection} (its label in the network's description) to {@code weight},
     * in PyNN's unit as in the description (uS onto conductance-based cells, nA onto current-based ones, mV onto
     * {@code IF_curr_delta}; {@code org.shnn.engine.run.Synapses#setWeight} after the description's scale).
     */
    record SetWeight(String projection, double weight) implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.UPDATE;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("set_weight", "projection", JsonString.of(projection), "weight", JsonNumber.of(weight));
        }
    }

    /**
     * Changes current source {@code source} (its label in the network's description) from this step on: {@code
     * parameters} are the source's parameters as the network file gives them (PyNN's names and units, e.g.
     * {@code {"amplitude": 0.5}}), and those left out keep their last values ({@code
     * org.shnn.engine.assembly.Parameters#setCurrent}; PyNN's {@code source.amplitude = x}, NEST's {@code SetStatus}
     * on a generator, as data).
     */
    record SetCurrent(String source, JsonObject parameters) implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.UPDATE;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("set_current", "source", JsonString.of(source), "parameters", parameters);
        }
    }

    /** Saves a checkpoint to {@code path}, written in the background ({@link LiveRunner#checkpoint}). */
    record Checkpoint(String path) implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.BACKGROUND;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("checkpoint", "path", JsonString.of(path));
        }
    }

    /** Stops the run once at least {@code spikes} spikes were emitted since step 0 (all populations). */
    record StopWhenSpikes(long spikes) implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.USER;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("stop_when_spikes", "spikes", JsonNumber.of(spikes));
        }
    }

    /**
     * Stops the run when the mean rate of {@code population} (spikes per neuron per second of simulated time) since
     * the task's previous run, or since it was scheduled, is above {@code hz} (or below it if not {@code above}); a
     * periodic task checks every window of its period.
     */
    record StopWhenRate(String population, boolean above, double hz) implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.USER;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("stop_when_rate", "population", JsonString.of(population), "above",
                    org.shnn.codec.json.JsonBoolean.of(above), "hz", JsonNumber.of(hz));
        }
    }

    /**
     * Reports the mean rate of every population since the task's previous run, or since it was scheduled, to the
     * runner's {@link LiveRunner#addMonitor monitors} as one line, {@code rates at 50.0 ms over 25.0 ms: exc 4.12 Hz
     * inh 4.31 Hz} (periodic monitoring as data; the CLI prints the lines to stderr).
     */
    record ReportRates() implements TaskSpec {
        @Override
        public TaskPriority priority() {
            return TaskPriority.USER;
        }

        @Override
        public Map<String, JsonValue> toJson() {
            return members("report_rates");
        }
    }

    /**
     * A task from its JSON form.
     *
     * @throws org.shnn.codec.json.JsonException at the bad node ({@code file:line:column: tasks[2].hz: ...}) if the
     *     action is unknown or a member is missing, of the wrong kind or out of range
     */
    static TaskSpec fromJson(JsonObject o) {
        String action = o.getString("action");
        TaskSpec t = switch (action) {
            case "set_parameter" -> new SetParameter(o.getString("population"), o.getString("name"), o.getDouble("value"));
            case "set_weight" -> new SetWeight(o.getString("projection"), o.getDouble("weight"));
            case "set_current" -> new SetCurrent(o.getString("source"), o.getObject("parameters"));
            case "checkpoint" -> new Checkpoint(o.getString("path"));
            case "stop_when_spikes" -> new StopWhenSpikes(o.getLong("spikes"));
            case "stop_when_rate" -> new StopWhenRate(o.getString("population"), o.getBoolean("above"), o.getDouble("hz"));
            case "report_rates" -> new ReportRates();
            default -> throw o.get("action").error("expected one of " + ACTIONS + " but found \"" + action + "\"");
        };
        String[] bad = problem(t);
        if (bad != null) {
            throw o.get(bad[0]).error(bad[1]);
        }
        return t;
    }

    /** The actions, as {@code "action"} names them. */
    java.util.List<String> ACTIONS = java.util.List.of("set_parameter", "set_weight", "set_current", "checkpoint",
            "stop_when_spikes", "stop_when_rate", "report_rates");

    /**
     * {@code t} after checking its values; {@code where} names it in the error.
     *
     * @throws IllegalArgumentException naming {@code where}, the action and the member if a value does not fit
     */
    static TaskSpec check(TaskSpec t, String where) {
        String[] bad = problem(t);
        if (bad != null) {
            throw new IllegalArgumentException(where + ": task " + t.toJson().get("action").asString() + ": " + bad[0]
                    + ": " + bad[1]);
        }
        return t;
    }

    /** The member of {@code t} that does not fit and why, or null. */
    private static String[] problem(TaskSpec t) {
        return switch (t) {
            case SetParameter p -> Double.isFinite(p.value) ? null : new String[] {"value", "expected a finite number "
                    + "but found " + p.value};
            case SetWeight w -> Double.isFinite(w.weight) ? null : new String[] {"weight", "expected a finite number "
                    + "but found " + w.weight};
            case SetCurrent c -> c.parameters.size() == 0 ? new String[] {"parameters", "expected at least one "
                    + "parameter of the source but found {}"} : null;
            case Checkpoint c -> c.path.isEmpty() ? new String[] {"path", "expected a file name but found \"\""} : null;
            case StopWhenSpikes s -> s.spikes >= 0 ? null : new String[] {"spikes", "expected a count >= 0 but found "
                    + s.spikes};
            case StopWhenRate r -> r.hz >= 0 && Double.isFinite(r.hz) ? null : new String[] {"hz", "expected a finite "
                    + "rate >= 0 Hz but found " + r.hz};
            case ReportRates r -> null;
        };
    }

    private static Map<String, JsonValue> members(String action, Object... kv) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("action", JsonString.of(action));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (JsonValue) kv[i + 1]);
        }
        return m;
    }

    /** A one-line description for error messages and reports. */
    static String describe(TaskSpec t) {
        return org.shnn.codec.json.JsonWriter.compact(JsonObject.of(t.toJson()));
    }
}
