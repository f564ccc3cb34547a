/* Batches: every member computes what a lone neuron computes, bit for bit,
 * whatever the stepper, timing, input and number of threads; refusals change
 * nothing; errors keep every spike before them. */
#include "tests.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#define MEMBERS 37

/* The level of the shared inputs; members add their own bias. */
static const double level = 1.25;

/* The shared input of kind `which` (NULL for none). */
static lif_input *
shared_input (int which)
{
  return tst_input (which, &level);
}

/* Member i's parameters: every one differs from member to member. */
static void
member_params (size_t i, double values[9])
{
  double f = (double)i / MEMBERS;
  values[0] = 8.0 + 4.0 * f;    /* R */
  values[1] = 6.0 + 9.0 * f;    /* tau */
  values[2] = -66.0 + 3.0 * f;  /* E_L */
  values[3] = -51.0 + 2.0 * f;  /* V_th */
  values[4] = -67.0 + 4.0 * f;  /* V_reset */
  values[5] = (i % 4) * 0.7;    /* t_ref: 0, 0.7, 1.4, 2.1 */
  values[6] = -70.0 + 15.0 * f; /* V_0 */
  values[7] = 0.4 + 1.8 * f;    /* I_bias */
  values[8] = -70.0 + 15.0 * f; /* V */
}

static const int param_ids[9]
    = { LIF_PARAM_R,    LIF_PARAM_TAU,     LIF_PARAM_E_L,
        LIF_PARAM_V_TH, LIF_PARAM_V_RESET, LIF_PARAM_T_REF,
        LIF_PARAM_V_0,  LIF_PARAM_I_BIAS,  LIF_PARAM_V };

static lif_batch *
make_batch (int stepper, int timing, lif_input *in, double dt)
{
  lif_batch *b = NULL;
  double columns[9][MEMBERS];
  const double *rows[9];
  size_t i, bad = 99;
  int p;
  ck_assert_ok (lif_batch_new (MEMBERS, &b));
  for (i = 0; i < MEMBERS; i++)
    {
      double v[9];
      member_params (i, v);
      for (p = 0; p < 9; p++)
        columns[p][i] = v[p];
    }
  for (p = 0; p < 9; p++)
    rows[p] = columns[p];
  ck_assert_ok (lif_batch_set_many (b, param_ids, rows, 9, MEMBERS, &bad));
  ck_assert_uint_eq (bad, 99);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, dt));
  ck_assert_ok (lif_batch_set_stepper (b, stepper));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  if (in)
    ck_assert_ok (lif_batch_set_input (b, in));
  return b;
}

static lif_neuron *
make_neuron (size_t i, int stepper, int timing, lif_input *in, double dt)
{
  lif_neuron *n = tst_neuron ();
  double v[9];
  member_params (i, v);
  ck_assert_ok (lif_neuron_set_many (n, param_ids, v, 9));
  tst_set (n, LIF_PARAM_DT, dt);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  if (in)
    ck_assert_ok (lif_neuron_set_input (n, in));
  return n;
}

/* Member i of the batch and neuron n agree bit for bit: V, t and spikes. */
static void
assert_member_is_neuron (const lif_batch *b, size_t i, const lif_neuron *n,
                         const char *what)
{
  size_t total = 0, copied = 0, k, j = 0, count;
  size_t *idx;
  double *times, *mine, v = NAN, t = NAN;
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, i, &v));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, i, &t));
  ck_assert_msg (memcmp (&v, &(double){ tst_get (n, LIF_PARAM_V) }, sizeof v)
                     == 0,
                 "%s: member %zu V %.17g, neuron %.17g", what, i, v,
                 tst_get (n, LIF_PARAM_V));
  ck_assert_double_eq (t, tst_get (n, LIF_PARAM_T));
  /* The refractory period too, as its time left. */
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_REF_LEFT, i, &v));
  ck_assert_msg (
      memcmp (&v, &(double){ tst_get (n, LIF_PARAM_REF_LEFT) }, sizeof v) == 0,
      "%s: member %zu ref_left %.17g, neuron %.17g", what, i, v,
      tst_get (n, LIF_PARAM_REF_LEFT));
  ck_assert_ok (lif_batch_spike_count (b, &total));
  idx = malloc ((total + 1) * sizeof *idx);
  times = malloc ((total + 1) * sizeof *times);
  ck_assert_ok (lif_batch_copy_spikes (b, 0, idx, times, total, &copied));
  ck_assert_uint_eq (copied, total);
  mine = tst_spikes (n, &count);
  for (k = 0; k < total; k++)
    if (idx[k] == i)
      {
        ck_assert_msg (j < count, "%s: member %zu has extra spikes", what, i);
        ck_assert_msg (times[k] == mine[j],
                       "%s: member %zu spike %zu at %.17g, neuron %.17g", what,
                       i, j, times[k], mine[j]);
        j++;
      }
  ck_assert_msg (j == count, "%s: member %zu has %zu spikes, neuron %zu", what,
                 i, j, count);
  free (idx);
  free (times);
  free (mine);
}

