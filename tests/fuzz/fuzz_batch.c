/*
 * The batch fuzzer of liblif (libFuzzer): the lif_batch_* API.
 *
 * Each input is read as a program: a sequence of batch calls on two batch
 * slots, with sizes from 1 to a few thousand members (and sizes no memory
 * holds, which must be refused), arbitrary doubles, enum ints and indices,
 * every stepper and timing mode, spike limits, 1 to 4 threads, shared
 * inputs of every kind, per-step current arrays and current callbacks that
 * write garbage (NaN, infinities, huge values, subnormals), runs of any
 * length, resets, clears, spike copies with odd capacities and NULLs, and
 * allocation failures injected into any call. After every call the harness
 * checks what lif.h and docs/robustness.md promise:
 *
 *  - no crash and no sanitizer report (ASan and UBSan);
 *  - a refused call changed nothing: every member's value of every
 *    parameter (lif_batch_get_array), the stepper, timing, spike limit and
 *    threads, every recorded spike and the per-member counts are as before,
 *    bit for bit, and so is every output argument;
 *  - a run that stops on an error keeps every spike before it, and leaves
 *    the batch at the start of a step; time never goes backwards except
 *    through LIF_PARAM_T and reset;
 *  - spikes are finite, inside the interval the call simulated, in time
 *    order (and in member order at equal times within a step), their
 *    members are in range, and the per-member counts are exactly the
 *    spikes of each member; every V is finite and t is one clock;
 *  - the differential promise: a few members of each batch have a shadow,
 *    a lone lif_neuron that receives every call its member receives (the
 *    same parameters, stepper, timing, spike limit, input, resets and runs;
 *    per-step currents become a step table at the grid times, summed with
 *    the shared input). After every call the member and its shadow must
 *    agree bit for bit: every parameter, every spike. A run that
 *    succeeds must succeed for the shadow; a run that stops at step f must
 *    leave the member where its shadow is after f steps (the shadow is
 *    replayed from a copy taken before the call), and the shadow must not
 *    fail before f;
 *  - the current callback is called once per step, from the calling
 *    thread, with the step's grid time, its length and the batch size, and
 *    never by a refused run or by lif_batch_run_currents().
 *
 * The work of one input is bounded (member-steps, spikes per step,
 * breakpoints ahead, recorded spikes) so that one input runs in well under
 * a second, while arguments liblif must refuse (durations of 2^54 steps or
 * more, end times that overflow, sizes no memory holds) are passed on
 * unchanged.
 *
 * The harness is built with OpenMP when the compiler has it, so that runs
 * with 2 to 4 threads really use them; `make fuzz` sets KMP_BLOCKTIME=0 so
 * that idle threads sleep at once on the one core fuzzing gets.
 */
#define FUZZ_NAME "fuzz_batch"
#include "fuzz_bytes.h"
#include "fuzz_faults.h"

#include "../counts.h"

#include <lif.h>

#include <pthread.h>

#define N_BATCHES 2
#define N_INPUTS 4
#define N_SHADOWS 3
#define N_FEEDS 2
#define N_WAVES 64
#define MAX_TABLE 16
/* Members of a batch of ordinary size, whole steps of one run, the spike
 * limit during runs, doubles in one per-step current array, the weighted
 * member-steps one input may spend, and the spikes one run may find. */
#define MAX_MEMBERS 3000
#define MAX_RUN_STEPS 1024
#define MAX_SPIKE_LIMIT 32
#define MAX_ROWS ((size_t)1 << 18)
#define WORK_BUDGET 3e6
#define SPIKE_BUDGET 2e5
/* Breakpoints the harness counts ahead of one run, at most. */
#define MAX_COUNTED 2048.0
/* Spikes kept before the harness clears them, to bound its own checks. */
#define MAX_KEPT_SPIKES 20000
/* Sizes at or above this are not asked for unless they cannot be had. */
#define HUGE_MEMBERS ((size_t)1 << 34)

/* How many steppers, timing modes, interpolations and parameters lif.h
 * names (counts.h), counted before each input. */
static int n_steppers, n_timings, n_interpolations, n_params;

/* ---- inputs ----------------------------------------------------------- */

/* The shared inputs' callbacks are pure functions of t (a batch and its
 * shadows evaluate them at the same times, in any thread and any order). */
typedef struct wave
{
  int mode;
  double value;
} wave;

static wave waves[N_WAVES];
static size_t waves_used;

static void reenter_from_input (void);

static double
wave_fn (double t, void *user_data)
{
  const wave *w = user_data;
  reenter_from_input ();
  switch (w->mode)
    {
    case 0:
      return w->value;
    case 1:
      return NAN;
    case 2:
      return t >= w->value ? INFINITY : 1.5; /* goes bad from some time on */
    case 3:
      return w->value * t; /* overflows for large t */
    case 4:
      return w->value * sin (t);
    case 5:
      return t >= w->value ? NAN : 2.0 + cos (3.0 * t);
    default:
      return w->value * 1e300 * t;
    }
}

typedef struct islot
{
  lif_input *in;
  double cost; /* terms of the flattened sum, 1 for a leaf */
  const char *kind;
} islot;

static islot inputs[N_INPUTS];

/* ---- per-step currents ------------------------------------------------ */

/* What the current callback writes and a current array holds: a pure
 * function of the step j (counted from the start of the call) and the
 * member i, so the harness can give each shadow its member's column. */
typedef struct gen
{
  int mode;
  uint64_t seed;
  double value, poison;
  size_t poison_step, poison_member;
} gen;

static uint64_t
mix (uint64_t x)
{
  x += 0x9e3779b97f4a7c15u;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
  return x ^ (x >> 31);
}

static double
gen_at (const gen *g, size_t j, size_t i)
{
  uint64_t h = mix (g->seed ^ mix ((uint64_t)j * 0x100000001b3u + i));
  double unit = (double)(h >> 11) * 0x1p-53, d;
  switch (g->mode)
    {
    case 0:
      return g->value;
    case 1:
      return g->value * (double)(1 + i % 7) / 4.0;
    case 2:
      return (unit - 0.5) * (isfinite (g->value) ? g->value : 8.0);
    case 3:
      if (j == g->poison_step && i == g->poison_member)
        return g->poison;
      return g->value + unit;
    case 4:
      memcpy (&d, &h, sizeof d); /* any bits: NaN, infinities, ... */
      return d;
    default:
      {
        static const double odd[8]
            = { 0.0,      -0.0,    4.9406564584124654e-324,
                -DBL_MIN, DBL_MAX, -DBL_MAX,
                1e300,    3.0 };
        return odd[h % 8];
      }
    }
}

static void
gen_read (reader *r, gen *g)
{
  static const double poisons[4] = { NAN, INFINITY, -INFINITY, 1e308 };
  g->mode = (int)(u8 (r) % 6);
  g->seed = u64 (r);
  g->value = u8 (r) % 2 ? dbl (r) : (double)(int)(u8 (r) % 64) / 8.0;
  g->poison = poisons[u8 (r) % 4];
  g->poison_step = u8 (r) % 64;
  g->poison_member = u16 (r);
}

/* The current callback's state: what it writes, and what it was asked
 * during the present call. */
typedef struct feed
{
  gen g;
  size_t calls;
  size_t n; /* the batch size it expects */
  double t[MAX_RUN_STEPS + 2], h[MAX_RUN_STEPS + 2];
  int bad_args, wrong_thread;
} feed;

static feed feeds[N_FEEDS];
static pthread_t main_thread;

/* Calls made from inside a run, on the batch running (see reenter()). */
static void reenter (int from_progress);

static void
feed_fn (double t, double dt, double *currents, size_t count, void *user_data)
{
  feed *f = user_data;
  size_t i;
  if (!pthread_equal (pthread_self (), main_thread))
    f->wrong_thread = 1;
  if (count != f->n || !currents || f->calls >= MAX_RUN_STEPS + 2)
    {
      f->bad_args = 1;
      return;
    }
  f->t[f->calls] = t;
  f->h[f->calls] = dt;
  for (i = 0; i < count; i++)
    currents[i] = gen_at (&f->g, f->calls, i);
  f->calls++;
  reenter (0);
}

/* ---- batches and their shadows ---------------------------------------- */

typedef struct shadow
{
  lif_neuron *n; /* NULL: no shadow */
  size_t index;
} shadow;

typedef struct bslot
{
  lif_batch *b;
  size_t n;
  /* The shared input (kept alive by mirror, a one-term sum the harness
   * owns, which also tells the harness its breakpoints), or NULL. */
  lif_input *shared, *mirror;
  double input_cost;
  feed *feed; /* the current callback set, or NULL */
  /* Spikes from this index on are in time order (setting t back puts
   * later spikes before earlier ones). */
  size_t ordered_from;
  /* Set once a shadow has been given per-step currents through a table:
   * its sum then adds 0 + I + x where the batch adds I + x, which may
   * differ in the sign of a zero, and only there. */
  int loose_zero;
  shadow sh[N_SHADOWS];
} bslot;

static bslot batches[N_BATCHES];
static double budget;
static int big_step_used;

/* Everything a caller can observe of a batch. */
typedef struct bstate
{
  size_t n;
  double *values; /* values[p * n + i]: parameter p of member i */
  int stepper, timing, threads;
  size_t limit, count;
  size_t *counts, *idx;
  double *tm;
} bstate;

static void *
xmalloc (size_t size)
{
  void *p = malloc (size ? size : 1);
  CHECK (p, "harness out of memory");
  return p;
}

static void
take (const bslot *s, bstate *o)
{
  size_t copied = 99, n = s->n;
  int p;
  memset (o, 0, sizeof *o);
  CHECK (lif_batch_size (s->b, &o->n) == LIF_OK && o->n == n, "size");
  o->values = xmalloc (n_params * n * sizeof *o->values);
  for (p = 0; p < n_params; p++)
    CHECK (lif_batch_get_array (s->b, p, o->values + (size_t)p * n, n)
               == LIF_OK,
           "get_array %d", p);
  CHECK (lif_batch_get_stepper (s->b, &o->stepper) == LIF_OK, "stepper");
  CHECK (lif_batch_get_timing (s->b, &o->timing) == LIF_OK, "timing");
  CHECK (lif_batch_get_threads (s->b, &o->threads) == LIF_OK, "threads");
  CHECK (lif_batch_get_spike_limit (s->b, &o->limit) == LIF_OK, "limit");
  CHECK (lif_batch_spike_count (s->b, &o->count) == LIF_OK, "spike_count");
  o->counts = xmalloc (n * sizeof *o->counts);
  CHECK (lif_batch_spike_counts (s->b, o->counts, n) == LIF_OK,
         "spike_counts");
  o->idx = xmalloc ((o->count + 1) * sizeof *o->idx);
  o->tm = xmalloc ((o->count + 1) * sizeof *o->tm);
  CHECK (lif_batch_copy_spikes (s->b, 0, o->idx, o->tm, o->count, &copied)
                 == LIF_OK
             && copied == o->count,
         "copy_spikes");
}

static void
forget (bstate *o)
{
  free (o->values);
  free (o->counts);
  free (o->idx);
  free (o->tm);
  memset (o, 0, sizeof *o);
}

static double
value_of (const bstate *o, int p, size_t i)
{
  return o->values[(size_t)p * o->n + i];
}

static void
same_state (const bstate *a, const bstate *b, const char *what)
{
  size_t n = a->n;
  CHECK (memcmp (a->values, b->values, n_params * n * sizeof *a->values) == 0,
         "%s changed a member's parameter or state", what);
  CHECK (a->stepper == b->stepper && a->timing == b->timing
             && a->threads == b->threads && a->limit == b->limit,
         "%s changed the stepper, timing, threads or spike limit", what);
  CHECK (a->count == b->count
             && memcmp (a->counts, b->counts, n * sizeof *a->counts) == 0
             && memcmp (a->idx, b->idx, a->count * sizeof *a->idx) == 0
             && memcmp (a->tm, b->tm, a->count * sizeof *a->tm) == 0,
         "%s changed the recorded spikes", what);
}

/* ---- shadows ---------------------------------------------------------- */

static void
drop_shadows (bslot *s, const char *why)
{
  int k;
  if (s->sh[0].n || s->sh[1].n || s->sh[2].n)
    TRACE ("   shadows dropped: %s", why);
  for (k = 0; k < N_SHADOWS; k++)
    {
      lif_neuron_free (s->sh[k].n);
      s->sh[k].n = NULL;
    }
}

