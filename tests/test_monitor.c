/*
 * Recording: the state monitor of neurons and batches, and a batch's spike
 * callback. Samples land on grid times that do not depend on how the host
 * cuts its runs; their V and I are what lif_neuron_run_trace() records, bit
 * for bit where the run is cut the same way (a monitor ends a run's pieces
 * at its samples, as runs of `every` steps would), to rounding against one
 * uncut traced run; a batch member's samples are a lone neuron's; the spike
 * callback hears exactly the spikes lif_batch_copy_spikes() lists, in its
 * order; refusals change nothing.
 */
#include "tests.h"

#include <stdlib.h>
#include <string.h>

/* Steps between samples in most tests: prime, so that samples fall
 * neither on the batch's chunks nor on round durations. */
#define EVERY 7

/* Pieces of EVERY steps in the runs compared. */
#define PIECES 120

/* The level of the inputs; it makes every neuron below fire. */
static const double level = 1.5;

/* The configuration of loop test number i: a stepper, a timing mode and a
 * kind of input (tst_input). */
static void
config (int i, int *stepper, int *timing, int *kind)
{
  *stepper = i % tst_stepper_count ();
  *timing = (i / tst_stepper_count ()) % tst_timing_count ();
  *kind = i / tst_stepper_count () / tst_timing_count ();
}

static int
config_count (void)
{
  return tst_stepper_count () * tst_timing_count () * tst_input_kind_count ();
}

/* A firing neuron of loop configuration i, with a refractory period. */
static lif_neuron *
config_neuron (int i)
{
  int stepper, timing, kind;
  lif_neuron *n = tst_neuron ();
  lif_input *in;
  config (i, &stepper, &timing, &kind);
  in = tst_input (kind, &level);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_T_REF, 1.3);
  tst_set (n, LIF_PARAM_I_BIAS, 3.0);
  if (in)
    ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  return n;
}

/* One recorded variable of every sample, in a malloc'd array; *count
 * receives the samples. */
static double *
neuron_samples (const lif_neuron *n, int record, size_t *count)
{
  size_t copied = 0;
  double *x;
  ck_assert_ok (lif_neuron_monitor_count (n, count));
  x = malloc ((*count + 1) * sizeof *x);
  ck_assert_ptr_nonnull (x);
  ck_assert_ok (lif_neuron_copy_monitor (n, record, 0, x, *count, &copied));
  ck_assert_uint_eq (copied, *count);
  return x;
}

