/*
 * The spike exchange of a distributed SHNN run, in C: the baseline of org.shnn.bench.mpi.ExchangeCost
 * (scripts/bench --mpi; bench/RESULTS.md section "Distributed runs"). Per min-delay interval every rank does what the engine's
 * RankExchange does: MPI_Allgather of its count (one int), prefix sums of the counts into displacements, then
 * MPI_Allgatherv of its block of ints. The counts come from a trace of a real run (bench/mpi_bench.py writes it),
 * so both programs move exactly the message sizes that run moved.
 *
 * Trace (little-endian int32): ranks, intervals, steps per interval, then intervals x ranks counts (ints that
 * rank sends in that interval: one end per step plus one id per spike).
 *
 * Usage: mpirun -n R exchange TRACE REPETITIONS WARMUP_REPETITIONS [WARMUP_SECONDS [THREAD_LEVEL]]
 * THREAD_LEVEL: "funneled" (the default) initialises MPI as SHNN's binding does, and as NEST does:
 * MPI_Init_thread(MPI_THREAD_FUNNELED), the level of a process with threads of which one calls MPI. "single" calls
 * MPI_Init (MPI_THREAD_SINGLE): Open MPI then leaves its internal locks off (it turns them on for any level above
 * SINGLE), which makes each exchange cheaper; a JVM always runs more than one thread, so SHNN cannot ask for it.
 * Warm-up: at least WARMUP_REPETITIONS passes, and more until WARMUP_SECONDS of rank 0's wall have passed (every
 * rank learns rank 0's decision through an MPI_Allreduce after each pass, so all do the same number of passes);
 * the Java program warms up the same way (it needs the time for C2 on a busy machine, C does not).
 * Prints one JSON line on rank 0: the wall and the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID) of each
 * measured repetition of the whole trace, in seconds.
 * Each block's first int is its rank, checked after every Allgatherv (the Java program checks the same).
 *
 * Built twice by scripts/bench: as this program, and as a shared library whose shnn_exchange_pass the Java program
 * calls once per pass instead of its own loop (-Dshnn.bench.exchangeLibrary): the same C loop inside a JVM process,
 * which tells the cost of the binding (Java against that) from the cost of the host process (that against this
 * program).
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double thread_cpu_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void print_json(const char *name, const double *values, int n) {
    printf(", \"%s\": [", name);
    for (int k = 0; k < n; k++) printf("%s%.9f", k ? ", " : "", values[k]);
    printf("]");
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "exchange: %s: %s\n", what, detail);
    MPI_Abort(MPI_COMM_WORLD, 2);
}

/* One pass over the trace: per interval, Allgather of the count, displacements, Allgatherv, check. */
void shnn_exchange_pass(const int32_t *trace, long intervals, int rank, int size, const int32_t *send, int32_t *recv,
                 int *counts, int *displs) {
    for (long i = 0; i < intervals; i++) {
        int mine = trace[i * size + rank];
        MPI_Allgather(&mine, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
        int d = 0;
        for (int r = 0; r < size; r++) { displs[r] = d; d += counts[r]; }
        MPI_Allgatherv(send, mine, MPI_INT, recv, counts, displs, MPI_INT, MPI_COMM_WORLD);
        for (int r = 0; r < size; r++)
            if (counts[r] > 0 && recv[displs[r]] != r) die("wrong block", "an Allgatherv block is not its rank's");
    }
}

int main(int argc, char **argv) {
    int single = argc == 6 && strcmp(argv[5], "single") == 0, provided = MPI_THREAD_SINGLE;
    if (single) MPI_Init(&argc, &argv);
    else MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc < 4 || argc > 6 || (argc == 6 && !single && strcmp(argv[5], "funneled") != 0))
        die("usage", "exchange TRACE REPETITIONS WARMUP_REPETITIONS [WARMUP_SECONDS [funneled|single]]");
    if (!single && provided < MPI_THREAD_FUNNELED) die("thread level", "MPI_Init_thread provided less than MPI_THREAD_FUNNELED");
    int reps = atoi(argv[2]), warmup = atoi(argv[3]);
    double warmup_s = argc >= 5 ? atof(argv[4]) : 0;
    FILE *f = fopen(argv[1], "rb");
    if (!f) die("cannot open the trace", argv[1]);
    int32_t head[3];
    if (fread(head, sizeof(int32_t), 3, f) != 3) die("trace too short for its header", argv[1]);
    if (head[0] != size) die("the trace was written for another rank count", argv[1]);
    long intervals = head[1];
    int32_t *trace = malloc(sizeof(int32_t) * intervals * size);
    if (!trace || fread(trace, sizeof(int32_t), intervals * size, f) != (size_t) (intervals * size))
        die("trace shorter than its header says", argv[1]);
    fclose(f);
    long most = 0, sum = 0;
    for (long i = 0; i < intervals; i++) {
        long s = 0;
        for (int r = 0; r < size; r++) s += trace[i * size + r];
        if (trace[i * size + rank] > most) most = trace[i * size + rank];
        if (s > sum) sum = s;
    }
    int32_t *send = malloc(sizeof(int32_t) * (most + 1));
    int32_t *recv = malloc(sizeof(int32_t) * (sum + 1));
    int *counts = malloc(sizeof(int) * size), *displs = malloc(sizeof(int) * size);
    for (long k = 0; k <= most; k++) send[k] = rank;
    double *wall = malloc(sizeof(double) * reps), *cpu = malloc(sizeof(double) * reps);
    int warmed = 0;
    for (double w0 = MPI_Wtime();; warmed++) {
        if (warmed >= warmup) {
            int more = rank == 0 && MPI_Wtime() - w0 < warmup_s, any;
            MPI_Allreduce(&more, &any, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
            if (!any) break;
        }
        shnn_exchange_pass(trace, intervals, rank, size, send, recv, counts, displs);
    }
    for (int rep = 0; rep < reps; rep++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double c0 = thread_cpu_s(), t0 = MPI_Wtime();
        shnn_exchange_pass(trace, intervals, rank, size, send, recv, counts, displs);
        wall[rep] = MPI_Wtime() - t0;
        cpu[rep] = thread_cpu_s() - c0;
    }
    if (rank == 0) {
        printf("{\"impl\": \"c\", \"thread_level\": \"%s\", \"ranks\": %d, \"intervals\": %ld, \"warmup_passes\": %d",
               single ? "single" : "funneled", size, intervals, warmed);
        print_json("wall_s", wall, reps);
        print_json("cpu_s", cpu, reps);
        printf("}\n");
    }
    free(trace); free(send); free(recv); free(counts); free(displs); free(wall); free(cpu);
    MPI_Finalize();
    return 0;
}