/* How many pairs of a stepper and a timing mode the loop tests run through,
 * the stepper varying fastest. */
static int
modes (void)
{
  return tst_stepper_count () * tst_timing_count ();
}

/* Every member of a batch under input in is the lone neuron with its
 * parameters, over runs that end inside a step and a single step. */
static void
check_members_are_neurons (int stepper, int timing, lif_input *in)
{
  const double dt = 0.25;
  lif_batch *b = make_batch (stepper, timing, in, dt);
  size_t i, counts[MEMBERS], total = 0;
  ck_assert_ok (lif_batch_run (b, 61.3)); /* not a multiple of dt */
  ck_assert_ok (lif_batch_step (b));
  ck_assert_ok (lif_batch_run (b, 20.0));
  ck_assert_ok (lif_batch_spike_counts (b, counts, MEMBERS));
  for (i = 0; i < MEMBERS; i++)
    {
      lif_neuron *n = make_neuron (i, stepper, timing, in, dt);
      ck_assert_ok (lif_neuron_run (n, 61.3));
      ck_assert_ok (lif_neuron_step (n));
      ck_assert_ok (lif_neuron_run (n, 20.0));
      assert_member_is_neuron (b, i, n, "shared input");
      total += counts[i];
      lif_neuron_free (n);
    }
  ck_assert_uint_gt (total, MEMBERS);
  lif_batch_free (b);
}

/* Loop over steppers x timings x shared inputs. */
START_TEST (members_are_neurons)
{
  const int stepper = _i % tst_stepper_count ();
  const int timing = (_i / tst_stepper_count ()) % tst_timing_count ();
  lif_input *in = shared_input (_i / modes ());
  check_members_are_neurons (stepper, timing, in);
  lif_input_free (in);
}
END_TEST

/* The same under an exponential decay whose onset lies inside a step,
 * alone and on a sine: inputs whose mean the exact stepper walks from
 * step to step, run member by member. Loop over steppers x timings x the
 * two inputs. */
START_TEST (members_are_neurons_under_a_decay)
{
  const int stepper = _i % tst_stepper_count ();
  const int timing = (_i / tst_stepper_count ()) % tst_timing_count ();
  lif_input *decay = NULL, *sine = NULL, *sum = NULL, *terms[2];
  ck_assert_ok (lif_input_new_exp_decay (3.0 * level, 30.0, 4.1, &decay));
  ck_assert_ok (
      lif_input_new_sine (0.2 * level, 0.5 * level, 0.04, 1.0, &sine));
  terms[0] = decay;
  terms[1] = sine;
  ck_assert_ok (lif_input_new_sum (terms, NULL, 2, &sum));
  check_members_are_neurons (stepper, timing, _i / modes () ? sum : decay);
  lif_input_free (decay);
  lif_input_free (sine);
  lif_input_free (sum);
}
END_TEST

/* Per-step currents (an array, or a callback) are the same as a lone
 * neuron's step-table input added to the shared input. Loop over steppers x
 * timings x {no shared input, a pulse, a sine} x {array, callback}. */
#define STEPS 300

static const int currents_kinds[] = { 0, 2, 3 };
#define N_CURRENTS_KINDS ((int)TST_COUNT (currents_kinds))

struct currents
{
  double values[STEPS][MEMBERS];
  int64_t step;
};

static double
current_of (size_t k, size_t i)
{
  return 1.4 * sin (0.05 * (double)k + 0.3 * (double)i) + 0.9;
}

static void
fill_currents (double t, double dt, double *currents, size_t count,
               void *user_data)
{
  struct currents *c = user_data;
  size_t i;
  (void)t;
  (void)dt;
  ck_assert_uint_eq (count, MEMBERS);
  for (i = 0; i < count; i++)
    currents[i] = c->values[c->step][i];
  c->step++;
}

START_TEST (currents_are_tables)
{
  const int stepper = _i % tst_stepper_count ();
  const int timing = (_i / tst_stepper_count ()) % tst_timing_count ();
  const int kind = currents_kinds[(_i / modes ()) % N_CURRENTS_KINDS];
  const int by_callback = _i / (modes () * N_CURRENTS_KINDS);
  const double dt = 0.2;
  struct currents *c = malloc (sizeof *c);
  lif_input *in = shared_input (kind);
  lif_batch *b = make_batch (stepper, timing, in, dt);
  double times[STEPS], column[STEPS];
  size_t i, k;
  for (k = 0; k < STEPS; k++)
    {
      times[k] = (double)k * dt; /* the grid times, as liblif computes them */
      for (i = 0; i < MEMBERS; i++)
        c->values[k][i] = current_of (k, i);
    }
  c->step = 0;
  if (by_callback)
    {
      ck_assert_ok (lif_batch_set_current_callback (b, fill_currents, c));
      ck_assert_ok (lif_batch_run (b, STEPS * dt));
      ck_assert_int_eq (c->step, STEPS);
    }
  else
    ck_assert_ok (lif_batch_run_currents (b, &c->values[0][0], STEPS));
  for (i = 0; i < MEMBERS; i++)
    {
      lif_input *table = NULL, *sum = NULL, *terms[2];
      lif_neuron *n;
      for (k = 0; k < STEPS; k++)
        column[k] = c->values[k][i];
      ck_assert_ok (
          lif_input_new_table (times, column, STEPS, LIF_INTERP_STEP, &table));
      terms[0] = in ? in : table;
      terms[1] = table;
      if (in)
        ck_assert_ok (lif_input_new_sum (terms, NULL, 2, &sum));
      n = make_neuron (i, stepper, timing, sum ? sum : table, dt);
      ck_assert_ok (lif_neuron_run (n, STEPS * dt));
      assert_member_is_neuron (b, i, n, by_callback ? "callback" : "array");
      lif_neuron_free (n);
      lif_input_free (table);
      lif_input_free (sum);
    }
  lif_input_free (in);
  lif_batch_free (b);
  free (c);
}
END_TEST

