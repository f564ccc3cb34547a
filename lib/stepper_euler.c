/*
 * Forward Euler: V(t + h) = V + x (u(t) - V), x = h / tau, so g = 1 - x and
 * the single node at the start of the step has weight x. First order; its
 * own solution inside the step is the straight line between the two ends.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_formulas.h"

static double
euler_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  *g = lif__euler_g (x);
  w[0] = x;
  return x;
}

static double
euler_crossing (const lif__segment *seg, double v_th)
{
  return lif__euler_crossing (seg->h, seg->v0, seg->v1, v_th);
}

const lif__stepper lif__stepper_euler = {
  "euler", 1, { 0.0, 0.0, 0.0 }, 2.0, euler_coef, euler_crossing,
};
