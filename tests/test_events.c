/*
 * Event-driven runs (lif_neuron_run_events, lif_neuron_run_sampled): the
 * constant drive's closed form, agreement with the exact stepper's precise
 * timing, stepped and event-driven runs of one neuron in any order, the
 * grid-time callbacks, samples at the caller's times, and every refusal
 * leaving the neuron as it was. Spike times against 40-digit references
 * for varying inputs are in tests/exact_spikes.c.
 */
#include "tests.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* The usual neuron under a constant current I. */
static lif_neuron *
constant_neuron (double I, double t_ref)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in;
  ck_assert_ok (lif_input_new_constant (I, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  tst_set (n, LIF_PARAM_T_REF, t_ref);
  return n;
}

/* Spike k (from 0) of the usual neuron (E_L = V_reset = V = -65, tau 10,
 * R 10, V_th -50) under a constant I: T = tau ln((u - V_reset) / (u -
 * V_th)) after each reset, the first from V = -65 too. */
static double
closed_form_spike (double I, double t_ref, int k)
{
  const double u = -65.0 + 10.0 * I;
  const double T = 10.0 * log ((u + 65.0) / (u + 50.0));
  return T + (double)k * (T + t_ref);
}

START_TEST (constant_drive_is_closed_form)
{
  static const double t_refs[] = { 0.0, 2.0, 2.05 };
  const double I = 1.6 + 0.2 * (double)_i;
  size_t i, count;
  for (i = 0; i < TST_COUNT (t_refs); i++)
    {
      lif_neuron *n = constant_neuron (I, t_refs[i]);
      double *t;
      size_t k;
      ck_assert_ok (lif_neuron_run_events (n, 1000.0));
      t = tst_spikes (n, &count);
      ck_assert_uint_gt (count, 10);
      for (k = 0; k < count; k++)
        ck_assert_msg (
            fabs (t[k] - closed_form_spike (I, t_refs[i], (int)k)) < 1e-11,
            "I %g t_ref %g spike %zu at %.17g, closed form %.17g", I,
            t_refs[i], k, t[k], closed_form_spike (I, t_refs[i], (int)k));
      ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 1000.0);
      free (t);
      lif_neuron_free (n);
    }
}
END_TEST

/* The same spikes and V as the exact stepper's precise timing, for every
 * input kind the loop tests use that has a closed form, to the rounding
 * that 5,000 steps add up (1e-13 relative; tests/exact_spikes.c holds both
 * to 1e-11 ms of 40-digit references). */
START_TEST (events_are_the_exact_stepper)
{
  const int kind = _i;
  const double level = 1.0;
  lif_input *in = tst_input (kind, &level);
  lif_neuron *stepped = tst_neuron (), *events = tst_neuron ();
  double *a, *b;
  size_t na, nb, k;
  if (kind == 4)
    {
      /* The callback has no closed form: refused, nothing run. */
      ck_assert_ok (lif_neuron_set_input (events, in));
      ck_assert_int_eq (lif_neuron_run_events (events, 500.0), LIF_EEVENTS);
      ck_assert_double_eq (tst_get (events, LIF_PARAM_T), 0.0);
      lif_input_free (in);
      lif_neuron_free (stepped);
      lif_neuron_free (events);
      return;
    }
  if (in)
    {
      ck_assert_ok (lif_neuron_set_input (stepped, in));
      ck_assert_ok (lif_neuron_set_input (events, in));
      lif_input_free (in);
    }
  tst_set (stepped, LIF_PARAM_I_BIAS, 1.55);
  tst_set (events, LIF_PARAM_I_BIAS, 1.55);
  tst_set (stepped, LIF_PARAM_T_REF, 2.0);
  tst_set (events, LIF_PARAM_T_REF, 2.0);
  ck_assert_ok (lif_neuron_run (stepped, 500.0));
  ck_assert_ok (lif_neuron_run_events (events, 500.0));
  a = tst_spikes (stepped, &na);
  b = tst_spikes (events, &nb);
  ck_assert_uint_eq (na, nb);
  ck_assert_uint_gt (na, 5);
  for (k = 0; k < na; k++)
    ck_assert_msg (tst_close (a[k], b[k], 1e-13),
                   "input kind %d, spike %zu: stepped %.17g, events %.17g",
                   kind, k, a[k], b[k]);
  ck_assert (tst_close (tst_get (events, LIF_PARAM_V),
                        tst_get (stepped, LIF_PARAM_V), 1e-12));
  free (a);
  free (b);
  lif_neuron_free (stepped);
  lif_neuron_free (events);
}
END_TEST

/* Stepped and event-driven runs in any order, grid or precise timing,
 * ending on and off the grid: the clock, the refractory period and the
 * spikes carry over. Against one event-driven run of the whole. */
