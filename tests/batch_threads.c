/*
 * Batches and threads: the number of threads a batch runs on, and the
 * application threads that run batches at the same time, change nothing,
 * bit for bit.
 *
 * Every combination of stepper, timing mode and shared input (none, a
 * pulse train whose edges fall inside steps, a sine, a callback) is run
 * through one protocol that uses every kind of batch run: a run ending
 * with a shorter step, per-step currents from an array, a current
 * callback, single steps and a switch of timing mode. The reference runs
 * each batch on one thread. Then the same batches run on 2, 3 and 4
 * threads (when liblif has OpenMP), and then in 4 application threads at
 * once, each batch with 1 to 4 threads of its own, the shared inputs
 * released by the main thread first so that their last release happens in
 * whichever thread frees its batch last. Every result must equal the
 * reference. A bigger batch runs on the default number of threads, which
 * picks one thread or all for each part of a run, and must equal itself
 * on one thread.
 *
 * Built three times: by 'make check' against the library as built, and by
 * 'make check-tsan' with ThreadSanitizer over the lib/ sources, once
 * without OpenMP (the application threads) and once with clang's OpenMP,
 * whose runtime (libomp with its Archer tool) tells ThreadSanitizer how
 * its threads synchronise, so that the batch's own threads are checked
 * too. Output is TAP.
 */
#include "tap.h"

#include <lif.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_KINDS 4
#define N_APP_THREADS 4
/* Four blocks of members: a batch runs them 256 at a time and uses at most
 * one thread per block, so that 4 threads are really 4. */
#define MEMBERS 800
#define ROWS 20
#define MAX_SPIKES 40000

/* Pure functions of their arguments, so safe to call from any thread. */
static double
wave (double t, void *user_data)
{
  (void)user_data;
  return 0.3 + 0.6 * sin (0.17 * t);
}

static double
member_current (double t, size_t i)
{
  return 0.5 * sin (0.3 * t + 0.1 * (double)i);
}

static void
fill_currents (double t, double dt, double *currents, size_t count,
               void *user_data)
{
  size_t i;
  (void)dt;
  (void)user_data;
  for (i = 0; i < count; i++)
    currents[i] = member_current (t, i);
}

static double rows[ROWS * MEMBERS];

/* Every stepper x timing mode x shared input: n_configs of them, counted
 * (counts.h) when main starts, the kind varying fastest. */
static int n_steppers, n_configs;

/* The shared inputs, one per kind (kind 0 is none). */
static lif_input *shared[N_KINDS];

static void
make_inputs (void)
{
  size_t j, i;
  shared[0] = NULL;
  must (lif_input_new_pulse_train (1.1, 0.037, 1.3, 3.1, 0, &shared[1]),
        "pulse train");
  must (lif_input_new_sine (0.4, 0.9, 0.03, 0.2, &shared[2]), "sine");
  must (lif_input_new_callback (wave, NULL, &shared[3]), "callback");
  for (j = 0; j < ROWS; j++)
    for (i = 0; i < MEMBERS; i++)
      rows[j * MEMBERS + i] = member_current (0.7 * (double)j, i);
}

/* A batch for configuration c: every member's parameters differ, some
 * members fire every step or two, a few not at all. */
static lif_batch *
make_batch (int config)
{
  const int kind = config % N_KINDS;
  const int stepper = (config / N_KINDS) % n_steppers;
  const int timing = config / (N_KINDS * n_steppers);
  static double bias[MEMBERS], t_ref[MEMBERS], tau[MEMBERS], v0[MEMBERS];
  static int ready;
  lif_batch *b = NULL;
  size_t i;
  if (!ready)
    {
      for (i = 0; i < MEMBERS; i++)
        {
          bias[i] = 1.2 + 3.3 * (double)((i * 37) % MEMBERS) / MEMBERS;
          t_ref[i] = (double)(i % 5) * 0.3;
          tau[i] = 4.0 + (double)(i % 7);
          v0[i] = -70.0 + (double)(i % 19);
        }
      ready = 1;
    }
  must (lif_batch_new (MEMBERS, &b), "new");
  must (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, MEMBERS, NULL),
        "bias");
  must (lif_batch_set_array (b, LIF_PARAM_T_REF, t_ref, MEMBERS, NULL),
        "t_ref");
  must (lif_batch_set_array (b, LIF_PARAM_TAU, tau, MEMBERS, NULL), "tau");
  must (lif_batch_set_array (b, LIF_PARAM_V, v0, MEMBERS, NULL), "V");
  must (lif_batch_set (b, LIF_PARAM_DT, 0.2), "dt");
  must (lif_batch_set_stepper (b, stepper), "stepper");
  must (lif_batch_set_timing (b, timing), "timing");
  if (shared[kind])
    must (lif_batch_set_input (b, shared[kind]), "input");
  return b;
}

