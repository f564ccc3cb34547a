/*
 * What a host may do from inside a run: every callback of a neuron or batch
 * calls every API function on the same object. Each call is either safe
 * (it answers as it would between runs) or refused with LIF_EBUSY, and the
 * run goes on exactly as without the call. Freeing the object from a
 * callback stops the run with LIF_ECANCELED and frees it once the run
 * returns. (Found by a review from outside: an input callback that set its
 * own neuron's input freed what the run was reading; a spike callback that
 * set dt or ran its neuron again corrupted the run.)
 */
#include "tests.h"

#include <stdlib.h>
#include <string.h>

/* ---- a lone neuron ------------------------------------------------------ */

/* What a callback does to its own neuron, and what it saw. */
typedef struct reentry
{
  lif_neuron *n;
  int call;           /* an index into neuron_calls, or -1 for none */
  int reports;        /* whether it is the progress callback's */
  int calls_made;     /* how many times the callback made the call */
  int wrong_status;   /* a call returned another status than expected */
  int status;         /* the last status seen */
  lif_input *spare;   /* an input to offer lif_neuron_set_input */
  size_t spikes_seen; /* lif_neuron_spike_count, when it answered */
} reentry;

typedef int (*neuron_call) (reentry *r);

static int
n_clone (reentry *r)
{
  lif_neuron *c = NULL;
  int rc = lif_neuron_clone (r->n, &c);
  lif_neuron_free (c);
  return rc;
}
static int
n_reset (reentry *r)
{
  return lif_neuron_reset (r->n);
}
static int
n_set_v (reentry *r)
{
  return lif_neuron_set (r->n, LIF_PARAM_V, -60.0);
}
static int
n_set_dt (reentry *r)
{
  return lif_neuron_set (r->n, LIF_PARAM_DT, 0.37);
}
static int
n_set_t (reentry *r)
{
  return lif_neuron_set (r->n, LIF_PARAM_T, 0.0);
}
static int
n_set_many (reentry *r)
{
  int p = LIF_PARAM_TAU;
  double v = 20.0;
  return lif_neuron_set_many (r->n, &p, &v, 1);
}
static int
n_get_v (reentry *r)
{
  double v;
  return lif_neuron_get (r->n, LIF_PARAM_V, &v);
}
static int
n_get_t (reentry *r)
{
  double v;
  return lif_neuron_get (r->n, LIF_PARAM_T, &v);
}
static int
n_get_param (reentry *r)
{
  double v;
  int rc = lif_neuron_get (r->n, LIF_PARAM_TAU, &v);
  return rc == LIF_OK && v != 10.0 ? LIF_EINVAL : rc;
}
static int
n_get_dt (reentry *r)
{
  double v;
  int rc = lif_neuron_get (r->n, LIF_PARAM_DT, &v);
  return rc == LIF_OK && v != 0.1 ? LIF_EINVAL : rc;
}
static int
n_set_stepper (reentry *r)
{
  return lif_neuron_set_stepper (r->n, LIF_STEPPER_EULER);
}
static int
n_get_stepper (reentry *r)
{
  int s;
  return lif_neuron_get_stepper (r->n, &s);
}
static int
n_set_timing (reentry *r)
{
  return lif_neuron_set_timing (r->n, LIF_TIMING_GRID);
}
static int
n_get_timing (reentry *r)
{
  int s;
  return lif_neuron_get_timing (r->n, &s);
}
static int
n_set_spike_limit (reentry *r)
{
  return lif_neuron_set_spike_limit (r->n, 1);
}
static int
n_get_spike_limit (reentry *r)
{
  size_t s;
  return lif_neuron_get_spike_limit (r->n, &s);
}
static int
n_set_seed (reentry *r)
{
  return lif_neuron_set_seed (r->n, 7, 3);
}
static int
n_get_seed (reentry *r)
{
  uint64_t seed;
  uint32_t stream;
  return lif_neuron_get_seed (r->n, &seed, &stream);
}
static int
n_set_input (reentry *r)
{
  return lif_neuron_set_input (r->n, r->spare);
}
static int
n_clear_input (reentry *r)
{
  return lif_neuron_clear_input (r->n);
}
static int
n_set_spike_callback (reentry *r)
{
  return lif_neuron_set_spike_callback (r->n, NULL, NULL);
}
static int
n_siegert_rate (reentry *r)
{
  double x;
  return lif_neuron_siegert_rate (r->n, 1.0, 0.5, &x);
}
static int
n_siegert_cv (reentry *r)
{
  double x;
  return lif_neuron_siegert_cv (r->n, 1.0, 0.0, &x); /* quick: no noise */
}
static int
n_get_ref_left (reentry *r)
{
  double v;
  return lif_neuron_get (r->n, LIF_PARAM_REF_LEFT, &v);
}
static int
n_state_size (reentry *r)
{
  size_t size;
  return lif_neuron_state_size (r->n, &size);
}
static int
n_save_state (reentry *r)
{
  unsigned char bytes[4096];
  return lif_neuron_save_state (r->n, bytes, sizeof bytes);
}
static int
n_restore_state (reentry *r)
{
  unsigned char bytes[4096] = { 0 };
  return lif_neuron_restore_state (r->n, bytes, sizeof bytes);
}
static int
n_set_progress_callback (reentry *r)
{
  return lif_neuron_set_progress_callback (r->n, NULL, 0, NULL);
}
static int
n_step (reentry *r)
{
  return lif_neuron_step (r->n);
}
static int
n_run (reentry *r)
{
  return lif_neuron_run (r->n, 50.0);
}
static int
n_run_nan (reentry *r)
{
  return lif_neuron_run (r->n, NAN); /* busy comes before the duration */
}
static int
n_run_trace (reentry *r)
{
  double v[4];
  size_t done = 99;
  int rc = lif_neuron_run_trace (r->n, 4, NULL, v, NULL, &done);
  return rc != LIF_OK && done != 99 ? LIF_EINVAL : rc;
}
static int
n_spike_count (reentry *r)
{
  int rc = lif_neuron_spike_count (r->n, &r->spikes_seen);
  return rc;
}
static int
n_copy_spikes (reentry *r)
{
  double t[2];
  size_t copied;
  return lif_neuron_copy_spikes (r->n, 0, t, 2, &copied);
}
static int
n_clear_spikes (reentry *r)
{
  return lif_neuron_clear_spikes (r->n);
}
static int
n_set_monitor (reentry *r)
{
  return lif_neuron_set_monitor (r->n, 3);
}
static int
n_monitor_count (reentry *r)
{
  size_t samples;
  return lif_neuron_monitor_count (r->n, &samples);
}
static int
n_copy_monitor (reentry *r)
{
  double v[2];
  size_t copied;
  return lif_neuron_copy_monitor (r->n, LIF_RECORD_V, 0, v, 2, &copied);
}
static int
n_clear_monitor (reentry *r)
{
  return lif_neuron_clear_monitor (r->n);
}
static int
n_rheobase (reentry *r)
{
  double x;
  return lif_neuron_rheobase (r->n, &x);
}
static int
n_isi (reentry *r)
{
  double x;
  return lif_neuron_isi (r->n, 2.0, &x);
}
static int
n_rate (reentry *r)
{
  double x;
  return lif_neuron_rate (r->n, 2.0, &x);
}
static int
n_time_to_spike (reentry *r)
{
  double x;
  return lif_neuron_time_to_spike (r->n, 2.0, &x);
}
static int
n_potential_after (reentry *r)
{
  double x;
  return lif_neuron_potential_after (r->n, 2.0, 1.0, &x);
}

