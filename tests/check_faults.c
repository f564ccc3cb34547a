/*
 * Out of memory: every public call that allocates is made with its n-th
 * allocation failing, for every n from 1 until the call succeeds. Each
 * failure must return LIF_ENOMEM, change nothing a caller can observe (or,
 * for a run, keep every spike found before the failure), leave the object
 * usable, and leak nothing (CI runs this program under valgrind and ASan,
 * which report any leak or double free).
 *
 * The program links tests/liblif-faults.la: the lib/ sources built again
 * with -DLIF_FAULT_INJECTION, which adds lif__test_fail_allocation(). A
 * census test also proves that every other public call allocates nothing,
 * so the list below is complete.
 */
#include "tests.h"

#include "lif-sim-opts.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* From lib/alloc.h, present in the fault-injection build only: the n-th
 * allocation from now fails (0: none); returns how many were made since
 * the previous call. */
unsigned long lif__test_fail_allocation (unsigned long n);

/* No call below needs more allocations than this. */
#define MAX_ALLOCATIONS 64

/* ---- what a caller can observe ---------------------------------------- */

typedef struct observed
{
  double params[TST_MAX_PARAMS];
  int stepper, timing;
  size_t spike_limit, spike_count;
  double *spikes;
} observed;

static void
observe (const lif_neuron *n, observed *o)
{
  size_t copied = 0;
  int p;
  memset (o, 0, sizeof *o);
  ck_assert_int_le (tst_param_count (), TST_MAX_PARAMS);
  for (p = 0; p < tst_param_count (); p++)
    ck_assert_ok (lif_neuron_get (n, p, &o->params[p]));
  ck_assert_ok (lif_neuron_get_stepper (n, &o->stepper));
  ck_assert_ok (lif_neuron_get_timing (n, &o->timing));
  ck_assert_ok (lif_neuron_get_spike_limit (n, &o->spike_limit));
  ck_assert_ok (lif_neuron_spike_count (n, &o->spike_count));
  o->spikes = malloc ((o->spike_count + 1) * sizeof *o->spikes);
  ck_assert_ptr_nonnull (o->spikes);
  ck_assert_ok (
      lif_neuron_copy_spikes (n, 0, o->spikes, o->spike_count, &copied));
  ck_assert_uint_eq (copied, o->spike_count);
}

/* Bit for bit the same, every spike included. */
static void
assert_same (const observed *a, const observed *b)
{
  ck_assert_msg (memcmp (a->params, b->params, sizeof a->params) == 0,
                 "a parameter or state variable changed");
  ck_assert_int_eq (a->stepper, b->stepper);
  ck_assert_int_eq (a->timing, b->timing);
  ck_assert_uint_eq (a->spike_limit, b->spike_limit);
  ck_assert_uint_eq (a->spike_count, b->spike_count);
  ck_assert (
      a->spike_count == 0
      || memcmp (a->spikes, b->spikes, a->spike_count * sizeof *a->spikes)
             == 0);
}

static void
forget (observed *o)
{
  free (o->spikes);
  o->spikes = NULL;
}

/* Asserts the outcome of one faulted call: either it succeeded without
 * reaching the failing allocation, or it failed with LIF_ENOMEM because of
 * it. Returns whether it succeeded. */
static int
outcome (int rc, unsigned long k, unsigned long made)
{
  if (rc == LIF_OK)
    {
      ck_assert_msg (made < k,
                     "succeeded although allocation %lu of %lu "
                     "failed",
                     k, made);
      return 1;
    }
  ck_assert_msg (rc == LIF_ENOMEM, "allocation %lu failed: %s, not ENOMEM", k,
                 lif_error_name (rc));
  ck_assert_msg (made >= k, "LIF_ENOMEM but only %lu allocations", made);
  ck_assert_uint_lt (k, MAX_ALLOCATIONS);
  return 0;
}

/* A neuron that fires regularly under its bias alone: an interspike
 * interval of about 0.8 ms, eight steps of the default dt = 0.1 ms, so
 * never two spikes in one step and about 750 spikes in 600 ms. */
static lif_neuron *
firing_neuron (int stepper, int timing)
{
  lif_neuron *n = tst_neuron ();
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_I_BIAS, 19.5);
  return n;
}

static lif_input *
sample_input (void)
{
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_pulse (0.5, 3.0, 40.0, &in));
  return in;
}

/* ---- neurons ---------------------------------------------------------- */

START_TEST (neuron_new)
{
  unsigned long k;
  for (k = 1;; k++)
    {
      lif_neuron *n = (lif_neuron *)&k;
      int rc;
      lif__test_fail_allocation (k);
      rc = lif_neuron_new (&n);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        {
          lif_neuron_free (n);
          break;
        }
      ck_assert_ptr_eq (n, (lif_neuron *)&k);
    }
  ck_assert_uint_eq (k, 2); /* it allocates once */
}
END_TEST