/* What the protocol produces, compared bit for bit. */
typedef struct result
{
  double V[MEMBERS], t;
  size_t counts[MEMBERS], spike_count;
  size_t idx[MAX_SPIKES];
  double tm[MAX_SPIKES];
} result;

/* The protocol, on `threads` threads of the batch's own. Frees b. */
static void
protocol (lif_batch *b, int threads, result *r)
{
  size_t copied = 0;
  int timing = 0, k;
  must (lif_batch_set_threads (b, threads), "threads");
  /* A stretch of more than one chunk of 256 steps, whose first chunk's
   * spikes (several thousand) are merged on the threads too. */
  must (lif_batch_run (b, 52.1), "run");
  must (lif_batch_run_currents (b, rows, ROWS), "run_currents");
  must (lif_batch_set_current_callback (b, fill_currents, NULL), "callback");
  must (lif_batch_run (b, 4.1), "run with callback");
  must (lif_batch_set_current_callback (b, NULL, NULL), "callback off");
  for (k = 0; k < 5; k++)
    must (lif_batch_step (b), "step");
  must (lif_batch_get_timing (b, &timing), "get_timing");
  must (lif_batch_set_timing (b, !timing), "switch timing");
  must (lif_batch_run (b, 10.0), "run after the switch");
  must (lif_batch_get_array (b, LIF_PARAM_V, r->V, MEMBERS), "V");
  must (lif_batch_get (b, LIF_PARAM_T, 0, &r->t), "t");
  must (lif_batch_spike_counts (b, r->counts, MEMBERS), "counts");
  must (lif_batch_spike_count (b, &r->spike_count), "spike_count");
  if (r->spike_count > MAX_SPIKES)
    {
      printf ("Bail out! %zu spikes, room for %d\n", r->spike_count,
              MAX_SPIKES);
      exit (1);
    }
  must (lif_batch_copy_spikes (b, 0, r->idx, r->tm, MAX_SPIKES, &copied),
        "copy_spikes");
  lif_batch_free (b);
}

static int
same_result (const result *a, const result *b)
{
  return memcmp (a->V, b->V, sizeof a->V) == 0
         && memcmp (&a->t, &b->t, sizeof a->t) == 0
         && memcmp (a->counts, b->counts, sizeof a->counts) == 0
         && a->spike_count == b->spike_count
         && memcmp (a->idx, b->idx, a->spike_count * sizeof *a->idx) == 0
         && memcmp (a->tm, b->tm, a->spike_count * sizeof *a->tm) == 0;
}

/* Big enough that the default number of threads takes both ways in one
 * run: a chunk of a constant stretch, 2048 members x 1024 steps, is above
 * the library's crossover of 10^6 member-steps and runs on all threads;
 * the same run's last 77 whole steps (1.6e5 member-steps), its last,
 * shorter step and the per-step currents after it stay on the calling
 * thread. */
#define BIG_MEMBERS 2048
#define BIG_ROWS 5

typedef struct big_result
{
  double V[BIG_MEMBERS], t;
  size_t counts[BIG_MEMBERS], spike_count;
  size_t *idx;
  double *tm;
} big_result;