START_TEST (stepped_and_events_mix)
{
  const int timing = _i;
  static const double cuts[] = { 37.3, 100.0, 163.05, 250.0 };
  lif_neuron *mixed = constant_neuron (1.9, 2.05);
  lif_neuron *whole = constant_neuron (1.9, 2.05);
  double *a, *b, t = 0.0;
  size_t na, nb, i, k;
  ck_assert_ok (lif_neuron_set_timing (mixed, timing));
  for (i = 0; i < TST_COUNT (cuts); i++)
    {
      if (i % 2)
        ck_assert_ok (lif_neuron_run (mixed, cuts[i] - t));
      else
        ck_assert_ok (lif_neuron_run_events (mixed, cuts[i] - t));
      t = cuts[i];
      ck_assert (tst_close (tst_get (mixed, LIF_PARAM_T), t, 1e-15));
    }
  ck_assert_ok (lif_neuron_run_events (whole, t));
  a = tst_spikes (mixed, &na);
  b = tst_spikes (whole, &nb);
  if (timing == LIF_TIMING_PRECISE)
    {
      ck_assert_uint_eq (na, nb);
      for (k = 0; k < na; k++)
        ck_assert_msg (fabs (a[k] - b[k]) < 1e-11, "spike %zu: %.17g %.17g", k,
                       a[k], b[k]);
    }
  else
    {
      /* The stepped pieces are on the grid: their spikes are late by up to
       * a step, and each one's period starts there. */
      ck_assert_uint_gt (na, nb - 4);
      ck_assert_uint_le (na, nb);
    }
  /* No spike inside a refractory period, wherever the runs were cut. */
  for (k = 1; k < na; k++)
    ck_assert_msg (a[k] - a[k - 1] >= 2.05 - 1e-12,
                   "spikes %zu and %zu are %.17g apart", k - 1, k,
                   a[k] - a[k - 1]);
  free (a);
  free (b);
  lif_neuron_free (mixed);
  lif_neuron_free (whole);
}
END_TEST

/* A sine that cannot lift V to the threshold: one piece however long the
 * run, and V at its end the forced response,
 * E_L + R (offset + A (sin w t - w tau cos w t) / (1 + (w tau)^2)). */
START_TEST (subthreshold_sine_over_a_long_run)
{
  const double two_pi = 6.283185307179586, omega = two_pi * (1.0 / 37.0);
  const double c = omega * 10.0, t = 1e6;
  lif_neuron *n = tst_neuron ();
  lif_input *in;
  double want;
  size_t count;
  ck_assert_ok (lif_input_new_sine (1.0, 0.2, 1.0 / 37.0, 0.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run_events (n, t));
  want = -65.0
         + 10.0
               * (1.0
                  + 0.2 * (sin (omega * t) - c * cos (omega * t))
                        / (1.0 + c * c));
  ck_assert_msg (fabs (tst_get (n, LIF_PARAM_V) - want) < 1e-9,
                 "V %.17g, forced response %.17g", tst_get (n, LIF_PARAM_V),
                 want);
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 0);
  lif_neuron_free (n);
}
END_TEST

static int progress_calls;
static double progress_last;

static int
stop_at_third (double t, double t_end, void *data)
{
  (void)t_end;
  (void)data;
  progress_last = t;
  return ++progress_calls == 3;
}

START_TEST (progress_and_monitor_at_grid_times)
{
  lif_neuron *n = constant_neuron (1.9, 0.0),
             *ref = constant_neuron (1.9, 0.0);
  double v[64], vr[64];
  size_t samples, copied, i;
  /* The monitor every 50 steps (5 ms): 20 samples over 100 ms, at the
   * stepped run's values. */
  ck_assert_ok (lif_neuron_set_monitor (n, 50));
  ck_assert_ok (lif_neuron_set_monitor (ref, 50));
  ck_assert_ok (lif_neuron_run_events (n, 100.0));
  ck_assert_ok (lif_neuron_run (ref, 100.0));
  ck_assert_ok (lif_neuron_monitor_count (n, &samples));
  ck_assert_uint_eq (samples, 20);
  ck_assert_ok (lif_neuron_copy_monitor (n, LIF_RECORD_V, 0, v, 64, &copied));
  ck_assert_ok (
      lif_neuron_copy_monitor (ref, LIF_RECORD_V, 0, vr, 64, &copied));
  for (i = 0; i < samples; i++)
    ck_assert (tst_close (v[i], vr[i], 1e-12));
  /* The progress callback every 100 steps; stopping at its third call
   * leaves the neuron there, at 30 ms. */
  progress_calls = 0;
  ck_assert_ok (
      lif_neuron_set_progress_callback (n, stop_at_third, 100, NULL));
  ck_assert_int_eq (lif_neuron_run_events (n, 100.0), LIF_ECANCELED);
  ck_assert_int_eq (progress_calls, 3);
  ck_assert (tst_close (progress_last, 130.0, 1e-15));
  ck_assert (tst_close (tst_get (n, LIF_PARAM_T), 130.0, 1e-15));
  ck_assert_ok (lif_neuron_set_progress_callback (n, NULL, 0, NULL));
  ck_assert_ok (lif_neuron_run_events (n, 70.0));
  ck_assert (tst_close (tst_get (n, LIF_PARAM_T), 200.0, 1e-15));
  lif_neuron_free (n);
  lif_neuron_free (ref);
}
END_TEST

