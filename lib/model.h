/*
 * The leaky integrate-and-fire model, written once:
 *
 *   tau dV/dt = u(t) - V,    u(t) = E_L + R (I(t) + I_bias)      (drive)
 *   V(t + h)  = u + g (V(t) - u) over a step of constant u       (relax)
 *   V >= V_th: a spike; V = V_reset, held there for t_ref        (fire)
 *
 * Every piece of liblif that integrates a neuron - the general step of a
 * lane (lane.c), a lone neuron's fast loops (run.c, stepper_loops.h), a
 * batch's kernels (batch_kernel.c, batch_member.h) - computes the drive, the
 * step, the threshold test and the reset through these functions, so that
 * they agree bit for bit by construction, not only by test. (The vector
 * kernel of batch_group.h carries the deviation D = V - u, for which relax
 * is D -> g D; it is the one place that writes that product itself.)
 *
 * The state a run changes is lif__state. A second state variable (a
 * synaptic current, a noise state) is one more field there, one more line in
 * lif__relax's family for its own decay, and one more term in the drive, as
 * the Ornstein-Uhlenbeck current's eta is (ou.h); docs/numerics.md walks
 * through what else it touches.
 */
#ifndef LIF_MODEL_H
#define LIF_MODEL_H

#include "internal.h"
#include "ou.h"
#include "params.h"

/* What changes as a neuron runs, apart from its clock. */
typedef struct lif__state
{
  double V;
  /* When the present refractory period ends (the last spike time plus
   * t_ref), or -infinity when none has started. Precise timing holds V
   * while t < ref_end. */
  double ref_end;
  /* Grid timing holds whole steps: the steps k < held_until of the clock
   * are held (0, or any step passed, when none is). */
  int64_t held_until;
  /* eta: an Ornstein-Uhlenbeck current's deviation from its mean (nA;
   * ou.h), 0 without one. */
  double ou;
} lif__state;

/* u = E_L + R (I + I_bias): the potential V relaxes to under current I.
 * The parameters come one by one so that a batch's kernels, which keep
 * each in an array of its own, call the same function. */
static inline double
lif__drive (double E_L, double R, double I_bias, double current)
{
  return E_L + R * (current + I_bias);
}

/* lif__drive with a neuron's parameters. */
static inline double
lif__params_drive (const lif__params *p, double current)
{
  return lif__drive (p->E_L, p->R, p->I_bias, current);
}

/* V after a step over which the drive is (or averages to) u, from v, for
 * a stepper whose factor for the step is g (stepper.h says why every
 * stepper is this map, and why in this form). */
static inline double
lif__relax (double v, double u, double g)
{
  return u + g * (v - u);
}

/* R / sqrt(tau): the strength s = R sigma / sqrt(tau) of white noise of
 * sigma 1 on V (Siegert's s). */
static inline double
lif__noise_strength (double R, double tau)
{
  return R / sqrt (tau);
}

/* What white noise adds to V over a step: q s z, for a stepper whose noise
 * factor for the step is q (stepper.h), the strength s of
 * lif__noise_strength, and the step's draw z = sum_j sigma_j N_j
 * (noise.h). V after the step is lif__relax (...) plus this. */
static inline double
lif__noise_kick (double q, double strength, double z)
{
  return q * strength * z;
}

/* An Ornstein-Uhlenbeck current's deviation eta after a step with
 * coefficients c (ou.h), from eta0, under its draw z1 = sum_j sigma_j
 * N1_j (noise.h). */
static inline double
lif__ou_relax (double eta0, const lif__ou_coef *c, double z1)
{
  return c->decay * eta0 + c->l11 * z1;
}

/* What the current adds to V over the step, for the exact stepper, whose
 * step moves V and eta together: R (f eta0 + l21 z1 + l22 z2). V after the
 * step is lif__relax (...) under the mean drive plus this. */
static inline double
lif__ou_kick (double R, double eta0, const lif__ou_coef *c, double z1,
              double z2)
{
  return R * (c->feed * eta0 + (c->l21 * z1 + c->l22 * z2));
}

/* eta at a node (a fraction of the step) of a stepper that samples the
 * current: on the straight line between the step's ends. */
static inline double
lif__ou_at (double node, double eta0, double eta1)
{
  return eta0 + node * (eta1 - eta0);
}

/* What the current adds to the average drive ubar of a stepper that
 * samples it at its nodes (weights avg): R sum_j avg_j eta(node_j)
 * (lif__ou_at). */
static inline double
lif__ou_drive (double R, const double *node, const double *avg, int n_nodes,
               double eta0, double eta1)
{
  double sum = 0.0;
  int j;
  for (j = 0; j < n_nodes; j++)
    sum += avg[j] * lif__ou_at (node[j], eta0, eta1);
  return R * sum;
}

/* Whether V has reached the threshold V_th. */
static inline int
lif__reaches (double v, double V_th)
{
  return v >= V_th;
}

/* lif__reaches with a neuron's threshold. */
static inline int
lif__fires (const lif__params *p, double v)
{
  return lif__reaches (v, p->V_th);
}

/* The spike at time t: V goes to V_reset and the refractory period of
 * length t_ref starts, holding the steps before held_until in grid timing
 * (the spike's step + 1 + lif__refractory_steps; 0 for precise timing,
 * which holds until ref_end). */
static inline void
lif__reset (double V_reset, double t_ref, double t, int64_t held_until,
            lif__state *s)
{
  s->V = V_reset;
  s->ref_end = t + t_ref;
  s->held_until = held_until;
}

/* lif__reset with a neuron's parameters. */
static inline void
lif__fire (const lif__params *p, double t, int64_t held_until, lif__state *s)
{
  lif__reset (p->V_reset, p->t_ref, t, held_until, s);
}

/* Whether a refractory period that ends at ref_end still holds V at t. */
static inline int
lif__refractory_at (double ref_end, double t)
{
  return ref_end > t;
}

/* The whole steps a refractory period of this length holds on the grid:
 * t_ref / dt rounded up, with lif__near_integer's tolerance. */
int64_t lif__refractory_steps (double t_ref, double dt);

/* The whole steps grid timing still holds at time t of a period that ends
 * at ref_end: for when the clock or dt changes under a refractory period
 * (held_until is then the present step plus these). */
static inline int64_t
lif__refractory_steps_left (double ref_end, double t, double dt)
{
  return lif__refractory_at (ref_end, t)
             ? lif__refractory_steps (ref_end - t, dt)
             : 0;
}

/* The smallest deviation d with u + d >= v_th in floating point. Rounding
 * is monotone, so d >= the result is then exactly the threshold test
 * lif__fires (u + d), without the addition: what a loop that carries
 * D = V - u tests. */
double lif__threshold_deviation (double u, double v_th);

#endif /* LIF_MODEL_H */
