package org.shnn.engine.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether HotSpot's optimising compiler (C2) is compiling right now, as Linux reports its threads: the threads of this
 * process named {@code C2 CompilerThre...} in {@code /proc/self/task}, and their scheduler state ({@code stat}:
 * {@code R} on a core or waiting for one, {@code S} waiting for work).
 *
 * <p>Why: the JVM's own figure, {@code CompilationMXBean.getTotalCompilationTime}, grows only when a compilation ends.
 * C2 takes ~100 ms for the step's delivery ({@code StepWorker.deliver}) on a 2-core machine, and a warm-up that took a
 * total standing still for 50 ms as "the JIT is idle" ended in the middle of that compilation: the code then arrived
 * inside the run (bench/RESULTS.md section 60). A C2 thread waits for work only when C2's queue is empty.
 *
 * <p>Thread-safety: one thread at a time (a warm-up's); the threads it watches are the JVM's.
 */
final class CompilerThreads {

    private static final Path TASKS = Path.of("/proc/self/task");
    /** The start of a C2 compiler thread's name as Linux keeps it (15 characters: "C2 CompilerThread0" cut). */
    private static final String C2_NAME = "C2 CompilerThre";

    /** Per thread id seen: whether it is one of C2's (a name never changes; ids of ended threads linger harmlessly). */
    private final Map<String, Boolean> isC2 = new HashMap<>();

    private CompilerThreads() {
    }

    /**
     * Watches this JVM's C2 threads, or returns null where they cannot be seen: not Linux, no {@code /proc}, or no
     * thread of that name (another JVM than HotSpot, or C2 switched off). Reads {@code /proc/self/task}.
     */
    static CompilerThreads find() {
        if (!Files.isDirectory(TASKS)) {
            return null;
        }
        CompilerThreads c = new CompilerThreads();
        try {
            c.compiling();
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or unexpected: the caller goes by its other signs
        }
        return c.isC2.containsValue(true) ? c : null;
    }

    /**
     * Whether a C2 thread is compiling now: on a core, or waiting for one ({@code R}; on a busy machine a compiler
     * with work but no core is still compiling). Lists the process's threads (C2 may start more of them as its queue
     * grows) and reads the state of C2's: tens of microseconds. False if none is found.
     *
     * @throws IOException if {@code /proc/self/task} cannot be listed
     */
    boolean compiling() throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String id = task.getFileName().toString();
                Boolean c2 = isC2.get(id);
                if (c2 == null) {
                    try {
                        c2 = Files.readString(task.resolve("comm")).startsWith(C2_NAME);
                    } catch (IOException e) {
                        continue; // the thread ended between the listing and the read
                    }
                    isC2.put(id, c2);
                }
                if (!c2) {
                    continue;
                }
                try {
                    if (running(Files.readString(task.resolve("stat")))) {
                        return true;
                    }
                } catch (IOException e) {
                    // ended: a thread that is gone compiles nothing
                }
            }
        }
        return false;
    }

    /**
     * Whether a thread's {@code /proc/.../stat} line says it is on a core or waiting for one:
     * {@code "id (name) R ..."}; the state follows the last {@code ')'}, since a name may hold spaces and parentheses.
     * False for a line of another shape.
     */
    static boolean running(String stat) {
        int close = stat.lastIndexOf(')');
        return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 1) == ' '
                && stat.charAt(close + 2) == 'R';
    }
}