START_TEST (samples_are_exact)
{
  /* Below threshold (u = -51): V = u + (V0 - u) exp(-t / tau) exactly. */
  lif_neuron *n = constant_neuron (1.4, 0.0);
  double times[200], v[200], I[200];
  size_t i, done;
  for (i = 0; i < 200; i++)
    times[i] = 0.37 * (double)i; /* from the present time 0, off any grid */
  ck_assert_ok (lif_neuron_run_sampled (n, times, 200, v, I, &done));
  ck_assert_uint_eq (done, 200);
  for (i = 0; i < 200; i++)
    {
      const double want = -51.0 - 14.0 * exp (-times[i] / 10.0);
      ck_assert_msg (tst_close (v[i], want, 1e-14), "V(%g) = %.17g, not %.17g",
                     times[i], v[i], want);
      ck_assert_double_eq (I[i], 1.4);
    }
  ck_assert (tst_close (tst_get (n, LIF_PARAM_T), times[199], 1e-15));
  /* A time equal to the present records again; none is recorded with
   * NULL arrays. */
  ck_assert_ok (lif_neuron_run_sampled (n, times + 199, 1, v, NULL, &done));
  ck_assert_uint_eq (done, 1);
  ck_assert_ok (lif_neuron_run_sampled (n, NULL, 0, NULL, NULL, NULL));
  lif_neuron_free (n);
}
END_TEST

/* V - u overflows: from V_reset = -DBL_MAX under a drive of 1e301 mV the
 * closed form leaves the finite numbers. The run stops there with
 * LIF_EDIVERGED, as a stepped run does, V still finite. */
START_TEST (overflowing_drive_diverges)
{
  lif_neuron *n = constant_neuron (0.0, 0.0);
  double v;
  tst_set (n, LIF_PARAM_V_RESET, -DBL_MAX);
  tst_set (n, LIF_PARAM_V, -DBL_MAX);
  tst_set (n, LIF_PARAM_E_L, 1e301);
  ck_assert_int_eq (lif_neuron_run (n, 1.0), LIF_EDIVERGED);
  ck_assert_int_eq (lif_neuron_run_events (n, 1.0), LIF_EDIVERGED);
  v = tst_get (n, LIF_PARAM_V);
  ck_assert (isfinite (v));
  lif_neuron_free (n);
}
END_TEST

/* A sine of amplitude 1e308: R I overflows at its peaks, so V inside a
 * step is inf - inf there. The crossing search (finding 25, found again
 * by a separate hunt with this input) halved such parts past its stack;
 * now a stepped and an event-driven run end with a status and a finite
 * V. */