/* A clone copies the spikes: one allocation for the neuron, one for them. */
START_TEST (neuron_clone)
{
  lif_neuron *src = firing_neuron (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE);
  lif_input *in = sample_input ();
  observed before, after;
  unsigned long k;
  ck_assert_ok (lif_neuron_set_input (src, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run (src, 200.0));
  observe (src, &before);
  ck_assert_uint_gt (before.spike_count, 64);
  for (k = 1;; k++)
    {
      lif_neuron *c = (lif_neuron *)&k;
      int rc;
      lif__test_fail_allocation (k);
      rc = lif_neuron_clone (src, &c);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        {
          observe (c, &after);
          assert_same (&before, &after);
          forget (&after);
          /* The clone holds the input on its own. */
          lif_neuron_free (src);
          src = c;
          ck_assert_ok (lif_neuron_run (src, 10.0));
          break;
        }
      ck_assert_ptr_eq (c, (lif_neuron *)&k);
      observe (src, &after);
      assert_same (&before, &after);
      forget (&after);
    }
  ck_assert_uint_eq (k, 3);
  forget (&before);
  lif_neuron_free (src);
}
END_TEST

/* ---- inputs ----------------------------------------------------------- */

static double
half (double t, void *user_data)
{
  (void)user_data;
  return 0.5 + 0.0 * t;
}

/* Makes input number `which` (0 to 7: input_allocations has one entry
 * per input) with faults armed by the caller. */
static int
make_input (int which, lif_input *const *terms, lif_input **out)
{
  static const double times[] = { 0.0, 1.0, 2.5, 7.0 };
  static const double values[] = { 1.0, -2.0, 0.5, 3.0 };
  static const double weights[] = { 2.0, -1.0, 0.5 };
  switch (which)
    {
    case 0:
      return lif_input_new_constant (1.5, out);
    case 1:
      return lif_input_new_pulse (1.0, 2.0, 3.0, out);
    case 2:
      return lif_input_new_pulse_train (1.0, 0.5, 0.2, 1.0, 10, out);
    case 3:
      return lif_input_new_sine (0.0, 1.0, 0.05, 0.0, out);
    case 4:
      return lif_input_new_exp_decay (2.0, 5.0, 1.0, out);
    case 5:
      return lif_input_new_table (times, values, 4, LIF_INTERP_LINEAR, out);
    case 6:
      return lif_input_new_callback (half, NULL, out);
    default:
      return lif_input_new_sum (terms, weights, 3, out);
    }
}

/* How many allocations make_input() makes for each input: a loop test runs
 * over them. */
static const unsigned long input_allocations[] = { 1, 1, 1, 1, 1, 3, 1, 3 };

/* Every constructor, the sum with a sum among its terms (flattened): each
 * failure returns LIF_ENOMEM, writes nothing, and takes no hold on the
 * terms (a leak or an early free would show under valgrind and ASan). */
START_TEST (input_constructors)
{
  const unsigned long *expected = input_allocations;
  lif_input *terms[3], *inner[2];
  double before[3], after;
  unsigned long k;
  int j;
  ck_assert_ok (lif_input_new_constant (1.0, &inner[0]));
  ck_assert_ok (lif_input_new_pulse (2.0, 1.0, 1.0, &inner[1]));
  ck_assert_ok (lif_input_new_sum (inner, NULL, 2, &terms[0]));
  ck_assert_ok (lif_input_new_sine (0.0, 1.0, 0.1, 0.0, &terms[1]));
  ck_assert_ok (lif_input_new_constant (4.0, &terms[2]));
  for (j = 0; j < 3; j++)
    ck_assert_ok (lif_input_eval (terms[j], 1.5, &before[j]));
  for (k = 1;; k++)
    {
      lif_input *in = (lif_input *)&k;
      int rc;
      lif__test_fail_allocation (k);
      rc = make_input (_i, terms, &in);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        {
          ck_assert_ok (lif_input_eval (in, 1.5, &after));
          lif_input_free (in);
          break;
        }
      ck_assert_ptr_eq (in, (lif_input *)&k);
    }
  ck_assert_uint_eq (k, expected[_i] + 1);
  /* The terms are untouched, and freeing them frees everything. */
  for (j = 0; j < 3; j++)
    {
      ck_assert_ok (lif_input_eval (terms[j], 1.5, &after));
      ck_assert_double_eq (after, before[j]);
      lif_input_free (terms[j]);
    }
  lif_input_free (inner[0]);
  lif_input_free (inner[1]);
}
END_TEST

/* ---- runs: the spike store grows ---------------------------------------- */

/* One step whose spike needs the store to grow (its first 64 are full):
 * the step fails as a whole and changes nothing, then succeeds once memory
 * is back. For every stepper and timing mode. */
START_TEST (step_at_full_store)
{
  lif_neuron *n
      = firing_neuron (_i % tst_stepper_count (), _i / tst_stepper_count ());
  lif_neuron *ref;
  observed before, after, expect;
  size_t count = 0;
  unsigned long k;
  int rc;
  /* Step until 64 spikes are recorded, then to just before the 65th. */
  while (count < 64)
    {
      ck_assert_ok (lif_neuron_step (n));
      ck_assert_ok (lif_neuron_spike_count (n, &count));
    }
  for (;;)
    {
      size_t next = 0;
      ck_assert_ok (lif_neuron_clone (n, &ref));
      ck_assert_ok (lif_neuron_step (ref));
      ck_assert_ok (lif_neuron_spike_count (ref, &next));
      if (next > count)
        break;
      lif_neuron_free (ref);
      ck_assert_ok (lif_neuron_step (n));
    }
  /* ref is n after a successful step; the clone sized its store to fit. */
  observe (ref, &expect);
  observe (n, &before);
  for (k = 1;; k++)
    {
      lif__test_fail_allocation (k);
      rc = lif_neuron_step (n);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        break;
      observe (n, &after);
      assert_same (&before, &after);
      forget (&after);
    }
  ck_assert_uint_eq (k, 2);
  observe (n, &after);
  assert_same (&expect, &after);
  forget (&after);
  forget (&before);
  forget (&expect);
  lif_neuron_free (ref);
  lif_neuron_free (n);
}
END_TEST

/* A long run whose spike store grows five times (64, 128, 256, 512, 1024):
 * each growth failing stops the run with LIF_ENOMEM, keeping exactly the
 * spikes of an undisturbed run up to there; the run then resumes and ends
 * where the undisturbed run ends. Grid timing resumes on the same grid and
 * matches bit for bit; precise timing restarts its clock at the stop, so it
 * matches to rounding. For every stepper and timing mode, through
 * lif_neuron_run and lif_neuron_run_trace. */
enum
{
  TRACE_STEPS = 6000
};

static void
run_growing (int stepper, int timing, int traced)
{
  lif_neuron *base = firing_neuron (stepper, timing), *ref, *n;
  lif_input *in = sample_input ();
  static double t_ref[TRACE_STEPS], v_ref[TRACE_STEPS];
  static double t_tr[TRACE_STEPS], v_tr[TRACE_STEPS];
  const double duration = TRACE_STEPS * 0.1;
  observed expect, got;
  unsigned long k, made;
  size_t done = 0, i;
  int rc;
  ck_assert_ok (lif_neuron_set_input (base, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_clone (base, &ref));
  if (traced)
    ck_assert_ok (
        lif_neuron_run_trace (ref, TRACE_STEPS, t_ref, v_ref, NULL, &done));
  else
    ck_assert_ok (lif_neuron_run (ref, duration));
  observe (ref, &expect);
  ck_assert_uint_gt (expect.spike_count, 512);
  ck_assert_uint_le (expect.spike_count, 1024);
  for (k = 1;; k++)
    {
      double t_stop, end;
      ck_assert_ok (lif_neuron_clone (base, &n));
      lif__test_fail_allocation (k);
      if (traced)
        rc = lif_neuron_run_trace (n, TRACE_STEPS, t_tr, v_tr, NULL, &done);
      else
        rc = lif_neuron_run (n, duration);
      made = lif__test_fail_allocation (0);
      if (outcome (rc, k, made))
        {
          lif_neuron_free (n);
          break;
        }
      /* Every spike before the failure is kept, exactly. */
      observe (n, &got);
      ck_assert_uint_lt (got.spike_count, expect.spike_count);
      ck_assert (memcmp (got.spikes, expect.spikes,
                         got.spike_count * sizeof *got.spikes)
                 == 0);
      t_stop = got.params[LIF_PARAM_T];
      ck_assert (t_stop <= expect.spikes[got.spike_count]);
      ck_assert (isfinite (got.params[LIF_PARAM_V]));
      if (traced)
        {
          /* The steps done are recorded, as the undisturbed run did. */
          ck_assert_uint_lt (done, TRACE_STEPS);
          ck_assert (memcmp (t_tr, t_ref, done * sizeof *t_tr) == 0);
          ck_assert (memcmp (v_tr, v_ref, done * sizeof *v_tr) == 0);
        }
      forget (&got);
      /* The neuron is usable: finish the run. */
      end = expect.params[LIF_PARAM_T];
      ck_assert_ok (lif_neuron_run (n, end - t_stop));
      observe (n, &got);
      ck_assert_uint_eq (got.spike_count, expect.spike_count);
      ck_assert_double_eq_tol (got.params[LIF_PARAM_T], end, 1e-9);
      for (i = 0; i < got.spike_count; i++)
        {
          if (timing == LIF_TIMING_GRID)
            ck_assert_double_eq (got.spikes[i], expect.spikes[i]);
          else
            ck_assert_double_eq_tol (got.spikes[i], expect.spikes[i], 1e-9);
        }
      forget (&got);
      lif_neuron_free (n);
    }
  ck_assert_uint_eq (k, 6); /* the store was allocated once, grown 4 times */
  forget (&expect);
  lif_neuron_free (ref);
  lif_neuron_free (base);
}

START_TEST (run_growing_store)
{
  run_growing (_i % tst_stepper_count (), _i / tst_stepper_count (), 0);
}
END_TEST

START_TEST (run_trace_growing_store)
{
  run_growing (_i % tst_stepper_count (), _i / tst_stepper_count (), 1);
}
END_TEST

/* ---- state monitors --------------------------------------------------- */

/* One recorded variable of every sample of a neuron, malloc'd. */
static double *
neuron_samples (const lif_neuron *n, int record, size_t *count)
{
  size_t copied;
  double *x;
  ck_assert_ok (lif_neuron_monitor_count (n, count));
  x = malloc ((*count + 1) * sizeof *x);
  ck_assert_ptr_nonnull (x);
  ck_assert_ok (lif_neuron_copy_monitor (n, record, 0, x, *count, &copied));
  ck_assert_uint_eq (copied, *count);
  return x;
}

/* A monitor that samples every step grows its columns four times (64, 128,
 * 256, 512 samples) in a run of 300 steps, and the spike store once: each
 * allocation failing stops the run with LIF_ENOMEM before the step whose
 * sample found no room, with exactly the samples of an undisturbed run up
 * to there; resumed, the run ends with the undisturbed run's samples (V to
 * rounding where the stop split a step in precise timing). */
START_TEST (monitor_growing)
{
  const int stepper = _i % tst_stepper_count (),
            timing = _i / tst_stepper_count ();
  lif_neuron *base = firing_neuron (stepper, timing), *ref = NULL, *n = NULL;
  double *t_ref, *v_ref;
  size_t n_ref, count, s;
  unsigned long k;
  int rc;
  ck_assert_ok (lif_neuron_set_monitor (base, 1));
  ck_assert_ok (lif_neuron_clone (base, &ref));
  ck_assert_ok (lif_neuron_run (ref, 30.0));
  t_ref = neuron_samples (ref, LIF_RECORD_T, &n_ref);
  v_ref = neuron_samples (ref, LIF_RECORD_V, &n_ref);
  ck_assert_uint_eq (n_ref, 300);
  for (k = 1;; k++)
    {
      double *t, *v, now;
      ck_assert_ok (lif_neuron_clone (base, &n));
      lif__test_fail_allocation (k);
      rc = lif_neuron_run (n, 30.0);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        break;
      /* Stopped at the start of the step after the last sample (or, for
       * a spike's store in precise timing, inside it). */
      t = neuron_samples (n, LIF_RECORD_T, &count);
      v = neuron_samples (n, LIF_RECORD_V, &count);
      now = tst_get (n, LIF_PARAM_T);
      ck_assert_uint_lt (count, n_ref);
      ck_assert (now >= (double)count * 0.1
                 && now < (double)(count + 1) * 0.1);
      ck_assert (memcmp (t, t_ref, count * sizeof *t) == 0);
      ck_assert (memcmp (v, v_ref, count * sizeof *v) == 0);
      free (t);
      free (v);
      /* Usable: the rest of the run records the rest. */
      ck_assert_ok (lif_neuron_run (n, 30.0 - now));
      t = neuron_samples (n, LIF_RECORD_T, &count);
      v = neuron_samples (n, LIF_RECORD_V, &count);
      ck_assert_uint_eq (count, n_ref);
      ck_assert (memcmp (t, t_ref, count * sizeof *t) == 0);
      for (s = 0; s < count; s++)
        ck_assert_double_eq_tol (v[s], v_ref[s], 1e-9);
      free (t);
      free (v);
      lif_neuron_free (n);
    }
  lif_neuron_free (n);
  /* Three columns grown four times, and the spike store. */
  ck_assert_uint_eq (k, 4 * 3 + 1 + 1);
  free (t_ref);
  free (v_ref);
  lif_neuron_free (ref);
  lif_neuron_free (base);
}
END_TEST

/* A clone copies the samples: the neuron, the spikes and the three columns
 * of samples, five allocations; each failing leaves the source as it was
 * and makes nothing. */
START_TEST (neuron_clone_with_samples)
{
  lif_neuron *src = firing_neuron (LIF_STEPPER_EXACT, LIF_TIMING_GRID);
  double *before, *after;
  size_t n_before, n_after;
  unsigned long k;
  ck_assert_ok (lif_neuron_set_monitor (src, 10));
  ck_assert_ok (lif_neuron_run (src, 100.0));
  before = neuron_samples (src, LIF_RECORD_V, &n_before);
  ck_assert_uint_eq (n_before, 100);
  for (k = 1;; k++)
    {
      lif_neuron *c = (lif_neuron *)&k;
      int rc;
      lif__test_fail_allocation (k);
      rc = lif_neuron_clone (src, &c);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        {
          after = neuron_samples (c, LIF_RECORD_V, &n_after);
          ck_assert_uint_eq (n_after, n_before);
          ck_assert (memcmp (before, after, n_before * sizeof *before) == 0);
          free (after);
          lif_neuron_free (c);
          break;
        }
      ck_assert_ptr_eq (c, (lif_neuron *)&k);
      after = neuron_samples (src, LIF_RECORD_V, &n_after);
      ck_assert_uint_eq (n_after, n_before);
      free (after);
    }
  ck_assert_uint_eq (k, 6);
  free (before);
  lif_neuron_free (src);
}
END_TEST

/* ---- batches ---------------------------------------------------------- */

/* Everything a caller can observe of a batch. */
typedef struct batch_observed
{
  size_t n;
  double *values; /* values[p * n + i]: parameter p of member i */
  int stepper, timing;
  size_t limit, count;
  size_t *counts, *idx;
  double *tm;
} batch_observed;

static void
observe_batch (const lif_batch *b, batch_observed *o)
{
  const size_t params = (size_t)tst_param_count ();
  size_t copied = 0;
  int p;
  memset (o, 0, sizeof *o);
  ck_assert_ok (lif_batch_size (b, &o->n));
  o->values = malloc (params * o->n * sizeof *o->values);
  o->counts = malloc (o->n * sizeof *o->counts);
  ck_assert (o->values && o->counts);
  for (p = 0; p < tst_param_count (); p++)
    ck_assert_ok (lif_batch_get_array (b, p, o->values + p * o->n, o->n));
  ck_assert_ok (lif_batch_get_stepper (b, &o->stepper));
  ck_assert_ok (lif_batch_get_timing (b, &o->timing));
  ck_assert_ok (lif_batch_get_spike_limit (b, &o->limit));
  ck_assert_ok (lif_batch_spike_count (b, &o->count));
  ck_assert_ok (lif_batch_spike_counts (b, o->counts, o->n));
  o->idx = malloc ((o->count + 1) * sizeof *o->idx);
  o->tm = malloc ((o->count + 1) * sizeof *o->tm);
  ck_assert (o->idx && o->tm);
  ck_assert_ok (
      lif_batch_copy_spikes (b, 0, o->idx, o->tm, o->count, &copied));
  ck_assert_uint_eq (copied, o->count);
}

/* Bit for bit the same: every member's values (all parameters), the
 * settings, every spike and the per-member counts. */
static void
assert_same_batch (const batch_observed *a, const batch_observed *b,
                   const char *what)
{
  size_t k;
  ck_assert_uint_eq (a->n, b->n);
  for (k = 0; k < (size_t)tst_param_count () * a->n; k++)
    ck_assert_msg (memcmp (&a->values[k], &b->values[k], sizeof (double)) == 0,
                   "%s: member %zu's %s is %a, not %a", what, k % a->n,
                   lif_param_name ((int)(k / a->n)), b->values[k],
                   a->values[k]);
  ck_assert (a->stepper == b->stepper && a->timing == b->timing
             && a->limit == b->limit);
  ck_assert_uint_eq (a->count, b->count);
  ck_assert (memcmp (a->counts, b->counts, a->n * sizeof *a->counts) == 0);
  ck_assert (memcmp (a->idx, b->idx, a->count * sizeof *a->idx) == 0);
  ck_assert (memcmp (a->tm, b->tm, a->count * sizeof *a->tm) == 0);
}

/* The same spikes and states, to tol (a run resumed where another stopped
 * carries V, not V - u, across the gap: the last bits may differ). */
static void
assert_close_batch (const batch_observed *a, const batch_observed *b,
                    double tol)
{
  size_t k;
  ck_assert_uint_eq (a->count, b->count);
  ck_assert (memcmp (a->counts, b->counts, a->n * sizeof *a->counts) == 0);
  ck_assert (memcmp (a->idx, b->idx, a->count * sizeof *a->idx) == 0);
  for (k = 0; k < a->count; k++)
    ck_assert_double_eq_tol (a->tm[k], b->tm[k], tol);
  for (k = 0; k < (size_t)tst_param_count () * a->n; k++)
    ck_assert_double_eq_tol (a->values[k], b->values[k], tol);
}

static void
forget_batch (batch_observed *o)
{
  free (o->values);
  free (o->counts);
  free (o->idx);
  free (o->tm);
  memset (o, 0, sizeof *o);
}

/* Two blocks of members (the batch runs them 256 at a time). */
#define BATCH_N 260
#define BATCH_DT 0.1

/* The ways a batch runs, each with its own allocations: the constant
 * stretch (chunks of 256 steps, undone on failure), an input whose edges
 * fall inside steps (those steps through every member's lane), a varying
 * input, per-step currents from an array and from a callback (single
 * steps). Runs other than the array's end with a shorter step. */
enum
{
  RUN_STRETCH,
  RUN_EDGES,
  RUN_VARYING,
  RUN_ARRAY,
  RUN_CALLBACK,
  RUN_KINDS
};

static double
member_current (double t, size_t i)
{
  return 0.4 + 0.3 * sin (0.7 * t + 0.5 * (double)i);
}

static void
fill_currents (double t, double dt, double *currents, size_t count,
               void *user_data)
{
  size_t i;
  (void)dt;
  (void)user_data;
  for (i = 0; i < count; i++)
    currents[i] = member_current (t, i);
}

/* A batch whose members fire every few milliseconds, some with a
 * refractory period, set up for a run of that kind. */
static lif_batch *
firing_batch (int kind, int stepper, int timing)
{
  double bias[BATCH_N], t_ref[BATCH_N];
  lif_batch *b = NULL;
  lif_input *in = NULL;
  size_t i;
  for (i = 0; i < BATCH_N; i++)
    {
      bias[i] = 1.7 + 2.5 * (double)i / BATCH_N;
      t_ref[i] = (double)(i % 3) * 0.35;
    }
  ck_assert_ok (lif_batch_new (BATCH_N, &b));
  ck_assert_ok (
      lif_batch_set_array (b, LIF_PARAM_I_BIAS, bias, BATCH_N, NULL));
  ck_assert_ok (
      lif_batch_set_array (b, LIF_PARAM_T_REF, t_ref, BATCH_N, NULL));
  ck_assert_ok (lif_batch_set_stepper (b, stepper));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  if (kind == RUN_EDGES)
    ck_assert_ok (lif_input_new_pulse_train (1.0, 0.03, 0.77, 1.3, 0, &in));
  if (kind == RUN_VARYING)
    ck_assert_ok (lif_input_new_sine (0.2, 0.8, 0.05, 0.1, &in));
  if (in)
    ck_assert_ok (lif_batch_set_input (b, in));
  lif_input_free (in);
  if (kind == RUN_CALLBACK)
    ck_assert_ok (lif_batch_set_current_callback (b, fill_currents, NULL));
  return b;
}

/* Runs whole steps first .. first + steps - 1 of the run of that kind, and
 * its shorter last step if asked. */
static int
batch_run_part (lif_batch *b, int kind, const double *rows, size_t first,
                size_t steps, int last)
{
  if (kind == RUN_ARRAY)
    return lif_batch_run_currents (b, rows + first * BATCH_N, steps);
  return lif_batch_run (b, (double)steps * BATCH_DT + (last ? 0.05 : 0.0));
}

/* A run with its k-th allocation failing, for every k until it succeeds
 * (block lists of spikes, pending states and undo records, the spike store
 * growing from nothing to 2048, the merge's sorting room): each failure is
 * LIF_ENOMEM and leaves the batch at the start of a step f, exactly where
 * an undisturbed run of f steps leaves it, spikes and all; the batch is
 * usable, and the rest of the run ends where the undisturbed run does. */
START_TEST (batch_run_out_of_memory)
{
  const int kind = _i % RUN_KINDS, timing = _i / RUN_KINDS;
  const int stepper = _i % tst_stepper_count ();
  const size_t steps = kind == RUN_STRETCH ? 600 : 200;
  const int last = kind != RUN_ARRAY;
  /* Resumed, the array's single steps go through V as before, bit for
   * bit; the others carry V - u over a stretch, or end at t + duration
   * computed from another t, which may differ in the last bits. */
  const int exact = kind == RUN_ARRAY;
  double *rows = malloc (steps * BATCH_N * sizeof *rows);
  lif_batch *full = firing_batch (kind, stepper, timing);
  batch_observed expect, got, ref;
  unsigned long k, made;
  size_t j, i;
  ck_assert_ptr_nonnull (rows);
  for (j = 0; j < steps; j++)
    for (i = 0; i < BATCH_N; i++)
      rows[j * BATCH_N + i] = member_current ((double)j * BATCH_DT, i);
  ck_assert_ok (batch_run_part (full, kind, rows, 0, steps, last));
  observe_batch (full, &expect);
  /* The store was made (256 spikes) and grew at least twice. */
  ck_assert_uint_gt (expect.count, 512);
  for (k = 1;; k++)
    {
      lif_batch *b = firing_batch (kind, stepper, timing), *r;
      double t;
      size_t f;
      int rc;
      lif__test_fail_allocation (k);
      rc = batch_run_part (b, kind, rows, 0, steps, last);
      made = lif__test_fail_allocation (0);
      if (outcome (rc, k, made))
        {
          observe_batch (b, &got);
          assert_same_batch (&expect, &got, "a run that succeeded");
          forget_batch (&got);
          lif_batch_free (b);
          break;
        }
      observe_batch (b, &got);
      t = got.values[LIF_PARAM_T * BATCH_N];
      f = (size_t)lround (t / BATCH_DT);
      ck_assert_msg (t == (double)f * BATCH_DT && f <= steps,
                     "allocation %lu: stopped at t = %a, off the grid", k, t);
      r = firing_batch (kind, stepper, timing);
      if (f > 0)
        ck_assert_ok (batch_run_part (r, kind, rows, 0, f, 0));
      observe_batch (r, &ref);
      assert_same_batch (&ref, &got, "stopped against a shorter run");
      forget_batch (&ref);
      forget_batch (&got);
      lif_batch_free (r);
      /* Usable: the rest of the run. */
      ck_assert_ok (batch_run_part (b, kind, rows, f, steps - f, last));
      observe_batch (b, &got);
      if (exact)
        assert_same_batch (&expect, &got, "resumed against one run");
      else
        assert_close_batch (&expect, &got, 1e-9);
      forget_batch (&got);
      lif_batch_free (b);
    }
  ck_assert_uint_ge (k, 6);
  forget_batch (&expect);
  lif_batch_free (full);
  free (rows);
}
END_TEST

/* A batch's monitor: choosing members allocates their list once (a
 * failure keeps the old list, its samples and its recording); samples
 * growing in a run fail as a neuron's do, stopping the batch at the start
 * of the step whose sample found no room, every earlier sample kept. */
START_TEST (batch_monitor_out_of_memory)
{
  const size_t old_members[1] = { 7 }, members[3] = { BATCH_N - 1, 0, 3 };
  lif_batch *full = firing_batch (RUN_STRETCH, LIF_STEPPER_EXACT, _i),
            *b = NULL;
  double *ref, *got, now;
  size_t n_ref, count, copied;
  unsigned long k;
  int rc;
  /* Three values a sample, 200 samples. */
  ck_assert_ok (lif_batch_set_monitor (full, 1, members, 3));
  ck_assert_ok (lif_batch_run (full, 20.0));
  ck_assert_ok (lif_batch_monitor_count (full, &n_ref));
  ck_assert_uint_eq (n_ref, 200);
  ref = malloc (3 * n_ref * sizeof *ref);
  got = malloc (3 * n_ref * sizeof *got);
  ck_assert (ref && got);
  ck_assert_ok (
      lif_batch_copy_monitor (full, LIF_RECORD_V, 0, ref, n_ref, &copied));
  b = firing_batch (RUN_STRETCH, LIF_STEPPER_EXACT, _i);
  ck_assert_ok (lif_batch_set_monitor (b, 1, old_members, 1));
  ck_assert_ok (lif_batch_step (b));
  lif__test_fail_allocation (1);
  rc = lif_batch_set_monitor (b, 1, members, 3);
  ck_assert_uint_eq (lif__test_fail_allocation (0), 1);
  ck_assert_status (rc, LIF_ENOMEM);
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_uint_eq (count, 1);
  lif_batch_free (b);
  for (k = 1;; k++)
    {
      b = firing_batch (RUN_STRETCH, LIF_STEPPER_EXACT, _i);
      ck_assert_ok (lif_batch_set_monitor (b, 1, members, 3));
      lif__test_fail_allocation (k);
      rc = lif_batch_run (b, 20.0);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        break;
      ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &now));
      ck_assert_ok (lif_batch_monitor_count (b, &count));
      ck_assert_uint_lt (count, n_ref);
      ck_assert_double_eq (now, (double)count * BATCH_DT);
      ck_assert_ok (
          lif_batch_copy_monitor (b, LIF_RECORD_V, 0, got, count, &copied));
      ck_assert (memcmp (got, ref, 3 * count * sizeof *got) == 0);
      ck_assert_ok (lif_batch_run (b, 20.0 - now));
      ck_assert_ok (lif_batch_monitor_count (b, &count));
      ck_assert_uint_eq (count, n_ref);
      lif_batch_free (b);
    }
  lif_batch_free (b);
  ck_assert_uint_ge (k, 3 * 3 + 1);
  free (ref);
  free (got);
  lif_batch_free (full);
}
END_TEST

