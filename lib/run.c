/*
 * Running a lone neuron.
 *
 * A run is a sequence of whole steps [t_k, t_k+1], t_k = t0 + k dt. Most
 * steps are plain: no refractory period, no input breakpoint and no spike
 * inside. Those are taken in tight loops ("stretches") that stop just before
 * the first step that is not plain; every other step goes through the lane's
 * general step (lane.c), which a batch member shares, or through the
 * stepper's own loops (stepper_loops.h): plain steps under a varying drive,
 * and in precise timing under a constant drive the steps around a spike,
 * with the lane's own operations.
 *
 * Errors leave the neuron at the last consistent point: the start of the step
 * (or, in precise timing, the last spike found inside it) where a sample or V
 * went bad, with every earlier spike recorded.
 */
#include "neuron.h"

#include "alloc.h"
#include "input.h"

typedef lif__trace trace;

static int
record_spike (void *sink, int64_t k, double t)
{
  lif_neuron *nrn = sink;
  (void)k;
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
  return lif__engine_stop_status (&nrn->engine);
}

/* The lane through which this neuron is integrated. */
static void
neuron_lane (lif_neuron *nrn, lif__lane *l)
{
  lif__lane_start (l, &nrn->engine);
  l->p = &nrn->p;
  l->s = &nrn->s;
  l->step = &nrn->step;
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
        = (nrn->engine.input
               ? lif__input_value (nrn->engine.input, t, LIF__RIGHT)
               : 0.0)
          + nrn->p.I_bias;
  tr->count++;
}

/* A traced run's observer of the stepper's loops: records the step. */
typedef struct neuron_observer
{
  lif_neuron *nrn;
  trace *tr;
} neuron_observer;

static void
observe_step (void *observer, double t, double V)
{
  neuron_observer *obs = observer;
  obs->nrn->s.V = V;
  record (obs->nrn, obs->tr, t);
}

/* One general step of the neuron's clock, from its lane; whole steps advance
 * the count, a part of a step (or a stop inside a step) moves the present
 * between grid times, or on to the next one. */
static int
general_step (lif_neuron *nrn, const lif__lane *l, double a, double b,
              double h, int whole)
{
  double stop;
  int rc = lif__lane_step (l, nrn->engine.clock.n, a, b, h, whole, &stop);
  if (rc == LIF_OK)
    {
      if (whole)
        nrn->engine.clock.n++;
      else
        lif__clock_reach (&nrn->engine.clock, b);
    }
  else if (stop > a)
    lif__clock_reach (&nrn->engine.clock, stop);
  return rc;
}

/* ---- stretches of plain steps ----------------------------------------- */

/* The number of whole steps from the present one whose ends are at or
 * before limit, at most cap. */
static int64_t
steps_until (const lif_neuron *nrn, double limit, int64_t cap)
{
  return lif__clock_steps_until (&nrn->engine.clock, nrn->engine.clock.n,
                                 limit, cap);
}

/* Holds V for k whole steps of a refractory period (an Ornstein-Uhlenbeck
 * current still moves). */
static int64_t
hold_stretch (lif_neuron *nrn, const lif__lane *l, int64_t k, trace *tr)
{
  int64_t i;
  lif__lane_hold_steps (l, nrn->engine.clock.n, k);
  if (tr)
    for (i = 1; i <= k; i++)
      record (nrn, tr,
              lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n + i));
  nrn->engine.clock.n += k;
  return k;
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
  *status = lif__lane_drive (
      l, lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n), LIF__RIGHT,
      &u);
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
                        lif__clock_at (&nrn->engine.clock,
                                       nrn->engine.clock.n + i + 1));
              }
          }
      nrn->s.V = V;
      nrn->engine.clock.n += i;
      done += i;
      if (done == k)
        return done;
      if (!tr && nrn->engine.timing == LIF_TIMING_PRECISE)
        {
          int64_t taken = l->st->precise_spike (l, nrn->engine.clock.n, u,
                                                k - done, status);
          if (*status != LIF_OK)
            return done;
          nrn->engine.clock.n += taken;
          done += taken;
          if (taken > 0)
            {
              if (done == k
                  || nrn->s.ref_end > lif__clock_now (&nrn->engine.clock))
                return done;
              continue;
            }
        }
      *status = general_step (
          nrn, &known, lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n),
          lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n + 1),
          nrn->engine.clock.dt, 1);
      if (*status != LIF_OK)
        return done;
      if (tr)
        record (nrn, tr, lif__clock_now (&nrn->engine.clock));
      done++;
      if (lif__held_at (&nrn->s, nrn->engine.timing, &nrn->engine.clock,
                        nrn->engine.clock.n))
        return done;
    }
}

/* Up to k plain steps under a current that varies: the stepper's own loop,
 * which calls back with every step's V when the run is traced. */
static int64_t
varying_stretch (lif_neuron *nrn, const lif__lane *l, int64_t k, trace *tr)
{
  lif__lane traced = *l;
  neuron_observer obs;
  int64_t done;
  if (tr)
    {
      obs.nrn = nrn;
      obs.tr = tr;
      traced.observe = observe_step;
      traced.observer = &obs;
    }
  done = l->st->varying_steps (&traced, nrn->engine.clock.n, k);
  nrn->engine.clock.n += done;
  return done;
}

/* ---- runs ------------------------------------------------------------- */