static void
big_protocol (int stepper, int timing, int threads, big_result *r)
{
  static double bias[BIG_MEMBERS], big_rows[BIG_ROWS * BIG_MEMBERS];
  lif_batch *b = NULL;
  size_t i, copied = 0;
  for (i = 0; i < BIG_MEMBERS; i++)
    bias[i] = 1.2 + 3.3 * (double)((i * 37) % BIG_MEMBERS) / BIG_MEMBERS;
  for (i = 0; i < BIG_ROWS * BIG_MEMBERS; i++)
    big_rows[i]
        = member_current (0.1 * (double)(i / BIG_MEMBERS), i % BIG_MEMBERS);
  must (lif_batch_new (BIG_MEMBERS, &b), "new");
  must (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, BIG_MEMBERS, NULL),
        "bias");
  must (lif_batch_set (b, LIF_PARAM_T_REF, 0.5), "t_ref");
  must (lif_batch_set_stepper (b, stepper), "stepper");
  must (lif_batch_set_timing (b, timing), "timing");
  must (lif_batch_set_threads (b, threads), "threads");
  /* 1101 whole steps of 0.1 ms and half a step. */
  must (lif_batch_run (b, 110.15), "run");
  must (lif_batch_run_currents (b, big_rows, BIG_ROWS), "run_currents");
  must (lif_batch_step (b), "step");
  must (lif_batch_get_array (b, LIF_PARAM_V, r->V, BIG_MEMBERS), "V");
  must (lif_batch_get (b, LIF_PARAM_T, 0, &r->t), "t");
  must (lif_batch_spike_counts (b, r->counts, BIG_MEMBERS), "counts");
  must (lif_batch_spike_count (b, &r->spike_count), "spike_count");
  r->idx = malloc ((r->spike_count + 1) * sizeof *r->idx);
  r->tm = malloc ((r->spike_count + 1) * sizeof *r->tm);
  if (!r->idx || !r->tm)
    {
      printf ("Bail out! out of memory\n");
      exit (1);
    }
  must (lif_batch_copy_spikes (b, 0, r->idx, r->tm, r->spike_count, &copied),
        "copy_spikes");
  lif_batch_free (b);
}

/* Whether the big batch on the default threads equals it on one thread
 * (and fires, so that the spikes' merge is compared too). */
static int
default_equals_one_thread (int stepper, int timing)
{
  static big_result one, by_default;
  int same;
  big_protocol (stepper, timing, 1, &one);
  big_protocol (stepper, timing, 0, &by_default);
  same = one.spike_count > BIG_MEMBERS
         && memcmp (one.V, by_default.V, sizeof one.V) == 0
         && memcmp (&one.t, &by_default.t, sizeof one.t) == 0
         && memcmp (one.counts, by_default.counts, sizeof one.counts) == 0
         && one.spike_count == by_default.spike_count
         && memcmp (one.idx, by_default.idx, one.spike_count * sizeof *one.idx)
                == 0
         && memcmp (one.tm, by_default.tm, one.spike_count * sizeof *one.tm)
                == 0;
  if (!same)
    fprintf (stderr,
             "# default threads, stepper %d, timing %d: differs from one "
             "thread (%zu spikes on one)\n",
             stepper, timing, one.spike_count);
  free (one.idx);
  free (one.tm);
  free (by_default.idx);
  free (by_default.tm);
  return same;
}

/* The most threads the default lets a run use. */
static int
default_threads (void)
{
  lif_batch *b = NULL;
  int threads = 0;
  must (lif_batch_new (1, &b), "new");
  must (lif_batch_get_threads (b, &threads), "get_threads");
  lif_batch_free (b);
  return threads;
}

static result *reference;
static result *threaded[N_APP_THREADS];
static lif_batch **batches[N_APP_THREADS];

static void *
worker (void *arg)
{
  const int w = (int)(size_t)arg;
  int j;
  /* Each worker walks the configurations from a different start, with a
   * different number of threads of the batch's own for each. */
  for (j = 0; j < n_configs; j++)
    {
      int c = (j + w * 5) % n_configs;
      protocol (batches[w][c], 1 + (c + w) % 4, &threaded[w][c]);
      batches[w][c] = NULL;
    }
  return NULL;
}

