/*
 * The API fuzzer of liblif (libFuzzer).
 *
 * Each input is read as a program: a sequence of public calls on a few
 * neuron and input slots, with arguments taken from the bytes (arbitrary
 * doubles including NaN, infinities, subnormals and extremes, arbitrary enum
 * ints, NULL handles and NULL output pointers, callbacks that return garbage,
 * and allocation failures injected into any call). After every call the
 * harness checks what liblif promises in lif.h and docs/robustness.md:
 *
 *  - no crash and no sanitizer report (the build uses ASan and UBSan);
 *  - a refused call changed nothing: the whole observable state of every
 *    neuron (every parameter, stepper, timing, spike limit, every recorded
 *    spike) and every output argument is as before;
 *  - a run that stops on an error keeps every spike found before it, and
 *    the neuron's time never goes backwards except through LIF_PARAM_T and
 *    reset;
 *  - spike times are finite, non-decreasing and inside the interval the call
 *    simulated, and the spike callback saw exactly the new spikes, in order;
 *  - V is always finite, and under a constant current no run leaves V
 *    farther from its fixed point than it was or than V_reset is;
 *  - successful calls did what they say: a value set is read back, a run
 *    ends at t + duration, a trace ends at the neuron's state and writes
 *    nothing past the steps done, an input's next breakpoint lies after t,
 *    built-in inputs (not callbacks or sums) always evaluate to a finite
 *    value, closed forms are never NaN;
 *  - calls from inside a run: the spike callback, input callbacks and the
 *    progress callback call functions on the neuron whose run called them
 *    (chosen by bytes read before the run). Reads of parameters answer,
 *    V, t, ref_left and save_state answer only at a progress report, every
 *    other call (setters, runs, clone, restore, ...) is LIF_EBUSY and
 *    changes nothing; freeing the neuron makes the run return
 *    LIF_ECANCELED, after which the harness never touches the handle again;
 *    a progress callback that asks to stop makes it return LIF_ECANCELED
 *    with everything found before kept, and no run returns LIF_ECANCELED
 *    otherwise;
 *  - checkpoints: a saved state restores into any neuron with the same dt,
 *    and restoring random or spoiled bytes is LIF_OK or LIF_ESTATE and
 *    never crashes; a refused restore changes nothing.
 *
 * The work of one input is bounded (a budget of input evaluations, a cap on
 * steps and on the spike limit during runs, one step over the breakpoint
 * limit per input) so that one input runs in milliseconds, while durations
 * that liblif must refuse (2^54 steps or more, or an end time that
 * overflows) are still passed through unchanged.
 *
 * Any broken promise calls abort(), which libFuzzer reports as a crash.
 */
#define FUZZ_NAME "fuzz_api"
#include "fuzz_bytes.h"
#include "fuzz_faults.h"

#include "../counts.h"

#include <lif.h>

#define N_NEURONS 4
#define N_INPUTS 6
#define N_CALLBACKS 4
#define MAX_TABLE 64
#define MAX_TRACE 256
/* Whole steps one run call may take, the spike limit during runs, and the
 * number of input evaluations (weighted by the number of terms) one fuzz
 * input may spend. */
#define MAX_RUN_STEPS 4096
#define MAX_SPIKE_LIMIT 64
#define WORK_BUDGET 1e6
/* Breakpoints the harness counts ahead of one run, at most. */
#define MAX_COUNTED 2e4
/* Spikes kept before the harness clears them, to bound its own checks. */
#define MAX_KEPT_SPIKES 20000
#define BREAKPOINT_LIMIT ((size_t)1 << 20)

/* ---- what the harness keeps beside liblif ----------------------------- */

/* How many steppers, timing modes, interpolations and parameters lif.h
 * names (counts.h), counted before each input. */
static int n_steppers, n_timings, n_interpolations, n_params;

typedef struct nslot
{
  lif_neuron *n;
  /* Every spike the neuron has recorded, as the harness saw them. */
  double *spikes;
  size_t count, cap;
  /* Spikes from this index on must be in order (the clock can be set back,
   * which legitimately puts later spikes before earlier ones). */
  size_t ordered_from;
  int has_callback;
  /* A one-term sum of the neuron's input, owned by the harness: lif.h has
   * no getter for a neuron's input, and the harness needs its breakpoints
   * to bound a run's work. NULL when the neuron has no input. */
  lif_input *mirror;
  /* The neuron's input current when it is constant (0 for no input), NaN
   * otherwise. */
  double constant;
  /* Evaluation cost of the neuron's input (number of sum terms, 0 for
   * none); inputs never change, so this follows the neuron. */
  double input_cost;
  /* The largest |t| the harness has seen the neuron at. Its grid times
   * t0 + n dt are rounded at the scale of |t0| and |n dt|, which this
   * bounds (t0 was a t it showed), so a step may differ from dt by a few
   * ulps of it, not only of the t it ends at. */
  double t_scale;
} nslot;

typedef struct islot
{
  lif_input *in;
  double cost;      /* terms of the flattened sum, 1 for a leaf */
  int may_fail;     /* callback or sum: its value may be NaN or infinite */
  const char *kind; /* the constructor that made it */
  double constant;  /* its value if it is a constant input, else NaN */
} islot;

/* A current callback's behaviour, chosen by the bytes. */
typedef struct cbdesc
{
  int mode;
  double value;
  unsigned long calls;
} cbdesc;

static nslot neurons[N_NEURONS];
static islot inputs[N_INPUTS];
static cbdesc callbacks[N_CALLBACKS];
static double budget;
/* Whether this input already spent its one allowance for a step over the
 * breakpoint limit (about 2^20 segments, some 100 ms). */
static int big_step_used;

/* Calls made from inside a run, on the neuron running (see reenter()). */
static void reenter (int from_progress);

/* The spike callback's log of the present call. */
static double *cb_log;
static size_t cb_count, cb_cap;
static int cb_tag;

static void
on_spike (double t, void *user_data)
{
  CHECK (user_data == &cb_tag, "spike callback got a foreign user_data");
  if (cb_count == cb_cap)
    {
      cb_cap = cb_cap ? 2 * cb_cap : 256;
      cb_log = realloc (cb_log, cb_cap * sizeof *cb_log);
      CHECK (cb_log, "harness out of memory");
    }
  cb_log[cb_count++] = t;
  reenter (0);
}

static double
current_cb (double t, void *user_data)
{
  cbdesc *d = user_data;
  d->calls++;
  reenter (0);
  switch (d->mode)
    {
    case 0:
      return d->value;
    case 1:
      return NAN;
    case 2:
      return d->calls % 2 ? INFINITY : -INFINITY;
    case 3:
      return d->value * t; /* overflows for large t */
    case 4:
      return d->calls > 50 ? NAN : d->value; /* goes bad in mid-run */
    case 5:
      return d->value * sin (t);
    case 6:
      return d->calls % 2 ? d->value : -d->value; /* not a function of t */
    default:
      return d->calls > 200 ? d->value * 1e300 : d->value;
    }
}

/* ---- observing a neuron ----------------------------------------------- */

typedef struct snapshot
{
  double params[TST_MAX_PARAMS];
  int stepper, timing;
  size_t spike_limit, spike_count;
  double last_spike;
} snapshot;

static void
take (const lif_neuron *n, snapshot *s)
{
  size_t copied = 0;
  int p;
  memset (s, 0, sizeof *s);
  for (p = 0; p < n_params; p++)
    CHECK (lif_neuron_get (n, p, &s->params[p]) == LIF_OK, "get %d", p);
  CHECK (lif_neuron_get_stepper (n, &s->stepper) == LIF_OK, "get_stepper");
  CHECK (lif_neuron_get_timing (n, &s->timing) == LIF_OK, "get_timing");
  CHECK (lif_neuron_get_spike_limit (n, &s->spike_limit) == LIF_OK,
         "get_spike_limit");
  CHECK (lif_neuron_spike_count (n, &s->spike_count) == LIF_OK, "spike_count");
  if (s->spike_count > 0)
    CHECK (lif_neuron_copy_spikes (n, s->spike_count - 1, &s->last_spike, 1,
                                   &copied)
                   == LIF_OK
               && copied == 1,
           "copy last spike");
}

static void
same (const snapshot *a, const snapshot *b, const char *what)
{
  int p;
  for (p = 0; p < n_params; p++)
    CHECK (memcmp (&a->params[p], &b->params[p], sizeof (double)) == 0,
           "%s changed %s from %a to %a", what, lif_param_name (p),
           a->params[p], b->params[p]);
  CHECK (a->stepper == b->stepper && a->timing == b->timing
             && a->spike_limit == b->spike_limit
             && a->spike_count == b->spike_count
             && memcmp (&a->last_spike, &b->last_spike, sizeof (double)) == 0,
         "%s changed the stepper, timing, spike limit or spikes", what);
}