static int
run_whole_steps (lif_neuron *nrn, const lif__lane *l, int64_t steps, trace *tr)
{
  while (steps > 0)
    {
      double a = lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n);
      int64_t wanted = 0, done = 0;
      int rc = lif__engine_stop_status (&nrn->engine);
      int inside;
      if (rc != LIF_OK)
        return rc;
      const int64_t held = lif__held_whole_steps (
          &nrn->s, nrn->engine.timing, &nrn->engine.clock, nrn->engine.clock.n,
          steps, &inside);
      if (held > 0 || inside)
        {
          wanted = held;
          done = hold_stretch (nrn, l, held, tr);
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
          rc = general_step (
              nrn, l, lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n),
              lif__clock_at (&nrn->engine.clock, nrn->engine.clock.n + 1),
              nrn->engine.clock.dt, 1);
          if (rc != LIF_OK)
            return rc;
          if (tr)
            record (nrn, tr, lif__clock_now (&nrn->engine.clock));
          steps--;
        }
    }
  return LIF_OK;
}

/* ---- the state monitor -------------------------------------------------- */

/* Makes room for a sample before the steps that bring the clock to step
 * n_end, if one is due there (monitor.h). */
static int
ready_sample (lif_neuron *nrn, int64_t n_end)
{
  return lif__monitor_ready (&nrn->monitor, n_end);
}

/* Records a sample if one is due where the clock now is: on the grid, at
 * a multiple of the monitor's period. Called where pieces end, never
 * inside the loops. */
static void
take_sample (lif_neuron *nrn)
{
  const lif__clock *c = &nrn->engine.clock;
  double t;
  if (!lif__clock_on_grid (c) || !lif__monitor_due (&nrn->monitor, c->n))
    return;
  t = lif__clock_now (c);
  *lif__monitor_slot (&nrn->monitor, LIF_RECORD_V) = nrn->s.V;
  *lif__monitor_slot (&nrn->monitor, LIF_RECORD_I)
      = (nrn->engine.input
             ? lif__input_value (nrn->engine.input, t, LIF__RIGHT)
             : 0.0)
        + nrn->p.I_bias;
  lif__monitor_push (&nrn->monitor, t);
}

/* Checks shared by every run; on success l is the neuron's lane. */
static int
prepare_run (lif_neuron *nrn, double steps, lif__lane *l)
{
  int rc;
  neuron_lane (nrn, l);
  if ((rc = lif__engine_check_stable (&nrn->engine, nrn->p.tau)) != LIF_OK)
    return rc;
  return lif__engine_check_room (&nrn->engine, steps);
}

/* Moves the neuron event to event from the present to time `to`, which
 * is `whole` whole steps of the clock on (0: within the step under way,
 * or at its end), and the clock with it (lane_events.c). */
static int
events_to (lif_neuron *nrn, const lif__lane *l, double to, int64_t whole)
{
  lif__clock *c = &nrn->engine.clock;
  double stop;
  int rc = lif__lane_run_events (l, c->n, lif__clock_now (c), to, &stop);
  if (rc == LIF_OK && whole > 0)
    c->n += whole;
  else
    lif__clock_move (c, rc == LIF_OK ? to : stop);
  /* Grid timing holds whole steps: count them from where the clock is. */
  lif__neuron_recount_refractory (nrn);
  return rc;
}

int
lif__neuron_run_span (lif_neuron *nrn, const lif__span *span, trace *tr,
                      int events)
{
  lif__clock *c = &nrn->engine.clock;
  lif__lane l;
  int64_t done = 0;
  int rc;
  /* The rest of a step under way ends at a grid time too: room for it.
   * An event-driven run takes no step, so no dt is too long for it. */
  if (events)
    {
      neuron_lane (nrn, &l);
      rc = lif__engine_check_room (
          &nrn->engine, (double)span->whole + !isnan (span->first_end));
    }
  else
    rc = prepare_run (nrn, (double)span->whole + !isnan (span->first_end), &l);
  if (rc != LIF_OK)
    return rc;
  if (tr)
    tr->started = 1;
  if (!isnan (span->first_end))
    {
      double a = lif__clock_now (c);
      if ((rc = ready_sample (nrn, c->n + 1)) != LIF_OK
          || (rc = events ? events_to (nrn, &l, span->first_end, 0)
                          : general_step (nrn, &l, a, span->first_end,
                                          span->first_end - a, 0))
                 != LIF_OK)
        return rc;
      if (tr)
        record (nrn, tr, lif__clock_now (c));
      take_sample (nrn);
    }
  while (done < span->whole)
    {
      int64_t piece = lif__engine_piece (&nrn->engine, done, span->whole);
      if ((rc = ready_sample (nrn, c->n + piece)) != LIF_OK
          || (rc = events ? events_to (nrn, &l,
                                       lif__clock_at (c, c->n + piece), piece)
                          : run_whole_steps (nrn, &l, piece, tr))
                 != LIF_OK)
        return rc;
      take_sample (nrn);
      done += piece;
      rc = lif__engine_report (&nrn->engine, done, span->whole,
                               lif__clock_now (c), span->end);
      if (rc != LIF_OK)
        return rc;
    }
  if (span->partial)
    {
      /* Shorter than dt, even where rounding of a clock too coarse for dt
       * says otherwise. */
      double a = lif__clock_now (c);
      /* It ends between grid times, but for a clock too coarse for dt,
       * whose rounding may carry it on to the next one. */
      if (span->end > a)
        {
          if ((rc = ready_sample (nrn, c->n + 1)) != LIF_OK
              || (rc = events
                           ? events_to (nrn, &l, span->end, 0)
                           : general_step (nrn, &l, a, span->end,
                                           lif__min (span->end - a, c->dt), 0))
                     != LIF_OK)
            return rc;
          take_sample (nrn);
        }
    }
  return LIF_OK;
}
