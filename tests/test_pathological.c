/*
 * Pathological but valid parameters: steps far beyond the stability limit,
 * runaway firing, step counts at the limits of the clock, inputs with
 * thousands of breakpoints inside one step, sums of sums built deep and
 * wide, tables of a million samples. liblif must either compute the right
 * answer or refuse cleanly, in bounded time and memory, never hang and
 * never return garbage.
 */
#include "tests.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* ---- dt far above tau ------------------------------------------------- */

/* dt / tau at which each stepper stops being stable (lif.h). */
static const double stability_limit[N_STEPPERS]
    = { 2.0, 2.0, 2.785293563405282, INFINITY };

/* Every run entry point refuses an unstable step with LIF_EUNSTABLE and
 * changes nothing, output arguments included; for Euler, Heun and RK4 at
 * their limit, 3 and 10^6 tau; for both timing modes. The exact stepper
 * runs at 10^6 tau and lands on the fixed point. */
START_TEST (unstable_dt_refused_everywhere)
{
  const int stepper = _i % N_STEPPERS, timing = _i / N_STEPPERS;
  const double ratios[]
      = { 1e6, 3.0,
          stepper == LIF_STEPPER_EXACT ? 1e9 : stability_limit[stepper] };
  lif_neuron *n = tst_neuron ();
  tst_snapshot before, after;
  double t[4], v[4], cur[4];
  size_t done, k, j;
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_I_BIAS, 1.0); /* u = -55, below threshold */
  ck_assert_ok (lif_neuron_run (n, 3.0));
  for (k = 0; k < 3; k++)
    {
      tst_set (n, LIF_PARAM_DT, ratios[k] * 10.0); /* tau = 10 */
      if (stepper == LIF_STEPPER_EXACT)
        {
          ck_assert_ok (lif_neuron_step (n));
          ck_assert_ok (lif_neuron_run (n, 2.5 * ratios[k] * 10.0));
          ck_assert_double_eq_tol (tst_get (n, LIF_PARAM_V), -55.0, 1e-9);
          continue;
        }
      tst_snapshot_take (n, &before);
      ck_assert_status (lif_neuron_step (n), LIF_EUNSTABLE);
      ck_assert_status (lif_neuron_run (n, 1.0), LIF_EUNSTABLE);
      ck_assert_status (lif_neuron_run (n, 50.0 * ratios[k]), LIF_EUNSTABLE);
      for (j = 0; j < 4; j++)
        t[j] = v[j] = cur[j] = -1.0;
      done = 77;
      ck_assert_status (lif_neuron_run_trace (n, 4, t, v, cur, &done),
                        LIF_EUNSTABLE);
      ck_assert_uint_eq (done, 77);
      for (j = 0; j < 4; j++)
        ck_assert (t[j] == -1.0 && v[j] == -1.0 && cur[j] == -1.0);
      tst_snapshot_take (n, &after);
      tst_snapshot_same (&before, &after);
    }
  /* Just below the limit it runs, and V stays finite. */
  if (stepper != LIF_STEPPER_EXACT)
    {
      tst_set (n, LIF_PARAM_DT,
               nextafter (stability_limit[stepper], 0.0) * 10.0);
      ck_assert_ok (lif_neuron_run (n, 1000.0 * tst_get (n, LIF_PARAM_DT)));
      ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
    }
  lif_neuron_free (n);
}
END_TEST

/* Making tau small under a fixed dt makes the next run unstable too. */
START_TEST (unstable_after_tau_change)
{
  lif_neuron *n = tst_neuron ();
  tst_snapshot before, after;
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_RK4));
  ck_assert_ok (lif_neuron_run (n, 1.0));
  tst_set (n, LIF_PARAM_TAU, 0.01); /* dt / tau = 10 */
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_run (n, 1.0), LIF_EUNSTABLE);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  lif_neuron_free (n);
}
END_TEST

/* ---- runaway firing ------------------------------------------------- */

struct count_log
{
  size_t count;
  double last;
  int ordered;
};

static void
count_spike (double t, void *user_data)
{
  struct count_log *log = user_data;
  if (log->count > 0 && t < log->last)
    log->ordered = 0;
  log->last = t;
  log->count++;
}

/* t_ref = 0, V_reset one ulp below V_th and a current of 10^12: precise
 * timing would find spike after spike at the same instant for ever. Every
 * run entry point must stop at the spike limit with LIF_ESPIKELIMIT,
 * keeping exactly `limit` spikes (all seen by the callback, in order,
 * inside the step); grid timing fires once per step and finishes. For
 * every stepper. */
