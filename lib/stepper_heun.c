/*
 * Heun's method (explicit trapezoid, RK2). For tau dV/dt = u - V:
 *   k1 = u(t) - V,  k2 = u(t + h) - (V + x k1),  V(t + h) = V + x (k1 + k2) / 2
 * which is g = 1 - x + x^2/2 with weight x (1 - x) / 2 on u(t) and x / 2 on
 * u(t + h). Second order; inside the step it uses the cubic Hermite
 * interpolant from V and dV/dt at both ends.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_formulas.h"

static double
heun_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  *g = lif__heun_g (x);
  w[0] = 0.5 * x * (1.0 - x);
  w[1] = 0.5 * x;
  return x * (1.0 - 0.5 * x);
}

static double
heun_crossing (const lif__segment *seg, double v_th)
{
  const double x = seg->h / seg->tau; /* does not wait for v1 */
  const double u = seg->u[0];
  const double guess = seg->u[1] == u ? lif__hermite_constant_guess (
                           x, lif__heun_g (x), seg->v0, u, v_th)
                                      : NAN;
  return lif__hermite_crossing (seg->h, seg->v0, x * (u - seg->v0), seg->v1,
                                x * (seg->u[1] - seg->v1), v_th, guess);
}

const lif__stepper lif__stepper_heun = {
  "heun", 2, { 0.0, 1.0, 0.0 }, 2.0, heun_coef, heun_crossing,
};