/* All recorded spikes, in a malloc'd array. */
static double *
read_spikes (const lif_neuron *n, size_t *count)
{
  size_t total = 0, copied = 0;
  double *t;
  CHECK (lif_neuron_spike_count (n, &total) == LIF_OK, "spike_count");
  t = malloc ((total ? total : 1) * sizeof *t);
  CHECK (t, "harness out of memory");
  CHECK (lif_neuron_copy_spikes (n, 0, t, total, &copied) == LIF_OK
             && copied == total,
         "copy_spikes");
  *count = total;
  return t;
}

/* The neuron's spikes must begin with every spike the harness knew of; the
 * rest are new. Checks the new ones and takes them into the shadow copy.
 * [t_lo, t_hi] is the interval the call simulated. Returns how many are
 * new. */
static size_t
absorb_spikes (nslot *s, double t_lo, double t_hi, const char *what)
{
  size_t count, i;
  double *t = read_spikes (s->n, &count);
  CHECK (count >= s->count, "%s lost spikes: %zu before, %zu after", what,
         s->count, count);
  CHECK (s->count == 0 || memcmp (t, s->spikes, s->count * sizeof *t) == 0,
         "%s changed a recorded spike", what);
  for (i = s->count; i < count; i++)
    {
      CHECK (isfinite (t[i]), "%s recorded a spike at %a", what, t[i]);
      CHECK (t[i] >= t_lo && t[i] <= t_hi,
             "%s recorded a spike at %a outside [%a, %a]", what, t[i], t_lo,
             t_hi);
      CHECK (i == 0 || i <= s->ordered_from || t[i] >= t[i - 1],
             "%s recorded a spike at %a after one at %a", what, t[i],
             t[i - 1]);
    }
  if (count > s->cap)
    {
      s->cap = count;
      s->spikes = realloc (s->spikes, count * sizeof *s->spikes);
      CHECK (s->spikes, "harness out of memory");
    }
  if (count > s->count)
    memcpy (s->spikes + s->count, t + s->count,
            (count - s->count) * sizeof *t);
  i = count - s->count;
  s->count = count;
  free (t);
  return i;
}

static double
get (const lif_neuron *n, int p)
{
  double v;
  CHECK (lif_neuron_get (n, p, &v) == LIF_OK, "get %d", p);
  return v;
}

static void
free_neuron (nslot *s)
{
  lif_neuron_free (s->n);
  lif_input_free (s->mirror);
  free (s->spikes);
  memset (s, 0, sizeof *s);
}

/* A call that did or did not succeed on neuron slot k, observed around. */
typedef struct around
{
  snapshot before;
  double t;
} around;

static void
before_call (nslot *s, around *a)
{
  take (s->n, &a->before);
  a->t = a->before.params[LIF_PARAM_T];
  cb_count = 0;
}

/* After any call on a neuron. A refused call (rc != 0 and not a run that
 * stopped part-way) must have changed nothing; otherwise time must not have
 * gone backwards unless the call may set it. */
static void
after_call (nslot *s, const around *a, int rc, int partial_ok,
            int may_set_time, const char *what)
{
  snapshot now;
  double t;
  size_t fresh;
  take (s->n, &now);
  t = now.params[LIF_PARAM_T];
  s->t_scale = fmax (s->t_scale, fabs (t));
  CHECK (isfinite (now.params[LIF_PARAM_V]), "%s left V = %a", what,
         now.params[LIF_PARAM_V]);
  CHECK (isfinite (t), "%s left t = %a", what, t);
  CHECK (lif_error_name (rc) != NULL, "%s returned unknown status %d", what,
         rc);
  if (rc != LIF_OK && !partial_ok)
    {
      same (&a->before, &now, what);
      CHECK (cb_count == 0, "refused %s called the spike callback", what);
      absorb_spikes (s, a->t, a->t, what);
      return;
    }
  if (!may_set_time)
    CHECK (t >= a->t, "%s moved time back from %a to %a", what, a->t, t);
  fresh = absorb_spikes (s, a->t, t, what);
  if (s->has_callback)
    {
      CHECK (cb_count == fresh, "%s: %zu new spikes, %zu callbacks", what,
             fresh, cb_count);
      CHECK (fresh == 0
                 || memcmp (cb_log, s->spikes + s->count - fresh,
                            fresh * sizeof *cb_log)
                        == 0,
             "%s: callback times differ from recorded spikes", what);
    }
  else
    CHECK (cb_count == 0, "%s called a spike callback it does not have", what);
}

/* A clone the harness needs (made with faults off). */
static lif_neuron *
clone_or_die (const lif_neuron *n)
{
  lif_neuron *c = NULL;
  CHECK (lif_neuron_clone (n, &c) == LIF_OK && c, "clone");
  return c;
}

/* Whether the neuron stands between grid times: 1 or 0, or -1 where the
 * probes cannot tell (a clock at its limits). On the grid a run of dt is
 * one whole step, to the time a single step reaches; between grid times a
 * step ends at the next grid time and a run of dt does not. */
