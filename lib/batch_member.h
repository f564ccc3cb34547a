/*
 * One member of a batch, as the run's loops see it: its state at a step,
 * its step through its lane (lane.c) when the step is not plain, the
 * stepper's precise-spike loop, and the bookkeeping that arms it for the
 * plain-step kernels. Inline, for the loops of batch_stretch.c and
 * batch_step.c, which call these for every member that fires.
 *
 * During a run a member's refractory period is the step held_until[i] up to
 * which it is held (grid timing counts the whole steps t_ref holds; precise
 * timing holds the whole steps before ref_end and ends the period through
 * the lane).
 */
#ifndef LIF_BATCH_MEMBER_H
#define LIF_BATCH_MEMBER_H

#include "batch.h"
#include "model.h"

/* Member i's state at the start of step k, as its lane sees it. */
static inline void
lif__member_state (const lif_batch *b, size_t i, int64_t k, lif__state *s)
{
  s->V = b->V[i];
  s->ref_end = b->ref_end[i];
  s->held_until = 0;
  if (b->engine.timing == LIF_TIMING_GRID && b->held_until[i] > (double)k)
    s->held_until = (int64_t)b->held_until[i];
  s->ou = b->ou[i];
}

/* A member's lane, with what the lane points to: the member's parameters
 * and coefficients, gathered, and the sink that sends its spikes to block
 * bl. */
typedef struct lif__member_lane
{
  lif__lane l;
  lif__params p;
  lif__coef c;
  lif__member_sink sink;
} lif__member_lane;

static inline void
lif__member_lane_start (const lif_batch *b, size_t i, lif__block *bl,
                        lif__state *s, lif__member_lane *m)
{
  lif__lane_start (&m->l, &b->engine);
  m->l.noise.stream = b->engine.stream + (uint32_t)i;
  lif__member_params (b, i, &m->p);
  lif__member_coef (b, i, &m->c);
  m->sink.bl = bl;
  m->sink.index = i;
  m->l.p = &m->p;
  m->l.s = s;
  m->l.step = &m->c;
  m->l.emit = lif__block_push_spike;
  m->l.sink = &m->sink;
}

/* A lane for the stepper's precise-spike loop under a constant drive,
 * started once for the spikes of block bl (lif__member_spike_lane_load
 * readies it for each). The loop reads of a member only tau, V_th,
 * V_reset, t_ref and g: the rest of its parameters and coefficients stay
 * NaN. At one spike per few hundred steps, gathering the other arrays'
 * cache lines, or a whole lane, cost more than the loop. */
static inline void
lif__member_spike_lane_start (const lif_batch *b, lif__block *bl,
                              lif__member_lane *m)
{
  int j;
  lif__lane_start (&m->l, &b->engine);
  m->p.R = m->p.C = m->p.E_L = m->p.V_0 = m->p.I_bias = NAN;
  m->c.noise = NAN;
  for (j = 0; j < LIF__MAX_NODES; j++)
    m->c.avg[j] = NAN;
  m->c.ou.decay = m->c.ou.feed = m->c.ou.l11 = m->c.ou.l21 = m->c.ou.l22 = NAN;
  m->sink.bl = bl;
  m->l.p = &m->p;
  m->l.step = &m->c;
  m->l.emit = lif__block_push_spike;
  m->l.sink = &m->sink;
}

/* Readies the spike lane m for member i, with state s. */
static inline void
lif__member_spike_lane_load (const lif_batch *b, size_t i, lif__state *s,
                             lif__member_lane *m)
{
  m->l.noise.stream = b->engine.stream + (uint32_t)i;
  m->p.tau = b->param.tau[i];
  m->p.V_th = b->param.V_th[i];
  m->p.V_reset = b->param.V_reset[i];
  m->p.t_ref = b->param.t_ref[i];
  m->c.g = b->coef.g[i];
  m->sink.index = i;
  m->l.s = s;
}

