/*
 * Running a lone neuron.
 *
 * A run is a sequence of whole steps [t_k, t_k+1], t_k = t0 + k dt. Most
 * steps are plain: no refractory period, no input breakpoint and no spike
 * inside. Those are taken in tight loops ("stretches") that stop just before
 * the first step that is not plain; every other step goes through the lane's
 * general step (lane.c), which a batch member shares, except that in precise
 * timing under a constant drive the steps around a spike are written out
 * here with the lane's own operations (precise_spike).
 *
 * Errors leave the neuron at the last consistent point: the start of the step
 * (or, in precise timing, the last spike found inside it) where a sample or V
 * went bad, with every earlier spike recorded.
 */
#include "neuron.h"

#include "alloc.h"
#include "input.h"
#include "stepper_formulas.h"

/* The caller's arrays for lif_neuron_run_trace(); any may be NULL. */
typedef struct trace
{
  double *t, *v, *current;
  size_t count;
} trace;

static int
record_spike (void *sink, double t)
{
  lif_neuron *nrn = sink;
  if (nrn->spike_count == nrn->spike_capacity)
    {
      size_t cap = nrn->spike_capacity ? 2 * nrn->spike_capacity : 64;
      double *grown;
      if (cap < nrn->spike_capacity)
        return LIF_ENOMEM;
      grown = lif__realloc_array (nrn->spikes, cap, sizeof *grown);
      if (!grown)
        return LIF_ENOMEM;
      nrn->spikes = grown;
      nrn->spike_capacity = cap;
    }
  nrn->spikes[nrn->spike_count++] = t;
  if (nrn->on_spike)
    nrn->on_spike (t, nrn->on_spike_data);
  return LIF_OK;
}

/* The lane through which this neuron is integrated. */
static void
neuron_lane (lif_neuron *nrn, lif__lane *l)
{
  l->p = &nrn->p;
  l->s = &nrn->s;
  l->st = lif__stepper_get (nrn->stepper);
  l->step = &nrn->step;
  l->dt = nrn->clock.dt;
  l->timing = nrn->timing;
  l->spike_limit = nrn->spike_limit;
  l->input = nrn->input;
  l->extra = 0.0;
  l->known = 0;
  l->u = 0.0;
  l->emit = record_spike;
  l->sink = nrn;
}

static void
record (const lif_neuron *nrn, trace *tr, double t)
{
  if (tr->t)
    tr->t[tr->count] = t;
  if (tr->v)
    tr->v[tr->count] = nrn->s.V;
  if (tr->current)
    tr->current[tr->count]
        = (nrn->input ? lif__input_value (nrn->input, t, LIF__RIGHT) : 0.0)
          + nrn->p.I_bias;
  tr->count++;
}

/* One general step of the neuron's clock, from its lane; whole steps advance
 * the count, a shorter last step (or a stop inside a step) moves the clock
 * off the grid, so it restarts there. */
static int
general_step (lif_neuron *nrn, const lif__lane *l, double a, double b,
              double h, int whole)
{
  double stop;
  int rc = lif__lane_step (l, a, b, h, whole, &stop);
  if (rc == LIF_OK)
    {
      if (whole)
        nrn->clock.n++;
      else
        lif__neuron_rebase (nrn, b);
    }
  else if (stop > a)
    lif__neuron_rebase (nrn, stop);
  return rc;
}

/* ---- stretches of plain steps ----------------------------------------- */

/* The number of whole steps from the present one whose ends are at or
 * before limit, at most cap. */
static int64_t
steps_until (const lif_neuron *nrn, double limit, int64_t cap)
{
  return lif__clock_steps_until (&nrn->clock, nrn->clock.n, limit, cap);
}

/* steps_until (ref_end, cap) for the refractory period of a spike just
 * taken, started from t_ref / dt: a division that does not wait for the
 * spike time, unlike steps_until's. While the clock resolves dt the count is
 * within a step of it, so a step or two settles it; where four do not (a
 * clock too coarse for dt), steps_until counts. */
static int64_t
held_steps (const lif_neuron *nrn, double ref_end, int64_t cap)
{
  const double estimate = nrn->p.t_ref / nrn->clock.dt;
  const int64_t j = lif__clock_settle (
      &nrn->clock, nrn->clock.n, ref_end, cap,
      estimate < (double)cap ? (int64_t)estimate : cap, 4);
  return j >= 0 ? j : steps_until (nrn, ref_end, cap);
}