static int
off_grid (const lif_neuron *n)
{
  lif_neuron *a = clone_or_die (n), *b = clone_or_die (n);
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

/* ---- bounding the work of a run --------------------------------------- */

/* Input breakpoints in (t, end], counted up to cap; each look-up is paid
 * from the budget. */
static double
count_breakpoints (const nslot *s, double t, double end, double cap)
{
  double count = 0.0, b;
  if (!s->mirror)
    return 0.0;
  while (count < cap)
    {
      CHECK (lif_input_next_breakpoint (s->mirror, t, &b) == LIF_OK,
             "next_breakpoint at %a", t);
      budget -= s->input_cost + 1.0;
      if (!(b <= end) || !isfinite (b))
        break;
      CHECK (b > t, "next breakpoint %a not after %a", b, t);
      count += 1.0;
      t = b;
    }
  return count;
}

/* Whether a run of `steps` whole steps (plus one partial) from the neuron's
 * present time fits the budget; pays for it if so. *one_step is set when
 * the run should be cut to a single step because the breakpoints ahead are
 * too many to count (that step may then hold more than liblif splits a
 * step at, and stop with LIF_EBREAKPOINTS). */
static int
afford (nslot *s, double steps, int *one_step, int big_ok)
{
  double dt = get (s->n, LIF_PARAM_DT), t = get (s->n, LIF_PARAM_T);
  double per_eval = 3.0 * (s->input_cost + 1.0);
  double cap = fmin (budget / per_eval, MAX_COUNTED), bps;
  *one_step = 0;
  if (budget <= 0.0)
    return 0;
  bps = count_breakpoints (s, t, t + (steps + 1.0) * dt, cap);
  if (bps >= cap)
    {
      /* Too many to run through: run one step instead, when the input
       * asks for it (big_ok), once per input and for inputs of a few
       * terms. liblif splits it at no more than 2^20 breakpoints (up to a
       * second under the sanitizers, hence the opt-in) and then either
       * finishes it or stops with LIF_EBREAKPOINTS. */
      if (!big_ok || big_step_used || s->input_cost > 4.0)
        return 0;
      big_step_used = 1;
      *one_step = 1;
      return 1;
    }
  if ((steps + 1.0 + bps) * per_eval > budget)
    return 0;
  budget -= (steps + 1.0 + bps) * per_eval;
  return 1;
}

/* Prepares a neuron for a run: a spike limit the budget can pay for, and a
 * bounded number of recorded spikes (both through the public API, checked
 * like any call). */
static void
bound_run (nslot *s)
{
  size_t limit;
  CHECK (lif_neuron_get_spike_limit (s->n, &limit) == LIF_OK, "limit");
  if (limit > MAX_SPIKE_LIMIT)
    CHECK (lif_neuron_set_spike_limit (s->n, MAX_SPIKE_LIMIT) == LIF_OK,
           "set_spike_limit");
  if (s->count > MAX_KEPT_SPIKES)
    {
      CHECK (lif_neuron_clear_spikes (s->n) == LIF_OK, "clear_spikes");
      s->count = 0;
      s->ordered_from = 0;
    }
}

/* Under a constant drive u = E_L + R (I + I_bias), every stable step maps
 * V - u to g (V - u) with |g| < 1, and a spike resets V to V_reset: so no
 * run may leave V farther from u than it was, or than V_reset is. This
 * catches wrong answers that are still finite, such as a step longer than
 * the stability limit (finding 07: the last step of a run where the clock is
 * coarser than dt). */
static void
check_relaxation (const nslot *s, const snapshot *before, const char *what)
{
  const double *p = before->params;
  double u, bound, dev, V;
  if (isnan (s->constant))
    return;
  u = p[LIF_PARAM_E_L] + p[LIF_PARAM_R] * (s->constant + p[LIF_PARAM_I_BIAS]);
  V = get (s->n, LIF_PARAM_V);
  if (!isfinite (u))
    return;
  bound = fmax (fabs (p[LIF_PARAM_V] - u), fabs (p[LIF_PARAM_V_RESET] - u));
  if (!isfinite (bound))
    return;
  dev = fabs (V - u);
  CHECK (dev <= bound * (1.0 + 1e-6) + 4.0 * DBL_EPSILON * fabs (u) + DBL_MIN,
         "%s: |V - u| grew from %a to %a (u %a, V_reset %a, dt %a, tau %a)",
         what, fabs (p[LIF_PARAM_V] - u), dev, u, p[LIF_PARAM_V_RESET],
         p[LIF_PARAM_DT], p[LIF_PARAM_TAU]);
}

/* Whether a status is one a run may stop with part-way, keeping what it did
 * before; every other error must refuse the run before it starts. */
static int
stops_part_way (int rc)
{
  return rc == LIF_EINPUT || rc == LIF_EDIVERGED || rc == LIF_ESPIKELIMIT
         || rc == LIF_ENOMEM || rc == LIF_EBREAKPOINTS
         || rc == LIF_ECANCELED; /* asked by progress (end_reentry) */
}

/* ---- calls from inside a run ------------------------------------------ */

/* What the callbacks do during the present harness run: calls on the
 * running neuron chosen by `plan` (bytes the run's op read beforehand, so
 * that an input replays the same calls), a progress report at which to ask
 * to stop, and what happened. Outside runs s is NULL and the callbacks call
 * nothing (an input callback is also evaluated by lif_input_eval()). */
typedef struct reentry
{
  nslot *s;
  reader plan;
  unsigned calls, reports, stop_at;
  size_t known; /* spikes recorded before the run */
  int freed, stopped;
  double t_seen; /* the time of the last progress report */
} reentry;

#define MAX_REENTRY_CALLS 64

static reentry re;
/* The progress callback's user_data, to tell it from a foreign one. */
static int progress_tag;

/* A saved state the harness keeps across ops (of any neuron), for restores
 * in other neurons and from callbacks. */
static unsigned char saved_state[4096];
static size_t saved_size;
static int saved_timing; /* the timing mode of the neuron that saved it */

/* Reads the plan for the next run: most runs have none, so that runs still
 * mostly go undisturbed. */
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

/* Just before the run call: the callbacks act from now on. */
static void
start_reentry (nslot *s)
{
  CHECK (lif_neuron_spike_count (s->n, &re.known) == LIF_OK, "count");
  re.s = s;
}

/* Whether param is part of the state a run keeps to itself. */
static int
is_state_param (int p)
{
  return p == LIF_PARAM_V || p == LIF_PARAM_T || p == LIF_PARAM_REF_LEFT;
}

/* One or more calls on the running neuron, from a callback. Refused calls
 * must be LIF_EBUSY; the run itself later shows that they changed nothing
 * (its checks hold as for any run). */
static void
reenter (int from_progress)
{
  lif_neuron *n = re.s ? re.s->n : NULL;
  double v = 12345.0, buf[8];
  size_t z = 777, i;
  int rc, p;
  unsigned op;
  if (!n || re.freed || re.plan.n == 0 || re.calls >= MAX_REENTRY_CALLS)
    return;
  re.calls++;
  op = u8 (&re.plan) % 16;
  switch (op)
    {
    case 0:
    case 1:
      p = enum_int (&re.plan, n_params);
      rc = lif_neuron_get (n, p, &v);
      TRACE ("   from a callback: get %d -> %d", p, rc);
      if (p < 0 || p >= n_params)
        CHECK (rc == LIF_EENUM, "get(%d) from a callback gave %d", p, rc);
      else if (is_state_param (p) && !from_progress)
        CHECK (rc == LIF_EBUSY && v == 12345.0,
               "get of %s from a callback gave %d", lif_param_name (p), rc);
      else
        CHECK (rc == LIF_OK, "get of %s from a callback gave %d",
               lif_param_name (p), rc);
      if (from_progress && p == LIF_PARAM_T)
        CHECK (v == re.t_seen, "t is %a at a report at %a", v, re.t_seen);
      if (from_progress && p == LIF_PARAM_V)
        CHECK (isfinite (v), "V is %a at a progress report", v);
      break;
    case 2:
      p = enum_int (&re.plan, n_params);
      v = dbl (&re.plan);
      rc = lif_neuron_set (n, p, v);
      TRACE ("   from a callback: set %d = %a -> %d", p, v, rc);
      CHECK (rc == LIF_EBUSY, "set from a callback gave %d", rc);
      rc = lif_neuron_set_many (n, &p, &v, 1);
      CHECK (rc == LIF_EBUSY, "set_many from a callback gave %d", rc);
      break;
    case 3:
      p = enum_int (&re.plan, n_steppers);
      rc = lif_neuron_set_stepper (n, p);
      CHECK (rc == LIF_EBUSY, "set_stepper from a callback gave %d", rc);
      rc = lif_neuron_set_timing (n, enum_int (&re.plan, n_timings));
      CHECK (rc == LIF_EBUSY, "set_timing from a callback gave %d", rc);
      rc = lif_neuron_set_spike_limit (n, size_arg (&re.plan));
      CHECK (rc == LIF_EBUSY, "set_spike_limit from a callback gave %d", rc);
      TRACE ("   from a callback: set stepper, timing, limit");
      break;
    case 4:
      {
        lif_input *in = inputs[u8 (&re.plan) % N_INPUTS].in;
        rc = in ? lif_neuron_set_input (n, in) : lif_neuron_clear_input (n);
        CHECK (rc == LIF_EBUSY, "set_input from a callback gave %d", rc);
        rc = lif_neuron_set_spike_callback (n, NULL, NULL);
        CHECK (rc == LIF_EBUSY, "set_spike_callback from a callback gave %d",
               rc);
        rc = lif_neuron_set_progress_callback (n, NULL, 0, NULL);
        CHECK (rc == LIF_EBUSY,
               "set_progress_callback from a callback gave %d", rc);
        TRACE ("   from a callback: set input and callbacks");
      }
      break;
    case 5:
      rc = lif_neuron_reset (n);
      CHECK (rc == LIF_EBUSY, "reset from a callback gave %d", rc);
      rc = lif_neuron_clear_spikes (n);
      CHECK (rc == LIF_EBUSY, "clear_spikes from a callback gave %d", rc);
      TRACE ("   from a callback: reset, clear_spikes");
      break;
    case 6:
      /* A nested run must be refused before it calls anything back. */
      rc = lif_neuron_step (n);
      CHECK (rc == LIF_EBUSY, "step from a callback gave %d", rc);
      v = dbl (&re.plan);
      rc = lif_neuron_run (n, v);
      /* A duration no run takes (NaN, negative, too short to move the
       * clock, too long for it) is refused as such first, before the
       * neuron is found busy. */
      CHECK (rc == LIF_EBUSY || rc == LIF_EINVAL || rc == LIF_EOVERFLOW,
             "run(%a) from a callback gave %d", v, rc);
      z = 777;
      rc = lif_neuron_run_trace (n, 1, buf, NULL, NULL, &z);
      CHECK (rc == LIF_EBUSY && z == 777, "run_trace from a callback gave %d",
             rc);
      TRACE ("   from a callback: step, run, run_trace");
      break;
    case 7:
      {
        lif_neuron *c = (lif_neuron *)&progress_tag;
        rc = lif_neuron_clone (n, &c);
        CHECK (rc == LIF_EBUSY && c == (lif_neuron *)&progress_tag,
               "clone from a callback gave %d", rc);
        TRACE ("   from a callback: clone");
      }
      break;
    case 8:
    case 9:
      rc = lif_neuron_spike_count (n, &z);
      CHECK (rc == LIF_OK && z >= re.known,
             "spike_count from a callback gave %d (%zu, %zu before the run)",
             rc, z, re.known);
      i = size_arg (&re.plan) % (z + 2);
      rc = lif_neuron_copy_spikes (n, i, buf, 8, &z);
      CHECK (rc == LIF_OK, "copy_spikes from a callback gave %d", rc);
      for (p = 0; (size_t)p < z && i + (size_t)p < re.s->count; p++)
        CHECK (memcmp (&buf[p], &re.s->spikes[i + (size_t)p], sizeof *buf)
                   == 0,
               "a callback read a different spike %zu", i + (size_t)p);
      TRACE ("   from a callback: spikes from %zu: %zu", i, z);
      break;
    case 10:
      {
        unsigned char st[sizeof saved_state];
        rc = lif_neuron_state_size (n, &z);
        CHECK (rc == LIF_OK && z <= sizeof st,
               "state_size from a callback gave %d (%zu)", rc, z);
        rc = lif_neuron_save_state (n, st, z);
        TRACE ("   from a callback: save_state -> %d", rc);
        CHECK (rc == (from_progress ? LIF_OK : LIF_EBUSY),
               "save_state from a callback gave %d", rc);
        rc = lif_neuron_restore_state (n, saved_size ? saved_state : st,
                                       saved_size ? saved_size : z);
        CHECK (rc == LIF_EBUSY, "restore_state from a callback gave %d", rc);
      }
      break;
    case 11:
    case 12:
      {
        double cur = dbl (&re.plan);
        rc = lif_neuron_rheobase (n, &v);
        CHECK (rc == LIF_OK, "rheobase from a callback gave %d", rc);
        rc = lif_neuron_isi (n, cur, &v);
        CHECK (rc != LIF_EBUSY && lif_error_name (rc),
               "isi from a callback gave %d", rc);
        rc = lif_neuron_potential_after (n, cur, dbl (&re.plan), &v);
        CHECK (rc != LIF_EBUSY && lif_error_name (rc),
               "potential_after from a callback gave %d", rc);
        TRACE ("   from a callback: closed forms");
      }
      break;
    case 13:
    case 14:
      break; /* nothing this time */
    default:
      /* The run stops, frees the neuron and returns LIF_ECANCELED. */
      TRACE ("   from a callback: free");
      lif_neuron_free (n);
      re.freed = 1;
      break;
    }
}

static int
on_progress (double t, double t_end, void *user_data)
{
  CHECK (user_data == &progress_tag, "progress got a foreign user_data");
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

/* After a run with a plan: a neuron freed from a callback is gone (its
 * handle must not be touched, not even freed); returns 1 then. A run
 * returns LIF_ECANCELED exactly when it was freed or asked to stop. */
static int
end_reentry (nslot *s, int rc, const char *what)
{
  int freed = re.freed;
  re.s = NULL;
  if (freed)
    {
      CHECK (rc == LIF_ECANCELED, "%s freed from a callback gave %d", what,
             rc);
      s->n = NULL; /* gone: lif_neuron_free() is not called again */
      free_neuron (s);
      return 1;
    }
  if (re.stopped)
    CHECK (rc == LIF_ECANCELED || rc == LIF_OK || stops_part_way (rc),
           "%s asked to stop gave %d", what, rc);
  else
    CHECK (rc != LIF_ECANCELED, "%s gave LIF_ECANCELED unasked", what);
  return 0;
}

/* ---- the operations --------------------------------------------------- */

static nslot *
neuron_slot (reader *r)
{
  return &neurons[u8 (r) % N_NEURONS];
}

static islot *
input_slot (reader *r)
{
  return &inputs[u8 (r) % N_INPUTS];
}

/* A one-term sum of in, owned by the harness (made with faults off). */
static lif_input *
mirror_of (lif_input *in)
{
  lif_input *m = NULL;
  CHECK (lif_input_new_sum (&in, NULL, 1, &m) == LIF_OK && m, "mirror");
  return m;
}

static void
op_new (reader *r)
{
  nslot *s = neuron_slot (r);
  lif_neuron *n = (lif_neuron *)&cb_tag;
  int rc, null_out = u8 (r) % 16 == 0;
  free_neuron (s);
  arm ();
  rc = lif_neuron_new (null_out ? NULL : &n);
  disarm ();
  TRACE ("neuron %d = new -> %d", (int)(s - neurons), rc);
  if (null_out)
    {
      CHECK (rc == LIF_ENULL, "new(NULL) gave %d", rc);
      return;
    }
  if (rc != LIF_OK)
    {
      CHECK (rc == LIF_ENOMEM, "new gave %d", rc);
      CHECK (n == (lif_neuron *)&cb_tag, "refused new wrote its output");
      return;
    }
  CHECK (n != NULL, "new gave NULL");
  s->n = n;
  CHECK (get (n, LIF_PARAM_T) == 0.0
             && get (n, LIF_PARAM_V) == get (n, LIF_PARAM_V_0),
         "new neuron not at t = 0, V = V_0");
}

static void
op_free (reader *r)
{
  nslot *s = neuron_slot (r);
  TRACE ("free neuron %d", (int)(s - neurons));
  free_neuron (s);
}

static void
op_clone (reader *r)
{
  nslot *src = neuron_slot (r), *dst = neuron_slot (r);
  lif_neuron *c = (lif_neuron *)&cb_tag;
  snapshot a, b;
  int rc, null_out = u8 (r) % 16 == 0;
  if (src == dst)
    return;
  free_neuron (dst);
  if (src->n)
    take (src->n, &a);
  arm ();
  rc = lif_neuron_clone (src->n, null_out ? NULL : &c);
  disarm ();
  TRACE ("neuron %d = clone neuron %d -> %d", (int)(dst - neurons),
         (int)(src - neurons), rc);
  if (!src->n || null_out)
    {
      CHECK (rc == LIF_ENULL, "clone with NULL gave %d", rc);
      CHECK (c == (lif_neuron *)&cb_tag, "refused clone wrote its output");
      return;
    }
  take (src->n, &b);
  same (&a, &b, "clone (of its source)");
  if (rc != LIF_OK)
    {
      CHECK (rc == LIF_ENOMEM, "clone gave %d", rc);
      CHECK (c == (lif_neuron *)&cb_tag, "refused clone wrote its output");
      return;
    }
  dst->n = c;
  take (c, &b);
  same (&a, &b, "clone (copy against source)");
  dst->has_callback = src->has_callback;
  dst->input_cost = src->input_cost;
  dst->constant = src->constant;
  dst->mirror = src->mirror ? mirror_of (src->mirror) : NULL;
  dst->ordered_from = src->ordered_from;
  /* The copy must hold exactly the source's spikes. */
  absorb_spikes (dst, -INFINITY, INFINITY, "clone");
  CHECK (dst->count == src->count
             && (src->count == 0
                 || memcmp (dst->spikes, src->spikes,
                            src->count * sizeof *src->spikes)
                        == 0),
         "clone's spikes differ from the source's");
}

static void
op_reset (reader *r)
{
  nslot *s = neuron_slot (r);
  around a;
  int rc;
  if (!s->n)
    {
      CHECK (lif_neuron_reset (NULL) == LIF_ENULL, "reset(NULL)");
      return;
    }
  before_call (s, &a);
  arm ();
  rc = lif_neuron_reset (s->n);
  disarm ();
  TRACE ("reset neuron %d -> %d", (int)(s - neurons), rc);
  CHECK (rc == LIF_OK, "reset gave %d", rc);
  s->count = 0;
  s->ordered_from = 0;
  after_call (s, &a, rc, 0, 1, "reset");
  CHECK (get (s->n, LIF_PARAM_T) == 0.0
             && get (s->n, LIF_PARAM_V) == get (s->n, LIF_PARAM_V_0),
         "reset neuron not at t = 0, V = V_0");
}

/* R, C and tau are tied: only the last of them set is read back as set. */
static int
param_group (int p)
{
  if (p == LIF_PARAM_R || p == LIF_PARAM_C || p == LIF_PARAM_TAU)
    return -1;
  /* Setting t keeps the refractory time left only to the resolution of
   * the clock at the new time. */
  if (p == LIF_PARAM_T || p == LIF_PARAM_REF_LEFT)
    return -2;
  return p;
}

/* Whether value v set for parameter p reads back as got. The refractory
 * time left is kept as an end time (t + v), and in grid timing as whole
 * steps, so it reads back to within a step and rounding; in grid timing
 * a period of 2^52 steps or more reads back as at least 2^52 steps (the
 * step count is held in 2^53). */
static int
reads_back (const nslot *s, int p, double v, double got)
{
  double dt, t;
  if (p != LIF_PARAM_REF_LEFT)
    return got == v;
  dt = get (s->n, LIF_PARAM_DT);
  t = get (s->n, LIF_PARAM_T);
  if (v == 0.0)
    return got == 0.0;
  return fabs (got - v) <= dt + 8.0 * DBL_EPSILON * (fabs (t) + v)
         || (v / dt >= 0x1p52 && got >= 0x1p52 * dt && got <= v + dt);
}

static void
op_set (reader *r)
{
  nslot *s = neuron_slot (r);
  int p = enum_int (r, n_params);
  double v = dbl (r);
  around a;
  int rc;
  if (!s->n)
    {
      CHECK (lif_neuron_set (NULL, p, v) == LIF_ENULL, "set(NULL)");
      return;
    }
  before_call (s, &a);
  arm ();
  rc = lif_neuron_set (s->n, p, v);
  disarm ();
  TRACE ("neuron %d set %d (%s) = %a -> %d", (int)(s - neurons), p,
         lif_param_name (p) ? lif_param_name (p) : "?", v, rc);
  CHECK (rc == LIF_OK || rc == LIF_EINVAL || rc == LIF_EENUM
             || rc == LIF_ETHRESHOLD,
         "set gave %d", rc);
  if (rc == LIF_OK && p == LIF_PARAM_T)
    s->ordered_from = s->count;
  after_call (s, &a, rc, 0, p == LIF_PARAM_T, "set");
  if (rc == LIF_OK)
    CHECK (reads_back (s, p, v, get (s->n, p)), "set %s to %a, read back %a",
           lif_param_name (p), v, get (s->n, p));
}

static void
op_set_many (reader *r)
{
  nslot *s = neuron_slot (r);
  int params[4];
  double values[4];
  size_t count = u8 (r) % 5, i, j;
  int null_params = u8 (r) % 16 == 0, null_values = u8 (r) % 16 == 0;
  int sets_time = 0, rc;
  around a;
  for (i = 0; i < count; i++)
    {
      params[i] = enum_int (r, n_params);
      values[i] = dbl (r);
      sets_time |= params[i] == LIF_PARAM_T;
    }
  if (!s->n)
    {
      CHECK (lif_neuron_set_many (NULL, params, values, count) == LIF_ENULL,
             "set_many(NULL)");
      return;
    }
  before_call (s, &a);
  arm ();
  rc = lif_neuron_set_many (s->n, null_params ? NULL : params,
                            null_values ? NULL : values, count);
  disarm ();
  for (i = 0; i < count; i++)
    TRACE ("neuron %d set_many [%zu] %d = %a", (int)(s - neurons), i,
           params[i], values[i]);
  TRACE ("neuron %d set_many (%zu) -> %d", (int)(s - neurons), count, rc);
  if (count > 0 && (null_params || null_values))
    CHECK (rc == LIF_ENULL, "set_many with NULL arrays gave %d", rc);
  if (rc == LIF_OK && sets_time)
    s->ordered_from = s->count;
  after_call (s, &a, rc, 0, sets_time, "set_many");
  if (rc != LIF_OK)
    return;
  for (i = 0; i < count; i++)
    {
      int later = 0;
      for (j = i + 1; j < count; j++)
        later |= param_group (params[j]) == param_group (params[i]);
      if (!later)
        CHECK (reads_back (s, params[i], values[i], get (s->n, params[i])),
               "set_many %s to %a, read back %a", lif_param_name (params[i]),
               values[i], get (s->n, params[i]));
    }
}

static void
op_get (reader *r)
{
  nslot *s = neuron_slot (r);
  int p = enum_int (r, n_params), rc, null_out = u8 (r) % 16 == 0;
  double v = 12345.0;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_get (NULL, p, &v) == LIF_ENULL && v == 12345.0,
             "get(NULL)");
      return;
    }
  before_call (s, &a);
  rc = lif_neuron_get (s->n, p, null_out ? NULL : &v);
  if (null_out)
    CHECK (rc == LIF_ENULL, "get with NULL output gave %d", rc);
  else if (p < 0 || p >= n_params)
    CHECK (rc == LIF_EENUM, "get(%d) gave %d", p, rc);
  else
    CHECK (rc == LIF_OK, "get gave %d", rc);
  if (rc != LIF_OK)
    CHECK (v == 12345.0, "refused get wrote its output");
  after_call (s, &a, rc, 0, 0, "get");
}

