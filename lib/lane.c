/*
 * The general step of one lane: a step split at input breakpoints and at the
 * end of a refractory period, with spikes found (at the step's end on the
 * grid, located inside it in precise timing), reset and recorded.
 */
#include "lane.h"

#include "crossing.h"
#include "input.h"

void
lif__lane_start (lif__lane *l, const lif__engine *e)
{
  l->p = NULL;
  l->s = NULL;
  l->st = lif__stepper_get (e->stepper);
  l->step = NULL;
  l->clock = &e->clock;
  l->dt = e->clock.dt;
  l->timing = e->timing;
  l->spike_limit = e->spike_limit;
  l->input = e->input;
  lif__noise_stream_init (&l->noise, e->seed, e->stream, e->input);
  l->extra = 0.0;
  l->known = 0;
  l->u = 0.0;
  l->emit = NULL;
  l->sink = NULL;
  l->observe = NULL;
  l->observer = NULL;
}

/* u = E_L + R ((current + extra) + I_bias) for the lane's current at some
 * time or over some segment: LIF_EINPUT when that current is not finite,
 * LIF_EDIVERGED when u is not. */
static int
drive_of (const lif__lane *l, double current, double *u)
{
  double value;
  if (!isfinite (current))
    return LIF_EINPUT;
  value = lif__params_drive (l->p, current + l->extra);
  if (!isfinite (value))
    return LIF_EDIVERGED;
  *u = value;
  return LIF_OK;
}

int
lif__lane_drive (const lif__lane *l, double t, int side, double *u)
{
  if (l->known)
    {
      *u = l->u;
      return LIF_OK;
    }
  return drive_of (l, l->input ? lif__input_value (l->input, t, side) : 0.0,
                   u);
}

int
lif__lane_mean_drive (const lif__lane *l, double a, double b, double h,
                      double *u)
{
  return drive_of (l, lif__input_exp_mean (l->input, a, b, h, l->p->tau), u);
}

/* lif__lane_mean_drive for the segment [a, b] of step k: for the whole
 * step, the mean every path takes for it (lif__input_step_mean). */
static int
step_mean_drive (const lif__lane *l, int64_t k, double a, double b, double h,
                 double *u)
{
  if (h == l->dt && a == lif__clock_at (l->clock, k)
      && b == lif__clock_at (l->clock, k + 1))
    {
      lif__mean_plan plan;
      lif__step_walk walk;
      walk.k = -1;
      lif__mean_plan_init (&plan, l->input, h, l->p->tau);
      return drive_of (
          l, lif__input_step_mean (l->input, &plan, &walk, l->clock->t0, k),
          u);
    }
  return lif__lane_mean_drive (l, a, b, h, u);
}

int
lif__lane_piecewise_constant (const lif__lane *l)
{
  return l->known || lif__input_piecewise_constant (l->input);
}

double
lif__lane_next_breakpoint (const lif__lane *l, double t)
{
  if (l->known || !l->input)
    return INFINITY;
  return lif__input_next_breakpoint (l->input, t);
}

/* ---- one segment ------------------------------------------------------ */

/* A stepper node's time in the segment [a, b] of length h. Node 0 is read
 * just after a, node 1 just before b, so a jump at either end is never seen
 * from inside the wrong segment. */
static double
node_time (double a, double b, double h, double node)
{
  return node == 0.0 ? a : node == 1.0 ? b : a + node * h;
}

static int
node_side (double node)
{
  return node == 1.0 ? LIF__LEFT : LIF__RIGHT;
}

/* ---- white noise ------------------------------------------------------ */

/* The key of the segment of step k that starts at pos: each segment of a
 * step draws its own numbers (lif__noise_at). */
static uint32_t
segment_at (const lif__lane *l, int64_t k, double pos)
{
  return lif__noise_at (pos, lif__clock_at (l->clock, k), l->dt);
}

/* The white noise V gains over the segment of step k that starts at pos,
 * with coefficients c (lif__noise_kick), for a noisy lane. */
static double
segment_kick (const lif__lane *l, const lif__coef *c, int64_t k, double pos)
{
  return lif__noise_kick (
      c->noise, lif__noise_strength (l->p->R, l->p->tau),
      lif__noise_step (&l->noise, l->input, k, segment_at (l, k, pos)));
}

/* The bridge V follows inside the segment, from v0 to v1 (noise.h), with
 * the variance of its kick. */