int
main (void)
{
  pthread_t app[N_APP_THREADS];
  result *r;
  char what[160];
  int c, w, threads, same, spiking = 0, most = 1;
  printf ("1..4\n");
  n_steppers = tst_stepper_count ();
  n_configs = n_steppers * tst_timing_count () * N_KINDS;
  make_inputs ();
  reference = malloc (n_configs * sizeof *reference);
  r = malloc (sizeof *r);
  if (!reference || !r)
    {
      printf ("Bail out! out of memory\n");
      return 1;
    }

  /* The reference: one thread. */
  for (c = 0; c < n_configs; c++)
    {
      protocol (make_batch (c), 1, &reference[c]);
      spiking += reference[c].spike_count > 4 * MEMBERS;
    }
  snprintf (what, sizeof what,
            "one thread: %d of %d configurations fire (more than %d spikes)",
            spiking, n_configs, 4 * MEMBERS);
  tap (spiking == n_configs, what);

  /* The batch's own threads. */
  same = 1;
  for (threads = 2; threads <= 4; threads++)
    for (c = 0; c < n_configs; c++)
      {
        lif_batch *b = make_batch (c);
        int got = 0;
        must (lif_batch_set_threads (b, threads), "threads");
        must (lif_batch_get_threads (b, &got), "get_threads");
        most = most > got ? most : got;
        protocol (b, threads, r);
        if (!same_result (r, &reference[c]))
          {
            if (same)
              fprintf (stderr, "# %d threads, configuration %d differs\n",
                       threads, c);
            same = 0;
          }
      }
  snprintf (what, sizeof what,
            "a batch on 2, 3 and 4 threads (%s) equals one thread, bit for "
            "bit, in %d configurations",
            most > 1 ? "OpenMP" : "without OpenMP: one", n_configs);
  tap (same, what);

  /* The default number of threads, which picks one thread or all for each
   * part of a run. */
  same = 1;
  for (c = 0; c < n_steppers * tst_timing_count (); c++)
    same &= default_equals_one_thread (c % n_steppers, c / n_steppers);
  snprintf (what, sizeof what,
            "%d members, default threads (at most %d): all for whole "
            "chunks, one for the rest, equal one thread in %d "
            "configurations",
            BIG_MEMBERS, default_threads (), n_steppers * tst_timing_count ());
  tap (same, what);

  /* Application threads, each running batches on threads of their own. */
  for (w = 0; w < N_APP_THREADS; w++)
    {
      threaded[w] = malloc (n_configs * sizeof *threaded[w]);
      batches[w] = malloc (n_configs * sizeof *batches[w]);
      if (!threaded[w] || !batches[w])
        {
          printf ("Bail out! out of memory\n");
          return 1;
        }
      for (c = 0; c < n_configs; c++)
        batches[w][c] = make_batch (c);
    }
  for (c = 1; c < N_KINDS; c++)
    lif_input_free (shared[c]); /* the batches hold them now */
  for (w = 0; w < N_APP_THREADS; w++)
    if (pthread_create (&app[w], NULL, worker, (void *)(size_t)w) != 0)
      {
        printf ("Bail out! pthread_create\n");
        return 1;
      }
  for (w = 0; w < N_APP_THREADS; w++)
    pthread_join (app[w], NULL);
  same = 1;
  for (w = 0; w < N_APP_THREADS; w++)
    for (c = 0; c < n_configs; c++)
      if (!same_result (&threaded[w][c], &reference[c]))
        {
          if (same)
            fprintf (stderr,
                     "# application thread %d, configuration %d "
                     "differs\n",
                     w, c);
          same = 0;
        }
  snprintf (what, sizeof what,
            "%d application threads x %d configurations, 1 to 4 threads "
            "each, at once: identical to one thread",
            N_APP_THREADS, n_configs);
  tap (same, what);
  for (w = 0; w < N_APP_THREADS; w++)
    {
      free (threaded[w]);
      free (batches[w]);
    }
  free (reference);
  free (r);
  return failures == 0 ? 0 : 1;
}
