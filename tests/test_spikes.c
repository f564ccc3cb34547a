/* Spike times against closed forms: the exact stepper with precise timing,
 * NEST's published check, the seed notebook's numbers, refractoriness on the
 * grid, and the guards against runaway firing. */
#include "tests.h"

#include <stdlib.h>

/* A default neuron (tau 10, E_L = V_reset = V_0 = -65, V_th = -50, R 10)
 * under a constant current. */
static lif_neuron *
constant_current_neuron (int stepper, int timing, double dt, double current)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  tst_set (n, LIF_PARAM_DT, dt);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  ck_assert_ok (lif_input_new_constant (current, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  return n;
}

/* 1000 consecutive spikes of the exact stepper with precise timing fall
 * within max(1e-9 ms, 1e-12 relative) of the closed form, for dt from 1e-3
 * to 5 ms (larger than the interval), with and without t_ref. The loop runs
 * over dt (5) x t_ref (2) x current (2). */
static const double thousand_dts[] = { 1e-3, 0.01, 0.1, 1.0, 5.0 };
static const double thousand_trefs[] = { 0.0, 2.0 };
static const double thousand_currents[] = { 2.0, 20.0 };
#define THOUSAND_CASES                                                        \
  (int)(TST_COUNT (thousand_dts) * TST_COUNT (thousand_trefs)                 \
        * TST_COUNT (thousand_currents))

START_TEST (exact_precise_thousand_spikes)
{
  const size_t n_trefs = TST_COUNT (thousand_trefs);
  const size_t n_currents = TST_COUNT (thousand_currents);
  const double dt = thousand_dts[_i / (n_trefs * n_currents)];
  const double t_ref = thousand_trefs[(_i / n_currents) % n_trefs];
  const double current = thousand_currents[_i % n_currents];
  const double u = -65.0 + 10.0 * current;
  const double first = 10.0 * log1p (15.0 / (u + 50.0)),
               period = first + t_ref;
  lif_neuron *n = constant_current_neuron (LIF_STEPPER_EXACT,
                                           LIF_TIMING_PRECISE, dt, current);
  double *t, worst = 0.0;
  size_t count, k;
  tst_set (n, LIF_PARAM_T_REF, t_ref);
  ck_assert_ok (lif_neuron_run (n, first + 999.5 * period));
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (count, 1000);
  for (k = 0; k < count; k++)
    {
      double want = first + (double)k * period;
      double tol = fmax (1e-9, 1e-12 * want);
      ck_assert_msg (fabs (t[k] - want) <= tol,
                     "dt %g t_ref %g I %g: spike %zu at %.17g, not %.17g", dt,
                     t_ref, current, k, t[k], want);
      worst = fmax (worst, fabs (t[k] - want));
    }
  free (t);
  lif_neuron_free (n);
}
END_TEST

/* NEST's check of its precise-time model, in pA, pF, ms and mV (so R is in
 * GOhm: R = tau / C = 10 ms / 250 pF = 0.04 GOhm, and R I = 40 mV): V(5 ms) =
 * 15.7387736 mV with the threshold out of reach, and the first spike at
 * V_th = 15 mV at 4.70003629 ms, for dt = 2^0 ... 2^-13 ms, within 1e-9. */
START_TEST (nest_precise_reference)
{
  static const int params[]
      = { LIF_PARAM_E_L, LIF_PARAM_V_RESET, LIF_PARAM_V_0,
          LIF_PARAM_V,   LIF_PARAM_R,       LIF_PARAM_C,
          LIF_PARAM_TAU, LIF_PARAM_V_TH,    LIF_PARAM_DT };
  const double dt = ldexp (1.0, -_i);
  const double values[] = { 0.0, 0.0, 0.0, 0.0, 0.04, 250.0, 10.0, 1e6, dt };
  const double v5 = 40.0 * -expm1 (-0.5), t_spike = 10.0 * log (40.0 / 25.0);
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double *t;
  size_t count;
  ck_assert_ok (lif_neuron_set_many (n, params, values, 9));
  ck_assert_ok (lif_input_new_constant (1000.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (n, 5.0));
  ck_assert (fabs (tst_get (n, LIF_PARAM_V) - v5) <= 1e-9);
  ck_assert (fabs (tst_get (n, LIF_PARAM_V) - 15.7387736) <= 1e-7);
  ck_assert_ok (lif_neuron_reset (n));
  tst_set (n, LIF_PARAM_V_TH, 15.0);
  ck_assert_ok (lif_neuron_run (n, 5.0));
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (count, 1);
  ck_assert_msg (fabs (t[0] - t_spike) <= 1e-9, "dt 2^-%d: %.12f", _i, t[0]);
  ck_assert (fabs (t[0] - 4.70003629) <= 1e-8);
  free (t);
  lif_neuron_free (n);
}
END_TEST

/* The seed notebook's scenario S1 in its own settings (Euler, dt = 0.01, grid
 * timing): spikes at 21.14, 42.28, 63.42, 84.56 over [0, 100), and the exact
 * interval 21.1511. */
START_TEST (notebook_constant_current)
{
  const double want[] = { 21.14, 42.28, 63.42, 84.56 };
  lif_neuron *n = tst_notebook_neuron ();
  lif_input *in = NULL;
  double *t, isi = 0.0;
  size_t count, k;
  tst_set (n, LIF_PARAM_DT, 0.01);
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_EULER));
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_input_new_constant (0.8, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (n, 100.0));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 100.0);
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (count, 4);
  for (k = 0; k < count; k++)
    ck_assert_msg (fabs (t[k] - want[k]) < 1e-9, "spike %zu at %.17g", k,
                   t[k]);
  free (t);
  ck_assert_ok (lif_neuron_isi (n, 0.8, &isi));
  ck_assert (fabs (isi - 21.1511) < 1e-4);
  lif_neuron_free (n);
}
END_TEST