static void
free_batch (bslot *s)
{
  drop_shadows (s, "batch freed");
  lif_batch_free (s->b);
  lif_input_free (s->mirror);
  memset (s, 0, sizeof *s);
}

/* Whether two doubles are the same bits (or, where the batch slot allows
 * it, both zeros). */
static int
same_double (const bslot *s, double a, double b)
{
  if (memcmp (&a, &b, sizeof a) == 0)
    return 1;
  return s->loose_zero && a == 0.0 && b == 0.0;
}

/* Member sh->index of the batch, as o shows it, against its shadow. */
static void
compare_shadow (const bslot *s, const shadow *sh, const bstate *o,
                const char *what)
{
  size_t count = 0, copied = 0, j = 0, k, limit = 0;
  double *mine;
  int p, stepper = -1, timing = -1;
  for (p = 0; p < n_params; p++)
    {
      double v = NAN, b = value_of (o, p, sh->index);
      CHECK (lif_neuron_get (sh->n, p, &v) == LIF_OK, "shadow get");
      CHECK (same_double (s, v, b),
             "after %s, member %zu has %s = %a, a lone neuron %a", what,
             sh->index, lif_param_name (p), b, v);
    }
  CHECK (lif_neuron_get_stepper (sh->n, &stepper) == LIF_OK
             && lif_neuron_get_timing (sh->n, &timing) == LIF_OK
             && lif_neuron_get_spike_limit (sh->n, &limit) == LIF_OK,
         "shadow getters");
  CHECK (stepper == o->stepper && timing == o->timing && limit == o->limit,
         "after %s, a shadow's stepper, timing or limit differs", what);
  CHECK (lif_neuron_spike_count (sh->n, &count) == LIF_OK, "shadow count");
  mine = xmalloc ((count + 1) * sizeof *mine);
  CHECK (lif_neuron_copy_spikes (sh->n, 0, mine, count, &copied) == LIF_OK
             && copied == count,
         "shadow copy_spikes");
  CHECK (o->counts[sh->index] == count,
         "after %s, member %zu has %zu spikes, a lone neuron %zu", what,
         sh->index, o->counts[sh->index], count);
  for (k = 0; k < o->count; k++)
    if (o->idx[k] == sh->index)
      {
        CHECK (j < count && same_double (s, o->tm[k], mine[j]),
               "after %s, member %zu's spike %zu is at %a, a lone "
               "neuron's at %a",
               what, sh->index, j, o->tm[k], j < count ? mine[j] : NAN);
        j++;
      }
  free (mine);
}

static void
compare_shadows (const bslot *s, const bstate *o, const char *what)
{
  int k;
  for (k = 0; k < N_SHADOWS; k++)
    if (s->sh[k].n)
      compare_shadow (s, &s->sh[k], o, what);
}

static lif_neuron *
clone_of (const lif_neuron *n)
{
  lif_neuron *c = NULL;
  CHECK (lif_neuron_clone (n, &c) == LIF_OK && c, "clone");
  return c;
}

/* ---- checks after every call ------------------------------------------ */

enum
{
  REFUSABLE = 0,    /* an error must change nothing */
  PART_WAY = 1,     /* a run: some errors stop it part-way */
  SETS_TIME = 2,    /* may move t anywhere */
  CLEARS_SPIKES = 4 /* may forget the recorded spikes */
};

static int
stops_part_way (int rc)
{
  return rc == LIF_EINPUT || rc == LIF_EDIVERGED || rc == LIF_ESPIKELIMIT
         || rc == LIF_ENOMEM || rc == LIF_EBREAKPOINTS
         || rc == LIF_ECANCELED; /* asked by progress (end_reentry) */
}

/* The checks that hold after any call on a batch; pre is the state before
 * it, post receives the state after it. */
static void
after_call (bslot *s, const bstate *pre, bstate *post, int rc, int flags,
            const char *what)
{
  size_t n = s->n, i, k, old;
  size_t *per;
  double t_pre = value_of (pre, LIF_PARAM_T, 0), t_post;
  take (s, post);
  CHECK (lif_error_name (rc) != NULL, "%s returned unknown status %d", what,
         rc);
  t_post = value_of (post, LIF_PARAM_T, 0);
  for (i = 0; i < n; i++)
    {
      CHECK (isfinite (value_of (post, LIF_PARAM_V, i)),
             "%s left member %zu at V = %a", what, i,
             value_of (post, LIF_PARAM_V, i));
      CHECK (
          memcmp (&post->values[LIF_PARAM_T * n + i], &t_post, sizeof t_post)
                  == 0
              && memcmp (&post->values[LIF_PARAM_DT * n + i],
                         &post->values[LIF_PARAM_DT * n], sizeof t_post)
                     == 0,
          "%s: members disagree on t or dt", what);
    }
  CHECK (isfinite (t_post), "%s left t = %a", what, t_post);
  /* The per-member counts are exactly the spikes of each member. */
  per = xmalloc (n * sizeof *per);
  memset (per, 0, n * sizeof *per);
  for (k = 0; k < post->count; k++)
    {
      CHECK (post->idx[k] < n, "%s recorded a spike of member %zu of %zu",
             what, post->idx[k], n);
      per[post->idx[k]]++;
    }
  CHECK (memcmp (per, post->counts, n * sizeof *per) == 0,
         "%s: the per-member counts are not the recorded spikes", what);
  free (per);
  if (rc != LIF_OK && !((flags & PART_WAY) && stops_part_way (rc)))
    {
      same_state (pre, post, what);
      return;
    }
  if (!(flags & SETS_TIME))
    CHECK (t_post >= t_pre, "%s moved time back from %a to %a", what, t_pre,
           t_post);
  if ((flags & CLEARS_SPIKES) && post->count < pre->count)
    {
      s->ordered_from = 0;
      old = 0;
    }
  else
    {
      /* Every spike recorded before is still there, unchanged. */
      CHECK (post->count >= pre->count
                 && memcmp (pre->idx, post->idx, pre->count * sizeof *pre->idx)
                        == 0
                 && memcmp (pre->tm, post->tm, pre->count * sizeof *pre->tm)
                        == 0,
             "%s lost or changed a recorded spike (%zu before, %zu after)",
             what, pre->count, post->count);
      old = pre->count;
    }
  for (k = old; k < post->count; k++)
    {
      double t = post->tm[k];
      CHECK (isfinite (t) && t >= t_pre && t <= t_post,
             "%s recorded a spike at %a outside [%a, %a]", what, t, t_pre,
             t_post);
      if (k > old && k > s->ordered_from)
        {
          CHECK (t >= post->tm[k - 1],
                 "%s recorded a spike at %a after one at %a", what, t,
                 post->tm[k - 1]);
        }
    }
}

/* ---- calls from inside a run ------------------------------------------ */

/* What the callbacks do during the present harness run: calls on the
 * running batch chosen by `plan` (bytes read before the run, so that an
 * input replays the same calls), a progress report at which to ask to
 * stop, and what happened. Outside runs s is NULL and callbacks call
 * nothing. The shared input's callback calls only when the batch runs on
 * one thread: on several, which samples the calling thread takes depends
 * on the schedule, and the input would not replay. */
typedef struct reentry
{
  bslot *s;
  reader plan;
  unsigned calls, reports, stop_at;
  int freed, stopped, one_thread;
  double t_seen; /* the time of the last progress report */
} reentry;

#define MAX_REENTRY_CALLS 64

static reentry re;
static int progress_tag;
/* Room for one value per member, for calls made from callbacks. */
static double re_values[MAX_MEMBERS + 1];
static size_t re_counts[MAX_MEMBERS + 1];

/* A saved batch state the harness keeps across ops, for restores. */
static unsigned char *saved_state;
static size_t saved_size;

static void
plan_reentry (reader *r)
{
  unsigned sel = u8 (r);
  size_t take_n = 0;
  memset (&re, 0, sizeof re);
  re.t_seen = -INFINITY;
  if (sel % 4 == 0)
    take_n = (sel >> 2) % 24;
  if (take_n > r->n)
    take_n = r->n;
  re.plan.p = r->p;
  re.plan.n = take_n;
  r->p += take_n;
  r->n -= take_n;
  re.stop_at = sel % 8 == 4 ? 1 + (sel >> 3) % 4 : 0;
  if (take_n || re.stop_at)
    TRACE ("   re-entry: %zu plan bytes, stop at report %u", take_n,
           re.stop_at);
}

static void
start_reentry (bslot *s)
{
  int threads = 0;
  CHECK (lif_batch_get_threads (s->b, &threads) == LIF_OK, "threads");
  re.one_thread = threads == 1;
  re.s = s;
}

static int
is_state_param (int p)
{
  return p == LIF_PARAM_V || p == LIF_PARAM_T || p == LIF_PARAM_REF_LEFT;
}

/* One call on the running batch, from a callback: reads of parameters and
 * settings answer; V, t, ref_left, spikes and save_state only at a progress
 * report; every other call is LIF_EBUSY (the run's own checks then show it
 * changed nothing). */
