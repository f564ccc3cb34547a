/*
 * The fast loops a stepper brings, as templates: each stepper file includes
 * this header and instantiates them with its own inline formulas (its
 * factor g(x), its crossing under a constant drive, the nodes it samples),
 * so that the drivers call one function through the descriptor per stretch
 * or per spike and the stepper's arithmetic is inlined in its own copy.
 * Every loop computes what the lane's general step (lane.c) would compute,
 * with the same operations on the same values, so the same bits: tests
 * paths_agree (tests/test_run.c) and members_are_neurons (tests/test_batch.c)
 * hold them to it.
 */
#ifndef LIF_STEPPER_LOOPS_H
#define LIF_STEPPER_LOOPS_H

#include "crossing.h"
#include "input.h"
#include "internal.h"
#include "lane.h"
#include "model.h"

/* A stepper's factor g for a step of x = h / tau. */
typedef double (*lif__g_formula) (double x);

/* Where a whole step of length h from v0 to v1 under the constant drive u
 * reaches v_th (v0 < v_th <= v1), as a time in (0, h]. */
typedef double (*lif__constant_crossing_formula) (double h, double tau,
                                                  double v0, double u,
                                                  double v1, double v_th);

/* ---- precise spikes under a constant drive ---------------------------- */

/* V at b at the end of a step [a, b] in which V was held at V_reset until
 * `from`, integrated from there as the lane's general step integrates it
 * (the factor g of segment_coefficients in lane.c). Returns 0 when that
 * reaches the threshold or leaves the finite numbers: such a step is the
 * lane's. */
static inline LIF__ALWAYS_INLINE int
lif__rest_of_step (const lif__lane *l, lif__g_formula g_of, double u, double a,
                   double b, double from, double *v)
{
  const double h = l->dt, len = from == a ? h : lif__min (b - from, h);
  const double x = len * (1.0 / l->p->tau);
  const double g = len != h ? g_of (x) : l->step->g;
  const double end = lif__relax (l->p->V_reset, u, g);
  *v = end;
  return !lif__fires (l->p, end) && end > -INFINITY;
}

/* The whole steps from step k on that a refractory period ending at ref_end
 * holds, at most cap: lif__clock_steps_until, started from t_ref / dt, a
 * division that does not wait for the spike time. While the clock resolves
 * dt the count is within a step of it, so a step or two settles it; where
 * four do not (a clock too coarse for dt), the clock counts. */
static inline int64_t
lif__held_steps (const lif__lane *l, int64_t k, double ref_end, int64_t cap)
{
  const double estimate = l->p->t_ref / l->dt;
  const int64_t j = lif__clock_settle (
      l->clock, k, ref_end, cap,
      estimate < (double)cap ? (int64_t)estimate : cap, 4);
  return j >= 0 ? j : lif__clock_steps_until (l->clock, k, ref_end, cap);
}

/* The step k of a constant stretch under the drive u that reaches the
 * threshold, the whole steps its refractory period holds, and the step in
 * which the period ends, at most cap steps in all, for a lane in precise
 * timing whose state l->s is that at step k. Each is computed as the lane's
 * general step computes it, without its general bookkeeping, which cost more
 * than all the plain steps between spikes when they came once per hundred
 * steps. A step with more inside it (a second crossing, a clock too coarse
 * for dt) is left to the lane: the loop stops before it. Returns the steps
 * taken (l->s is then the state at step k + taken); *status receives any
 * error of emitting the spike, with nothing changed. */
