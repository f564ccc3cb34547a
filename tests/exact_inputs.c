/*
 * The exact stepper under every built-in input that varies between its
 * breakpoints (TAP): V after one step, and after whole runs, against the
 * membrane equation's solution integrated by quadrature in 50 digits
 * (tests/reference/exact_inputs.h, from tests/reference/exact_inputs.py),
 * through the public API, as a user would run it:
 *
 *  - a sine, a linear table (steps inside a piece and across a knot), a
 *    sum of a sine, an exponential decay, a table and a pulse, and
 *    exponential decays of time constants equal to the membrane's, 1e-11
 *    relative either side of it, and far from it; steps from 1e-3 to 10 ms;
 *  - runs of up to 10,000 steps, where the errors of the steps add up.
 *
 * The bounds are in units of the last place of the reference (ulp):
 * lib/input_mean.c's closed forms are written to keep their digits where
 * the obvious forms cancel (short steps, tau_in near tau).
 */
#include "reference/exact_inputs.h"
#include "tap.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define STEP_ULPS 8.0
#define RUN_ULPS 64.0

static const double table_times[] = { 0, 5, 20, 50 };
static const double table_values[] = { 0, 3, -1, 2 };

/* The input the reference calls `name` (exact_inputs.py builds the same). */
static lif_input *
input_named (const char *name, double tau_in)
{
  lif_input *in = NULL, *terms[4];
  const double weights[4] = { 1.0, 0.5, -1.0, 1.0 };
  size_t i;
  if (strcmp (name, "sine") == 0)
    must (lif_input_new_sine (1.6, 1.0, 1.0 / 37.0, 0.3, &in), "sine");
  else if (strcmp (name, "table") == 0)
    must (lif_input_new_table (table_times, table_values, 4, LIF_INTERP_LINEAR,
                               &in),
          "table");
  else if (strcmp (name, "exp_decay") == 0)
    must (lif_input_new_exp_decay (2.5, tau_in, 0.0, &in), "exp_decay");
  else
    {
      must (lif_input_new_sine (1.6, 1.0, 1.0 / 37.0, 0.3, &terms[0]), "sine");
      must (lif_input_new_exp_decay (2.0, 3.0, 1.0, &terms[1]), "exp_decay");
      must (lif_input_new_table (table_times, table_values, 4,
                                 LIF_INTERP_LINEAR, &terms[2]),
            "table");
      must (lif_input_new_pulse (0.8, 21.3, 0.6, &terms[3]), "pulse");
      must (lif_input_new_sum (terms, weights, 4, &in), "sum");
      for (i = 0; i < 4; i++)
        lif_input_free (terms[i]);
    }
  return in;
}

/* The usual neuron with I_bias 0.5, a threshold it never reaches, the
 * exact stepper in the given timing mode, and the input. */
static lif_neuron *
neuron_with (lif_input *in, int timing, double dt, double t0, double v0)
{
  lif_neuron *n;
  must (lif_neuron_new (&n), "neuron");
  must (lif_neuron_set_stepper (n, LIF_STEPPER_EXACT), "stepper");
  must (lif_neuron_set_timing (n, timing), "timing");
  must (lif_neuron_set (n, LIF_PARAM_V_TH, 1e6), "V_th");
  must (lif_neuron_set (n, LIF_PARAM_I_BIAS, 0.5), "I_bias");
  must (lif_neuron_set (n, LIF_PARAM_DT, dt), "dt");
  must (lif_neuron_set (n, LIF_PARAM_T, t0), "t");
  must (lif_neuron_set (n, LIF_PARAM_V, v0), "V");
  must (lif_neuron_set_input (n, in), "input");
  return n;
}

/* |v - ref| in units of ref's last place. */
static double
ulps (double v, double ref)
{
  int e;
  frexp (ref, &e);
  return fabs (v - ref) / ldexp (DBL_EPSILON / 2.0, e);
}

int
main (void)
{
  char what[240];
  size_t i;
  int timing;
  for (i = 0; i < sizeof exact_step_cases / sizeof exact_step_cases[0]; i++)
    for (timing = 0; timing < 2; timing++)
      {
        const struct exact_step_case *r = &exact_step_cases[i];
        lif_input *in = input_named (r->input, r->tau_in);
        lif_neuron *n
            = neuron_with (in, timing ? LIF_TIMING_PRECISE : LIF_TIMING_GRID,
                           r->h, r->t0, r->v0);
        double v, e;
        must (lif_neuron_step (n), "step");
        must (lif_neuron_get (n, LIF_PARAM_V, &v), "V");
        e = ulps (v, r->v1);
        snprintf (what, sizeof what,
                  "%s (tau_in %.12g), %s, a step of %g from t %g: V within "
                  "%.3g ulp of the solution (bound %g)",
                  r->input, r->tau_in, timing ? "precise" : "grid", r->h,
                  r->t0, e, STEP_ULPS);
        tap (e <= STEP_ULPS, what);
        lif_neuron_free (n);
        lif_input_free (in);
      }
  for (i = 0; i < sizeof exact_run_cases / sizeof exact_run_cases[0]; i++)
    {
      const struct exact_run_case *r = &exact_run_cases[i];
      lif_input *in = input_named (r->input, r->tau_in);
      lif_neuron *n = neuron_with (in, LIF_TIMING_PRECISE, r->dt, 0.0, -65.0);
      double v, e;
      must (lif_neuron_run (n, r->dt * (double)r->steps), "run");
      must (lif_neuron_get (n, LIF_PARAM_V, &v), "V");
      e = ulps (v, r->v_end);
      snprintf (what, sizeof what,
                "%s (tau_in %g), %ld steps of %g: V within %.3g ulp of the "
                "solution (bound %g)",
                r->input, r->tau_in, r->steps, r->dt, e, RUN_ULPS);
      tap (e <= RUN_ULPS, what);
      lif_neuron_free (n);
      lif_input_free (in);
    }
  printf ("1..%d\n", test_number);
  return failures != 0;
}
