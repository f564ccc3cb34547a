/* Running: durations and step counts, traces, path independence, errors that
 * keep everything computed before them, the spike store, and the clock at
 * the limits of its resolution and range. */
#include "tests.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* The level of the inputs: strong enough for every kind to fire. */
static const double level = 2.5;

static lif_input *
make_input (int which)
{
  return tst_input (which, &level);
}

/* The loop tests run over the inputs that exercise each path of the
 * integrator (tests.h: none, constant, a pulse with off-grid edges, a sine,
 * a callback, a sum of a pulse train and a sine, and a linear table) x the
 * steppers x the timing modes: this many. */
static int
loop_configs (void)
{
  return tst_input_kind_count () * tst_stepper_count () * tst_timing_count ();
}

/* A neuron for the loop index i over steppers x timings x inputs. */
static lif_neuron *
loop_neuron (int i, double t_ref)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = make_input (i % tst_input_kind_count ());
  ck_assert_ok (lif_neuron_set_stepper (n, (i / tst_input_kind_count ())
                                               % tst_stepper_count ()));
  ck_assert_ok (lif_neuron_set_timing (
      n, i / (tst_input_kind_count () * tst_stepper_count ())));
  tst_set (n, LIF_PARAM_T_REF, t_ref);
  /* Without an input the bias alone must make it fire. */
  tst_set (n, LIF_PARAM_I_BIAS, i % tst_input_kind_count () == 0 ? 1.6 : 0.2);
  tst_set (n, LIF_PARAM_DT, 0.25);
  if (in)
    {
      ck_assert_ok (lif_neuron_set_input (n, in));
      lif_input_free (in);
    }
  return n;
}

/* How a run is cut into calls does not change its result beyond rounding:
 * one run, a run in two pieces and single steps agree to 1e-12 (a stretch of
 * steps under constant input carries V - u from step to step, which single
 * steps round through V), and a traced run takes exactly the same path as a
 * plain one, bit for bit (an untraced precise run takes the steps around a
 * spike through its own fast path, a traced one through the general step).
 * For every stepper, timing and kind of input, and refractory periods of
 * none, less than a step, a whole number of steps and neither. */
static const double loop_t_ref[] = { 0.0, 0.1, 1.5, 1.3 };
#define N_T_REF (sizeof loop_t_ref / sizeof loop_t_ref[0])

static void
assert_near (double a, double b, const char *what)
{
  ck_assert_msg (fabs (a - b) <= 1e-12 * fmax (1.0, fabs (b)),
                 "%s: %.17g vs %.17g", what, a, b);
}

START_TEST (paths_agree)
{
  enum
  {
    STEPS = 400
  };
  const int i = _i % loop_configs ();
  const double t_ref = loop_t_ref[_i / loop_configs ()];
  lif_neuron *a = loop_neuron (i, t_ref), *b = loop_neuron (i, t_ref);
  lif_neuron *c = loop_neuron (i, t_ref), *d = loop_neuron (i, t_ref);
  double v[STEPS], t[STEPS], *sa, *sb, *sc, *sd;
  size_t na, nb, nc, nd, k, done;
  ck_assert_ok (lif_neuron_run (a, STEPS * 0.25));
  ck_assert_ok (lif_neuron_run (b, 37 * 0.25));
  ck_assert_ok (lif_neuron_run (b, (STEPS - 37) * 0.25));
  for (k = 0; k < STEPS; k++)
    ck_assert_ok (lif_neuron_step (c));
  ck_assert_ok (lif_neuron_run_trace (d, STEPS, t, v, NULL, &done));
  ck_assert_uint_eq (done, STEPS);
  assert_near (tst_get (b, LIF_PARAM_V), tst_get (a, LIF_PARAM_V), "pieces");
  assert_near (tst_get (c, LIF_PARAM_V), tst_get (a, LIF_PARAM_V), "steps");
  ck_assert_double_eq (tst_get (a, LIF_PARAM_V), v[STEPS - 1]);
  ck_assert_double_eq (tst_get (a, LIF_PARAM_V), tst_get (d, LIF_PARAM_V));
  ck_assert_double_eq (tst_get (a, LIF_PARAM_T), t[STEPS - 1]);
  ck_assert_double_eq (tst_get (a, LIF_PARAM_T), tst_get (b, LIF_PARAM_T));
  ck_assert_double_eq (tst_get (a, LIF_PARAM_T), tst_get (c, LIF_PARAM_T));
  sa = tst_spikes (a, &na);
  sb = tst_spikes (b, &nb);
  sc = tst_spikes (c, &nc);
  sd = tst_spikes (d, &nd);
  ck_assert_uint_gt (na, 0);
  ck_assert_uint_eq (na, nb);
  ck_assert_uint_eq (na, nc);
  ck_assert_uint_eq (na, nd);
  for (k = 0; k < na; k++)
    {
      assert_near (sb[k], sa[k], "spike, pieces");
      assert_near (sc[k], sa[k], "spike, steps");
      ck_assert_double_eq (sa[k], sd[k]);
    }
  free (sa);
  free (sb);
  free (sc);
  free (sd);
  lif_neuron_free (a);
  lif_neuron_free (b);
  lif_neuron_free (c);
  lif_neuron_free (d);
}
END_TEST

