/*
 * Where a batch's threads start to pay: `make bench-crossover`. Times fresh
 * batches of 10 to 10^5 members on one thread, on two and on the default
 * number, under per-step currents (lif_batch_run_currents()), a current
 * callback (one lif_batch_step() a call) and a constant input
 * (lif_batch_run(), or lif_batch_step() for one step a call), at 1, 100
 * and 1000 steps a call, and prints nanoseconds per neuron-step (minimum
 * and median of the runs) and the medians' ratios to one thread. The
 * default's crossover, LIF__PARALLEL_WORK in lib/batch.h, and the table in
 * docs/performance.md come from this output.
 *
 * Options: --reps N (runs per cell, default 5).
 */
#define BENCH_NAME "crossover"
#include "common.h"

#include <lif.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum
{
  CURRENTS,
  CALLBACK,
  CONSTANT,
  N_INPUTS
};

static const char *const input_name[N_INPUTS]
    = { "currents", "callback", "constant" };

#define MAX_MEMBERS 100000
/* Room for the per-step currents: 10^7 doubles (80 MB); a call of
 * lif_batch_run_currents() takes at most this many member-steps. */
#define MAX_ROWS_WORK 10000000L
/* Member-steps a timing runs: enough to take tens of milliseconds. */
#define WORK_PER_TIMING 4e6

static void
same_current (double t, double dt, double *currents, size_t count,
              void *user_data)
{
  size_t i;
  (void)t;
  (void)dt;
  (void)user_data;
  for (i = 0; i < count; i++)
    currents[i] = 0.2;
}

/* Seconds that `total` steps of a fresh batch of n members take, `per_call`
 * steps a call, on `threads` threads (0: the default). */
static double
time_batch (int input, size_t n, long per_call, long total, int threads,
            const double *rows, const double *bias)
{
  lif_batch *b = NULL;
  long done;
  double t0, seconds;
  check (lif_batch_new (n, &b), "new");
  check (lif_batch_set_timing (b, LIF_TIMING_GRID), "timing");
  check (lif_batch_set_threads (b, threads), "threads");
  check (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, n, NULL), "bias");
  if (input == CALLBACK)
    check (lif_batch_set_current_callback (b, same_current, NULL), "callback");
  t0 = now ();
  for (done = 0; done < total; done += per_call)
    if (input == CURRENTS)
      check (lif_batch_run_currents (b, rows, (size_t)per_call), "currents");
    else if (per_call == 1)
      check (lif_batch_step (b), "step");
    else
      check (lif_batch_run (b, (double)per_call * 0.1), "run");
  seconds = now () - t0;
  lif_batch_free (b);
  return seconds;
}

int
main (int argc, char **argv)
{
  static const size_t members[] = { 10, 100, 1000, 10000, 100000 };
  static const long steps_a_call[] = { 1, 100, 1000 };
  static const int threads[3] = { 1, 2, 0 };
  double *rows = malloc (MAX_ROWS_WORK * sizeof *rows),
         *bias = malloc (MAX_MEMBERS * sizeof *bias);
  int reps = 5, input, i;
  size_t m, s, j;
  for (i = 1; i < argc; i++)
    if (strcmp (argv[i], "--reps") == 0 && i + 1 < argc
        && atoi (argv[i + 1]) > 0 && atoi (argv[i + 1]) <= 64)
      reps = atoi (argv[++i]);
    else
      {
        fprintf (stderr, "usage: crossover [--reps N]\n");
        return EXIT_FAILURE;
      }
  if (!rows || !bias)
    check (LIF_ENOMEM, "arrays");
  /* Currents of 0 to 0.2 nA in a scattered order; biases over the f-I
   * curve, from 1 to 2.5 nA. */
  for (j = 0; j < (size_t)MAX_ROWS_WORK; j++)
    rows[j] = 0.2 * (double)((j * 2654435761u) % 1000) / 1000.0;
  for (j = 0; j < MAX_MEMBERS; j++)
    bias[j] = 1.0 + 1.5 * (double)(j % 1000) / 1000.0;

  printf ("liblif %s: ns per neuron-step, minimum and median of %d runs\n",
          lif_version_string (), reps);
  printf ("%-9s %7s %5s  %8s %8s  %8s %8s  %8s %8s  %6s %6s\n", "input",
          "members", "steps", "1t min", "1t med", "2t min", "2t med",
          "def min", "def med", "2t/1t", "def/1t");
  for (input = 0; input < N_INPUTS; input++)
    for (s = 0; s < sizeof steps_a_call / sizeof *steps_a_call; s++)
      for (m = 0; m < sizeof members / sizeof *members; m++)
        {
          const size_t n = members[m];
          long per_call = steps_a_call[s], total;
          double t[3][64], units, med[3];
          int k, r;
          if (input == CALLBACK && per_call > 1)
            continue; /* a callback batch is stepped one call a step */
          if (input == CURRENTS && per_call * (long)n > MAX_ROWS_WORK)
            per_call = MAX_ROWS_WORK / (long)n;
          total = (long)(WORK_PER_TIMING / (double)n);
          total = total < 2 * per_call ? 2 * per_call
                                       : total / per_call * per_call;
          units = (double)n * (double)total;
          time_batch (input, n, per_call, total, 1, rows, bias); /* warm-up */
          for (r = 0; r < reps; r++)
            for (k = 0; k < 3; k++)
              t[k][r] = time_batch (input, n, per_call, total, threads[k],
                                    rows, bias);
          for (k = 0; k < 3; k++)
            {
              qsort (t[k], (size_t)reps, sizeof t[k][0], compare_doubles);
              med[k] = reps % 2 ? t[k][reps / 2]
                                : 0.5 * (t[k][reps / 2 - 1] + t[k][reps / 2]);
            }
          printf ("%-9s %7zu %5ld  %8.2f %8.2f  %8.2f %8.2f  %8.2f %8.2f  "
                  "%6.2f %6.2f\n",
                  input_name[input], n, per_call, 1e9 * t[0][0] / units,
                  1e9 * med[0] / units, 1e9 * t[1][0] / units,
                  1e9 * med[1] / units, 1e9 * t[2][0] / units,
                  1e9 * med[2] / units, med[1] / med[0], med[2] / med[0]);
          fflush (stdout);
        }
  free (rows);
  free (bias);
  return 0;
}