START_TEST (overflowing_sine_ends_with_a_status)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in;
  int rc;
  ck_assert_ok (lif_input_new_sine (0.0, 1e308, 1e3, 0.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  rc = lif_neuron_run (n, 10.0);
  ck_assert (rc == LIF_OK || rc == LIF_EDIVERGED || rc == LIF_EINPUT);
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  rc = lif_neuron_run_events (n, 10.0);
  ck_assert (rc == LIF_OK || rc == LIF_EDIVERGED || rc == LIF_EINPUT);
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  lif_neuron_free (n);
}
END_TEST

static double
zero_current (double t, void *data)
{
  (void)t;
  (void)data;
  return 0.0;
}

START_TEST (refusals_change_nothing)
{
  lif_neuron *n = constant_neuron (1.9, 2.0);
  lif_input *cb, *noise, *sum, *c;
  lif_input *terms[2];
  const double w[2] = { 1.0, 1.0 };
  const double bad_times[3] = { 1.0, 0.5, 2.0 };
  const double nan_times[2] = { 1.0, NAN };
  double v[3];
  size_t done = 99;
  tst_snapshot before, after;
  ck_assert_ok (lif_neuron_run_events (n, 12.3));
  tst_snapshot_take (n, &before);
  ck_assert_int_eq (lif_neuron_run_events (NULL, 1.0), LIF_ENULL);
  ck_assert_int_eq (lif_neuron_run_events (n, -1.0), LIF_EINVAL);
  ck_assert_int_eq (lif_neuron_run_events (n, NAN), LIF_EINVAL);
  ck_assert_int_eq (lif_neuron_run_events (n, INFINITY), LIF_EINVAL);
  ck_assert_int_eq (
      lif_neuron_run_sampled (NULL, bad_times, 3, v, NULL, &done), LIF_ENULL);
  ck_assert_int_eq (lif_neuron_run_sampled (n, NULL, 3, v, NULL, &done),
                    LIF_ENULL);
  ck_assert_int_eq (lif_neuron_run_sampled (n, bad_times, 3, v, NULL, &done),
                    LIF_EINVAL);
  ck_assert_int_eq (lif_neuron_run_sampled (n, nan_times, 2, v, NULL, &done),
                    LIF_EINVAL);
  /* Before the present (12.3). */
  ck_assert_int_eq (
      lif_neuron_run_sampled (n, bad_times + 2, 1, v, NULL, &done),
      LIF_EINVAL);
  ck_assert_uint_eq (done, 99);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  /* Inputs without a closed form. */
  ck_assert_ok (lif_input_new_callback (zero_current, NULL, &cb));
  ck_assert_ok (lif_input_new_white_noise (1.0, 0.5, 0, 0, &noise));
  ck_assert_ok (lif_input_new_constant (1.0, &c));
  terms[0] = c;
  terms[1] = cb;
  ck_assert_ok (lif_input_new_sum (terms, w, 2, &sum));
  ck_assert_ok (lif_neuron_set_input (n, cb));
  tst_snapshot_take (n, &before);
  ck_assert_int_eq (lif_neuron_run_events (n, 1.0), LIF_EEVENTS);
  ck_assert_int_eq (
      lif_neuron_run_sampled (n, bad_times + 2, 1, v, NULL, NULL),
      LIF_EEVENTS);
  ck_assert_ok (lif_neuron_set_input (n, noise));
  ck_assert_int_eq (lif_neuron_run_events (n, 1.0), LIF_EEVENTS);
  ck_assert_ok (lif_neuron_set_input (n, sum));
  ck_assert_int_eq (lif_neuron_run_events (n, 1.0), LIF_EEVENTS);
  ck_assert_ok (lif_neuron_set_input (n, cb));
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  lif_input_free (cb);
  lif_input_free (noise);
  lif_input_free (c);
  lif_input_free (sum);
  lif_neuron_free (n);
}
END_TEST

/* Spikes that do not move time on: at t = 1e15 a drive of 1e9 nA brings V
 * from V_reset to V_th in far less than ulp(t), so every reset fires again
 * at the same time. The spike limit (per step of the clock, as in stepped
 * runs) ends it with LIF_ESPIKELIMIT, every spike up to the limit recorded
 * and the neuron at that time. */
START_TEST (spikes_that_stand_still_hit_the_limit)
{
  lif_neuron *n = constant_neuron (1e9, 0.0);
  size_t count;
  tst_set (n, LIF_PARAM_T, 1e15);
  ck_assert_ok (lif_neuron_set_spike_limit (n, 50));
  ck_assert_int_eq (lif_neuron_run_events (n, 1.0), LIF_ESPIKELIMIT);
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 50);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 1e15);
  lif_neuron_free (n);
  /* At t = 0 the same drive fires every 1.5e-8 ms: more than 20 spikes
   * inside the first step of 0.1 ms stop the run there, as a stepped run
   * stops, with the 20 recorded and the neuron at the 20th. */
  n = constant_neuron (1e9, 0.0);
  ck_assert_ok (lif_neuron_set_spike_limit (n, 20));
  ck_assert_int_eq (lif_neuron_run_events (n, 1.0), LIF_ESPIKELIMIT);
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 20);
  ck_assert (tst_get (n, LIF_PARAM_T) > 0.0 && tst_get (n, LIF_PARAM_T) < 0.1);
  lif_neuron_free (n);
}
END_TEST

Suite *
suite_events (void)
{
  Suite *s = suite_create ("events");
  TCase *tc = tcase_create ("events");
  tcase_add_loop_test (tc, constant_drive_is_closed_form, 0, 3);
  tcase_add_loop_test (tc, events_are_the_exact_stepper, 0,
                       tst_input_kind_count ());
  tcase_add_loop_test (tc, stepped_and_events_mix, 0, 2);
  tcase_add_test (tc, progress_and_monitor_at_grid_times);
  tcase_add_test (tc, samples_are_exact);
  tcase_add_test (tc, subthreshold_sine_over_a_long_run);
  tcase_add_test (tc, refusals_change_nothing);
  tcase_add_test (tc, overflowing_drive_diverges);
  tcase_add_test (tc, overflowing_sine_ends_with_a_status);
  tcase_add_test (tc, spikes_that_stand_still_hit_the_limit);
  suite_add_tcase (s, tc);
  return s;
}
