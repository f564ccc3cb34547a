/*
 * Regressions: one test per finding of the fuzzers (tests/fuzz/), each
 * named after what went wrong. The input that found it is kept as
 * finding-NN-* in the fuzzer's corpus (tests/fuzz/corpus for the API
 * fuzzer, corpus-batch and corpus-sim for the batch and lif-sim ones), so
 * the fuzzers replay it too. A finding that needs a failing allocation is
 * tested in tests/check_faults.c instead (finding 12: sim_build_out_of_
 * memory).
 */
#include "tests.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* Finding 01: a pulse train's next breakpoint at a time whose pulse index is
 * 2^53 or more (t / period >= 2^53) looped for ever, since k + 1.0 == k
 * there. It must return, with a time after t or +infinity, and a run there
 * must end. */
START_TEST (train_breakpoint_beyond_2p53_pulses)
{
  lif_input *in = NULL;
  lif_neuron *n = tst_neuron ();
  const double times[] = { 1e16, 9007199254740992.0, 1e17, 1e300 };
  double b = 0.0;
  int i;
  ck_assert_ok (lif_input_new_pulse_train (3.0, 0.0, 0.5, 1.0, 0, &in));
  for (i = 0; i < 4; i++)
    {
      ck_assert_ok (lif_input_next_breakpoint (in, times[i], &b));
      ck_assert (b > times[i]);
    }
  /* Below 2^53 the edges are still found exactly. */
  ck_assert_ok (lif_input_next_breakpoint (in, 1e15 + 0.25, &b));
  ck_assert_double_eq (b, 1e15 + 0.5);
  ck_assert_ok (lif_neuron_set_input (n, in));
  tst_set (n, LIF_PARAM_T, 1e17);
  ck_assert_ok (lif_neuron_run (n, 100.0));
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  lif_input_free (in);
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

/* Finding 03: a sine whose phase omega t + phase overflows (frequency 2^53
 * at t = -DBL_MAX, or 1e10 at t = 1e300) evaluated to sin(inf) = NaN, so
 * lif_input_eval gave LIF_EINPUT and a run there stopped, although a sine
 * is a finite function. It must stay within offset +- |amplitude|. */
START_TEST (sine_phase_overflow)
{
  const double p53 = 9007199254740992.0;
  lif_input *in = NULL, *fast = NULL;
  lif_neuron *n = tst_neuron ();
  double v = NAN;
  ck_assert_ok (lif_input_new_sine (p53, p53, p53, p53, &in));
  ck_assert_ok (lif_input_eval (in, -DBL_MAX, &v));
  ck_assert (v >= 0.0 && v <= 2.0 * p53);
  ck_assert_ok (lif_input_eval (in, DBL_MAX, &v));
  ck_assert (v >= 0.0 && v <= 2.0 * p53);
  ck_assert_ok (lif_input_new_sine (0.5, 1.0, 1e10, 0.0, &fast));
  ck_assert_ok (lif_input_eval (fast, 1e300, &v));
  ck_assert (v >= -0.5 && v <= 1.5);
  /* Ordinary times keep their exact value. */
  ck_assert_ok (lif_input_eval (fast, 0.25e-10, &v));
  ck_assert_double_eq (
      v, 0.5 + sin (6.283185307179586476925286766559 * 1e10 * 0.25e-10));
  ck_assert_ok (lif_neuron_set_input (n, fast));
  tst_set (n, LIF_PARAM_T, 1e300);
  tst_set (n, LIF_PARAM_DT, 1e290);
  ck_assert_ok (lif_neuron_run (n, 1e292));
  lif_input_free (in);
  lif_input_free (fast);
  lif_neuron_free (n);
}
END_TEST

/* Finding 04 (by review; the fuzzer now checks that potential_after is
 * finite): with V = DBL_MAX and E_L = -DBL_MAX, V - u overflows, and
 * lif_neuron_potential_after gave NaN (inf * exp(-x) = inf * 0) for a long
 * duration and +inf for duration 0, with LIF_OK, although the answer is a
 * convex combination of two finite numbers. */
START_TEST (potential_after_extreme_state)
{
  lif_neuron *n = tst_neuron ();
  double v = 0.0;
  tst_set (n, LIF_PARAM_E_L, -DBL_MAX);
  tst_set (n, LIF_PARAM_V, DBL_MAX);
  ck_assert_ok (lif_neuron_potential_after (n, 0.0, 0.0, &v));
  ck_assert_double_eq (v, DBL_MAX);
  ck_assert_ok (lif_neuron_potential_after (n, 0.0, 1e6, &v));
  ck_assert_double_eq (v, -DBL_MAX);
  ck_assert_ok (lif_neuron_potential_after (n, 0.0, 10.0 * log (2.0), &v));
  ck_assert (isfinite (v) && fabs (v) < 1e-300 * DBL_MAX);
  /* Ordinary states keep the old expression, bit for bit. */
  tst_set (n, LIF_PARAM_E_L, -65.0);
  tst_set (n, LIF_PARAM_V, -70.0);
  ck_assert_ok (lif_neuron_potential_after (n, 1.0, 7.3, &v));
  ck_assert_double_eq (v, -55.0 + (-70.0 - -55.0) * exp (-7.3 / 10.0));
  lif_neuron_free (n);
}
END_TEST

/* Finding 05 (by a seed written to reach the table's overflow branch, which
 * the fuzzer had never entered): a linear table whose neighbouring times
 * are so far apart that x1 - x0 overflows gave theta = (t - x0) / inf = 0,
 * finite, so the fallback for overflow was skipped and the table returned
 * its left value everywhere between the two samples. */
START_TEST (table_span_overflow)
{
  const double times[] = { -DBL_MAX, DBL_MAX };
  const double values[] = { 1.0, -50.0 };
  lif_input *in = NULL;
  double v = 0.0;
  ck_assert_ok (
      lif_input_new_table (times, values, 2, LIF_INTERP_LINEAR, &in));
  ck_assert_ok (lif_input_eval (in, 0.0, &v));
  ck_assert_double_eq (v, -24.5);
  ck_assert_ok (lif_input_eval (in, DBL_MAX / 2.0, &v));
  ck_assert_double_eq (v, -37.25);
  ck_assert_ok (lif_input_eval (in, -DBL_MAX, &v));
  ck_assert_double_eq (v, 1.0);
  lif_input_free (in);
}
END_TEST

/* Finding 06: lif_input_new_sine accepted offset = amplitude = DBL_MAX,
 * whose values offset + amplitude sin(x) overflow: evaluation and runs then
 * failed with LIF_EINPUT on an input that had been accepted as valid. Such
 * a sine is now refused when it is made; one whose range is just
 * representable works everywhere. */
START_TEST (sine_range_overflow)
{
  lif_input *in = (lif_input *)&in;
  double v = 0.0;
  int k;
  ck_assert_status (lif_input_new_sine (DBL_MAX, DBL_MAX, 1e300, 0.0, &in),
                    LIF_EINVAL);
  ck_assert_status (lif_input_new_sine (-DBL_MAX, 1e300, 1.0, 0.0, &in),
                    LIF_EINVAL);
  ck_assert_ptr_eq (in, (lif_input *)&in);
  ck_assert_ok (
      lif_input_new_sine (DBL_MAX / 2.0, DBL_MAX / 2.0, 1e300, DBL_MAX, &in));
  for (k = 0; k < 50; k++)
    {
      ck_assert_ok (lif_input_eval (in, (double)k * 0.37, &v));
      ck_assert (isfinite (v));
    }
  lif_input_free (in);
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

/* Bit for bit: the same double, sign of zero and NaN payload included. */
static int
same_bits (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* Member 0 of a batch of one against a lone neuron: t, V and every spike,
 * bit for bit. */
static void
assert_member_is_neuron (const lif_batch *b, const lif_neuron *n,
                         const char *when)
{
  size_t count = 0, mine = 0, copied = 0, idx[64];
  double t = NAN, v = NAN, times[64], spikes[64];
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 0, &v));
  ck_assert_msg (same_bits (t, tst_get (n, LIF_PARAM_T)),
                 "%s: member at t = %a, lone neuron at %a", when, t,
                 tst_get (n, LIF_PARAM_T));
  ck_assert_msg (same_bits (v, tst_get (n, LIF_PARAM_V)),
                 "%s: member at V = %a, lone neuron at %a", when, v,
                 tst_get (n, LIF_PARAM_V));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_ok (lif_neuron_spike_count (n, &mine));
  ck_assert_uint_eq (count, mine);
  ck_assert_uint_le (count, 64);
  ck_assert_ok (lif_batch_copy_spikes (b, 0, idx, times, 64, &copied));
  ck_assert_ok (lif_neuron_copy_spikes (n, 0, spikes, 64, &copied));
  ck_assert (memcmp (times, spikes, count * sizeof *times) == 0);
}

/* Finding 09 (batch fuzzer, a member against its lone neuron):
 * lif_batch_set_timing() restarted the batch's clock at t0 + k dt, where
 * lif_neuron_set_timing() keeps t0 and the step count; the grid times
 * (t0 + k dt) + j dt and t0 + (k + j) dt then differ by rounding (after
 * seven steps of 0.1 the next step ended at 0x1.ccccccccccccep-1 instead of
 * 0x1.ccccccccccccdp-1), and with them the time runs end at and the grid
 * spike times. Switching the timing must leave the clock alone. */
START_TEST (batch_timing_switch_keeps_the_clock)
{
  lif_batch *b = NULL;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  static const int timings[2] = { LIF_TIMING_GRID, LIF_TIMING_PRECISE };
  int k, j;
  ck_assert_ok (lif_batch_new (1, &b));
  ck_assert_ok (lif_input_new_constant (2.0, &in)); /* fires every 7 ms */
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_run (b, 0.7));
  ck_assert_ok (lif_neuron_run (n, 0.7));
  for (j = 0; j < 2; j++)
    {
      ck_assert_ok (lif_batch_set_timing (b, timings[j]));
      ck_assert_ok (lif_neuron_set_timing (n, timings[j]));
      for (k = 0; k < 120; k++)
        {
          ck_assert_ok (lif_batch_step (b));
          ck_assert_ok (lif_neuron_step (n));
          assert_member_is_neuron (b, n, "a step after the switch");
        }
      ck_assert_ok (lif_batch_run (b, 20.0));
      ck_assert_ok (lif_neuron_run (n, 20.0));
      assert_member_is_neuron (b, n, "a run after the switch");
    }
  lif_neuron_free (n);
  lif_batch_free (b);
}
END_TEST