/* lif_batch_new() allocates four times (the batch, its arrays of doubles,
 * its spike counts and its blocks): each failure is LIF_ENOMEM, writes
 * nothing and leaks nothing. The fifth try succeeds. */
static const size_t batch_sizes[] = { 1, 600 };

START_TEST (batch_new_out_of_memory)
{
  const size_t *sizes = batch_sizes;
  unsigned long k;
  for (k = 1;; k++)
    {
      lif_batch *b = (lif_batch *)&k;
      int rc;
      lif__test_fail_allocation (k);
      rc = lif_batch_new (sizes[_i], &b);
      if (outcome (rc, k, lif__test_fail_allocation (0)))
        {
          ck_assert_ok (lif_batch_run (b, 1.0));
          lif_batch_free (b);
          break;
        }
      ck_assert_ptr_eq (b, (lif_batch *)&k);
    }
  ck_assert_uint_eq (k, 5);
}
END_TEST

/* No other batch call allocates (so none can fail for lack of memory), and
 * runs allocate only while their lists and the spike store grow: the same
 * runs again after a reset, whose spikes fit, make no allocation at all
 * (lif.h: a batch allocates when it is made and when its store grows,
 * never per step). */
START_TEST (no_other_batch_call_allocates)
{
  static const int params[2] = { LIF_PARAM_V_TH, LIF_PARAM_V_RESET };
  double th[BATCH_N], reset[BATCH_N], values[BATCH_N], rows[4 * BATCH_N];
  const double *columns[2] = { th, reset };
  lif_batch *b = firing_batch (RUN_EDGES, LIF_STEPPER_RK4, LIF_TIMING_GRID);
  lif_input *in = sample_input ();
  size_t i, count, copied, idx[4], counts[BATCH_N], bad = 0, limit;
  double x, times[4];
  int pass, p;
  for (i = 0; i < BATCH_N; i++)
    {
      th[i] = -49.0;
      reset[i] = -64.0;
    }
  for (i = 0; i < 4 * BATCH_N; i++)
    rows[i] = 0.25;
  for (pass = 0; pass < 2; pass++)
    {
      /* The first pass sizes the lists and the store; the second, after a
       * reset, must not allocate. */
      lif__test_fail_allocation (0);
      ck_assert_ok (lif_batch_run (b, 20.05));
      ck_assert_ok (lif_batch_run_currents (b, rows, 4));
      ck_assert_ok (lif_batch_set_current_callback (b, fill_currents, NULL));
      ck_assert_ok (lif_batch_run (b, 5.05));
      ck_assert_ok (lif_batch_step (b));
      ck_assert_ok (lif_batch_set_current_callback (b, NULL, NULL));
      ck_assert_ok (lif_batch_set_timing (b, LIF_TIMING_PRECISE));
      ck_assert_ok (lif_batch_run (b, 5.05));
      ck_assert_ok (lif_batch_set_timing (b, LIF_TIMING_GRID));
      ck_assert_ok (lif_batch_reset (b));
      if (pass == 1)
        ck_assert_uint_eq (lif__test_fail_allocation (0), 0);
    }
  for (p = 0; p < tst_param_count (); p++)
    {
      ck_assert_ok (lif_batch_get (b, p, BATCH_N - 1, &x));
      ck_assert_ok (lif_batch_get_array (b, p, values, BATCH_N));
    }
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_E_L, -64.0));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, 0.05));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_T, 3.0));
  ck_assert_ok (
      lif_batch_set_array (b, LIF_PARAM_I_BIAS, values, BATCH_N, &bad));
  ck_assert_ok (lif_batch_set_many (b, params, columns, 2, BATCH_N, &bad));
  ck_assert_ok (lif_batch_set_stepper (b, LIF_STEPPER_HEUN));
  ck_assert_ok (lif_batch_get_stepper (b, &p));
  ck_assert_ok (lif_batch_get_timing (b, &p));
  ck_assert_ok (lif_batch_set_spike_limit (b, 9));
  ck_assert_ok (lif_batch_get_spike_limit (b, &limit));
  ck_assert_ok (lif_batch_set_threads (b, 3));
  ck_assert_ok (lif_batch_get_threads (b, &p));
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_batch_clear_input (b));
  ck_assert_ok (lif_batch_set_input (b, in));
  ck_assert_ok (lif_batch_size (b, &count));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_ok (lif_batch_copy_spikes (b, 0, idx, times, 4, &copied));
  ck_assert_ok (lif_batch_copy_spikes (b, 0, NULL, NULL, 4, &copied));
  ck_assert_ok (lif_batch_spike_counts (b, counts, BATCH_N));
  ck_assert_ok (lif_batch_clear_spikes (b));
  ck_assert_ok (lif_batch_set_spike_callback (b, NULL, NULL));
  ck_assert_ok (lif_batch_set_monitor (b, 0, NULL, 0));
  ck_assert_ok (lif_batch_monitor_count (b, &count));
  ck_assert_ok (
      lif_batch_copy_monitor (b, LIF_RECORD_V, 0, times, 1, &copied));
  ck_assert_ok (lif_batch_clear_monitor (b));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_REF_LEFT, 0.5));
  ck_assert_ok (lif_batch_state_size (b, &count));
  {
    unsigned char state[16384]; /* room for BATCH_N members */
    ck_assert_uint_le (count, sizeof state);
    ck_assert_ok (lif_batch_save_state (b, state, sizeof state));
    ck_assert_ok (lif_batch_restore_state (b, state, sizeof state));
  }
  ck_assert_ok (lif_batch_reset (b));
  lif_batch_free (b);
  lif_input_free (in);
  ck_assert_uint_eq (lif__test_fail_allocation (0), 0);
}
END_TEST