/* Holds V for k whole steps of a refractory period. */
static int64_t
hold_stretch (lif_neuron *nrn, int64_t k, trace *tr)
{
  int64_t i;
  if (tr)
    for (i = 1; i <= k; i++)
      record (nrn, tr, lif__clock_at (&nrn->clock, nrn->clock.n + i));
  nrn->clock.n += k;
  return k;
}

/* Precise timing under the constant drive u, each stepper's arithmetic
 * inline (stepper_formulas.h) for the steps around a spike; stepper is a
 * constant in each copy of the functions below. */

/* When in a whole step from v0 to v1 V reaches the threshold: the
 * descriptor's crossing with every node's drive u. */
static inline LIF__ALWAYS_INLINE double
constant_crossing (const lif_neuron *nrn, const int stepper, double u,
                   double v0, double v1)
{
  const double h = nrn->clock.dt, tau = nrn->p.tau, v_th = nrn->p.V_th;
  switch (stepper)
    {
    case LIF_STEPPER_EULER:
      return lif__euler_crossing (h, v0, v1, v_th);
    case LIF_STEPPER_EXACT:
      return lif__exact_crossing (h, tau, v0, u, v_th);
    case LIF_STEPPER_HEUN:
      return lif__hermite_step_crossing (h, tau, v0, u, v1, u, v_th,
                                         lif__heun_g (h / tau));
    default: /* RK4 */
      return lif__hermite_step_crossing (h, tau, v0, u, v1, u, v_th,
                                         lif__rk4_g (h / tau));
    }
}

/* V at b at the end of a step [a, b] in which V was held at V_reset until
 * `from`, integrated from there as the lane's general step integrates it
 * (the factor g of segment_coefficients in lane.c). Returns 0 when that
 * reaches the threshold or leaves the finite numbers: such a step is the
 * lane's. */
static inline LIF__ALWAYS_INLINE int
rest_of_step (const lif_neuron *nrn, const int stepper, double u, double a,
              double b, double from, double *v)
{
  const double h = nrn->clock.dt, len = from == a ? h : lif__min (b - from, h);
  const double x = len * (1.0 / nrn->p.tau);
  double g = nrn->step.g, end;
  if (len != h)
    switch (stepper)
      {
      case LIF_STEPPER_EULER:
        g = lif__euler_g (x);
        break;
      case LIF_STEPPER_HEUN:
        g = lif__heun_g (x);
        break;
      case LIF_STEPPER_RK4:
        g = lif__rk4_g (x);
        break;
      default:
        g = lif__exact_g (x);
        break;
      }
  end = lif__relax (nrn->p.V_reset, u, g);
  *v = end;
  return !lif__fires (&nrn->p, end) && end > -INFINITY;
}

/* The step of a constant stretch that reaches the threshold, the whole steps
 * its refractory period holds, and the step in which the period ends, at
 * most cap steps in all. Each is computed as the lane's general step
 * computes it (the same operations on the same values, so the same bits),
 * without its general bookkeeping, which cost more than all the plain steps
 * between spikes when they came once per hundred steps. A step with more
 * inside it (a second crossing, a clock too coarse for dt) is left to the
 * lane: the function stops before it. Returns the steps taken; *status
 * receives any error, with nothing changed. */
static inline LIF__ALWAYS_INLINE int64_t
precise_spike_with (lif_neuron *nrn, const int stepper, double u, int64_t cap,
                    int *status)
{
  const lif__params *p = &nrn->p;
  const double v0 = nrn->s.V, v1 = lif__relax (v0, u, nrn->step.g);
  double a = lif__clock_now (&nrn->clock);
  double b = lif__clock_at (&nrn->clock, nrn->clock.n + 1);
  double t_spike, ref_end, v;
  int64_t taken;
  *status = LIF_OK;
  if (!(b > a) || lif__fires (p, v0) || nrn->spike_limit == 0
      || !(lif__fires (p, v1) && v1 < INFINITY))
    return 0;
  t_spike = lif__min (a + constant_crossing (nrn, stepper, u, v0, v1), b);
  ref_end = t_spike + p->t_ref;
  if (ref_end < b)
    {
      /* The period ends inside the spike's own step. */
      if (!rest_of_step (nrn, stepper, u, a, b, ref_end, &v))
        return 0;
      if ((*status = record_spike (nrn, t_spike)) != LIF_OK)
        return 0;
      lif__fire (p, t_spike, 0, &nrn->s);
      nrn->s.V = v;
      nrn->clock.n++;
      return 1;
    }
  if ((*status = record_spike (nrn, t_spike)) != LIF_OK)
    return 0;
  lif__fire (p, t_spike, 0, &nrn->s);
  nrn->clock.n++;
  /* As in run_whole_steps, a period that ends where the next step starts
   * holds no step: on a clock too coarse for dt the steps after it can end
   * at that same reading, and counting them would hold them too. */
  if (!(ref_end > lif__clock_now (&nrn->clock)))
    return 1;
  taken = 1 + held_steps (nrn, ref_end, cap - 1);
  nrn->clock.n += taken - 1;
  if (taken == cap || !(ref_end > lif__clock_now (&nrn->clock)))
    return taken;
  a = lif__clock_now (&nrn->clock);
  b = lif__clock_at (&nrn->clock, nrn->clock.n + 1);
  if (!(b > a) || !rest_of_step (nrn, stepper, u, a, b, ref_end, &v))
    return taken;
  nrn->s.V = v;
  nrn->clock.n++;
  return taken + 1;
}