/* The number of threads changes nothing, and spikes come out step by step,
 * in time order within a step. A large batch so several blocks run. */
START_TEST (threads_change_nothing)
{
  enum
  {
    N = 3000
  };
  lif_batch *one = NULL, *two = NULL;
  double *bias = malloc (N * sizeof *bias), *va = malloc (N * sizeof *va);
  double *vb = malloc (N * sizeof *vb), *ta, *tb;
  size_t *ia, *ib, i, count_a, count_b, copied;
  int threads = 0;
  for (i = 0; i < N; i++)
    bias[i] = 1.0 + 3.0 * (double)i / N;
  ck_assert_ok (lif_batch_new (N, &one));
  ck_assert_ok (lif_batch_new (N, &two));
  ck_assert_ok (lif_batch_set_threads (one, 1));
  ck_assert_ok (lif_batch_set_threads (two, 2));
  ck_assert_ok (lif_batch_get_threads (one, &threads));
  ck_assert_int_eq (threads, 1);
  ck_assert_ok (lif_batch_set_array (one, LIF_PARAM_I_BIAS, bias, N, NULL));
  ck_assert_ok (lif_batch_set_array (two, LIF_PARAM_I_BIAS, bias, N, NULL));
  ck_assert_ok (lif_batch_set (one, LIF_PARAM_T_REF, 1.0));
  ck_assert_ok (lif_batch_set (two, LIF_PARAM_T_REF, 1.0));
  ck_assert_ok (lif_batch_run (one, 300.0));
  ck_assert_ok (lif_batch_run (two, 300.0));
  ck_assert_ok (lif_batch_get_array (one, LIF_PARAM_V, va, N));
  ck_assert_ok (lif_batch_get_array (two, LIF_PARAM_V, vb, N));
  ck_assert (memcmp (va, vb, N * sizeof *va) == 0);
  ck_assert_ok (lif_batch_spike_count (one, &count_a));
  ck_assert_ok (lif_batch_spike_count (two, &count_b));
  ck_assert_uint_eq (count_a, count_b);
  ck_assert_uint_gt (count_a, N);
  ia = malloc (count_a * sizeof *ia);
  ib = malloc (count_a * sizeof *ib);
  ta = malloc (count_a * sizeof *ta);
  tb = malloc (count_a * sizeof *tb);
  ck_assert_ok (lif_batch_copy_spikes (one, 0, ia, ta, count_a, &copied));
  ck_assert_ok (lif_batch_copy_spikes (two, 0, ib, tb, count_a, &copied));
  ck_assert (memcmp (ia, ib, count_a * sizeof *ia) == 0);
  ck_assert (memcmp (ta, tb, count_a * sizeof *ta) == 0);
  for (i = 1; i < count_a; i++)
    {
      /* Steps of dt = 0.1 follow each other; inside a step, time order. */
      double step_prev = floor (ta[i - 1] / 0.1 - 1e-9);
      double step_here = floor (ta[i] / 0.1 - 1e-9);
      ck_assert (step_here >= step_prev);
      if (step_here == step_prev)
        ck_assert (ta[i] > ta[i - 1]
                   || (ta[i] == ta[i - 1] && ia[i] > ia[i - 1]));
    }
  free (bias);
  free (va);
  free (vb);
  free (ia);
  free (ib);
  free (ta);
  free (tb);
  lif_batch_free (one);
  lif_batch_free (two);
}
END_TEST

/* Refusals: bad arrays name their first bad element and change nothing. */
/* Many members firing in one step, in groups of four identical members
 * whose spikes tie: the store keeps (step, time, member) order, ties in
 * member order, whichever way a step's spikes are sorted (the bucket sort
 * for many, the merge sort for few). */