/* Whether two doubles are the same bits. */
static int
same_bits (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* A monitor every EVERY steps records, bit for bit, the last row of each
 * of PIECES calls of lif_neuron_run_trace() of EVERY steps: the monitor
 * cuts its run where those calls end. */
START_TEST (neuron_samples_are_trace_rows)
{
  lif_neuron *a = config_neuron (_i), *b = config_neuron (_i);
  double t[EVERY], v[EVERY], current[EVERY], *st, *sv, *si;
  size_t count, piece;
  ck_assert_ok (lif_neuron_set_monitor (a, EVERY));
  /* A shorter step at the end, after the last sample, records nothing. */
  ck_assert_ok (lif_neuron_run (a, PIECES * EVERY * 0.1 + 0.05));
  st = neuron_samples (a, LIF_RECORD_T, &count);
  sv = neuron_samples (a, LIF_RECORD_V, &count);
  si = neuron_samples (a, LIF_RECORD_I, &count);
  ck_assert_uint_eq (count, PIECES);
  for (piece = 0; piece < PIECES; piece++)
    {
      size_t done = 0;
      ck_assert_ok (lif_neuron_run_trace (b, EVERY, t, v, current, &done));
      ck_assert_uint_eq (done, EVERY);
      ck_assert_msg (same_bits (st[piece], t[EVERY - 1])
                         && same_bits (sv[piece], v[EVERY - 1])
                         && same_bits (si[piece], current[EVERY - 1]),
                     "sample %zu: (%.17g, %.17g, %.17g), trace (%.17g, "
                     "%.17g, %.17g)",
                     piece, st[piece], sv[piece], si[piece], t[EVERY - 1],
                     v[EVERY - 1], current[EVERY - 1]);
    }
  /* Both neurons spiked alike, to the bit. */
  {
    size_t na, nb;
    double *ta = tst_spikes (a, &na), *tb = tst_spikes (b, &nb);
    ck_assert_uint_gt (nb, 3);
    ck_assert_uint_ge (na, nb); /* a ran 0.05 further */
    ck_assert_int_eq (memcmp (ta, tb, nb * sizeof *ta), 0);
    free (ta);
    free (tb);
  }
  free (st);
  free (sv);
  free (si);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

/* Against one uncut traced run, every EVERY-th row: the same times and
 * currents to the bit (both are grid times t0 + n dt and the input there),
 * V to rounding (the uncut run carries its deviation from step to step,
 * the cut one starts afresh at each sample). */
START_TEST (neuron_samples_match_an_uncut_trace)
{
  const size_t steps = PIECES * EVERY;
  lif_neuron *a = config_neuron (_i), *b = config_neuron (_i);
  double *t = malloc (steps * sizeof *t), *v = malloc (steps * sizeof *v),
         *current = malloc (steps * sizeof *current), *st, *sv, *si;
  size_t count, s;
  ck_assert (t && v && current);
  ck_assert_ok (lif_neuron_set_monitor (a, EVERY));
  ck_assert_ok (lif_neuron_run (a, (double)steps * 0.1));
  ck_assert_ok (lif_neuron_run_trace (b, steps, t, v, current, NULL));
  st = neuron_samples (a, LIF_RECORD_T, &count);
  sv = neuron_samples (a, LIF_RECORD_V, &count);
  si = neuron_samples (a, LIF_RECORD_I, &count);
  ck_assert_uint_eq (count, PIECES);
  for (s = 0; s < count; s++)
    {
      size_t row = (s + 1) * EVERY - 1;
      ck_assert (same_bits (st[s], t[row]));
      ck_assert (same_bits (si[s], current[row]));
      ck_assert_msg (tst_close (sv[s], v[row], 1e-9),
                     "sample %zu: V %.17g, trace %.17g", s, sv[s], v[row]);
    }
  free (st);
  free (sv);
  free (si);
  free (t);
  free (v);
  free (current);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

/* However the host cuts its runs (single steps, traced runs, runs of odd
 * lengths, shorter steps between grid times), the samples fall on the same
 * grid times, t = n dt for n a multiple of EVERY, and a run that ends on a
 * sample records it as its last. Their V is that of one run to rounding
 * where the runs are cut at grid times; runs that end between grid times
 * split steps, which moves V by the stepper's own error (but for the exact
 * stepper under a piecewise-constant input), so only the times are
 * compared there. */
START_TEST (splitting_runs_keeps_sample_times)
{
  static const double on_grid[] = { 0.3, 1.0, 0.7, 2.1, 0.1 };
  static const double off_grid[] = { 0.05, 0.33, 0.02, 1.0, 0.7, 2.35 };
  lif_neuron *a = config_neuron (_i), *b = config_neuron (_i),
             *c = config_neuron (_i);
  double *ta, *tb, *tc, *va, *vb, now;
  size_t na, nb, nc, s, k = 0;
  ck_assert_ok (lif_neuron_set_monitor (a, EVERY));
  ck_assert_ok (lif_neuron_set_monitor (b, EVERY));
  ck_assert_ok (lif_neuron_set_monitor (c, EVERY));
  ck_assert_ok (lif_neuron_run (a, 50.0));
  while ((now = tst_get (b, LIF_PARAM_T)) < 45.0)
    {
      ck_assert_ok (lif_neuron_run (b, on_grid[k % TST_COUNT (on_grid)]));
      ck_assert_ok (lif_neuron_run (c, off_grid[k % TST_COUNT (off_grid)]));
      ck_assert_ok (lif_neuron_step (b));
      ck_assert_ok (lif_neuron_step (c));
      ck_assert_ok (lif_neuron_run_trace (b, 2, NULL, NULL, NULL, NULL));
      ck_assert_ok (lif_neuron_run_trace (c, 2, NULL, NULL, NULL, NULL));
      k++;
    }
  ck_assert_ok (lif_neuron_run (b, 50.0 - tst_get (b, LIF_PARAM_T)));
  ck_assert_ok (lif_neuron_run (c, 50.0 - tst_get (c, LIF_PARAM_T)));
  ta = neuron_samples (a, LIF_RECORD_T, &na);
  tb = neuron_samples (b, LIF_RECORD_T, &nb);
  tc = neuron_samples (c, LIF_RECORD_T, &nc);
  va = neuron_samples (a, LIF_RECORD_V, &na);
  vb = neuron_samples (b, LIF_RECORD_V, &nb);
  ck_assert_uint_eq (na, 500 / EVERY);
  ck_assert_uint_eq (nb, na);
  ck_assert_uint_eq (nc, na);
  for (s = 0; s < na; s++)
    {
      ck_assert_double_eq (ta[s], (double)((s + 1) * EVERY) * 0.1);
      ck_assert (same_bits (ta[s], tb[s]) && same_bits (ta[s], tc[s]));
      ck_assert_msg (tst_close (va[s], vb[s], 1e-9),
                     "sample %zu: %.17g, %.17g", s, va[s], vb[s]);
    }
  /* A run that ends on a sample time ends with that sample: its V is the
   * neuron's. */
  ck_assert_ok (lif_neuron_run (a, 0.1 * (EVERY - 500 % EVERY)));
  free (va);
  va = neuron_samples (a, LIF_RECORD_V, &na);
  ck_assert_uint_eq (na, 500 / EVERY + 1);
  ck_assert (same_bits (va[na - 1], tst_get (a, LIF_PARAM_V)));
  free (ta);
  free (tb);
  free (tc);
  free (va);
  free (vb);
  lif_neuron_free (a);
  lif_neuron_free (b);
  lif_neuron_free (c);
}
END_TEST

/* Off, set to 0 or cleared: no samples, and runs without a monitor are the
 * same, bit for bit, as before it was ever set. Clones copy the samples
 * and go on recording; a reset forgets them but keeps recording. */
START_TEST (neuron_monitor_lifecycle)
{
  lif_neuron *a = config_neuron (3), *b = config_neuron (3), *c = NULL;
  double x[4] = { -1.0, -1.0, -1.0, -1.0 }, *tc;
  size_t count = 99, copied = 99;
  ck_assert_ok (lif_neuron_monitor_count (a, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_ok (lif_neuron_copy_monitor (a, LIF_RECORD_V, 0, x, 4, &copied));
  ck_assert_uint_eq (copied, 0);
  ck_assert_ok (
      lif_neuron_copy_monitor (a, LIF_RECORD_V, 0, NULL, 0, &copied));
  ck_assert_ok (lif_neuron_set_monitor (a, 10));
  ck_assert_ok (lif_neuron_run (a, 10.0));
  ck_assert_ok (lif_neuron_monitor_count (a, &count));
  ck_assert_uint_eq (count, 10);
  /* Off keeps what was recorded, and records no more. */
  ck_assert_ok (lif_neuron_set_monitor (a, 0));
  ck_assert_ok (lif_neuron_run (a, 10.0));
  ck_assert_ok (lif_neuron_run (b, 20.0));
  ck_assert_ok (lif_neuron_monitor_count (a, &count));
  ck_assert_uint_eq (count, 10);
  ck_assert (same_bits (tst_get (a, LIF_PARAM_V), tst_get (b, LIF_PARAM_V)));
  /* From first on, at most capacity. */
  ck_assert_ok (lif_neuron_copy_monitor (a, LIF_RECORD_T, 8, x, 4, &copied));
  ck_assert_uint_eq (copied, 2);
  ck_assert_double_eq (x[0], 9.0);
  ck_assert_double_eq (x[1], 10.0);
  ck_assert_double_eq (x[2], -1.0);
  /* A clone has the samples and the setting. */
  ck_assert_ok (lif_neuron_set_monitor (a, 10));
  ck_assert_ok (lif_neuron_clone (a, &c));
  ck_assert_ok (lif_neuron_run (c, 1.0));
  tc = neuron_samples (c, LIF_RECORD_T, &count);
  ck_assert_uint_eq (count, 11);
  ck_assert_double_eq (tc[10], 21.0);
  free (tc);
  ck_assert_ok (lif_neuron_monitor_count (a, &count));
  ck_assert_uint_eq (count, 10);
  /* Reset forgets the samples, and recording goes on from t = 0. */
  ck_assert_ok (lif_neuron_reset (c));
  ck_assert_ok (lif_neuron_monitor_count (c, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_ok (lif_neuron_run (c, 2.0));
  tc = neuron_samples (c, LIF_RECORD_T, &count);
  ck_assert_uint_eq (count, 2);
  ck_assert_double_eq (tc[0], 1.0);
  free (tc);
  /* Cleared: none, and the monitor goes on. */
  ck_assert_ok (lif_neuron_clear_monitor (c));
  ck_assert_ok (lif_neuron_monitor_count (c, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_ok (lif_neuron_run (c, 1.0));
  ck_assert_ok (lif_neuron_monitor_count (c, &count));
  ck_assert_uint_eq (count, 1);
  lif_neuron_free (a);
  lif_neuron_free (b);
  lif_neuron_free (c);
}
END_TEST

/* Every refused call returns its code and changes nothing: the samples
 * stay, the output arguments are not written, the monitor goes on. */
START_TEST (refusals_change_nothing)
{
  lif_neuron *n = config_neuron (0);
  lif_batch *b = NULL;
  const size_t members[2] = { 1, 0 }, bad[2] = { 0, 2 };
  double x[4] = { 7.0, 7.0, 7.0, 7.0 };
  size_t count = 99, copied = 99;
  ck_assert_ok (lif_neuron_set_monitor (n, 5));
  ck_assert_ok (lif_neuron_run (n, 1.0));
  ck_assert_status (lif_neuron_set_monitor (NULL, 5), LIF_ENULL);
  ck_assert_status (lif_neuron_monitor_count (NULL, &count), LIF_ENULL);
  ck_assert_status (lif_neuron_monitor_count (n, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_copy_monitor (NULL, 0, 0, x, 4, &copied),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_copy_monitor (n, 0, 0, x, 4, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_copy_monitor (n, 0, 0, NULL, 4, &copied),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_copy_monitor (n, 3, 0, x, 4, &copied),
                    LIF_EENUM);
  ck_assert_status (lif_neuron_copy_monitor (n, -1, 0, x, 4, &copied),
                    LIF_EENUM);
  ck_assert_status (lif_neuron_clear_monitor (NULL), LIF_ENULL);
  ck_assert_uint_eq (copied, 99);
  ck_assert_double_eq (x[0], 7.0);
  ck_assert_ok (lif_neuron_run (n, 1.0));
  ck_assert_ok (lif_neuron_monitor_count (n, &count));
  ck_assert_uint_eq (count, 4);

  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_ok (lif_batch_set_monitor (b, 5, members, 2));
  ck_assert_ok (lif_batch_run (b, 1.0));
  ck_assert_status (lif_batch_set_monitor (NULL, 5, members, 2), LIF_ENULL);
  ck_assert_status (lif_batch_set_monitor (b, 5, NULL, 2), LIF_ENULL);
  ck_assert_status (lif_batch_set_monitor (b, 5, bad, 2), LIF_EINVAL);
  ck_assert_status (lif_batch_set_monitor (b, 5, members, 0), LIF_EINVAL);
  ck_assert_status (lif_batch_set_spike_callback (NULL, NULL, NULL),
                    LIF_ENULL);
  ck_assert_status (lif_batch_monitor_count (NULL, &count), LIF_ENULL);
  ck_assert_status (lif_batch_monitor_count (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_copy_monitor (NULL, 0, 0, x, 2, &copied),
                    LIF_ENULL);
  ck_assert_status (lif_batch_copy_monitor (b, 1, 0, x, 2, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_copy_monitor (b, 1, 0, NULL, 2, &copied),
                    LIF_ENULL);
  ck_assert_status (lif_batch_copy_monitor (b, 3, 0, x, 2, &copied),
                    LIF_EENUM);
  ck_assert_status (lif_batch_clear_monitor (NULL), LIF_ENULL);
  ck_assert_uint_eq (copied, 99);
  ck_assert_double_eq (x[0], 7.0);
  /* The refused lists left the monitor as it was: samples kept, and the
   * next ones are rows of the same two members. */
  ck_assert_ok (lif_batch_run (b, 1.0));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 4);
  ck_assert_ok (lif_batch_copy_monitor (b, LIF_RECORD_V, 3, x, 2, &copied));
  ck_assert_uint_eq (copied, 1);
  {
    double v[2];
    ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_V, v, 2));
    ck_assert (same_bits (x[0], v[1]) && same_bits (x[1], v[0]));
  }
  lif_batch_free (b);
  lif_neuron_free (n);
}
END_TEST

/* ---- batches ------------------------------------------------------------ */

#define MEMBERS 5

/* Member i's bias: some fire, some do not. */
static double
member_bias (size_t i)
{
  return 0.2 + 0.45 * (double)i;
}

/* A batch of loop configuration i, and the lone neurons it must equal. */
static lif_batch *
config_batch (int i, lif_neuron *alone[MEMBERS])
{
  int stepper, timing, kind;
  lif_batch *b = NULL;
  lif_input *in;
  double bias[MEMBERS];
  size_t m;
  config (i, &stepper, &timing, &kind);
  in = tst_input (kind, &level);
  ck_assert_ok (lif_batch_new (MEMBERS, &b));
  ck_assert_ok (lif_batch_set_stepper (b, stepper));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T_REF, 1.3));
  for (m = 0; m < MEMBERS; m++)
    {
      bias[m] = member_bias (m);
      alone[m] = tst_neuron ();
      ck_assert_ok (lif_neuron_set_stepper (alone[m], stepper));
      ck_assert_ok (lif_neuron_set_timing (alone[m], timing));
      tst_set (alone[m], LIF_PARAM_T_REF, 1.3);
      tst_set (alone[m], LIF_PARAM_I_BIAS, bias[m]);
      if (in)
        ck_assert_ok (lif_neuron_set_input (alone[m], in));
    }
  ck_assert_ok (
      lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, MEMBERS, NULL));
  if (in)
    ck_assert_ok (lif_batch_set_input (b, in));
  lif_input_free (in);
  return b;
}

/* Each watched member's samples are, bit for bit, those of a lone neuron
 * with the same monitor, in the runs' order: members listed out of order
 * and one twice. */
START_TEST (batch_member_samples_are_a_neurons)
{
  static const size_t watched[] = { 4, 1, 3, 1 };
  const size_t w = TST_COUNT (watched);
  lif_neuron *alone[MEMBERS];
  lif_batch *b = config_batch (_i, alone);
  double *t, *v, *current;
  size_t count, copied, s, j, m;
  int r;
  ck_assert_ok (lif_batch_set_monitor (b, EVERY, watched, w));
  for (m = 0; m < MEMBERS; m++)
    ck_assert_ok (lif_neuron_set_monitor (alone[m], EVERY));
  ck_assert_ok (lif_batch_run (b, 30.05));
  ck_assert_ok (lif_batch_run (b, 12.0));
  for (m = 0; m < MEMBERS; m++)
    {
      ck_assert_ok (lif_neuron_run (alone[m], 30.05));
      ck_assert_ok (lif_neuron_run (alone[m], 12.0));
    }
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 420 / EVERY);
  t = malloc (count * sizeof *t);
  v = malloc (count * w * sizeof *v);
  current = malloc (count * w * sizeof *current);
  ck_assert (t && v && current);
  ck_assert_ok (
      lif_batch_copy_monitor (b, LIF_RECORD_T, 0, t, count, &copied));
  ck_assert_uint_eq (copied, count);
  ck_assert_ok (
      lif_batch_copy_monitor (b, LIF_RECORD_V, 0, v, count, &copied));
  ck_assert_ok (
      lif_batch_copy_monitor (b, LIF_RECORD_I, 0, current, count, &copied));
  for (j = 0; j < w; j++)
    {
      double *mine[3];
      size_t n_alone;
      for (r = 0; r < 3; r++)
        {
          mine[r] = neuron_samples (alone[watched[j]], r, &n_alone);
          ck_assert_uint_eq (n_alone, count);
        }
      for (s = 0; s < count; s++)
        ck_assert_msg (
            same_bits (t[s], mine[LIF_RECORD_T][s])
                && same_bits (v[s * w + j], mine[LIF_RECORD_V][s])
                && same_bits (current[s * w + j], mine[LIF_RECORD_I][s]),
            "member %zu, sample %zu: V %.17g, alone %.17g", watched[j], s,
            v[s * w + j], mine[LIF_RECORD_V][s]);
      for (r = 0; r < 3; r++)
        free (mine[r]);
    }
  free (t);
  free (v);
  free (current);
  for (m = 0; m < MEMBERS; m++)
    lif_neuron_free (alone[m]);
  lif_batch_free (b);
}
END_TEST

/* Under per-step currents a sample is the batch's state where the run
 * that ends on it leaves it; changing the watched members forgets the
 * samples, setting the same ones keeps them, and off keeps them. */
START_TEST (batch_monitor_under_per_step_currents)
{
  static const size_t first[] = { 0, 2 }, second[] = { 2 };
  double rows[EVERY * MEMBERS], v[MEMBERS], x[2];
  lif_neuron *alone[MEMBERS];
  /* The exact stepper without input, in each timing mode. */
  lif_batch *b
      = config_batch (_i * tst_stepper_count () + LIF_STEPPER_EXACT, alone);
  size_t i, count, copied;
  for (i = 0; i < EVERY * MEMBERS; i++)
    rows[i] = 0.1 * (double)(i % 11);
  ck_assert_ok (lif_batch_set_monitor (b, EVERY, first, 2));
  for (i = 0; i < 3; i++)
    {
      ck_assert_ok (lif_batch_run_currents (b, rows, EVERY));
      ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_V, v, MEMBERS));
      ck_assert_ok (
          lif_batch_copy_monitor (b, LIF_RECORD_V, i, x, 1, &copied));
      ck_assert_uint_eq (copied, 1);
      ck_assert (same_bits (x[0], v[0]) && same_bits (x[1], v[2]));
      ck_assert_ok (
          lif_batch_copy_monitor (b, LIF_RECORD_T, i, x, 1, &copied));
      ck_assert_double_eq (x[0], (double)((i + 1) * EVERY) * 0.1);
    }
  ck_assert_ok (lif_batch_set_monitor (b, 2 * EVERY, first, 2));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 3);
  ck_assert_ok (lif_batch_set_monitor (b, 0, NULL, 0));
  ck_assert_ok (lif_batch_run_currents (b, rows, EVERY));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 3);
  ck_assert_ok (lif_batch_set_monitor (b, EVERY, second, 1));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_ok (lif_batch_run_currents (b, rows, EVERY));
  ck_assert_ok (lif_batch_copy_monitor (b, LIF_RECORD_V, 0, x, 2, &copied));
  ck_assert_uint_eq (copied, 1);
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, 2, &v[2]));
  ck_assert (same_bits (x[0], v[2]));
  /* Reset forgets them; clear too. */
  ck_assert_ok (lif_batch_reset (b));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 0);
  ck_assert_ok (lif_batch_run (b, 0.1 * EVERY));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 1);
  ck_assert_ok (lif_batch_clear_monitor (b));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 0);
  for (i = 0; i < MEMBERS; i++)
    lif_neuron_free (alone[i]);
  lif_batch_free (b);
}
END_TEST