static inline LIF__ALWAYS_INLINE int64_t
lif__precise_spike_loop (const lif__lane *l, int64_t k, double u, int64_t cap,
                         int *status, lif__g_formula g_of,
                         lif__constant_crossing_formula crossing)
{
  const lif__params *p = l->p;
  lif__state *s = l->s;
  const double v0 = s->V, v1 = lif__relax (v0, u, l->step->g);
  double a = lif__clock_at (l->clock, k);
  double b = lif__clock_at (l->clock, k + 1);
  double t_spike, ref_end, v;
  int64_t taken;
  *status = LIF_OK;
  if (!(b > a) || lif__fires (p, v0) || l->spike_limit == 0
      || !(lif__fires (p, v1) && v1 < INFINITY))
    return 0;
  t_spike = lif__min (a + crossing (l->dt, p->tau, v0, u, v1, p->V_th), b);
  ref_end = t_spike + p->t_ref;
  if (ref_end < b)
    {
      /* The period ends inside the spike's own step. */
      if (!lif__rest_of_step (l, g_of, u, a, b, ref_end, &v))
        return 0;
      if ((*status = l->emit (l->sink, k, t_spike)) != LIF_OK)
        return 0;
      lif__fire (p, t_spike, 0, s);
      s->V = v;
      return 1;
    }
  if ((*status = l->emit (l->sink, k, t_spike)) != LIF_OK)
    return 0;
  lif__fire (p, t_spike, 0, s);
  /* As in a run's loop, a period that ends where the next step starts
   * holds no step: on a clock too coarse for dt the steps after it can end
   * at that same reading, and counting them would hold them too. */
  if (!lif__refractory_at (ref_end, lif__clock_at (l->clock, k + 1)))
    return 1;
  taken = 1 + lif__held_steps (l, k + 1, ref_end, cap - 1);
  if (taken == cap
      || !lif__refractory_at (ref_end, lif__clock_at (l->clock, k + taken)))
    return taken;
  a = lif__clock_at (l->clock, k + taken);
  b = lif__clock_at (l->clock, k + taken + 1);
  if (!(b > a) || !lif__rest_of_step (l, g_of, u, a, b, ref_end, &v))
    return taken;
  s->V = v;
  return taken + 1;
}

/* ---- plain steps under a varying drive -------------------------------- */

/* Where a stepper samples the drive in a step: at its start (Euler), both
 * ends (Heun), or start, middle and end (RK4); or whether it takes the
 * input's mean over the step under the membrane's weight
 * (lif__input_exp_mean; the exact stepper, which samples a callback in
 * the middle). */
enum lif__nodes
{
  LIF__NODES_START,
  LIF__NODES_ENDS,
  LIF__NODES_ENDS_AND_MIDDLE,
  LIF__NODES_EXP_MEAN
};

/* The greatest drive over [a, b], which holds no breakpoint, from the
 * input's exact range (input_range.c), with the parameters p. */
static inline double
lif__drive_max (const lif__params *p, const lif_input *in, double a, double b)
{
  double lo, hi;
  lif__input_range (in, a, b, &lo, &hi);
  return lif__drive (p->E_L, p->R, p->I_bias, hi + 0.0);
}

/* Whether lif__walked_loop takes a lane's plain steps under a varying
 * drive, for a stepper with this node pattern: the exact stepper (its one
 * weight 1) under a lone sine or decay, without noise. */
static inline int
lif__walks_alone (const lif__lane *l, enum lif__nodes nodes)
{
  const int kind = l->input ? l->input->kind : -1;
  return nodes == LIF__NODES_EXP_MEAN && !lif__lane_noisy (l)
         && (kind == LIF__INPUT_SINE || kind == LIF__INPUT_EXP_DECAY)
         && l->step->avg[0] == 1.0;
}

/* lif__varying_loop for the exact stepper under a lone sine or
 * exponential decay without noise: the whole steps of a stretch, each with
 * the input's mean over it walked in registers (lif__input_step_mean's
 * walk, its state kept in st between steps), and the certificate that V
 * stays below the threshold inside each step tested as that loop tests it.
 * The same operations on the same values, so the same bits: the general
 * loop carries flags for noise, nodes and constant means that cost more
 * than the step itself. Returns the steps taken (and leaves l->s->V) as
 * lif__varying_loop does. kind (the input's) and observing (whether
 * l->observe is set) are constants in each instance: a loop with no call
 * on its common path keeps its values in registers, which a call would
 * have it save, and a decay's loop carries no sine's arithmetic. */