/* Every function that takes a neuron, but new and free, and what it answers
 * from a callback of that neuron's run: what only reads the parameters or
 * the recorded spikes is safe, everything else is refused. The monitor's
 * samples grow as the run goes: they are read only where it reports. */
static const struct
{
  const char *name;
  neuron_call call;
  int expected;  /* from a spike or input callback */
  int at_report; /* from a progress callback */
} neuron_calls[] = {
  { "clone", n_clone, LIF_EBUSY, LIF_EBUSY },
  { "reset", n_reset, LIF_EBUSY, LIF_EBUSY },
  { "set V", n_set_v, LIF_EBUSY, LIF_EBUSY },
  { "set dt", n_set_dt, LIF_EBUSY, LIF_EBUSY },
  { "set t", n_set_t, LIF_EBUSY, LIF_EBUSY },
  { "set_many", n_set_many, LIF_EBUSY, LIF_EBUSY },
  { "get V", n_get_v, LIF_EBUSY, LIF_OK },
  { "get t", n_get_t, LIF_EBUSY, LIF_OK },
  { "get tau", n_get_param, LIF_OK, LIF_OK },
  { "get dt", n_get_dt, LIF_OK, LIF_OK },
  { "set_stepper", n_set_stepper, LIF_EBUSY, LIF_EBUSY },
  { "get_stepper", n_get_stepper, LIF_OK, LIF_OK },
  { "set_timing", n_set_timing, LIF_EBUSY, LIF_EBUSY },
  { "get_timing", n_get_timing, LIF_OK, LIF_OK },
  { "set_spike_limit", n_set_spike_limit, LIF_EBUSY, LIF_EBUSY },
  { "get_spike_limit", n_get_spike_limit, LIF_OK, LIF_OK },
  { "set_seed", n_set_seed, LIF_EBUSY, LIF_EBUSY },
  { "get_seed", n_get_seed, LIF_OK, LIF_OK },
  { "set_input", n_set_input, LIF_EBUSY, LIF_EBUSY },
  { "clear_input", n_clear_input, LIF_EBUSY, LIF_EBUSY },
  { "set_spike_callback", n_set_spike_callback, LIF_EBUSY, LIF_EBUSY },
  { "siegert_rate", n_siegert_rate, LIF_OK, LIF_OK },
  { "siegert_cv", n_siegert_cv, LIF_OK, LIF_OK },
  { "get ref_left", n_get_ref_left, LIF_EBUSY, LIF_OK },
  { "state_size", n_state_size, LIF_OK, LIF_OK },
  { "save_state", n_save_state, LIF_EBUSY, LIF_OK },
  { "restore_state", n_restore_state, LIF_EBUSY, LIF_EBUSY },
  { "set_progress_callback", n_set_progress_callback, LIF_EBUSY, LIF_EBUSY },
  { "step", n_step, LIF_EBUSY, LIF_EBUSY },
  { "run", n_run, LIF_EBUSY, LIF_EBUSY },
  { "run NaN", n_run_nan, LIF_EBUSY, LIF_EBUSY },
  { "run_trace", n_run_trace, LIF_EBUSY, LIF_EBUSY },
  { "spike_count", n_spike_count, LIF_OK, LIF_OK },
  { "copy_spikes", n_copy_spikes, LIF_OK, LIF_OK },
  { "clear_spikes", n_clear_spikes, LIF_EBUSY, LIF_EBUSY },
  { "set_monitor", n_set_monitor, LIF_EBUSY, LIF_EBUSY },
  { "monitor_count", n_monitor_count, LIF_EBUSY, LIF_OK },
  { "copy_monitor", n_copy_monitor, LIF_EBUSY, LIF_OK },
  { "clear_monitor", n_clear_monitor, LIF_EBUSY, LIF_EBUSY },
  { "rheobase", n_rheobase, LIF_OK, LIF_OK },
  { "isi", n_isi, LIF_OK, LIF_OK },
  { "rate", n_rate, LIF_OK, LIF_OK },
  { "time_to_spike", n_time_to_spike, LIF_OK, LIF_OK },
  { "potential_after", n_potential_after, LIF_OK, LIF_OK },
};

static void
make_call (reentry *r)
{
  if (r->call < 0)
    return;
  r->status = neuron_calls[r->call].call (r);
  r->calls_made++;
  if (r->status
      != (r->reports ? neuron_calls[r->call].at_report
                     : neuron_calls[r->call].expected))
    r->wrong_status++;
}

static void
on_spike (double t, void *data)
{
  (void)t;
  make_call (data);
}

/* A current that makes the neuron fire every few ms, and calls in. */
static double
calling_current (double t, void *data)
{
  make_call (data);
  return 2.0 + 0.5 * sin (t);
}