static void
op_set_enum (reader *r)
{
  nslot *s = neuron_slot (r);
  int which = u8 (r) % 3, rc, got = -1;
  int value = enum_int (r, which == 0 ? n_steppers : n_timings);
  size_t limit = size_arg (r), got_limit = 0;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_set_stepper (NULL, value) == LIF_ENULL
                 && lif_neuron_set_timing (NULL, value) == LIF_ENULL
                 && lif_neuron_set_spike_limit (NULL, limit) == LIF_ENULL
                 && lif_neuron_get_stepper (NULL, &got) == LIF_ENULL
                 && lif_neuron_get_timing (NULL, &got) == LIF_ENULL
                 && lif_neuron_get_spike_limit (NULL, &got_limit) == LIF_ENULL,
             "setters on NULL");
      return;
    }
  if (u8 (r) % 16 == 0)
    {
      before_call (s, &a);
      CHECK (lif_neuron_get_stepper (s->n, NULL) == LIF_ENULL
                 && lif_neuron_get_timing (s->n, NULL) == LIF_ENULL
                 && lif_neuron_get_spike_limit (s->n, NULL) == LIF_ENULL
                 && lif_neuron_spike_count (s->n, NULL) == LIF_ENULL,
             "getters with NULL output");
      after_call (s, &a, LIF_ENULL, 0, 0, "getters with NULL output");
      return;
    }
  before_call (s, &a);
  arm ();
  rc = which == 0   ? lif_neuron_set_stepper (s->n, value)
       : which == 1 ? lif_neuron_set_timing (s->n, value)
                    : lif_neuron_set_spike_limit (s->n, limit);
  disarm ();
  TRACE ("neuron %d set %s %d / limit %zu -> %d", (int)(s - neurons),
         which == 0   ? "stepper"
         : which == 1 ? "timing"
                      : "spike_limit",
         value, limit, rc);
  after_call (s, &a, rc, 0, 0, "set_stepper/timing/spike_limit");
  if (which == 0)
    {
      CHECK ((rc == LIF_OK) == (lif_stepper_name (value) != NULL),
             "set_stepper(%d) gave %d", value, rc);
      lif_neuron_get_stepper (s->n, &got);
      CHECK (rc != LIF_OK || got == value, "stepper not read back");
    }
  else if (which == 1)
    {
      CHECK ((rc == LIF_OK) == (lif_timing_name (value) != NULL),
             "set_timing(%d) gave %d", value, rc);
      lif_neuron_get_timing (s->n, &got);
      CHECK (rc != LIF_OK || got == value, "timing not read back");
    }
  else
    {
      CHECK ((rc == LIF_OK) == (limit != 0), "set_spike_limit gave %d", rc);
      lif_neuron_get_spike_limit (s->n, &got_limit);
      CHECK (rc != LIF_OK || got_limit == limit, "limit not read back");
    }
}