/* The trace holds t, V and the total current after every step. */
START_TEST (trace_contents)
{
  lif_neuron *n = loop_neuron (2, 0.0); /* euler, grid, pulse */
  lif_neuron *m = loop_neuron (2, 0.0);
  double t[100], v[100], cur[100], only_v[100];
  size_t k, done = 0;
  ck_assert_ok (lif_neuron_run_trace (n, 100, t, v, cur, &done));
  ck_assert_ok (lif_neuron_run_trace (m, 100, NULL, only_v, NULL, NULL));
  ck_assert_uint_eq (done, 100);
  for (k = 0; k < 100; k++)
    {
      double tk = (double)(k + 1) * 0.25;
      ck_assert_double_eq (t[k], tk);
      ck_assert_double_eq (cur[k],
                           (tk >= 3.33 && tk < 24.5 ? 4.0 : 0.0) + 0.2);
      ck_assert_double_eq (v[k], only_v[k]);
    }
  ck_assert_ok (lif_neuron_run_trace (n, 0, NULL, NULL, NULL, &done));
  ck_assert_uint_eq (done, 0);
  ck_assert_status (lif_neuron_run_trace (NULL, 1, t, v, cur, &done),
                    LIF_ENULL);
  lif_neuron_free (n);
  lif_neuron_free (m);
}
END_TEST

START_TEST (durations_and_steps)
{
  lif_neuron *n = tst_neuron ();
  tst_set (n, LIF_PARAM_DT, 0.01);
  ck_assert_ok (lif_neuron_run (n, 100.0)); /* 10000 whole steps */
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 100.0);
  ck_assert_ok (lif_neuron_run (n, 0.0));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 100.0);
  tst_set (n, LIF_PARAM_DT, 0.1);
  ck_assert_ok (lif_neuron_run (n, 0.25)); /* two steps and a half */
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 100.25);
  ck_assert_ok (lif_neuron_run (n, 0.3));
  ck_assert (tst_close (tst_get (n, LIF_PARAM_T), 100.55, 1e-15));
  ck_assert_status (lif_neuron_run (n, NAN), LIF_EINVAL);
  ck_assert_status (lif_neuron_run (n, -1.0), LIF_EINVAL);
  ck_assert_status (lif_neuron_run (n, INFINITY), LIF_EINVAL);
  ck_assert_status (lif_neuron_run (n, 1e300), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run (n, DBL_MAX), LIF_EOVERFLOW);
  ck_assert_status (
      lif_neuron_run_trace (n, (size_t)-1, NULL, NULL, NULL, NULL),
      LIF_EOVERFLOW);
  ck_assert (tst_close (tst_get (n, LIF_PARAM_T), 100.55, 1e-15));
  ck_assert_status (lif_neuron_run (NULL, 1.0), LIF_ENULL);
  ck_assert_status (lif_neuron_step (NULL), LIF_ENULL);
  lif_neuron_free (n);
}
END_TEST

/* Billions of steps do not overflow the step count: a refractory period of
 * 5e9 grid steps is held (cheaply, without integrating) and the clock is
 * exact afterwards. */
START_TEST (step_count_beyond_32_bits)
{
  lif_neuron *n = tst_neuron ();
  size_t count = 0;
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  tst_set (n, LIF_PARAM_DT, 1e-3);
  tst_set (n, LIF_PARAM_T_REF, 7e6); /* 7e9 steps */
  tst_set (n, LIF_PARAM_V, -40.0);
  ck_assert_ok (lif_neuron_run (n, 6e6)); /* 6e9 steps, all held */
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 6e6);
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 1);
  lif_neuron_free (n);
}
END_TEST