/* ---- lif-sim ---------------------------------------------------------- */

/* lif-sim's sim_build() (examples/lif-sim-opts.c) with its k-th allocation
 * failing, for every k, on a command line with every kind of input: each
 * failure is a failure of the run (SIM_EFAIL, exit status 1) with a
 * message, and makes nothing. Finding 12 of the lif-sim fuzzer: a table
 * input whose allocation failed was reported as a bad command line
 * (SIM_EUSAGE, exit status 2). */
START_TEST (sim_build_out_of_memory)
{
  static char prog[] = "lif-sim", vth[] = "--V_th", vth_value[] = "-45";
  static char i[] = "-i", sine[] = "sine:1,0.1", pulse[] = "pulse:2,1,3";
  static char train[] = "train:1,0,1,2,4", expo[] = "exp:2,5,1";
  static char constant[] = "const:0.5";
  char path[] = "/tmp/lif-faults-XXXXXX", table[64], err[256];
  char *argv[] = { prog,  vth, vth_value, i, sine,  i, pulse,   i,
                   train, i,   expo,      i, table, i, constant };
  const int argc = (int)(sizeof argv / sizeof argv[0]);
  struct sim_options o;
  unsigned long k, made;
  int fd = mkstemp (path);
  FILE *f;
  ck_assert_int_ge (fd, 0);
  f = fdopen (fd, "w");
  ck_assert_ptr_nonnull (f);
  fputs ("t,I\n0,1\n1.5;2\n# off\n5 0\n", f);
  ck_assert_int_eq (fclose (f), 0);
  snprintf (table, sizeof table, "table:%s", path);
  ck_assert_int_eq (sim_parse (argc, argv, &o, err, sizeof err), SIM_OK);
  for (k = 1;; k++)
    {
      lif_neuron *n = (lif_neuron *)&k;
      lif_input *in = (lif_input *)&k;
      int rc;
      err[0] = '\0';
      lif__test_fail_allocation (k);
      rc = sim_build (&o, &n, &in, err, sizeof err);
      made = lif__test_fail_allocation (0);
      if (rc == SIM_OK)
        {
          ck_assert_uint_lt (made, k);
          ck_assert_ptr_nonnull (in);
          lif_input_free (in);
          lif_neuron_free (n);
          break;
        }
      ck_assert_msg (rc == SIM_EFAIL, "allocation %lu: status %d, '%s'", k, rc,
                     err);
      ck_assert_msg (err[0] != '\0', "allocation %lu: no message", k);
      ck_assert (n == NULL && in == NULL);
      ck_assert_uint_ge (made, k);
      ck_assert_uint_lt (k, MAX_ALLOCATIONS);
    }
  /* Two neurons, six inputs (a table three times), their sum (three
   * times): thirteen allocations, so the fourteenth attempt succeeds. */
  ck_assert_uint_eq (k, 2 + 5 + 3 + 3 + 1);
  unlink (path);
}
END_TEST

