/*
 * Exponential integration. Over a step where u is constant the equation has
 * the exact solution V(t + s) = u + (V - u) exp(-s / tau), so g = exp(-x) and
 * the weight 1 - exp(-x) goes to u at the middle of the step. Built-in inputs are split at their
 * jumps, so piecewise-constant input is integrated exactly; for any other
 * input the midpoint sample makes the method second order. The crossing is
 * the closed-form root of the same solution.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_formulas.h"

static double
exact_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  /* The one weight, 1 - exp(-x), only ever divides itself. */
  *g = lif__exact_g (x);
  w[0] = 1.0;
  return 1.0;
}

/* The closed-form root of the same solution (stepper_formulas.h). */
static double
exact_crossing (const lif__segment *seg, double v_th)
{
  return lif__exact_crossing (seg->h, seg->tau, seg->v0, seg->u[0], v_th);
}

const lif__stepper lif__stepper_exact = {
  "exact", 1, { 0.5, 0.0, 0.0 }, INFINITY, exact_coef, exact_crossing,
};