static int64_t
precise_spike (lif_neuron *nrn, double u, int64_t cap, int *status)
{
  switch (nrn->stepper)
    {
    case LIF_STEPPER_EULER:
      return precise_spike_with (nrn, LIF_STEPPER_EULER, u, cap, status);
    case LIF_STEPPER_HEUN:
      return precise_spike_with (nrn, LIF_STEPPER_HEUN, u, cap, status);
    case LIF_STEPPER_RK4:
      return precise_spike_with (nrn, LIF_STEPPER_RK4, u, cap, status);
    default:
      return precise_spike_with (nrn, LIF_STEPPER_EXACT, u, cap, status);
    }
}

/* Up to k steps under a current that is constant across all of them and
 * has no breakpoint inside them. The deviation D = V - u only shrinks by g
 * each plain step, so the loop carries D: one multiplication per step, and
 * V = u + D for the threshold test and the trace off the critical path. A
 * step that would reach the threshold goes through the lane, which knows u
 * (lif__lane_step with known set); the stretch then goes on with a fresh D,
 * unless a refractory period follows, which the run's loop holds. Returns
 * the steps taken; *status receives any error. */
static int64_t
constant_stretch (lif_neuron *nrn, const lif__lane *l, int64_t k, trace *tr,
                  int *status)
{
  const double g = nrn->step.g, v_th = nrn->p.V_th;
  lif__lane known = *l;
  double u;
  int64_t done = 0;
  *status = lif__lane_drive (l, lif__clock_at (&nrn->clock, nrn->clock.n),
                             LIF__RIGHT, &u);
  if (*status != LIF_OK)
    return 0;
  known.known = 1;
  known.u = u;
  for (;;)
    {
      double V = nrn->s.V, D = V - u;
      int64_t i = 0;
      /* |D| never grows for a stable step; only when u + D could overflow
       * are the steps left to the lane, which checks every value. */
      if (fabs (u) + fabs (D) < DBL_MAX / 2.0)
        for (; i < k - done; i++)
          {
            /* lif__relax (V, u, g), carried as the deviation D */
            double d1 = g * D, v1 = u + d1;
            if (v1 >= v_th)
              break;
            D = d1;
            V = v1;
            if (tr)
              {
                nrn->s.V = V;
                record (nrn, tr,
                        lif__clock_at (&nrn->clock, nrn->clock.n + i + 1));
              }
          }
      nrn->s.V = V;
      nrn->clock.n += i;
      done += i;
      if (done == k)
        return done;
      if (!tr && nrn->timing == LIF_TIMING_PRECISE)
        {
          int64_t taken = precise_spike (nrn, u, k - done, status);
          if (*status != LIF_OK)
            return done;
          done += taken;
          if (taken > 0)
            {
              if (done == k || nrn->s.ref_end > lif__clock_now (&nrn->clock))
                return done;
              continue;
            }
        }
      *status = general_step (
          nrn, &known, lif__clock_at (&nrn->clock, nrn->clock.n),
          lif__clock_at (&nrn->clock, nrn->clock.n + 1), nrn->clock.dt, 1);
      if (*status != LIF_OK)
        return done;
      if (tr)
        record (nrn, tr, lif__clock_now (&nrn->clock));
      done++;
      if (nrn->timing == LIF_TIMING_GRID
              ? nrn->s.ref_steps > 0
              : nrn->s.ref_end > lif__clock_now (&nrn->clock))
        return done;
    }
}