/* ---- the census ------------------------------------------------------- */

static void
on_spike (double t, void *user_data)
{
  (void)t;
  (void)user_data;
}

/* Every public call not tested above makes no allocation at all (so it
 * cannot fail for lack of memory), and neither does a run whose spikes fit
 * the store. */
START_TEST (no_other_call_allocates)
{
  static const int params[] = { LIF_PARAM_V_TH, LIF_PARAM_V_RESET };
  static const double values[] = { -40.0, -60.0 };
  lif_neuron *n = firing_neuron (LIF_STEPPER_RK4, LIF_TIMING_PRECISE);
  lif_input *in = sample_input ();
  double x, buf[4];
  unsigned char state[256];
  size_t count, copied, limit;
  int p, e;
  lif__test_fail_allocation (0);
  /* A first run sizes the store; from here on nothing may allocate. */
  ck_assert_ok (lif_neuron_run (n, 10.0));
  lif__test_fail_allocation (0);
  for (p = 0; p < tst_param_count (); p++)
    ck_assert_ok (lif_neuron_get (n, p, &x));
  ck_assert_ok (lif_neuron_set (n, LIF_PARAM_E_L, -64.0));
  ck_assert_ok (lif_neuron_set_many (n, params, values, 2));
  ck_assert_ok (lif_neuron_set_stepper (n, LIF_STEPPER_HEUN));
  ck_assert_ok (lif_neuron_get_stepper (n, &p));
  ck_assert_ok (lif_neuron_set_timing (n, LIF_TIMING_GRID));
  ck_assert_ok (lif_neuron_get_timing (n, &p));
  ck_assert_ok (lif_neuron_set_spike_limit (n, 50));
  ck_assert_ok (lif_neuron_get_spike_limit (n, &limit));
  ck_assert_ok (lif_neuron_set_input (n, in));
  ck_assert_ok (lif_neuron_clear_input (n));
  ck_assert_ok (lif_neuron_set_input (n, in));
  ck_assert_ok (lif_neuron_set_spike_callback (n, on_spike, NULL));
  ck_assert_ok (lif_neuron_step (n));
  ck_assert_ok (lif_neuron_run (n, 20.0));
  ck_assert_ok (lif_neuron_run_trace (n, 4, buf, NULL, NULL, &copied));
  ck_assert_ok (lif_neuron_spike_count (n, &count));
  ck_assert_ok (lif_neuron_copy_spikes (n, 0, buf, 4, &copied));
  ck_assert_ok (lif_neuron_rheobase (n, &x));
  ck_assert_ok (lif_neuron_isi (n, 2.0, &x));
  ck_assert_ok (lif_neuron_rate (n, 2.0, &x));
  ck_assert_ok (lif_neuron_time_to_spike (n, 2.0, &x));
  ck_assert_ok (lif_neuron_potential_after (n, 2.0, 3.0, &x));
  ck_assert_ok (lif_input_eval (in, 4.0, &x));
  ck_assert_ok (lif_input_next_breakpoint (in, 4.0, &x));
  ck_assert_ok (lif_neuron_clear_spikes (n));
  ck_assert_ok (lif_neuron_set_monitor (n, 0));
  ck_assert_ok (lif_neuron_monitor_count (n, &count));
  ck_assert_ok (lif_neuron_copy_monitor (n, LIF_RECORD_I, 0, buf, 4, &copied));
  ck_assert_ok (lif_neuron_clear_monitor (n));
  ck_assert_ok (lif_neuron_set (n, LIF_PARAM_REF_LEFT, 0.5));
  ck_assert_ok (lif_neuron_state_size (n, &count));
  ck_assert_uint_le (count, sizeof state);
  ck_assert_ok (lif_neuron_save_state (n, state, sizeof state));
  ck_assert_ok (lif_neuron_restore_state (n, state, sizeof state));
  ck_assert_ok (lif_neuron_reset (n));
  for (e = 1; e > -20; e--)
    {
      ck_assert_ptr_nonnull (lif_strerror (e));
      (void)lif_error_name (e);
      (void)lif_stepper_name (-e);
      (void)lif_timing_name (-e);
      (void)lif_interpolation_name (-e);
      (void)lif_param_name (-e);
      (void)lif_record_name (-e);
    }
  ck_assert_uint_ne (lif_version (), 0);
  ck_assert_ptr_nonnull (lif_version_string ());
  lif_input_free (in);
  lif_neuron_free (n);
  ck_assert_uint_eq (lif__test_fail_allocation (0), 0);
}
END_TEST

