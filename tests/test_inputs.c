/* Every kind of input: its values on both sides of its jumps, its
 * breakpoints, its refusals and its ownership rules; its values at times
 * and with parameters at the edges of the doubles; and sums built deep
 * and wide. */
#include "tests.h"

#include <float.h>
#include <stdlib.h>

static double
value_at (const lif_input *in, double t)
{
  double v = NAN;
  ck_assert_ok (lif_input_eval (in, t, &v));
  return v;
}

static double
breakpoint_after (const lif_input *in, double t)
{
  double b = NAN;
  ck_assert_ok (lif_input_next_breakpoint (in, t, &b));
  return b;
}

START_TEST (constant)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_constant (2.5, &in));
  ck_assert_double_eq (value_at (in, -1e9), 2.5);
  ck_assert_double_eq (value_at (in, 3.0), 2.5);
  ck_assert (isinf (breakpoint_after (in, 0.0)));
  lif_input_free (in);
  ck_assert_status (lif_input_new_constant (NAN, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_constant (INFINITY, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_constant (1.0, NULL), LIF_ENULL);
}
END_TEST

START_TEST (pulse)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_pulse (3.0, 10.0, 5.0, &in));
  ck_assert_double_eq (value_at (in, 9.999), 0.0);
  ck_assert_double_eq (value_at (in, 10.0), 3.0); /* right-continuous */
  ck_assert_double_eq (value_at (in, 14.999), 3.0);
  ck_assert_double_eq (value_at (in, 15.0), 0.0);
  ck_assert_double_eq (breakpoint_after (in, 0.0), 10.0);
  ck_assert_double_eq (breakpoint_after (in, 10.0), 15.0);
  ck_assert (isinf (breakpoint_after (in, 15.0)));
  lif_input_free (in);
  ck_assert_status (lif_input_new_pulse (NAN, 0, 1, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse (1, INFINITY, 1, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse (1, 0, -1, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse (1, 0, INFINITY, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse (1, 1e308, 1e308, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse (1, 0, 1, NULL), LIF_ENULL);
}
END_TEST

START_TEST (pulse_train)
{
  lif_input *in = NULL, *endless = NULL;
  double t, b;
  int k;
  /* Three pulses of width 2 every 5 ms from t = 1: [1,3) [6,8) [11,13). */
  ck_assert_ok (lif_input_new_pulse_train (4.0, 1.0, 2.0, 5.0, 3, &in));
  ck_assert_double_eq (value_at (in, 0.5), 0.0);
  ck_assert_double_eq (value_at (in, 1.0), 4.0);
  ck_assert_double_eq (value_at (in, 2.9), 4.0);
  ck_assert_double_eq (value_at (in, 3.0), 0.0);
  ck_assert_double_eq (value_at (in, 6.0), 4.0);
  ck_assert_double_eq (value_at (in, 12.0), 4.0);
  ck_assert_double_eq (value_at (in, 16.0), 0.0); /* no fourth pulse */
  {
    const double expected[] = { 1, 3, 6, 8, 11, 13 };
    for (k = 0, t = -5.0; k < 6; k++)
      {
        b = breakpoint_after (in, t);
        ck_assert_double_eq (b, expected[k]);
        t = b;
      }
    ck_assert (isinf (breakpoint_after (in, t)));
  }
  ck_assert_ok (lif_input_new_pulse_train (1.0, 0.0, 0.5, 1.0, 0, &endless));
  ck_assert_double_eq (value_at (endless, 1e6 + 0.25), 1.0);
  ck_assert_double_eq (value_at (endless, 1e6 + 0.75), 0.0);
  ck_assert_double_eq (breakpoint_after (endless, 1e6 + 0.1), 1e6 + 0.5);
  ck_assert_double_eq (breakpoint_after (endless, 1e6 + 0.5), 1e6 + 1.0);
  lif_input_free (in);
  lif_input_free (endless);
  ck_assert_status (lif_input_new_pulse_train (1, 0, 0, 1, 0, &in),
                    LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse_train (1, 0, 2, 1, 0, &in),
                    LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse_train (1, 0, 1, NAN, 0, &in),
                    LIF_EINVAL);
  ck_assert_status (lif_input_new_pulse_train (1, 0, 1, 2, 0, NULL),
                    LIF_ENULL);
}
END_TEST

START_TEST (sine)
{
  lif_input *in = NULL;
  const double pi = 3.14159265358979323846;
  double t;
  ck_assert_ok (lif_input_new_sine (1.0, 2.0, 0.1, 0.5, &in));
  for (t = -20.0; t < 20.0; t += 0.37)
    ck_assert (tst_close (value_at (in, t),
                          1.0 + 2.0 * sin (2 * pi * 0.1 * t + 0.5), 1e-15));
  ck_assert (isinf (breakpoint_after (in, 0.0)));
  lif_input_free (in);
  ck_assert_status (lif_input_new_sine (0, 1, -0.1, 0, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_sine (0, 1, 1e308, 0, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_sine (0, NAN, 1, 0, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_sine (0, 1, 1, 0, NULL), LIF_ENULL);
}
END_TEST

START_TEST (exp_decay)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_exp_decay (10.0, 4.0, 2.0, &in));
  ck_assert_double_eq (value_at (in, 1.999), 0.0);
  ck_assert_double_eq (value_at (in, 2.0), 10.0);
  ck_assert (tst_close (value_at (in, 6.0), 10.0 * exp (-1.0), 1e-15));
  ck_assert_double_eq (breakpoint_after (in, 0.0), 2.0);
  ck_assert (isinf (breakpoint_after (in, 2.0)));
  lif_input_free (in);
  ck_assert_status (lif_input_new_exp_decay (1, 0, 0, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_exp_decay (1, -1, 0, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_exp_decay (1, 1, NAN, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_exp_decay (1, 1, 0, NULL), LIF_ENULL);
}
END_TEST

START_TEST (table)
{
  double times[] = { 0.0, 1.0, 3.0 };
  double values[] = { 1.0, 5.0, -1.0 };
  lif_input *step = NULL, *lin = NULL;
  ck_assert_ok (
      lif_input_new_table (times, values, 3, LIF_INTERP_STEP, &step));
  ck_assert_ok (
      lif_input_new_table (times, values, 3, LIF_INTERP_LINEAR, &lin));
  /* The arrays were copied. */
  values[1] = 1000.0;
  times[2] = 1000.0;
  ck_assert_double_eq (value_at (step, -1.0), 1.0);
  ck_assert_double_eq (value_at (step, 0.5), 1.0);
  ck_assert_double_eq (value_at (step, 1.0), 5.0);
  ck_assert_double_eq (value_at (step, 2.999), 5.0);
  ck_assert_double_eq (value_at (step, 3.0), -1.0);
  ck_assert_double_eq (value_at (step, 99.0), -1.0);
  ck_assert_double_eq (value_at (lin, -1.0), 1.0);
  ck_assert_double_eq (value_at (lin, 0.5), 3.0);
  ck_assert_double_eq (value_at (lin, 2.0), 2.0);
  ck_assert_double_eq (value_at (lin, 99.0), -1.0);
  ck_assert_double_eq (breakpoint_after (step, -1.0), 0.0);
  ck_assert_double_eq (breakpoint_after (step, 0.0), 1.0);
  ck_assert_double_eq (breakpoint_after (lin, 1.5), 3.0);
  ck_assert (isinf (breakpoint_after (lin, 3.0)));
  lif_input_free (step);
  lif_input_free (lin);
}
END_TEST

START_TEST (table_refusals)
{
  const double t_ok[] = { 0.0, 1.0 }, v_ok[] = { 1.0, 2.0 };
  const double t_dup[] = { 0.0, 0.0 }, t_down[] = { 1.0, 0.0 };
  const double t_nan[] = { 0.0, NAN }, v_inf[] = { 1.0, INFINITY };
  lif_input *in = NULL;
  ck_assert_status (lif_input_new_table (NULL, v_ok, 2, 0, &in), LIF_ENULL);
  ck_assert_status (lif_input_new_table (t_ok, NULL, 2, 0, &in), LIF_ENULL);
  ck_assert_status (lif_input_new_table (t_ok, v_ok, 2, 0, NULL), LIF_ENULL);
  ck_assert_status (lif_input_new_table (t_ok, v_ok, 0, 0, &in), LIF_EINVAL);
  ck_assert_status (
      lif_input_new_table (t_ok, v_ok, 2, tst_interpolation_count (), &in),
      LIF_EENUM);
  ck_assert_status (lif_input_new_table (t_dup, v_ok, 2, 0, &in), LIF_EORDER);
  ck_assert_status (lif_input_new_table (t_down, v_ok, 2, 0, &in), LIF_EORDER);
  ck_assert_status (lif_input_new_table (t_nan, v_ok, 2, 0, &in), LIF_EINVAL);
  ck_assert_status (lif_input_new_table (t_ok, v_inf, 2, 1, &in), LIF_EINVAL);
  ck_assert_ptr_null (in);
}
END_TEST

START_TEST (sum)
{
  lif_input *a = NULL, *b = NULL, *ab = NULL, *nested = NULL, *terms[2];
  const double w[] = { 2.0, -0.5 };
  ck_assert_ok (lif_input_new_constant (1.0, &a));
  ck_assert_ok (lif_input_new_pulse (4.0, 5.0, 1.0, &b));
  terms[0] = a;
  terms[1] = b;
  ck_assert_ok (lif_input_new_sum (terms, w, 2, &ab));
  ck_assert_double_eq (value_at (ab, 0.0), 2.0);
  ck_assert_double_eq (value_at (ab, 5.5), 0.0);
  ck_assert_double_eq (breakpoint_after (ab, 0.0), 5.0);
  ck_assert_double_eq (breakpoint_after (ab, 5.0), 6.0);
  /* A sum of a sum and a term, weights all 1; the sum keeps its terms. */
  terms[0] = ab;
  terms[1] = b;
  ck_assert_ok (lif_input_new_sum (terms, NULL, 2, &nested));
  lif_input_free (a);
  lif_input_free (b);
  lif_input_free (ab);
  ck_assert_double_eq (value_at (nested, 0.0), 2.0);
  ck_assert_double_eq (value_at (nested, 5.5), 4.0);
  ck_assert_double_eq (breakpoint_after (nested, 5.0), 6.0);
  ck_assert_status (lif_input_new_sum (NULL, NULL, 1, &ab), LIF_ENULL);
  terms[1] = NULL;
  ck_assert_status (lif_input_new_sum (terms, NULL, 2, &ab), LIF_ENULL);
  terms[0] = terms[1] = nested;
  ck_assert_status (lif_input_new_sum (terms, NULL, 0, &ab), LIF_EINVAL);
  {
    const double bad[] = { 1.0, NAN };
    const double huge[] = { 1e300, 1e300 };
    ck_assert_status (lif_input_new_sum (terms, bad, 2, &ab), LIF_EINVAL);
    /* nested's weights times 1e300 would overflow when flattened */
    ck_assert_ok (lif_input_new_sum (terms, huge, 1, &ab));
    terms[0] = ab;
    ck_assert_status (lif_input_new_sum (terms, huge, 1, &a), LIF_EINVAL);
    lif_input_free (ab);
  }
  ck_assert_status (lif_input_new_sum (terms, NULL, 1, NULL), LIF_ENULL);
  lif_input_free (nested);
}
END_TEST

static double
ramp (double t, void *user_data)
{
  return *(double *)user_data * t;
}

static double
garbage (double t, void *user_data)
{
  (void)user_data;
  return t > 1.0 ? NAN : 0.0;
}

START_TEST (callback)
{
  double slope = 3.0, v = 7.0;
  lif_input *in = NULL, *bad = NULL;
  ck_assert_ok (lif_input_new_callback (ramp, &slope, &in));
  ck_assert_double_eq (value_at (in, 2.0), 6.0);
  ck_assert (isinf (breakpoint_after (in, 0.0)));
  ck_assert_ok (lif_input_new_callback (garbage, NULL, &bad));
  ck_assert_status (lif_input_eval (bad, 2.0, &v), LIF_EINPUT);
  ck_assert_double_eq (v, 7.0);
  ck_assert_status (lif_input_new_callback (NULL, NULL, &in), LIF_ENULL);
  ck_assert_status (lif_input_new_callback (ramp, NULL, NULL), LIF_ENULL);
  lif_input_free (in);
  lif_input_free (bad);
}
END_TEST

START_TEST (eval_refusals)
{
  lif_input *in = NULL;
  double v = 1.0;
  ck_assert_ok (lif_input_new_constant (1.0, &in));
  ck_assert_status (lif_input_eval (NULL, 0.0, &v), LIF_ENULL);
  ck_assert_status (lif_input_eval (in, 0.0, NULL), LIF_ENULL);
  ck_assert_status (lif_input_eval (in, NAN, &v), LIF_EINVAL);
  ck_assert_status (lif_input_eval (in, -INFINITY, &v), LIF_EINVAL);
  ck_assert_status (lif_input_next_breakpoint (NULL, 0.0, &v), LIF_ENULL);
  ck_assert_status (lif_input_next_breakpoint (in, 0.0, NULL), LIF_ENULL);
  ck_assert_status (lif_input_next_breakpoint (in, NAN, &v), LIF_EINVAL);
  ck_assert_double_eq (v, 1.0);
  lif_input_free (in);
  lif_input_free (NULL);
}
END_TEST

/* A neuron keeps its input alive after the caller has freed its handle, and
 * replacing or clearing the input releases it (ASan and valgrind watch). */
START_TEST (neuron_keeps_input)
{
  lif_neuron *n = tst_neuron ();
  lif_input *a = NULL, *b = NULL;
  size_t count = 0;
  ck_assert_ok (lif_input_new_constant (5.0, &a));
  ck_assert_ok (lif_neuron_set_input (n, a));
  ck_assert_ok (lif_neuron_set_input (n, a)); /* the same one again */
  lif_input_free (a);
  ck_assert_ok (lif_neuron_run (n, 20.0));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_uint_gt (count, 0);
  ck_assert_ok (lif_input_new_pulse (5.0, 100.0, 1.0, &b));
  ck_assert_ok (lif_neuron_set_input (n, b));
  ck_assert_ok (lif_neuron_clear_input (n));
  ck_assert_ok (lif_neuron_run (n, 20.0));
  lif_input_free (b);
  ck_assert_status (lif_neuron_set_input (n, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_set_input (NULL, b), LIF_ENULL);
  ck_assert_status (lif_neuron_clear_input (NULL), LIF_ENULL);
  lif_neuron_free (n);
}
END_TEST

/* ---- times and values at the edges of the doubles --------------------- */

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

/* ---- sums built deep and wide ------------------------------------------ */

/* A chain of 10^5 sums, each of the previous one: flattened, so it stays
 * one term deep, evaluates in one step and frees without recursion. */
START_TEST (sums_deep)
{
  lif_input *s = NULL, *next = NULL;
  double w = 0.5, v = 0.0;
  int k;
  ck_assert_ok (lif_input_new_constant (3.0, &s));
  for (k = 0; k < 100000; k++)
    {
      w = k % 2 ? 2.0 : 0.5;
      ck_assert_ok (lif_input_new_sum (&s, &w, 1, &next));
      lif_input_free (s);
      s = next;
    }
  ck_assert_ok (lif_input_eval (s, 1.0, &v));
  ck_assert_double_eq (v, 3.0); /* 0.5 and 2 alternate: exact */
  lif_input_free (s);
}
END_TEST

/* s = sum(s, s) doubles the flattened size each time: at 2^20 terms it
 * still works; the next doubling is refused with LIF_EOVERFLOW at once,
 * before anything is allocated, instead of exhausting memory. Finding 08
 * (by this test, written among the pathological cases): such a sum doubled
 * its memory without bound. */
START_TEST (sums_doubling_refused)
{
  lif_input *s = NULL, *next = NULL, *pair[2];
  double v = 0.0;
  int k;
  ck_assert_ok (lif_input_new_constant (1.0, &s));
  for (k = 1; k <= 20; k++)
    {
      pair[0] = pair[1] = s;
      ck_assert_ok (lif_input_new_sum (pair, NULL, 2, &next));
      lif_input_free (s);
      s = next;
    }
  ck_assert_ok (lif_input_eval (s, 0.0, &v));
  ck_assert_double_eq (v, 1048576.0);
  pair[0] = pair[1] = s;
  next = (lif_input *)&k;
  ck_assert_status (lif_input_new_sum (pair, NULL, 2, &next), LIF_EOVERFLOW);
  ck_assert_ptr_eq (next, (lif_input *)&k);
  /* One term too many is refused as well, whatever the weights. */
  {
    lif_input *c = NULL, *three[2];
    double w[2] = { NAN, 1.0 };
    ck_assert_ok (lif_input_new_constant (1.0, &c));
    three[0] = s;
    three[1] = c;
    ck_assert_status (lif_input_new_sum (three, w, 2, &next), LIF_EOVERFLOW);
    lif_input_free (c);
  }
  lif_input_free (s);
}
END_TEST

/* 1000 sums of 1000 distinct leaves each, summed: 10^6 terms, evaluated
 * right, run through a neuron, freed in any order. */
START_TEST (sums_wide)
{
  enum
  {
    W = 1000
  };
  lif_input **leaves = malloc (W * sizeof *leaves);
  lif_input **sums = malloc (W * sizeof *sums);
  lif_input *total = NULL;
  lif_neuron *n = tst_neuron ();
  double v = 0.0;
  int i, j;
  ck_assert (leaves && sums);
  for (i = 0; i < W; i++)
    ck_assert_ok (
        lif_input_new_pulse (1e-3, (double)(i % 10) * 0.1, 1.0, &leaves[i]));
  for (j = 0; j < W; j++)
    ck_assert_ok (lif_input_new_sum (leaves, NULL, W, &sums[j]));
  for (i = 0; i < W; i++)
    lif_input_free (leaves[i]);
  ck_assert_ok (lif_input_new_sum (sums, NULL, W, &total));
  for (j = W - 1; j >= 0; j--)
    lif_input_free (sums[j]);
  /* At t = 1.0 the pulses that started at 0.1 .. 0.9 are on, those from 0
   * have ended: 1000 sums x 900 x 1e-3. */
  ck_assert_ok (lif_input_eval (total, 1.0, &v));
  ck_assert_double_eq_tol (v, 900.0, 1e-6); /* 900000 rounded additions */
  ck_assert_ok (lif_neuron_set_input (n, total));
  lif_input_free (total);
  tst_set (n, LIF_PARAM_DT, 0.5);
  ck_assert_ok (lif_neuron_run (n, 3.0));
  ck_assert (isfinite (tst_get (n, LIF_PARAM_V)));
  lif_neuron_free (n);
  free (leaves);
  free (sums);
}
END_TEST

Suite *
suite_inputs (void)
{
  Suite *s = suite_create ("inputs");
  TCase *tc = tcase_create ("inputs");
  TCase *slow = tcase_create ("slow");
  tcase_add_test (tc, constant);
  tcase_add_test (tc, pulse);
  tcase_add_test (tc, pulse_train);
  tcase_add_test (tc, sine);
  tcase_add_test (tc, exp_decay);
  tcase_add_test (tc, table);
  tcase_add_test (tc, table_refusals);
  tcase_add_test (tc, sum);
  tcase_add_test (tc, callback);
  tcase_add_test (tc, eval_refusals);
  tcase_add_test (tc, neuron_keeps_input);
  tcase_add_test (tc, train_breakpoint_beyond_2p53_pulses);
  tcase_add_test (tc, table_span_overflow);
  tcase_add_test (tc, sine_range_overflow);
  tcase_add_test (tc, sums_deep);
  /* Each of these does 10^5 to 10^7 term evaluations; the phase overflow
   * takes 100 steps that each spend the crossing search's whole budget on
   * a sine whose argument needs fmod across a thousand binary orders (2.4 s
   * on an idle machine, near the default timeout). */
  tcase_set_timeout (slow, 60);
  tcase_add_test (slow, sine_phase_overflow);
  tcase_add_test (slow, sums_doubling_refused);
  tcase_add_test (slow, sums_wide);
  suite_add_tcase (s, tc);
  suite_add_tcase (s, slow);
  return s;
}
