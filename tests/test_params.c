/* Parameters and state: defaults, the rules for setting them, and refusals
 * that change nothing. */
#include "tests.h"

#include <stdlib.h>
#include <string.h>

/* The documented default of each parameter, in lif.h's order. */
static const double defaults[] = { 10.0,  1.0, 10.0,  -65.0, -50.0, -65.0, 0.0,
                                   -65.0, 0.0, -65.0, 0.0,   0.1,   0.0 };

START_TEST (defaults_are_documented_ones)
{
  lif_neuron *n = tst_neuron ();
  int p, stepper = -1, timing = -1;
  size_t limit = 0;
  ck_assert_covers (defaults, tst_param_count (), "parameters");
  for (p = 0; p < tst_param_count (); p++)
    ck_assert_msg (tst_get (n, p) == defaults[p], "%s is %g",
                   lif_param_name (p), tst_get (n, p));
  ck_assert_ok (lif_neuron_get_stepper (n, &stepper));
  ck_assert_ok (lif_neuron_get_timing (n, &timing));
  ck_assert_ok (lif_neuron_get_spike_limit (n, &limit));
  ck_assert_int_eq (stepper, LIF_STEPPER_EXACT);
  ck_assert_int_eq (timing, LIF_TIMING_PRECISE);
  ck_assert_uint_eq (limit, 1000);
  lif_neuron_free (n);
}
END_TEST

/* Every parameter reads back exactly what was set (loop over params). */
START_TEST (set_then_get)
{
  static const double values[] = { 7.5,   0.3, 4.25,  -70.0, -40.0, -80.0, 2.0,
                                   -71.0, 0.5, -60.0, 12.5,  0.025, 1.5 };
  lif_neuron *n = tst_neuron ();
  int p = _i;
  ck_assert_covers (values, tst_param_count (), "parameters");
  tst_set (n, p, values[p]);
  ck_assert_double_eq (tst_get (n, p), values[p]);
  lif_neuron_free (n);
}
END_TEST

START_TEST (tau_is_r_times_c)
{
  lif_neuron *n = tst_neuron ();
  tst_set (n, LIF_PARAM_R, 20.0); /* C stays 1 */
  ck_assert_double_eq (tst_get (n, LIF_PARAM_TAU), 20.0);
  tst_set (n, LIF_PARAM_TAU, 5.0); /* R stays, C follows */
  ck_assert_double_eq (tst_get (n, LIF_PARAM_R), 20.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_C), 0.25);
  tst_set (n, LIF_PARAM_C, 2.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_TAU), 40.0);
  lif_neuron_free (n);
}
END_TEST

/* NaN and both infinities are refused for every parameter, with nothing
 * changed (loop over params). */
START_TEST (non_finite_refused)
{
  const double bad[3] = { NAN, INFINITY, -INFINITY };
  lif_neuron *n = tst_neuron ();
  tst_snapshot before, after;
  int i;
  tst_snapshot_take (n, &before);
  for (i = 0; i < 3; i++)
    {
      ck_assert_status (lif_neuron_set (n, _i, bad[i]), LIF_EINVAL);
      tst_snapshot_take (n, &after);
      tst_snapshot_same (&before, &after);
    }
  lif_neuron_free (n);
}
END_TEST

