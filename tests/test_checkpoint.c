/*
 * Saved states (lif_neuron_save_state, lif_batch_save_state): stopping,
 * saving, restoring and running on is bit for bit what never stopping
 * computes, into the same object or a fresh one configured the same way;
 * every refused state changes nothing; and the bytes of format version 1
 * stay readable.
 */
#include "tests.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DT 0.1
#define T_REF 2.0
/* How long every object runs on after the checkpoint. */
#define RUN_ON 25.0
/* The inputs the continuation tests use (tst_input kinds): a pulse with
 * edges off the grid, a pulse train plus a sine, a linear table. All have
 * breakpoints, which split steps. */
static const int input_kinds[] = { 2, 5, 6 };
static const double input_level = 2.6;

/* Loop index _i -> stepper, timing mode and input kind, stepper fastest. */
static int
combinations (void)
{
  return tst_stepper_count () * tst_timing_count ()
         * (int)TST_COUNT (input_kinds);
}

static void
split (int i, int *stepper, int *timing, int *kind)
{
  *stepper = i % tst_stepper_count ();
  *timing = (i / tst_stepper_count ()) % tst_timing_count ();
  *kind = input_kinds[i / (tst_stepper_count () * tst_timing_count ())];
}

/* Whether two doubles are the same bits. */
static int
same_bits (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* ---- neurons ----------------------------------------------------------- */

static lif_neuron *
configured_neuron (int stepper, int timing, lif_input *in)
{
  lif_neuron *n = tst_neuron ();
  tst_set (n, LIF_PARAM_T_REF, T_REF);
  tst_set (n, LIF_PARAM_DT, DT);
  tst_set (n, LIF_PARAM_I_BIAS, 0.3);
  ck_assert_ok (lif_neuron_set_stepper (n, stepper));
  ck_assert_ok (lif_neuron_set_timing (n, timing));
  if (in)
    ck_assert_ok (lif_neuron_set_input (n, in));
  return n;
}

static unsigned char *
save_neuron (const lif_neuron *n, size_t *size)
{
  unsigned char *state;
  ck_assert_ok (lif_neuron_state_size (n, size));
  state = malloc (*size);
  ck_assert_ptr_nonnull (state);
  ck_assert_ok (lif_neuron_save_state (n, state, *size));
  return state;
}

/* Fails unless n, since its spikes were last cleared, fired what reference
 * fired from its spike `first` on, and ends at the same V and t. */
static void
assert_continues (const lif_neuron *reference, size_t first,
                  const lif_neuron *n, const char *what)
{
  size_t ref_count, count, k;
  double *ref = tst_spikes (reference, &ref_count);
  double *mine = tst_spikes (n, &count);
  ck_assert_uint_ge (ref_count, first);
  ck_assert_msg (count == ref_count - first, "%s: %zu spikes, not %zu", what,
                 count, ref_count - first);
  ck_assert_uint_gt (count, 0); /* the comparison compares something */
  for (k = 0; k < count; k++)
    ck_assert_msg (same_bits (mine[k], ref[first + k]),
                   "%s: spike %zu at %a, not %a", what, k, mine[k],
                   ref[first + k]);
  ck_assert_msg (
      same_bits (tst_get (n, LIF_PARAM_V), tst_get (reference, LIF_PARAM_V)),
      "%s: V %a, not %a", what, tst_get (n, LIF_PARAM_V),
      tst_get (reference, LIF_PARAM_V));
  ck_assert (
      same_bits (tst_get (n, LIF_PARAM_T), tst_get (reference, LIF_PARAM_T)));
  free (ref);
  free (mine);
}

/* A neuron stopped in the middle of a refractory period, saved, disturbed,
 * restored and run on; and a fresh clone of its configuration given the
 * same state: both fire what a neuron that never stopped fires, bit for
 * bit (loop over steppers, timings and inputs). Each stops with one
 * lif_neuron_run() to the step a probe found: whole-step pieces of a run
 * give the bits of one run, while lif_neuron_step() may differ from a run
 * in the last bits in precise timing (test_run.c paths_agree). */
START_TEST (neuron_continues_bit_for_bit)
{
  int stepper, timing, kind;
  lif_input *in;
  lif_neuron *reference, *stopped, *blank, *fresh;
  unsigned char *state, *again;
  size_t size, size_again, spikes = 0;
  int64_t steps = 0;
  split (_i, &stepper, &timing, &kind);
  in = tst_input (kind, &input_level);
  stopped = configured_neuron (stepper, timing, in);
  ck_assert_ok (lif_neuron_clone (stopped, &blank));
  /* Stop four steps into the refractory period of the second spike. */
  {
    lif_neuron *probe = configured_neuron (stepper, timing, in);
    while (spikes < 2)
      {
        ck_assert_ok (lif_neuron_step (probe));
        ck_assert_ok (lif_neuron_spike_count (probe, &spikes));
        steps++;
      }
    lif_neuron_free (probe);
  }
  steps += 4;
  ck_assert_ok (lif_neuron_run (stopped, (double)steps * DT));
  ck_assert_ok (lif_neuron_spike_count (stopped, &spikes));
  ck_assert_double_gt (tst_get (stopped, LIF_PARAM_REF_LEFT), 0.0);
  state = save_neuron (stopped, &size);

  /* Never stopped: one run over the same steps and then some. */
  reference = configured_neuron (stepper, timing, in);
  ck_assert_ok (lif_neuron_run (reference, (double)steps * DT + RUN_ON));

  /* The same object, disturbed and restored. */
  ck_assert_ok (lif_neuron_run (stopped, 7.3));
  tst_set (stopped, LIF_PARAM_V, -20.0);
  ck_assert_ok (lif_neuron_restore_state (stopped, state, size));
  again = save_neuron (stopped, &size_again);
  ck_assert_uint_eq (size_again, size);
  ck_assert (memcmp (again, state, size) == 0);
  ck_assert_ok (lif_neuron_clear_spikes (stopped));
  ck_assert_ok (lif_neuron_run (stopped, RUN_ON));
  assert_continues (reference, spikes, stopped, "same neuron");

  /* Another object configured the same way. */
  ck_assert_ok (lif_neuron_clone (blank, &fresh));
  ck_assert_ok (lif_neuron_restore_state (fresh, state, size));
  ck_assert_ok (lif_neuron_run (fresh, RUN_ON));
  assert_continues (reference, spikes, fresh, "fresh neuron");

  free (state);
  free (again);
  lif_neuron_free (reference);
  lif_neuron_free (stopped);
  lif_neuron_free (blank);
  lif_neuron_free (fresh);
  lif_input_free (in);
}
END_TEST

/* ---- batches ----------------------------------------------------------- */

#define MEMBERS 9

/* Member i's refractory period, bias and threshold: a spread of periods
 * (none, shorter and longer than a step, off the grid) and of rates. */
static void
member_values (size_t i, double *t_ref, double *bias, double *v_th)
{
  static const double t_refs[] = { 0.0, 0.05, 0.5, 2.0, 3.33 };
  *t_ref = t_refs[i % TST_COUNT (t_refs)];
  *bias = 0.1 * (double)i;
  *v_th = -50.0 + 0.7 * (double)(i % 4);
}

static lif_batch *
configured_batch (int stepper, int timing, lif_input *in)
{
  static const int params[3]
      = { LIF_PARAM_T_REF, LIF_PARAM_I_BIAS, LIF_PARAM_V_TH };
  double t_ref[MEMBERS], bias[MEMBERS], v_th[MEMBERS];
  const double *columns[3] = { t_ref, bias, v_th };
  lif_batch *b = NULL;
  size_t i;
  for (i = 0; i < MEMBERS; i++)
    member_values (i, &t_ref[i], &bias[i], &v_th[i]);
  ck_assert_ok (lif_batch_new (MEMBERS, &b));
  ck_assert_ok (lif_batch_set_many (b, params, columns, 3, MEMBERS, NULL));
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, DT));
  ck_assert_ok (lif_batch_set_stepper (b, stepper));
  ck_assert_ok (lif_batch_set_timing (b, timing));
  ck_assert_ok (lif_batch_set_threads (b, 1));
  if (in)
    ck_assert_ok (lif_batch_set_input (b, in));
  return b;
}