/* What a spike callback heard. */
typedef struct heard
{
  size_t *member;
  double *t;
  size_t count, capacity;
} heard;

static void
hear (size_t member, double t, void *data)
{
  heard *h = data;
  if (h->count == h->capacity)
    {
      h->capacity = h->capacity ? 2 * h->capacity : 256;
      h->member = realloc (h->member, h->capacity * sizeof *h->member);
      h->t = realloc (h->t, h->capacity * sizeof *h->t);
      ck_assert (h->member && h->t);
    }
  h->member[h->count] = member;
  h->t[h->count] = t;
  h->count++;
}

/* The spike callback hears every spike lif_batch_copy_spikes() lists,
 * once, in its order, over runs of every kind: constant stretches longer
 * than a chunk, per-step inputs, per-step currents, single steps and runs
 * that end between grid times; on one thread under every input, and on
 * two (whose merges of many spikes are parallel) under a constant input
 * and a pulse, where they run whole chunks (per-step inputs fork the
 * threads every step, too slow for a test on a busy machine). */
START_TEST (spike_callback_hears_the_store)
{
  enum
  {
    N = 300
  };
  const int one = 2 * tst_input_kind_count (), threads = _i < one ? 1 : 2;
  const int timing = _i % 2;
  const int kind = _i < one ? _i / 2 : 1 + (_i - one) / 2;
  lif_batch *b = NULL;
  lif_input *in;
  heard h = { 0 };
  size_t m, total, copied, *who;
  double *t, bias[N], rows[3 * N];
  /* Many members, so that a step has spikes at equal times (grid timing)
   * and blocks of members merge on two threads. */
  ck_assert_ok (lif_batch_new (N, &b));
  for (m = 0; m < N; m++)
    bias[m] = 1.0 + 3.0 * (double)(m % 17) / 17.0;
  for (m = 0; m < 3 * N; m++)
    rows[m] = 0.5 * (double)(m % 3);
  ck_assert_ok (lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, N, NULL));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  in = tst_input (kind, &level);
  if (in)
    ck_assert_ok (lif_batch_set_input (b, in));
  lif_input_free (in);
  ck_assert_ok (lif_batch_set_threads (b, threads));
  ck_assert_ok (lif_batch_set_spike_callback (b, hear, &h));
  ck_assert_ok (lif_batch_run (b, 150.03));
  ck_assert_ok (lif_batch_run_currents (b, rows, 3));
  ck_assert_ok (lif_batch_step (b));
  ck_assert_ok (lif_batch_run (b, 3.3));
  ck_assert_ok (lif_batch_spike_count (b, &total));
  ck_assert_uint_gt (total, 1000);
  ck_assert_uint_eq (h.count, total);
  who = malloc (total * sizeof *who);
  t = malloc (total * sizeof *t);
  ck_assert (who && t);
  ck_assert_ok (lif_batch_copy_spikes (b, 0, who, t, total, &copied));
  ck_assert_uint_eq (copied, total);
  ck_assert_int_eq (memcmp (who, h.member, total * sizeof *who), 0);
  ck_assert_int_eq (memcmp (t, h.t, total * sizeof *t), 0);
  /* Off: no more calls. */
  ck_assert_ok (lif_batch_set_spike_callback (b, NULL, NULL));
  ck_assert_ok (lif_batch_run (b, 10.0));
  ck_assert_uint_eq (h.count, total);
  free (who);
  free (t);
  free (h.member);
  free (h.t);
  lif_batch_free (b);
}
END_TEST

Suite *
suite_monitor (void)
{
  Suite *s = suite_create ("monitor");
  TCase *tc = tcase_create ("monitor");
  tcase_add_loop_test (tc, neuron_samples_are_trace_rows, 0, config_count ());
  tcase_add_loop_test (tc, neuron_samples_match_an_uncut_trace, 0,
                       config_count ());
  tcase_add_loop_test (tc, splitting_runs_keeps_sample_times, 0,
                       config_count ());
  tcase_add_test (tc, neuron_monitor_lifecycle);
  tcase_add_test (tc, refusals_change_nothing);
  tcase_add_loop_test (tc, batch_member_samples_are_a_neurons, 0,
                       config_count ());
  tcase_add_loop_test (tc, batch_monitor_under_per_step_currents, 0,
                       tst_timing_count ());
  tcase_add_loop_test (tc, spike_callback_hears_the_store, 0,
                       2 * tst_input_kind_count () + 2 * 2);
  suite_add_tcase (s, tc);
  return s;
}