static void
op_set_input (reader *r)
{
  nslot *s = neuron_slot (r);
  islot *in = input_slot (r);
  int clear = u8 (r) % 4 == 0, rc;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_set_input (NULL, in->in) == LIF_ENULL
                 && lif_neuron_clear_input (NULL) == LIF_ENULL,
             "set_input(NULL)");
      return;
    }
  before_call (s, &a);
  arm ();
  rc = clear ? lif_neuron_clear_input (s->n)
             : lif_neuron_set_input (s->n, in->in);
  disarm ();
  TRACE ("neuron %d %s input %d -> %d", (int)(s - neurons),
         clear ? "clear" : "set", (int)(in - inputs), rc);
  after_call (s, &a, rc, 0, 0, "set_input");
  if (!clear && !in->in)
    {
      CHECK (rc == LIF_ENULL, "set_input(NULL input) gave %d", rc);
      return;
    }
  CHECK (rc == LIF_OK, "set_input/clear_input gave %d", rc);
  lif_input_free (s->mirror);
  s->mirror = clear ? NULL : mirror_of (in->in);
  s->input_cost = clear ? 0.0 : in->cost;
  s->constant = clear ? 0.0 : in->constant;
}

static void
op_set_callback (reader *r)
{
  nslot *s = neuron_slot (r);
  int on = u8 (r) % 4 != 0, rc;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_set_spike_callback (NULL, on_spike, &cb_tag)
                 == LIF_ENULL,
             "set_spike_callback(NULL)");
      return;
    }
  before_call (s, &a);
  rc = lif_neuron_set_spike_callback (s->n, on ? on_spike : NULL,
                                      on ? &cb_tag : NULL);
  TRACE ("neuron %d spike callback %s", (int)(s - neurons), on ? "on" : "off");
  CHECK (rc == LIF_OK, "set_spike_callback gave %d", rc);
  after_call (s, &a, rc, 0, 0, "set_spike_callback");
  s->has_callback = on;
}

static void
op_set_progress (reader *r)
{
  nslot *s = neuron_slot (r);
  int on = u8 (r) % 4 != 0, rc;
  size_t every = u8 (r) % 4 == 0 ? size_arg (r) : 1 + u8 (r) % 64;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_set_progress_callback (NULL, on_progress, 1,
                                               &progress_tag)
                 == LIF_ENULL,
             "set_progress_callback(NULL)");
      return;
    }
  before_call (s, &a);
  rc = lif_neuron_set_progress_callback (s->n, on ? on_progress : NULL, every,
                                         on ? &progress_tag : NULL);
  TRACE ("neuron %d progress %s every %zu -> %d", (int)(s - neurons),
         on ? "on" : "off", every, rc);
  CHECK (rc == (on && every == 0 ? LIF_EINVAL : LIF_OK),
         "set_progress_callback every %zu gave %d", every, rc);
  after_call (s, &a, rc, 0, 0, "set_progress_callback");
}

/* Checkpoints: save into room of any size, restore what some neuron saved
 * (another dt is refused), a saved state with one byte spoiled, and bytes
 * from the input. A restore is LIF_OK or LIF_ESTATE, and a refused one
 * changes nothing (after_call). */