static void
segment_bridge (const lif__lane *l, const lif__coef *c, double v0, double v1,
                lif__bridge *br)
{
  const double spread = c->noise * lif__noise_strength (l->p->R, l->p->tau);
  br->v0 = v0;
  br->v1 = v1;
  br->var = spread * spread * lif__noise_variance (l->input);
  br->decay = lif__stepper_bridge_decay (l->st, c->g);
}

/* An Ornstein-Uhlenbeck current over the segment of step k that starts at
 * pos, with coefficients c: its two draws, and eta after it from eta0. */
static double
segment_ou (const lif__lane *l, const lif__coef *c, int64_t k, double pos,
            double eta0, double *z1, double *z2)
{
  lif__noise_ou (&l->noise, l->input, k, segment_at (l, k, pos), z1, z2);
  return lif__ou_relax (eta0, &c->ou, *z1);
}

/* While a refractory period holds V over the segment of step k that starts
 * at pos (coefficients c), an Ornstein-Uhlenbeck current still moves: its
 * eta in s goes on (nothing happens without one). */
static void
hold_segment (const lif__lane *l, const lif__coef *c, int64_t k, double pos,
              lif__state *s)
{
  double z1, z2;
  if (lif__input_has_ou (l->input))
    s->ou = segment_ou (l, c, k, pos, s->ou, &z1, &z2);
}

/* Integrates V = v0 (and eta0, an Ornstein-Uhlenbeck current's deviation,
 * when the input has one) over the segment [a, b] of length h, which
 * contains no breakpoint, with coefficients c: V -> ubar + g (v0 - ubar),
 * ubar the weighted average of u at the stepper's nodes (stepper.h says
 * why this form), or the mean of u over the segment for a stepper that
 * integrates the input (input_mean.c), plus the segment's noise for a
 * noisy lane (segment_kick of step k), plus what the current does
 * (model.h: the exact stepper's joint step, the others' samples at their
 * nodes). Fills seg for the crossing search, its u with the current
 * included. */
static inline int
advance_segment (const lif__lane *l, const lif__coef *c, int64_t k, double a,
                 double b, double h, double v0, double eta0, lif__segment *seg)
{
  const int ou = lif__input_has_ou (l->input);
  double z1 = 0.0, z2 = 0.0, kick = 0.0;
  double ubar, v1;
  int j, rc;
  seg->h = h;
  seg->tau = l->p->tau;
  seg->v0 = v0;
  if (l->known)
    {
      ubar = l->u;
      for (j = 0; j < LIF__MAX_NODES; j++)
        seg->u[j] = ubar;
    }
  else if (lif__lane_piecewise_constant (l))
    {
      if ((rc = lif__lane_drive (l, a, LIF__RIGHT, &ubar)) != LIF_OK)
        return rc;
      for (j = 0; j < LIF__MAX_NODES; j++)
        seg->u[j] = ubar;
    }
  else if (l->st->integrates_input)
    {
      if ((rc = step_mean_drive (l, k, a, b, h, &ubar)) != LIF_OK)
        return rc;
      for (j = 0; j < LIF__MAX_NODES; j++)
        seg->u[j] = ubar;
    }
  else
    {
      ubar = 0.0;
      for (j = 0; j < l->st->n_nodes; j++)
        {
          double node = l->st->node[j];
          rc = lif__lane_drive (l, node_time (a, b, h, node), node_side (node),
                                &seg->u[j]);
          if (rc != LIF_OK)
            return rc;
          ubar += c->avg[j] * seg->u[j];
        }
    }
  seg->eta1 = eta0;
  if (ou)
    {
      seg->eta1 = segment_ou (l, c, k, a, eta0, &z1, &z2);
      if (l->st->noise_decays)
        kick = lif__ou_kick (l->p->R, eta0, &c->ou, z1, z2);
      else
        {
          ubar += lif__ou_drive (l->p->R, l->st->node, c->avg, l->st->n_nodes,
                                 eta0, seg->eta1);
          for (j = 0; j < l->st->n_nodes; j++)
            seg->u[j]
                += l->p->R * lif__ou_at (l->st->node[j], eta0, seg->eta1);
        }
    }
  v1 = lif__relax (v0, ubar, c->g);
  if (lif__lane_noisy (l))
    v1 += segment_kick (l, c, k, a);
  if (ou && l->st->noise_decays)
    {
      v1 += kick;
      /* For the crossing: the constant drive of the exponential from v0
       * that adds the current's kick. */
      if (c->g < 1.0)
        seg->u[0] = ubar + kick / (1.0 - c->g);
    }
  if (!isfinite (v1) || !isfinite (seg->eta1))
    return LIF_EDIVERGED;
  seg->v1 = v1;
  return LIF_OK;
}