static void
reenter (int from_progress)
{
  lif_batch *b = re.s ? re.s->b : NULL;
  size_t n = re.s ? re.s->n : 0, z = 777, i;
  double v = 12345.0;
  int rc, p, x = 0;
  unsigned op;
  if (!b || re.freed || re.plan.n == 0 || re.calls >= MAX_REENTRY_CALLS
      || n > MAX_MEMBERS)
    return;
  re.calls++;
  op = u8 (&re.plan) % 16;
  switch (op)
    {
    case 0:
    case 1:
      p = enum_int (&re.plan, n_params);
      i = u16 (&re.plan) % n;
      rc = op == 0 ? lif_batch_get (b, p, i, &v)
                   : lif_batch_get_array (b, p, re_values, n);
      TRACE ("   from a callback: get%s %d -> %d", op ? "_array" : "", p, rc);
      if (p < 0 || p >= n_params)
        CHECK (rc == LIF_EENUM, "get(%d) from a callback gave %d", p, rc);
      else if (is_state_param (p) && !from_progress)
        CHECK (rc == LIF_EBUSY && v == 12345.0,
               "get of %s from a callback gave %d", lif_param_name (p), rc);
      else
        CHECK (rc == LIF_OK, "get of %s from a callback gave %d",
               lif_param_name (p), rc);
      if (op == 1 && rc == LIF_OK)
        v = re_values[0];
      if (from_progress && p == LIF_PARAM_T && rc == LIF_OK)
        CHECK (v == re.t_seen, "t is %a at a report at %a", v, re.t_seen);
      break;
    case 2:
      p = u8 (&re.plan) % n_params;
      v = dbl (&re.plan);
      for (i = 0; i < n; i++)
        re_values[i] = v;
      rc = lif_batch_set (b, p, v);
      CHECK (rc == LIF_EBUSY, "set from a callback gave %d", rc);
      z = 777;
      rc = lif_batch_set_array (b, p, re_values, n, &z);
      CHECK (rc == LIF_EBUSY && z == 777, "set_array from a callback gave %d",
             rc);
      {
        const double *cols[1] = { re_values };
        rc = lif_batch_set_many (b, &p, cols, 1, n, &z);
        CHECK (rc == LIF_EBUSY && z == 777, "set_many from a callback gave %d",
               rc);
      }
      TRACE ("   from a callback: set %d", p);
      break;
    case 3:
      rc = lif_batch_set_stepper (b, (int)(u8 (&re.plan) % n_steppers));
      CHECK (rc == LIF_EBUSY, "set_stepper from a callback gave %d", rc);
      rc = lif_batch_set_timing (b, (int)(u8 (&re.plan) % n_timings));
      CHECK (rc == LIF_EBUSY, "set_timing from a callback gave %d", rc);
      rc = lif_batch_set_spike_limit (b, 1 + u8 (&re.plan));
      CHECK (rc == LIF_EBUSY, "set_spike_limit from a callback gave %d", rc);
      rc = lif_batch_set_threads (b, (int)(u8 (&re.plan) % 5));
      CHECK (rc == LIF_EBUSY, "set_threads from a callback gave %d", rc);
      TRACE ("   from a callback: set stepper, timing, limit, threads");
      break;
    case 4:
      {
        lif_input *in = inputs[u8 (&re.plan) % N_INPUTS].in;
        rc = in ? lif_batch_set_input (b, in) : lif_batch_clear_input (b);
        CHECK (rc == LIF_EBUSY, "set_input from a callback gave %d", rc);
        rc = lif_batch_set_current_callback (b, NULL, NULL);
        CHECK (rc == LIF_EBUSY, "set_current_callback from a callback gave %d",
               rc);
        rc = lif_batch_set_progress_callback (b, NULL, 0, NULL);
        CHECK (rc == LIF_EBUSY,
               "set_progress_callback from a callback gave %d", rc);
        TRACE ("   from a callback: set input and callbacks");
      }
      break;
    case 5:
      rc = lif_batch_reset (b);
      CHECK (rc == LIF_EBUSY, "reset from a callback gave %d", rc);
      rc = lif_batch_clear_spikes (b);
      CHECK (rc == LIF_EBUSY, "clear_spikes from a callback gave %d", rc);
      TRACE ("   from a callback: reset, clear_spikes");
      break;
    case 6:
      /* Nested runs are refused before they call anything back. */
      CHECK (lif_batch_get (b, LIF_PARAM_DT, 0, &v) == LIF_OK, "dt");
      rc = lif_batch_step (b);
      CHECK (rc == LIF_EBUSY, "step from a callback gave %d", rc);
      rc = lif_batch_run (b, v);
      CHECK (rc == LIF_EBUSY, "run from a callback gave %d", rc);
      for (i = 0; i < n; i++)
        re_values[i] = 1.0;
      rc = lif_batch_run_currents (b, re_values, 1);
      CHECK (rc == LIF_EBUSY, "run_currents from a callback gave %d", rc);
      TRACE ("   from a callback: step, run, run_currents");
      break;
    case 7:
    case 8:
      rc = lif_batch_spike_count (b, &z);
      CHECK (rc == (from_progress ? LIF_OK : LIF_EBUSY),
             "spike_count from a callback gave %d", rc);
      rc = lif_batch_spike_counts (b, re_counts, n);
      CHECK (rc == (from_progress ? LIF_OK : LIF_EBUSY),
             "spike_counts from a callback gave %d", rc);
      z = 777;
      rc = lif_batch_copy_spikes (b, 0, re_counts, re_values, n, &z);
      CHECK (rc == (from_progress ? LIF_OK : LIF_EBUSY),
             "copy_spikes from a callback gave %d", rc);
      CHECK (rc == LIF_OK || z == 777, "refused copy_spikes wrote");
      TRACE ("   from a callback: spikes -> %d", rc);
      break;
    case 9:
      {
        unsigned char *st;
        rc = lif_batch_state_size (b, &z);
        CHECK (rc == LIF_OK, "state_size from a callback gave %d", rc);
        st = xmalloc (z);
        rc = lif_batch_save_state (b, st, z);
        CHECK (rc == (from_progress ? LIF_OK : LIF_EBUSY),
               "save_state from a callback gave %d", rc);
        rc = lif_batch_restore_state (b, saved_size ? saved_state : st,
                                      saved_size ? saved_size : z);
        CHECK (rc == LIF_EBUSY, "restore_state from a callback gave %d", rc);
        free (st);
        TRACE ("   from a callback: state");
      }
      break;
    case 10:
    case 11:
      CHECK (lif_batch_size (b, &z) == LIF_OK && z == n, "size");
      CHECK (lif_batch_get_stepper (b, &x) == LIF_OK
                 && lif_batch_get_timing (b, &x) == LIF_OK
                 && lif_batch_get_threads (b, &x) == LIF_OK
                 && lif_batch_get_spike_limit (b, &z) == LIF_OK,
             "settings from a callback");
      TRACE ("   from a callback: settings");
      break;
    case 12:
    case 13:
    case 14:
      break; /* nothing this time */
    default:
      /* The run stops, frees the batch and returns LIF_ECANCELED. */
      TRACE ("   from a callback: free");
      lif_batch_free (b);
      re.freed = 1;
      break;
    }
}

static int
on_progress (double t, double t_end, void *user_data)
{
  CHECK (user_data == &progress_tag, "progress got a foreign user_data");
  CHECK (pthread_equal (pthread_self (), main_thread),
         "progress called on another thread");
  CHECK (isfinite (t) && t <= t_end, "progress at %a of a run to %a", t,
         t_end);
  if (!re.s || re.freed)
    return 0;
  re.reports++;
  re.t_seen = t;
  reenter (1);
  if (re.stop_at && re.reports == re.stop_at)
    {
      re.stopped = 1;
      TRACE ("   progress at %a: stop", t);
      return 1;
    }
  return 0;
}

/* After a run: whether the batch was freed from a callback (then it is
 * gone, and the slot is emptied without freeing it again). A run returns
 * LIF_ECANCELED exactly when it was freed or asked to stop. */
static int
end_reentry (bslot *s, int rc, const char *what)
{
  int freed = re.freed;
  re.s = NULL;
  if (freed)
    {
      CHECK (rc == LIF_ECANCELED, "%s freed from a callback gave %d", what,
             rc);
      s->b = NULL; /* gone: lif_batch_free() is not called again */
      free_batch (s);
      return 1;
    }
  if (re.stopped)
    CHECK (rc == LIF_ECANCELED, "%s asked to stop gave %d", what, rc);
  else
    CHECK (rc != LIF_ECANCELED, "%s gave LIF_ECANCELED unasked", what);
  return 0;
}

static void
reenter_from_input (void)
{
  if (re.s && re.one_thread && pthread_equal (pthread_self (), main_thread))
    reenter (0);
}

/* ---- the operations --------------------------------------------------- */

static bslot *
batch_slot (reader *r)
{
  return &batches[u8 (r) % N_BATCHES];
}

static islot *
input_slot (reader *r)
{
  return &inputs[u8 (r) % N_INPUTS];
}

/* A batch size: mostly small, sometimes a few blocks of 256, sometimes up
 * to MAX_MEMBERS, sometimes 0 or more than memory holds. */
static size_t
batch_size (reader *r, int *huge)
{
  unsigned sel = u8 (r) % 16;
  *huge = 0;
  if (sel < 9)
    return 1 + u8 (r) % 40;
  if (sel < 12)
    return 200 + u16 (r) % 400;
  if (sel == 12)
    return 1 + u16 (r) % MAX_MEMBERS;
  if (sel == 13)
    return 0;
  *huge = 1;
  switch (u8 (r) % 6)
    {
    case 0:
      return SIZE_MAX;
    case 1:
      return SIZE_MAX / 2 + 1;
    case 2:
      return SIZE_MAX / 168 + u8 (r); /* about where the overflow check is */
    case 3:
      return (size_t)1 << 40;
    case 4:
      return HUGE_MEMBERS;
    default:
      return HUGE_MEMBERS + (size_t)(u64 (r) % (SIZE_MAX - HUGE_MEMBERS));
    }
}

static void
op_new (reader *r)
{
  bslot *s = batch_slot (r);
  lif_batch *b = (lif_batch *)&main_thread;
  int huge, null_out = u8 (r) % 32 == 0, rc, k;
  size_t n = batch_size (r, &huge), index[N_SHADOWS];
  for (k = 0; k < N_SHADOWS; k++)
    index[k] = u16 (r);
  free_batch (s);
  arm ();
  rc = lif_batch_new (n, null_out ? NULL : &b);
  disarm ();
  TRACE ("batch %d = new %zu -> %d", (int)(s - batches), n, rc);
  if (null_out)
    {
      CHECK (rc == LIF_ENULL, "batch_new(NULL) gave %d", rc);
      return;
    }
  if (n == 0)
    CHECK (rc == LIF_EINVAL, "batch_new(0) gave %d", rc);
  if (huge)
    CHECK (rc == LIF_EOVERFLOW || rc == LIF_ENOMEM, "batch_new(%zu) gave %d",
           n, rc);
  if (rc != LIF_OK)
    {
      CHECK (rc == LIF_EINVAL || rc == LIF_EOVERFLOW || rc == LIF_ENOMEM,
             "batch_new gave %d", rc);
      CHECK (b == (lif_batch *)&main_thread, "refused batch_new wrote");
      return;
    }
  CHECK (b && b != (lif_batch *)&main_thread, "batch_new made nothing");
  s->b = b;
  s->n = n;
  {
    bstate o;
    size_t i;
    take (s, &o);
    for (i = 0; i < n; i++)
      CHECK (value_of (&o, LIF_PARAM_T, i) == 0.0
                 && memcmp (&o.values[LIF_PARAM_V * n + i],
                            &o.values[LIF_PARAM_V_0 * n + i], sizeof (double))
                        == 0
                 && o.counts[i] == 0,
             "a new batch's member %zu is not at t = 0, V = V_0", i);
    CHECK (o.count == 0, "a new batch has spikes");
    /* The shadows: lone neurons made with the defaults, as members are. */
    for (k = 0; k < N_SHADOWS; k++)
      {
        CHECK (lif_neuron_new (&s->sh[k].n) == LIF_OK, "shadow new");
        s->sh[k].index = k == 1 ? n - 1 : index[k] % n;
        /* Member i draws its noise from stream i (first stream 0). */
        CHECK (lif_neuron_set_seed (s->sh[k].n, 0, (uint32_t)s->sh[k].index)
                   == LIF_OK,
               "shadow seed");
      }
    compare_shadows (s, &o, "batch_new");
    forget (&o);
  }
}

static void
op_free (reader *r)
{
  bslot *s = batch_slot (r);
  TRACE ("free batch %d", (int)(s - batches));
  free_batch (s);
}

/* R, C and tau are tied: only the last of them set reads back as set. */
static int
param_group (int p)
{
  return p == LIF_PARAM_R || p == LIF_PARAM_C || p == LIF_PARAM_TAU ? -1 : p;
}

static int
is_param (int p)
{
  return p >= 0 && p < n_params;
}

static int
is_member_param (int p)
{
  return is_param (p) && p != LIF_PARAM_T && p != LIF_PARAM_DT;
}

/* Applies to each shadow what the batch accepted (set = 1: every shadow
 * must accept it too), or checks on a copy what it refused. */
typedef int (*shadow_call) (lif_neuron *n, size_t index, const void *arg);

static void
mirror_call (bslot *s, int rc, shadow_call call, const void *arg,
             int enum_same, size_t bad_index, const char *what)
{
  int k;
  for (k = 0; k < N_SHADOWS; k++)
    {
      shadow *sh = &s->sh[k];
      lif_neuron *copy;
      int mine;
      if (!sh->n)
        continue;
      copy = clone_of (sh->n);
      mine = call (copy, sh->index, arg);
      if (rc == LIF_OK)
        {
          CHECK (mine == LIF_OK,
                 "%s: the batch took it, a lone neuron as member %zu gave %d",
                 what, sh->index, mine);
          lif_neuron_free (sh->n);
          sh->n = copy;
          continue;
        }
      lif_neuron_free (copy);
      /* An unknown parameter is unknown to every member. */
      CHECK (!enum_same || (rc == LIF_EENUM) == (mine == LIF_EENUM),
             "%s: the batch gave %d, a lone neuron as member %zu %d", what, rc,
             sh->index, mine);
      /* A value refused for member bad_index: the members before it took
       * theirs, and that member refuses its own, for the same reason. */
      if (bad_index != SIZE_MAX && sh->index < bad_index)
        CHECK (mine == LIF_OK,
               "%s: member %zu is reported bad, member %zu's value is "
               "refused too (%d)",
               what, bad_index, sh->index, mine);
      if (bad_index != SIZE_MAX && sh->index == bad_index)
        CHECK (mine == rc,
               "%s: member %zu's value refused with %d, by a lone neuron "
               "with %d",
               what, bad_index, rc, mine);
    }
}

typedef struct set_arg
{
  int param;
  double value;
} set_arg;

static int
shadow_set (lif_neuron *n, size_t index, const void *arg)
{
  const set_arg *a = arg;
  (void)index;
  return lif_neuron_set (n, a->param, a->value);
}

/* Whether member i of o reads value v, set for parameter p, back as set.
 * The refractory time left is kept as an end time (t + v), and in grid
 * timing as whole steps: it reads back to within a step and rounding, and
 * a period of 2^52 steps or more as at least 2^52 steps. */