START_TEST (ties_keep_member_order)
{
  enum
  {
    N = 4000
  };
  lif_batch *b = NULL;
  double *bias = malloc (N * sizeof *bias), *t;
  size_t *idx, i, count, copied, ties = 0;
  for (i = 0; i < N; i++)
    bias[i] = 1.6 + 2.4 * (double)(i / 4) / (N / 4);
  ck_assert_ok (lif_batch_new (N, &b));
  ck_assert_ok (lif_batch_set_timing (b, LIF_TIMING_PRECISE));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, N, NULL));
  ck_assert_ok (lif_batch_run (b, 100.0));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_uint_gt (count, 10 * N);
  idx = malloc (count * sizeof *idx);
  t = malloc (count * sizeof *t);
  ck_assert_ok (lif_batch_copy_spikes (b, 0, idx, t, count, &copied));
  for (i = 1; i < count; i++)
    {
      ck_assert (t[i] > t[i - 1] || (t[i] == t[i - 1] && idx[i] > idx[i - 1]));
      ties += t[i] == t[i - 1];
    }
  ck_assert_uint_gt (ties, count / 2); /* the test saw ties */
  free (bias);
  free (idx);
  free (t);
  lif_batch_free (b);
}
END_TEST

START_TEST (refusals_change_nothing)
{
  lif_batch *b = NULL;
  double good[5] = { 1, 2, 3, 4, 5 }, bad_v[5] = { 1, 2, NAN, 4, INFINITY };
  double low_th[5] = { -50, -50, -50, -70, -50 }, got[5];
  const double *two[2];
  int params[2] = { LIF_PARAM_V_TH, LIF_PARAM_V_RESET };
  double th[5] = { -80, -80, -80, -80, -80 },
         rs[5] = { -90, -90, -90, -90, -70 };
  size_t bad = 77, n = 0;
  ck_assert_status (lif_batch_new (0, &b), LIF_EINVAL);
  ck_assert_status (lif_batch_new (5, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_new ((size_t)-1 / 2, &b), LIF_EOVERFLOW);
  ck_assert_ok (lif_batch_new (5, &b));
  ck_assert_ok (lif_batch_size (b, &n));
  ck_assert_uint_eq (n, 5);
  ck_assert_status (lif_batch_set_array (b, LIF_PARAM_R, bad_v, 5, &bad),
                    LIF_EINVAL);
  ck_assert_uint_eq (bad, 2);
  ck_assert_status (lif_batch_set_array (b, LIF_PARAM_V_TH, low_th, 5, &bad),
                    LIF_ETHRESHOLD);
  ck_assert_uint_eq (bad, 3);
  ck_assert_status (lif_batch_set_array (b, LIF_PARAM_R, good, 4, &bad),
                    LIF_EINVAL);
  ck_assert_status (lif_batch_set_array (b, LIF_PARAM_T, good, 5, &bad),
                    LIF_EENUM);
  ck_assert_status (lif_batch_set_array (b, 99, good, 5, &bad), LIF_EENUM);
  ck_assert_status (lif_batch_set_array (b, LIF_PARAM_R, NULL, 5, &bad),
                    LIF_ENULL);
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_R, got, 5));
  ck_assert_double_eq (got[0], 10.0);
  ck_assert_double_eq (got[4], 10.0);
  ck_assert_status (lif_batch_set (b, LIF_PARAM_V_TH, -70.0), LIF_ETHRESHOLD);
  ck_assert_status (lif_batch_set (b, LIF_PARAM_DT, 0.0), LIF_EINVAL);
  ck_assert_status (lif_batch_set (b, tst_param_count (), 1.0), LIF_EENUM);
  /* Thresholds and resets move together with set_many; the last member's
   * pair is crossed, so nothing moves. */
  two[0] = th;
  two[1] = rs;
  ck_assert_status (lif_batch_set_many (b, params, two, 2, 5, &bad),
                    LIF_ETHRESHOLD);
  ck_assert_uint_eq (bad, 4);
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_V_TH, got, 5));
  ck_assert_double_eq (got[0], -50.0);
  rs[4] = -90;
  ck_assert_ok (lif_batch_set_many (b, params, two, 2, 5, &bad));
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_V_TH, got, 5));
  ck_assert_double_eq (got[2], -80.0);
  ck_assert_status (lif_batch_get (b, LIF_PARAM_V, 5, got), LIF_EINVAL);
  ck_assert_status (lif_batch_get (b, 42, 0, got), LIF_EENUM);
  ck_assert_status (lif_batch_get (NULL, LIF_PARAM_V, 0, got), LIF_ENULL);
  ck_assert_status (lif_batch_get_array (b, LIF_PARAM_V, got, 3), LIF_EINVAL);
  ck_assert_status (lif_batch_set_stepper (b, 9), LIF_EENUM);
  ck_assert_status (lif_batch_set_timing (b, -1), LIF_EENUM);
  ck_assert_status (lif_batch_set_threads (b, -2), LIF_EINVAL);
  ck_assert_status (lif_batch_set_spike_limit (b, 0), LIF_EINVAL);
  ck_assert_status (lif_batch_set_input (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_run (b, NAN), LIF_EINVAL);
  ck_assert_status (lif_batch_run (b, -1.0), LIF_EINVAL);
  ck_assert_status (lif_batch_run (b, 1e300), LIF_EOVERFLOW);
  ck_assert_status (lif_batch_run_currents (b, NULL, 3), LIF_ENULL);
  ck_assert_status (lif_batch_spike_counts (b, NULL, 5), LIF_ENULL);
  ck_assert_status (lif_batch_step (NULL), LIF_ENULL);
  lif_batch_free (NULL);
  lif_batch_free (b);
}
END_TEST