/* On the grid a refractory period of m steps adds exactly m steps to every
 * interval of the Euler map, for m = 0 ... 50 (t_ref = 2 ms is m = 20). */
START_TEST (grid_refractory_is_whole_steps)
{
  const int m = _i;
  const double dt = 0.1;
  lif_neuron *base
      = constant_current_neuron (LIF_STEPPER_EULER, LIF_TIMING_GRID, dt, 2.0);
  lif_neuron *n
      = constant_current_neuron (LIF_STEPPER_EULER, LIF_TIMING_GRID, dt, 2.0);
  double *tb, *t;
  size_t nb, count, k;
  long steps0;
  ck_assert_ok (lif_neuron_run (base, 100.0));
  tb = tst_spikes (base, &nb);
  ck_assert_uint_ge (nb, 2);
  steps0 = lround ((tb[1] - tb[0]) / dt);
  ck_assert (fabs (tb[0] - (double)steps0 * dt) < 1e-9);
  tst_set (n, LIF_PARAM_T_REF, m * dt);
  ck_assert_ok (lif_neuron_run (n, 400.0));
  t = tst_spikes (n, &count);
  ck_assert_uint_ge (count, 2);
  ck_assert (fabs (t[0] - tb[0]) < 1e-9);
  for (k = 1; k < count; k++)
    ck_assert_msg (fabs (t[k] - t[k - 1] - (double)(steps0 + m) * dt) < 1e-9,
                   "t_ref = %d steps: interval %zu is %.17g", m, k,
                   t[k] - t[k - 1]);
  free (tb);
  free (t);
  lif_neuron_free (base);
  lif_neuron_free (n);
}
END_TEST

/* Grid spikes are multiples of dt, at most one per step, and V reads
 * V_reset at the end of the spiking step. */
START_TEST (grid_spikes_on_grid)
{
  lif_neuron *n = constant_current_neuron (_i, LIF_TIMING_GRID, 0.5, 20.0);
  double t[200], v[200];
  size_t done, count, k, j = 0;
  double *s;
  ck_assert_ok (lif_neuron_run_trace (n, 200, t, v, NULL, &done));
  s = tst_spikes (n, &count);
  ck_assert_uint_gt (count, 10);
  ck_assert_uint_le (count, 200);
  for (k = 0; k < count; k++)
    {
      double steps = s[k] / 0.5;
      ck_assert (fabs (steps - round (steps)) < 1e-9);
      while (j < 200 && t[j] < s[k] - 1e-9)
        j++;
      ck_assert_uint_lt (j, 200);
      ck_assert_double_eq (v[j], -65.0);
      if (k > 0)
        ck_assert (s[k] > s[k - 1]);
    }
  free (s);
  lif_neuron_free (n);
}
END_TEST

/* With t_ref = 0, V_reset a hair below V_th and a huge current, precise
 * timing would find ~1e14 spikes in one step: the run stops at the spike
 * limit with every spike it found kept, and grid timing fires once per
 * step. */
