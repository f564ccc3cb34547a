/* The closed forms, against the formulas and against simulation. */
#include "tests.h"

#include "reference/siegert.h"

#include <float.h>
#include <stdlib.h>

START_TEST (rheobase_isi_rate)
{
  lif_neuron *n = tst_neuron ();
  double rh = 0.0, isi = 0.0, rate = -1.0;
  ck_assert_ok (lif_neuron_rheobase (n, &rh));
  ck_assert_double_eq (rh, 1.5); /* (-50 + 65) / 10 */
  ck_assert_ok (lif_neuron_isi (n, 1.5, &isi));
  ck_assert (isinf (isi) && isi > 0);
  ck_assert_ok (lif_neuron_rate (n, 1.0, &rate));
  ck_assert_double_eq (rate, 0.0);
  ck_assert_ok (lif_neuron_isi (n, 2.0, &isi));
  ck_assert (tst_close (isi, 10.0 * log (20.0 / 5.0), 1e-15));
  tst_set (n, LIF_PARAM_T_REF, 2.0);
  tst_set (n, LIF_PARAM_I_BIAS, 0.5);
  ck_assert_ok (lif_neuron_rheobase (n, &rh));
  ck_assert_double_eq (rh, 1.0);
  ck_assert_ok (lif_neuron_isi (n, 1.5, &isi)); /* total current 2.0 */
  ck_assert (tst_close (isi, 2.0 + 10.0 * log (4.0), 1e-15));
  ck_assert_ok (lif_neuron_rate (n, 1.5, &rate));
  ck_assert (tst_close (rate, 1.0 / isi, 1e-15));
  ck_assert_status (lif_neuron_isi (n, NAN, &isi), LIF_EINVAL);
  ck_assert_status (lif_neuron_isi (n, 1e308, &isi), LIF_EINVAL);
  ck_assert_status (lif_neuron_isi (NULL, 1.0, &isi), LIF_ENULL);
  ck_assert_status (lif_neuron_isi (n, 1.0, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_rate (n, INFINITY, &rate), LIF_EINVAL);
  ck_assert_status (lif_neuron_rate (NULL, 1.0, &rate), LIF_ENULL);
  ck_assert_status (lif_neuron_rate (n, 1.0, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_rheobase (NULL, &rh), LIF_ENULL);
  ck_assert_status (lif_neuron_rheobase (n, NULL), LIF_ENULL);
  lif_neuron_free (n);
}
END_TEST

/* time_to_spike from the present state predicts the next spike of the exact
 * stepper, including what is left of a refractory period (loop over the
 * timing modes). */
START_TEST (time_to_spike_predicts)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double left = 0.0, t0, *s;
  size_t count;
  ck_assert_ok (lif_neuron_set_timing (n, _i));
  tst_set (n, LIF_PARAM_T_REF, 3.0);
  tst_set (n, LIF_PARAM_DT, 0.5);
  ck_assert_ok (lif_input_new_constant (2.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (n, 15.0)); /* one spike at 13.86, refractory */
  ck_assert_ok (lif_neuron_time_to_spike (n, 2.0, &left));
  t0 = tst_get (n, LIF_PARAM_T);
  ck_assert_ok (lif_neuron_clear_spikes (n));
  ck_assert_ok (lif_neuron_run (n, 30.0));
  s = tst_spikes (n, &count);
  ck_assert_uint_ge (count, 1);
  if (_i == LIF_TIMING_PRECISE)
    ck_assert_msg (tst_close (t0 + left, s[0], 1e-12), "%.17g vs %.17g",
                   t0 + left, s[0]);
  else
    ck_assert (fabs (t0 + left - s[0]) <= 0.5); /* within a grid step */
  free (s);
  ck_assert_ok (lif_neuron_clear_input (n));
  ck_assert_ok (lif_neuron_run (n, 20.0)); /* out of refractoriness */
  tst_set (n, LIF_PARAM_V, -45.0);
  ck_assert_ok (lif_neuron_time_to_spike (n, -100.0, &left));
  ck_assert_double_eq (left, 0.0); /* already above threshold */
  tst_set (n, LIF_PARAM_V, -60.0);
  ck_assert_ok (lif_neuron_time_to_spike (n, 0.0, &left));
  ck_assert (isinf (left));
  ck_assert_status (lif_neuron_time_to_spike (n, NAN, &left), LIF_EINVAL);
  ck_assert_status (lif_neuron_time_to_spike (NULL, 1.0, &left), LIF_ENULL);
  ck_assert_status (lif_neuron_time_to_spike (n, 1.0, NULL), LIF_ENULL);
  lif_neuron_free (n);
}
END_TEST

START_TEST (potential_after_matches_run)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double v = 0.0;
  tst_set (n, LIF_PARAM_V, -70.0);
  ck_assert_ok (lif_neuron_potential_after (n, 1.0, 7.3, &v));
  ck_assert (tst_close (v, -55.0 - 15.0 * exp (-0.73), 1e-15));
  ck_assert_ok (lif_input_new_constant (1.0, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (n, 7.3));
  ck_assert (tst_close (tst_get (n, LIF_PARAM_V), v, 1e-13));
  ck_assert_ok (lif_neuron_potential_after (n, 1.0, 0.0, &v));
  ck_assert_double_eq (v, tst_get (n, LIF_PARAM_V));
  ck_assert_status (lif_neuron_potential_after (n, 1.0, -1.0, &v), LIF_EINVAL);
  ck_assert_status (lif_neuron_potential_after (n, 1.0, NAN, &v), LIF_EINVAL);
  ck_assert_status (lif_neuron_potential_after (n, NAN, 1.0, &v), LIF_EINVAL);
  ck_assert_status (lif_neuron_potential_after (NULL, 1.0, 1.0, &v),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_potential_after (n, 1.0, 1.0, NULL), LIF_ENULL);
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

/* The Siegert rate against its 40-digit evaluation
 * (tests/reference/siegert.py), NEST's reference case among them: each
 * case is a neuron with E_L = 0 and R = 1, so that the mean current is mu,
 * and sigma = s sqrt(tau). */
START_TEST (siegert_rate_matches_reference)
{
  const struct siegert_case *c = &siegert_cases[_i];
  lif_neuron *n = tst_neuron ();
  double rate = -1.0;
  tst_set (n, LIF_PARAM_E_L, 0.0);
  tst_set (n, LIF_PARAM_V_TH, c->theta);
  tst_set (n, LIF_PARAM_V_RESET, c->V_reset);
  tst_set (n, LIF_PARAM_R, 1.0);
  tst_set (n, LIF_PARAM_TAU, c->tau);
  tst_set (n, LIF_PARAM_T_REF, c->t_ref);
  ck_assert_ok (
      lif_neuron_siegert_rate (n, c->mu, c->sigma * sqrt (c->tau), &rate));
  ck_assert_msg (c->rate == 0.0 ? rate == 0.0
                                : fabs (rate / c->rate - 1.0) <= 1e-13,
                 "%s: %.17g, reference %.17g", c->what, rate, c->rate);
  if (c->cv >= 0.0)
    {
      double cv = -1.0;
      ck_assert_ok (
          lif_neuron_siegert_cv (n, c->mu, c->sigma * sqrt (c->tau), &cv));
      ck_assert_msg (fabs (cv / c->cv - 1.0) <= 1e-13,
                     "%s: CV %.17g, reference %.17g", c->what, cv, c->cv);
    }
  lif_neuron_free (n);
}
END_TEST

/* Without noise it is the deterministic rate; with little noise it tends
 * to it (above threshold), and more noise raises a subthreshold rate. Bad
 * arguments are refused. */
START_TEST (siegert_rate_limits_and_refusals)
{
  lif_neuron *n = tst_neuron ();
  double quiet = -1.0, rate = -1.0, more = -1.0;
  ck_assert_ok (lif_neuron_rate (n, 2.0, &quiet));
  ck_assert_ok (lif_neuron_siegert_rate (n, 2.0, 0.0, &rate));
  ck_assert_double_eq (rate, quiet);
  ck_assert_ok (lif_neuron_siegert_rate (n, 2.0, 1e-4, &rate));
  ck_assert_msg (fabs (rate / quiet - 1.0) < 1e-6, "%.17g vs %.17g", rate,
                 quiet);
  ck_assert_ok (lif_neuron_siegert_rate (n, 1.0, 0.1, &rate));
  ck_assert_ok (lif_neuron_siegert_rate (n, 1.0, 0.2, &more));
  ck_assert (rate > 0.0 && more > rate);
  ck_assert_status (lif_neuron_siegert_rate (NULL, 1.0, 0.1, &rate),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_siegert_rate (n, 1.0, 0.1, NULL), LIF_ENULL);
  rate = 42.0;
  ck_assert_status (lif_neuron_siegert_rate (n, NAN, 0.1, &rate), LIF_EINVAL);
  ck_assert_status (lif_neuron_siegert_rate (n, 1.0, -0.1, &rate), LIF_EINVAL);
  ck_assert_status (lif_neuron_siegert_rate (n, 1.0, INFINITY, &rate),
                    LIF_EINVAL);
  ck_assert_status (lif_neuron_siegert_rate (n, 1.0, DBL_MAX, &rate),
                    LIF_EINVAL);
  ck_assert_double_eq (rate, 42.0);
  /* The CV: 0 without noise, small for nearly regular firing, near 1 for
   * rare noise-driven spikes; refused where its integral overflows. */
  ck_assert_ok (lif_neuron_siegert_cv (n, 2.0, 0.0, &rate));
  ck_assert_double_eq (rate, 0.0);
  ck_assert_ok (lif_neuron_siegert_cv (n, 2.0, 1e-3, &rate));
  ck_assert (rate > 0.0 && rate < 1e-3);
  ck_assert_ok (lif_neuron_siegert_cv (n, 0.0, 0.5, &rate));
  ck_assert_msg (fabs (rate - 1.0) < 0.01, "CV %.17g", rate);
  rate = 42.0;
  ck_assert_status (lif_neuron_siegert_cv (n, 0.0, 0.05, &rate),
                    LIF_EOVERFLOW);
  ck_assert_status (lif_neuron_siegert_cv (n, 1.0, -0.1, &rate), LIF_EINVAL);
  ck_assert_status (lif_neuron_siegert_cv (n, 1.0, 0.1, NULL), LIF_ENULL);
  ck_assert_double_eq (rate, 42.0);
  lif_neuron_free (n);
}
END_TEST

Suite *
suite_analytic (void)
{
  Suite *s = suite_create ("analytic");
  TCase *tc = tcase_create ("analytic");
  tcase_add_test (tc, rheobase_isi_rate);
  tcase_add_loop_test (tc, time_to_spike_predicts, 0, tst_timing_count ());
  tcase_add_test (tc, potential_after_matches_run);
  tcase_add_test (tc, potential_after_extreme_state);
  tcase_add_loop_test (tc, siegert_rate_matches_reference, 0,
                       (int)TST_COUNT (siegert_cases));
  tcase_add_test (tc, siegert_rate_limits_and_refusals);
  suite_add_tcase (s, tc);
  return s;
}
