/*
 * liblif's benchmark: `make bench`. Each case times liblif and a plain
 * reference loop doing the same work (same model, same neurons, same steps)
 * in this process, alternating the two, and prints the median of each and
 * their ratio (liblif / reference: below 1 means liblif is faster). Spike
 * counts are printed so that both are seen to do the same work.
 *
 * liblif is built with the distribution's default flags; the reference loops
 * (reference.c) with -O3 -march=native where the compiler takes them.
 *
 * Options: --quick (fewer steps, for a smoke run), --reps N (default 5),
 * --only TEXT (only the cases whose name contains TEXT).
 */
#include "reference.h"

#define BENCH_NAME "bench"
#include "common.h"

#include <lif.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int reps = 5;
static double scale = 1.0;    /* --quick makes every case 20 times shorter */
static const char *only = ""; /* --only: a part of the names to run */

static double
median (double *v, int n)
{
  qsort (v, (size_t)n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A case: two runs to compare. Each returns its spike count and puts in
 * *seconds the time of the work compared: the run itself. Making and freeing
 * neurons, batches and inputs is left out, as the reference's arrays are
 * made outside its timing; a batch's spike store still grows inside the run,
 * as in any first run. */
typedef size_t (*run_fn) (void *ctx, double *seconds);

static void
compare (const char *name, const char *unit_name, double units, run_fn lib,
         void *lib_ctx, run_fn ref, void *ref_ctx, const char *ref_name)
{
  double tl[64], tr[64];
  size_t sl = 0, sr = 0;
  int i;
  if (!strstr (name, only))
    return;
  lib (lib_ctx, &tl[0]); /* warm-up */
  ref (ref_ctx, &tr[0]);
  for (i = 0; i < reps; i++)
    {
      sl = lib (lib_ctx, &tl[i]);
      sr = ref (ref_ctx, &tr[i]);
    }
  {
    double ml = median (tl, reps), mr = median (tr, reps);
    printf ("%-38s %9.2f %9.2f  %6.2fx  %10zu %10zu  %s\n", name,
            1e9 * ml / units, 1e9 * mr / units, ml / mr, sl, sr, ref_name);
  }
  (void)unit_name;
}

/* ---- single neuron ---------------------------------------------------- */

typedef struct single
{
  int stepper, timing;
  double current, dt;
  long steps;
  int callback;
  double t_ref; /* ms; the library's default is 0 */
  double sigma; /* > 0: white noise of this sigma around the current */
  int varying;  /* 1: a sine of amplitude 0.2 around the current, period
                   37 ms; 2: an exponential decay from the current, of
                   time constant 1e9 ms (a constant through the closed
                   form of a decay) */
} single;

static double
constant_current (double t, void *data)
{
  (void)t;
  return *(const double *)data;
}

static size_t
lib_single (void *p, double *seconds)
{
  const single *c = p;
  lif_neuron *n = NULL;
  lif_input *in = NULL;
  size_t spikes = 0;
  double current = c->current, t0;
  check (lif_neuron_new (&n), "neuron");
  check (lif_neuron_set (n, LIF_PARAM_DT, c->dt), "dt");
  check (lif_neuron_set_stepper (n, c->stepper), "stepper");
  check (lif_neuron_set_timing (n, c->timing), "timing");
  check (lif_neuron_set (n, LIF_PARAM_T_REF, c->t_ref), "t_ref");
  if (c->callback)
    check (lif_input_new_callback (constant_current, &current, &in), "input");
  else if (c->sigma > 0.0)
    check (lif_input_new_white_noise (c->current, c->sigma, 0, 0, &in),
           "input");
  else if (c->varying == 1)
    check (lif_input_new_sine (c->current, 0.2, 1.0 / 37.0, 0.0, &in),
           "input");
  else if (c->varying == 2)
    check (lif_input_new_exp_decay (c->current, 1e9, 0.0, &in), "input");
  else
    check (lif_input_new_constant (c->current, &in), "input");
  check (lif_neuron_set_input (n, in), "set input");
  lif_input_free (in);
  t0 = now ();
  check (lif_neuron_run (n, (double)c->steps * c->dt), "run");
  *seconds = now () - t0;
  check (lif_neuron_spike_count (n, &spikes), "count");
  lif_neuron_free (n);
  return spikes;
}

/* The per-step factor of each stepper, for the hoisted reference loop. */
static double
step_factor (int stepper, double x)
{
  switch (stepper)
    {
    case LIF_STEPPER_EULER:
      return 1.0 - x;
    case LIF_STEPPER_RK4:
      return 1.0 - x + x * x / 2.0 - x * x * x / 6.0 + x * x * x * x / 24.0;
    default:
      return exp (-x);
    }
}

static size_t
ref_single_hoisted (void *p, double *seconds)
{
  const single *c = p;
  double x = c->dt / 10.0, a = step_factor (c->stepper, x);
  double u = -65.0 + 10.0 * c->current, v, t0 = now ();
  size_t spikes
      = ref_hoisted (c->steps, a, (1.0 - a) * u, -65.0, -50.0, -65.0, &v);
  *seconds = now () - t0;
  return spikes;
}

static size_t
ref_single_callback (void *p, double *seconds)
{
  const single *c = p;
  double current = c->current, v, t0 = now ();
  size_t spikes;
  if (c->stepper == LIF_STEPPER_RK4)
    spikes = ref_rk4_callback (c->steps, c->dt, 10.0, -65.0, 10.0,
                               constant_current, &current, -65.0, -50.0, -65.0,
                               &v);
  else
    spikes = ref_euler_callback (c->steps, c->dt, 10.0, -65.0, 10.0,
                                 constant_current, &current, -65.0, -50.0,
                                 -65.0, &v);
  *seconds = now () - t0;
  return spikes;
}

/* Euler-Maruyama by hand: V <- (1 - x) V + x u + (R sigma / tau) sqrt(dt)
 * N, with the default neuron's R = tau = 10. */
static size_t
ref_single_noise (void *p, double *seconds)
{
  const single *c = p;
  double x = c->dt / 10.0, u = -65.0 + 10.0 * c->current, v, t0 = now ();
  size_t spikes
      = ref_noise_euler (c->steps, 1.0 - x, x * u, c->sigma * sqrt (c->dt),
                         -65.0, -50.0, -65.0, &v);
  *seconds = now () - t0;
  return spikes;
}

/* The same loop with liblif's generator (Philox4x32-10, Box-Muller). */
static size_t
ref_single_noise_philox (void *p, double *seconds)
{
  const single *c = p;
  double x = c->dt / 10.0, u = -65.0 + 10.0 * c->current, v, t0 = now ();
  size_t spikes = ref_noise_euler_philox (c->steps, 1.0 - x, x * u,
                                          c->sigma * sqrt (c->dt), -65.0,
                                          -50.0, -65.0, &v);
  *seconds = now () - t0;
  return spikes;
}

/* The same neuron under the constant current, for the varying/constant
 * ratio. */
static size_t
lib_single_constant (void *p, double *seconds)
{
  single c = *(const single *)p;
  c.varying = 0;
  return lib_single (&c, seconds);
}

/* ---- event-driven runs ------------------------------------------------ */

typedef struct events_case
{
  double current, duration, dt; /* dt: the reference loop's */
} events_case;

static size_t
lib_events (void *p, double *seconds)
{
  const events_case *c = p;
  lif_neuron *n = NULL;
  lif_input *in = NULL;
  size_t spikes = 0;
  double t0;
  check (lif_neuron_new (&n), "neuron");
  check (lif_input_new_constant (c->current, &in), "input");
  check (lif_neuron_set_input (n, in), "set input");
  lif_input_free (in);
  t0 = now ();
  check (lif_neuron_run_events (n, c->duration), "run_events");
  *seconds = now () - t0;
  check (lif_neuron_spike_count (n, &spikes), "count");
  lif_neuron_free (n);
  return spikes;
}

/* The plain exact loop over the same time at the case's dt. */
static size_t
ref_events_grid (void *p, double *seconds)
{
  const events_case *c = p;
  double a = exp (-c->dt / 10.0), u = -65.0 + 10.0 * c->current, v;
  double t0 = now ();
  size_t spikes = ref_hoisted ((long)(c->duration / c->dt), a, (1.0 - a) * u,
                               -65.0, -50.0, -65.0, &v);
  *seconds = now () - t0;
  return spikes;
}

/* The same neuron in grid timing, for the precise/grid ratio. */
static size_t
lib_single_grid (void *p, double *seconds)
{
  single c = *(const single *)p;
  c.timing = LIF_TIMING_GRID;
  return lib_single (&c, seconds);
}

/* ---- batches ---------------------------------------------------------- */

typedef struct batch_case
{
  int stepper, timing, threads;
  size_t n;
  long steps;
  double *I, *V;
  double sigma; /* > 0: every member under white noise of this sigma */
  int sine;     /* 1: every member under a sine of amplitude 0.2 nA,
                   period 37 ms, on top of its bias */
} batch_case;

static size_t
lib_batch (void *p, double *seconds)
{
  const batch_case *c = p;
  lif_batch *b = NULL;
  size_t spikes = 0;
  double t0;
  check (lif_batch_new (c->n, &b), "batch");
  check (lif_batch_set_stepper (b, c->stepper), "stepper");
  check (lif_batch_set_timing (b, c->timing), "timing");
  check (lif_batch_set_threads (b, c->threads), "threads");
  check (lif_batch_set_array (b, LIF_PARAM_I_BIAS, c->I, c->n, NULL), "bias");
  if (c->sigma > 0.0)
    {
      lif_input *in = NULL;
      check (lif_input_new_white_noise (0.0, c->sigma, 0, 0, &in), "noise");
      check (lif_batch_set_input (b, in), "set input");
      lif_input_free (in);
      check (lif_batch_set_seed (b, 1, 0), "seed");
    }
  if (c->sine)
    {
      lif_input *in = NULL;
      check (lif_input_new_sine (0.0, 0.2, 1.0 / 37.0, 0.0, &in), "input");
      check (lif_batch_set_input (b, in), "set input");
      lif_input_free (in);
    }
  t0 = now ();
  check (lif_batch_run (b, (double)c->steps * 0.1), "run");
  *seconds = now () - t0;
  check (lif_batch_spike_count (b, &spikes), "count");
  lif_batch_free (b);
  return spikes;
}

static size_t
ref_batch (void *p, double *seconds)
{
  const batch_case *c = p;
  size_t i, spikes;
  double t0;
  for (i = 0; i < c->n; i++)
    c->V[i] = -65.0;
  t0 = now ();
  if (c->sigma > 0.0) /* the same generator and draws as liblif's */
    spikes
        = ref_batch_noise_philox (c->n, c->steps, c->V, c->I, 0.1, 10.0, -65.0,
                                  10.0, c->sigma, -50.0, -65.0, c->threads);
  else if (c->stepper == LIF_STEPPER_EULER)
    spikes = ref_batch_euler (c->n, c->steps, c->V, c->I, 0.1, 10.0, -65.0,
                              10.0, -50.0, -65.0, c->threads);
  else
    spikes = ref_batch_exact (c->n, c->steps, c->V, c->I, 0.1, 10.0, -65.0,
                              10.0, -50.0, -65.0, c->threads);
  *seconds = now () - t0;
  return spikes;
}

/* The same batch case in grid timing. */
static size_t
lib_batch_grid (void *p, double *seconds)
{
  batch_case c = *(const batch_case *)p;
  c.timing = LIF_TIMING_GRID;
  return lib_batch (&c, seconds);
}

/* The same batch case without the sine. */
static size_t
lib_batch_constant (void *p, double *seconds)
{
  batch_case c = *(const batch_case *)p;
  c.sine = 0;
  return lib_batch (&c, seconds);
}

typedef struct two
{
  batch_case one, two;
} two;

static size_t
lib_batch_two_threads (void *p, double *seconds)
{
  return lib_batch (&((two *)p)->two, seconds);
}

static size_t
lib_batch_one_thread (void *p, double *seconds)
{
  return lib_batch (&((two *)p)->one, seconds);
}

/* ---- a batch driven step by step ------------------------------------- */

/* A batch under currents that change every step, which it takes one step
 * at a time: where threads are started and joined every step, and so can
 * cost more than they save. */
typedef struct currents_case
{
  int threads;  /* 0: the default */
  int callback; /* 1: lif_batch_step() with a current callback, one step a
                   call; 0: lif_batch_run_currents() over many steps */
  size_t n;
  long steps, n_rows; /* step k takes row k % n_rows */
  const double *I, *rows;
  double *V;
} currents_case;

/* The callback's currents: the row of the step that starts at t. */
static void
row_currents (double t, double dt, double *currents, size_t count,
              void *user_data)
{
  const currents_case *c = user_data;
  long k = (long)floor (t / dt + 0.5);
  memcpy (currents, c->rows + (size_t)(k % c->n_rows) * c->n,
          count * sizeof *currents);
}

static size_t
lib_currents (void *p, double *seconds)
{
  const currents_case *c = p;
  lif_batch *b = NULL;
  size_t spikes = 0;
  long done, k;
  double t0;
  check (lif_batch_new (c->n, &b), "batch");
  check (lif_batch_set_stepper (b, LIF_STEPPER_EXACT), "stepper");
  check (lif_batch_set_timing (b, LIF_TIMING_GRID), "timing");
  check (lif_batch_set_threads (b, c->threads), "threads");
  check (lif_batch_set_array (b, LIF_PARAM_I_BIAS, c->I, c->n, NULL), "bias");
  if (c->callback)
    check (lif_batch_set_current_callback (b, row_currents, (void *)c),
           "callback");
  t0 = now ();
  if (c->callback)
    for (k = 0; k < c->steps; k++)
      check (lif_batch_step (b), "step");
  else
    for (done = 0; done < c->steps; done += c->n_rows)
      check (lif_batch_run_currents (b, c->rows,
                                     (size_t)(c->steps - done < c->n_rows
                                                  ? c->steps - done
                                                  : c->n_rows)),
             "run_currents");
  *seconds = now () - t0;
  check (lif_batch_spike_count (b, &spikes), "count");
  lif_batch_free (b);
  return spikes;
}

static size_t
ref_currents (void *p, double *seconds)
{
  const currents_case *c = p;
  size_t i, spikes;
  double t0;
  for (i = 0; i < c->n; i++)
    c->V[i] = -65.0;
  t0 = now ();
  spikes = ref_batch_exact_currents (c->n, c->steps, c->V, c->I, c->rows,
                                     c->n_rows, 0.1, 10.0, -65.0, 10.0, -50.0,
                                     -65.0);
  *seconds = now () - t0;
  return spikes;
}

typedef struct default_and_one
{
  currents_case by_default, one;
} default_and_one;

static size_t
lib_currents_default (void *p, double *seconds)
{
  return lib_currents (&((default_and_one *)p)->by_default, seconds);
}

static size_t
lib_currents_one_thread (void *p, double *seconds)
{
  return lib_currents (&((default_and_one *)p)->one, seconds);
}

int
main (int argc, char **argv)
{
  static const struct
  {
    const char *name;
    int stepper;
  } steppers[] = { { "euler", LIF_STEPPER_EULER },
                   { "rk4", LIF_STEPPER_RK4 },
                   { "exact", LIF_STEPPER_EXACT } };
  long steps;
  size_t k, n_batch;
  int i;
  for (i = 1; i < argc; i++)
    if (strcmp (argv[i], "--quick") == 0)
      scale = 0.05;
    else if (strcmp (argv[i], "--reps") == 0 && i + 1 < argc)
      reps = atoi (argv[++i]) > 0 && atoi (argv[i]) <= 64 ? atoi (argv[i]) : 5;
    else if (strcmp (argv[i], "--only") == 0 && i + 1 < argc)
      only = argv[++i];
    else
      {
        fprintf (stderr, "usage: bench [--quick] [--reps N] [--only TEXT]\n");
        return EXIT_FAILURE;
      }
  steps = (long)(2e7 * scale);

  printf ("liblif %s benchmark: medians of %d alternating runs\n",
          lif_version_string (), reps);
  printf ("%-38s %9s %9s  %7s  %10s %10s  %s\n", "case (ns per step)",
          "liblif", "reference", "ratio", "spikes", "ref spikes", "reference");

  /* Constant built-in input, grid timing, against the hoisted plain loop;
   * one spike per 430 steps. */
  for (k = 0; k < 3; k++)
    {
      single c = {
        steppers[k].stepper, LIF_TIMING_GRID, 1.52, 0.1, steps, 0, 0.0, 0.0, 0
      };
      char name[64];
      snprintf (name, sizeof name, "neuron %s, constant, grid",
                steppers[k].name);
      compare (name, "step", (double)steps, lib_single, &c, ref_single_hoisted,
               &c, "hoisted plain loop (FMA)");
    }
  /* Precise timing against grid timing when spikes are rare: 2.3731 nA
   * gives an interval of 10.0 ms, one spike per 100 steps of 0.1 ms; with
   * a refractory period of 2 ms, 2.7239 nA does (20 of the steps held). */
  for (k = 0; k < 6; k++)
    {
      const int refractory = k >= 3;
      single c = { steppers[k % 3].stepper,
                   LIF_TIMING_PRECISE,
                   refractory ? 2.7239 : 2.3731,
                   0.1,
                   steps,
                   0,
                   refractory ? 2.0 : 0.0,
                   0.0,
                   0 };
      char name[64];
      snprintf (name, sizeof name, "neuron %s, precise vs grid%s",
                steppers[k % 3].name, refractory ? ", t_ref 2" : "");
      compare (name, "step", (double)steps, lib_single, &c, lib_single_grid,
               &c, "liblif grid timing");
    }
  /* A user callback against the plain loop calling it through a pointer. */
  for (k = 0; k < 2; k++)
    {
      single c = { steppers[k].stepper,
                   LIF_TIMING_GRID,
                   1.52,
                   0.1,
                   steps / 4,
                   1,
                   0.0,
                   0.0,
                   0 };
      char name[64];
      snprintf (name, sizeof name, "neuron %s, callback, grid",
                steppers[k].name);
      compare (name, "step", (double)c.steps, lib_single, &c,
               ref_single_callback, &c, "plain callback loop");
    }

  /* White noise (mean 1.5 nA, sigma 1 nA ms^1/2, about 39 Hz) against
   * Euler-Maruyama written by hand with a plain generator (xorshift64*,
   * Box-Muller); then precise timing, which tests each step for a
   * crossing inside it, against grid timing. */
  for (k = 0; k < 4; k++)
    {
      single c = { k == 0 ? LIF_STEPPER_EULER : LIF_STEPPER_EXACT,
                   k < 3 ? LIF_TIMING_GRID : LIF_TIMING_PRECISE,
                   1.5,
                   0.1,
                   steps / 4,
                   0,
                   0.0,
                   1.0,
                   0 };
      char name[64];
      snprintf (name, sizeof name, "neuron %s, white noise, %s",
                k == 0 ? "euler" : "exact",
                k < 3 ? "grid" : "precise vs grid");
      if (k < 2)
        compare (name, "step", (double)c.steps, lib_single, &c,
                 ref_single_noise_philox, &c, "Euler-Maruyama loop, Philox");
      else if (k == 2)
        compare (name, "step", (double)c.steps, lib_single, &c,
                 ref_single_noise, &c, "Euler-Maruyama loop, xorshift");
      else
        compare (name, "step", (double)c.steps, lib_single, &c,
                 lib_single_grid, &c, "liblif grid timing");
    }

  /* The exact stepper under a sine and a decay, whose means over a step
   * it takes in closed form, against the same neuron under the constant
   * current; precise timing, which also bounds each step for a crossing
   * inside it. */
  for (k = 1; k <= 2; k++)
    {
      single c = { LIF_STEPPER_EXACT,
                   LIF_TIMING_PRECISE,
                   1.6,
                   0.1,
                   steps / 4,
                   0,
                   0.0,
                   0.0,
                   (int)k };
      char name[64];
      snprintf (name, sizeof name, "neuron exact, %s vs constant",
                k == 1 ? "sine" : "exp decay");
      compare (name, "step", (double)c.steps, lib_single, &c,
               lib_single_constant, &c, "liblif, constant input");
    }

  /* Event-driven runs under a constant drive (u = -45 mV, one spike per
   * 13.9 ms), per spike, against the plain exact loop over the same time
   * at dt 0.1 and 0.01. */
  for (k = 0; k < 2; k++)
    {
      events_case c = { 2.0, (double)steps * 0.1, k ? 0.01 : 0.1 };
      char name[64];
      double spikes = floor (c.duration / (10.0 * log (4.0)));
      snprintf (name, sizeof name, "neuron events vs dt %g (ns/spike)", c.dt);
      compare (name, "spike", spikes, lib_events, &c, ref_events_grid, &c,
               k ? "plain exact loop, dt 0.01" : "plain exact loop, dt 0.1");
    }

  /* Batches of 1e5 neurons for 1e4 steps, currents spread over the f-I
   * curve, 1 and 2 threads. */
  n_batch = 100000;
  {
    long bsteps = (long)(1e4 * scale);
    double *I = malloc (n_batch * sizeof *I),
           *V = malloc (n_batch * sizeof *V);
    for (k = 0; k < n_batch; k++)
      I[k] = 1.0 + 1.5 * (double)k / (double)n_batch;
    for (k = 0; k < 3; k += 2)
      {
        int threads;
        for (threads = 1; threads <= 2; threads++)
          {
            batch_case c = { steppers[k].stepper,
                             LIF_TIMING_GRID,
                             threads,
                             n_batch,
                             bsteps,
                             I,
                             V,
                             0.0,
                             0 };
            char name[64];
            snprintf (name, sizeof name, "batch 1e5 %s, %d thread%s",
                      steppers[k].name, threads, threads > 1 ? "s" : "");
            compare (name, "neuron-step", (double)n_batch * (double)bsteps,
                     lib_batch, &c, ref_batch, &c,
                     "plain loop -O3 -march=native");
          }
        {
          two t = { { steppers[k].stepper, LIF_TIMING_GRID, 1, n_batch, bsteps,
                      I, V, 0.0, 0 },
                    { steppers[k].stepper, LIF_TIMING_GRID, 2, n_batch, bsteps,
                      I, V, 0.0, 0 } };
          char name[64];
          snprintf (name, sizeof name, "batch 1e5 %s, 2 threads vs 1",
                    steppers[k].name);
          compare (name, "neuron-step", (double)n_batch * (double)bsteps,
                   lib_batch_two_threads, &t, lib_batch_one_thread, &t,
                   "liblif, 1 thread");
        }
      }
    /* Precise timing against grid timing, the same batch. */
    for (k = 0; k < 3; k++)
      {
        int threads;
        for (threads = 1; threads <= 2; threads++)
          {
            batch_case c = { steppers[k].stepper,
                             LIF_TIMING_PRECISE,
                             threads,
                             n_batch,
                             bsteps,
                             I,
                             V,
                             0.0,
                             0 };
            char name[64];
            snprintf (name, sizeof name,
                      "batch 1e5 %s, precise vs grid, %d thread%s",
                      steppers[k].name, threads, threads > 1 ? "s" : "");
            compare (name, "neuron-step", (double)n_batch * (double)bsteps,
                     lib_batch, &c, lib_batch_grid, &c, "liblif grid timing");
          }
      }
    /* Under white noise (sigma 1 nA ms^1/2 around the same biases), exact
     * stepper, grid timing: against the plain loop with liblif's generator,
     * and 2 threads against 1. Fewer steps: a noisy step costs some ten
     * plain ones. */
    {
      long nsteps = bsteps / 10 > 2 ? bsteps / 10 : 2;
      int threads;
      for (threads = 1; threads <= 2; threads++)
        {
          batch_case c = { LIF_STEPPER_EXACT,
                           LIF_TIMING_GRID,
                           threads,
                           n_batch,
                           nsteps,
                           I,
                           V,
                           1.0,
                           0 };
          char name[64];
          snprintf (name, sizeof name,
                    "batch 1e5 exact, white noise, %d thr%s", threads,
                    threads > 1 ? "s" : "");
          compare (name, "neuron-step", (double)n_batch * (double)nsteps,
                   lib_batch, &c, ref_batch, &c, "noisy loop by hand, Philox");
        }
      {
        two t = { { LIF_STEPPER_EXACT, LIF_TIMING_GRID, 1, n_batch, nsteps, I,
                    V, 1.0, 0 },
                  { LIF_STEPPER_EXACT, LIF_TIMING_GRID, 2, n_batch, nsteps, I,
                    V, 1.0, 0 } };
        compare ("batch 1e5 exact, white noise, 2 vs 1", "neuron-step",
                 (double)n_batch * (double)nsteps, lib_batch_two_threads, &t,
                 lib_batch_one_thread, &t, "liblif, 1 thread");
      }
    }
    /* Under a sine on top of the biases, exact stepper, precise timing
     * (the case of the lone neuron's row above), against the same batch
     * under its biases alone: every tenth member, as a member under a
     * sine costs several constant steps. */
    {
      size_t n_sine = n_batch / 10;
      int threads;
      for (k = 0; k < n_sine; k++)
        I[k] = 1.0 + 1.5 * (double)k / (double)n_sine;
      for (threads = 1; threads <= 2; threads++)
        {
          batch_case c = { LIF_STEPPER_EXACT,
                           LIF_TIMING_PRECISE,
                           threads,
                           n_sine,
                           bsteps,
                           I,
                           V,
                           0.0,
                           1 };
          char name[64];
          snprintf (name, sizeof name,
                    "batch 1e4 exact, sine vs constant, %d thr%s", threads,
                    threads > 1 ? "s" : "");
          compare (name, "neuron-step", (double)n_sine * (double)bsteps,
                   lib_batch, &c, lib_batch_constant, &c,
                   "liblif, constant input");
        }
    }
    free (I);
    free (V);
  }

  /* 10^3 members under per-step currents, 10^4 steps: the default number
   * of threads against one thread, through lif_batch_run_currents() (1000
   * steps a call) and through lif_batch_step() with a callback (one step a
   * call); the reference is the plain loop on one thread. */
  {
    const size_t n = 1000;
    const long n_rows = 1000;
    double *I = malloc (n * sizeof *I), *V = malloc (n * sizeof *V),
           *rows = malloc (n * (size_t)n_rows * sizeof *rows);
    int callback;
    for (k = 0; k < n; k++)
      I[k] = 1.0 + 1.5 * (double)k / (double)n;
    /* Up to 0.4 nA more or less, varying from step to step. */
    for (k = 0; k < n * (size_t)n_rows; k++)
      rows[k] = 0.4 * sin (0.37 * (double)k);
    for (callback = 0; callback <= 1; callback++)
      {
        const char *how = callback ? "callback" : "currents";
        default_and_one c
            = { { 0, callback, n, (long)(1e4 * scale), n_rows, I, rows, V },
                { 1, callback, n, (long)(1e4 * scale), n_rows, I, rows, V } };
        double units = (double)n * (double)c.one.steps;
        char name[64];
        snprintf (name, sizeof name, "batch 1e3 %s, default threads", how);
        compare (name, "neuron-step", units, lib_currents, &c.by_default,
                 ref_currents, &c.by_default, "plain loop, 1 thread");
        snprintf (name, sizeof name, "batch 1e3 %s, 1 thread", how);
        compare (name, "neuron-step", units, lib_currents, &c.one,
                 ref_currents, &c.one, "plain loop, 1 thread");
        snprintf (name, sizeof name, "batch 1e3 %s, default vs 1", how);
        compare (name, "neuron-step", units, lib_currents_default, &c,
                 lib_currents_one_thread, &c, "liblif, 1 thread");
      }
    free (I);
    free (V);
    free (rows);
  }
  return 0;
}