/* A real 1e9-step integration (Euler, constant input, grid): exact clock. */
START_TEST (a_billion_steps)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  size_t count = 0;
  const char *skip = getenv ("LIF_TEST_SKIP_SLOW");
  if (skip && *skip && strcmp (skip, "0") != 0)
    {
      lif_neuron_free (n);
      return;
    }
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_EULER));
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_input_new_constant (1.6, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  tst_set (n, LIF_PARAM_DT, 1e-3);
  ck_assert_ok (lif_neuron_run (n, 1e6));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 1e6);
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_gt (count, 1000);
  lif_neuron_free (n);
}
END_TEST

struct flaky
{
  double bad_from; /* the callback returns NaN from this time on */
  int calls;
};

static double
flaky_current (double t, void *user_data)
{
  struct flaky *f = user_data;
  f->calls++;
  return t >= f->bad_from ? NAN : 3.0;
}

/* A callback that returns NaN stops the run; time, V and every spike before
 * the bad sample stay, and the run resumes once the callback recovers. */
START_TEST (bad_callback_keeps_data)
{
  struct flaky f = { 50.0, 0 };
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double *before, *after, t, v;
  size_t nb, na, k;
  ck_assert_ok (lif_neuron_set_stepper (n, _i % tst_stepper_count ()));
  ck_assert_ok (lif_neuron_set_timing (n, _i / tst_stepper_count ()));
  ck_assert_ok (lif_input_new_callback (flaky_current, &f, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_status (lif_neuron_run (n, 100.0), LIF_EINPUT);
  t = tst_get (n, LIF_PARAM_T);
  v = tst_get (n, LIF_PARAM_V);
  ck_assert_msg (t <= 50.0 && t > 49.0, "stopped at %.17g", t);
  ck_assert (isfinite (v));
  before = tst_spikes (n, &nb);
  ck_assert_uint_gt (nb, 3);
  ck_assert (before[nb - 1] <= t);
  /* Again: refused at once, nothing changes. */
  ck_assert_status (lif_neuron_step (n), LIF_EINPUT);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), t);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), v);
  f.bad_from = INFINITY;
  ck_assert_ok (lif_neuron_run (n, 100.0 - t));
  after = tst_spikes (n, &na);
  ck_assert_uint_gt (na, nb);
  for (k = 0; k < nb; k++)
    ck_assert_double_eq (before[k], after[k]);
  free (before);
  free (after);
  lif_neuron_free (n);
}
END_TEST

/* Found by the API fuzzer (callbacks and checkpoints): a trace that stops
 * part-way in its very first step has done 0 steps and must say so;
 * steps_done was written only for LIF_EINPUT then, and left as the caller
 * had it for LIF_ESPIKELIMIT, LIF_EDIVERGED, LIF_ENOMEM and
 * LIF_EBREAKPOINTS. Here E_L = DBL_MAX with no refractory period fires
 * more often in one step than a precise-timing spike limit of 3 allows. */
START_TEST (trace_stopped_in_its_first_step)
{
  lif_neuron *n = tst_neuron ();
  size_t done = 7777;
  double t[4] = { -1.0, -1.0, -1.0, -1.0 };
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_PRECISE));
  ck_assert_ok (lif_neuron_set_spike_limit (n, 3));
  ck_assert_ok (lif_neuron_set (n, LIF_PARAM_E_L, DBL_MAX));
  ck_assert_status (lif_neuron_run_trace (n, 4, t, NULL, NULL, &done),
                    LIF_ESPIKELIMIT);
  ck_assert_uint_eq (done, 0);
  ck_assert_double_eq (t[0], -1.0);
  /* (precise timing stops at the last spike inside the step) */
  ck_assert (tst_get (n, LIF_PARAM_T) < 0.1);
  /* A refused run writes nothing: dt beyond Euler's stability limit. */
  done = 7777;
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_EULER));
  ck_assert_ok (lif_neuron_set (n, LIF_PARAM_DT, 100.0));
  ck_assert_status (lif_neuron_run_trace (n, 4, t, NULL, NULL, &done),
                    LIF_EUNSTABLE);
  ck_assert_uint_eq (done, 7777);
  lif_neuron_free (n);
}
END_TEST

