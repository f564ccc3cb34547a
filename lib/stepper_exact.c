/*
 * Exponential integration. Over a step where u is constant the equation has
 * the exact solution V(t + s) = u + (V - u) exp(-s / tau), so g = exp(-x) and
 * the weight 1 - exp(-x) goes to u at the middle of the step. Built-in inputs
 * are split at their jumps, so piecewise-constant input is integrated
 * exactly; for any other input the midpoint sample makes the method second
 * order. The crossing is the closed-form root of the same solution.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_loops.h"

static inline double
exact_g (double x)
{
  return exp (-x);
}

/* u + (v0 - u) exp(-s / tau) = v_th, for a drive u above v_th, gives
 * s = tau ln((v0 - u) / (v_th - u)) = tau log1p((v0 - v_th) / (v_th - u)).
 * The reciprocal is taken first: it does not wait for v0. */
static inline double
exact_constant_crossing (double h, double tau, double v0, double u, double v1,
                         double v_th)
{
  double s;
  (void)v1;
  if (!(u > v_th))
    return h; /* reached only through rounding, at the very end */
  s = tau * log1p ((v0 - v_th) * (1.0 / (v_th - u)));
  return s > 0.0 ? lif__min (s, h) : 0.0;
}

/* The exact standard deviation V gains over a step, per unit of
 * R sigma / sqrt(tau): sqrt((1 - exp(-2x)) / 2), from the variance
 * R^2 sigma^2 / (2 tau) (1 - exp(-2 h / tau)) of the transition density. */
static double
exact_noise (double x)
{
  return sqrt (-0.5 * expm1 (-2.0 * x));
}

static double
exact_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  /* The one weight, 1 - exp(-x), only ever divides itself. */
  *g = exact_g (x);
  w[0] = 1.0;
  return 1.0;
}

static double
exact_crossing (const lif__segment *seg, double v_th)
{
  return exact_constant_crossing (seg->h, seg->tau, seg->v0, seg->u[0],
                                  seg->v1, v_th);
}

LIF__STEPPER_LOOPS (exact, LIF__NODES_MIDDLE)

const lif__stepper lif__stepper_exact = {
  "exact",
  1,
  { 0.5, 0.0, 0.0 },
  INFINITY,
  exact_coef,
  exact_noise,
  1,
  exact_crossing,
  exact_precise_spike,
  exact_varying_steps,
};
