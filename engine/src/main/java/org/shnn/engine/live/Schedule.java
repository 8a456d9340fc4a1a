package org.shnn.engine.live;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shnn.codec.json.JsonArray;
import org.shnn.codec.json.JsonNumber;
import org.shnn.codec.json.JsonObject;
import org.shnn.codec.json.JsonString;
import org.shnn.codec.json.JsonValue;
import org.shnn.codec.json.JsonWriter;
import org.shnn.engine.run.Simulation;

/**
 * The data form of a {@link LiveRunner}'s tasks: what a schedule file ({@code --schedule FILE.json}) holds and
 * what a checkpoint saves ({@code StateDescriptor.LIVE_SCHEDULE}), one JSON format for both:
 *
 * <pre>
 * {"format": "shnn-schedule/1", "tasks": [
 *   {"at": 500.0, "action": "set_parameter", "population": "exc", "name": "tau_m", "value": 15.0},
 *   {"at": 200.0, "action": "set_weight", "projection": "in-&gt;rec", "weight": 1.5},
 *   {"at": 300.0, "action": "set_current", "source": "pulse", "parameters": {"amplitude": 0.5}},
 *   {"at": 1000.0, "every": 1000.0, "action": "checkpoint", "path": "run.shnn"},
 *   {"at": 10.0, "every": 10.0, "action": "stop_when_rate", "population": "exc", "above": true, "hz": 100.0},
 *   {"at": 100.0, "every": 100.0, "action": "report_rates"}]}
 * </pre>
 *
 * A task is due at {@code "at"} ms of simulated time (rounded to a step) and, with {@code "every"} ms, periodically
 * after; a saved schedule gives exact steps instead ({@code "at_step"}, {@code "every_steps"}) and each task's own
 * {@code "state"} (a rate task's step and per-population spike counts at its previous run), and lists the code tasks it could not save
 * under {@code "not_saved"}. A bare array of tasks is accepted as well. The task members: {@link TaskSpec}.
 *
 * <p>A {@code "checkpoint"} task's relative {@code "path"} is resolved against the working directory of the process
 * that schedules it (a schedule file's task or code's alike), and the task keeps the absolute
 * path: a saved schedule holds absolute paths, so a run resumed from another directory writes its periodic
 * checkpoints to the same file (a checkpoint moved to another machine writes to the same absolute path there).
 *
 * <p>Stateless; thread-safe.
 */
final class Schedule {

    /** The value of {@code "format"}. */
    static final String FORMAT = "shnn-schedule/1";

    /**
     * A task due at step {@code step}, every {@code period} steps (0: once), with its state; {@code node} is the
     * task's place in a document read (errors about its targets name it), null for one built in code.
     */
    record Entry(long step, long period, TaskSpec spec, long[] state, JsonObject node) {
    }

    private Schedule() {
    }

    /** The saved form (UTF-8 JSON) of {@code entries}, naming the code tasks {@code notSaved} that it leaves out. */
    static byte[] write(List<Entry> entries, List<String> notSaved) {
        List<JsonValue> tasks = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("at_step", JsonNumber.of(e.step));
            if (e.period > 0) {
                m.put("every_steps", JsonNumber.of(e.period));
            }
            m.putAll(e.spec.toJson());
            if (e.state.length > 0) {
                List<JsonValue> st = new ArrayList<>();
                for (long v : e.state) {
                    st.add(JsonNumber.of(v));
                }
                m.put("state", JsonArray.of(st));
            }
            tasks.add(JsonObject.of(m));
        }
        Map<String, JsonValue> root = new LinkedHashMap<>();
        root.put("format", JsonString.of(FORMAT));
        root.put("tasks", JsonArray.of(tasks));
        if (!notSaved.isEmpty()) {
            root.put("not_saved", JsonArray.of(notSaved.stream().map(JsonString::of).toList()));
        }
        return JsonWriter.pretty(JsonObject.of(root)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The tasks of a schedule document; times in ms are rounded to steps of {@code dt} ms.
     *
     * @throws org.shnn.codec.json.JsonException at the bad node ({@code file:line:column: tasks[2].at: ...}) if the
     *     format, a time, an action or a member does not fit
     */
    static List<Entry> read(JsonValue root, double dt) {
        JsonArray tasks;
        if (root instanceof JsonArray a) {
            tasks = a;
        } else {
            JsonObject o = root.asObject();
            o.requireOnly("format", "tasks", "not_saved");
            if (o.has("format") && !o.getString("format").equals(FORMAT)) {
                throw o.get("format").error("expected \"" + FORMAT + "\" but found \"" + o.getString("format") + "\"");
            }
            tasks = o.getArray("tasks");
            if (o.has("not_saved")) {
                o.getArray("not_saved").elements().forEach(JsonValue::asString);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (JsonValue v : tasks.elements()) {
            out.add(entry(v.asObject(), dt));
        }
        return out;
    }

    /** The code tasks a saved schedule names as left out ({@code "not_saved"}), empty for a bare array. */
    static List<String> notSaved(JsonValue root) {
        if (root instanceof JsonObject o && o.has("not_saved")) {
            return o.getArray("not_saved").elements().stream().map(JsonValue::asString).toList();
        }
        return List.of();
    }

    private static Entry entry(JsonObject o, double dt) {
        if (o.has("at") == o.has("at_step")) {
            throw o.error("expected one of \"at\" (ms) or \"at_step\" but found " + (o.has("at") ? "both" : "neither"));
        }
        if (o.has("every") && o.has("every_steps")) {
            throw o.error("expected at most one of \"every\" (ms) or \"every_steps\" but found both");
        }
        long step = o.has("at_step") ? count(o, "at_step", 0) : steps(o, "at", dt, 0);
        long period = o.has("every_steps") ? count(o, "every_steps", 1) : o.has("every") ? steps(o, "every", dt, 1) : 0;
        TaskSpec spec = TaskSpec.fromJson(o);
        List<String> allowed = new ArrayList<>(spec.toJson().keySet());
        allowed.addAll(List.of("at", "at_step", "every", "every_steps", "state"));
        o.requireOnly(allowed);
        long[] state = new long[0];
        if (o.has("state")) {
            JsonArray a = o.getArray("state");
            state = new long[a.size()];
            for (int i = 0; i < state.length; i++) {
                state[i] = a.get(i).asLong();
            }
        }
        return new Entry(step, period, spec, state, o);
    }

    /** Member {@code field}, a count of steps >= {@code least}. */
    private static long count(JsonObject o, String field, long least) {
        long n = o.getLong(field);
        if (n < least || n > Simulation.MAX_STEPS) {
            throw o.get(field).error("expected a number of steps in [" + least + ", " + Simulation.MAX_STEPS
                    + "] (the longest a simulation runs) but found " + n);
        }
        return n;
    }

    /**
     * Member {@code field}, a time in ms, as steps of {@code dt} (rounded), at least {@code least} steps and at most
     * {@link Simulation#MAX_STEPS} (no run reaches further; a period beyond it made the due steps overflow).
     */
    private static long steps(JsonObject o, String field, double dt, long least) {
        double ms = o.getDouble(field);
        long n = Math.round(ms / dt);
        if (!(ms >= 0) || Double.isInfinite(ms) || n < least || n > Simulation.MAX_STEPS) {
            throw o.get(field).error("expected a time in [" + least * dt + ", " + Simulation.MAX_STEPS * dt + "] ms ("
                    + least + " to " + Simulation.MAX_STEPS + " steps of " + dt + " ms) but found " + ms + " ms");
        }
        return n;
    }
}