struct flaky_currents
{
  double bad_from;
};

static void
flaky_fill (double t, double dt, double *currents, size_t count,
            void *user_data)
{
  const struct flaky_currents *f = user_data;
  size_t i;
  (void)dt;
  for (i = 0; i < count; i++)
    currents[i] = (t >= f->bad_from && i == count / 2) ? NAN : 3.0;
}

/* A callback that writes NaN stops the run before that step; every spike
 * before it stays, and the run can go on once the callback recovers. The
 * same for a NaN in a current array. Loop over the timing modes. */
START_TEST (bad_currents_keep_spikes)
{
  struct flaky_currents f = { 50.0 };
  lif_batch *b = NULL;
  double t = 0.0, rows[4][3];
  size_t before = 0, after = 0, k, i;
  ck_assert_ok (lif_batch_new (3, &b));
  ck_assert_ok (lif_batch_set_timing (b, _i));
  ck_assert_ok (lif_batch_set_current_callback (b, flaky_fill, &f));
  ck_assert_status (lif_batch_run (b, 100.0), LIF_EINPUT);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t));
  ck_assert_msg (fabs (t - 50.0) < 1e-9, "stopped at %.17g", t);
  ck_assert_ok (lif_batch_spike_count (b, &before));
  ck_assert_uint_gt (before, 6);
  f.bad_from = INFINITY;
  ck_assert_ok (lif_batch_run (b, 50.0));
  ck_assert_ok (lif_batch_spike_count (b, &after));
  ck_assert_uint_gt (after, before);
  ck_assert_ok (lif_batch_set_current_callback (b, NULL, NULL));
  for (k = 0; k < 4; k++)
    for (i = 0; i < 3; i++)
      rows[k][i] = k == 2 && i == 1 ? INFINITY : 3.0;
  ck_assert_status (lif_batch_run_currents (b, &rows[0][0], 4), LIF_EINPUT);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t));
  ck_assert (fabs (t - 100.2) < 1e-9);
  lif_batch_free (b);
}
END_TEST

/* Reset and clear. */
START_TEST (reset_and_clear)
{
  lif_batch *b = NULL;
  lif_input *in = NULL;
  size_t count = 0, counts[4];
  double v = 0.0;
  ck_assert_ok (lif_batch_new (4, &b));
  ck_assert_ok (lif_input_new_constant (3.0, &in));
  ck_assert_ok (lif_batch_set_input (b, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_run (b, 50.0));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_uint_gt (count, 4);
  ck_assert_ok (lif_batch_clear_spikes (b));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_ok (lif_batch_spike_counts (b, counts, 4));
  ck_assert_uint_eq (counts[3], 0);
  ck_assert_ok (lif_batch_reset (b));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 2, &v));
  ck_assert_double_eq (v, 0.0);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 2, &v));
  ck_assert_double_eq (v, -65.0);
  ck_assert_ok (lif_batch_clear_input (b));
  ck_assert_ok (lif_batch_run (b, 50.0));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_uint_eq (count, 0);
  lif_batch_free (b);
}
END_TEST

/* Every accessor reads back what was set, and every function refuses a NULL
 * batch or a NULL output. */