static void
op_state (reader *r)
{
  nslot *s = neuron_slot (r);
  int which = u8 (r) % 4, rc, null_buf = u8 (r) % 16 == 0, timing;
  unsigned char buf[sizeof saved_state + 16], again[sizeof saved_state];
  size_t size = 0, room, i;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_state_size (NULL, &size) == LIF_ENULL
                 && lif_neuron_save_state (NULL, buf, sizeof buf) == LIF_ENULL
                 && lif_neuron_restore_state (NULL, buf, sizeof buf)
                        == LIF_ENULL,
             "state(NULL)");
      return;
    }
  CHECK (lif_neuron_state_size (s->n, &size) == LIF_OK
             && size <= sizeof saved_state,
         "state_size %zu", size);
  before_call (s, &a);
  memset (buf, 0xA5, sizeof buf);
  if (which == 0)
    {
      room = u8 (r) % 4 == 0 ? size_arg (r) % (size + 1) : size + u8 (r) % 16;
      rc = lif_neuron_save_state (s->n, null_buf ? NULL : buf, room);
      TRACE ("neuron %d save_state (room %zu of %zu) -> %d",
             (int)(s - neurons), room, size, rc);
      after_call (s, &a, rc, 0, 0, "save_state");
      if (null_buf)
        CHECK (rc == LIF_ENULL, "save_state(NULL) gave %d", rc);
      else if (room < size)
        CHECK (rc == LIF_EINVAL, "save_state into %zu < %zu gave %d", room,
               size, rc);
      else
        CHECK (rc == LIF_OK, "save_state gave %d", rc);
      /* Nothing written past the state, nor by a refusal. */
      for (i = rc == LIF_OK ? size : 0; i < sizeof buf; i++)
        CHECK (buf[i] == 0xA5, "save_state wrote byte %zu of %zu (%d)", i,
               size, rc);
      if (rc == LIF_OK)
        {
          memcpy (saved_state, buf, size);
          saved_size = size;
          CHECK (lif_neuron_get_timing (s->n, &saved_timing) == LIF_OK,
                 "get_timing");
        }
      return;
    }
  if (which == 1)
    {
      if (!saved_size)
        return;
      memcpy (buf, saved_state, saved_size);
      room = saved_size;
    }
  else if (which == 2)
    {
      /* This neuron's own state, or the one kept, with one byte spoiled. */
      room = saved_size && u8 (r) % 2 ? saved_size : size;
      if (room == size)
        CHECK (lif_neuron_save_state (s->n, buf, size) == LIF_OK, "save");
      else
        memcpy (buf, saved_state, room);
      buf[u16 (r) % room] ^= (unsigned char)(u8 (r) | 1);
    }
  else
    {
      room = u8 (r) % (size + 8);
      for (i = 0; i < room; i++)
        buf[i] = (unsigned char)u8 (r);
    }
  arm ();
  rc = lif_neuron_restore_state (s->n, null_buf ? NULL : buf, room);
  disarm ();
  TRACE ("neuron %d restore_state (%d, %zu bytes) -> %d", (int)(s - neurons),
         which, room, rc);
  if (null_buf)
    CHECK (rc == LIF_ENULL, "restore_state(NULL) gave %d", rc);
  else
    CHECK (rc == LIF_OK || rc == LIF_ESTATE, "restore_state gave %d", rc);
  if (rc == LIF_OK)
    s->ordered_from = s->count; /* t may have gone back */
  after_call (s, &a, rc, 0, 1, "restore_state");
  CHECK (lif_neuron_get_timing (s->n, &timing) == LIF_OK, "get_timing");
  if (rc == LIF_OK && which == 1 && room >= size && timing == saved_timing)
    {
      /* A state as saved is saved again bit for bit by a neuron of the same
       * timing mode. (Restored into the other mode it behaves as switching
       * the mode would, and a precise neuron records its refractory steps
       * counted afresh from ref_end. A spoiled state need not either: a NaN
       * with another payload, for one, saves as liblif's.) */
      CHECK (lif_neuron_save_state (s->n, again, size) == LIF_OK, "save");
      CHECK (memcmp (again, buf, size) == 0,
             "a restored state (%d) saves as other bytes", which);
    }
}

static void
op_run (reader *r)
{
  nslot *s = neuron_slot (r);
  int kind = u8 (r) % 3, rc, one_step;
  double dt, t, duration, steps, span;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_step (NULL) == LIF_ENULL
                 && lif_neuron_run (NULL, 1.0) == LIF_ENULL
                 && lif_neuron_run_trace (NULL, 1, NULL, NULL, NULL, NULL)
                        == LIF_ENULL,
             "run(NULL)");
      return;
    }
  /* The plan is read even for runs that are not made, so that the bytes
   * after it mean the same either way. */
  plan_reentry (r);
  bound_run (s);
  dt = get (s->n, LIF_PARAM_DT);
  t = get (s->n, LIF_PARAM_T);
  if (kind == 0) /* lif_neuron_step */
    {
      if (!afford (s, 1.0, &one_step, 0))
        return;
      before_call (s, &a);
      start_reentry (s);
      arm ();
      rc = lif_neuron_step (s->n);
      disarm ();
      if (end_reentry (s, rc, "step"))
        return;
      TRACE ("neuron %d step -> %d", (int)(s - neurons), rc);
      after_call (s, &a, rc, stops_part_way (rc), 0, "step");
      check_relaxation (s, &a.before, "step");
      if (rc == LIF_OK)
        CHECK (get (s->n, LIF_PARAM_T)
                   <= t + dt
                          + 4.0 * DBL_EPSILON * (fabs (t) + dt + s->t_scale),
               "step went past t + dt");
      return;
    }
  if (kind == 1) /* lif_neuron_run, or lif_neuron_run_events */
    {
      int big_ok, events;
      uint8_t choice;
      duration = duration_arg (r, dt);
      choice = u8 (r);
      big_ok = choice == 0xB5; /* opt in to one step over 2 10^4 breakpoints */
      events = choice == 0xE5; /* event to event, at no more cost */
      steps = duration / dt;
      if (isfinite (duration) && duration >= 0.0
          && !must_overflow (t, steps, dt))
        {
          if (steps > MAX_RUN_STEPS)
            duration = fmod (duration, MAX_RUN_STEPS * dt);
          /* An event run under a varying drive takes a piece every four
           * membrane time constants: as many as the steps afforded. */
          if (events)
            duration = fmin (duration,
                             4.0 * MAX_RUN_STEPS * get (s->n, LIF_PARAM_TAU));
          if (!afford (s, duration / dt, &one_step, big_ok))
            return;
          if (one_step)
            duration = dt;
        }
      before_call (s, &a);
      start_reentry (s);
      arm ();
      rc = events ? lif_neuron_run_events (s->n, duration)
                  : lif_neuron_run (s->n, duration);
      disarm ();
      if (end_reentry (s, rc, events ? "run_events" : "run"))
        return;
      TRACE ("neuron %d run %a -> %d (t %a -> %a)", (int)(s - neurons),
             duration, rc, t, get (s->n, LIF_PARAM_T));
      after_call (s, &a, rc, stops_part_way (rc), 0, "run");
      check_relaxation (s, &a.before, "run");
      if (!isfinite (duration) || duration < 0.0)
        CHECK (rc == LIF_EINVAL, "run(%a) gave %d", duration, rc);
      if (rc == LIF_OK)
        {
          double t1 = get (s->n, LIF_PARAM_T);
          double tol
              = 2e-6 * dt
                + 64.0 * DBL_EPSILON * (fabs (t) + duration + s->t_scale);
          CHECK (fabs (t1 - (t + duration)) <= tol,
                 "run(%a) from %a ended at %a", duration, t, t1);
        }
      return;
    }
  /* lif_neuron_run_trace */
  {
    size_t n = size_arg (r), done = 7777, i;
    int mask = (int)(u8 (r) % 16), off;
    static double tt[MAX_TRACE + 1], vv[MAX_TRACE + 1], ii[MAX_TRACE + 1];
    if (!must_overflow (t, (double)n, dt))
      {
        n %= MAX_TRACE + 1;
        if (!afford (s, (double)n, &one_step, 0))
          return;
        if (one_step && n > 1)
          n = 1;
      }
    span = (double)n * dt;
    off = n > 0 ? off_grid (s->n) : 0;
    for (i = 0; i <= MAX_TRACE; i++)
      tt[i] = vv[i] = ii[i] = -12345.0;
    TRACE ("neuron %d run_trace %zu (mask %d, fault %lu) from %a ...",
           (int)(s - neurons), n, mask, pending_fault, t);
    before_call (s, &a);
    start_reentry (s);
    arm ();
    rc = lif_neuron_run_trace (s->n, n, mask & 1 ? tt : NULL,
                               mask & 2 ? vv : NULL, mask & 4 ? ii : NULL,
                               mask & 8 ? NULL : &done);
    disarm ();
    if (end_reentry (s, rc, "run_trace"))
      return;
    TRACE ("neuron %d run_trace %zu (mask %d) -> %d, done %zu",
           (int)(s - neurons), n, mask, rc, done);
    after_call (s, &a, rc, stops_part_way (rc), 0, "run_trace");
    check_relaxation (s, &a.before, "run_trace");
    if (!(mask & 8))
      {
        if (rc != LIF_OK && !stops_part_way (rc))
          CHECK (done == 7777, "refused run_trace wrote steps_done");
        else
          CHECK (done <= n && (rc != LIF_OK || done == n),
                 "run_trace did %zu of %zu steps (status %d)", done, n, rc);
      }
    if (n <= MAX_TRACE)
      {
        double t1 = get (s->n, LIF_PARAM_T);
        size_t k = (mask & 8) ? 0 : (rc == LIF_OK ? n : done);
        if (done == 7777)
          k = 0;
        for (i = 0; i < k; i++)
          {
            if (mask & 1)
              CHECK (tt[i] >= t && tt[i] <= t1
                         && (i == 0 || tt[i] >= tt[i - 1]),
                     "trace time %zu = %a outside [%a, %a]", i, tt[i], t, t1);
            if (mask & 2)
              CHECK (isfinite (vv[i]), "trace V %zu = %a", i, vv[i]);
          }
        if (k > 0 && rc == LIF_OK)
          {
            if (mask & 1)
              CHECK (tt[k - 1] == t1, "last trace time %a, neuron at %a",
                     tt[k - 1], t1);
            if (mask & 2)
              CHECK (vv[k - 1] == get (s->n, LIF_PARAM_V),
                     "last trace V differs from the neuron's");
          }
        /* Nothing past the steps done, and nothing past the arrays. */
        for (i = (done == 7777 ? 0 : done); i <= MAX_TRACE; i++)
          if (mask & 8 ? i >= n : 1)
            CHECK (tt[i] == -12345.0 && vv[i] == -12345.0 && ii[i] == -12345.0,
                   "run_trace wrote slot %zu of %zu (done %zu)", i, n, done);
        /* From between grid times the first step is the rest of the step
         * under way: the run ends at a grid time up to a step sooner. That
         * step is taken off the span before it is added to t, where t +
         * span alone may overflow while the grid time the run ends at does
         * not (one step of dt = DBL_MAX from the middle of step 0). */
        double tol = 64.0 * DBL_EPSILON * (fabs (t) + span + s->t_scale);
        if (rc == LIF_OK)
          CHECK (t1 <= t + span + tol
                     && t1 >= t + (span - (off ? dt : 0.0)) - tol,
                 "run_trace of %zu steps of %a from %a ended at %a", n, dt, t,
                 t1);
      }
  }
}