START_TEST (out_of_range_refused)
{
  static const struct
  {
    int param;
    double value;
    int status;
  } cases[] = {
    { LIF_PARAM_R, 0.0, LIF_EINVAL },
    { LIF_PARAM_R, -1.0, LIF_EINVAL },
    { LIF_PARAM_C, 0.0, LIF_EINVAL },
    { LIF_PARAM_C, -1e-300, LIF_EINVAL },
    { LIF_PARAM_TAU, 0.0, LIF_EINVAL },
    { LIF_PARAM_TAU, -5.0, LIF_EINVAL },
    { LIF_PARAM_DT, 0.0, LIF_EINVAL },
    { LIF_PARAM_DT, -0.1, LIF_EINVAL },
    { LIF_PARAM_T_REF, -1e-9, LIF_EINVAL },
    { LIF_PARAM_REF_LEFT, -1e-9, LIF_EINVAL },
    { LIF_PARAM_REF_LEFT, 1e308, LIF_EINVAL }, /* t + 1e308 overflows */
    { LIF_PARAM_V_TH, -65.0, LIF_ETHRESHOLD }, /* equal to V_reset */
    { LIF_PARAM_V_TH, -70.0, LIF_ETHRESHOLD },
    { LIF_PARAM_V_RESET, -50.0, LIF_ETHRESHOLD },
    { LIF_PARAM_V_RESET, 0.0, LIF_ETHRESHOLD },
    /* tau = R C must stay a positive finite number. */
    { LIF_PARAM_R, 1e308, LIF_EINVAL },    /* R C = 1e308 is fine ... */
    { LIF_PARAM_C, 4.9e-324, LIF_EINVAL }, /* R C underflows to 0 ... */
    { LIF_PARAM_TAU, 1e-323, LIF_EINVAL }, /* C = tau / R underflows */
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      lif_neuron *n = tst_neuron ();
      tst_snapshot before, after;
      if (cases[i].param == LIF_PARAM_R && cases[i].value == 1e308)
        tst_set (n, LIF_PARAM_C, 10.0); /* ... but not with C = 10 */
      if (cases[i].param == LIF_PARAM_C && cases[i].value == 4.9e-324)
        tst_set (n, LIF_PARAM_R, 0.1); /* ... with R = 0.1 */
      if (cases[i].param == LIF_PARAM_REF_LEFT && cases[i].value == 1e308)
        tst_set (n, LIF_PARAM_T, 1e308); /* the end would be infinite */
      tst_snapshot_take (n, &before);
      ck_assert_msg (lif_neuron_set (n, cases[i].param, cases[i].value)
                         == cases[i].status,
                     "setting %s to %g", lif_param_name (cases[i].param),
                     cases[i].value);
      tst_snapshot_take (n, &after);
      tst_snapshot_same (&before, &after);
      lif_neuron_free (n);
    }
}
END_TEST

