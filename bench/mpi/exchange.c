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
 * Usage: mpirun -n R exchange TRACE REPETITIONS WARMUP_REPETITIONS
 * Prints one JSON line on rank 0: the wall of each measured repetition of the whole trace, in seconds.
 * Each block's first int is its rank, checked after every Allgatherv (the Java program checks the same).
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void die(const char *what, const char *detail) {
    fprintf(stderr, "exchange: %s: %s\n", what, detail);
    MPI_Abort(MPI_COMM_WORLD, 2);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc != 4) die("usage", "exchange TRACE REPETITIONS WARMUP_REPETITIONS");
    int reps = atoi(argv[2]), warmup = atoi(argv[3]);
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
    double *wall = malloc(sizeof(double) * reps);
    for (int rep = 0; rep < warmup + reps; rep++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        for (long i = 0; i < intervals; i++) {
            int mine = trace[i * size + rank];
            MPI_Allgather(&mine, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
            int d = 0;
            for (int r = 0; r < size; r++) { displs[r] = d; d += counts[r]; }
            MPI_Allgatherv(send, mine, MPI_INT, recv, counts, displs, MPI_INT, MPI_COMM_WORLD);
            for (int r = 0; r < size; r++)
                if (counts[r] > 0 && recv[displs[r]] != r) die("wrong block", "an Allgatherv block is not its rank's");
        }
        double t = MPI_Wtime() - t0;
        if (rep >= warmup) wall[rep - warmup] = t;
    }
    if (rank == 0) {
        printf("{\"impl\": \"c\", \"ranks\": %d, \"intervals\": %ld, \"wall_s\": [", size, intervals);
        for (int k = 0; k < reps; k++) printf("%s%.9f", k ? ", " : "", wall[k]);
        printf("]}\n");
    }
    free(trace); free(send); free(recv); free(counts); free(displs); free(wall);
    MPI_Finalize();
    return 0;
}
