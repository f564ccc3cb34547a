/*
 * The one Check runner of liblif: it assembles one suite per area and reports
 * every test case as a TAP line on standard output, so that Automake's TAP
 * driver counts them one by one. The helpers of tests.h live here too.
 */
#include "tests.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

lif_neuron *
tst_neuron (void)
{
  lif_neuron *n = NULL;
  ck_assert_ok (lif_neuron_new (&n));
  ck_assert_ptr_nonnull (n);
  return n;
}

void
tst_set (lif_neuron *n, int param, double value)
{
  int rc = lif_neuron_set (n, param, value);
  ck_assert_msg (rc == LIF_OK, "setting %s to %g: %s", lif_param_name (param),
                 value, lif_strerror (rc));
}

double
tst_get (const lif_neuron *n, int param)
{
  double v = NAN;
  ck_assert_ok (lif_neuron_get (n, param, &v));
  return v;
}

double *
tst_spikes (const lif_neuron *n, size_t *count)
{
  size_t total = 0, copied = 0;
  double *times;
  ck_assert_ok (lif_neuron_spike_count (n, &total));
  times = malloc ((total ? total : 1) * sizeof *times);
  ck_assert_ptr_nonnull (times);
  ck_assert_ok (lif_neuron_copy_spikes (n, 0, times, total, &copied));
  ck_assert_uint_eq (copied, total);
  *count = total;
  return times;
}

static double
tst_wave (double t, void *level)
{
  return *(const double *)level * (0.8 + 0.6 * cos (0.3 * t));
}

/* The kinds of input of tst_input(), in its order: each makes one scaled
 * by *level, or none. */
static lif_input *
input_none (const double *level)
{
  (void)level;
  return NULL;
}

static lif_input *
input_constant (const double *level)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_constant (*level, &in));
  return in;
}

static lif_input *
input_pulse (const double *level)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_pulse (1.6 * *level, 3.33, 21.17, &in));
  return in;
}

static lif_input *
input_sine (const double *level)
{
  const double L = *level;
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_sine (0.8 * L, 0.8 * L, 0.05, 0.3, &in));
  return in;
}

static lif_input *
input_callback (const double *level)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_callback (tst_wave, (void *)level, &in));
  return in;
}

static lif_input *
input_train_and_sine (const double *level)
{
  const double L = *level;
  lif_input *in = NULL, *a = NULL, *b = NULL, *terms[2];
  ck_assert_ok (lif_input_new_pulse_train (0.8 * L, 1.01, 2.5, 6.1, 0, &a));
  ck_assert_ok (lif_input_new_sine (0.4 * L, 0.4 * L, 0.02, 0.0, &b));
  terms[0] = a;
  terms[1] = b;
  ck_assert_ok (lif_input_new_sum (terms, NULL, 2, &in));
  lif_input_free (a);
  lif_input_free (b);
  return in;
}

static lif_input *
input_table (const double *level)
{
  const double L = *level, times[] = { 0.0, 7.03, 19.9, 40.0 };
  const double values[] = { 0.0, 1.2 * L, 0.4 * L, 1.6 * L };
  lif_input *in = NULL;
  ck_assert_ok (
      lif_input_new_table (times, values, 4, LIF_INTERP_LINEAR, &in));
  return in;
}

static lif_input *(*const input_kinds[]) (const double *level)
    = { input_none,     input_constant,       input_pulse, input_sine,
        input_callback, input_train_and_sine, input_table };

int
tst_input_kind_count (void)
{
  return (int)TST_COUNT (input_kinds);
}

lif_input *
tst_input (int kind, const double *level)
{
  ck_assert_msg (kind >= 0 && kind < tst_input_kind_count (),
                 "no input kind %d", kind);
  return input_kinds[kind](level);
}

lif_neuron *
tst_notebook_neuron (void)
{
  static const int params[]
      = { LIF_PARAM_E_L, LIF_PARAM_V_TH, LIF_PARAM_V_RESET, LIF_PARAM_V_0,
          LIF_PARAM_V,   LIF_PARAM_R,    LIF_PARAM_C };
  static const double values[] = { 0.0, 5.0, 0.4, 0.4, 0.4, 6.4, 0.9 };
  lif_neuron *n = tst_neuron ();
  ck_assert_ok (lif_neuron_set_many (n, params, values, 7));
  return n;
}

void
tst_snapshot_take (const lif_neuron *n, tst_snapshot *s)
{
  size_t copied = 0;
  int p;
  memset (s, 0, sizeof *s);
  ck_assert_int_le (tst_param_count (), TST_MAX_PARAMS);
  for (p = 0; p < tst_param_count (); p++)
    ck_assert_ok (lif_neuron_get (n, p, &s->params[p]));
  ck_assert_ok (lif_neuron_get_stepper (n, &s->stepper));
  ck_assert_ok (lif_neuron_get_timing (n, &s->timing));
  ck_assert_ok (lif_neuron_get_spike_limit (n, &s->spike_limit));
  ck_assert_ok (lif_neuron_spike_count (n, &s->spike_count));
  if (s->spike_count > 0)
    ck_assert_ok (lif_neuron_copy_spikes (n, s->spike_count - 1,
                                          &s->last_spike, 1, &copied));
}

void
tst_snapshot_same (const tst_snapshot *a, const tst_snapshot *b)
{
  int p;
  for (p = 0; p < tst_param_count (); p++)
    ck_assert_msg (memcmp (&a->params[p], &b->params[p], sizeof (double)) == 0,
                   "%s changed from %.17g to %.17g", lif_param_name (p),
                   a->params[p], b->params[p]);
  ck_assert_int_eq (a->stepper, b->stepper);
  ck_assert_int_eq (a->timing, b->timing);
  ck_assert_uint_eq (a->spike_limit, b->spike_limit);
  ck_assert_uint_eq (a->spike_count, b->spike_count);
  ck_assert (memcmp (&a->last_spike, &b->last_spike, sizeof (double)) == 0);
}

int
tst_close (double a, double b, double tol)
{
  return fabs (a - b) <= tol * fmax (1.0, fabs (b));
}

int
main (void)
{
  SRunner *sr = srunner_create (suite_version ());
  int failed;
  srunner_add_suite (sr, suite_errors ());
  srunner_add_suite (sr, suite_params ());
  srunner_add_suite (sr, suite_inputs ());
  srunner_add_suite (sr, suite_steppers ());
  srunner_add_suite (sr, suite_spikes ());
  srunner_add_suite (sr, suite_run ());
  srunner_add_suite (sr, suite_convergence ());
  srunner_add_suite (sr, suite_analytic ());
  srunner_add_suite (sr, suite_batch ());
  srunner_add_suite (sr, suite_embedding ());
  srunner_add_suite (sr, suite_checkpoint ());
  srunner_add_suite (sr, suite_monitor ());
  srunner_add_suite (sr, suite_noise ());
  srunner_add_suite (sr, suite_events ());
  srunner_set_tap (sr, "-");
  srunner_run_all (sr, CK_SILENT);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