static Suite *
suite_faults (void)
{
  Suite *s = suite_create ("faults");
  TCase *tc = tcase_create ("out_of_memory");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, neuron_new);
  tcase_add_test (tc, neuron_clone);
  tcase_add_loop_test (tc, input_constructors, 0,
                       (int)TST_COUNT (input_allocations));
  tcase_add_loop_test (tc, step_at_full_store, 0,
                       tst_stepper_count () * tst_timing_count ());
  tcase_add_loop_test (tc, run_growing_store, 0,
                       tst_stepper_count () * tst_timing_count ());
  tcase_add_loop_test (tc, run_trace_growing_store, 0,
                       tst_stepper_count () * tst_timing_count ());
  tcase_add_loop_test (tc, batch_new_out_of_memory, 0,
                       (int)TST_COUNT (batch_sizes));
  tcase_add_loop_test (tc, batch_run_out_of_memory, 0,
                       RUN_KINDS * tst_timing_count ());
  tcase_add_loop_test (tc, monitor_growing, 0,
                       tst_stepper_count () * tst_timing_count ());
  tcase_add_test (tc, neuron_clone_with_samples);
  tcase_add_loop_test (tc, batch_monitor_out_of_memory, 0,
                       tst_timing_count ());
  tcase_add_test (tc, no_other_batch_call_allocates);
  tcase_add_test (tc, sim_build_out_of_memory);
  tcase_add_test (tc, no_other_call_allocates);
  suite_add_tcase (s, tc);
  return s;
}

/* The helpers of tests.h that these tests use (check_lif.c has the
 * others). */
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
  ck_assert_ok (lif_neuron_set (n, param, value));
}

double
tst_get (const lif_neuron *n, int param)
{
  double value = NAN;
  ck_assert_ok (lif_neuron_get (n, param, &value));
  return value;
}

int
main (void)
{
  SRunner *sr = srunner_create (suite_faults ());
  int failed;
  srunner_set_tap (sr, "-");
  srunner_run_all (sr, CK_SILENT);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