static int
reads_back (const bstate *o, int p, double v, size_t i)
{
  double got = value_of (o, p, i), dt, t;
  if (p == LIF_PARAM_T)
    return got == v; /* t0 + 0 dt is +0 for a t0 of -0 */
  if (p != LIF_PARAM_REF_LEFT)
    return memcmp (&got, &v, sizeof v) == 0;
  dt = value_of (o, LIF_PARAM_DT, i);
  t = value_of (o, LIF_PARAM_T, i);
  if (v == 0.0)
    return got == 0.0;
  return fabs (got - v) <= dt + 8.0 * DBL_EPSILON * (fabs (t) + v)
         || (v / dt >= 0x1p52 && got >= 0x1p52 * dt && got <= v + dt);
}

static void
op_set (reader *r)
{
  bslot *s = batch_slot (r);
  set_arg a;
  bstate pre, post;
  int rc;
  size_t i;
  a.param = enum_int (r, n_params);
  a.value = dbl (r);
  if (!s->b)
    {
      CHECK (lif_batch_set (NULL, a.param, a.value) == LIF_ENULL, "set(NULL)");
      return;
    }
  take (s, &pre);
  arm ();
  rc = lif_batch_set (s->b, a.param, a.value);
  disarm ();
  TRACE ("batch %d set %d (%s) = %a -> %d", (int)(s - batches), a.param,
         lif_param_name (a.param) ? lif_param_name (a.param) : "?", a.value,
         rc);
  CHECK (rc == LIF_OK || rc == LIF_EINVAL || rc == LIF_EENUM
             || rc == LIF_ETHRESHOLD,
         "set gave %d", rc);
  CHECK ((rc == LIF_EENUM) == !is_param (a.param), "set(%d) gave %d", a.param,
         rc);
  if (rc == LIF_OK && a.param == LIF_PARAM_T)
    s->ordered_from = pre.count;
  after_call (s, &pre, &post, rc, SETS_TIME, "set");
  if (rc == LIF_OK)
    for (i = 0; i < s->n; i++)
      CHECK (reads_back (&post, a.param, a.value, i),
             "set %s to %a, member %zu reads %a", lif_param_name (a.param),
             a.value, i, value_of (&post, a.param, i));
  mirror_call (s, rc, shadow_set, &a, 1, SIZE_MAX, "set");
  compare_shadows (s, &post, "set");
  forget (&pre);
  forget (&post);
}

/* Per-member values for a setter: one value for all, a few values in turn,
 * or currents-like values with one odd value at one member. */
static void
fill_values (reader *r, double *v, size_t n)
{
  unsigned mode = u8 (r) % 4;
  double a = dbl (r), b = dbl (r), c = dbl (r);
  size_t i, at = u16 (r) % n;
  for (i = 0; i < n; i++)
    switch (mode)
      {
      case 0:
        v[i] = a;
        break;
      case 1:
        v[i] = i % 3 == 0 ? a : i % 3 == 1 ? b : c;
        break;
      case 2:
        v[i] = i == at ? b : a;
        break;
      default:
        v[i] = a + (double)i * (isfinite (b) ? b : 0.25) / (double)n;
        break;
      }
}

typedef struct column_arg
{
  size_t n_params;
  const int *params;
  const double *const *values;
} column_arg;

static int
shadow_set_column (lif_neuron *n, size_t index, const void *arg)
{
  const column_arg *a = arg;
  double mine[4];
  size_t k;
  for (k = 0; k < a->n_params; k++)
    mine[k] = a->values[k][index];
  return lif_neuron_set_many (n, a->params, mine, a->n_params);
}

/* lif_batch_set_array() and lif_batch_set_many(). */
static void
op_set_array (reader *r)
{
  bslot *s = batch_slot (r);
  int many = u8 (r) % 2, params[4] = { 0, 0, 0, 0 }, rc;
  size_t n_params = many ? u8 (r) % 5 : 1, k, i, bad = SIZE_MAX - 1;
  size_t count, n = s->n ? s->n : 1;
  int null_values = u8 (r) % 32 == 0, null_bad = u8 (r) % 8 == 0;
  int null_params = u8 (r) % 32 == 0, null_row = u8 (r) % 32 == 0;
  unsigned odd = u8 (r);
  double *cols[4] = { NULL, NULL, NULL, NULL };
  const double *rows[4] = { NULL, NULL, NULL, NULL };
  column_arg a;
  bstate pre, post;
  count = odd % 16 == 0 ? n + 1 : odd % 16 == 1 ? n - 1 : n;
  for (k = 0; k < n_params; k++)
    {
      params[k] = enum_int (r, n_params);
      cols[k] = xmalloc ((n + 1) * sizeof *cols[k]);
      fill_values (r, cols[k], n + 1);
      rows[k] = cols[k];
    }
  if (null_row && n_params > 0)
    rows[n_params - 1] = NULL;
  if (!s->b)
    {
      CHECK (
          lif_batch_set_array (NULL, params[0], rows[0], count, &bad)
                  == LIF_ENULL
              && lif_batch_set_many (NULL, params, rows, n_params, count, &bad)
                     == LIF_ENULL
              && bad == SIZE_MAX - 1,
          "set_array(NULL)");
      goto done;
    }
  take (s, &pre);
  arm ();
  if (many)
    rc = lif_batch_set_many (s->b, null_params ? NULL : params,
                             null_values ? NULL : rows, n_params, count,
                             null_bad ? NULL : &bad);
  else
    rc = lif_batch_set_array (s->b, params[0], null_values ? NULL : rows[0],
                              count, null_bad ? NULL : &bad);
  disarm ();
  for (k = 0; k < n_params; k++)
    TRACE ("batch %d set_%s [%zu] %d = %a, %a, ... (%zu values)",
           (int)(s - batches), many ? "many" : "array", k, params[k],
           cols[k][0], cols[k][n > 1], count);
  TRACE ("batch %d set_%s -> %d, bad %zu", (int)(s - batches),
         many ? "many" : "array", rc, bad);
  CHECK (rc == LIF_OK || rc == LIF_ENULL || rc == LIF_EINVAL || rc == LIF_EENUM
             || rc == LIF_ETHRESHOLD,
         "set_array/many gave %d", rc);
  {
    int any_null = null_values || (n_params > 0 && !rows[n_params - 1]);
    int bad_param = 0;
    for (k = 0; k < n_params; k++)
      bad_param |= !is_member_param (params[k]);
    if (many && n_params > 0 && (null_params || any_null))
      CHECK (rc == LIF_ENULL, "set_many with NULL arrays gave %d", rc);
    if (!many && any_null)
      CHECK (rc == LIF_ENULL, "set_array(NULL values) gave %d", rc);
    if (rc != LIF_ENULL && bad_param)
      CHECK (rc == LIF_EENUM, "set_array/many of %d gave %d", params[0], rc);
    if (rc != LIF_ENULL && !bad_param && n_params > 0 && count != s->n)
      CHECK (rc == LIF_EINVAL && bad == SIZE_MAX - 1,
             "set_array/many with %zu values for %zu gave %d", count, s->n,
             rc);
    if (rc == LIF_OK || rc == LIF_ENULL || rc == LIF_EENUM || count != s->n)
      CHECK (bad == SIZE_MAX - 1, "set_array/many wrote bad_index %zu (%d)",
             bad, rc);
    else if (!null_bad)
      CHECK (bad < s->n, "set_array/many refused a value, bad_index %zu", bad);
  }
  after_call (s, &pre, &post, rc, REFUSABLE, many ? "set_many" : "set_array");
  if (rc == LIF_OK)
    for (k = 0; k < n_params; k++)
      {
        int later = 0;
        size_t j;
        for (j = k + 1; j < n_params; j++)
          later |= param_group (params[j]) == param_group (params[k]);
        if (!later)
          for (i = 0; i < s->n; i++)
            CHECK (reads_back (&post, params[k], cols[k][i], i),
                   "set_array/many %s: member %zu reads %a, not %a",
                   lif_param_name (params[k]), i,
                   value_of (&post, params[k], i), cols[k][i]);
      }
  if (rc != LIF_ENULL)
    {
      a.n_params = n_params;
      a.params = params;
      a.values = rows;
      mirror_call (s, rc, shadow_set_column, &a, 0,
                   rc == LIF_EINVAL || rc == LIF_ETHRESHOLD
                       ? (null_bad || count != s->n ? SIZE_MAX : bad)
                       : SIZE_MAX,
                   many ? "set_many" : "set_array");
    }
  compare_shadows (s, &post, "set_array");
  forget (&pre);
  forget (&post);
done:
  for (k = 0; k < n_params; k++)
    free (cols[k]);
}

static void
op_get (reader *r)
{
  bslot *s = batch_slot (r);
  int p = enum_int (r, n_params + 1), which = u8 (r) % 2, rc;
  int null_out = u8 (r) % 16 == 0;
  unsigned sel = u8 (r);
  size_t index = 0, i, count;
  double v = 12345.0, *buf;
  bstate pre, post;
  if (!s->b)
    {
      CHECK (lif_batch_get (NULL, p, 0, &v) == LIF_ENULL
                 && lif_batch_get_array (NULL, p, &v, 1) == LIF_ENULL
                 && v == 12345.0,
             "get(NULL)");
      return;
    }
  index = sel % 8 == 0 ? s->n : sel % 8 == 1 ? SIZE_MAX : u16 (r) % s->n;
  count = sel % 16 == 2 ? s->n + 1 : sel % 16 == 3 ? s->n - 1 : s->n;
  buf = xmalloc ((s->n + 2) * sizeof *buf);
  for (i = 0; i < s->n + 2; i++)
    buf[i] = 12345.0;
  take (s, &pre);
  if (which == 0)
    rc = lif_batch_get (s->b, p, index, null_out ? NULL : &v);
  else
    rc = lif_batch_get_array (s->b, p, null_out ? NULL : buf, count);
  TRACE ("batch %d get%s %d [%zu / %zu] -> %d", (int)(s - batches),
         which ? "_array" : "", p, index, count, rc);
  if (null_out)
    CHECK (rc == LIF_ENULL, "get with NULL output gave %d", rc);
  else if (!is_param (p))
    CHECK (rc == LIF_EENUM, "get(%d) gave %d", p, rc);
  else if (which == 0)
    CHECK (rc == (index < s->n ? LIF_OK : LIF_EINVAL), "get [%zu] gave %d",
           index, rc);
  else
    CHECK (rc == (count == s->n ? LIF_OK : LIF_EINVAL),
           "get_array of %zu gave %d", count, rc);
  if (rc == LIF_OK && which == 0)
    CHECK (memcmp (&v, &pre.values[(size_t)p * s->n + index], sizeof v) == 0,
           "get differs from get_array");
  if (rc == LIF_OK && which == 1)
    CHECK (memcmp (buf, pre.values + (size_t)p * s->n, s->n * sizeof *buf)
               == 0,
           "get_array differs");
  if (rc != LIF_OK)
    CHECK (v == 12345.0 && buf[0] == 12345.0, "refused get wrote");
  CHECK (buf[s->n] == 12345.0 && buf[s->n + 1] == 12345.0,
         "get_array wrote past the batch size");
  after_call (s, &pre, &post, rc, REFUSABLE, "get");
  forget (&pre);
  forget (&post);
  free (buf);
}

typedef struct enum_arg
{
  int which, value;
  size_t limit;
} enum_arg;

static int
shadow_set_enum (lif_neuron *n, size_t index, const void *arg)
{
  const enum_arg *a = arg;
  (void)index;
  switch (a->which)
    {
    case 0:
      return lif_neuron_set_stepper (n, a->value);
    case 1:
      return lif_neuron_set_timing (n, a->value);
    case 2:
      return lif_neuron_set_spike_limit (n, a->limit);
    default:
      return LIF_OK; /* threads: a lone neuron has none */
    }
}

static int
threads_arg (reader *r)
{
  static const int odd[4] = { -1, INT32_MIN, INT32_MAX, 0 };
  unsigned sel = u8 (r);
  return sel < 200 ? 1 + (int)(sel % 4) : odd[sel % 4];
}