START_TEST (accessors_and_null_handles)
{
  lif_batch *b = NULL;
  lif_input *in = NULL;
  double v = 0.0, arr[2];
  size_t z = 0, zz[2], idx[2];
  int i = 0;
  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_ok (lif_input_new_constant (1.0, &in));
  ck_assert_ok (lif_batch_set_stepper (b, LIF_STEPPER_HEUN));
  ck_assert_ok (lif_batch_get_stepper (b, &i));
  ck_assert_int_eq (i, LIF_STEPPER_HEUN);
  ck_assert_ok (lif_batch_set_timing (b, LIF_TIMING_GRID));
  ck_assert_ok (lif_batch_get_timing (b, &i));
  ck_assert_int_eq (i, LIF_TIMING_GRID);
  ck_assert_ok (lif_batch_set_spike_limit (b, 9));
  ck_assert_ok (lif_batch_get_spike_limit (b, &z));
  ck_assert_uint_eq (z, 9);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, 0.25));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_DT, 1, &v));
  ck_assert_double_eq (v, 0.25);
  ck_assert_ok (lif_batch_set_threads (b, 0));
  ck_assert_ok (lif_batch_get_threads (b, &i));
  ck_assert_int_ge (i, 1);
  ck_assert_status (lif_batch_size (NULL, &z), LIF_ENULL);
  ck_assert_status (lif_batch_size (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_reset (NULL), LIF_ENULL);
  ck_assert_status (lif_batch_set (NULL, LIF_PARAM_R, 1.0), LIF_ENULL);
  ck_assert_status (lif_batch_set_array (NULL, LIF_PARAM_R, arr, 2, NULL),
                    LIF_ENULL);
  ck_assert_status (lif_batch_set_many (NULL, NULL, NULL, 0, 2, NULL),
                    LIF_ENULL);
  ck_assert_status (lif_batch_set_many (b, NULL, NULL, 1, 2, NULL), LIF_ENULL);
  ck_assert_ok (lif_batch_set_many (b, NULL, NULL, 0, 2, NULL));
  {
    const int bad_param[1] = { LIF_PARAM_DT };
    const double *rows[1] = { arr };
    const double *none[1] = { NULL };
    ck_assert_status (lif_batch_set_many (b, bad_param, rows, 1, 2, NULL),
                      LIF_EENUM);
    ck_assert_status (lif_batch_set_many (b, bad_param, none, 1, 2, NULL),
                      LIF_ENULL);
  }
  ck_assert_status (lif_batch_get (b, LIF_PARAM_V, 0, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_get_array (NULL, LIF_PARAM_V, arr, 2),
                    LIF_ENULL);
  ck_assert_status (lif_batch_get_array (b, LIF_PARAM_V, NULL, 2), LIF_ENULL);
  ck_assert_status (lif_batch_get_array (b, 77, arr, 2), LIF_EENUM);
  ck_assert_status (lif_batch_set_stepper (NULL, 0), LIF_ENULL);
  ck_assert_status (lif_batch_get_stepper (NULL, &i), LIF_ENULL);
  ck_assert_status (lif_batch_get_stepper (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_set_timing (NULL, 0), LIF_ENULL);
  ck_assert_status (lif_batch_get_timing (NULL, &i), LIF_ENULL);
  ck_assert_status (lif_batch_get_timing (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_set_spike_limit (NULL, 1), LIF_ENULL);
  ck_assert_status (lif_batch_get_spike_limit (NULL, &z), LIF_ENULL);
  ck_assert_status (lif_batch_get_spike_limit (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_set_threads (NULL, 1), LIF_ENULL);
  ck_assert_status (lif_batch_get_threads (NULL, &i), LIF_ENULL);
  ck_assert_status (lif_batch_get_threads (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_set_input (NULL, in), LIF_ENULL);
  ck_assert_status (lif_batch_clear_input (NULL), LIF_ENULL);
  ck_assert_status (lif_batch_set_current_callback (NULL, NULL, NULL),
                    LIF_ENULL);
  ck_assert_status (lif_batch_run (NULL, 1.0), LIF_ENULL);
  ck_assert_status (lif_batch_run_currents (NULL, arr, 1), LIF_ENULL);
  ck_assert_ok (lif_batch_run_currents (b, NULL, 0));
  ck_assert_status (lif_batch_spike_count (NULL, &z), LIF_ENULL);
  ck_assert_status (lif_batch_spike_count (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_copy_spikes (NULL, 0, idx, arr, 2, &z),
                    LIF_ENULL);
  ck_assert_status (lif_batch_copy_spikes (b, 0, idx, arr, 2, NULL),
                    LIF_ENULL);
  ck_assert_status (lif_batch_spike_counts (NULL, zz, 2), LIF_ENULL);
  ck_assert_status (lif_batch_spike_counts (b, zz, 3), LIF_EINVAL);
  ck_assert_status (lif_batch_clear_spikes (NULL), LIF_ENULL);
  lif_input_free (in);
  lif_batch_free (b);
}
END_TEST

/* Setting t moves the clock, and a refractory period keeps what is left of
 * it, as for a neuron; t must be finite. Spikes copy out in pieces. */
START_TEST (clock_and_copies)
{
  lif_batch *b = NULL;
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  double t = 0.0, v = 0.0, times[3];
  size_t idx[3], copied = 0, total = 0;
  ck_assert_ok (lif_batch_new (1, &b));
  ck_assert_ok (lif_input_new_constant (5.0, &in));
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T_REF, 3.0));
  tst_set (n, LIF_PARAM_T_REF, 3.0);
  ck_assert_ok (lif_batch_run (b, 12.25));
  ck_assert_ok (lif_neuron_run (n, 12.25));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, 1000.0));
  tst_set (n, LIF_PARAM_T, 1000.0);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t));
  ck_assert_double_eq (t, 1000.0);
  ck_assert_status (lif_batch_set (b, LIF_PARAM_T, NAN), LIF_EINVAL);
  ck_assert_ok (lif_batch_run (b, 20.0));
  ck_assert_ok (lif_neuron_run (n, 20.0));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 0, &v));
  ck_assert_double_eq (v, tst_get (n, LIF_PARAM_V));
  ck_assert_ok (lif_batch_spike_count (b, &total));
  ck_assert_uint_gt (total, 4);
  ck_assert_ok (lif_batch_copy_spikes (b, total - 2, idx, times, 3, &copied));
  ck_assert_uint_eq (copied, 2);
  ck_assert_ok (lif_batch_copy_spikes (b, total, idx, times, 3, &copied));
  ck_assert_uint_eq (copied, 0);
  ck_assert_ok (lif_batch_copy_spikes (b, 0, NULL, times, 1, &copied));
  ck_assert_uint_eq (copied, 1);
  lif_neuron_free (n);
  lif_batch_free (b);
}
END_TEST

