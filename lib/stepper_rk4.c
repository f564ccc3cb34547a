/*
 * The classical fourth-order Runge-Kutta method. Carrying its four stages
 * through tau dV/dt = u - V gives
 *   g  = 1 - x + x^2/2 - x^3/6 + x^4/24
 *   w0 = x/6 (1 - x + x^2/2 - x^3/4)   on u(t)
 *   wm = x/6 (4 - 2x + x^2/2)          on u(t + h/2)  (stages 2 and 3)
 *   w1 = x/6                           on u(t + h)
 * Inside the step it uses the cubic Hermite interpolant from V and dV/dt at
 * both ends, which keeps spike times fourth-order accurate.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_formulas.h"

static double
rk4_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  *g = lif__rk4_g (x);
  w[0] = x / 6.0 * (1.0 + x * (-1.0 + x * (0.5 - 0.25 * x)));
  w[1] = x / 6.0 * (4.0 + x * (-2.0 + 0.5 * x));
  w[2] = x / 6.0;
  return x * (1.0 + x * (-0.5 + x * (1.0 / 6.0 - x / 24.0)));
}

static double
rk4_crossing (const lif__segment *seg, double v_th)
{
  const int constant = seg->u[1] == seg->u[0] && seg->u[2] == seg->u[0];
  return lif__hermite_step_crossing (
      seg->h, seg->tau, seg->v0, seg->u[0], seg->v1, seg->u[2], v_th,
      constant ? lif__rk4_g (seg->h / seg->tau) : NAN);
}

/* |g(x)| < 1 for 0 < x < 2.78529356340528...: the real root of
 * g(x) = 1 other than 0, i.e. of x^3 - 4 x^2 + 12 x - 24 = 0. */
const lif__stepper lif__stepper_rk4 = {
  "rk4", 3, { 0.0, 0.5, 1.0 }, 2.785293563405282, rk4_coef, rk4_crossing,
};