START_TEST (bad_handles_and_enums)
{
  lif_neuron *n = tst_neuron ();
  double v = 1.0;
  int i = 0;
  size_t z = 0;
  ck_assert_status (lif_neuron_set (NULL, LIF_PARAM_R, 1.0), LIF_ENULL);
  ck_assert_status (lif_neuron_get (NULL, LIF_PARAM_R, &v), LIF_ENULL);
  ck_assert_status (lif_neuron_get (n, LIF_PARAM_R, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_set (n, -1, 1.0), LIF_EENUM);
  ck_assert_status (lif_neuron_set (n, tst_param_count (), 1.0), LIF_EENUM);
  ck_assert_status (lif_neuron_get (n, tst_param_count (), &v), LIF_EENUM);
  ck_assert_status (lif_neuron_get (n, -1, &v), LIF_EENUM);
  ck_assert_double_eq (v, 1.0); /* untouched by the refusals */
  ck_assert_status (lif_neuron_set_stepper (NULL, 0), LIF_ENULL);
  ck_assert_status (lif_neuron_set_stepper (n, tst_stepper_count ()),
                    LIF_EENUM);
  ck_assert_status (lif_neuron_set_stepper (n, -1), LIF_EENUM);
  ck_assert_status (lif_neuron_get_stepper (n, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_get_stepper (NULL, &i), LIF_ENULL);
  ck_assert_status (lif_neuron_set_timing (NULL, 0), LIF_ENULL);
  ck_assert_status (lif_neuron_set_timing (n, tst_timing_count ()), LIF_EENUM);
  ck_assert_status (lif_neuron_get_timing (n, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_get_timing (NULL, &i), LIF_ENULL);
  ck_assert_status (lif_neuron_set_spike_limit (NULL, 5), LIF_ENULL);
  ck_assert_status (lif_neuron_set_spike_limit (n, 0), LIF_EINVAL);
  ck_assert_status (lif_neuron_get_spike_limit (n, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_get_spike_limit (NULL, &z), LIF_ENULL);
  ck_assert_status (lif_neuron_new (NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_reset (NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_clone (NULL, &n), LIF_ENULL);
  ck_assert_status (lif_neuron_clone (n, NULL), LIF_ENULL);
  lif_neuron_free (NULL);
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_RK4));
  ck_assert_ok (lif_neuron_get_stepper (n, &i));
  ck_assert_int_eq (i, LIF_STEPPER_RK4);
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_neuron_get_timing (n, &i));
  ck_assert_int_eq (i, LIF_TIMING_GRID);
  ck_assert_ok (lif_neuron_set_spike_limit (n, 7));
  ck_assert_ok (lif_neuron_get_spike_limit (n, &z));
  ck_assert_uint_eq (z, 7);
  lif_neuron_free (n);
}
END_TEST

/* A threshold and a reset can move past each other in one call, and a
 * refused call changes nothing, not even the values before the bad one. */
START_TEST (set_many_is_all_or_nothing)
{
  static const int swap[] = { LIF_PARAM_V_TH, LIF_PARAM_V_RESET };
  static const double below[] = { -90.0, -100.0 };
  static const int three[] = { LIF_PARAM_R, LIF_PARAM_E_L, LIF_PARAM_DT };
  static const double bad_dt[] = { 3.0, -10.0, -1.0 };
  static const int bad_param[] = { LIF_PARAM_R, 99 };
  static const double two[] = { 3.0, 1.0 };
  static const double crossed[] = { -60.0, -55.0 };
  lif_neuron *n = tst_neuron ();
  tst_snapshot before, after;
  ck_assert_status (lif_neuron_set (n, LIF_PARAM_V_TH, -90.0), LIF_ETHRESHOLD);
  ck_assert_ok (lif_neuron_set_many (n, swap, below, 2));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V_TH), -90.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V_RESET), -100.0);
  tst_snapshot_take (n, &before);
  ck_assert_status (lif_neuron_set_many (n, three, bad_dt, 3), LIF_EINVAL);
  ck_assert_status (lif_neuron_set_many (n, bad_param, two, 2), LIF_EENUM);
  ck_assert_status (lif_neuron_set_many (n, swap, crossed, 2), LIF_ETHRESHOLD);
  ck_assert_status (lif_neuron_set_many (NULL, swap, below, 2), LIF_ENULL);
  ck_assert_status (lif_neuron_set_many (n, NULL, below, 2), LIF_ENULL);
  ck_assert_status (lif_neuron_set_many (n, swap, NULL, 2), LIF_ENULL);
  tst_snapshot_take (n, &after);
  tst_snapshot_same (&before, &after);
  ck_assert_ok (lif_neuron_set_many (n, NULL, NULL, 0));
  lif_neuron_free (n);
}
END_TEST

START_TEST (reset_keeps_parameters)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  size_t count = 1;
  tst_set (n, LIF_PARAM_V_0, -60.0);
  tst_set (n, LIF_PARAM_T_REF, 1.0);
  ck_assert_ok (lif_input_new_constant (3.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (n, 50.0));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_gt (count, 0);
  ck_assert_ok (lif_neuron_reset (n));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 0.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), -60.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T_REF), 1.0);
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_eq (count, 0);
  /* The input stayed: the neuron fires again, the same way. */
  ck_assert_ok (lif_neuron_run (n, 50.0));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_gt (count, 0);
  lif_neuron_free (n);
}
END_TEST

/* A clone is independent: running one leaves the other as it was, and both
 * go on identically from the same state. */