static unsigned char *
save_batch (const lif_batch *b, size_t *size)
{
  unsigned char *state;
  ck_assert_ok (lif_batch_state_size (b, size));
  state = malloc (*size);
  ck_assert_ptr_nonnull (state);
  ck_assert_ok (lif_batch_save_state (b, state, *size));
  return state;
}

/* The number of members refractory now. */
static size_t
refractory_members (const lif_batch *b)
{
  double left[MEMBERS];
  size_t i, count = 0;
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_REF_LEFT, left, MEMBERS));
  for (i = 0; i < MEMBERS; i++)
    count += left[i] > 0.0;
  return count;
}

/* As assert_continues, for batches: spikes as (member, time) pairs. */
static void
assert_batch_continues (const lif_batch *reference, size_t first,
                        const lif_batch *b, const char *what)
{
  size_t ref_count = 0, count = 0, copied = 0, k;
  size_t *ref_idx, *idx;
  double *ref_t, *t, ref_v[MEMBERS], v[MEMBERS], ref_now, now;
  ck_assert_ok (lif_batch_spike_count (reference, &ref_count));
  ck_assert_ok (lif_batch_spike_count (b, &count));
  ck_assert_uint_ge (ref_count, first);
  ck_assert_msg (count == ref_count - first, "%s: %zu spikes, not %zu", what,
                 count, ref_count - first);
  ck_assert_uint_gt (count, 0);
  ref_idx = malloc (ref_count * sizeof *ref_idx);
  ref_t = malloc (ref_count * sizeof *ref_t);
  idx = malloc (count * sizeof *idx);
  t = malloc (count * sizeof *t);
  ck_assert_ok (lif_batch_copy_spikes (reference, 0, ref_idx, ref_t, ref_count,
                                       &copied));
  ck_assert_ok (lif_batch_copy_spikes (b, 0, idx, t, count, &copied));
  for (k = 0; k < count; k++)
    ck_assert_msg (idx[k] == ref_idx[first + k]
                       && same_bits (t[k], ref_t[first + k]),
                   "%s: spike %zu is member %zu at %a, not %zu at %a", what, k,
                   idx[k], t[k], ref_idx[first + k], ref_t[first + k]);
  ck_assert_ok (lif_batch_get_array (reference, LIF_PARAM_V, ref_v, MEMBERS));
  ck_assert_ok (lif_batch_get_array (b, LIF_PARAM_V, v, MEMBERS));
  ck_assert_msg (memcmp (v, ref_v, sizeof v) == 0, "%s: V differs", what);
  ck_assert_ok (lif_batch_get (reference, LIF_PARAM_T, 0, &ref_now));
  ck_assert_ok (lif_batch_get (b, LIF_PARAM_T, 0, &now));
  ck_assert (same_bits (now, ref_now));
  free (ref_idx);
  free (ref_t);
  free (idx);
  free (t);
}