static void
op_set_enum (reader *r)
{
  bslot *s = batch_slot (r);
  enum_arg a;
  int rc, got = -1;
  size_t got_limit = 0;
  bstate pre, post;
  a.which = (int)(u8 (r) % 4);
  a.value = a.which == 3 ? threads_arg (r)
                         : enum_int (r, a.which ? n_timings : n_steppers);
  a.limit = size_arg (r);
  if (!s->b)
    {
      CHECK (lif_batch_set_stepper (NULL, a.value) == LIF_ENULL
                 && lif_batch_set_timing (NULL, a.value) == LIF_ENULL
                 && lif_batch_set_spike_limit (NULL, a.limit) == LIF_ENULL
                 && lif_batch_set_threads (NULL, a.value) == LIF_ENULL
                 && lif_batch_get_stepper (NULL, &got) == LIF_ENULL
                 && lif_batch_get_timing (NULL, &got) == LIF_ENULL
                 && lif_batch_get_threads (NULL, &got) == LIF_ENULL
                 && lif_batch_get_spike_limit (NULL, &got_limit) == LIF_ENULL
                 && lif_batch_size (NULL, &got_limit) == LIF_ENULL && got == -1
                 && got_limit == 0,
             "setters on NULL");
      return;
    }
  take (s, &pre);
  if (u8 (r) % 16 == 0)
    {
      rc = LIF_ENULL;
      CHECK (lif_batch_get_stepper (s->b, NULL) == LIF_ENULL
                 && lif_batch_get_timing (s->b, NULL) == LIF_ENULL
                 && lif_batch_get_threads (s->b, NULL) == LIF_ENULL
                 && lif_batch_get_spike_limit (s->b, NULL) == LIF_ENULL
                 && lif_batch_spike_count (s->b, NULL) == LIF_ENULL
                 && lif_batch_size (s->b, NULL) == LIF_ENULL,
             "getters with NULL output");
    }
  else
    {
      arm ();
      rc = a.which == 0   ? lif_batch_set_stepper (s->b, a.value)
           : a.which == 1 ? lif_batch_set_timing (s->b, a.value)
           : a.which == 2 ? lif_batch_set_spike_limit (s->b, a.limit)
                          : lif_batch_set_threads (s->b, a.value);
      disarm ();
    }
  TRACE ("batch %d set %s %d / limit %zu -> %d", (int)(s - batches),
         a.which == 0   ? "stepper"
         : a.which == 1 ? "timing"
         : a.which == 2 ? "spike_limit"
                        : "threads",
         a.value, a.limit, rc);
  after_call (s, &pre, &post, rc, REFUSABLE, "set_stepper/timing/...");
  if (rc != LIF_ENULL)
    switch (a.which)
      {
      case 0:
        CHECK ((rc == LIF_OK) == (lif_stepper_name (a.value) != NULL)
                   && (rc == LIF_OK || rc == LIF_EENUM)
                   && (rc != LIF_OK || post.stepper == a.value),
               "set_stepper(%d) gave %d", a.value, rc);
        break;
      case 1:
        CHECK ((rc == LIF_OK) == (lif_timing_name (a.value) != NULL)
                   && (rc == LIF_OK || rc == LIF_EENUM)
                   && (rc != LIF_OK || post.timing == a.value),
               "set_timing(%d) gave %d", a.value, rc);
        break;
      case 2:
        CHECK (rc == (a.limit ? LIF_OK : LIF_EINVAL)
                   && (rc != LIF_OK || post.limit == a.limit),
               "set_spike_limit(%zu) gave %d", a.limit, rc);
        break;
      default:
        CHECK (rc == (a.value >= 0 ? LIF_OK : LIF_EINVAL),
               "set_threads(%d) gave %d", a.value, rc);
#ifdef _OPENMP
        CHECK (rc != LIF_OK || a.value == 0 || post.threads == a.value,
               "set_threads(%d), get_threads gives %d", a.value, post.threads);
#else
        CHECK (post.threads == 1, "get_threads without OpenMP gives %d",
               post.threads);
#endif
        CHECK (post.threads >= 1, "get_threads gives %d", post.threads);
        break;
      }
  if (rc != LIF_ENULL)
    mirror_call (s, rc, shadow_set_enum, &a, 1, SIZE_MAX, "set_enum");
  compare_shadows (s, &post, "set_stepper/timing/...");
  forget (&pre);
  forget (&post);
}

/* A one-term sum of in, owned by the harness (made with faults off). */
static lif_input *
mirror_of (lif_input *in)
{
  lif_input *m = NULL;
  CHECK (lif_input_new_sum (&in, NULL, 1, &m) == LIF_OK && m, "mirror");
  return m;
}

static int
shadow_set_input (lif_neuron *n, size_t index, const void *arg)
{
  lif_input *in = (lif_input *)arg;
  (void)index;
  return in ? lif_neuron_set_input (n, in) : lif_neuron_clear_input (n);
}

static void
op_set_input (reader *r)
{
  bslot *s = batch_slot (r);
  islot *in = input_slot (r);
  int clear = u8 (r) % 4 == 0, rc;
  bstate pre, post;
  if (!s->b)
    {
      CHECK (lif_batch_set_input (NULL, in->in) == LIF_ENULL
                 && lif_batch_clear_input (NULL) == LIF_ENULL,
             "set_input(NULL)");
      return;
    }
  take (s, &pre);
  arm ();
  rc = clear ? lif_batch_clear_input (s->b)
             : lif_batch_set_input (s->b, in->in);
  disarm ();
  TRACE ("batch %d %s input %d (%s) -> %d", (int)(s - batches),
         clear ? "clear" : "set", (int)(in - inputs),
         in->in ? in->kind : "none", rc);
  CHECK (rc == (clear || in->in ? LIF_OK : LIF_ENULL),
         "set_input/clear_input gave %d", rc);
  after_call (s, &pre, &post, rc, REFUSABLE, "set_input");
  if (rc == LIF_OK)
    {
      mirror_call (s, rc, shadow_set_input, clear ? NULL : in->in, 1, SIZE_MAX,
                   "set_input");
      lif_input_free (s->mirror);
      s->mirror = clear ? NULL : mirror_of (in->in);
      s->shared = clear ? NULL : in->in;
      s->input_cost = clear ? 0.0 : in->cost;
    }
  compare_shadows (s, &post, "set_input");
  forget (&pre);
  forget (&post);
}

static void
op_set_feed (reader *r)
{
  bslot *s = batch_slot (r);
  feed *f = &feeds[u8 (r) % N_FEEDS];
  int on = u8 (r) % 4 != 0, rc;
  bstate pre, post;
  gen g;
  gen_read (r, &g);
  if (!s->b)
    {
      CHECK (lif_batch_set_current_callback (NULL, feed_fn, f) == LIF_ENULL,
             "set_current_callback(NULL)");
      return;
    }
  /* A feed another batch still uses keeps what it writes. */
  if (on
      && !((batches[0].feed == f && &batches[0] != s)
           || (batches[1].feed == f && &batches[1] != s)))
    f->g = g;
  take (s, &pre);
  rc = lif_batch_set_current_callback (s->b, on ? feed_fn : NULL,
                                       on ? f : NULL);
  TRACE ("batch %d current callback %s (mode %d, value %a)",
         (int)(s - batches), on ? "on" : "off", f->g.mode, f->g.value);
  CHECK (rc == LIF_OK, "set_current_callback gave %d", rc);
  after_call (s, &pre, &post, rc, REFUSABLE, "set_current_callback");
  s->feed = on ? f : NULL;
  compare_shadows (s, &post, "set_current_callback");
  forget (&pre);
  forget (&post);
}

static void
op_reset (reader *r)
{
  bslot *s = batch_slot (r);
  bstate pre, post;
  size_t i;
  int rc, k;
  if (!s->b)
    {
      CHECK (lif_batch_reset (NULL) == LIF_ENULL, "reset(NULL)");
      return;
    }
  take (s, &pre);
  arm ();
  rc = lif_batch_reset (s->b);
  disarm ();
  TRACE ("reset batch %d -> %d", (int)(s - batches), rc);
  CHECK (rc == LIF_OK, "reset gave %d", rc);
  after_call (s, &pre, &post, rc, SETS_TIME | CLEARS_SPIKES, "reset");
  CHECK (post.count == 0, "reset kept spikes");
  s->ordered_from = 0;
  for (i = 0; i < s->n; i++)
    CHECK (value_of (&post, LIF_PARAM_T, i) == 0.0
               && memcmp (&post.values[LIF_PARAM_V * s->n + i],
                          &post.values[LIF_PARAM_V_0 * s->n + i],
                          sizeof (double))
                      == 0
               && post.counts[i] == 0,
           "reset member %zu not at t = 0, V = V_0", i);
  for (k = 0; k < N_SHADOWS; k++)
    if (s->sh[k].n)
      CHECK (lif_neuron_reset (s->sh[k].n) == LIF_OK, "shadow reset");
  compare_shadows (s, &post, "reset");
  forget (&pre);
  forget (&post);
}

static void
clear_spikes (bslot *s)
{
  int k;
  CHECK (lif_batch_clear_spikes (s->b) == LIF_OK, "clear_spikes");
  for (k = 0; k < N_SHADOWS; k++)
    if (s->sh[k].n)
      CHECK (lif_neuron_clear_spikes (s->sh[k].n) == LIF_OK,
             "shadow clear_spikes");
  s->ordered_from = 0;
}

static void
op_spikes (reader *r)
{
  enum
  {
    BUF = 64
  };
  bslot *s = batch_slot (r);
  int which = u8 (r) % 4, rc;
  unsigned nulls = u8 (r);
  size_t first = u8 (r) % 4 == 0 ? size_arg (r) : u16 (r) % 64;
  size_t capacity = u8 (r) % (BUF + 1), copied = 999, got = 999, i, want;
  size_t idx[BUF + 2], *counts;
  double tm[BUF + 2];
  bstate pre, post;
  if (!s->b)
    {
      CHECK (lif_batch_clear_spikes (NULL) == LIF_ENULL
                 && lif_batch_spike_count (NULL, &got) == LIF_ENULL
                 && lif_batch_copy_spikes (NULL, 0, idx, tm, 1, &copied)
                        == LIF_ENULL
                 && lif_batch_spike_counts (NULL, idx, 1) == LIF_ENULL
                 && copied == 999 && got == 999,
             "spikes(NULL)");
      return;
    }
  for (i = 0; i < BUF + 2; i++)
    {
      idx[i] = 999;
      tm[i] = -12345.0;
    }
  take (s, &pre);
  switch (which)
    {
    case 0:
      rc = lif_batch_clear_spikes (s->b);
      TRACE ("batch %d clear_spikes", (int)(s - batches));
      CHECK (rc == LIF_OK, "clear_spikes gave %d", rc);
      after_call (s, &pre, &post, rc, CLEARS_SPIKES, "clear_spikes");
      CHECK (post.count == 0, "clear_spikes kept spikes");
      for (i = 0; i < s->n; i++)
        CHECK (post.counts[i] == 0, "clear_spikes kept a count");
      for (i = 0; i < N_SHADOWS; i++)
        if (s->sh[i].n)
          CHECK (lif_neuron_clear_spikes (s->sh[i].n) == LIF_OK,
                 "shadow clear_spikes");
      s->ordered_from = 0;
      break;
    case 1:
      rc = lif_batch_spike_count (s->b, nulls % 8 ? &got : NULL);
      after_call (s, &pre, &post, rc, REFUSABLE, "spike_count");
      CHECK (nulls % 8 ? rc == LIF_OK && got == pre.count
                       : rc == LIF_ENULL && got == 999,
             "spike_count gave %d, %zu", rc, got);
      break;
    case 2:
      {
        /* With both arrays NULL any capacity is room enough. */
        int null_idx = nulls & 1, null_tm = (nulls >> 1) & 1;
        int null_copied = (nulls >> 2) % 16 == 0;
        if (null_idx && null_tm && (nulls >> 6))
          capacity = (nulls >> 6) == 1 ? SIZE_MAX : size_arg (r);
        rc = lif_batch_copy_spikes (s->b, first, null_idx ? NULL : idx,
                                    null_tm ? NULL : tm, capacity,
                                    null_copied ? NULL : &copied);
        TRACE ("batch %d copy_spikes from %zu, room %zu (nulls %u) -> %d, "
               "%zu",
               (int)(s - batches), first, capacity, nulls, rc, copied);
        after_call (s, &pre, &post, rc, REFUSABLE, "copy_spikes");
        if (null_copied)
          {
            CHECK (rc == LIF_ENULL && copied == 999,
                   "copy_spikes(copied NULL) gave %d", rc);
            want = 0;
          }
        else
          {
            want = first < pre.count ? pre.count - first : 0;
            if (want > capacity)
              want = capacity;
            CHECK (rc == LIF_OK && copied == want,
                   "copy_spikes copied %zu of %zu (%d)", copied, want, rc);
          }
        for (i = 0; i < BUF + 2; i++)
          {
            int in = i < want;
            CHECK (null_idx
                       || (in ? idx[i] == pre.idx[first + i] : idx[i] == 999),
                   "copy_spikes index %zu wrong or written past %zu", i, want);
            CHECK (null_tm
                       || (in ? memcmp (&tm[i], &pre.tm[first + i],
                                        sizeof (double))
                                    == 0
                              : tm[i] == -12345.0),
                   "copy_spikes time %zu wrong or written past %zu", i, want);
          }
        break;
      }
    default:
      {
        size_t count = nulls % 16 == 1   ? s->n + 1
                       : nulls % 16 == 2 ? s->n - 1
                                         : s->n;
        int null_counts = nulls % 16 == 3;
        counts = xmalloc ((s->n + 2) * sizeof *counts);
        for (i = 0; i < s->n + 2; i++)
          counts[i] = 777;
        rc = lif_batch_spike_counts (s->b, null_counts ? NULL : counts, count);
        after_call (s, &pre, &post, rc, REFUSABLE, "spike_counts");
        CHECK (rc
                   == (null_counts     ? LIF_ENULL
                       : count != s->n ? LIF_EINVAL
                                       : LIF_OK),
               "spike_counts gave %d", rc);
        if (rc == LIF_OK)
          CHECK (memcmp (counts, pre.counts, s->n * sizeof *counts) == 0,
                 "spike_counts differ");
        CHECK (counts[s->n] == 777 && counts[s->n + 1] == 777
                   && (rc == LIF_OK || counts[0] == 777),
               "spike_counts wrote where it must not");
        free (counts);
        break;
      }
    }
  compare_shadows (s, &post, "spikes");
  forget (&pre);
  forget (&post);
}

