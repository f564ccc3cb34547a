/* Each stepper against its exact per-step map and the exact stepper against
 * the closed form, below threshold; stability limits, and steps far beyond
 * them refused by every run; splitting at input breakpoints, up to 10^4 of
 * them inside one step and a table of 10^6 samples, and the refusal of more
 * than 2^20 in one step. */
#include "tests.h"

#include <float.h>
#include <stdlib.h>

/* The amplification per step of each stepper for tau dV/dt = u - V,
 * written from the textbook methods, independently of the library. */
static double
step_factor (int stepper, double x)
{
  switch (stepper)
    {
    case LIF_STEPPER_EULER:
      return 1.0 - x;
    case LIF_STEPPER_HEUN:
      return 1.0 - x + x * x / 2.0;
    case LIF_STEPPER_RK4:
      return 1.0 - x + x * x / 2.0 - x * x * x / 6.0 + x * x * x * x / 24.0;
    case LIF_STEPPER_EXACT:
      return exp (-x);
    default:
      ck_abort_msg ("no step factor for the stepper %s: add it here",
                    lif_stepper_name (stepper));
    }
}

/* A neuron that never fires, driven by a constant current: u = -65 + 10 I. */
static lif_neuron *
subthreshold_neuron (int stepper, double dt, double current)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  tst_set (n, LIF_PARAM_V_TH, 1e6);
  tst_set (n, LIF_PARAM_DT, dt);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_input_new_constant (current, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  return n;
}

/* Every step of every stepper is V -> u + (V - u) g(x), to 1e-13. */
START_TEST (per_step_map)
{
  static const double xs[] = { 1e-4, 0.01, 0.1, 0.5, 1.0, 1.5, 1.9 };
  const double u = -65.0 + 10.0 * 1.7;
  size_t i;
  int k;
  for (i = 0; i < sizeof xs / sizeof xs[0]; i++)
    {
      lif_neuron *n = subthreshold_neuron (_i, xs[i] * 10.0, 1.7);
      double g = step_factor (_i, xs[i]), worst = 0.0;
      for (k = 0; k < 200; k++)
        {
          double v0 = tst_get (n, LIF_PARAM_V), v1, want;
          ck_assert_ok (lif_neuron_step (n));
          v1 = tst_get (n, LIF_PARAM_V);
          want = u + (v0 - u) * g;
          worst = fmax (worst, fabs (v1 - want) / fabs (want));
        }
      ck_assert_msg (worst <= 1e-13, "%s, x = %g: relative error %g",
                     lif_stepper_name (_i), xs[i], worst);
      lif_neuron_free (n);
    }
}
END_TEST

/* The factor g(x) of Euler, Heun and RK4 carries a single rounding: within
 * half an ulp of the polynomial (plus the tiny error of its small terms),
 * for 2000 values of x from 1e-6 to 0.1. An ulp more does not show in one
 * step, but 10^6 steps turn it into a 1e-10 relative bias of V - u (an RK4
 * evaluation that added 1 - x first moved spike times by 2e-11 ms). One step
 * from V = -1 to u = 0 with tau = 1 reads g out exactly: V = -g. The check
 * needs no wider type (valgrind computes long double as double): g - 1 is
 * exact, and the polynomial's part s = g - 1 is computed in double to a few
 * ulps of s, far below an ulp of 1 when x is small. */