/* Found by the API fuzzer: run_trace of 2^53 steps or more from a clock at
 * n = 0 was cut to 2^53 steps, which such a clock has room for, and
 * started, writing past the caller's arrays, instead of being refused. */
START_TEST (trace_too_many_steps_from_time_zero)
{
  lif_neuron *n = tst_neuron ();
  double t[2] = { -1.0, -1.0 };
  size_t done = 77;
  ck_assert_status (lif_neuron_run_trace (n, SIZE_MAX, t, NULL, NULL, &done),
                    LIF_EOVERFLOW);
  ck_assert_status (
      lif_neuron_run_trace (n, ((size_t)1 << 53) + 1, t, NULL, NULL, &done),
      LIF_EOVERFLOW);
  ck_assert_uint_eq (done, 77);
  ck_assert (t[0] == -1.0 && t[1] == -1.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 0.0);
  lif_neuron_free (n);
}
END_TEST

/* A current so large that R I overflows is refused as divergence before
 * anything changes. */
START_TEST (overflowing_drive)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  tst_snapshot before, after;
  ck_assert_ok (lif_input_new_constant (1e308, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_set_stepper (n, _i));
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_run (n, 1.0), LIF_EDIVERGED);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  lif_neuron_free (n);
}
END_TEST

START_TEST (spike_store)
{
  lif_neuron *n = loop_neuron (1, 0.0); /* constant 2.5 + 0.2 */
  double buf[4] = { -1, -1, -1, -1 }, *all;
  size_t count = 0, copied = 9;
  ck_assert_ok (lif_neuron_run (n, 200.0));
  all = tst_spikes (n, &count);
  ck_assert_uint_gt (count, 6);
  ck_assert_ok (lif_neuron_copy_spikes (n, 2, buf, 3, &copied));
  ck_assert_uint_eq (copied, 3);
  ck_assert_double_eq (buf[0], all[2]);
  ck_assert_double_eq (buf[2], all[4]);
  ck_assert_double_eq (buf[3], -1.0);
  ck_assert_ok (lif_neuron_copy_spikes (n, count - 1, buf, 4, &copied));
  ck_assert_uint_eq (copied, 1);
  ck_assert_ok (lif_neuron_copy_spikes (n, count + 5, buf, 4, &copied));
  ck_assert_uint_eq (copied, 0);
  ck_assert_ok (lif_neuron_copy_spikes (n, 0, NULL, 0, &copied));
  ck_assert_uint_eq (copied, 0);
  ck_assert_status (lif_neuron_copy_spikes (n, 0, NULL, 1, &copied),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_copy_spikes (n, 0, buf, 1, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_copy_spikes (NULL, 0, buf, 1, &copied),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_spike_count (NULL, &count), LIF_ENULL);
  ck_assert_status (lif_neuron_spike_count (n, NULL), LIF_ENULL);
  ck_assert_ok (lif_neuron_clear_spikes (n));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_status (lif_neuron_clear_spikes (NULL), LIF_ENULL);
  /* Many spikes: the store grows as needed. */
  ck_assert_ok (lif_neuron_run (n, 20000.0));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_gt (count, 1000);
  free (all);
  lif_neuron_free (n);
}
END_TEST

/* Finding 02: lif_neuron_copy_spikes() with times NULL and capacity 0 (which
 * lif.h allows) on a neuron that has spikes called memcpy(NULL, p, 0):
 * undefined behaviour, reported by UBSan (the sanitizer build of CI runs
 * this suite). It must copy nothing and say so. */
START_TEST (copy_spikes_null_times_zero_capacity)
{
  lif_neuron *n = tst_neuron ();
  size_t copied = 99, count = 0;
  tst_set (n, LIF_PARAM_I_BIAS, 5.0);
  ck_assert_ok (lif_neuron_run (n, 50.0));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_gt (count, 0);
  ck_assert_ok (lif_neuron_copy_spikes (n, 0, NULL, 0, &copied));
  ck_assert_uint_eq (copied, 0);
  copied = 99;
  ck_assert_ok (lif_neuron_copy_spikes (n, count - 1, NULL, 0, &copied));
  ck_assert_uint_eq (copied, 0);
  lif_neuron_free (n);
}
END_TEST

/* Far from t = 0 the clock's readings are coarser than dt = 0.1: at
 * t just below 2^53 (9e15) they are 1 ms apart, from 2^54 on 4 ms apart, and
 * most steps are frozen at one reading. Precise runs with a refractory
 * period there take the same path untraced and traced, bit for bit, for
 * every stepper. The two clocks found two things: at 2^54 a period whose
 * end rounds onto the next step's start, which the untraced run had held
 * through every step frozen at that reading; at 9e15 with t_ref = 5, held
 * counts that t_ref / dt misses by more than four steps, which the untraced
 * run hands to steps_until (a few times per run, checked with a counter). */
static const struct
{
  double t, t_ref;
} coarse_clocks[]
    = { { 18014398509481984.0, 2.0 }, { 9007199254740000.0, 5.0 } };

START_TEST (coarse_clock_paths_agree)
{
  enum
  {
    STEPS = 10000
  };
  lif_neuron *a = tst_neuron (), *b;
  lif_input *in = NULL;
  double *t = malloc (STEPS * sizeof *t), *v = malloc (STEPS * sizeof *v);
  double *sa, *sb;
  size_t na, nb, k, done = 0;
  tst_set (a, LIF_PARAM_T, coarse_clocks[_i / tst_stepper_count ()].t);
  tst_set (a, LIF_PARAM_T_REF, coarse_clocks[_i / tst_stepper_count ()].t_ref);
  tst_set (a, LIF_PARAM_DT, 0.1);
  ck_assert_ok (lif_neuron_set_stepper (a, _i % tst_stepper_count ()));
  ck_assert_ok (lif_neuron_set_timing (a, LIF_TIMING_PRECISE));
  ck_assert_ok (lif_input_new_constant (3.0, &in));
  ck_assert_ok (lif_neuron_set_input (a, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_clone (a, &b));
  ck_assert_ok (lif_neuron_run (a, STEPS * 0.1));
  ck_assert_ok (lif_neuron_run_trace (b, STEPS, t, v, NULL, &done));
  ck_assert_uint_eq (done, STEPS);
  ck_assert_double_eq (tst_get (a, LIF_PARAM_V), tst_get (b, LIF_PARAM_V));
  ck_assert_double_eq (tst_get (a, LIF_PARAM_T), tst_get (b, LIF_PARAM_T));
  sa = tst_spikes (a, &na);
  sb = tst_spikes (b, &nb);
  ck_assert_uint_gt (na, 10);
  ck_assert_uint_eq (na, nb);
  for (k = 0; k < na; k++)
    ck_assert_double_eq (sa[k], sb[k]);
  free (sa);
  free (sb);
  free (t);
  free (v);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

/* ---- the limits of the clock ------------------------------------------ */

/* Runs of more than 2^53 steps, or that would end past DBL_MAX, are refused
 * with LIF_EOVERFLOW before anything happens, through every entry point.
 * (a_billion_steps integrates 1e9 steps for real.) */
START_TEST (step_count_limits)
{
  lif_neuron *n = tst_neuron ();
  tst_snapshot before, after;
  double t[2] = { -1.0, -1.0 };
  size_t done = 77;
  tst_set (n, LIF_PARAM_DT, 1.0);
  ck_assert_ok (lif_neuron_run (n, 3.5));
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_run (n, 2.0 * 9007199254740992.0),
                    LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run (n, 9007199254740992.0 + 4096.0),
                    LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run (n, 1e300), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run (n, DBL_MAX), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run_trace (n, SIZE_MAX, t, NULL, NULL, &done),
                    LIF_EOVERFLOW);
  ck_assert_status (
      lif_neuron_run_trace (n, (size_t)1 << 60, t, NULL, NULL, &done),
      LIF_EOVERFLOW);
  ck_assert_uint_eq (done, 77);
  ck_assert (t[0] == -1.0 && t[1] == -1.0);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  /* A clock near DBL_MAX: a step that would end past it is refused. */
  tst_set (n, LIF_PARAM_T, DBL_MAX);
  tst_set (n, LIF_PARAM_DT, DBL_MAX / 4.0);
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_step (n), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run (n, DBL_MAX / 2.0), LIF_EOVERFLOW);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  lif_neuron_free (n);
}
END_TEST

/* Finding 07 (by review of lib/run.c; the fuzzer now checks it): where the
 * clock's resolution ulp(t) exceeds dt (t = 1e17, dt = 1: ulp = 16), the
 * last, shorter step of lif_neuron_run() took its length end - a from two
 * rounded clock readings, up to 16 dt, past check_stable(): a stable Heun
 * neuron (dt / tau = 1.67) had |V - u| grow from 1 to 24 in one call, with
 * LIF_OK. Under a constant drive no stable step may increase |V - u|.
 * Fixed in lib/run.c on main (the step is capped at dt). */
START_TEST (partial_step_longer_than_dt)
{
  const int stepper = _i;
  const double durations[] = { 8.9, 9.5, 24.9, 8.5 };
  lif_neuron *n = tst_neuron ();
  int k;
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  tst_set (n, LIF_PARAM_DT, 1.0);
  tst_set (n, LIF_PARAM_TAU, 0.6); /* dt / tau = 1.67: stable for all four */
  tst_set (n, LIF_PARAM_V_TH, 1e300);
  tst_set (n, LIF_PARAM_T, 1e17);
  tst_set (n, LIF_PARAM_V, -64.0); /* u = E_L = -65 */
  for (k = 0; k < 4; k++)
    {
      double before = fabs (tst_get (n, LIF_PARAM_V) + 65.0), after;
      int rc = lif_neuron_run (n, durations[k]);
      after = fabs (tst_get (n, LIF_PARAM_V) + 65.0);
      /* Refusing the run (the clock cannot resolve dt) is fine too. */
      ck_assert (rc == LIF_OK || rc == LIF_EOVERFLOW);
      ck_assert_msg (after <= before, "run(%g): |V - u| %g -> %g",
                     durations[k], before, after);
    }
  lif_neuron_free (n);
}
END_TEST

/* Finding 15 (batch fuzzer): the clock reads t0 + n dt, and a run checked
 * only that the time at its end was finite. With dt = 1.1e308 from t =
 * -1.9e308 the second step ends at 3.3e307, but 2 dt overflows: the clock
 * read infinity, for a neuron and for a batch alike. Such a run is now
 * refused with LIF_EOVERFLOW before it starts, leaving the clock readable;
 * setting t restarts the count, and the steps go on. */
START_TEST (clock_product_overflow)
{
  const double dt = 0x1.1ccf385ebc8ap+1023, t0 = -0x1.e42d130773b76p+1023;
  lif_neuron *n = tst_neuron ();
  lif_batch *b = NULL;
  double t, v, rows[2] = { 0.0, 0.0 };
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_EXACT));
  tst_set (n, LIF_PARAM_DT, dt);
  tst_set (n, LIF_PARAM_T, t0);
  ck_assert_ok (lif_neuron_step (n));
  t = tst_get (n, LIF_PARAM_T);
  v = tst_get (n, LIF_PARAM_V);
  ck_assert_double_eq (t, t0 + dt);
  ck_assert_status (lif_neuron_step (n), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run (n, dt), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run_trace (n, 1, NULL, NULL, NULL, NULL),
                    LIF_EOVERFLOW);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), t);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), v);
  tst_set (n, LIF_PARAM_T, t);
  ck_assert_ok (lif_neuron_step (n));
  ck_assert (isfinite (tst_get (n, LIF_PARAM_T)));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), t + dt);

  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_ok (lif_batch_set_stepper (b, LIF_STEPPER_EXACT));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, dt));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, t0));
  ck_assert_ok (lif_batch_step (b));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 1, &t));
  ck_assert_double_eq (t, t0 + dt);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 0, &v));
  ck_assert_status (lif_batch_step (b), LIF_EOVERFLOW);
  ck_assert_status (lif_batch_run (b, dt), LIF_EOVERFLOW);
  ck_assert_status (lif_batch_run_currents (b, rows, 1), LIF_EOVERFLOW);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 1, &t));
  ck_assert_double_eq (t, t0 + dt);
  {
    double after;
    ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 0, &after));
    ck_assert_double_eq (after, v);
  }
  lif_neuron_free (n);
  lif_batch_free (b);
}
END_TEST