/* ---- runs ------------------------------------------------------------- */

/* liblif's rule for whole steps: a duration within a few ulps of a whole
 * number of steps (8 eps times the count, at least 1) is that number; any
 * other is that many whole steps and a shorter last one, however short
 * (runs never lose time: a millionth of a step is no longer nothing). */
static double
whole_steps (double steps, int *partial)
{
  double r = fabs (steps) < 4503599627370496.0
                 ? (double)(int64_t)(steps + (steps < 0.0 ? -0.5 : 0.5))
                 : steps;
  double tol = 8.0 * DBL_EPSILON * fmax (1.0, fabs (steps));
  *partial = !(fabs (steps - r) <= tol);
  return *partial ? floor (steps) : r;
}

/* Input breakpoints in (t, end], counted up to cap. */
static double
count_breakpoints (const bslot *s, double t, double end, double cap)
{
  double count = 0.0, b;
  if (!s->mirror)
    return 0.0;
  while (count < cap)
    {
      CHECK (lif_input_next_breakpoint (s->mirror, t, &b) == LIF_OK,
             "next_breakpoint at %a", t);
      if (!(b <= end) || !isfinite (b))
        break;
      CHECK (b > t, "next breakpoint %a not after %a", b, t);
      count += 1.0;
      t = b;
    }
  return count;
}

typedef struct run_desc
{
  int kind; /* 0 step, 1 run, 2 run_currents */
  double duration;
  size_t steps;     /* whole steps the call takes when it succeeds */
  int partial;      /* a run: a shorter last step may follow */
  const gen *g;     /* per-step currents (array or callback), or NULL */
  const feed *feed; /* the callback, when it supplies them */
  /* The run starts between grid times (a run before it ended there): its
   * first step is the rest of the step under way, to the next grid time. */
  int off_grid;
} run_desc;

/* Whether the neuron stands between grid times: 1 or 0, or -1 where the
 * probes cannot tell (a clock at its limits). On the grid a run of dt is
 * one whole step, to the time a single step reaches; between grid times a
 * step ends at the next grid time and a run of dt does not. */
static int
off_grid (const lif_neuron *n)
{
  lif_neuron *a = clone_of (n), *b = clone_of (n);
  double dt = 0.0, ta = 0.0, tb = 0.0;
  size_t done = 0;
  int k, rc = 0;
  /* No input, no drive, far below threshold, the stepper stable at any
   * dt: only the clock can fail. */
  for (k = 0; k < 2; k++)
    {
      lif_neuron *p = k ? b : a;
      CHECK (lif_neuron_clear_input (p) == LIF_OK
                 && lif_neuron_set_stepper (p, LIF_STEPPER_EXACT) == LIF_OK
                 && lif_neuron_set (p, LIF_PARAM_V_TH, 1e300) == LIF_OK
                 && lif_neuron_set (p, LIF_PARAM_I_BIAS, 0.0) == LIF_OK,
             "grid probe setup");
    }
  CHECK (lif_neuron_get (a, LIF_PARAM_DT, &dt) == LIF_OK, "dt");
  if (lif_neuron_run_trace (a, 1, &ta, NULL, NULL, &done) != LIF_OK
      || lif_neuron_run (b, dt) != LIF_OK)
    rc = -1;
  else
    {
      CHECK (lif_neuron_get (b, LIF_PARAM_T, &tb) == LIF_OK, "t");
      rc = ta != tb;
    }
  lif_neuron_free (a);
  lif_neuron_free (b);
  return rc;
}

/* Bounds the run ahead: at most `*steps` whole steps, then a spike limit
 * and a number of recorded spikes the harness can afford, set through the
 * public API and mirrored to the shadows. Returns 0 when the run is not
 * affordable at all. */
static int
afford (bslot *s, reader *r, double *steps, int *one_step)
{
  double dt = 0.0, t = 0.0, n = (double)s->n, per, bps, cap, spikes;
  size_t limit = 0, count = 0;
  int k;
  *one_step = 0;
  CHECK (lif_batch_get (s->b, LIF_PARAM_DT, 0, &dt) == LIF_OK
             && lif_batch_get (s->b, LIF_PARAM_T, 0, &t) == LIF_OK
             && lif_batch_get_spike_limit (s->b, &limit) == LIF_OK
             && lif_batch_spike_count (s->b, &count) == LIF_OK,
         "afford");
  if (count > MAX_KEPT_SPIKES)
    clear_spikes (s);
  per = n * (s->input_cost + 1.0) * (1.0 + N_SHADOWS / n);
  if (budget <= per)
    return 0;
  cap = fmin (budget / per, MAX_COUNTED);
  bps = count_breakpoints (s, t, t + (*steps + 1.0) * dt, cap);
  if (bps >= cap)
    {
      /* Too many breakpoints to count: one step, once per input, for a
       * batch of one or two, when the input asks for it; liblif then
       * splits every member's step up to 2^20 times and either finishes it
       * or stops with LIF_EBREAKPOINTS. */
      if (u8 (r) != 0xB5 || big_step_used || s->n > 2 || s->input_cost > 2.0)
        return 0;
      big_step_used = 1;
      *one_step = 1;
      *steps = 1.0;
      return 1;
    }
  if ((*steps + 2.0 + 8.0 * bps) * per > budget)
    *steps = floor (budget / per - 2.0 - 8.0 * bps);
  if (*steps < 0.0)
    return 0;
  budget -= (*steps + 2.0 + 8.0 * bps) * per;
  /* Spikes: one per member and step on the grid, up to the limit in
   * precise timing. */
  spikes = n * (*steps + 1.0)
           * (double)(limit < MAX_SPIKE_LIMIT ? limit : MAX_SPIKE_LIMIT);
  if (limit > MAX_SPIKE_LIMIT || spikes > SPIKE_BUDGET)
    {
      double fit = floor (SPIKE_BUDGET / (n * (*steps + 1.0)));
      size_t lower = fit < 1.0               ? 1
                     : fit < MAX_SPIKE_LIMIT ? (size_t)fit
                                             : MAX_SPIKE_LIMIT;
      if (lower < limit)
        {
          CHECK (lif_batch_set_spike_limit (s->b, lower) == LIF_OK,
                 "set_spike_limit");
          for (k = 0; k < N_SHADOWS; k++)
            if (s->sh[k].n)
              CHECK (lif_neuron_set_spike_limit (s->sh[k].n, lower) == LIF_OK,
                     "shadow set_spike_limit");
        }
    }
  return 1;
}

/* The times at which the steps of a run end, as the shadow's clock gives
 * them: grid[j] is the time after j whole steps (grid[0] now), and with a
 * shorter last step grid[steps + 1] is the run's end, grid[0] + duration
 * (a whole step there could end beyond DBL_MAX: finding 14). A copy of the
 * shadow that cannot fail (no input, no drive, never at its threshold)
 * runs the whole steps and reports their times. */
static double *
grid_times (const lif_neuron *shadow, size_t steps, int partial,
            double duration)
{
  static const int params[3]
      = { LIF_PARAM_E_L, LIF_PARAM_I_BIAS, LIF_PARAM_V };
  lif_neuron *probe = clone_of (shadow);
  double *grid = xmalloc ((steps + 2) * sizeof *grid), values[3];
  size_t done = 0;
  int rc;
  CHECK (lif_neuron_get (probe, LIF_PARAM_V_RESET, &values[0]) == LIF_OK,
         "probe");
  values[1] = 0.0;
  values[2] = values[0];
  CHECK (lif_neuron_clear_input (probe) == LIF_OK
             && lif_neuron_clear_spikes (probe) == LIF_OK
             && lif_neuron_set_many (probe, params, values, 3) == LIF_OK
             && lif_neuron_get (probe, LIF_PARAM_T, &grid[0]) == LIF_OK,
         "probe setup");
  rc = lif_neuron_run_trace (probe, steps, grid + 1, NULL, NULL, &done);
  CHECK (rc == LIF_OK && done == steps, "probe run_trace gave %d", rc);
  if (partial)
    grid[steps + 1] = grid[0] + duration;
  lif_neuron_free (probe);
  return grid;
}

/* The run the batch made, made again by each shadow from its copy cp taken
 * before the call: the whole run when the batch succeeded, the steps before
 * the one it stopped at when it stopped part-way. */
