package org.shnn.interop.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The MPI binding on this machine's Open MPI ({@code mpirun.openmpi}; scripts/test installs it): every collective
 * on 1 (no launcher: no MPI at all), 2 and 3 ranks, a rank that aborts ends the job, a rank killed with SIGKILL
 * ends the job, each within a bounded time.
 */
class MpiTest {

    private static final Path MPIRUN = Path.of("/usr/bin/mpirun.openmpi");
    private static final long TIMEOUT_S = 120;

    /** What a job printed and how it ended. */
    private record Job(int status, String output) {
    }

    private static List<String> java(String mode) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), MpiCheck.class.getName(), mode);
    }

    private static ProcessBuilder mpirun(int ranks, String mode) {
        List<String> cmd = new ArrayList<>(List.of(MPIRUN.toString(), "-n", Integer.toString(ranks), "--oversubscribe",
                "--bind-to", "none", "--mca", "mpi_yield_when_idle", "1"));
        cmd.addAll(java(mode));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        return pb;
    }

    private static Job finish(Process p) throws IOException, InterruptedException {
        boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the job did not end within " + TIMEOUT_S + " s; output:\n" + out);
        return new Job(p.exitValue(), out);
    }

    @Test
    void collectivesOnTwoAndThreeRanks() throws Exception {
        assumeTrue(Files.isExecutable(MPIRUN), MPIRUN + " is not installed (apt-get install openmpi-bin)");
        for (int ranks = 2; ranks <= 3; ranks++) {
            Job job = finish(mpirun(ranks, "collectives").start());
            assertEquals(0, job.status(), job.output());
            for (int r = 0; r < ranks; r++) {
                assertTrue(job.output().contains("ok Open MPI v") && job.output().contains(", rank " + r + " of " + ranks),
                        "rank " + r + " of " + ranks + ":\n" + job.output());
            }
        }
    }

    /** Without a launcher the engine's single process runs: no MPI library is even loaded. */
    @Test
    void oneProcessWithoutALauncherRunsWithoutMpi() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java("collectives")).redirectErrorStream(true);
        for (String v : org.shnn.engine.run.RankComm.LAUNCHER_VARIABLES) {
            pb.environment().remove(v);
        }
        pb.environment().put("SHNN_MPI_LIB", "/nonexistent/libmpi.so"); // would fail if MPI were loaded
        Job job = finish(pb.start());
        assertEquals(0, job.status(), job.output());
        assertTrue(job.output().contains("ok one process (no MPI)"), job.output());
    }

    /** A missing MPI library under a launcher is a clear error naming what was tried. */
    @Test
    void aMissingLibraryIsNamed() throws Exception {
        assumeTrue(Files.isExecutable(MPIRUN), MPIRUN + " is not installed (apt-get install openmpi-bin)");
        ProcessBuilder pb = new ProcessBuilder(java("collectives")).redirectErrorStream(true);
        pb.environment().put("OMPI_COMM_WORLD_SIZE", "2"); // as if launched, but nothing to load
        pb.environment().put("SHNN_MPI_LIB", "/nonexistent/libmpi.so");
        Job job = finish(pb.start());
        assertNotEquals(0, job.status(), job.output());
        assertTrue(job.output().contains("no usable MPI library: tried /nonexistent/libmpi.so"), job.output());
    }

    @Test
    void anAbortingRankEndsTheJob() throws Exception {
        assumeTrue(Files.isExecutable(MPIRUN), MPIRUN + " is not installed (apt-get install openmpi-bin)");
        Job job = finish(mpirun(3, "fail").start());
        assertNotEquals(0, job.status(), job.output());
        assertTrue(job.output().contains("rank 1 fails on purpose"), job.output());
    }

    @Test
    void aKilledRankEndsTheJob() throws Exception {
        assumeTrue(Files.isExecutable(MPIRUN), MPIRUN + " is not installed (apt-get install openmpi-bin)");
        Process p = mpirun(3, "barriers").start();
        StringBuilder seen = new StringBuilder();
        long pid = -1;
        Pattern line = Pattern.compile("rank 1 pid (\\d+)");
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        for (String l; pid < 0 && System.nanoTime() < deadline && (l = in.readLine()) != null; ) {
            seen.append(l).append('\n');
            Matcher m = line.matcher(l);
            if (m.find()) {
                pid = Long.parseLong(m.group(1));
            }
        }
        assertTrue(pid > 0, "rank 1 never printed its pid:\n" + seen);
        long victim = pid;
        assertTrue(ProcessHandle.of(victim).map(ProcessHandle::destroyForcibly).orElse(false), "kill " + victim);
        boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertTrue(done, "the job did not end within " + TIMEOUT_S + " s after rank 1 was killed:\n" + seen);
        in.lines().forEach(l -> seen.append(l).append('\n'));
        assertNotEquals(0, p.exitValue(), seen.toString());
        assertTrue(seen.toString().contains("exited on signal 9"), "mpirun names the killed rank:\n" + seen);
        System.out.println(seen);
    }
}