/* Found by the batch fuzzer (with callbacks and checkpoints): as in
 * clock_product_overflow, but from between grid times. A run that ends
 * there leaves the rest of its step to the next call, whose end
 * t0 + (n + 1) dt was not checked: a step then took a neuron's or a
 * batch's clock to infinity. It must be refused, changing nothing. */
START_TEST (clock_overflow_after_a_partial_step)
{
  const double dt = 0x1.1ccf385ebc8ap+1023, t0 = -0x1.e42d130773b76p+1023;
  const double duration = 0x1.237c13b0f4f54p+1023; /* a step and a bit */
  lif_neuron *n = tst_neuron ();
  lif_batch *b = NULL;
  double t, rows[2] = { 0.0, 0.0 };
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_EXACT));
  tst_set (n, LIF_PARAM_DT, dt);
  tst_set (n, LIF_PARAM_T, t0);
  ck_assert_ok (lif_neuron_run (n, duration));
  t = tst_get (n, LIF_PARAM_T);
  ck_assert (isfinite (t) && t > t0 + dt);
  ck_assert_status (lif_neuron_step (n), LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_run_trace (n, 1, NULL, NULL, NULL, NULL),
                    LIF_EOVERFLOW);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), t);

  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_ok (lif_batch_set_stepper (b, LIF_STEPPER_EXACT));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, dt));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, t0));
  ck_assert_ok (lif_batch_run (b, duration));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t));
  ck_assert (isfinite (t) && t > t0 + dt);
  ck_assert_status (lif_batch_step (b), LIF_EOVERFLOW);
  ck_assert_status (lif_batch_run_currents (b, rows, 1), LIF_EOVERFLOW);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 1, &t));
  ck_assert (isfinite (t) && t > t0 + dt);
  lif_batch_free (b);
  lif_neuron_free (n);
}
END_TEST