/* Reports progress, and calls in. */
static int
report (double t, double t_end, void *data)
{
  (void)t;
  (void)t_end;
  make_call (data);
  return 0;
}

/* The callback that makes the call: a neuron's spike callback or a batch's
 * current callback, the input's callback, the progress callback, or a
 * batch's spike callback (a batch has the four kinds, a neuron the first
 * three). */
enum
{
  FROM_EVENT,
  FROM_INPUT,
  FROM_PROGRESS,
  FROM_BATCH_SPIKE,
  CALLBACK_KINDS /* how many kinds */
};

/* The kinds a neuron has. */
#define NEURON_KINDS FROM_BATCH_SPIKE

static const char *const kind_names[CALLBACK_KINDS]
    = { "spike or current", "input", "progress", "batch spike" };

/* Steps between the samples of the monitors these tests set, so that the
 * runs are cut at samples too. */
#define SAMPLE_EVERY 5

/* Steps between progress reports in these tests. */
#define EVERY 7

/* A neuron driven by the calling current, which makes input's call,
 * reporting spikes to on_spike, which makes spike's call, and its progress
 * to report, which makes progress's call. */
static lif_neuron *
calling_neuron (reentry *spike, reentry *input, reentry *progress, int timing)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  ck_assert_ok (lif_input_new_callback (calling_current, input, &in));
  ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  ck_assert_ok (lif_neuron_set_spike_callback (n, on_spike, spike));
  ck_assert_ok (lif_neuron_set_progress_callback (n, report, EVERY, progress));
  ck_assert_ok (lif_neuron_set_monitor (n, SAMPLE_EVERY));
  progress->reports = 1;
  spike->n = input->n = progress->n = n;
  return n;
}

/* Both neurons recorded the same samples, to the bit. */
static void
assert_samples_same (const lif_neuron *a, const lif_neuron *b)
{
  size_t na, nb, copied;
  double xa[2048], xb[2048];
  int r;
  ck_assert_ok (lif_neuron_monitor_count (a, &na));
  ck_assert_ok (lif_neuron_monitor_count (b, &nb));
  ck_assert_uint_eq (na, nb);
  ck_assert_uint_le (na, 2048);
  for (r = 0; r < 3; r++)
    {
      ck_assert_ok (lif_neuron_copy_monitor (a, r, 0, xa, na, &copied));
      ck_assert_ok (lif_neuron_copy_monitor (b, r, 0, xb, nb, &copied));
      ck_assert_int_eq (memcmp (xa, xb, na * sizeof *xa), 0);
    }
}

/* Runs a neuron one of whose callbacks makes one call on it, next to one
 * whose callbacks make none: the call answers as neuron_calls says, every
 * time, and both neurons end bit-identical. */
START_TEST (neuron_callbacks_call_back)
{
  const int n_calls = (int)TST_COUNT (neuron_calls);
  const int call = _i % n_calls, kind = (_i / n_calls) % NEURON_KINDS;
  const int timing = _i / n_calls / NEURON_KINDS;
  reentry spike = { 0 }, input = { 0 }, progress = { 0 };
  reentry quiet_spike = { 0 }, quiet_input = { 0 }, quiet_progress = { 0 };
  reentry *caller = kind == FROM_EVENT   ? &spike
                    : kind == FROM_INPUT ? &input
                                         : &progress;
  lif_neuron *a, *b;
  lif_input *spare = NULL;
  tst_snapshot sa, sb;
  size_t na, nb;
  double *ta, *tb;
  ck_assert_ok (lif_input_new_constant (-3.0, &spare));
  spike.spare = input.spare = progress.spare = spare;
  spike.call = input.call = progress.call = -1;
  quiet_spike.call = quiet_input.call = quiet_progress.call = -1;
  caller->call = call;
  a = calling_neuron (&spike, &input, &progress, timing);
  b = calling_neuron (&quiet_spike, &quiet_input, &quiet_progress, timing);
  ck_assert_ok (lif_neuron_run (a, 100.0));
  ck_assert_ok (lif_neuron_run (b, 100.0));
  ck_assert_int_gt (caller->calls_made, 0);
  ck_assert_msg (
      caller->wrong_status == 0, "%s from the %s callback returned %s, not %s",
      neuron_calls[call].name, kind_names[kind],
      lif_error_name (caller->status),
      lif_error_name (kind == FROM_PROGRESS ? neuron_calls[call].at_report
                                            : neuron_calls[call].expected));
  ta = tst_spikes (a, &na);
  tb = tst_spikes (b, &nb);
  ck_assert_uint_gt (nb, 5);
  ck_assert_uint_eq (na, nb);
  ck_assert_int_eq (memcmp (ta, tb, na * sizeof *ta), 0);
  free (ta);
  free (tb);
  tst_snapshot_take (a, &sa);
  tst_snapshot_take (b, &sb);
  tst_snapshot_same (&sa, &sb);
  assert_samples_same (a, b);
  lif_neuron_free (a);
  lif_neuron_free (b);
  lif_input_free (spare);
}
END_TEST

/* A spike callback that frees its neuron. */
static void
free_on_spike (double t, void *data)
{
  reentry *r = data;
  (void)t;
  r->calls_made++;
  lif_neuron_free (r->n);
}

/* An input callback that frees its neuron at t >= 20. */
static double
free_at_20 (double t, void *data)
{
  reentry *r = data;
  if (t >= 20.0 && r->calls_made == 0)
    {
      r->calls_made++;
      lif_neuron_free (r->n);
    }
  return 2.0;
}

/* Freeing a neuron from its callbacks stops the run (at once from the spike
 * callback) and frees the neuron when the run returns; ASan and valgrind
 * see that nothing is read after it nor leaked. */
