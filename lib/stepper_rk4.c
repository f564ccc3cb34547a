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
#include "hermite.h"
#include "internal.h"
#include "stepper.h"
#include "stepper_loops.h"

/* g, with its small part summed in two halves that do not wait for each
 * other (a partial step after every precise spike waits for g), and 1
 * added last: that one rounding is all g carries (adding 1 - x first cost
 * up to an ulp more, which 10^6 steps turn into a 1e-10 relative bias of
 * V - u; test step_factor_rounds_once). */
static inline double
rk4_g (double x)
{
  const double x3 = x * x * x;
  return 1.0 + (x * (0.5 * x - 1.0) + x3 * (x * (1.0 / 24.0) - 1.0 / 6.0));
}

static inline double
rk4_constant_crossing (double h, double tau, double v0, double u, double v1,
                       double v_th)
{
  return lif__hermite_step_crossing (h, tau, v0, u, v1, u, v_th,
                                     rk4_g (h / tau));
}

static double
rk4_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  *g = rk4_g (x);
  w[0] = x / 6.0 * (1.0 + x * (-1.0 + x * (0.5 - 0.25 * x)));
  w[1] = x / 6.0 * (4.0 + x * (-2.0 + 0.5 * x));
  w[2] = x / 6.0;
  return x * (1.0 + x * (-0.5 + x * (1.0 / 6.0 - x / 24.0)));
}

/* The noise taken as a constant current over the step: (1 - g) / sqrt(x),
 * the weights' sum over sqrt(x). */
static double
rk4_noise (double x)
{
  return sqrt (x) * (1.0 + x * (-0.5 + x * (1.0 / 6.0 - x / 24.0)));
}

static double
rk4_crossing (const lif__segment *seg, double v_th)
{
  const int constant = seg->u[1] == seg->u[0] && seg->u[2] == seg->u[0];
  return lif__hermite_step_crossing (
      seg->h, seg->tau, seg->v0, seg->u[0], seg->v1, seg->u[2], v_th,
      constant ? rk4_g (seg->h / seg->tau) : NAN);
}

LIF__STEPPER_LOOPS (rk4, LIF__NODES_ENDS_AND_MIDDLE)

/* |g(x)| < 1 for 0 < x < 2.78529356340528...: the real root of
 * g(x) = 1 other than 0, i.e. of x^3 - 4 x^2 + 12 x - 24 = 0. */
const lif__stepper lif__stepper_rk4 = {
  .name = "rk4",
  .n_nodes = 3,
  .node = { 0.0, 0.5, 1.0 },
  .stability_limit = 2.785293563405282,
  .coef = rk4_coef,
  .noise = rk4_noise,
  .noise_decays = 0,
  .integrates_input = 0,
  .crossing = rk4_crossing,
  .precise_spike = rk4_precise_spike,
  .varying_steps = rk4_varying_steps,
};