/* As neuron_continues_bit_for_bit, for a batch whose members are in
 * different phases of their refractory periods when it stops (loop over
 * steppers, timings and inputs). The fresh batch's scratch arrays have
 * never run: the state alone must decide. */
START_TEST (batch_continues_bit_for_bit)
{
  int stepper, timing, kind;
  lif_input *in;
  lif_batch *reference, *stopped, *fresh;
  unsigned char *state, *again;
  size_t size, size_again, spikes = 0;
  int64_t steps = 0;
  split (_i, &stepper, &timing, &kind);
  in = tst_input (kind, &input_level);
  stopped = configured_batch (stepper, timing, in);
  {
    lif_batch *probe = configured_batch (stepper, timing, in);
    while (spikes < 6 || refractory_members (probe) < 2)
      {
        ck_assert_ok (lif_batch_step (probe));
        ck_assert_ok (lif_batch_spike_count (probe, &spikes));
        ck_assert_int_lt (++steps, 100000);
      }
    lif_batch_free (probe);
  }
  ck_assert_ok (lif_batch_run (stopped, (double)steps * DT));
  ck_assert_ok (lif_batch_spike_count (stopped, &spikes));
  ck_assert_uint_ge (refractory_members (stopped), 2);
  state = save_batch (stopped, &size);

  reference = configured_batch (stepper, timing, in);
  ck_assert_ok (lif_batch_run (reference, (double)steps * DT + RUN_ON));

  ck_assert_ok (lif_batch_run (stopped, 5.1));
  ck_assert_ok (lif_batch_set (stopped, LIF_PARAM_V, -30.0));
  ck_assert_ok (lif_batch_restore_state (stopped, state, size));
  again = save_batch (stopped, &size_again);
  ck_assert_uint_eq (size_again, size);
  ck_assert (memcmp (again, state, size) == 0);
  ck_assert_ok (lif_batch_clear_spikes (stopped));
  ck_assert_ok (lif_batch_run (stopped, RUN_ON));
  assert_batch_continues (reference, spikes, stopped, "same batch");

  fresh = configured_batch (stepper, timing, in);
  ck_assert_ok (lif_batch_restore_state (fresh, state, size));
  ck_assert_ok (lif_batch_run (fresh, RUN_ON));
  assert_batch_continues (reference, spikes, fresh, "fresh batch");

  free (state);
  free (again);
  lif_batch_free (reference);
  lif_batch_free (stopped);
  lif_batch_free (fresh);
  lif_input_free (in);
}
END_TEST

