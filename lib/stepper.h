/*
 * The private side of the steppers. For the LIF equation written as
 *     tau dV/dt = u(t) - V,   u(t) = E_L + R (I(t) + I_bias),
 * which is linear in V, every Runge-Kutta method collapses to an affine map
 *     V(t + h) = g V(t) + sum_j w[j] u(t + node[j] h)
 * whose coefficients depend only on x = h / tau. liblif evaluates it as
 *     V(t + h) = ubar + g (V(t) - ubar),   ubar = sum_j avg[j] u_j,
 * avg[j] = w[j] / sum(w): the same map, but V = u is then an exact fixed
 * point of the rounded arithmetic, and over a constant input the deviation
 * V - u simply shrinks by g each step. (Computing g V + sum w u instead
 * biases the rounding: at dt = 1e-3 tau it shifts every interspike interval
 * of the exact stepper by 4e-11 ms, a hundred times more.)
 *
 * A stepper is therefore a descriptor: its nodes, a function that computes
 * g and w for a given x, its stability limit, and the dense output it uses
 * to place a threshold crossing inside a step.
 */
#ifndef LIF_STEPPER_H
#define LIF_STEPPER_H

#include "internal.h"
#include "ou.h"

#define LIF__MAX_NODES 3

/* The coefficients of one step of length h = x tau, as used: the
 * amplification g, the normalized node weights avg (summing to 1), the
 * factor q by which the step spreads white noise: V gains
 * q (R / sqrt(tau)) sum_j sigma_j N_j (noise.h), and the step of an
 * Ornstein-Uhlenbeck current (all 0 without one; ou.h). */
typedef struct lif__coef
{
  double g;
  double avg[LIF__MAX_NODES];
  double noise;
  lif__ou_coef ou;
} lif__coef;

/* One step, as the crossing search sees it: its length, the membrane time
 * constant, V at both ends and u at the stepper's nodes (u[j] belongs to
 * node[j]; at node 0 it is the value just after the step's start, at node 1
 * the value just before its end). */
typedef struct lif__segment
{
  double h;
  double tau;
  double v0;
  double v1;
  double u[LIF__MAX_NODES];
  double eta1; /* an Ornstein-Uhlenbeck current's eta at the end (ou.h) */
} lif__segment;

struct lif__lane;

typedef struct lif__stepper
{
  const char *name;
  int n_nodes;
  double node[LIF__MAX_NODES];
  /* The step is stable for x = dt / tau strictly below this. */
  double stability_limit;
  /* g and the raw weights w for x; returns the weights' sum, computed on
   * its own so that it stays accurate for tiny x. A stepper with a single
   * node needs no weights (its average is its one sample) and may leave w
   * alone. */
  double (*coef) (double x, double *g, double w[LIF__MAX_NODES]);
  /* The factor q for white noise over a step of x: with the noise taken as
   * the constant current sigma dW / h over the step, as the stepper takes
   * any constant current, q = (1 - g) / sqrt(x) (Euler: sqrt(x), so V
   * gains R sigma dW / tau, Euler-Maruyama); the exact stepper's is the
   * exact standard deviation instead, sqrt((1 - exp(-2x)) / 2). */
  double (*noise) (double x);
  /* Whether V inside a step relaxes as the exact solution does, so that a
   * bridge between its ends is an Ornstein-Uhlenbeck one (noise.h), rather
   * than a straight line plus a Brownian bridge, and an
   * Ornstein-Uhlenbeck current moves with V by their joint exact step
   * (ou.h) rather than as a current the stepper samples at its nodes. */
  int noise_decays;
  /* Whether the stepper takes an input that varies between breakpoints by
   * its mean over the step under the membrane's own weight
   * (lif__input_exp_mean), rather than by samples at its nodes: then V
   * after a step is the exact solution for every built-in input (the
   * exact stepper; a callback is still sampled, at the one node). */
  int integrates_input;
  /* Where V reaches v_th in a segment with v0 < v_th <= v1: a time s in
   * (0, h], from the stepper's own solution over the step. */
  double (*crossing) (const lif__segment *seg, double v_th);
  /* The stepper's own fast loops, from the templates of stepper_loops.h:
   * the steps around a precise spike under the constant drive u from step
   * k, at most cap of them; and up to `steps` plain steps from step k under
   * a drive that varies. Each returns the steps it took. */
  int64_t (*precise_spike) (const struct lif__lane *l, int64_t k, double u,
                            int64_t cap, int *status);
  int64_t (*varying_steps) (const struct lif__lane *l, int64_t k,
                            int64_t steps);
} lif__stepper;

/* The decay of the bridge V follows inside a segment whose coefficients
 * are c (lif__bridge in noise.h): g for a stepper whose noise decays, 1
 * for the others. */
static inline double
lif__stepper_bridge_decay (const lif__stepper *st, double g)
{
  return st->noise_decays ? g : 1.0;
}

/* The coefficients of stepper st for a step of x = h / tau. */
void lif__stepper_coefficients (const lif__stepper *st, double x,
                                lif__coef *c);

/* The descriptor of a lif_stepper value, or NULL for an unknown one. */
const lif__stepper *lif__stepper_get (int stepper);

/* The descriptors, one per file. */
extern const lif__stepper lif__stepper_euler;
extern const lif__stepper lif__stepper_heun;
extern const lif__stepper lif__stepper_rk4;
extern const lif__stepper lif__stepper_exact;

#endif /* LIF_STEPPER_H */