START_TEST (runaway_firing_terminates)
{
  const int stepper = _i % N_STEPPERS, entry = _i / N_STEPPERS;
  const size_t limit = 777;
  struct count_log log = { 0, 0.0, 1 };
  lif_neuron *n = tst_neuron ();
  double *times, t1, tr[8];
  size_t count, done = 0, k;
  int rc;
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  tst_set (n, LIF_PARAM_V_RESET, nextafter (-50.0, -INFINITY));
  tst_set (n, LIF_PARAM_I_BIAS, 1e12);
  tst_set (n, LIF_PARAM_DT, 0.01); /* dt / tau far below every limit */
  ck_assert_ok (lif_neuron_set_spike_limit (n, limit));
  ck_assert_ok (lif_neuron_set_spike_callback (n, count_spike, &log));
  rc = entry == 0   ? lif_neuron_step (n)
       : entry == 1 ? lif_neuron_run (n, 5.0)
                    : lif_neuron_run_trace (n, 8, tr, NULL, NULL, &done);
  ck_assert_status (rc, LIF_ESPIKELIMIT);
  times = tst_spikes (n, &count);
  ck_assert_uint_eq (count, limit);
  ck_assert_uint_eq (log.count, limit);
  ck_assert (log.ordered);
  ck_assert_double_eq (log.last, times[count - 1]);
  t1 = tst_get (n, LIF_PARAM_T);
  for (k = 0; k < count; k++)
    {
      ck_assert (isfinite (times[k]) && times[k] >= 0.0 && times[k] <= t1);
      ck_assert (k == 0 || times[k] >= times[k - 1]);
    }
  ck_assert (t1 <= 0.01);
  ck_assert_uint_eq (done, 0);
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  free (times);
  /* Grid timing: one spike per step, and the run completes. */
  ck_assert_ok (lif_neuron_clear_spikes (n));
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_neuron_run_trace (n, 8, tr, NULL, NULL, &done));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 8);
  lif_neuron_free (n);
}
END_TEST

/* ---- the limits of the clock -------------------------------------------- */

/* Runs of more than 2^53 steps, or that would end past DBL_MAX, are refused
 * with LIF_EOVERFLOW before anything happens, through every entry point.
 * (tests/test_run.c integrates 1e9 steps for real.) */
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

/* ---- breakpoints far finer than dt ----------------------------------- */

/* V after N periods of a current that is `high` for w and 0 for P - w,
 * from V0 at a period's start: each period is the affine map
 * V -> A V + B with A = exp(-P / tau), so V_N = V* + A^N (V0 - V*), V* =
 * B / (1 - A). Computed in long double. */
static double
periodic_closed_form (double V0, double E_L, double R, double tau, double high,
                      double w, double P, double N)
{
  long double u_hi = (long double)E_L + (long double)R * high;
  long double a_hi = expl (-(long double)w / tau);
  long double a_lo = expl (-((long double)P - w) / tau);
  /* High piece, then the low piece (u = E_L). */
  long double A = a_hi * a_lo;
  long double B = (u_hi * (1.0L - a_hi)) * a_lo + E_L * (1.0L - a_lo);
  long double Vs = B / (1.0L - A);
  return (double)(Vs + powl (A, N) * ((long double)V0 - Vs));
}

/* A pulse train with 10^4 edges inside every step of dt (period dt / 5000),
 * and a step table with 10^4 knots inside every step: both run, and the
 * exact stepper stays exact (against the closed form above). */
START_TEST (ten_thousand_breakpoints_per_step)
{
  const int stepper = _i % N_STEPPERS, kind = _i / N_STEPPERS;
  const double dt = 0.1, P = dt / 5000.0, w = P / 2.0;
  const int steps = 10; /* 50000 periods */
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double *times = NULL, *values = NULL, V, expect;
  size_t k;
  tst_set (n, LIF_PARAM_V_TH, 1000.0); /* subthreshold: no spikes */
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  if (kind == 0)
    ck_assert_ok (lif_input_new_pulse_train (3.0, 0.0, w, P, 0, &in));
  else
    {
      const size_t knots = 2 * 5000 * steps + 1;
      times = malloc (knots * sizeof *times);
      values = malloc (knots * sizeof *values);
      ck_assert (times && values);
      for (k = 0; k < knots; k++)
        {
          times[k] = (double)k * w;
          values[k] = k % 2 == 0 ? 3.0 : 0.0;
        }
      ck_assert_ok (
          lif_input_new_table (times, values, knots, LIF_INTERP_STEP, &in));
    }
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (n, steps * dt));
  V = tst_get (n, LIF_PARAM_V);
  ck_assert (isfinite (V));
  expect = periodic_closed_form (-65.0, -65.0, 10.0, 10.0, 3.0, w, P,
                                 5000.0 * steps);
  /* Exact integration of a piecewise-constant input: only rounding. */
  if (stepper == LIF_STEPPER_EXACT)
    ck_assert_msg (fabs (V - expect) < 1e-10, "V %.17g, closed form %.17g", V,
                   expect);
  else /* any stepper is consistent over such short pieces */
    ck_assert_msg (fabs (V - expect) < 1e-6, "V %.17g, closed form %.17g", V,
                   expect);
  free (times);
  free (values);
  lif_neuron_free (n);
}
END_TEST