/* A state restored into a neuron of the other timing mode behaves as the
 * saved neuron does once switched to that mode, as the Embedding page says
 * (loop over the timing mode saved from). */
START_TEST (restore_into_the_other_timing)
{
  const int from = _i, to = 1 - _i;
  lif_input *in = tst_input (5, &input_level);
  lif_neuron *saved = configured_neuron (LIF_STEPPER_HEUN, from, in);
  lif_neuron *switched,
      *restored = configured_neuron (LIF_STEPPER_HEUN, to, in);
  unsigned char *state;
  size_t size;
  ck_assert_ok (lif_neuron_run (saved, 13.7));
  tst_set (saved, LIF_PARAM_REF_LEFT, 1.23);
  state = save_neuron (saved, &size);
  ck_assert_ok (lif_neuron_clone (saved, &switched));
  ck_assert_ok (lif_neuron_clear_spikes (switched));
  ck_assert_ok (lif_neuron_set_timing (switched, to));
  ck_assert_ok (lif_neuron_restore_state (restored, state, size));
  ck_assert (same_bits (tst_get (restored, LIF_PARAM_REF_LEFT),
                        tst_get (switched, LIF_PARAM_REF_LEFT)));
  ck_assert_ok (lif_neuron_run (switched, RUN_ON));
  ck_assert_ok (lif_neuron_run (restored, RUN_ON));
  assert_continues (switched, 0, restored, "other timing");
  free (state);
  lif_neuron_free (saved);
  lif_neuron_free (switched);
  lif_neuron_free (restored);
  lif_input_free (in);
}
END_TEST

/* ---- refusals ---------------------------------------------------------- */

/* Where format version 1 keeps each field of a neuron's state (the layout
 * is lib/checkpoint.c's): a header, then the clock, potential and
 * refractory sections, each after a 16-byte head. */
enum
{
  AT_MAGIC = 0,
  AT_VERSION = 8,
  AT_BYTE_ORDER = 12,
  AT_PROBE = 16,
  AT_KIND = 24,
  AT_SECTIONS = 28,
  AT_MEMBERS = 32,
  AT_SIZE = 40,
  AT_CLOCK_HEAD = 48,
  AT_T0 = 64,
  AT_N = 72,
  AT_DT = 80,
  AT_BETWEEN = 88,
  AT_POTENTIAL_HEAD = 96,
  AT_V = 112,
  AT_REFRACTORY_HEAD = 120,
  AT_REF_END = 136,
  AT_HELD_UNTIL = 144,
  V1_NEURON_SIZE = 152,
  AT_NOISE_CURRENT_HEAD = 152, /* from version 2 on */
  AT_ETA = 168,
  V2_NEURON_SIZE = 176
};

static void
put32 (unsigned char *at, uint32_t x)
{
  memcpy (at, &x, sizeof x);
}

static void
put64 (unsigned char *at, uint64_t x)
{
  memcpy (at, &x, sizeof x);
}

static void
put_double (unsigned char *at, double x)
{
  memcpy (at, &x, sizeof x);
}

/* One way to spoil a saved neuron state, and the status its restore must
 * give. */
typedef struct spoiler
{
  const char *what;
  size_t at;
  int bits; /* 32 or 64: write `value`; 0: write the double `x` */
  uint64_t value;
  double x;
} spoiler;