/* Member i's step k, [a, end] of length h, with its own current x, through
 * its lane; *s receives the state after it. Spikes go to block bl's list;
 * on failure the ones of this step are taken back. */
static inline int
lif__member_step (const lif_batch *b, size_t i, int64_t k, double a,
                  double end, double h, int whole, double x, lif__block *bl,
                  lif__state *s)
{
  lif__member_lane m;
  size_t mark = bl->spikes.count;
  double stop;
  int rc;
  lif__member_state (b, i, k, s);
  lif__member_lane_start (b, i, bl, s, &m);
  m.l.extra = x;
  rc = lif__lane_step (&m.l, k, a, end, h, whole, &stop);
  if (rc != LIF_OK)
    {
      /* Take back the step's spikes, and their counts. */
      bl->at[k - bl->first_step] -= bl->spikes.count - mark;
      bl->spikes.count = mark;
    }
  return rc;
}

/* Stores member i's state after a whole step. */
static inline void
lif__member_commit (lif_batch *b, size_t i, const lif__state *s)
{
  b->V[i] = s->V;
  b->ref_end[i] = s->ref_end;
  if (b->engine.timing == LIF_TIMING_GRID)
    b->held_until[i] = (double)s->held_until;
  b->ou[i] = s->ou;
}

/* Member i's refractory period from step k on: in precise timing, the whole
 * steps it holds (grid timing keeps held_until[i] itself); returns whether
 * the period then ends inside a step, which must go through the lane. */
static inline int
lif__member_hold (lif_batch *b, size_t i, int64_t k)
{
  lif__state s;
  int64_t held;
  int inside;
  if (b->engine.timing == LIF_TIMING_GRID)
    return 0;
  s.ref_end = b->ref_end[i];
  if (!lif__held_at (&s, b->engine.timing, &b->engine.clock, k))
    {
      b->held_until[i] = -INFINITY; /* the common case, inline */
      return 0;
    }
  held = lif__held_whole_steps (&s, b->engine.timing, &b->engine.clock, k,
                                LIF__MAX_STEPS - k, &inside);
  b->held_until[i] = held > 0 || inside ? (double)(k + held) : -INFINITY;
  return inside;
}

/* Sets member i up for single steps from step k on: the threshold to test,
 * or -infinity to send the step that ends its refractory period to the
 * lane. */
static inline void
lif__member_arm_step (lif_batch *b, size_t i, int64_t k)
{
  b->step_threshold[i]
      = lif__member_hold (b, i, k) ? -INFINITY : b->param.V_th[i];
}

/* Sets member i's drive for a constant stretch under input current I, as a
 * lone neuron's stretch computes it; a drive that is not finite sends every
 * step of the member to the lane, which reports it. */
static inline void
lif__member_set_drive (lif_batch *b, size_t i, double I)
{
  double u = lif__drive (b->param.E_L[i], b->param.R[i], b->param.I_bias[i],
                         I + 0.0);
  if (!isfinite (u))
    {
      b->drive[i] = 0.0;
      b->threshold_deviation[i] = -INFINITY;
      return;
    }
  b->drive[i] = u;
  b->threshold_deviation[i] = lif__threshold_deviation (u, b->param.V_th[i]);
}

/* Sets member i up for the constant-stretch kernel from step k on, as a
 * lone neuron's stretch starts: D = V - u, the same guard against values
 * too large to trust, the refractory hold, and the step k from which V is
 * u + D. */
static inline void
lif__member_arm_stretch (lif_batch *b, size_t i, int64_t k)
{
  int forced = lif__member_hold (b, i, k);
  double d = b->V[i] - b->drive[i];
  if (!(fabs (b->drive[i]) + fabs (d) < DBL_MAX / 2.0))
    forced = 1;
  b->deviation[i] = forced ? 0.0 : d;
  b->deviation_limit[i] = forced ? -INFINITY : b->threshold_deviation[i];
  b->armed_at[i] = (double)k;
}