static void
op_spikes (reader *r)
{
  nslot *s = neuron_slot (r);
  size_t first = size_arg (r), capacity = size_arg (r) % 64, copied = 999;
  int which = u8 (r) % 3, null_times = u8 (r) % 8 == 0, rc;
  double buf[64];
  size_t i;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_clear_spikes (NULL) == LIF_ENULL
                 && lif_neuron_copy_spikes (NULL, 0, buf, 1, &copied)
                        == LIF_ENULL
                 && copied == 999,
             "spikes(NULL)");
      return;
    }
  before_call (s, &a);
  if (which == 0)
    {
      rc = lif_neuron_clear_spikes (s->n);
      TRACE ("neuron %d clear_spikes", (int)(s - neurons));
      CHECK (rc == LIF_OK, "clear_spikes gave %d", rc);
      s->count = 0;
      s->ordered_from = 0;
      after_call (s, &a, rc, 0, 0, "clear_spikes");
      return;
    }
  if (which == 1)
    {
      rc = lif_neuron_spike_count (s->n, u8 (r) % 8 ? &copied : NULL);
      after_call (s, &a, rc, 0, 0, "spike_count");
      CHECK (rc != LIF_OK || copied == s->count, "spike_count %zu, not %zu",
             copied, s->count);
      return;
    }
  rc = lif_neuron_copy_spikes (s->n, first, null_times ? NULL : buf, capacity,
                               &copied);
  after_call (s, &a, rc, 0, 0, "copy_spikes");
  if (null_times && capacity > 0)
    {
      CHECK (rc == LIF_ENULL && copied == 999, "copy_spikes(NULL times)");
      return;
    }
  CHECK (rc == LIF_OK, "copy_spikes gave %d", rc);
  CHECK (copied
             == (first < s->count ? (
                     s->count - first < capacity ? s->count - first : capacity)
                                  : 0),
         "copy_spikes copied %zu", copied);
  for (i = 0; i < copied; i++)
    CHECK (memcmp (&buf[i], &s->spikes[first + i], sizeof *buf) == 0,
           "copy_spikes gave a different spike");
}

static void
op_analytic (reader *r)
{
  nslot *s = neuron_slot (r);
  int which = u8 (r) % 5, null_out = u8 (r) % 16 == 0, rc;
  double current = dbl (r), duration = dbl (r), out = 12345.0;
  double *o = null_out ? NULL : &out;
  const lif_neuron *n = s->n;
  around a;
  if (n)
    before_call (s, &a);
  switch (which)
    {
    case 0:
      rc = lif_neuron_rheobase (n, o);
      break;
    case 1:
      rc = lif_neuron_isi (n, current, o);
      break;
    case 2:
      rc = lif_neuron_rate (n, current, o);
      break;
    case 3:
      rc = lif_neuron_time_to_spike (n, current, o);
      break;
    default:
      rc = lif_neuron_potential_after (n, current, duration, o);
      break;
    }
  TRACE ("neuron %d analytic %d (%a, %a) -> %d, %a", (int)(s - neurons), which,
         current, duration, rc, out);
  if (!n || null_out)
    CHECK (rc == LIF_ENULL, "analytic %d with NULL gave %d", which, rc);
  if (n)
    after_call (s, &a, rc, 0, 0, "analytic");
  if (rc != LIF_OK)
    {
      CHECK (out == 12345.0, "refused analytic %d wrote its output", which);
      return;
    }
  CHECK (!isnan (out), "analytic %d gave NaN (current %a, duration %a)", which,
         current, duration);
  if (which >= 1 && which <= 3)
    CHECK (out >= 0.0, "analytic %d gave %a < 0", which, out);
  /* V after a while lies between V and u: finite. */
  if (which == 4)
    CHECK (isfinite (out), "potential_after gave %a", out);
}

/* ---- inputs ----------------------------------------------------------- */

/* Runs an input constructor's outcome through the checks and stores a new
 * input in slot in. */
static void
new_input_done (islot *in, int rc, lif_input *made, int null_out, double cost,
                int may_fail, const char *what, double constant)
{
  if (null_out)
    {
      CHECK (rc == LIF_ENULL, "%s(NULL) gave %d", what, rc);
      return;
    }
  if (rc != LIF_OK)
    {
      CHECK (made == (lif_input *)&cb_tag, "refused %s wrote its output",
             what);
      CHECK (lif_error_name (rc) != NULL, "%s gave %d", what, rc);
      return;
    }
  CHECK (made != NULL && made != (lif_input *)&cb_tag, "%s made nothing",
         what);
  lif_input_free (in->in);
  in->in = made;
  in->cost = cost;
  in->may_fail = may_fail;
  in->kind = what;
  in->constant = constant;
}