static const spoiler spoilers[] = {
  { "magic", AT_MAGIC, 32, 0x5446494cu, 0 },
  { "format version 0", AT_VERSION, 32, 0, 0 },
  { "a later format version", AT_VERSION, 32, 3, 0 },
  { "version 1, which has no noise current", AT_VERSION, 32, 1, 0 },
  { "another byte order", AT_BYTE_ORDER, 32, 0x04030201u, 0 },
  { "another double format", AT_PROBE, 0, 0, 1.0 },
  { "a batch's kind", AT_KIND, 32, 2, 0 },
  { "an unknown kind", AT_KIND, 32, 0, 0 },
  { "two sections", AT_SECTIONS, 32, 2, 0 },
  { "three sections", AT_SECTIONS, 32, 3, 0 },
  { "five sections", AT_SECTIONS, 32, 5, 0 },
  { "two members", AT_MEMBERS, 64, 2, 0 },
  { "a shorter size", AT_SIZE, 64, V2_NEURON_SIZE - 8, 0 },
  { "a size past the buffer", AT_SIZE, 64, V2_NEURON_SIZE + 8, 0 },
  { "a huge size", AT_SIZE, 64, UINT64_MAX, 0 },
  { "an unknown section", AT_CLOCK_HEAD, 32, 99, 0 },
  { "a section twice", AT_POTENTIAL_HEAD, 32, 1, 0 },
  { "a reserved field set", AT_CLOCK_HEAD + 4, 32, 1, 0 },
  { "a longer clock", AT_CLOCK_HEAD + 8, 64, 40, 0 },
  { "a time between grid times outside the step", AT_BETWEEN, 0, 0, -1.0 },
  { "an infinite time between grid times", AT_BETWEEN, 0, 0, INFINITY },
  { "a huge section", AT_REFRACTORY_HEAD + 8, 64, UINT64_MAX - 8, 0 },
  { "another dt", AT_DT, 0, 0, 0.05 },
  { "a NaN dt", AT_DT, 0, 0, NAN },
  { "an infinite t0", AT_T0, 0, 0, INFINITY },
  { "a NaN t0", AT_T0, 0, 0, NAN },
  { "a negative step count", AT_N, 64, (uint64_t)-1, 0 },
  { "a step count past 2^53", AT_N, 64, ((uint64_t)1 << 53) + 1, 0 },
  { "a NaN V", AT_V, 0, 0, NAN },
  { "an infinite V", AT_V, 0, 0, -INFINITY },
  { "a NaN noise current", AT_ETA, 0, 0, NAN },
  { "an infinite noise current", AT_ETA, 0, 0, INFINITY },
  { "a longer noise current", AT_NOISE_CURRENT_HEAD + 8, 64, 16, 0 },
  { "a NaN ref_end", AT_REF_END, 0, 0, NAN },
  { "an infinite ref_end", AT_REF_END, 0, 0, INFINITY },
  { "held_until before n", AT_HELD_UNTIL, 64, 0, 0 },
  { "held_until far past n", AT_HELD_UNTIL, 64, (uint64_t)1 << 62, 0 },
};

static void
spoil (unsigned char *state, const spoiler *s)
{
  if (s->bits == 32)
    put32 (state + s->at, (uint32_t)s->value);
  else if (s->bits == 64)
    put64 (state + s->at, s->value);
  else
    put_double (state + s->at, s->x);
}

/* A neuron in the middle of a refractory period, with its clock past its
 * first few steps (so that n and held_until are not 0). */
static lif_neuron *
refractory_neuron (int timing)
{
  lif_neuron *n = configured_neuron (LIF_STEPPER_EXACT, timing, NULL);
  tst_set (n, LIF_PARAM_T, 1000.0);
  tst_set (n, LIF_PARAM_V, -55.0);
  ck_assert_ok (lif_neuron_run (n, 1.0));
  tst_set (n, LIF_PARAM_REF_LEFT, 1.5);
  return n;
}

/* Every spoiled state is refused with LIF_ESTATE and changes nothing: the
 * neuron saves the same bytes after as before, and reads the same (loop
 * over spoilers and timings). */
START_TEST (neuron_refusals_change_nothing)
{
  const spoiler *s = &spoilers[_i / tst_timing_count ()];
  lif_neuron *n = refractory_neuron (_i % tst_timing_count ());
  lif_neuron *other = refractory_neuron (_i % tst_timing_count ());
  unsigned char *state, *before, *after;
  size_t size, size_before, size_after;
  tst_snapshot snap_before, snap_after;
  /* The state of another neuron (t = 1005) is restored into n (t = 1001),
   * so that a refused restore cannot pass for one that wrote the same. */
  ck_assert_ok (lif_neuron_run (other, 4.0));
  state = save_neuron (other, &size);
  ck_assert_uint_eq (size, V2_NEURON_SIZE);
  before = save_neuron (n, &size_before);
  tst_snapshot_take (n, &snap_before);
  spoil (state, s);
  ck_assert_msg (lif_neuron_restore_state (n, state, size) == LIF_ESTATE,
                 "%s was not refused", s->what);
  after = save_neuron (n, &size_after);
  ck_assert (memcmp (before, after, size_before) == 0);
  tst_snapshot_take (n, &snap_after);
  tst_snapshot_same (&snap_before, &snap_after);
  free (state);
  free (before);
  free (after);
  lif_neuron_free (n);
  lif_neuron_free (other);
}
END_TEST

/* The arguments: NULL handles and buffers, a buffer too small to save into
 * (nothing written) or to restore from (LIF_ESTATE), a larger buffer (the
 * rest untouched on save, ignored on restore), a state of the other kind of
 * object or of another member count, and another dt. */