START_TEST (clone_is_independent)
{
  lif_neuron *a = tst_neuron (), *b = NULL;
  lif_input *in = NULL;
  tst_snapshot sa, sb;
  double *ta, *tb;
  size_t na, nb, i;
  ck_assert_ok (lif_input_new_sine (2.0, 1.0, 0.05, 0.0, &in));
  ck_assert_ok (lif_neuron_set_input (a, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (a, 40.0));
  ck_assert_ok (lif_neuron_clone (a, &b));
  tst_snapshot_take (a, &sa);
  tst_snapshot_take (b, &sb);
  tst_snapshot_same (&sa, &sb);
  tst_set (b, LIF_PARAM_V_TH, -40.0);
  ck_assert_double_eq (tst_get (a, LIF_PARAM_V_TH), -50.0);
  tst_set (b, LIF_PARAM_V_TH, -50.0);
  ck_assert_ok (lif_neuron_run (a, 60.0));
  ck_assert_ok (lif_neuron_run (b, 60.0));
  ta = tst_spikes (a, &na);
  tb = tst_spikes (b, &nb);
  ck_assert_uint_eq (na, nb);
  ck_assert_uint_gt (na, 3);
  for (i = 0; i < na; i++)
    ck_assert_double_eq (ta[i], tb[i]);
  free (ta);
  free (tb);
  lif_neuron_free (a);
  ck_assert_ok (lif_neuron_run (b, 10.0)); /* its input outlives a */
  lif_neuron_free (b);
}
END_TEST

/* Setting t moves the clock and a refractory period keeps its remaining
 * length; setting dt keeps the time. */
START_TEST (clock_and_dt)
{
  lif_neuron *n = tst_neuron ();
  double left = 0.0;
  tst_set (n, LIF_PARAM_T, 100.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 100.0);
  ck_assert_ok (lif_neuron_run (n, 1.0));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 101.0);
  tst_set (n, LIF_PARAM_DT, 0.3);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 101.0);
  ck_assert_ok (lif_neuron_run (n, 3.0));
  ck_assert (tst_close (tst_get (n, LIF_PARAM_T), 104.0, 1e-15));
  /* Fire once with a long refractory period, then move the clock. */
  tst_set (n, LIF_PARAM_T_REF, 5.0);
  tst_set (n, LIF_PARAM_V, -49.0);
  ck_assert_ok (lif_neuron_step (n)); /* spikes at the step's start */
  ck_assert_ok (lif_neuron_time_to_spike (n, 0.0, &left));
  ck_assert (isinf (left)); /* no current: never again */
  /* 4.7 of the 5 refractory ms are left after the 0.3 ms step; they stay
   * left when the clock moves. */
  tst_set (n, LIF_PARAM_T, 0.0);
  ck_assert_ok (lif_neuron_time_to_spike (n, 100.0, &left));
  ck_assert_msg (tst_close (left, 4.7 + 10.0 * log1p (15.0 / 985.0), 1e-12),
                 "left %.17g", left);
  lif_neuron_free (n);
}
END_TEST

/* LIF_PARAM_REF_LEFT after a spike at a known time t_s with t_ref = 2: the
 * closed form 2 - (t - t_s) while the period lasts (in grid timing exactly
 * the 20 - k steps left times dt, k steps after the spike), with V held at
 * V_reset; then 0 and V free (loop over timings). */