/* Finding 10 (batch fuzzer, a member against its lone neuron): where the
 * clock cannot tell a step's ends apart (t = DBL_MAX, or t = 1e17 with
 * dt = 0.1 where ulp(t) = 16), a step that would reach the threshold went
 * through the lane, which found no segment from a to b = a and skipped it:
 * a lone neuron under a constant input of 2 (u = -45) stayed just below
 * V_th for ever, while its plain steps had integrated dt each, and the
 * batch's inline grid step (a whole dt) fired. The lane now integrates such
 * a step over dt too: member and neuron fire, as at t = 0. */
START_TEST (batch_grid_crossing_on_a_frozen_clock)
{
  static const double starts[2] = { DBL_MAX, 1e17 };
  lif_batch *b = NULL;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  ck_assert_ok (lif_batch_new (1, &b));
  ck_assert_ok (lif_input_new_constant (2.0, &in));
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_set_timing (b, LIF_TIMING_GRID));
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, starts[_i]));
  tst_set (n, LIF_PARAM_T, starts[_i]);
  ck_assert_ok (lif_batch_run (b, 25.5));
  ck_assert_ok (lif_neuron_run (n, 25.5));
  assert_member_is_neuron (b, n, "a run on a frozen clock");
  ck_assert_ok (lif_batch_run (b, 100.0));
  ck_assert_ok (lif_neuron_run (n, 100.0));
  assert_member_is_neuron (b, n, "a longer run");
  /* V went as it goes at t = 0, spike for spike. */
  {
    lif_neuron *ref = tst_neuron ();
    size_t count = 0, mine = 0;
    ck_assert_ok (lif_input_new_constant (2.0, &in));
    ck_assert_ok (lif_neuron_set_input (ref, in));
    lif_input_free (in);
    ck_assert_ok (lif_neuron_set_timing (ref, LIF_TIMING_GRID));
    ck_assert_ok (lif_neuron_run (ref, 25.5));
    ck_assert_ok (lif_neuron_run (ref, 100.0));
    ck_assert_ok (lif_neuron_spike_count (ref, &count));
    ck_assert_ok (lif_neuron_spike_count (n, &mine));
    ck_assert_uint_gt (count, 5);
    ck_assert_uint_eq (mine, count);
    ck_assert (
        same_bits (tst_get (n, LIF_PARAM_V), tst_get (ref, LIF_PARAM_V)));
    lif_neuron_free (ref);
  }
  lif_neuron_free (n);
  lif_batch_free (b);
}
END_TEST