static inline LIF__ALWAYS_INLINE int64_t
lif__walked_kind_loop (const lif__lane *l, int64_t k, int64_t steps,
                       const int kind, const int observing)
{
  const lif_input *in = l->input;
  const lif__params p = *l->p; /* a copy that callbacks cannot change */
  const double t0 = l->clock->t0, dt = l->dt, g = l->step->g;
  const double e_l = p.E_L, r = p.R, bias = p.I_bias, v_th = p.V_th;
  const int certify = lif__lane_on_trajectory (l);
  const lif__observer observe = l->observe;
  const double rise = -expm1 (-dt / p.tau);
  /* The walk's state, in registers between steps. */
  double V = l->s->V, u_max = INFINITY, st[2] = { 0.0, 0.0 };
  double v_safe = INFINITY;
  int64_t to_anchor = 0; /* steps until st is taken afresh */
  lif__mean_plan plan;
  lif__step_walk walk;
  int64_t i;
  lif__mean_plan_init (&plan, in, dt, p.tau);
  walk.k = -1;
  if (certify && steps > 0)
    {
      u_max = lif__drive_max (&p, in, t0 + (double)k * dt,
                              t0 + (double)(k + steps) * dt);
      /* The stretch's lif__step_clears solved for V,
       * less a margin far above its rounding: below v_safe the test holds,
       * so the loop compares V alone; at or above it, the test decides. */
      v_safe = lif__min ((v_th - rise * u_max) / (1.0 - rise), v_th);
      v_safe -= 1e-9 * (fabs (v_th) + fabs (u_max));
    }
  for (i = 0; i < steps; i++)
    {
      const int64_t j = k + i;
      double mean, v1;
      if (!(V < v_safe) && certify && !lif__step_clears (V, rise, u_max, v_th)
          && !lif__step_clears (V, rise,
                                lif__drive_max (&p, in, t0 + (double)j * dt,
                                                t0 + (double)(j + 1) * dt),
                                v_th))
        break;
      /* The state at step j: afresh at an anchor or on entry, else the
       * last one turned once. */
      if (to_anchor == 0)
        {
          /* Through a copy: st's address is never taken, so st can stay
           * in registers. */
          double fresh[2];
          to_anchor = lif__walk_state_at (in, plan.step[0], t0, dt, j, fresh);
          st[0] = fresh[0];
          st[1] = fresh[1];
        }
      else
        lif__walk_advance (kind, plan.step[0], st);
      to_anchor--;
      if (lif__walked (kind, st))
        mean = lif__walked_mean (in, kind, plan.f[0], st);
      else
        mean = lif__input_step_mean (in, &plan, &walk, t0, j);
      /* The exact stepper's one weight is 1 (0.0 + 1.0 d is 0.0 + d). */
      v1 = lif__relax (V, 0.0 + lif__drive (e_l, r, bias, mean + 0.0), g);
      if (lif__fires (&p, v1) || !(v1 > -INFINITY))
        break;
      V = v1;
      if (observing)
        observe (l->observer, t0 + (double)(j + 1) * dt, V);
    }
  l->s->V = V;
  return i;
}

/* lif__walked_kind_loop, in an instance of its own for each kind when no
 * observer is set. */
static inline int64_t
lif__walked_loop (const lif__lane *l, int64_t k, int64_t steps)
{
  if (l->observe)
    return lif__walked_kind_loop (l, k, steps, l->input->kind, 1);
  return l->input->kind == LIF__INPUT_SINE
             ? lif__walked_kind_loop (l, k, steps, LIF__INPUT_SINE, 0)
             : lif__walked_kind_loop (l, k, steps, LIF__INPUT_EXP_DECAY, 0);
}