/* The coefficients for a segment of length len of a step of length h: the
 * cached ones for a whole step, fresh ones otherwise. A segment is never
 * integrated over more than h: where the clock is too coarse to resolve dt
 * (t = 1e17, dt = 1), a difference of clock readings can exceed the step,
 * and a longer step could leave the stepper's stability region. */
static const lif__coef *
segment_coefficients (const lif__lane *l, double len, double h,
                      lif__coef *scratch)
{
  if (len > h)
    len = h;
  if (len == h && h == l->dt)
    return l->step;
  lif__stepper_coefficients (l->st, len * (1.0 / l->p->tau), scratch);
  lif__ou_coefficients (len, l->p->tau, lif__input_ou_tau (l->input),
                        &scratch->ou);
  return scratch;
}

/* Whether V reaches V_th in the segment of step k that starts at pos, of
 * length len, coefficients c, from seg->v0 to seg->v1, and where (*at, from
 * pos): at once when it starts there; for a noisy lane where the bridge
 * between the ends first reaches it, which it may do with both ends below
 * (noise.h); on the exact trajectory, where it first reaches it, which it
 * may also do with both ends below (crossing.h); otherwise where the
 * stepper's own solution does. */
static int
segment_crossing (const lif__lane *l, const lif__coef *c, int64_t k,
                  double pos, double len, const lif__segment *seg, int *budget,
                  double *at)
{
  const lif__params *p = l->p;
  lif__bridge br;
  uint32_t key;
  if (lif__fires (p, seg->v0))
    {
      *at = 0.0;
      return 1;
    }
  if (lif__lane_on_trajectory (l))
    {
      const lif__trajectory tr
          = { l->input, p, l->extra, pos, len, seg->v0, seg->v1, budget };
      return lif__trajectory_crossing (&tr, p->V_th, at);
    }
  if (!lif__lane_noisy (l))
    {
      if (!lif__fires (p, seg->v1))
        return 0;
      *at = l->st->crossing (seg, p->V_th);
      return 1;
    }
  segment_bridge (l, c, seg->v0, seg->v1, &br);
  key = segment_at (l, k, pos);
  if (!lif__fires (p, seg->v1)
      && !lif__bridge_crosses (&l->noise, k, key, &br, p->V_th))
    return 0;
  *at = lif__bridge_first_passage (&l->noise, k, key, &br, p->V_th, len,
                                   p->tau);
  return 1;
}

/* ---- the general step ------------------------------------------------- */

/* Where the clock cannot tell a whole step's ends apart (ulp(t) > dt, so
 * a == b), the step is still dt long: it is integrated as one segment of
 * length h at a ("frozen"), as the plain steps of a stretch are, instead of
 * being skipped. Skipping it left V below the threshold for ever, and let a
 * run go on where the drive was NaN or infinite. */

/* Grid timing: integrate across the step's segments, then test the
 * threshold once, at the end. Nothing is committed before the step is
 * complete, so an error leaves the lane at a. */
static int
grid_step (const lif__lane *l, int64_t k, double a, double b, double h,
           int whole)
{
  lif__state *s = l->s;
  double V = s->V, eta = s->ou, pos = a;
  size_t breaks = 0;
  lif__segment seg;
  lif__coef scratch;
  int rc, frozen = whole && !(b > a);
  if (k < s->held_until)
    {
      hold_segment (l, segment_coefficients (l, h, h, &scratch), k, a, s);
      return LIF_OK;
    }
  while (pos < b || frozen)
    {
      double end = lif__min (b, lif__lane_next_breakpoint (l, pos));
      double len = (pos == a && end == b) ? h : end - pos;
      const lif__coef *c = segment_coefficients (l, len, h, &scratch);
      if (end < b && ++breaks > LIF__MAX_BREAKPOINTS_PER_STEP)
        return LIF_EBREAKPOINTS;
      if ((rc = advance_segment (l, c, k, pos, end, len, V, eta, &seg))
          != LIF_OK)
        return rc;
      V = seg.v1;
      eta = seg.eta1;
      pos = end;
      frozen = 0;
    }
  if (lif__fires (l->p, V))
    {
      if ((rc = l->emit (l->sink, k, b)) != LIF_OK)
        return rc;
      lif__fire (l->p, b, k + 1 + lif__refractory_steps (l->p->t_ref, l->dt),
                 s);
      s->ou = eta;
      return LIF_OK;
    }
  s->V = V;
  s->ou = eta;
  return LIF_OK;
}