START_TEST (ref_left_after_a_spike)
{
  const int timing = _i;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double t_spike = NAN, t;
  size_t count = 0, copied = 0;
  int k;
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_T_REF, 2.0);
  ck_assert_ok (lif_input_new_constant (3.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  while (count == 0)
    {
      ck_assert_double_eq (tst_get (n, LIF_PARAM_REF_LEFT), 0.0);
      ck_assert_ok (lif_neuron_step (n));
      ck_assert_ok (lif_neuron_spike_count (n, &count));
    }
  ck_assert_ok (lif_neuron_copy_spikes (n, 0, &t_spike, 1, &copied));
  for (k = 0; tst_get (n, LIF_PARAM_REF_LEFT) > 0.0; k++)
    {
      double left = tst_get (n, LIF_PARAM_REF_LEFT);
      t = tst_get (n, LIF_PARAM_T);
      ck_assert_int_lt (k, 21);
      ck_assert_msg (tst_close (left, 2.0 - (t - t_spike), 1e-12),
                     "%s, t = %.17g: ref_left %.17g, not %.17g",
                     lif_timing_name (timing), t, left, 2.0 - (t - t_spike));
      if (timing == LIF_TIMING_GRID)
        ck_assert_double_eq (left, (20 - k) * 0.1);
      ck_assert_double_eq (tst_get (n, LIF_PARAM_V), -65.0);
      ck_assert_ok (lif_neuron_step (n));
    }
  /* The period lasted t_ref, and ended within the last step. */
  t = tst_get (n, LIF_PARAM_T);
  ck_assert_double_ge (t - t_spike, 2.0 - 1e-9);
  ck_assert_double_lt (t - t_spike, 2.1 - 1e-9);
  ck_assert_ok (lif_neuron_step (n));
  ck_assert_double_gt (tst_get (n, LIF_PARAM_V), -65.0);
  lif_input_free (in);
  lif_neuron_free (n);
}
END_TEST

/* Setting LIF_PARAM_REF_LEFT holds V for that long, in both timings; grid
 * timing rounds it up to whole steps, and 0 ends the period (loop over
 * timings). */
START_TEST (ref_left_set_holds_V)
{
  const int timing = _i;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  ck_assert_ok (lif_input_new_constant (3.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  tst_set (n, LIF_PARAM_V, -60.0);
  tst_set (n, LIF_PARAM_REF_LEFT, 1.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_REF_LEFT), 1.0);
  ck_assert_ok (lif_neuron_run (n, 0.9));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), -60.0);
  ck_assert (tst_close (tst_get (n, LIF_PARAM_REF_LEFT), 0.1, 1e-12));
  ck_assert_ok (lif_neuron_run (n, 0.2));
  ck_assert_double_gt (tst_get (n, LIF_PARAM_V), -60.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_REF_LEFT), 0.0);
  /* 0.25 is 2.5 steps of 0.1: grid timing holds 3. */
  tst_set (n, LIF_PARAM_REF_LEFT, 0.25);
  if (timing == LIF_TIMING_GRID)
    ck_assert_double_eq (tst_get (n, LIF_PARAM_REF_LEFT), 3 * 0.1);
  else
    ck_assert (tst_close (tst_get (n, LIF_PARAM_REF_LEFT), 0.25, 1e-12));
  tst_set (n, LIF_PARAM_REF_LEFT, 0.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_REF_LEFT), 0.0);
  {
    double before = tst_get (n, LIF_PARAM_V);
    ck_assert_ok (lif_neuron_step (n));
    ck_assert_double_gt (tst_get (n, LIF_PARAM_V), before);
  }
  lif_input_free (in);
  lif_neuron_free (n);
}
END_TEST

/* A batch sets and reads LIF_PARAM_REF_LEFT per member as lone neurons do,
 * bit for bit, and refuses a bad value with nothing changed (loop over
 * timings). */
START_TEST (batch_ref_left_per_member)
{
  const int timing = _i;
  const double left[3] = { 0.0, 0.5, 1.25 }, bad[3] = { 1.0, -1.0, 2.0 };
  double got[3], again[3];
  lif_batch *b = NULL;
  size_t i, bad_index = 99;
  ck_assert_ok (lif_batch_new (3, &b));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, 3.7));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_REF_LEFT, left, 3, NULL));
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_REF_LEFT, got, 3));
  for (i = 0; i < 3; i++)
    {
      lif_neuron *n = tst_neuron ();
      double one = NAN;
      ck_assert_ok (lif_neuron_set_timing (n, timing));
      tst_set (n, LIF_PARAM_T, 3.7);
      tst_set (n, LIF_PARAM_REF_LEFT, left[i]);
      ck_assert_ok (lif_batch_get (b, LIF_PARAM_REF_LEFT, i, &one));
      ck_assert_double_eq (one, got[i]);
      ck_assert (memcmp (&got[i], &(double){ tst_get (n, LIF_PARAM_REF_LEFT) },
                         sizeof (double))
                 == 0);
      lif_neuron_free (n);
    }
  ck_assert_status (
      lif_batch_set_array (b, LIF_PARAM_REF_LEFT, bad, 3, &bad_index),
      LIF_EINVAL);
  ck_assert_uint_eq (bad_index, 1);
  ck_assert_status (lif_batch_set (b, LIF_PARAM_REF_LEFT, NAN), LIF_EINVAL);
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_REF_LEFT, again, 3));
  ck_assert (memcmp (got, again, sizeof got) == 0);
  lif_batch_free (b);
}
END_TEST