static void
replay (bslot *s, lif_neuron *cp[N_SHADOWS], const run_desc *d, int rc,
        const bstate *pre, const bstate *post, const char *what)
{
  double t_post = value_of (post, LIF_PARAM_T, 0), *grid, *x, *at;
  size_t f = d->steps, j, m, calls, total = d->steps + (d->partial ? 1 : 0);
  int k, found = 0;
  const lif_neuron *any = cp[0] ? cp[0] : cp[1] ? cp[1] : cp[2];
  /* A run of a duration from between grid times takes the rest of the
   * step under way, whole steps and maybe a shorter last one: the harness
   * does not work out that grid, so it checks the callback loosely and
   * replays only a whole run without per-step currents. */
  int loose = d->off_grid != 0 && d->kind == 1;
  if (loose && (rc != LIF_OK || d->g))
    {
      for (k = 0; k < N_SHADOWS; k++)
        lif_neuron_free (cp[k]);
      drop_shadows (s, "a run from between grid times");
      return;
    }
  grid = grid_times (any, d->steps, d->partial, d->duration);
  /* Spikes at one time come in member order, unless a step ends there
   * and the next begins there (one member's spike at the end of a step,
   * another's at the start of the next). */
  for (j = pre->count + 1; j < post->count && !loose; j++)
    if (post->tm[j] == post->tm[j - 1] && post->idx[j] < post->idx[j - 1])
      {
        size_t b;
        for (b = 0; b <= total && grid[b] != post->tm[j]; b++)
          ;
        CHECK (b <= total,
               "%s recorded member %zu at %a after member %zu at that time, "
               "inside a step",
               what, post->idx[j], post->tm[j], post->idx[j - 1]);
      }
  /* The callback saw each step's start, its length and the batch size, in
   * the calling thread. */
  calls = d->feed ? d->feed->calls : 0;
  if (d->feed)
    {
      CHECK (!d->feed->bad_args && !d->feed->wrong_thread,
             "%s: the current callback got wrong arguments or ran in "
             "another thread",
             what);
      CHECK (calls <= total + (loose ? 2 : 0),
             "%s: %zu callbacks for %zu steps", what, calls, total);
      for (j = 0; j < calls && !loose; j++)
        CHECK (d->feed->t[j] == grid[j]
                   && d->feed->h[j]
                          == (j == 0 && d->off_grid > 0
                                  ? fmin (grid[1] - grid[0],
                                          value_of (post, LIF_PARAM_DT, 0))
                              : j < d->steps
                                  ? value_of (post, LIF_PARAM_DT, 0)
                                  : fmin (grid[0] + d->duration - grid[j],
                                          value_of (post, LIF_PARAM_DT, 0))),
               "%s: callback %zu at (%a, %a), step at %a", what, j,
               d->feed->t[j], d->feed->h[j], grid[j]);
      for (j = 0; j < calls && loose; j++)
        CHECK (d->feed->h[j] > 0.0
                   && d->feed->h[j] <= value_of (post, LIF_PARAM_DT, 0)
                   && d->feed->t[j] >= grid[0]
                   && (j == 0 || d->feed->t[j] > d->feed->t[j - 1]),
               "%s: callback %zu at (%a, %a) from %a", what, j, d->feed->t[j],
               d->feed->h[j], grid[0]);
    }
  if (rc != LIF_OK)
    {
      /* The batch stopped at the start of step f. */
      for (j = 0; j <= d->steps; j++)
        if (grid[j] == t_post)
          {
            if (found)
              {
                free (grid);
                for (k = 0; k < N_SHADOWS; k++)
                  lif_neuron_free (cp[k]);
                drop_shadows (s, "the clock cannot tell the steps apart");
                return;
              }
            f = j;
            found = 1;
          }
      CHECK (found, "%s stopped (%d) at t = %a, not at the start of a step",
             what, rc, t_post);
      if (d->feed)
        CHECK (calls == f || calls == f + 1,
               "%s stopped at step %zu after %zu callbacks", what, f, calls);
    }
  else if (d->feed && !loose)
    CHECK (calls >= d->steps, "%s: %zu callbacks for %zu steps", what, calls,
           d->steps);
  /* Per-step currents become a step table at the grid times. */
  m = !d->g ? 0 : rc == LIF_OK ? (d->feed ? calls : d->steps) : f;
  x = xmalloc ((m + 1) * sizeof *x);
  at = xmalloc ((m + 1) * sizeof *at);
  for (j = 0; j < m; j++)
    {
      at[j] = grid[j];
      if (j > 0 && !(at[j] > at[j - 1]))
        break; /* times a table cannot hold */
    }
  if (j < m)
    {
      free (grid);
      free (x);
      free (at);
      for (k = 0; k < N_SHADOWS; k++)
        lif_neuron_free (cp[k]);
      drop_shadows (s, "grid times a table cannot hold");
      return;
    }
  if (m > 0)
    s->loose_zero = 1;
  for (k = 0; k < N_SHADOWS; k++)
    {
      lif_input *table = NULL, *proxy = NULL, *terms[2];
      lif_neuron *n = cp[k];
      int mine;
      if (!n)
        continue;
      if (m > 0)
        {
          int trc;
          for (j = 0; j < m; j++)
            x[j] = gen_at (d->g, j, s->sh[k].index);
          trc = lif_input_new_table (at, x, m, LIF_INTERP_STEP, &table);
          CHECK (trc == LIF_OK,
                 "%s took steps with member %zu's current %a (table: %d)",
                 what, s->sh[k].index, x[0], trc);
          terms[0] = s->shared;
          terms[1] = table;
          if (s->shared)
            CHECK (lif_input_new_sum (terms, NULL, 2, &proxy) == LIF_OK,
                   "proxy sum");
          CHECK (lif_neuron_set_input (n, proxy ? proxy : table) == LIF_OK,
                 "proxy");
        }
      if (rc != LIF_OK)
        mine = lif_neuron_run_trace (n, f, NULL, NULL, NULL, NULL);
      else if (d->kind == 0)
        mine = lif_neuron_step (n);
      else if (d->kind == 1)
        mine = lif_neuron_run (n, d->duration);
      else
        mine = lif_neuron_run_trace (n, d->steps, NULL, NULL, NULL, NULL);
      CHECK (mine == LIF_OK,
             "%s %s (%d, step %zu of %zu), a lone neuron as member %zu "
             "fails with %d before",
             what, rc == LIF_OK ? "succeeded" : "stopped", rc, f, d->steps,
             s->sh[k].index, mine);
      if (table)
        {
          CHECK ((s->shared ? lif_neuron_set_input (n, s->shared)
                            : lif_neuron_clear_input (n))
                     == LIF_OK,
                 "restore input");
          lif_input_free (table);
          lif_input_free (proxy);
        }
      lif_neuron_free (s->sh[k].n);
      s->sh[k].n = n;
    }
  free (grid);
  free (x);
  free (at);
}

static void
op_set_progress (reader *r)
{
  bslot *s = batch_slot (r);
  int on = u8 (r) % 4 != 0, rc;
  size_t every = u8 (r) % 4 == 0 ? size_arg (r) : 1 + u8 (r) % 64;
  bstate pre, post;
  if (!s->b)
    {
      CHECK (
          lif_batch_set_progress_callback (NULL, on_progress, 1, &progress_tag)
              == LIF_ENULL,
          "set_progress_callback(NULL)");
      return;
    }
  take (s, &pre);
  rc = lif_batch_set_progress_callback (s->b, on ? on_progress : NULL, every,
                                        on ? &progress_tag : NULL);
  TRACE ("batch %d progress %s every %zu -> %d", (int)(s - batches),
         on ? "on" : "off", every, rc);
  CHECK (rc == (on && every == 0 ? LIF_EINVAL : LIF_OK),
         "set_progress_callback every %zu gave %d", every, rc);
  after_call (s, &pre, &post, rc, REFUSABLE, "set_progress_callback");
  /* Runs cut in pieces equal uncut ones only to rounding: the shadows,
   * which are compared bit for bit, would need the same cuts. */
  if (rc == LIF_OK && on)
    drop_shadows (s, "a progress callback cuts runs in pieces");
  compare_shadows (s, &post, "set_progress_callback");
  forget (&pre);
  forget (&post);
}

/* Checkpoints: save into room of any size, restore what some batch saved
 * (another member count or dt is refused), a saved state with one byte
 * spoiled, and bytes from the input. A restore is LIF_OK or LIF_ESTATE,
 * and a refused one changes nothing (after_call). */
static void
op_state (reader *r)
{
  bslot *s = batch_slot (r);
  int which = u8 (r) % 4, rc, null_buf = u8 (r) % 16 == 0;
  size_t size = 0, room, i;
  unsigned char *buf;
  bstate pre, post;
  if (!s->b)
    {
      unsigned char one[8];
      CHECK (lif_batch_state_size (NULL, &size) == LIF_ENULL
                 && lif_batch_save_state (NULL, one, sizeof one) == LIF_ENULL
                 && lif_batch_restore_state (NULL, one, sizeof one)
                        == LIF_ENULL,
             "state(NULL)");
      return;
    }
  CHECK (lif_batch_state_size (s->b, &size) == LIF_OK && size > 0,
         "state_size");
  buf = xmalloc (size + 64);
  memset (buf, 0xA5, size + 64);
  take (s, &pre);
  if (which == 0)
    {
      room = u8 (r) % 4 == 0 ? size_arg (r) % (size + 1) : size + u8 (r) % 64;
      rc = lif_batch_save_state (s->b, null_buf ? NULL : buf, room);
      TRACE ("batch %d save_state (room %zu of %zu) -> %d", (int)(s - batches),
             room, size, rc);
      after_call (s, &pre, &post, rc, REFUSABLE, "save_state");
      if (null_buf)
        CHECK (rc == LIF_ENULL, "save_state(NULL) gave %d", rc);
      else if (room < size)
        CHECK (rc == LIF_EINVAL, "save_state into %zu < %zu gave %d", room,
               size, rc);
      else
        CHECK (rc == LIF_OK, "save_state gave %d", rc);
      for (i = rc == LIF_OK ? size : 0; i < size + 64; i++)
        CHECK (buf[i] == 0xA5, "save_state wrote byte %zu of %zu (%d)", i,
               size, rc);
      if (rc == LIF_OK)
        {
          free (saved_state);
          saved_state = buf;
          saved_size = size;
          buf = NULL;
        }
    }
  else
    {
      if (which == 1 && saved_size)
        {
          free (buf);
          buf = xmalloc (saved_size + 64);
          memcpy (buf, saved_state, saved_size);
          room = saved_size;
        }
      else if (which != 3)
        {
          /* This batch's own state with one byte spoiled. */
          CHECK (lif_batch_save_state (s->b, buf, size) == LIF_OK, "save");
          room = size;
          buf[u16 (r) % room] ^= (unsigned char)(u8 (r) | 1);
        }
      else
        {
          room = u8 (r) % (size < 200 ? size + 8 : 200);
          for (i = 0; i < room; i++)
            buf[i] = (unsigned char)u8 (r);
        }
      arm ();
      rc = lif_batch_restore_state (s->b, null_buf ? NULL : buf, room);
      disarm ();
      TRACE ("batch %d restore_state (%d, %zu bytes) -> %d",
             (int)(s - batches), which, room, rc);
      if (null_buf)
        CHECK (rc == LIF_ENULL, "restore_state(NULL) gave %d", rc);
      else
        CHECK (rc == LIF_OK || rc == LIF_ESTATE, "restore_state gave %d", rc);
      if (rc == LIF_OK)
        {
          s->ordered_from = pre.count; /* t may have gone back */
          /* The members now hold a state no lone neuron was given. */
          drop_shadows (s, "restored");
        }
      after_call (s, &pre, &post, rc, SETS_TIME, "restore_state");
    }
  compare_shadows (s, &post, "state");
  free (buf);
  forget (&pre);
  forget (&post);
}