/* Precise timing: walk through the step from event to event (end of the
 * refractory period, breakpoint, spike), locating each threshold crossing
 * inside its segment with the stepper's own solution. */
static int
precise_step (const lif__lane *l, int64_t k, double a, double b, double h,
              int whole, double *stop)
{
  const lif__params *p = l->p;
  lif__state s = *l->s;
  double pos = a;
  size_t spikes = 0, breaks = 0;
  /* The crossing search's budget for the whole step (crossing.h). */
  int budget = lif__crossing_budget (l->input, h);
  lif__segment seg;
  lif__coef scratch;
  int rc = LIF_OK, frozen = whole && !(b > a);
  while (pos < b || frozen)
    {
      double end, len, at;
      const lif__coef *c;
      if (lif__refractory_at (s.ref_end, pos))
        {
          /* Held to the period's end, or to the end of the step. */
          const double until = lif__min (s.ref_end, b);
          hold_segment (
              l,
              segment_coefficients (
                  l, (pos == a && until == b) ? h : until - pos, h, &scratch),
              k, pos, &s);
          if (s.ref_end >= b)
            break;
          pos = s.ref_end;
        }
      end = l->known ? b : lif__min (b, lif__lane_next_breakpoint (l, pos));
      len = (pos == a && end == b) ? h : end - pos;
      c = segment_coefficients (l, len, h, &scratch);
      if (end < b && ++breaks > LIF__MAX_BREAKPOINTS_PER_STEP)
        {
          rc = LIF_EBREAKPOINTS;
          break;
        }
      if ((rc = advance_segment (l, c, k, pos, end, len, s.V, s.ou, &seg))
          != LIF_OK)
        break;
      if (segment_crossing (l, c, k, pos, len, &seg, &budget, &at))
        {
          double t_spike = lif__min (pos + at, end);
          if (++spikes > l->spike_limit)
            {
              rc = LIF_ESPIKELIMIT;
              break;
            }
          if ((rc = l->emit (l->sink, k, t_spike)) != LIF_OK)
            break;
          lif__fire (p, t_spike, 0, &s);
          /* eta at the spike, on the straight line between the segment's
           * ends: what the rest of the step starts from. */
          s.ou
              += (len > 0.0 ? (t_spike - pos) / len : 1.0) * (seg.eta1 - s.ou);
          pos = t_spike;
          frozen = 0;
          continue;
        }
      s.V = seg.v1;
      s.ou = seg.eta1;
      pos = end;
      frozen = 0;
    }
  *l->s = s;
  *stop = pos;
  return rc;
}

int
lif__lane_step (const lif__lane *l, int64_t k, double a, double b, double h,
                int whole, double *stop)
{
  *stop = a;
  if (l->timing == LIF_TIMING_GRID)
    return grid_step (l, k, a, b, h, whole);
  return precise_step (l, k, a, b, h, whole, stop);
}

void
lif__lane_hold_steps (const lif__lane *l, int64_t k, int64_t n)
{
  int64_t i;
  if (!lif__input_has_ou (l->input))
    return;
  for (i = 0; i < n; i++)
    hold_segment (l, l->step, k + i, lif__clock_at (l->clock, k + i), l->s);
}

int64_t
lif__held_whole_steps (const lif__state *s, int timing, const lif__clock *c,
                       int64_t k, int64_t cap, int *inside)
{
  int64_t held;
  *inside = 0;
  if (!lif__held_at (s, timing, c, k))
    return 0;
  if (timing == LIF_TIMING_GRID)
    return s->held_until - k < cap ? s->held_until - k : cap;
  held = lif__clock_steps_until (c, k, s->ref_end, cap);
  *inside = lif__refractory_at (s->ref_end, lif__clock_at (c, k + held));
  return held;
}
