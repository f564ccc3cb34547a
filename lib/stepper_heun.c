/*
 * Heun's method (explicit trapezoid, RK2). For tau dV/dt = u - V:
 *   k1 = u(t) - V,  k2 = u(t + h) - (V + x k1),  V(t + h) = V + x (k1 + k2) / 2
 * which is g = 1 - x + x^2/2 with weight x (1 - x) / 2 on u(t) and x / 2 on
 * u(t + h). Second order; inside the step it uses the cubic Hermite
 * interpolant from V and dV/dt at both ends.
 */
#include "hermite.h"
#include "internal.h"
#include "stepper.h"
#include "stepper_loops.h"

static inline double
heun_g (double x)
{
  return 1.0 - x * (1.0 - 0.5 * x);
}

static inline double
heun_constant_crossing (double h, double tau, double v0, double u, double v1,
                        double v_th)
{
  return lif__hermite_step_crossing (h, tau, v0, u, v1, u, v_th,
                                     heun_g (h / tau));
}

static double
heun_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  *g = heun_g (x);
  w[0] = 0.5 * x * (1.0 - x);
  w[1] = 0.5 * x;
  return x * (1.0 - 0.5 * x);
}

/* The noise taken as a constant current over the step: (1 - g) / sqrt(x)
 * = sqrt(x) (1 - x / 2), the weights' sum over sqrt(x). */
static double
heun_noise (double x)
{
  return sqrt (x) * (1.0 - 0.5 * x);
}

static double
heun_crossing (const lif__segment *seg, double v_th)
{
  const int constant = seg->u[1] == seg->u[0];
  return lif__hermite_step_crossing (
      seg->h, seg->tau, seg->v0, seg->u[0], seg->v1, seg->u[1], v_th,
      constant ? heun_g (seg->h / seg->tau) : NAN);
}

LIF__STEPPER_LOOPS (heun, LIF__NODES_ENDS)

const lif__stepper lif__stepper_heun = {
  .name = "heun",
  .n_nodes = 2,
  .node = { 0.0, 1.0, 0.0 },
  .stability_limit = 2.0,
  .coef = heun_coef,
  .noise = heun_noise,
  .noise_decays = 0,
  .integrates_input = 0,
  .crossing = heun_crossing,
  .precise_spike = heun_precise_spike,
  .varying_steps = heun_varying_steps,
};