/* Finding 11 (batch fuzzer, the same cause as finding 10): on a clock that
 * cannot advance, a lone neuron under a drive that overflows (I_bias =
 * DBL_MAX) stopped with LIF_EDIVERGED, found before its stretch began, while
 * the batch sent the member to the lane, which skipped the step: LIF_OK.
 * With a callback input that returns NaN the lone neuron went on (its lane
 * skipped the step) while the batch stopped with LIF_EINPUT. Both now stop,
 * with the same status, leaving the state as it was. */
static double
nan_current (double t, void *user_data)
{
  (void)t;
  (void)user_data;
  return NAN;
}

START_TEST (batch_bad_drive_on_a_frozen_clock)
{
  lif_batch *b = NULL;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  const int expected = _i == 0 ? LIF_EDIVERGED : LIF_EINPUT;
  ck_assert_ok (lif_batch_new (1, &b));
  if (_i == 0)
    {
      ck_assert_ok (lif_input_new_constant (2.0, &in));
      ck_assert_ok (lif_batch_set (b, LIF_PARAM_I_BIAS, DBL_MAX));
      tst_set (n, LIF_PARAM_I_BIAS, DBL_MAX);
    }
  else
    ck_assert_ok (lif_input_new_callback (nan_current, NULL, &in));
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, -DBL_MAX));
  tst_set (n, LIF_PARAM_T, -DBL_MAX);
  ck_assert_status (lif_neuron_step (n), expected);
  ck_assert_status (lif_batch_step (b), expected);
  ck_assert_status (lif_neuron_run (n, 5.0), expected);
  ck_assert_status (lif_batch_run (b, 5.0), expected);
  assert_member_is_neuron (b, n, "after the refusals");
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), -65.0);
  lif_neuron_free (n);
  lif_batch_free (b);
}
END_TEST