START_TEST (arguments)
{
  lif_neuron *n = refractory_neuron (LIF_TIMING_PRECISE);
  lif_batch *b = NULL;
  unsigned char state[256], pattern[sizeof state];
  size_t size = 0;
  int k;
  ck_assert_ok (lif_batch_new (2, &b));
  ck_assert_status (lif_neuron_state_size (NULL, &size), LIF_ENULL);
  ck_assert_status (lif_neuron_state_size (n, NULL), LIF_ENULL);
  ck_assert_status (lif_neuron_save_state (NULL, state, sizeof state),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_save_state (n, NULL, sizeof state), LIF_ENULL);
  ck_assert_status (lif_neuron_restore_state (NULL, state, sizeof state),
                    LIF_ENULL);
  ck_assert_status (lif_neuron_restore_state (n, NULL, sizeof state),
                    LIF_ENULL);
  ck_assert_status (lif_batch_state_size (NULL, &size), LIF_ENULL);
  ck_assert_status (lif_batch_state_size (b, NULL), LIF_ENULL);
  ck_assert_status (lif_batch_save_state (NULL, state, sizeof state),
                    LIF_ENULL);
  ck_assert_status (lif_batch_save_state (b, NULL, sizeof state), LIF_ENULL);
  ck_assert_status (lif_batch_restore_state (NULL, state, sizeof state),
                    LIF_ENULL);
  ck_assert_status (lif_batch_restore_state (b, NULL, sizeof state),
                    LIF_ENULL);

  ck_assert_ok (lif_neuron_state_size (n, &size));
  memset (pattern, 0xa5, sizeof pattern);
  memcpy (state, pattern, sizeof state);
  ck_assert_status (lif_neuron_save_state (n, state, size - 1), LIF_EINVAL);
  ck_assert_status (lif_neuron_save_state (n, state, 0), LIF_EINVAL);
  ck_assert (memcmp (state, pattern, sizeof state) == 0);
  ck_assert_ok (lif_neuron_save_state (n, state, sizeof state));
  ck_assert (memcmp (state + size, pattern, sizeof state - size) == 0);
  ck_assert_ok (lif_neuron_restore_state (n, state, sizeof state));
  for (k = 0; k < 2; k++)
    {
      const size_t short_sizes[2] = { size - 1, 0 };
      ck_assert_status (lif_neuron_restore_state (n, state, short_sizes[k]),
                        LIF_ESTATE);
    }

  /* A neuron's state is not a batch's, and a batch needs its own count. */
  ck_assert_status (lif_batch_restore_state (b, state, size), LIF_ESTATE);
  ck_assert_ok (lif_batch_state_size (b, &size));
  ck_assert_status (lif_batch_save_state (b, state, size - 1), LIF_EINVAL);
  ck_assert_ok (lif_batch_save_state (b, state, sizeof state));
  ck_assert_status (lif_neuron_restore_state (n, state, size), LIF_ESTATE);
  {
    lif_batch *three = NULL;
    ck_assert_ok (lif_batch_new (3, &three));
    ck_assert_status (lif_batch_restore_state (three, state, size),
                      LIF_ESTATE);
    lif_batch_free (three);
  }
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, 0.2));
  ck_assert_status (lif_batch_restore_state (b, state, size), LIF_ESTATE);
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_DT, 0.1));
  ck_assert_ok (lif_batch_restore_state (b, state, size));
  lif_batch_free (b);
  lif_neuron_free (n);
}
END_TEST

/* A batch checks every member before it changes any: a bad value in its
 * last member leaves the first ones as they were (loop over timings). */
START_TEST (batch_refusal_changes_nothing)
{
  lif_batch *b = configured_batch (LIF_STEPPER_RK4, _i, NULL);
  lif_batch *other = configured_batch (LIF_STEPPER_RK4, _i, NULL);
  unsigned char *state, *before, *after;
  size_t size, size_before;
  double left[MEMBERS];
  size_t i;
  for (i = 0; i < MEMBERS; i++)
    left[i] = 0.25 * (double)i;
  ck_assert_ok (lif_batch_set (b, LIF_PARAM_V, -52.0));
  ck_assert_ok (lif_batch_run (b, 1.0));
  ck_assert_ok (
      lif_batch_set_array (other, LIF_PARAM_REF_LEFT, left, MEMBERS, NULL));
  ck_assert_ok (lif_batch_run (other, 3.0));
  state = save_batch (other, &size);
  before = save_batch (b, &size_before);
  /* The last member's V is the last double of the potential section, just
   * before the refractory section's 16-byte head. */
  put_double (state + AT_V + 8 * (MEMBERS - 1), NAN);
  ck_assert_status (lif_batch_restore_state (b, state, size), LIF_ESTATE);
  after = save_batch (b, &size);
  ck_assert (memcmp (before, after, size_before) == 0);
  free (state);
  free (before);
  free (after);
  lif_batch_free (b);
  lif_batch_free (other);
}
END_TEST