static void
op_new_input (reader *r)
{
  islot *in = input_slot (r);
  int kind = u8 (r) % 9, null_out = u8 (r) % 32 == 0, rc;
  lif_input *made = (lif_input *)&cb_tag, **out = null_out ? NULL : &made;
  double a = dbl (r), b = dbl (r), c = dbl (r), d = dbl (r);
  double cost = 1.0;
  int may_fail = 0;
  const char *what = "input";
  switch (kind)
    {
    case 0:
      what = "constant";
      arm ();
      rc = lif_input_new_constant (a, out);
      disarm ();
      break;
    case 1:
      what = "pulse";
      arm ();
      rc = lif_input_new_pulse (a, b, c, out);
      disarm ();
      break;
    case 2:
      what = "pulse_train";
      {
        size_t count = size_arg (r);
        arm ();
        rc = lif_input_new_pulse_train (a, b, c, d, count, out);
        disarm ();
      }
      break;
    case 3:
      what = "sine";
      arm ();
      rc = lif_input_new_sine (a, b, c, d, out);
      disarm ();
      break;
    case 4:
      what = "exp_decay";
      arm ();
      rc = lif_input_new_exp_decay (a, b, c, out);
      disarm ();
      break;
    case 5:
      what = "table";
      {
        static double times[MAX_TABLE], values[MAX_TABLE];
        size_t n = u8 (r) % (MAX_TABLE + 1), i;
        int mode = u8 (r) % 5, interp = enum_int (r, n_interpolations);
        int null_arrays = u8 (r) % 32 == 0;
        double t = a;
        for (i = 0; i < n; i++)
          {
            if (mode == 0)
              times[i] = dbl (r);
            else if (mode == 4)
              /* Increasing across the whole range of doubles, so that
               * differences of neighbours overflow. */
              times[i] = i == 0 ? -DBL_MAX
                         : i == n - 1
                             ? DBL_MAX
                             : ldexp ((double)i - (double)n / 2.0, 1016);
            else
              {
                /* Increasing times; a step may be anything, subnormal or
                 * huge included. */
                times[i] = t;
                t += mode == 1 ? fabs (dbl (r)) : (double)(u8 (r) + 1) * b;
              }
            values[i] = dbl (r);
          }
        arm ();
        rc = lif_input_new_table (null_arrays ? NULL : times, values, n,
                                  interp, out);
        disarm ();
      }
      break;
    case 6:
      what = "sum";
      {
        lif_input *terms[5];
        double weights[5];
        size_t n = u8 (r) % 6, i;
        int null_weights = u8 (r) % 2, null_terms = u8 (r) % 32 == 0;
        cost = 0.0;
        for (i = 0; i < n; i++)
          {
            islot *t = input_slot (r);
            terms[i] = t->in;
            weights[i] = dbl (r);
            cost += t->cost;
          }
        may_fail = 1;
        arm ();
        rc = lif_input_new_sum (null_terms ? NULL : terms,
                                null_weights ? NULL : weights, n, out);
        disarm ();
      }
      break;
    default:
      what = "callback";
      {
        cbdesc *cb = &callbacks[u8 (r) % N_CALLBACKS];
        int null_fn = u8 (r) % 32 == 0;
        cb->mode = (int)(u8 (r) % 8);
        cb->value = a;
        cb->calls = 0;
        may_fail = 1;
        arm ();
        rc = lif_input_new_callback (null_fn ? NULL : current_cb, cb, out);
        disarm ();
      }
      break;
    case 8:
      what = "white_noise";
      {
        /* Channels and sharing past their ranges too. A positive d asks
         * for an Ornstein-Uhlenbeck current of time constant c instead
         * (any c: 0, negative and non-finite ones are refused). */
        unsigned channel = u16 (r) % 40000u;
        int shared = (int)(u8 (r) % 3);
        int ou = d > 0.0;
        int valid = isfinite (a) && isfinite (b) && b >= 0.0
                    && channel <= 32767u && shared <= 1
                    && (!ou || (isfinite (c) && c > 0.0));
        /* A sigma of DBL_MAX may overflow V: runs may diverge. */
        may_fail = 1;
        arm ();
        if (ou)
          {
            what = "ou_noise";
            rc = lif_input_new_ou_noise (a, b, c, channel, shared, out);
          }
        else
          rc = lif_input_new_white_noise (a, b, channel, shared, out);
        disarm ();
        if (!null_out && rc != LIF_ENOMEM)
          CHECK ((rc == LIF_OK) == valid, "%s(%a, %a, %a, %u, %d) gave %d",
                 what, a, b, c, channel, shared, rc);
      }
      break;
    }
  TRACE ("input %d = %s(%a, %a, %a, %a) -> %d", (int)(in - inputs), what, a, b,
         c, d, rc);
  new_input_done (in, rc, made, null_out, cost, may_fail, what,
                  kind == 0 ? a : NAN);
}

static void
op_input_free (reader *r)
{
  islot *in = input_slot (r);
  TRACE ("free input %d", (int)(in - inputs));
  lif_input_free (in->in);
  in->in = NULL;
  in->cost = 0.0;
}

static void
op_input_query (reader *r)
{
  islot *in = input_slot (r);
  int which = u8 (r) % 2, null_out = u8 (r) % 16 == 0, rc;
  double t = dbl (r), out = 12345.0;
  if (which == 0)
    {
      budget -= in->cost;
      rc = lif_input_eval (in->in, t, null_out ? NULL : &out);
    }
  else
    {
      budget -= in->cost;
      rc = lif_input_next_breakpoint (in->in, t, null_out ? NULL : &out);
    }
  TRACE ("input %d (%s) %s at %a -> %d, %a", (int)(in - inputs),
         in->in ? in->kind : "none", which ? "next_breakpoint" : "eval", t, rc,
         out);
  if (!in->in || null_out)
    CHECK (rc == LIF_ENULL, "input query with NULL gave %d", rc);
  else if (!isfinite (t))
    CHECK (rc == LIF_EINVAL, "input query at %a gave %d", t, rc);
  if (rc != LIF_OK)
    {
      CHECK (out == 12345.0, "refused input query wrote its output");
      if (rc == LIF_EINPUT)
        CHECK (which == 0 && in->may_fail,
               "an input that cannot fail gave EINPUT at %a", t);
      return;
    }
  if (which == 0)
    CHECK (isfinite (out), "eval gave %a", out);
  else
    CHECK (out > t, "next breakpoint after %a is %a", t, out);
}

static void
op_names (reader *r)
{
  int v = enum_int (r, 16);
  const char *s;
  CHECK (lif_strerror (v) != NULL, "strerror(%d) is NULL", v);
  s = lif_error_name (v);
  CHECK (!s || strncmp (s, "LIF_", 4) == 0, "error_name(%d)", v);
  s = lif_stepper_name (v);
  CHECK ((s != NULL) == (v >= 0 && v < n_steppers), "stepper_name(%d)", v);
  s = lif_timing_name (v);
  CHECK ((s != NULL) == (v >= 0 && v < n_timings), "timing_name(%d)", v);
  s = lif_interpolation_name (v);
  CHECK ((s != NULL) == (v >= 0 && v < n_interpolations),
         "interpolation_name(%d)", v);
  s = lif_param_name (v);
  CHECK ((s != NULL) == (v >= 0 && v < n_params), "param_name(%d)", v);
  CHECK (lif_version () == LIF_VERSION_HEX, "version");
  CHECK (strcmp (lif_version_string (), LIF_VERSION_STRING) == 0, "version");
}

static void
op_fault (reader *r)
{
  pending_fault = u8 (r) % 8 + 1;
  TRACE ("fail allocation %lu of the next call", pending_fault);
}

/* The noise generator's seed and stream of a neuron: set, read back;
 * NULL handles refused. */
static void
op_seed (reader *r)
{
  nslot *s = neuron_slot (r);
  uint64_t seed = u64 (r), got_seed = 1;
  uint32_t stream = (uint32_t)u64 (r), got_stream = 1;
  int rc;
  around a;
  if (!s->n)
    {
      CHECK (lif_neuron_set_seed (NULL, seed, stream) == LIF_ENULL
                 && lif_neuron_get_seed (NULL, &got_seed, &got_stream)
                        == LIF_ENULL,
             "seed(NULL)");
      return;
    }
  before_call (s, &a);
  rc = lif_neuron_set_seed (s->n, seed, stream);
  TRACE ("neuron %d set_seed (%llu, %u) -> %d", (int)(s - neurons),
         (unsigned long long)seed, (unsigned)stream, rc);
  CHECK (rc == LIF_OK, "set_seed gave %d", rc);
  after_call (s, &a, rc, 0, 0, "set_seed");
  CHECK (lif_neuron_get_seed (s->n, &got_seed, &got_stream) == LIF_OK
             && got_seed == seed && got_stream == stream,
         "seed reads back otherwise");
  CHECK (lif_neuron_get_seed (s->n, NULL, &got_stream) == LIF_ENULL
             && lif_neuron_get_seed (s->n, &got_seed, NULL) == LIF_ENULL,
         "get_seed(NULL)");
}

typedef void (*op_fn) (reader *r);

static const op_fn ops[] = {
  op_new,        op_free,         op_clone,     op_reset,     op_set,
  op_set,        op_set,          op_set_many,  op_get,       op_set_enum,
  op_set_input,  op_set_callback, op_run,       op_run,       op_run,
  op_spikes,     op_analytic,     op_new_input, op_new_input, op_new_input,
  op_input_free, op_input_query,  op_names,     op_fault,     op_set_progress,
  op_state,      op_state,        op_seed,
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
  /* Nothing carries over from the inputs before: each is replayable. */
  saved_size = 0;
  memset (&re, 0, sizeof re);
  n_steppers = tst_stepper_count ();
  n_timings = tst_timing_count ();
  n_interpolations = tst_interpolation_count ();
  n_params = tst_param_count ();
  CHECK (n_params <= TST_MAX_PARAMS, "%d parameters, room for %d", n_params,
         TST_MAX_PARAMS);
  /* Every input starts with one neuron, so that short inputs reach runs. */
  CHECK (lif_neuron_new (&neurons[0].n) == LIF_OK, "new");
  while (r.n > 0)
    {
      unsigned op = u8 (&r) % (sizeof ops / sizeof ops[0]);
      TRACE ("-- op %u at byte %zu", op, size - r.n - 1);
      ops[op](&r);
    }
  for (k = 0; k < N_NEURONS; k++)
    free_neuron (&neurons[k]);
  for (k = 0; k < N_INPUTS; k++)
    {
      lif_input_free (inputs[k].in);
      memset (&inputs[k], 0, sizeof inputs[k]);
    }
  disarm ();
  return 0;
}