START_TEST (step_factor_rounds_once)
{
  double worst = 0.0, worst_x = 0.0;
  int k;
  for (k = 0; k < 2000; k++)
    {
      const double x = 1e-6 * pow (1e5, k / 1999.0);
      lif_neuron *n = tst_neuron ();
      double s, excess;
      tst_set (n, LIF_PARAM_TAU, 1.0);
      tst_set (n, LIF_PARAM_V_TH, 1e6);
      tst_set (n, LIF_PARAM_E_L, 0.0);
      tst_set (n, LIF_PARAM_V, -1.0);
      tst_set (n, LIF_PARAM_DT, x);
      ck_assert_ok (lif_neuron_set_stepper (n, _i));
      ck_assert_ok (lif_neuron_step (n));
      if (_i == LIF_STEPPER_EULER)
        s = -x;
      else if (_i == LIF_STEPPER_HEUN)
        s = x * (-1.0 + x * 0.5);
      else
        s = x * (-1.0 + x * (0.5 + x * (-1.0 / 6.0 + x * (1.0 / 24.0))));
      /* How far g is beyond half an ulp of 1 and the error bound of s. */
      excess = fabs ((-tst_get (n, LIF_PARAM_V) - 1.0) - s)
               - (ldexp (1.0, -54) + 8.0 * DBL_EPSILON * x);
      if (k == 0 || excess > worst)
        {
          worst = excess;
          worst_x = x;
        }
      lif_neuron_free (n);
    }
  ck_assert_msg (worst <= 0.0, "%s, x = %.17g: g is %g beyond half an ulp",
                 lif_stepper_name (_i), worst_x, worst);
}
END_TEST

/* The exact stepper follows u + (V0 - u) exp(-t / tau) to 1e-12 relative at
 * any dt, over 100 ms (loop over these dt). */
static const double closed_form_dts[] = { 1e-3, 0.01, 0.1, 1.0, 5.0 };

START_TEST (exact_matches_closed_form)
{
  const double *dts = closed_form_dts;
  const double u = -65.0 + 10.0 * 1.2, v0 = -65.0;
  lif_neuron *n = subthreshold_neuron (LIF_STEPPER_EXACT, dts[_i], 1.2);
  size_t steps = (size_t)(100.0 / dts[_i] + 0.5), k, done = 0;
  double *t = malloc (steps * sizeof *t), *v = malloc (steps * sizeof *v);
  double worst = 0.0;
  ck_assert_ok (lif_neuron_run_trace (n, steps, t, v, NULL, &done));
  ck_assert_uint_eq (done, steps);
  for (k = 0; k < steps; k++)
    {
      double want = u + (v0 - u) * exp (-t[k] / 10.0);
      worst = fmax (worst, fabs (v[k] - want) / fabs (want));
    }
  ck_assert_msg (worst <= 1e-12, "dt = %g: relative error %g", dts[_i], worst);
  ck_assert (tst_close (t[steps - 1], 100.0, 1e-15));
  free (t);
  free (v);
  lif_neuron_free (n);
}
END_TEST

START_TEST (stability_limits)
{
  static const struct
  {
    int stepper;
    double x;
    int status;
  } cases[] = {
    { LIF_STEPPER_EULER, 1.999, LIF_OK },
    { LIF_STEPPER_EULER, 2.0, LIF_EUNSTABLE },
    { LIF_STEPPER_HEUN, 1.999, LIF_OK },
    { LIF_STEPPER_HEUN, 2.0, LIF_EUNSTABLE },
    { LIF_STEPPER_RK4, 2.785, LIF_OK },
    { LIF_STEPPER_RK4, 2.786, LIF_EUNSTABLE },
    { LIF_STEPPER_EXACT, 1e6, LIF_OK },
  };
  size_t i;
  int stepper;
  /* Every stepper the library names has a case. */
  for (stepper = 0; stepper < tst_stepper_count (); stepper++)
    {
      for (i = 0; i < TST_COUNT (cases); i++)
        if (cases[i].stepper == stepper)
          break;
      ck_assert_msg (i < TST_COUNT (cases),
                     "no stability case for the stepper %s: add one",
                     lif_stepper_name (stepper));
    }
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      lif_neuron *n
          = subthreshold_neuron (cases[i].stepper, cases[i].x * 10.0, 1.0);
      tst_snapshot before, after;
      double t = 0.0, v = 0.0;
      size_t done = 99;
      tst_snapshot_take (n, &before);
      ck_assert_status (lif_neuron_step (n), cases[i].status);
      if (cases[i].status != LIF_OK)
        {
          ck_assert_status (lif_neuron_run (n, 100.0), cases[i].status);
          ck_assert_status (lif_neuron_run_trace (n, 1, &t, &v, NULL, &done),
                            cases[i].status);
          ck_assert_uint_eq (done, 99);
          tst_snapshot_take (n, &after);
          tst_snapshot_same (&before, &after);
        }
      lif_neuron_free (n);
    }
}
END_TEST