START_TEST (spike_limit_stops_runaway)
{
  lif_neuron *n = constant_current_neuron (LIF_STEPPER_EXACT,
                                           LIF_TIMING_PRECISE, 0.1, 1e6);
  size_t count = 0;
  double *t, now;
  tst_set (n, LIF_PARAM_V_RESET, -50.0 - 1e-9);
  ck_assert_ok (lif_neuron_set_spike_limit (n, 500));
  ck_assert_status (lif_neuron_run (n, 10.0), LIF_ESPIKELIMIT);
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (count, 500);
  now = tst_get (n, LIF_PARAM_T);
  ck_assert (now >= t[count - 1] && now < 0.1);
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  free (t);
  ck_assert_ok (lif_neuron_clear_spikes (n));
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_neuron_run (n, 10.0));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  /* One spike a step at most: the rest of the step the limit stopped in,
   * 99 whole steps and the part of a step that ends the run. */
  ck_assert_uint_ge (count, 99);
  ck_assert_uint_le (count, 101);
  lif_neuron_free (n);
}
END_TEST

struct spike_log
{
  double times[64];
  size_t count;
};

static void
log_spike (double t, void *user_data)
{
  struct spike_log *log = user_data;
  if (log->count < 64)
    log->times[log->count] = t;
  log->count++;
}

/* The spike callback sees every spike, in order, as recorded. */
START_TEST (spike_callback_in_order)
{
  lif_neuron *n = constant_current_neuron (
      _i % tst_stepper_count (), _i / tst_stepper_count (), 0.1, 3.0);
  struct spike_log log = { { 0 }, 0 };
  double *t;
  size_t count, k;
  ck_assert_ok (lif_neuron_set_spike_callback (n, log_spike, &log));
  tst_set (n, LIF_PARAM_T_REF, 1.0);
  ck_assert_ok (lif_neuron_run (n, 150.0));
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (log.count, count);
  ck_assert_uint_gt (count, 5);
  ck_assert_uint_le (count, 64);
  for (k = 0; k < count; k++)
    {
      ck_assert_double_eq (log.times[k], t[k]);
      if (k)
        ck_assert (t[k] > t[k - 1]);
    }
  ck_assert_ok (lif_neuron_set_spike_callback (n, NULL, NULL));
  ck_assert_ok (lif_neuron_run (n, 50.0));
  ck_assert_uint_eq (log.count, count);
  ck_assert_status (lif_neuron_set_spike_callback (NULL, log_spike, &log),
                    LIF_ENULL);
  free (t);
  lif_neuron_free (n);
}
END_TEST

/* A neuron set above threshold fires at once in precise timing, at the end
 * of the first step on the grid. */
START_TEST (start_above_threshold)
{
  lif_neuron *n = constant_current_neuron (LIF_STEPPER_EXACT,
                                           LIF_TIMING_PRECISE, 0.1, 0.0);
  double *t;
  size_t count;
  tst_set (n, LIF_PARAM_T, 3.0);
  tst_set (n, LIF_PARAM_V, -40.0);
  ck_assert_ok (lif_neuron_step (n));
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (count, 1);
  ck_assert_double_eq (t[0], 3.0);
  free (t);
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  tst_set (n, LIF_PARAM_V, -40.0);
  ck_assert_ok (lif_neuron_step (n));
  t = tst_spikes (n, &count);
  ck_assert_uint_eq (count, 2);
  ck_assert (tst_close (t[1], 3.2, 1e-15));
  free (t);
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
  const int stepper = _i % tst_stepper_count (),
            entry = _i / tst_stepper_count ();
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

Suite *
suite_spikes (void)
{
  Suite *s = suite_create ("spikes");
  TCase *tc = tcase_create ("spikes");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, exact_precise_thousand_spikes, 0, THOUSAND_CASES);
  tcase_add_loop_test (tc, nest_precise_reference, 0, 14);
  tcase_add_test (tc, notebook_constant_current);
  tcase_add_loop_test (tc, grid_refractory_is_whole_steps, 0, 51);
  tcase_add_loop_test (tc, grid_spikes_on_grid, 0, tst_stepper_count ());
  tcase_add_test (tc, spike_limit_stops_runaway);
  tcase_add_loop_test (tc, spike_callback_in_order, 0,
                       tst_stepper_count () * tst_timing_count ());
  tcase_add_test (tc, start_above_threshold);
  tcase_add_loop_test (tc, runaway_firing_terminates, 0,
                       tst_stepper_count () * 3);
  suite_add_tcase (s, tc);
  return s;
}
