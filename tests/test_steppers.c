/* Each stepper against its exact per-step map and the exact stepper against
 * the closed form, below threshold; stability limits; splitting at input
 * breakpoints. */
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
    default:
      return exp (-x);
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
 * any dt, over 100 ms. */
START_TEST (exact_matches_closed_form)
{
  static const double dts[] = { 1e-3, 0.01, 0.1, 1.0, 5.0 };
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

Suite *
suite_steppers (void)
{
  Suite *s = suite_create ("steppers");
  TCase *tc = tcase_create ("steppers");
  tcase_add_loop_test (tc, per_step_map, 0, N_STEPPERS);
  tcase_add_loop_test (tc, step_factor_rounds_once, LIF_STEPPER_EULER,
                       LIF_STEPPER_RK4 + 1);
  tcase_add_loop_test (tc, exact_matches_closed_form, 0, 5);
  tcase_add_test (tc, stability_limits);
  tcase_add_test (tc, exact_across_pulse_edges);
  suite_add_tcase (s, tc);
  return s;
}