/* Finding 13 (batch fuzzer): lif_batch_run_currents() of 0 steps returned
 * LIF_OK before any check, where lif_batch_run(b, 0) and a lone neuron's
 * lif_neuron_run_trace(n, 0, ...) refuse a dt beyond the stepper's
 * stability limit with LIF_EUNSTABLE. Every run checks it, however short. */
START_TEST (batch_zero_step_currents_check_stability)
{
  lif_batch *b = NULL;
  lif_neuron *n = tst_neuron ();
  double rows[1] = { 0.0 };
  ck_assert_ok (lif_batch_new (1, &b));
  ck_assert_ok (lif_batch_set_stepper (b, LIF_STEPPER_EULER));
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_EULER));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_TAU, 0.01)); /* dt / tau = 10 */
  tst_set (n, LIF_PARAM_TAU, 0.01);
  ck_assert_status (lif_neuron_run_trace (n, 0, NULL, NULL, NULL, NULL),
                    LIF_EUNSTABLE);
  ck_assert_status (lif_batch_run (b, 0.0), LIF_EUNSTABLE);
  ck_assert_status (lif_batch_run_currents (b, rows, 0), LIF_EUNSTABLE);
  ck_assert_status (lif_batch_run_currents (b, NULL, 0), LIF_EUNSTABLE);
  /* A stable batch: a run of no steps does nothing, successfully. */
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_TAU, 10.0));
  ck_assert_ok (lif_batch_run_currents (b, NULL, 0));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 0.0);
  lif_neuron_free (n);
  lif_batch_free (b);
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

Suite *
suite_regressions (void)
{
  Suite *s = suite_create ("regressions");
  TCase *tc = tcase_create ("fuzzer");
  tcase_add_test (tc, train_breakpoint_beyond_2p53_pulses);
  tcase_add_test (tc, copy_spikes_null_times_zero_capacity);
  tcase_add_test (tc, sine_phase_overflow);
  tcase_add_test (tc, potential_after_extreme_state);
  tcase_add_test (tc, table_span_overflow);
  tcase_add_test (tc, sine_range_overflow);
  tcase_add_loop_test (tc, partial_step_longer_than_dt, 0, N_STEPPERS);
  tcase_add_test (tc, batch_timing_switch_keeps_the_clock);
  tcase_add_loop_test (tc, batch_grid_crossing_on_a_frozen_clock, 0, 2);
  tcase_add_loop_test (tc, batch_bad_drive_on_a_frozen_clock, 0, 2);
  tcase_add_test (tc, batch_zero_step_currents_check_stability);
  tcase_add_test (tc, clock_product_overflow);
  suite_add_tcase (s, tc);
  return s;
}
