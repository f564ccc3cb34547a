/* Observed orders of convergence, fitted over dt halvings: spike times (grid
 * about 1 for every stepper; precise 1, 2, >= 3.5 for Euler, Heun, RK4) and
 * the subthreshold membrane potential (1, 2, 4, and 2 for the exact stepper
 * on smooth input). A stepper whose order drops fails here. */
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>

/* The two drives: piecewise constant with off-grid jumps (its reference is
 * the exact stepper with precise timing, exact up to rounding) and a sine
 * (its reference is RK4 at dt = 1e-5). */
enum drive
{
  PIECEWISE,
  SINE,
  N_DRIVES
};

static lif_input *
make_drive (enum drive which)
{
  static const double times[] = { 0.0, 13.37, 31.4159, 55.5 };
  static const double values[] = { 1.8, 3.1, 2.2, 4.0 };
  lif_input *in = NULL;
  if (which == PIECEWISE)
    ck_assert_ok (
        lif_input_new_table (times, values, 4, LIF_INTERP_STEP, &in));
  else
    ck_assert_ok (lif_input_new_sine (2.2, 1.2, 0.04, 0.0, &in));
  return in;
}

static lif_neuron *
drive_neuron (enum drive which, int stepper, int timing, double dt,
              double v_th)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = make_drive (which);
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_DT, dt);
  tst_set (n, LIF_PARAM_V_TH, v_th);
  tst_set (n, LIF_PARAM_T_REF, 1.0);
  return n;
}

#define DURATION 100.0
#define N_DT 5
#define N_SPIKES 6