/* ---- the format -------------------------------------------------------- */

/* Bytes laid out by hand as format version 1 describes them are read by
 * this release (and, as the format promises, by every later one): the
 * clock, V and the refractory period come back as written. */
START_TEST (format_version_1_is_read)
{
  unsigned char state[V1_NEURON_SIZE];
  lif_neuron *n = configured_neuron (LIF_STEPPER_EXACT, _i, NULL);
  const double t0 = 40.0;
  const int64_t steps = 25;
  memset (state, 0, sizeof state);
  memcpy (state + AT_MAGIC, "LIFSTATE", 8);
  put32 (state + AT_VERSION, 1);
  put32 (state + AT_BYTE_ORDER, 0x01020304u);
  put_double (state + AT_PROBE, -0x1.23456789abcdep+10);
  put32 (state + AT_KIND, 1);
  put32 (state + AT_SECTIONS, 3);
  put64 (state + AT_MEMBERS, 1);
  put64 (state + AT_SIZE, V1_NEURON_SIZE);
  put32 (state + AT_CLOCK_HEAD, 1);
  put64 (state + AT_CLOCK_HEAD + 8, 32);
  put_double (state + AT_T0, t0);
  put64 (state + AT_N, (uint64_t)steps);
  put_double (state + AT_DT, DT);
  put_double (state + AT_BETWEEN, NAN); /* on the grid */
  put32 (state + AT_POTENTIAL_HEAD, 2);
  put64 (state + AT_POTENTIAL_HEAD + 8, 8);
  put_double (state + AT_V, -61.25);
  put32 (state + AT_REFRACTORY_HEAD, 3);
  put64 (state + AT_REFRACTORY_HEAD + 8, 16);
  /* 1.5 left at t = 42.5, counted as 15 whole steps. */
  put_double (state + AT_REF_END, t0 + (double)steps * DT + 1.5);
  put64 (state + AT_HELD_UNTIL, (uint64_t)(steps + 15));
  ck_assert_ok (lif_neuron_restore_state (n, state, sizeof state));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), -61.25);
  ck_assert_double_eq (tst_get (n, LIF_PARAM_T), t0 + (double)steps * DT);
  ck_assert (tst_close (tst_get (n, LIF_PARAM_REF_LEFT), 1.5, 1e-12));
  ck_assert_ok (lif_neuron_run (n, 1.4));
  ck_assert_double_eq (tst_get (n, LIF_PARAM_V), -61.25); /* still held */
  lif_neuron_free (n);
}
END_TEST

/* A state saved between grid times (after a run that ended inside a step)
 * restores there: the restored neuron and batch finish that step and go on
 * on the same grid, bit for bit as the saved ones. */
/* eta, an Ornstein-Uhlenbeck current's deviation, is state: saved where
 * format version 2 puts it, and back to 0 when the input is set and on
 * reset, with nothing else of the state changed by setting the input. */
START_TEST (noise_current_is_state)
{
  lif_neuron *n = tst_neuron ();
  lif_input *in = NULL;
  unsigned char *before, *after;
  size_t size;
  double eta;
  ck_assert_ok (lif_input_new_ou_noise (1.2, 0.5, 5.0, 0, 0, &in));
  ck_assert_ok (lif_neuron_set_timing (n, _i));
  ck_assert_ok (lif_neuron_set_input (n, in));
  ck_assert_ok (lif_neuron_run (n, 30.0));
  before = save_neuron (n, &size);
  ck_assert_uint_eq (size, V2_NEURON_SIZE);
  memcpy (&eta, before + AT_ETA, sizeof eta);
  ck_assert (isfinite (eta) && eta != 0.0);
  ck_assert_ok (lif_neuron_set_input (n, in));
  after = save_neuron (n, &size);
  memcpy (&eta, after + AT_ETA, sizeof eta);
  ck_assert (eta == 0.0 && !signbit (eta));
  ck_assert_int_eq (memcmp (before, after, AT_ETA), 0);
  free (after);
  ck_assert_ok (lif_neuron_run (n, 10.0));
  ck_assert_ok (lif_neuron_reset (n));
  after = save_neuron (n, &size);
  memcpy (&eta, after + AT_ETA, sizeof eta);
  ck_assert (eta == 0.0);
  free (after);
  free (before);
  lif_neuron_free (n);
  lif_input_free (in);
}
END_TEST