/* Member i's V at the start of step k of a constant stretch: u + D once it
 * has taken a plain step since it was armed, the stored V before. */
static inline double
lif__member_stretch_V (const lif_batch *b, size_t i, int64_t k)
{
  if (b->held_until[i] < (double)k && b->armed_at[i] < (double)k)
    return b->drive[i] + b->deviation[i];
  return b->V[i];
}

/* The plain grid step that reached the threshold, in line: what the lane's
 * grid step does for a whole step with no breakpoint and no refractory
 * period, with the same arithmetic (v1 = u + g (V - u) from V, not from the
 * carried D, as a lone neuron's general step), for a fraction of its cost.
 * *s receives the state after the step. */
static inline int
lif__member_grid_crossing (const lif_batch *b, size_t i, int64_t k, double v1,
                           lif__block *bl, lif__state *s)
{
  s->V = v1;
  s->ref_end = b->ref_end[i];
  s->held_until = 0;
  s->ou = b->ou[i]; /* 0: a constant drive has no current to move */
  /* The parameter arrays a spike needs, not a whole lif__params: at one
   * spike per few hundred steps, the other arrays' cache lines cost more
   * than the arithmetic. */
  if (lif__reaches (v1, b->param.V_th[i]))
    {
      double end = lif__clock_at (&b->engine.clock, k + 1);
      lif__member_sink sink;
      int rc;
      sink.bl = bl;
      sink.index = i;
      if ((rc = lif__block_push_spike (&sink, k, end)) != LIF_OK)
        return rc;
      lif__reset (b->param.V_reset[i], b->param.t_ref[i], end,
                  k + 1 + (int64_t)b->held_steps[i], s);
    }
  return LIF_OK;
}

/* Whether member i's reported step is a plain grid step, which
 * lif__member_grid_crossing may take: grid timing, not sent to its lane on
 * purpose (the threshold to test is not -infinity), and a drive u and
 * V - u the kernel could trust. */
static inline int
lif__member_plain_grid_step (const lif_batch *b, size_t i, double u,
                             double threshold)
{
  return b->engine.timing == LIF_TIMING_GRID && threshold > -INFINITY
         && isfinite (u) && fabs (u) + fabs (b->V[i] - u) < DBL_MAX / 2.0;
}

/* Member i's precise spike in step k of a constant stretch, with the steps
 * its refractory period holds and the one where it ends, at most cap steps:
 * the stepper's own loop, as a lone neuron's stretch takes it, through the
 * block's spike lane m (lif__member_spike_lane_start). Returns the
 * steps taken, and 0 when the step is for the lane (a member sent there on
 * purpose, values too large to trust, more than one crossing); *rc receives
 * any error. */
static inline int64_t
lif__member_precise_spike (lif_batch *b, lif__member_lane *m, size_t i,
                           int64_t k, int64_t cap, int *rc)
{
  const double u = b->drive[i];
  lif__state s;
  int64_t taken;
  *rc = LIF_OK;
  if (b->engine.timing != LIF_TIMING_PRECISE
      || !(b->deviation_limit[i] > -INFINITY)
      || !(fabs (u) + fabs (b->V[i] - u) < DBL_MAX / 2.0))
    return 0;
  s.V = b->V[i];
  s.ref_end = b->ref_end[i];
  s.held_until = 0;
  s.ou = b->ou[i];
  lif__member_spike_lane_load (b, i, &s, m);
  taken = m->l.st->precise_spike (&m->l, k, u, cap, rc);
  if (taken > 0)
    {
      b->V[i] = s.V;
      b->ref_end[i] = s.ref_end;
      /* Held through the steps taken, and further while the refractory
       * period lasts. */
      lif__member_arm_stretch (b, i, k + taken);
      if (!(b->held_until[i] >= (double)(k + taken)))
        b->held_until[i] = (double)(k + taken);
    }
  return taken;
}

#endif /* LIF_BATCH_MEMBER_H */