/* Moving t keeps the refractory time left, to the clock's resolution at
 * the new time; a move that would lose all of it to rounding is refused
 * (found by the API fuzzer: ref_left 2^63, then t = 1.7e300 and back, read
 * 0), for a neuron, in set_many, and for a batch, in both timing modes. */
START_TEST (moving_t_never_drops_a_refractory_period)
{
  const int timing = _i;
  const int params[3] = { LIF_PARAM_REF_LEFT, LIF_PARAM_T, LIF_PARAM_T };
  const double values[3] = { 0x1p63, 1.7e300, 2.6e-6 };
  lif_neuron *n = tst_neuron ();
  lif_batch *b = NULL;
  double left = 0;
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_REF_LEFT, 2.0);
  ck_assert_status (lif_neuron_set (n, LIF_PARAM_T, 1e17), LIF_EINVAL);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 0.0);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_REF_LEFT), 2.0);
  /* Where the clock still resolves it, what is left moves with t. */
  tst_set (n, LIF_PARAM_T, 1e9);
  ck_assert (fabs (tst_get (n, LIF_PARAM_REF_LEFT) - 2.0) < 1e-6);
  tst_set (n, LIF_PARAM_T, 0.0);
  ck_assert_status (lif_neuron_set_many (n, params, values, 3), LIF_EINVAL);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), 0.0);
  /* Without a period under way, any finite t goes. */
  tst_set (n, LIF_PARAM_REF_LEFT, 0.0);
  tst_set (n, LIF_PARAM_T, 1.7e300);
  lif_neuron_free (n);

  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_REF_LEFT,
                                     (const double[]){ 0.0, 2.0 }, 2, NULL));
  ck_assert_status (lif_batch_set (b, LIF_PARAM_T, 1e17), LIF_EINVAL);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_REF_LEFT, 1, &left));
  ck_assert_double_eq (left, 2.0);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &left));
  ck_assert_double_eq (left, 0.0);
  lif_batch_free (b);
}
END_TEST

Suite *
suite_params (void)
{
  Suite *s = suite_create ("params");
  TCase *tc = tcase_create ("params");
  tcase_add_test (tc, defaults_are_documented_ones);
  tcase_add_loop_test (tc, set_then_get, 0, tst_param_count ());
  tcase_add_test (tc, tau_is_r_times_c);
  tcase_add_loop_test (tc, non_finite_refused, 0, tst_param_count ());
  tcase_add_test (tc, out_of_range_refused);
  tcase_add_test (tc, bad_handles_and_enums);
  tcase_add_test (tc, set_many_is_all_or_nothing);
  tcase_add_test (tc, reset_keeps_parameters);
  tcase_add_test (tc, clone_is_independent);
  tcase_add_test (tc, clock_and_dt);
  tcase_add_loop_test (tc, ref_left_after_a_spike, 0, tst_timing_count ());
  tcase_add_loop_test (tc, ref_left_set_holds_V, 0, tst_timing_count ());
  tcase_add_loop_test (tc, batch_ref_left_per_member, 0, tst_timing_count ());
  tcase_add_loop_test (tc, moving_t_never_drops_a_refractory_period, 0,
                       tst_timing_count ());
  suite_add_tcase (s, tc);
  return s;
}