/* Up to `steps` plain whole steps from step k under a current that varies,
 * for one node pattern (a constant in each instance). The input is sampled
 * at the nodes, the sample at a step's end reused for the start of the next
 * (no breakpoint lies between them), and averaged in the lane's order, so
 * that every step gives the bits the lane's general step would. A sample
 * that is not finite, or a step that would reach the threshold, ends the
 * loop before that step; the general step then takes it again and reports
 * any error exactly. Calls l->observe after each step when it is set.
 * Returns the steps taken; l->s->V is V after them. */
static inline LIF__ALWAYS_INLINE int64_t
lif__varying_loop (const lif__lane *l, int64_t k, int64_t steps,
                   const enum lif__nodes nodes, const int ou)
{
  const lif_input *in = l->input;
  const lif__params p = *l->p; /* a copy that callbacks cannot change */
  const double t0 = l->clock->t0, dt = l->dt, g = l->step->g;
  const double e_l = p.E_L, r = p.R, bias = p.I_bias;
  const double w0 = l->step->avg[0], w1 = l->step->avg[1];
  const double w2 = l->step->avg[2];
  double V = l->s->V, u_end = 0.0;
  /* White noise: each step adds lif__noise_kick of its draw. */
  const int noisy = lif__lane_noisy (l);
  const double q = l->step->noise;
  const double strength = lif__noise_strength (p.R, p.tau);
  /* Precise timing also tests each step's path for a crossing inside it,
   * with the variance of its noise (segment_variance in lane.c). */
  const int bridges = noisy && l->timing == LIF_TIMING_PRECISE;
  const double spread = q * strength;
  lif__bridge br;
  br.var = bridges ? spread * spread * lif__noise_variance (in) : 0.0;
  br.decay = lif__stepper_bridge_decay (l->st, g);
  /* The draws of the step pair last drawn (noise.h): one output serves
   * two steps. */
  double pair_z[2] = { 0.0, 0.0 };
  int64_t pair = -1;
  /* An Ornstein-Uhlenbeck current (ou, a constant in each instance, so
   * that the loop without one is the loop it was): eta moves every step,
   * with V (the exact stepper) or as a current sampled at the nodes (the
   * others), as advance_segment in lane.c moves it. */
  const int ou_joint = l->st->noise_decays;
  const lif__ou_coef *oc = &l->step->ou;
  double eta = l->s->ou;
  /* Noise on a mean that is constant between breakpoints (noise alone, or
   * with constants and pulses): every step of the stretch averages the
   * same drive, so it is averaged once, with the same operations. */
  const int constant_mean = (noisy || ou) && in->mean_piecewise_constant;
  double ubar_once = 0.0;
  int have_ubar = 0;
  int have_end = 0;
  /* Precise timing on the exact trajectory (lif__lane_on_trajectory): a
   * step in which V might reach the threshold, even with both ends below,
   * is the lane's, which searches it (crossing.c). The bound comes from
   * the drive's greatest value over the whole stretch, which holds no
   * breakpoint, and where that cannot clear a step, over the step. */
  const int certify
      = nodes == LIF__NODES_EXP_MEAN && lif__lane_on_trajectory (l);
  /* The exact stepper's mean over a whole step: its factors once, the
   * rest walked from step to step (lif__input_step_mean). */
  lif__mean_plan plan;
  lif__step_walk walk;
  walk.k = -1;
  if (nodes == LIF__NODES_EXP_MEAN && in->kind != LIF__INPUT_CALLBACK)
    lif__mean_plan_init (&plan, in, dt, p.tau);
  const double rise = -expm1 (-dt / p.tau);
  double u_max = INFINITY;
  int64_t i;
  if (certify && steps > 0)
    u_max = lif__drive_max (&p, in, t0 + (double)k * dt,
                            t0 + (double)(k + steps) * dt);
#define DRIVE(t, side)                                                        \
  lif__drive (e_l, r, bias, lif__input_sample (in, (t), (side)) + 0.0)
  for (i = 0; i < steps; i++)
    {
      const double a = t0 + (double)(k + i) * dt;
      const double b = t0 + (double)(k + i + 1) * dt;
      double ubar = 0.0, us, um, v1, eta1 = eta, z1 = 0.0, z2 = 0.0;
      if (certify && !lif__step_clears (V, rise, u_max, p.V_th)
          && !lif__step_clears (V, rise, lif__drive_max (&p, in, a, b),
                                p.V_th))
        break;
      if (have_ubar)
        ubar = ubar_once;
      else
        {
          switch (nodes)
            {
            case LIF__NODES_START:
              ubar += w0 * DRIVE (a, LIF__RIGHT);
              break;
            case LIF__NODES_EXP_MEAN:
              if (in->kind == LIF__INPUT_CALLBACK)
                ubar += w0 * DRIVE (a + 0.5 * dt, LIF__RIGHT);
              else
                ubar += w0
                        * lif__drive (
                            e_l, r, bias,
                            lif__input_step_mean (in, &plan, &walk, t0, k + i)
                                + 0.0);
              break;
            case LIF__NODES_ENDS:
              us = have_end ? u_end : DRIVE (a, LIF__RIGHT);
              u_end = DRIVE (b, LIF__LEFT);
              ubar += w0 * us;
              ubar += w1 * u_end;
              break;
            case LIF__NODES_ENDS_AND_MIDDLE:
              us = have_end ? u_end : DRIVE (a, LIF__RIGHT);
              um = DRIVE (a + 0.5 * dt, LIF__RIGHT);
              u_end = DRIVE (b, LIF__LEFT);
              ubar += w0 * us;
              ubar += w1 * um;
              ubar += w2 * u_end;
              break;
            }
          ubar_once = ubar;
          have_ubar = constant_mean;
        }
      if (ou)
        {
          lif__noise_ou (&l->noise, in, k + i, 0, &z1, &z2);
          eta1 = lif__ou_relax (eta, oc, z1);
          if (!ou_joint)
            ubar += lif__ou_drive (r, l->st->node, l->step->avg,
                                   l->st->n_nodes, eta, eta1);
        }
      v1 = lif__relax (V, ubar, g);
      if (noisy)
        {
          if ((k + i) >> 1 != pair)
            {
              pair = (k + i) >> 1;
              lif__noise_step_pair (&l->noise, in, k + i, pair_z);
            }
          v1 += lif__noise_kick (q, strength, pair_z[(k + i) & 1]);
        }
      if (ou && ou_joint)
        v1 += lif__ou_kick (r, eta, oc, z1, z2);
      /* v1 is not finite when a sample or a drive is not: stop here. */
      if (lif__fires (&p, v1) || !(v1 > -INFINITY) || !isfinite (eta1))
        break;
      br.v0 = V;
      br.v1 = v1;
      if (bridges && lif__bridge_crosses (&l->noise, k + i, 0, &br, p.V_th))
        break;
      V = v1;
      eta = eta1;
      have_end = 1;
      if (l->observe)
        l->observe (l->observer, b, V);
    }
#undef DRIVE
  l->s->V = V;
  l->s->ou = eta;
  return i;
}

/* Defines the descriptor functions precise_spike and varying_steps of a
 * stepper `name` from its formulas name_g and name_constant_crossing and its
 * node pattern. */
#define LIF__STEPPER_LOOPS(name, nodes)                                       \
  static int64_t name##_precise_spike (const lif__lane *l, int64_t k,         \
                                       double u, int64_t cap, int *status)    \
  {                                                                           \
    return lif__precise_spike_loop (l, k, u, cap, status, name##_g,           \
                                    name##_constant_crossing);                \
  }                                                                           \
  static int64_t name##_varying_steps (const lif__lane *l, int64_t k,         \
                                       int64_t steps)                         \
  {                                                                           \
    if (lif__walks_alone (l, nodes))                                          \
      return lif__walked_loop (l, k, steps);                                  \
    return lif__input_has_ou (l->input)                                       \
               ? lif__varying_loop (l, k, steps, nodes, 1)                    \
               : lif__varying_loop (l, k, steps, nodes, 0);                   \
  }

#endif /* LIF_STEPPER_LOOPS_H */