/* ---- time is never lost ------------------------------------------------ */

/* Ten thousand runs of 1e-7 ms at dt 0.1 (a millionth of a step each, once
 * counted as no step at all) move t by exactly what they add up to, as the
 * caller adds them, for a neuron and a batch; V moves as one run of 1e-3
 * moves it, to rounding. */
START_TEST (tiny_runs_add_up)
{
  lif_neuron *n = tst_neuron (), *whole = tst_neuron ();
  lif_batch *b = NULL;
  double sum = 0.0, bt = NAN, bv = NAN;
  int i;
  ck_assert_ok (lif_batch_new (2, &b));
  tst_set (n, LIF_PARAM_I_BIAS, 2.0);
  tst_set (whole, LIF_PARAM_I_BIAS, 2.0);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_I_BIAS, 2.0));
  for (i = 0; i < 10000; i++)
    {
      ck_assert_ok (lif_neuron_run (n, 1e-7));
      ck_assert_ok (lif_batch_run (b, 1e-7));
      sum += 1e-7;
    }
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), sum);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &bt));
  ck_assert_double_eq (bt, sum);
  ck_assert_ok (lif_neuron_run (whole, sum));
  ck_assert_msg (tst_close (tst_get (n, LIF_PARAM_V),
                            tst_get (whole, LIF_PARAM_V), 1e-12),
                 "V %.17g after tiny runs, %.17g after one",
                 tst_get (n, LIF_PARAM_V), tst_get (whole, LIF_PARAM_V));
  ck_assert (tst_get (n, LIF_PARAM_V) > -65.0);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 1, &bv));
  ck_assert_double_eq (bv, tst_get (n, LIF_PARAM_V));
  lif_batch_free (b);
  lif_neuron_free (n);
  lif_neuron_free (whole);
}
END_TEST

