/*
 * Forward Euler: V(t + h) = V + x (u(t) - V), x = h / tau, so g = 1 - x and
 * the single node at the start of the step has weight x. First order; its
 * own solution inside the step is the straight line between the two ends.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_loops.h"

static inline double
euler_g (double x)
{
  return 1.0 - x;
}

/* The straight line from (0, v0) to (h, v1) reaches v_th at this time. */
static inline double
euler_line_crossing (double h, double v0, double v1, double v_th)
{
  double s = h * ((v_th - v0) / (v1 - v0));
  return s > 0.0 ? lif__min (s, h) : 0.0;
}

static inline double
euler_constant_crossing (double h, double tau, double v0, double u, double v1,
                         double v_th)
{
  (void)tau;
  (void)u;
  return euler_line_crossing (h, v0, v1, v_th);
}

/* V gains R sigma dW / tau: sqrt(x) times R sigma / sqrt(tau) N. */
static double
euler_noise (double x)
{
  return sqrt (x);
}

static double
euler_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  *g = euler_g (x);
  w[0] = x;
  return x;
}

static double
euler_crossing (const lif__segment *seg, double v_th)
{
  return euler_line_crossing (seg->h, seg->v0, seg->v1, v_th);
}

LIF__STEPPER_LOOPS (euler, LIF__NODES_START)

const lif__stepper lif__stepper_euler = {
  .name = "euler",
  .n_nodes = 1,
  .node = { 0.0, 0.0, 0.0 },
  .stability_limit = 2.0,
  .coef = euler_coef,
  .noise = euler_noise,
  .noise_decays = 0,
  .integrates_input = 0,
  .crossing = euler_crossing,
  .precise_spike = euler_precise_spike,
  .varying_steps = euler_varying_steps,
};