/* More than 2^20 breakpoints in one step (a train of period dt / 2^21):
 * LIF_EBREAKPOINTS, in bounded time. Grid timing commits nothing; precise
 * timing keeps the neuron at the last point it reached inside the step. */
START_TEST (too_many_breakpoints_per_step)
{
  const int stepper = _i % N_STEPPERS, timing = _i / N_STEPPERS;
  const double dt = 0.1, P = dt / 2097152.0;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  tst_snapshot before, after;
  double t;
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  ck_assert_ok (lif_input_new_pulse_train (3.0, 0.0, P / 2.0, P, 0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_run (n, 1.0), LIF_EBREAKPOINTS);
  tst_snapshot_take (n, &after);
  t = tst_get (n, LIF_PARAM_T);
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  if (timing == LIF_TIMING_GRID)
    tst_snapshot_same (&before, &after);
  else
    ck_assert (t >= 0.0 && t < dt);
  lif_neuron_free (n);
}
END_TEST

/* ---- sums built deep and wide ------------------------------------------ */

/* A chain of 10^5 sums, each of the previous one: flattened, so it stays
 * one term deep, evaluates in one step and frees without recursion. */
START_TEST (sums_deep)
{
  lif_input *s = NULL, *next = NULL;
  double w = 0.5, v = 0.0;
  int k;
  ck_assert_ok (lif_input_new_constant (3.0, &s));
  for (k = 0; k < 100000; k++)
    {
      w = k % 2 ? 2.0 : 0.5;
      ck_assert_ok (lif_input_new_sum (&s, &w, 1, &next));
      lif_input_free (s);
      s = next;
    }
  ck_assert_ok (lif_input_eval (s, 1.0, &v));
  ck_assert_double_eq (v, 3.0); /* 0.5 and 2 alternate: exact */
  lif_input_free (s);
}
END_TEST

/* s = sum(s, s) doubles the flattened size each time: at 2^20 terms it
 * still works; the next doubling is refused with LIF_EOVERFLOW at once,
 * before anything is allocated, instead of exhausting memory. */
START_TEST (sums_doubling_refused)
{
  lif_input *s = NULL, *next = NULL, *pair[2];
  double v = 0.0;
  int k;
  ck_assert_ok (lif_input_new_constant (1.0, &s));
  for (k = 1; k <= 20; k++)
    {
      pair[0] = pair[1] = s;
      ck_assert_ok (lif_input_new_sum (pair, NULL, 2, &next));
      lif_input_free (s);
      s = next;
    }
  ck_assert_ok (lif_input_eval (s, 0.0, &v));
  ck_assert_double_eq (v, 1048576.0);
  pair[0] = pair[1] = s;
  next = (lif_input *)&k;
  ck_assert_status (lif_input_new_sum (pair, NULL, 2, &next), LIF_EOVERFLOW);
  ck_assert_ptr_eq (next, (lif_input *)&k);
  /* One term too many is refused as well, whatever the weights. */
  {
    lif_input *c = NULL, *three[2];
    double w[2] = { NAN, 1.0 };
    ck_assert_ok (lif_input_new_constant (1.0, &c));
    three[0] = s;
    three[1] = c;
    ck_assert_status (lif_input_new_sum (three, w, 2, &next), LIF_EOVERFLOW);
    lif_input_free (c);
  }
  lif_input_free (s);
}
END_TEST

/* 1000 sums of 1000 distinct leaves each, summed: 10^6 terms, evaluated
 * right, run through a neuron, freed in any order. */
START_TEST (sums_wide)
{
  enum
  {
    W = 1000
  };
  lif_input **leaves = malloc (W * sizeof *leaves);
  lif_input **sums = malloc (W * sizeof *sums);
  lif_input *total = NULL;
  lif_neuron *n = tst_neuron ();
  double v = 0.0;
  int i, j;
  ck_assert (leaves && sums);
  for (i = 0; i < W; i++)
    ck_assert_ok (
        lif_input_new_pulse (1e-3, (double)(i % 10) * 0.1, 1.0, &leaves[i]));
  for (j = 0; j < W; j++)
    ck_assert_ok (lif_input_new_sum (leaves, NULL, W, &sums[j]));
  for (i = 0; i < W; i++)
    lif_input_free (leaves[i]);
  ck_assert_ok (lif_input_new_sum (sums, NULL, W, &total));
  for (j = W - 1; j >= 0; j--)
    lif_input_free (sums[j]);
  /* At t = 1.0 the pulses that started at 0.1 .. 0.9 are on, those from 0
   * have ended: 1000 sums x 900 x 1e-3. */
  ck_assert_ok (lif_input_eval (total, 1.0, &v));
  ck_assert_double_eq_tol (v, 900.0, 1e-6); /* 900000 rounded additions */
  ck_assert_ok (lif_neuron_set_input (n, total));
  lif_input_free (total);
  tst_set (n, LIF_PARAM_DT, 0.5);
  ck_assert_ok (lif_neuron_run (n, 3.0));
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  lif_neuron_free (n);
  free (leaves);
  free (sums);
}
END_TEST

/* ---- a table of a million samples ------------------------------------ */

/* 10^6 samples of a constant current, 100 knots inside each step: the exact
 * stepper splits at every knot and still agrees with the constant input's
 * spike times and the closed-form interspike interval. */
START_TEST (table_million_samples)
{
  const size_t N = 1000000;
  double *times = malloc (N * sizeof *times);
  double *values = malloc (N * sizeof *values);
  lif_neuron *a = tst_neuron (), *b = tst_neuron ();
  lif_input *table = NULL, *constant = NULL;
  double *sa, *sb, isi, v;
  size_t na, nb, k;
  ck_assert (times && values);
  for (k = 0; k < N; k++)
    {
      times[k] = (double)k * 1e-3;
      values[k] = 2.0;
    }
  ck_assert_ok (
      lif_input_new_table (times, values, N, LIF_INTERP_STEP, &table));
  free (times);
  free (values);
  ck_assert_ok (lif_input_eval (table, 543.2105, &v));
  ck_assert_double_eq (v, 2.0);
  ck_assert_ok (lif_input_new_constant (2.0, &constant));
  ck_assert_ok (lif_neuron_set_input (a, table));
  ck_assert_ok (lif_neuron_set_input (b, constant));
  lif_input_free (table);
  lif_input_free (constant);
  ck_assert_ok (lif_neuron_run (a, 1000.0));
  ck_assert_ok (lif_neuron_run (b, 1000.0));
  sa = tst_spikes (a, &na);
  sb = tst_spikes (b, &nb);
  ck_assert_uint_eq (na, nb);
  ck_assert_uint_gt (na, 50);
  ck_assert_ok (lif_neuron_isi (b, 2.0, &isi));
  for (k = 0; k < na; k++)
    {
      ck_assert_double_eq_tol (sa[k], sb[k], 1e-9);
      ck_assert_double_eq_tol (sa[k], (double)(k + 1) * isi, 1e-8);
    }
  free (sa);
  free (sb);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

Suite *
suite_pathological (void)
{
  Suite *s = suite_create ("pathological");
  TCase *tc = tcase_create ("pathological");
  TCase *slow = tcase_create ("pathological_slow");
  tcase_add_loop_test (tc, unstable_dt_refused_everywhere, 0,
                       N_STEPPERS * N_TIMINGS);
  tcase_add_test (tc, unstable_after_tau_change);
  tcase_add_loop_test (tc, runaway_firing_terminates, 0, N_STEPPERS * 3);
  tcase_add_test (tc, step_count_limits);
  tcase_add_test (tc, sums_deep);
  /* Each of these does 10^5 to 10^7 segment or term evaluations. */
  tcase_set_timeout (slow, 60);
  tcase_add_loop_test (slow, ten_thousand_breakpoints_per_step, 0,
                       N_STEPPERS * 2);
  tcase_add_loop_test (slow, too_many_breakpoints_per_step, 0,
                       N_STEPPERS * N_TIMINGS);
  tcase_add_test (slow, sums_doubling_refused);
  tcase_add_test (slow, sums_wide);
  tcase_add_test (slow, table_million_samples);
  suite_add_tcase (s, tc);
  suite_add_tcase (s, slow);
  return s;
}