/* A run that ends between grid times leaves the grid where it was: after
 * run(5.05), run(10) ends at 15.05 and every grid-timing spike lies on the
 * grid of dt 0.1 (it once moved to 5.05 + k dt: a spike at 13.95); steps
 * and traces first finish the step under way, at the grid time. */
START_TEST (partial_runs_keep_the_grid)
{
  const int timing = _i;
  lif_neuron *n = tst_neuron ();
  lif_batch *b = NULL;
  double t[3], *spikes;
  size_t count, k;
  ck_assert_ok (lif_batch_new (1, &b));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  tst_set (n, LIF_PARAM_I_BIAS, 5.0);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_I_BIAS, 5.0));
  ck_assert_ok (lif_neuron_run (n, 5.05));
  ck_assert_ok (lif_neuron_run (n, 10.0));
  ck_assert_ok (lif_batch_run (b, 5.05));
  ck_assert_ok (lif_batch_run (b, 10.0));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 5.05 + 10.0);
  spikes = tst_spikes (n, &count);
  ck_assert_uint_gt (count, 3);
  for (k = 0; k < count && timing == LIF_TIMING_GRID; k++)
    ck_assert_msg (spikes[k] == 5.05 || spikes[k] == 15.05
                       || fabs (spikes[k] / 0.1 - round (spikes[k] / 0.1))
                              < 1e-9,
                   "grid spike at %.17g, off the grid", spikes[k]);
  free (spikes);
  /* Member and neuron alike. */
  {
    double bv;
    ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 0, &bv));
    ck_assert_double_eq (bv, tst_get (n, LIF_PARAM_V));
  }
  ck_assert_ok (lif_neuron_step (n));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 151 * 0.1); /* t0 + n dt */
  ck_assert_ok (lif_neuron_run (n, 0.03));
  ck_assert_ok (lif_neuron_run_trace (n, 3, t, NULL, NULL, NULL));
  ck_assert_double_eq (t[0], 152 * 0.1);
  ck_assert_double_eq (t[2], 154 * 0.1);
  ck_assert_ok (lif_batch_step (b));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t[0]));
  ck_assert_double_eq (t[0], 151 * 0.1);
  lif_batch_free (b);
  lif_neuron_free (n);
}
END_TEST