START_TEST (neuron_freed_from_callback)
{
  reentry r = { 0 };
  lif_input *in = NULL;
  r.n = tst_neuron ();
  ck_assert_ok (lif_input_new_constant (2.0, &in));
  ck_assert_ok (lif_neuron_set_input (r.n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_set_spike_callback (r.n, free_on_spike, &r));
  ck_assert_status (lif_neuron_run (r.n, 1000.0), LIF_ECANCELED);
  ck_assert_int_eq (r.calls_made, 1);

  memset (&r, 0, sizeof r);
  r.n = tst_neuron ();
  ck_assert_ok (lif_input_new_callback (free_at_20, &r, &in));
  ck_assert_ok (lif_neuron_set_input (r.n, in));
  lif_input_free (in);
  ck_assert_status (lif_neuron_run (r.n, 1000.0), LIF_ECANCELED);
  ck_assert_int_eq (r.calls_made, 1);

  memset (&r, 0, sizeof r);
  r.n = tst_neuron ();
  ck_assert_ok (lif_input_new_callback (free_at_20, &r, &in));
  ck_assert_ok (lif_neuron_set_input (r.n, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_run_trace (r.n, 100, NULL, NULL, NULL, NULL));
  ck_assert_status (lif_neuron_run_trace (r.n, 200, NULL, NULL, NULL, NULL),
                    LIF_ECANCELED);
}
END_TEST

/* Runs of other objects are free to run from a callback: a spike of one
 * neuron steps another. */
static void
step_other (double t, void *data)
{
  (void)t;
  ck_assert_ok (lif_neuron_step (data));
}

START_TEST (callbacks_run_other_neurons)
{
  lif_neuron *a = tst_neuron (), *b = tst_neuron ();
  lif_input *in = NULL;
  size_t spikes;
  ck_assert_ok (lif_input_new_constant (2.0, &in));
  ck_assert_ok (lif_neuron_set_input (a, in));
  lif_input_free (in);
  ck_assert_ok (lif_neuron_set_spike_callback (a, step_other, b));
  ck_assert_ok (lif_neuron_run (a, 100.0));
  ck_assert_ok (lif_neuron_spike_count (a, &spikes));
  ck_assert_uint_gt (spikes, 0);
  ck_assert_double_eq (tst_get (b, LIF_PARAM_T), (double)spikes * 0.1);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

/* ---- a batch ------------------------------------------------------------ */

enum
{
  MEMBERS = 3
};

typedef struct batch_reentry
{
  lif_batch *b;
  int call;    /* an index into batch_calls, or -1 for none */
  int reports; /* whether it is the progress callback's */
  int calls_made;
  int wrong_status;
  int status;
  lif_input *spare;
} batch_reentry;

typedef int (*batch_call) (batch_reentry *r);

static int
b_reset (batch_reentry *r)
{
  return lif_batch_reset (r->b);
}
static int
b_set_v (batch_reentry *r)
{
  return lif_batch_set (r->b, LIF_PARAM_V, -60.0);
}
static int
b_set_t (batch_reentry *r)
{
  return lif_batch_set (r->b, LIF_PARAM_T, 0.0);
}
static int
b_set_dt (batch_reentry *r)
{
  return lif_batch_set (r->b, LIF_PARAM_DT, 0.37);
}
static int
b_set_array (batch_reentry *r)
{
  const double tau[MEMBERS] = { 5.0, 6.0, 7.0 };
  return lif_batch_set_array (r->b, LIF_PARAM_TAU, tau, MEMBERS, NULL);
}
static int
b_set_many (batch_reentry *r)
{
  const double tau[MEMBERS] = { 5.0, 6.0, 7.0 };
  const double *values[1] = { tau };
  int p = LIF_PARAM_TAU;
  return lif_batch_set_many (r->b, &p, values, 1, MEMBERS, NULL);
}
static int
b_get_v (batch_reentry *r)
{
  double v;
  return lif_batch_get (r->b, LIF_PARAM_V, 0, &v);
}
static int
b_get_t (batch_reentry *r)
{
  double v;
  return lif_batch_get (r->b, LIF_PARAM_T, 0, &v);
}
static int
b_get_tau (batch_reentry *r)
{
  double v;
  int rc = lif_batch_get (r->b, LIF_PARAM_TAU, 1, &v);
  return rc == LIF_OK && v != 10.0 ? LIF_EINVAL : rc;
}
static int
b_get_array_v (batch_reentry *r)
{
  double v[MEMBERS];
  return lif_batch_get_array (r->b, LIF_PARAM_V, v, MEMBERS);
}
static int
b_get_array_tau (batch_reentry *r)
{
  double v[MEMBERS];
  return lif_batch_get_array (r->b, LIF_PARAM_TAU, v, MEMBERS);
}
static int
b_size (batch_reentry *r)
{
  size_t n;
  int rc = lif_batch_size (r->b, &n);
  return rc == LIF_OK && n != MEMBERS ? LIF_EINVAL : rc;
}
static int
b_set_stepper (batch_reentry *r)
{
  return lif_batch_set_stepper (r->b, LIF_STEPPER_RK4);
}
static int
b_get_stepper (batch_reentry *r)
{
  int s;
  return lif_batch_get_stepper (r->b, &s);
}
static int
b_set_timing (batch_reentry *r)
{
  return lif_batch_set_timing (r->b, LIF_TIMING_GRID);
}
static int
b_get_timing (batch_reentry *r)
{
  int s;
  return lif_batch_get_timing (r->b, &s);
}
static int
b_set_seed (batch_reentry *r)
{
  return lif_batch_set_seed (r->b, 7, 3);
}
static int
b_get_seed (batch_reentry *r)
{
  uint64_t seed;
  uint32_t first;
  return lif_batch_get_seed (r->b, &seed, &first);
}
static int
b_set_spike_limit (batch_reentry *r)
{
  return lif_batch_set_spike_limit (r->b, 1);
}
static int
b_get_spike_limit (batch_reentry *r)
{
  size_t s;
  return lif_batch_get_spike_limit (r->b, &s);
}
static int
b_set_threads (batch_reentry *r)
{
  return lif_batch_set_threads (r->b, 1);
}
static int
b_get_threads (batch_reentry *r)
{
  int s;
  return lif_batch_get_threads (r->b, &s);
}
static int
b_set_input (batch_reentry *r)
{
  return lif_batch_set_input (r->b, r->spare);
}
static int
b_clear_input (batch_reentry *r)
{
  return lif_batch_clear_input (r->b);
}
static int
b_set_current_callback (batch_reentry *r)
{
  return lif_batch_set_current_callback (r->b, NULL, NULL);
}
static int
b_get_ref_left (batch_reentry *r)
{
  double v;
  return lif_batch_get (r->b, LIF_PARAM_REF_LEFT, 0, &v);
}
static int
b_state_size (batch_reentry *r)
{
  size_t size;
  return lif_batch_state_size (r->b, &size);
}
static int
b_save_state (batch_reentry *r)
{
  unsigned char bytes[4096];
  return lif_batch_save_state (r->b, bytes, sizeof bytes);
}
static int
b_restore_state (batch_reentry *r)
{
  unsigned char bytes[4096] = { 0 };
  return lif_batch_restore_state (r->b, bytes, sizeof bytes);
}
static int
b_set_progress_callback (batch_reentry *r)
{
  return lif_batch_set_progress_callback (r->b, NULL, 0, NULL);
}
static int
b_step (batch_reentry *r)
{
  return lif_batch_step (r->b);
}
static int
b_run (batch_reentry *r)
{
  return lif_batch_run (r->b, 50.0);
}
static int
b_run_nan (batch_reentry *r)
{
  return lif_batch_run (r->b, NAN); /* busy comes before the duration */
}
static int
b_run_currents (batch_reentry *r)
{
  const double x[MEMBERS] = { 0.0, 0.0, 0.0 };
  return lif_batch_run_currents (r->b, x, 1);
}
static int
b_spike_count (batch_reentry *r)
{
  size_t n;
  return lif_batch_spike_count (r->b, &n);
}
static int
b_copy_spikes (batch_reentry *r)
{
  size_t who[2], copied;
  double t[2];
  return lif_batch_copy_spikes (r->b, 0, who, t, 2, &copied);
}
static int
b_spike_counts (batch_reentry *r)
{
  size_t counts[MEMBERS];
  return lif_batch_spike_counts (r->b, counts, MEMBERS);
}
static int
b_clear_spikes (batch_reentry *r)
{
  return lif_batch_clear_spikes (r->b);
}
static int
b_set_spike_callback (batch_reentry *r)
{
  return lif_batch_set_spike_callback (r->b, NULL, NULL);
}
static int
b_set_monitor (batch_reentry *r)
{
  const size_t members[1] = { 1 };
  return lif_batch_set_monitor (r->b, 3, members, 1);
}
static int
b_monitor_count (batch_reentry *r)
{
  size_t samples;
  return lif_batch_monitor_count (r->b, &samples);
}
static int
b_copy_monitor (batch_reentry *r)
{
  double v[2 * MEMBERS];
  size_t copied;
  return lif_batch_copy_monitor (r->b, LIF_RECORD_I, 0, v, 2, &copied);
}
static int
b_clear_monitor (batch_reentry *r)
{
  return lif_batch_clear_monitor (r->b);
}

/* Every function that takes a batch, but new and free, and what it answers
 * from a callback of that batch's run. The spike store is refused too: a
 * run sorts it in place, step by step. */
static const struct
{
  const char *name;
  batch_call call;
  int expected;  /* from a current, input or spike callback */
  int at_report; /* from a progress callback */
} batch_calls[] = {
  { "reset", b_reset, LIF_EBUSY, LIF_EBUSY },
  { "set V", b_set_v, LIF_EBUSY, LIF_EBUSY },
  { "set t", b_set_t, LIF_EBUSY, LIF_EBUSY },
  { "set dt", b_set_dt, LIF_EBUSY, LIF_EBUSY },
  { "set_array", b_set_array, LIF_EBUSY, LIF_EBUSY },
  { "set_many", b_set_many, LIF_EBUSY, LIF_EBUSY },
  { "get V", b_get_v, LIF_EBUSY, LIF_OK },
  { "get t", b_get_t, LIF_EBUSY, LIF_OK },
  { "get tau", b_get_tau, LIF_OK, LIF_OK },
  { "get_array V", b_get_array_v, LIF_EBUSY, LIF_OK },
  { "get_array tau", b_get_array_tau, LIF_OK, LIF_OK },
  { "size", b_size, LIF_OK, LIF_OK },
  { "set_stepper", b_set_stepper, LIF_EBUSY, LIF_EBUSY },
  { "get_stepper", b_get_stepper, LIF_OK, LIF_OK },
  { "set_timing", b_set_timing, LIF_EBUSY, LIF_EBUSY },
  { "get_timing", b_get_timing, LIF_OK, LIF_OK },
  { "set_spike_limit", b_set_spike_limit, LIF_EBUSY, LIF_EBUSY },
  { "get_spike_limit", b_get_spike_limit, LIF_OK, LIF_OK },
  { "set_seed", b_set_seed, LIF_EBUSY, LIF_EBUSY },
  { "get_seed", b_get_seed, LIF_OK, LIF_OK },
  { "set_threads", b_set_threads, LIF_EBUSY, LIF_EBUSY },
  { "get_threads", b_get_threads, LIF_OK, LIF_OK },
  { "set_input", b_set_input, LIF_EBUSY, LIF_EBUSY },
  { "clear_input", b_clear_input, LIF_EBUSY, LIF_EBUSY },
  { "set_current_callback", b_set_current_callback, LIF_EBUSY, LIF_EBUSY },
  { "get ref_left", b_get_ref_left, LIF_EBUSY, LIF_OK },
  { "state_size", b_state_size, LIF_OK, LIF_OK },
  { "save_state", b_save_state, LIF_EBUSY, LIF_OK },
  { "restore_state", b_restore_state, LIF_EBUSY, LIF_EBUSY },
  { "set_progress_callback", b_set_progress_callback, LIF_EBUSY, LIF_EBUSY },
  { "step", b_step, LIF_EBUSY, LIF_EBUSY },
  { "run", b_run, LIF_EBUSY, LIF_EBUSY },
  { "run NaN", b_run_nan, LIF_EBUSY, LIF_EBUSY },
  { "run_currents", b_run_currents, LIF_EBUSY, LIF_EBUSY },
  { "spike_count", b_spike_count, LIF_EBUSY, LIF_OK },
  { "copy_spikes", b_copy_spikes, LIF_EBUSY, LIF_OK },
  { "spike_counts", b_spike_counts, LIF_EBUSY, LIF_OK },
  { "clear_spikes", b_clear_spikes, LIF_EBUSY, LIF_EBUSY },
  { "set_spike_callback", b_set_spike_callback, LIF_EBUSY, LIF_EBUSY },
  { "set_monitor", b_set_monitor, LIF_EBUSY, LIF_EBUSY },
  { "monitor_count", b_monitor_count, LIF_EBUSY, LIF_OK },
  { "copy_monitor", b_copy_monitor, LIF_EBUSY, LIF_OK },
  { "clear_monitor", b_clear_monitor, LIF_EBUSY, LIF_EBUSY },
};

static void
make_batch_call (batch_reentry *r)
{
  if (r->call < 0)
    return;
  r->status = batch_calls[r->call].call (r);
  r->calls_made++;
  if (r->status
      != (r->reports ? batch_calls[r->call].at_report
                     : batch_calls[r->call].expected))
    r->wrong_status++;
}

/* Members' own currents: 1, 2 and 3 nA; the callback calls in. */
static void
calling_currents (double t, double dt, double *currents, size_t count,
                  void *data)
{
  size_t i;
  (void)t;
  (void)dt;
  for (i = 0; i < count; i++)
    currents[i] = 1.0 + (double)i;
  make_batch_call (data);
}

/* A shared current that calls in. */
static double
calling_shared (double t, void *data)
{
  make_batch_call (data);
  return 0.5 + 0.25 * sin (t);
}

/* A batch's spike callback that calls in. */
static void
calling_spike (size_t member, double t, void *data)
{
  (void)member;
  (void)t;
  make_batch_call (data);
}

static int
batch_report (double t, double t_end, void *data)
{
  (void)t;
  (void)t_end;
  make_batch_call (data);
  return 0;
}

static lif_batch *
calling_batch (batch_reentry *currents, batch_reentry *shared,
               batch_reentry *progress, batch_reentry *spikes, int timing)
{
  const size_t watched[2] = { 2, 0 };
  lif_batch *b = NULL;
  lif_input *in = NULL;
  ck_assert_ok (lif_batch_new (MEMBERS, &b));
  ck_assert_ok (lif_input_new_callback (calling_shared, shared, &in));
  ck_assert_ok (lif_batch_set_input (b, in));
  lif_input_free (in);
  ck_assert_ok (
      lif_batch_set_current_callback (b, calling_currents, currents));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  ck_assert_ok (
      lif_batch_set_progress_callback (b, batch_report, EVERY, progress));
  ck_assert_ok (lif_batch_set_spike_callback (b, calling_spike, spikes));
  ck_assert_ok (lif_batch_set_monitor (b, SAMPLE_EVERY, watched, 2));
  progress->reports = 1;
  currents->b = shared->b = progress->b = spikes->b = b;
  return b;
}

/* Everything a batch records: spikes in order, each member's V, and the
 * monitor's samples. */
static void
assert_batches_same (const lif_batch *a, const lif_batch *b)
{
  size_t na, nb, copied, i;
  double xa[2048], xb[2048];
  int r;
  ck_assert_ok (lif_batch_spike_count (a, &na));
  ck_assert_ok (lif_batch_spike_count (b, &nb));
  ck_assert_uint_gt (nb, 5);
  ck_assert_uint_eq (na, nb);
  for (i = 0; i < na; i++)
    {
      size_t wa, wb;
      double ta, tb;
      ck_assert_ok (lif_batch_copy_spikes (a, i, &wa, &ta, 1, &copied));
      ck_assert_ok (lif_batch_copy_spikes (b, i, &wb, &tb, 1, &copied));
      ck_assert_uint_eq (wa, wb);
      ck_assert_int_eq (memcmp (&ta, &tb, sizeof ta), 0);
    }
  for (i = 0; i < MEMBERS; i++)
    {
      double va, vb;
      ck_assert_ok (lif_batch_get (a, LIF_PARAM_V, i, &va));
      ck_assert_ok (lif_batch_get (b, LIF_PARAM_V, i, &vb));
      ck_assert_int_eq (memcmp (&va, &vb, sizeof va), 0);
    }
  ck_assert_ok (lif_batch_monitor_count (a, &na));
  ck_assert_ok (lif_batch_monitor_count (b, &nb));
  ck_assert_uint_eq (na, nb);
  ck_assert_uint_le (na * MEMBERS, 2048);
  for (r = 0; r < 3; r++)
    {
      ck_assert_ok (lif_batch_copy_monitor (a, r, 0, xa, na, &copied));
      ck_assert_ok (lif_batch_copy_monitor (b, r, 0, xb, nb, &copied));
      /* a sample is a time, or one value per watched member */
      ck_assert_int_eq (
          memcmp (xa, xb, copied * (r == LIF_RECORD_T ? 1 : 2) * sizeof *xa),
          0);
    }
}

/* As neuron_callbacks_call_back, for a batch's current callback, its
 * shared input's callback, its progress callback and its spike callback. */
START_TEST (batch_callbacks_call_back)
{
  const int n_calls = (int)TST_COUNT (batch_calls);
  const int call = _i % n_calls, kind = (_i / n_calls) % CALLBACK_KINDS;
  const int timing = _i / n_calls / CALLBACK_KINDS;
  batch_reentry currents = { 0 }, shared = { 0 }, progress = { 0 },
                spikes = { 0 };
  batch_reentry quiet_currents = { 0 }, quiet_shared = { 0 },
                quiet_progress = { 0 }, quiet_spikes = { 0 };
  batch_reentry *caller = kind == FROM_EVENT      ? &currents
                          : kind == FROM_INPUT    ? &shared
                          : kind == FROM_PROGRESS ? &progress
                                                  : &spikes;
  lif_batch *a, *b;
  lif_input *spare = NULL;
  ck_assert_ok (lif_input_new_constant (-3.0, &spare));
  currents.spare = shared.spare = progress.spare = spikes.spare = spare;
  currents.call = shared.call = progress.call = spikes.call = -1;
  quiet_currents.call = quiet_shared.call = quiet_progress.call
      = quiet_spikes.call = -1;
  caller->call = call;
  a = calling_batch (&currents, &shared, &progress, &spikes, timing);
  b = calling_batch (&quiet_currents, &quiet_shared, &quiet_progress,
                     &quiet_spikes, timing);
  ck_assert_ok (lif_batch_run (a, 100.05));
  ck_assert_ok (lif_batch_run (b, 100.05));
  ck_assert_int_gt (caller->calls_made, 0);
  ck_assert_msg (
      caller->wrong_status == 0, "%s from the %s callback returned %s, not %s",
      batch_calls[call].name, kind_names[kind],
      lif_error_name (caller->status),
      lif_error_name (kind == FROM_PROGRESS ? batch_calls[call].at_report
                                            : batch_calls[call].expected));
  assert_batches_same (a, b);
  lif_batch_free (a);
  lif_batch_free (b);
  lif_input_free (spare);
}
END_TEST

/* A current callback that frees its batch at t >= 20. */
static void
free_batch_at_20 (double t, double dt, double *currents, size_t count,
                  void *data)
{
  batch_reentry *r = data;
  size_t i;
  (void)dt;
  for (i = 0; i < count; i++)
    currents[i] = 2.0;
  if (t >= 20.0 && r->calls_made == 0)
    {
      r->calls_made++;
      lif_batch_free (r->b);
    }
}

/* Freeing a batch from its current callback stops the run before that step
 * and frees the batch when the run returns. */
START_TEST (batch_freed_from_callback)
{
  batch_reentry r = { 0 };
  ck_assert_ok (lif_batch_new (MEMBERS, &r.b));
  ck_assert_ok (lif_batch_set_current_callback (r.b, free_batch_at_20, &r));
  ck_assert_ok (lif_batch_run (r.b, 10.0));
  ck_assert_status (lif_batch_run (r.b, 1000.0), LIF_ECANCELED);
  ck_assert_int_eq (r.calls_made, 1);
}
END_TEST

/* ---- progress and cancel ------------------------------------------------ */

/* What a progress callback saw. */
typedef struct progress_log
{
  lif_neuron *n;
  lif_batch *b;
  int calls, stop_at; /* stop_at: the call that asks to stop, or 0 */
  double last_t, t_end;
  int state_differs; /* V or t read there differ from the callback's t */
} progress_log;

static int
log_progress (double t, double t_end, void *data)
{
  progress_log *p = data;
  double now = NAN;
  p->calls++;
  p->last_t = t;
  p->t_end = t_end;
  if (p->n && lif_neuron_get (p->n, LIF_PARAM_T, &now) != LIF_OK)
    p->state_differs++;
  if (p->b && lif_batch_get (p->b, LIF_PARAM_T, 0, &now) != LIF_OK)
    p->state_differs++;
  if (now != t)
    p->state_differs++;
  return p->calls == p->stop_at;
}

/* A neuron of the given stepper, timing and input kind, firing. */
static lif_neuron *
loop_neuron (int config, const double *level)
{
  const int steppers = tst_stepper_count ();
  const int stepper = config % steppers;
  const int timing = (config / steppers) % tst_timing_count ();
  const int kind = config / steppers / tst_timing_count ();
  lif_neuron *n = tst_neuron ();
  lif_input *in = tst_input (kind, level);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  tst_set (n, LIF_PARAM_T_REF, 2.0);
  tst_set (n, LIF_PARAM_I_BIAS, 1.0);
  if (in)
    ck_assert_ok (lif_neuron_set_input (n, in));
  lif_input_free (in);
  return n;
}

static int
loop_configs (void)
{
  return tst_stepper_count () * tst_timing_count () * tst_input_kind_count ();
}

static void
assert_neurons_same (const lif_neuron *a, const lif_neuron *b)
{
  tst_snapshot sa, sb;
  size_t na, nb;
  double *ta = tst_spikes (a, &na), *tb = tst_spikes (b, &nb);
  ck_assert_uint_eq (na, nb);
  ck_assert_int_eq (memcmp (ta, tb, na * sizeof *ta), 0);
  free (ta);
  free (tb);
  tst_snapshot_take (a, &sa);
  tst_snapshot_take (b, &sb);
  tst_snapshot_same (&sa, &sb);
}

/* A run with a progress callback every 64 steps is, bit for bit, the same
 * run made by runs of 64 steps; the callback comes at every 64th step but
 * the last, with the time reached (which lif_neuron_get answers there) and
 * the run's end. */
START_TEST (progress_cuts_a_run_into_runs)
{
  const double level = 1.5;
  lif_neuron *a = loop_neuron (_i, &level), *b = loop_neuron (_i, &level);
  progress_log log = { 0 };
  double ninth = NAN;
  int piece;
  log.n = a;
  ck_assert_ok (lif_neuron_set_progress_callback (a, log_progress, 64, &log));
  ck_assert_ok (lif_neuron_run (a, 6.4 * 10 + 0.05));
  for (piece = 0; piece < 10; piece++)
    {
      ck_assert_ok (lif_neuron_run (b, 6.4));
      if (piece == 8)
        ninth = tst_get (b, LIF_PARAM_T);
    }
  ck_assert_ok (lif_neuron_run (b, 0.05));
  /* 640 whole steps and a shorter one: no call after the 640th. */
  ck_assert_int_eq (log.calls, 9);
  ck_assert_int_eq (log.state_differs, 0);
  ck_assert_double_eq (log.last_t, ninth);
  ck_assert_double_eq (log.t_end, 6.4 * 10 + 0.05);
  assert_neurons_same (a, b);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

/* A progress callback that asks to stop stops the run there, LIF_ECANCELED,
 * with the neuron at that time; the rest of the run then ends as one run
 * in the same pieces. No call after the last whole step: a run of exactly
 * 64 steps reports nothing. */
START_TEST (progress_stops_and_resumes)
{
  const double level = 1.5;
  lif_neuron *a = loop_neuron (_i, &level), *b = loop_neuron (_i, &level);
  progress_log log = { 0 }, log_b = { 0 };
  log.n = a;
  log.stop_at = 3;
  log_b.n = b;
  ck_assert_ok (lif_neuron_set_progress_callback (a, log_progress, 64, &log));
  ck_assert_ok (
      lif_neuron_set_progress_callback (b, log_progress, 64, &log_b));
  ck_assert_status (lif_neuron_run (a, 100.0), LIF_ECANCELED);
  ck_assert_int_eq (log.calls, 3);
  ck_assert_double_eq (tst_get (a, LIF_PARAM_T), log.last_t);
  ck_assert_ok (lif_neuron_run (a, 100.0 - tst_get (a, LIF_PARAM_T)));
  ck_assert_ok (lif_neuron_run (b, 3 * 6.4));
  ck_assert_ok (lif_neuron_run (b, 100.0 - tst_get (b, LIF_PARAM_T)));
  assert_neurons_same (a, b);
  log.calls = 0;
  log.stop_at = 0;
  ck_assert_ok (lif_neuron_run_trace (a, 64, NULL, NULL, NULL, NULL));
  ck_assert_ok (lif_neuron_step (a));
  ck_assert_int_eq (log.calls, 0);
  ck_assert_ok (lif_neuron_run_trace (a, 65, NULL, NULL, NULL, NULL));
  ck_assert_int_eq (log.calls, 1);
  lif_neuron_free (a);
  lif_neuron_free (b);
}
END_TEST

/* Refusals change nothing: the callback set before still reports. */
START_TEST (progress_refusals)
{
  lif_neuron *n = tst_neuron ();
  lif_batch *b = NULL;
  progress_log log = { 0 };
  ck_assert_status (
      lif_neuron_set_progress_callback (NULL, log_progress, 1, NULL),
      LIF_ENULL);
  ck_assert_status (
      lif_batch_set_progress_callback (NULL, log_progress, 1, NULL),
      LIF_ENULL);
  ck_assert_ok (lif_neuron_set_progress_callback (n, log_progress, 10, &log));
  ck_assert_status (
      lif_neuron_set_progress_callback (n, log_progress, 0, NULL), LIF_EINVAL);
  ck_assert_ok (lif_neuron_run (n, 10.0));
  ck_assert_int_eq (log.calls, 9);
  ck_assert_ok (lif_neuron_set_progress_callback (n, NULL, 0, NULL));
  ck_assert_ok (lif_neuron_run (n, 10.0));
  ck_assert_int_eq (log.calls, 9);
  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_ok (lif_batch_set_progress_callback (b, log_progress, 10, &log));
  ck_assert_status (lif_batch_set_progress_callback (b, log_progress, 0, NULL),
                    LIF_EINVAL);
  ck_assert_ok (lif_batch_run (b, 10.0));
  ck_assert_int_eq (log.calls, 18);
  lif_batch_free (b);
  lif_neuron_free (n);
}
END_TEST

/* A batch reports and stops the same way, under a constant drive (taken in
 * stretches) and under per-step currents; stopped and resumed, it ends as
 * the same run made in pieces. */
START_TEST (batch_progress_stops_and_resumes)
{
  const int per_step = _i % 2, timing = _i / 2;
  lif_batch *a = NULL, *b = NULL;
  progress_log log = { 0 };
  double *rows = malloc (1000 * MEMBERS * sizeof *rows);
  size_t i;
  ck_assert_ptr_nonnull (rows);
  for (i = 0; i < 1000 * MEMBERS; i++)
    rows[i] = 1.0 + (double)(i % MEMBERS) + 0.5 * sin (0.01 * (double)i);
  ck_assert_ok (lif_batch_new (MEMBERS, &a));
  ck_assert_ok (lif_batch_new (MEMBERS, &b));
  ck_assert_ok (lif_batch_set_timing (a, timing));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  ck_assert_ok (lif_batch_set (a, LIF_PARAM_I_BIAS, 2.0));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_I_BIAS, 2.0));
  log.b = a;
  log.stop_at = 4;
  ck_assert_ok (lif_batch_set_progress_callback (a, log_progress, 100, &log));
  if (per_step)
    {
      ck_assert_status (lif_batch_run_currents (a, rows, 1000), LIF_ECANCELED);
      ck_assert_ok (lif_batch_run_currents (a, rows + 400 * MEMBERS, 600));
      for (i = 0; i < 10; i++)
        ck_assert_ok (
            lif_batch_run_currents (b, rows + i * 100 * MEMBERS, 100));
    }
  else
    {
      ck_assert_status (lif_batch_run (a, 100.0), LIF_ECANCELED);
      ck_assert_ok (lif_batch_run (a, 60.0));
      for (i = 0; i < 10; i++)
        ck_assert_ok (lif_batch_run (b, 10.0));
    }
  ck_assert_int_eq (log.calls, 4 + 5);
  ck_assert_int_eq (log.state_differs, 0);
  assert_batches_same (a, b);
  lif_batch_free (a);
  lif_batch_free (b);
  free (rows);
}
END_TEST

Suite *
suite_embedding (void)
{
  Suite *s = suite_create ("embedding");
  TCase *tc = tcase_create ("embedding");
  tcase_add_loop_test (tc, neuron_callbacks_call_back, 0,
                       (int)TST_COUNT (neuron_calls) * NEURON_KINDS
                           * tst_timing_count ());
  tcase_add_test (tc, neuron_freed_from_callback);
  tcase_add_test (tc, callbacks_run_other_neurons);
  tcase_add_loop_test (tc, batch_callbacks_call_back, 0,
                       (int)TST_COUNT (batch_calls) * CALLBACK_KINDS
                           * tst_timing_count ());
  tcase_add_test (tc, batch_freed_from_callback);
  tcase_add_loop_test (tc, progress_cuts_a_run_into_runs, 0, loop_configs ());
  tcase_add_loop_test (tc, progress_stops_and_resumes, 0, loop_configs ());
  tcase_add_test (tc, progress_refusals);
  tcase_add_loop_test (tc, batch_progress_stops_and_resumes, 0,
                       2 * tst_timing_count ());
  suite_add_tcase (s, tc);
  return s;
}