/* With a pulse whose edges fall between grid points, the exact stepper is
 * still exact: it ends a step at each edge and continues from it. */
START_TEST (exact_across_pulse_edges)
{
  const double dt = 0.5, on = 0.33, off = 2.77, amp = 1.0;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double t[20], v[20], worst = 0.0;
  size_t k, done;
  tst_set (n, LIF_PARAM_V_TH, 1e6);
  tst_set (n, LIF_PARAM_DT, dt);
  ck_assert_ok (lif_input_new_pulse (amp, on, off - on, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run_trace (n, 20, t, v, NULL, &done));
  for (k = 0; k < 20; k++)
    {
      /* Rise from -65 towards -55 during the pulse, then decay back. */
      double want;
      if (t[k] <= on)
        want = -65.0;
      else if (t[k] <= off)
        want = -55.0 - 10.0 * exp (-(t[k] - on) / 10.0);
      else
        {
          double top = -55.0 - 10.0 * exp (-(off - on) / 10.0);
          want = -65.0 + (top + 65.0) * exp (-(t[k] - off) / 10.0);
        }
      worst = fmax (worst, fabs (v[k] - want));
    }
  ck_assert_msg (worst <= 1e-12, "error %g", worst);
  lif_neuron_free (n);
}
END_TEST

/* ---- dt far above tau ------------------------------------------------- */

/* dt / tau at which each stepper stops being stable (lif.h), in lif.h's
 * order of the steppers. */
static const double stability_limit[]
    = { 2.0, 2.0, 2.785293563405282, INFINITY };

/* The stepper's limit, failing the test if the table has none for it. */
static double
limit_of (int stepper)
{
  ck_assert_covers (stability_limit, tst_stepper_count (), "steppers");
  return stability_limit[stepper];
}

/* Every run entry point refuses an unstable step with LIF_EUNSTABLE and
 * changes nothing, output arguments included; for Euler, Heun and RK4 at
 * their limit, 3 and 10^6 tau; for both timing modes. The exact stepper
 * runs at 10^6 tau and lands on the fixed point. */
START_TEST (unstable_dt_refused_everywhere)
{
  const int stepper = _i % tst_stepper_count ();
  const int timing = _i / tst_stepper_count ();
  const double ratios[]
      = { 1e6, 3.0, stepper == LIF_STEPPER_EXACT ? 1e9 : limit_of (stepper) };
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
      tst_set (n, LIF_PARAM_DT, nextafter (limit_of (stepper), 0.0) * 10.0);
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
  const int stepper = _i % tst_stepper_count ();
  const int kind = _i / tst_stepper_count ();
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
  const int stepper = _i % tst_stepper_count ();
  const int timing = _i / tst_stepper_count ();
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
suite_steppers (void)
{
  const int steppers = tst_stepper_count (), timings = tst_timing_count ();
  Suite *s = suite_create ("steppers");
  TCase *tc = tcase_create ("steppers");
  TCase *slow = tcase_create ("slow");
  tcase_add_loop_test (tc, per_step_map, 0, steppers);
  tcase_add_loop_test (tc, step_factor_rounds_once, LIF_STEPPER_EULER,
                       LIF_STEPPER_RK4 + 1);
  tcase_add_loop_test (tc, exact_matches_closed_form, 0,
                       (int)TST_COUNT (closed_form_dts));
  tcase_add_test (tc, stability_limits);
  tcase_add_test (tc, exact_across_pulse_edges);
  tcase_add_loop_test (tc, unstable_dt_refused_everywhere, 0,
                       steppers * timings);
  tcase_add_test (tc, unstable_after_tau_change);
  /* Each of these does 10^5 to 10^7 segment evaluations. */
  tcase_set_timeout (slow, 60);
  tcase_add_loop_test (slow, ten_thousand_breakpoints_per_step, 0,
                       steppers * 2);
  tcase_add_loop_test (slow, too_many_breakpoints_per_step, 0,
                       steppers * timings);
  tcase_add_test (slow, table_million_samples);
  suite_add_tcase (s, tc);
  suite_add_tcase (s, slow);
  return s;
}