/* The input at time t from one side, read directly for a callback (the
 * common case where a run pays for every sample) and through the input's
 * kind otherwise. */
static inline double
sample (const lif_input *in, double t, int side)
{
  if (in->kind == LIF__INPUT_CALLBACK)
    return in->u.callback.fn (t, in->u.callback.user_data);
  return lif__input_value (in, t, side);
}

/* The node patterns of the steppers: one node at the start (Euler), one in
 * the middle (exact), both ends (Heun), start, middle and end (RK4). */
enum shape
{
  AT_START,
  AT_MIDDLE,
  AT_ENDS,
  AT_ENDS_AND_MIDDLE
};

/* Up to k plain steps under a current that varies, for one node pattern
 * (a constant, so that each pattern gets its own loop). The input is sampled
 * at the nodes, the sample at a step's end reused for the start of the next
 * (no breakpoint lies between them), and averaged in the lane's order, so
 * that every step gives the bits the lane's general step would. A sample that
 * is not finite, or a step that would reach the threshold, ends the stretch
 * before that step; the general step then takes it again and reports any
 * error exactly. */
static inline LIF__ALWAYS_INLINE int64_t
varying_loop (lif_neuron *nrn, int64_t k, trace *tr, const enum shape shape)
{
  const lif_input *in = nrn->input;
  const double t0 = nrn->clock.t0, dt = nrn->clock.dt, g = nrn->step.g;
  const lif__params p = nrn->p; /* a copy that callbacks cannot change */
  const double e_l = p.E_L, r = p.R, bias = p.I_bias, w0 = nrn->step.avg[0];
  const double w1 = nrn->step.avg[1], w2 = nrn->step.avg[2];
  const int64_t n0 = nrn->clock.n;
  double V = nrn->s.V, u_end = 0.0;
  int have_end = 0;
  int64_t i;
#define DRIVE(t, side)                                                        \
  lif__drive (e_l, r, bias, sample (in, (t), (side)) + 0.0)
  for (i = 0; i < k; i++)
    {
      const double a = t0 + (double)(n0 + i) * dt;
      const double b = t0 + (double)(n0 + i + 1) * dt;
      double ubar = 0.0, us, um, v1;
      switch (shape)
        {
        case AT_START:
          ubar += w0 * DRIVE (a, LIF__RIGHT);
          break;
        case AT_MIDDLE:
          ubar += w0 * DRIVE (a + 0.5 * dt, LIF__RIGHT);
          break;
        case AT_ENDS:
          us = have_end ? u_end : DRIVE (a, LIF__RIGHT);
          u_end = DRIVE (b, LIF__LEFT);
          ubar += w0 * us;
          ubar += w1 * u_end;
          break;
        case AT_ENDS_AND_MIDDLE:
          us = have_end ? u_end : DRIVE (a, LIF__RIGHT);
          um = DRIVE (a + 0.5 * dt, LIF__RIGHT);
          u_end = DRIVE (b, LIF__LEFT);
          ubar += w0 * us;
          ubar += w1 * um;
          ubar += w2 * u_end;
          break;
        }
      v1 = lif__relax (V, ubar, g);
      /* v1 is not finite when a sample or a drive is not: stop here. */
      if (lif__fires (&p, v1) || !(v1 > -INFINITY))
        break;
      V = v1;
      have_end = 1;
      if (tr)
        {
          nrn->s.V = V;
          nrn->clock.n = n0 + i + 1;
          record (nrn, tr, b);
        }
    }
#undef DRIVE
  nrn->s.V = V;
  nrn->clock.n = n0 + i;
  return i;
}

static int64_t
varying_stretch (lif_neuron *nrn, const lif__lane *l, int64_t k, trace *tr)
{
  const lif__stepper *st = l->st;
  if (st->n_nodes == 1)
    return st->node[0] == 0.0 ? varying_loop (nrn, k, tr, AT_START)
                              : varying_loop (nrn, k, tr, AT_MIDDLE);
  if (st->n_nodes == 2)
    return varying_loop (nrn, k, tr, AT_ENDS);
  return varying_loop (nrn, k, tr, AT_ENDS_AND_MIDDLE);
}

/* ---- runs ------------------------------------------------------------- */