/* A member that runs away (t_ref = 0, V_reset a hair below V_th, a huge
 * current) some steps into a chunk of a constant stretch: the run stops
 * with LIF_ESPIKELIMIT at the start of that step, and every member is then
 * exactly where a lone neuron is after the steps before it, spikes and all
 * (the chunk was undone and redone up to there). Every fifth member fires
 * at almost every step before that, every tenth with a refractory period,
 * so that undoing restores members that fired several times in the chunk.
 * Loop over the steppers. */
START_TEST (runaway_member_stops_the_batch_cleanly)
{
  enum
  {
    N = 600
  };
  const double dt = 0.125;
  lif_batch *b = NULL;
  double bias[N], v0[N], reset[N], t_ref[N], t = 0.0;
  size_t i, steps, fired = 0;
  for (i = 0; i < N; i++)
    {
      bias[i] = 1.0 + 3.0 * (double)i / N;
      v0[i] = -65.0;
      reset[i] = -65.0;
      t_ref[i] = 0.0;
      if (i % 5 == 0)
        {
          bias[i] = 200.0 + (double)i;
          v0[i] = -50.5;
          t_ref[i] = i % 10 == 0 ? 2.0 * dt : 0.0;
        }
    }
  /* Member 333 climbs from far below for ~0.95 ms, then runs away. */
  bias[333] = 1e6;
  v0[333] = -1e6;
  reset[333] = -50.0 - 1e-9;
  ck_assert_ok (lif_batch_new (N, &b));
  ck_assert_ok (lif_batch_set_stepper (b, _i));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, dt));
  ck_assert_ok (lif_batch_set_spike_limit (b, 50));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, N, NULL));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_V, v0, N, NULL));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_V_RESET, reset, N, NULL));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_T_REF, t_ref, N, NULL));
  ck_assert_status (lif_batch_run (b, 30.0), LIF_ESPIKELIMIT);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &t));
  steps = (size_t)lround (t / dt);
  ck_assert_msg (steps >= 3 && steps <= 40, "stopped after %zu steps", steps);
  for (i = 0; i < N; i++)
    if (i % 37 == 0 || i % 5 == 0)
      {
        lif_neuron *n = tst_neuron ();
        size_t count = 0;
        ck_assert_ok (lif_neuron_set_stepper (n, _i));
        tst_set (n, LIF_PARAM_DT, dt);
        tst_set (n, LIF_PARAM_I_BIAS, bias[i]);
        tst_set (n, LIF_PARAM_V, v0[i]);
        tst_set (n, LIF_PARAM_V_RESET, reset[i]);
        tst_set (n, LIF_PARAM_T_REF, t_ref[i]);
        ck_assert_ok (lif_neuron_run (n, (double)steps * dt));
        ck_assert_ok (lif_neuron_spike_count (n, &count));
        if (i % 5 == 0)
          fired += count >= 2;
        assert_member_is_neuron (b, i, n, "after the runaway");
        lif_neuron_free (n);
      }
  /* The fast members did fire several times before the runaway. */
  ck_assert_uint_eq (fired, N / 5);
  lif_batch_free (b);
}
END_TEST

/* Tens of thousands of spikes fill several segments of the store (256,
 * 512, 1024, ... spikes each): read back in pieces of every awkward size,
 * from every offset, they are the same as read in one piece, and in the
 * store's order (time, then member), with each member's spikes those of a
 * lone neuron. */