/* A duration too short to move the clock at this t (it rounds away) is
 * refused, and changes nothing; a dt far longer than the run is a run of
 * one shorter step. */
START_TEST (durations_that_cannot_move_the_clock)
{
  lif_neuron *n = tst_neuron ();
  lif_batch *b = NULL;
  tst_snapshot before, after;
  ck_assert_ok (lif_batch_new (1, &b));
  tst_set (n, LIF_PARAM_T, 1e17);
  tst_set (n, LIF_PARAM_DT, 1.0);
  ck_assert_ok (lif_neuron_run (n, 2.5)); /* between grid times: 1e17 + 2.5
                                             rounds to 1e17 */
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_run (n, 1e-3), LIF_EINVAL);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, 1e17));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, 1.0));
  ck_assert_status (lif_batch_run (b, 1e-3), LIF_EINVAL);
  lif_neuron_free (n);

  n = tst_neuron ();
  tst_set (n, LIF_PARAM_I_BIAS, 1.0);
  tst_set (n, LIF_PARAM_DT, 1e10);
  ck_assert_ok (lif_neuron_run (n, 100.0));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 100.0);
  /* Exact stepper: the closed form after 100 ms of 1 nA. */
  ck_assert_msg (tst_close (tst_get (n, LIF_PARAM_V),
                            -65.0 + 10.0 * (1.0 - exp (-10.0)), 1e-12),
                 "V %.17g", tst_get (n, LIF_PARAM_V));
  lif_neuron_free (n);
  lif_batch_free (b);
}
END_TEST

Suite *
suite_run (void)
{
  Suite *s = suite_create ("run");
  TCase *tc = tcase_create ("run");
  TCase *slow = tcase_create ("slow");
  tcase_add_loop_test (tc, paths_agree, 0, loop_configs () * (int)N_T_REF);
  tcase_add_test (tc, trace_contents);
  tcase_add_loop_test (tc, coarse_clock_paths_agree, 0,
                       (int)TST_COUNT (coarse_clocks) * tst_stepper_count ());
  tcase_add_test (tc, durations_and_steps);
  tcase_add_test (tc, step_count_beyond_32_bits);
  tcase_add_loop_test (tc, bad_callback_keeps_data, 0,
                       tst_stepper_count () * tst_timing_count ());
  tcase_add_loop_test (tc, overflowing_drive, 0, tst_stepper_count ());
  tcase_add_test (tc, trace_stopped_in_its_first_step);
  tcase_add_test (tc, trace_too_many_steps_from_time_zero);
  tcase_add_test (tc, spike_store);
  tcase_add_test (tc, copy_spikes_null_times_zero_capacity);
  tcase_add_test (tc, step_count_limits);
  tcase_add_loop_test (tc, partial_step_longer_than_dt, 0,
                       tst_stepper_count ());
  tcase_add_test (tc, clock_product_overflow);
  tcase_add_test (tc, clock_overflow_after_a_partial_step);
  tcase_add_test (tc, tiny_runs_add_up);
  tcase_add_loop_test (tc, partial_runs_keep_the_grid, 0, tst_timing_count ());
  tcase_add_test (tc, durations_that_cannot_move_the_clock);
  tcase_set_timeout (slow, 120);
  tcase_add_test (slow, a_billion_steps);
  suite_add_tcase (s, tc);
  suite_add_tcase (s, slow);
  return s;
}