static int
check_stable (const lif_neuron *nrn, const lif__stepper *st)
{
  double x = nrn->clock.dt / nrn->p.tau;
  if (st->stability_limit == INFINITY || x < st->stability_limit)
    return LIF_OK;
  return LIF_EUNSTABLE;
}

/* Whether `steps` more whole steps keep the clock representable. */
static int
check_room (const lif_neuron *nrn, double steps)
{
  return lif__clock_has_room (&nrn->clock, steps) ? LIF_OK : LIF_EOVERFLOW;
}

static int
run_whole_steps (lif_neuron *nrn, const lif__lane *l, int64_t steps, trace *tr)
{
  while (steps > 0)
    {
      double a = lif__clock_at (&nrn->clock, nrn->clock.n);
      int64_t wanted = 0, done = 0;
      int rc = LIF_OK;
      if (nrn->timing == LIF_TIMING_GRID && nrn->s.ref_steps > 0)
        {
          wanted = nrn->s.ref_steps < steps ? nrn->s.ref_steps : steps;
          done = hold_stretch (nrn, wanted, tr);
          nrn->s.ref_steps -= done;
        }
      else if (nrn->timing == LIF_TIMING_PRECISE && nrn->s.ref_end > a)
        {
          wanted = steps_until (nrn, nrn->s.ref_end, steps);
          done = hold_stretch (nrn, wanted, tr);
        }
      else
        {
          wanted = steps_until (nrn, lif__lane_next_breakpoint (l, a), steps);
          if (wanted > 0 && lif__lane_piecewise_constant (l))
            {
              done = constant_stretch (nrn, l, wanted, tr, &rc);
              wanted = done; /* it takes its own non-plain steps */
            }
          else if (wanted > 0)
            done = varying_stretch (nrn, l, wanted, tr);
        }
      steps -= done;
      if (rc != LIF_OK)
        return rc;
      if (done < wanted || wanted == 0)
        {
          rc = general_step (nrn, l, lif__clock_at (&nrn->clock, nrn->clock.n),
                             lif__clock_at (&nrn->clock, nrn->clock.n + 1),
                             nrn->clock.dt, 1);
          if (rc != LIF_OK)
            return rc;
          if (tr)
            record (nrn, tr, lif__clock_now (&nrn->clock));
          steps--;
        }
    }
  return LIF_OK;
}

/* Checks shared by every run; on success l is the neuron's lane. */
static int
prepare_run (lif_neuron *nrn, double steps, lif__lane *l)
{
  int rc;
  neuron_lane (nrn, l);
  if ((rc = check_stable (nrn, l->st)) != LIF_OK)
    return rc;
  return check_room (nrn, steps);
}

int
lif_neuron_step (lif_neuron *neuron)
{
  lif__lane l;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if ((rc = prepare_run (neuron, 1.0, &l)) != LIF_OK)
    return rc;
  return run_whole_steps (neuron, &l, 1, NULL);
}

int
lif_neuron_run (lif_neuron *neuron, double duration)
{
  lif__lane l;
  double steps, whole, end, a;
  int rc, partial;
  if (!neuron)
    return LIF_ENULL;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  steps = duration / neuron->clock.dt;
  partial = !lif__near_integer (steps, &whole);
  if (partial)
    whole = floor (steps);
  end = lif__clock_now (&neuron->clock) + duration;
  if (!isfinite (end))
    return LIF_EOVERFLOW;
  if ((rc = prepare_run (neuron, whole, &l)) != LIF_OK)
    return rc;
  if ((rc = run_whole_steps (neuron, &l, (int64_t)whole, NULL)) != LIF_OK)
    return rc;
  a = lif__clock_now (&neuron->clock);
  /* The last step is shorter than dt, even where rounding of a clock too
   * coarse for dt says otherwise. */
  if (partial && end > a)
    return general_step (neuron, &l, a, end,
                         lif__min (end - a, neuron->clock.dt), 0);
  return LIF_OK;
}

int
lif_neuron_run_trace (lif_neuron *neuron, size_t steps, double *t, double *v,
                      double *current, size_t *steps_done)
{
  lif__lane l;
  trace tr;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if ((rc = prepare_run (neuron, (double)steps, &l)) != LIF_OK)
    return rc;
  tr.t = t;
  tr.v = v;
  tr.current = current;
  tr.count = 0;
  rc = run_whole_steps (neuron, &l, (int64_t)steps, &tr);
  if (steps_done)
    *steps_done = tr.count;
  return rc;
}