static void
op_run (reader *r)
{
  bslot *s = batch_slot (r);
  int kind = (int)(u8 (r) % 3), rc, one_step = 0, k, refusable = 0;
  unsigned sel = u8 (r);
  double dt = 0.0, t = 0.0, steps;
  double *rows = NULL;
  lif_neuron *cp[N_SHADOWS];
  run_desc d;
  gen g;
  bstate pre, post;
  const char *what = kind == 0 ? "step" : kind == 1 ? "run" : "run_currents";
  memset (&d, 0, sizeof d);
  d.kind = kind;
  gen_read (r, &g);
  if (!s->b)
    {
      CHECK (lif_batch_step (NULL) == LIF_ENULL
                 && lif_batch_run (NULL, 1.0) == LIF_ENULL
                 && lif_batch_run_currents (NULL, &dt, 1) == LIF_ENULL,
             "run(NULL)");
      return;
    }
  /* Read even for runs that are not made, so that the bytes after it mean
   * the same either way. */
  plan_reentry (r);
  CHECK (lif_batch_get (s->b, LIF_PARAM_DT, 0, &dt) == LIF_OK
             && lif_batch_get (s->b, LIF_PARAM_T, 0, &t) == LIF_OK,
         "get");
  if (kind == 0)
    {
      steps = 1.0;
      if (!afford (s, r, &steps, &one_step) || steps < 1.0)
        return;
      d.steps = 1;
    }
  else if (kind == 1)
    {
      d.duration = duration_arg (r, dt);
      steps = d.duration / dt;
      if (!isfinite (d.duration) || d.duration < 0.0
          || must_overflow (t, steps, dt))
        refusable = 1;
      else
        {
          double whole;
          if (steps > MAX_RUN_STEPS)
            d.duration = fmod (d.duration, MAX_RUN_STEPS * dt);
          whole = whole_steps (d.duration / dt, &d.partial);
          steps = whole;
          if (!afford (s, r, &steps, &one_step))
            return;
          if (one_step)
            d.duration = dt;
          else if (steps < whole)
            d.duration = steps * dt; /* what the budget pays for */
          d.steps = (size_t)whole_steps (d.duration / dt, &d.partial);
        }
    }
  else
    {
      size_t n_steps = sel % 8 == 0 ? size_arg (r) : u8 (r) % 64;
      if ((double)n_steps >= 18014398509481984.0)
        refusable = 1; /* EOVERFLOW before the array is read */
      else
        {
          steps = (double)(n_steps % (MAX_ROWS / s->n + 1));
          if (!afford (s, r, &steps, &one_step))
            return;
          n_steps = (size_t)steps;
        }
      d.steps = n_steps;
      if (!refusable && !(sel % 32 == 1 && n_steps > 0))
        {
          size_t j, i;
          rows = xmalloc ((d.steps * s->n + 1) * sizeof *rows);
          for (j = 0; j < d.steps; j++)
            for (i = 0; i < s->n; i++)
              rows[j * s->n + i] = gen_at (&g, j, i);
          d.g = &g;
        }
      else if (refusable)
        {
          rows = xmalloc (s->n * sizeof *rows);
          memset (rows, 0, s->n * sizeof *rows);
        }
    }
  if (kind != 2 && s->feed)
    {
      d.feed = s->feed;
      d.g = &s->feed->g;
      s->feed->calls = 0;
      s->feed->n = s->n;
      s->feed->bad_args = s->feed->wrong_thread = 0;
    }
  if (s->feed)
    s->feed->calls = 0;
  for (k = 0; k < N_SHADOWS; k++)
    cp[k] = s->sh[k].n ? clone_of (s->sh[k].n) : NULL;
  /* Where the batch stands on its grid, as its shadows' clocks tell (-1:
   * no shadow to tell). */
  d.off_grid = cp[0]   ? off_grid (cp[0])
               : cp[1] ? off_grid (cp[1])
               : cp[2] ? off_grid (cp[2])
                       : -1;
  take (s, &pre);
  start_reentry (s);
  arm ();
  if (kind == 0)
    rc = lif_batch_step (s->b);
  else if (kind == 1)
    rc = lif_batch_run (s->b, d.duration);
  else
    rc = lif_batch_run_currents (s->b, rows, d.steps);
  disarm ();
  if (end_reentry (s, rc, what))
    {
      TRACE ("batch %d %s -> %d: freed from a callback", (int)(s - batches),
             what, rc);
      for (k = 0; k < N_SHADOWS; k++)
        lif_neuron_free (cp[k]);
      forget (&pre);
      free (rows);
      return;
    }
  CHECK (rc == LIF_OK || rc == LIF_EINVAL || rc == LIF_ENULL
             || rc == LIF_EUNSTABLE || rc == LIF_EOVERFLOW
             || stops_part_way (rc),
         "%s gave %d", what, rc);
  after_call (s, &pre, &post, rc, PART_WAY, what);
  TRACE ("batch %d %s %a / %zu steps (feed %d, rows %d) -> %d (t %a -> %a)",
         (int)(s - batches), what, d.duration, d.steps, d.feed != NULL,
         rows != NULL, rc, t, value_of (&post, LIF_PARAM_T, 0));
  if (refusable)
    CHECK (rc == LIF_EINVAL || rc == LIF_EOVERFLOW || rc == LIF_EUNSTABLE,
           "%s of %a (%zu steps) from %a gave %d", what, d.duration, d.steps,
           t, rc);
  if (kind == 2 && !rows && d.steps > 0)
    CHECK (rc == LIF_ENULL, "run_currents(NULL) gave %d", rc);
  if (kind == 2 && s->feed)
    CHECK (s->feed->calls == 0, "run_currents called the current callback");
  if (rc != LIF_OK && !stops_part_way (rc))
    {
      if (d.feed)
        CHECK (d.feed->calls == 0, "a refused %s called the callback", what);
      for (k = 0; k < N_SHADOWS; k++)
        lif_neuron_free (cp[k]);
    }
  else if (cp[0] || cp[1] || cp[2])
    replay (s, cp, &d, rc, &pre, &post, what);
  if (rc == LIF_OK)
    {
      double t1 = value_of (&post, LIF_PARAM_T, 0);
      double span = kind == 1 ? d.duration : (double)d.steps * dt;
      double tol = 2e-6 * dt + 64.0 * DBL_EPSILON * (fabs (t) + span);
      /* Steps from between grid times end at a grid time, up to a step
       * sooner. */
      double early = kind != 1 && d.steps > 0 && d.off_grid != 0 ? dt : 0.0;
      CHECK (t1 <= t + span + tol && t1 >= t + span - early - tol,
             "%s of %a from %a ended at %a", what, span, t, t1);
    }
  compare_shadows (s, &post, what);
  forget (&pre);
  forget (&post);
  free (rows);
}

/* ---- inputs ----------------------------------------------------------- */

static void
op_new_input (reader *r)
{
  islot *in = input_slot (r);
  int kind = (int)(u8 (r) % 9), rc;
  lif_input *made = NULL;
  double a = dbl (r), b = dbl (r), c = dbl (r), d = dbl (r), cost = 1.0;
  const char *what = "input";
  switch (kind)
    {
    case 0:
      what = "constant";
      rc = lif_input_new_constant (a, &made);
      break;
    case 1:
      what = "pulse";
      rc = lif_input_new_pulse (a, b, c, &made);
      break;
    case 2:
      what = "pulse_train";
      rc = lif_input_new_pulse_train (a, b, c, d, size_arg (r), &made);
      break;
    case 3:
      what = "sine";
      rc = lif_input_new_sine (a, b, c, d, &made);
      break;
    case 4:
      what = "exp_decay";
      rc = lif_input_new_exp_decay (a, b, c, &made);
      break;
    case 5:
      what = "table";
      {
        double times[MAX_TABLE], values[MAX_TABLE], t = b;
        size_t n = 1 + u8 (r) % MAX_TABLE, i;
        for (i = 0; i < n; i++)
          {
            times[i] = t;
            t += u8 (r) % 2 ? fabs (dbl (r)) : (double)(u8 (r) + 1) * c;
            values[i] = u8 (r) % 4 ? (double)(int)u8 (r) / 16.0 : dbl (r);
          }
        rc = lif_input_new_table (times, values, n,
                                  enum_int (r, n_interpolations), &made);
      }
      break;
    case 6:
      what = "sum";
      {
        lif_input *terms[3];
        double weights[3];
        size_t n = 1 + u8 (r) % 3, i;
        int null_weights = u8 (r) % 2;
        cost = 0.0;
        for (i = 0; i < n; i++)
          {
            islot *t = input_slot (r);
            terms[i] = t->in;
            weights[i] = u8 (r) % 4 ? (double)(int)u8 (r) / 32.0 : dbl (r);
            cost += t->cost;
          }
        rc = lif_input_new_sum (terms, null_weights ? NULL : weights, n,
                                &made);
      }
      break;
    case 8:
      /* A positive d asks for an Ornstein-Uhlenbeck current of time
       * constant c instead of white noise. */
      {
        unsigned channel = u16 (r) % 4u;
        int shared = (int)(u8 (r) % 2);
        what = d > 0.0 ? "ou_noise" : "white_noise";
        rc = d > 0.0
                 ? lif_input_new_ou_noise (a, b, c, channel, shared, &made)
                 : lif_input_new_white_noise (a, b, channel, shared, &made);
      }
      break;
    default:
      what = "callback";
      {
        wave *w = &waves[waves_used++ % N_WAVES];
        w->mode = (int)(u8 (r) % 7);
        w->value = a;
        rc = lif_input_new_callback (wave_fn, w, &made);
      }
      break;
    }
  TRACE ("input %d = %s(%a, %a, %a, %a) -> %d", (int)(in - inputs), what, a, b,
         c, d, rc);
  if (rc != LIF_OK)
    {
      CHECK (made == NULL && lif_error_name (rc) != NULL,
             "refused %s wrote its output (%d)", what, rc);
      return;
    }
  lif_input_free (in->in);
  in->in = made;
  in->cost = cost;
  in->kind = what;
}

static void
op_input_free (reader *r)
{
  islot *in = input_slot (r);
  TRACE ("free input %d", (int)(in - inputs));
  lif_input_free (in->in);
  memset (in, 0, sizeof *in);
}

/* The noise generator's seed and first stream: member i of the batch
 * draws what its shadow, with stream first + i, draws. */
static void
op_seed (reader *r)
{
  bslot *s = batch_slot (r);
  uint64_t seed = u64 (r), got_seed = 0;
  uint32_t first = (uint32_t)u64 (r), got_first = 0;
  bstate pre, post;
  int rc, k, fits;
  if (!s->b)
    {
      CHECK (lif_batch_set_seed (NULL, seed, first) == LIF_ENULL
                 && lif_batch_get_seed (NULL, &got_seed, &got_first)
                        == LIF_ENULL,
             "seed(NULL)");
      return;
    }
  /* Half the time a first stream near the top, where the last members'
   * streams would pass 2^32 - 1. */
  if (u8 (r) % 2)
    first = UINT32_MAX - (uint32_t)(first % (2 * s->n + 1));
  fits = (uint64_t)first + (uint64_t)(s->n - 1) <= UINT32_MAX;
  take (s, &pre);
  rc = lif_batch_set_seed (s->b, seed, first);
  TRACE ("seed batch %d (%llu, %u) -> %d", (int)(s - batches),
         (unsigned long long)seed, (unsigned)first, rc);
  CHECK (rc == (fits ? LIF_OK : LIF_EINVAL),
         "set_seed (first %u, %zu) gave %d", (unsigned)first, s->n, rc);
  after_call (s, &pre, &post, rc, 0, "set_seed");
  if (rc == LIF_OK)
    {
      CHECK (lif_batch_get_seed (s->b, &got_seed, &got_first) == LIF_OK
                 && got_seed == seed && got_first == first,
             "seed reads back otherwise");
      for (k = 0; k < N_SHADOWS; k++)
        if (s->sh[k].n)
          CHECK (lif_neuron_set_seed (s->sh[k].n, seed,
                                      first + (uint32_t)s->sh[k].index)
                     == LIF_OK,
                 "shadow seed");
    }
  compare_shadows (s, &post, "set_seed");
  forget (&pre);
  forget (&post);
}

static void
op_fault (reader *r)
{
  pending_fault = u8 (r) % 12 + 1;
  TRACE ("fail allocation %lu of the next call", pending_fault);
}

typedef void (*op_fn) (reader *r);

static const op_fn ops[] = {
  op_new,          op_free,      op_set,       op_set,        op_set_array,
  op_get,          op_set_enum,  op_set_enum,  op_set_input,  op_set_feed,
  op_run,          op_run,       op_run,       op_run,        op_spikes,
  op_reset,        op_new_input, op_new_input, op_input_free, op_fault,
  op_set_progress, op_state,     op_state,     op_seed,
};

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  fuzz_trace_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  reader r;
  int k;
  r.p = data;
  r.n = size;
  budget = WORK_BUDGET;
  big_step_used = 0;
  pending_fault = 0;
  waves_used = 0;
  main_thread = pthread_self ();
  /* Nothing carries over from the inputs before: each is replayable. */
  free (saved_state);
  saved_state = NULL;
  saved_size = 0;
  memset (&re, 0, sizeof re);
  n_steppers = tst_stepper_count ();
  n_timings = tst_timing_count ();
  n_interpolations = tst_interpolation_count ();
  n_params = tst_param_count ();
  /* Every input starts with a batch of five members in slot 0 driven by
   * a constant input 2 in slot 0 (they fire), so that short inputs reach
   * spikes. */
  {
    static const uint8_t make[] = { 0, 1, 0, 4, 0, 0, 0, 0, 0, 0 };
    static const uint8_t feed_it[] = { 0, 0, 1 };
    reader s0;
    s0.p = make;
    s0.n = sizeof make;
    op_new (&s0);
    CHECK (lif_input_new_constant (2.0, &inputs[0].in) == LIF_OK, "input");
    inputs[0].cost = 1.0;
    inputs[0].kind = "constant";
    s0.p = feed_it;
    s0.n = sizeof feed_it;
    op_set_input (&s0);
  }
  while (r.n > 0)
    {
      unsigned op = u8 (&r) % (sizeof ops / sizeof ops[0]);
      TRACE ("-- op %u at byte %zu", op, size - r.n - 1);
      ops[op](&r);
    }
  for (k = 0; k < N_BATCHES; k++)
    free_batch (&batches[k]);
  for (k = 0; k < N_INPUTS; k++)
    {
      lif_input_free (inputs[k].in);
      memset (&inputs[k], 0, sizeof inputs[k]);
    }
  disarm ();
  return 0;
}