/* The least-squares slope of log(err) against log(dt). */
static double
fitted_order (const double *dt, const double *err, int n)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int i;
  for (i = 0; i < n; i++)
    {
      double x = log (dt[i]), y = log (err[i]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

static double *
reference_spikes (enum drive which, size_t *count)
{
  lif_neuron *n = which == PIECEWISE
                      ? drive_neuron (which, LIF_STEPPER_EXACT,
                                      LIF_TIMING_PRECISE, 0.1, -50.0)
                      : drive_neuron (which, LIF_STEPPER_RK4,
                                      LIF_TIMING_PRECISE, 1e-5, -50.0);
  double *t;
  ck_assert_ok (lif_neuron_run (n, DURATION));
  t = tst_spikes (n, count);
  lif_neuron_free (n);
  return t;
}

/* The mean error of the first N_SPIKES spike times. */
static double
spike_error (enum drive which, int stepper, int timing, double dt,
             const double *ref, size_t nref)
{
  lif_neuron *n = drive_neuron (which, stepper, timing, dt, -50.0);
  double *t, sum = 0.0;
  size_t count, k;
  ck_assert_ok (lif_neuron_run (n, DURATION));
  t = tst_spikes (n, &count);
  ck_assert_uint_ge (count, N_SPIKES);
  ck_assert_uint_ge (nref, N_SPIKES);
  for (k = 0; k < N_SPIKES; k++)
    sum += fabs (t[k] - ref[k]);
  free (t);
  lif_neuron_free (n);
  return sum / N_SPIKES;
}

static double
spike_order (enum drive which, int stepper, int timing, double dt0)
{
  size_t nref;
  double *ref = reference_spikes (which, &nref);
  double dt[N_DT], err[N_DT], order;
  int i;
  for (i = 0; i < N_DT; i++)
    {
      dt[i] = dt0 / (double)(1 << i);
      err[i] = spike_error (which, stepper, timing, dt[i], ref, nref);
    }
  order = fitted_order (dt, err, N_DT);
  fprintf (stderr, "# spike times, %s drive, %s/%s: errors",
           which == PIECEWISE ? "piecewise" : "sine",
           lif_stepper_name (stepper), lif_timing_name (timing));
  for (i = 0; i < N_DT; i++)
    fprintf (stderr, " %.3g", err[i]);
  fprintf (stderr, ", order %.2f\n", order);
  free (ref);
  return order;
}

/* Grid timing is first order whatever the stepper (loop over steppers and
 * both drives). */
START_TEST (grid_spike_order)
{
  const int stepper = _i % tst_stepper_count ();
  double order
      = spike_order (_i / tst_stepper_count (), stepper, LIF_TIMING_GRID, 0.4);
  ck_assert_msg (order > 0.8 && order < 1.3, "%s: order %.3f",
                 lif_stepper_name (stepper), order);
}
END_TEST

/* Precise timing converges at the stepper's order (loop over both drives). */
START_TEST (precise_spike_order)
{
  enum drive which = _i;
  double euler
      = spike_order (which, LIF_STEPPER_EULER, LIF_TIMING_PRECISE, 0.4);
  double heun = spike_order (which, LIF_STEPPER_HEUN, LIF_TIMING_PRECISE, 0.4);
  double rk4 = spike_order (which, LIF_STEPPER_RK4, LIF_TIMING_PRECISE, 0.8);
  ck_assert_msg (euler > 0.85 && euler < 1.2, "euler %.3f", euler);
  ck_assert_msg (heun > 1.8 && heun < 2.3, "heun %.3f", heun);
  ck_assert_msg (rk4 >= 3.5 && rk4 < 4.6, "rk4 %.3f", rk4);
}
END_TEST

/* The subthreshold potential at t = 100 under the sine drive: orders 1, 2
 * and 4; the exact stepper integrates the sine in closed form, so it has
 * no order (EXACT): its V is the same at every dt to 1e-12 mV, and within
 * 1e-10 of the reference, RK4 at dt 1e-5, whose own rounding over 10^7
 * steps is some 4e-11 (tests/exact_inputs.c holds the exact stepper to a
 * few ulps of a 50-digit solution). */
#define EXACT (-1.0)
START_TEST (subthreshold_order)
{
  /* One order per stepper, in lif.h's order. */
  static const double expected[] = { 1.0, 2.0, 4.0, EXACT };
  const int stepper = _i;
  lif_neuron *ref
      = drive_neuron (SINE, LIF_STEPPER_RK4, LIF_TIMING_PRECISE, 1e-5, 1e6);
  double dt[N_DT], v[N_DT], err[N_DT], vref, order;
  int i;
  ck_assert_covers (expected, tst_stepper_count (), "steppers");
  ck_assert_ok (lif_neuron_run (ref, DURATION));
  vref = tst_get (ref, LIF_PARAM_V);
  for (i = 0; i < N_DT; i++)
    {
      lif_neuron *n;
      dt[i] = (stepper == LIF_STEPPER_RK4 ? 1.6 : 0.4) / (double)(1 << i);
      n = drive_neuron (SINE, stepper, LIF_TIMING_PRECISE, dt[i], 1e6);
      ck_assert_ok (lif_neuron_run (n, DURATION));
      v[i] = tst_get (n, LIF_PARAM_V);
      err[i] = fabs (v[i] - vref);
      lif_neuron_free (n);
    }
  order = fitted_order (dt, err, N_DT);
  fprintf (stderr, "# subthreshold V, sine drive, %s: errors",
           lif_stepper_name (stepper));
  for (i = 0; i < N_DT; i++)
    fprintf (stderr, " %.3g", err[i]);
  fprintf (stderr, ", order %.2f\n", order);
  if (expected[stepper] == EXACT)
    for (i = 0; i < N_DT; i++)
      {
        ck_assert_msg (err[i] < 1e-10, "%s: error %.3g at dt %g",
                       lif_stepper_name (stepper), err[i], dt[i]);
        ck_assert_msg (fabs (v[i] - v[0]) < 1e-12,
                       "%s: V at dt %g differs from V at dt %g by %.3g",
                       lif_stepper_name (stepper), dt[i], dt[0],
                       fabs (v[i] - v[0]));
      }
  else
    ck_assert_msg (fabs (order - expected[stepper]) < 0.15, "%s: order %.3f",
                   lif_stepper_name (stepper), order);
  lif_neuron_free (ref);
}
END_TEST

Suite *
suite_convergence (void)
{
  Suite *s = suite_create ("convergence");
  TCase *tc = tcase_create ("convergence");
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, grid_spike_order, 0,
                       N_DRIVES * tst_stepper_count ());
  tcase_add_loop_test (tc, precise_spike_order, 0, N_DRIVES);
  tcase_add_loop_test (tc, subthreshold_order, 0, tst_stepper_count ());
  suite_add_tcase (s, tc);
  return s;
}