START_TEST (saved_between_grid_times)
{
  const int timing = _i;
  lif_neuron *a = configured_neuron (LIF_STEPPER_EXACT, timing, NULL);
  lif_neuron *b = configured_neuron (LIF_STEPPER_EXACT, timing, NULL);
  lif_batch *ba = configured_batch (LIF_STEPPER_EXACT, timing, NULL);
  lif_batch *bb = configured_batch (LIF_STEPPER_EXACT, timing, NULL);
  unsigned char *bytes;
  size_t size = 0, na, nb;
  double *ta, *tb;
  tst_set (a, LIF_PARAM_I_BIAS, 5.0);
  tst_set (b, LIF_PARAM_I_BIAS, 5.0);
  ck_assert_ok (lif_neuron_run (a, 5.05));
  ck_assert_ok (lif_neuron_state_size (a, &size));
  bytes = malloc (size);
  ck_assert_ptr_nonnull (bytes);
  ck_assert_ok (lif_neuron_save_state (a, bytes, size));
  ck_assert_ok (lif_neuron_restore_state (b, bytes, size));
  free (bytes);
  ck_assert_double_eq (tst_get (b, LIF_PARAM_T), tst_get (a, LIF_PARAM_T));
  ck_assert_ok (lif_neuron_clear_spikes (a));
  ck_assert_ok (lif_neuron_run (a, 10.0));
  ck_assert_ok (lif_neuron_run (b, 10.0));
  ta = tst_spikes (a, &na);
  tb = tst_spikes (b, &nb);
  ck_assert_uint_gt (na, 0);
  ck_assert_uint_eq (na, nb);
  ck_assert_int_eq (memcmp (ta, tb, na * sizeof *ta), 0);
  ck_assert_int_eq (memcmp ((double[]){ tst_get (a, LIF_PARAM_V) },
                            (double[]){ tst_get (b, LIF_PARAM_V) },
                            sizeof (double)),
                    0);
  free (ta);
  free (tb);

  ck_assert_ok (lif_batch_run (ba, 5.05));
  ck_assert_ok (lif_batch_state_size (ba, &size));
  bytes = malloc (size);
  ck_assert_ptr_nonnull (bytes);
  ck_assert_ok (lif_batch_save_state (ba, bytes, size));
  ck_assert_ok (lif_batch_restore_state (bb, bytes, size));
  free (bytes);
  ck_assert_ok (lif_batch_run (ba, 10.0));
  ck_assert_ok (lif_batch_run (bb, 10.0));
  {
    size_t count, i;
    double va, vb;
    ck_assert_ok (lif_batch_size (ba, &count));
    for (i = 0; i < count; i++)
      {
        ck_assert_ok (lif_batch_get (ba, LIF_PARAM_V, i, &va));
        ck_assert_ok (lif_batch_get (bb, LIF_PARAM_V, i, &vb));
        ck_assert_int_eq (memcmp (&va, &vb, sizeof va), 0);
      }
    ck_assert_ok (lif_batch_get (ba, LIF_PARAM_T, 0, &va));
    ck_assert_ok (lif_batch_get (bb, LIF_PARAM_T, 0, &vb));
    ck_assert_double_eq (va, vb);
  }
  lif_neuron_free (a);
  lif_neuron_free (b);
  lif_batch_free (ba);
  lif_batch_free (bb);
}
END_TEST

Suite *
suite_checkpoint (void)
{
  Suite *s = suite_create ("checkpoint");
  TCase *tc = tcase_create ("checkpoint");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, neuron_continues_bit_for_bit, 0, combinations ());
  tcase_add_loop_test (tc, batch_continues_bit_for_bit, 0, combinations ());
  tcase_add_loop_test (tc, restore_into_the_other_timing, 0,
                       tst_timing_count ());
  tcase_add_loop_test (tc, neuron_refusals_change_nothing, 0,
                       (int)TST_COUNT (spoilers) * tst_timing_count ());
  tcase_add_test (tc, arguments);
  tcase_add_loop_test (tc, batch_refusal_changes_nothing, 0,
                       tst_timing_count ());
  tcase_add_loop_test (tc, format_version_1_is_read, 0, tst_timing_count ());
  tcase_add_loop_test (tc, saved_between_grid_times, 0, tst_timing_count ());
  tcase_add_loop_test (tc, noise_current_is_state, 0, tst_timing_count ());
  suite_add_tcase (s, tc);
  return s;
}