START_TEST (many_spikes_read_in_pieces)
{
  enum
  {
    N = 64
  };
  static const size_t pieces[] = { 1, 7, 255, 256, 257, 1000, 4096 };
  lif_batch *b = NULL;
  double bias[N];
  size_t i, total = 0, *all_idx, *idx, p;
  double *all_t, *t;
  for (i = 0; i < N; i++)
    bias[i] = 2.0 + 0.5 * (double)i;
  ck_assert_ok (lif_batch_new (N, &b));
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, N, NULL));
  ck_assert_ok (lif_batch_run (b, 2000.0));
  ck_assert_ok (lif_batch_spike_count (b, &total));
  ck_assert_msg (total > 20000, "only %zu spikes", total);
  all_idx = malloc (total * sizeof *all_idx);
  all_t = malloc (total * sizeof *all_t);
  idx = malloc (total * sizeof *idx);
  t = malloc (total * sizeof *t);
  ck_assert_ok (lif_batch_copy_spikes (b, 0, all_idx, all_t, total, &p));
  ck_assert_uint_eq (p, total);
  for (i = 1; i < total; i++)
    ck_assert (all_t[i - 1] < all_t[i]
               || (all_t[i - 1] == all_t[i] && all_idx[i - 1] < all_idx[i]));
  for (p = 0; p < sizeof pieces / sizeof pieces[0]; p++)
    {
      size_t at = 0, copied = 0;
      memset (idx, 0xff, total * sizeof *idx);
      for (at = 0; at < total; at += copied)
        {
          size_t want = pieces[p] < total - at ? pieces[p] : total - at;
          ck_assert_ok (
              lif_batch_copy_spikes (b, at, idx + at, t + at, want, &copied));
          ck_assert_uint_eq (copied, want);
        }
      ck_assert (memcmp (idx, all_idx, total * sizeof *idx) == 0);
      ck_assert (memcmp (t, all_t, total * sizeof *t) == 0);
    }
  /* Past the end: nothing. */
  ck_assert_ok (lif_batch_copy_spikes (b, total, idx, t, 10, &p));
  ck_assert_uint_eq (p, 0);
  for (i = 0; i < N; i += 9)
    {
      lif_neuron *n = tst_neuron ();
      tst_set (n, LIF_PARAM_I_BIAS, bias[i]);
      ck_assert_ok (lif_neuron_set_spike_limit (n, 1000));
      ck_assert_ok (lif_neuron_run (n, 2000.0));
      assert_member_is_neuron (b, i, n, "many spikes");
      lif_neuron_free (n);
    }
  free (all_idx);
  free (all_t);
  free (idx);
  free (t);
  lif_batch_free (b);
}
END_TEST

/* ---- a batch of one against a lone neuron ----------------------------- */

/* Bit for bit: the same double, sign of zero and NaN payload included. */
static int
same_bits (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* Member 0 of a batch of one against a lone neuron: t, V and every spike,
 * bit for bit. */
static void
assert_only_member_is_neuron (const lif_batch *b, const lif_neuron *n,
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
  int k, timing;
  ck_assert_ok (lif_batch_new (1, &b));
  ck_assert_ok (lif_input_new_constant (2.0, &in)); /* fires every 7 ms */
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_run (b, 0.7));
  ck_assert_ok (lif_neuron_run (n, 0.7));
  for (timing = 0; timing < tst_timing_count (); timing++)
    {
      ck_assert_ok (lif_batch_set_timing (b, timing));
      ck_assert_ok (lif_neuron_set_timing (n, timing));
      for (k = 0; k < 120; k++)
        {
          ck_assert_ok (lif_batch_step (b));
          ck_assert_ok (lif_neuron_step (n));
          assert_only_member_is_neuron (b, n, "a step after the switch");
        }
      ck_assert_ok (lif_batch_run (b, 20.0));
      ck_assert_ok (lif_neuron_run (n, 20.0));
      assert_only_member_is_neuron (b, n, "a run after the switch");
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
static const double frozen_starts[] = { DBL_MAX, 1e17 };

START_TEST (batch_grid_crossing_on_a_frozen_clock)
{
  const double *starts = frozen_starts;
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
  assert_only_member_is_neuron (b, n, "a run on a frozen clock");
  ck_assert_ok (lif_batch_run (b, 100.0));
  ck_assert_ok (lif_neuron_run (n, 100.0));
  assert_only_member_is_neuron (b, n, "a longer run");
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
  assert_only_member_is_neuron (b, n, "after the refusals");
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

Suite *
suite_batch (void)
{
  Suite *s = suite_create ("batch");
  TCase *tc = tcase_create ("batch");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, members_are_neurons, 0,
                       modes () * tst_input_kind_count ());
  tcase_add_loop_test (tc, members_are_neurons_under_a_decay, 0, modes () * 2);
  tcase_add_loop_test (tc, currents_are_tables, 0,
                       modes () * N_CURRENTS_KINDS * 2);
  tcase_add_test (tc, threads_change_nothing);
  tcase_add_test (tc, ties_keep_member_order);
  tcase_add_test (tc, refusals_change_nothing);
  tcase_add_loop_test (tc, bad_currents_keep_spikes, 0, tst_timing_count ());
  tcase_add_test (tc, reset_and_clear);
  tcase_add_test (tc, accessors_and_null_handles);
  tcase_add_test (tc, clock_and_copies);
  tcase_add_loop_test (tc, runaway_member_stops_the_batch_cleanly, 0,
                       tst_stepper_count ());
  tcase_add_test (tc, many_spikes_read_in_pieces);
  tcase_add_test (tc, batch_timing_switch_keeps_the_clock);
  tcase_add_loop_test (tc, batch_grid_crossing_on_a_frozen_clock, 0,
                       (int)TST_COUNT (frozen_starts));
  tcase_add_loop_test (tc, batch_bad_drive_on_a_frozen_clock, 0, 2);
  tcase_add_test (tc, batch_zero_step_currents_check_stability);
  suite_add_tcase (s, tc);
  return s;
}
