/*
 * The dense output of the Runge-Kutta steppers of order two and four (Heun,
 * RK4): the cubic Hermite interpolant of a step from V and dV/dt at both
 * ends, and where it reaches the threshold.
 */
#ifndef LIF_HERMITE_H
#define LIF_HERMITE_H

#include "internal.h"

/* The first time s in (0, h] where the cubic Hermite interpolant through
 * (0, v0) and (h, v1) with slopes dV/dt = hf0 / h and hf1 / h there reaches
 * v_th, given v0 < v_th <= v1. guess, a fraction of the step, is where the
 * root search starts when the interpolant rises over the whole step; one
 * outside (0, 1), or NaN, starts it where the tangent at 0 crosses. */
double lif__hermite_crossing (double h, double v0, double hf0, double v1,
                              double hf1, double v_th, double guess);

/* Where a Heun or RK4 step of x = h / tau and factor g from v0 under the
 * constant drive u reaches v_th, as a fraction of the step: the start of
 * Newton on its Hermite interpolant (lif__hermite_crossing). Under a
 * constant drive the interpolant is v0 + w (x th + b th^2 + a th^3) with
 * w = u - v0 and b, a fixed by x and g, so the crossing solves
 * th + beta th^2 + alpha th^3 = t, t = (v_th - v0) / (x w); this is that
 * equation's series reversion to t^4, good to about 1e-9 at x = 0.01, from
 * which one Newton step reaches the root to rounding. It needs v0 but not
 * the step's end v1, so it is ready about when v1 is. */
static inline double
lif__hermite_constant_guess (double x, double g, double v0, double u,
                             double v_th)
{
  const double beta = (3.0 * (1.0 - g) - (2.0 + g) * x) / x;
  const double alpha = ((1.0 + g) * x - 2.0 * (1.0 - g)) / x;
  const double t = (v_th - v0) / (x * (u - v0));
  const double c3 = 2.0 * beta * beta - alpha;
  const double c4 = 5.0 * beta * (alpha - beta * beta);
  return t + (t * t) * ((c3 * t - beta) + c4 * (t * t));
}

/* The crossing of Heun or RK4 in a step of length h from v0 to v1, with
 * drives u0 at its start and u1 at its end: the Hermite interpolant with
 * slopes (u - V) / tau there. g is the stepper's factor for h / tau when the
 * drive is the same at every node, which lets the root search start at
 * lif__hermite_constant_guess; NaN otherwise. */
static inline double
lif__hermite_step_crossing (double h, double tau, double v0, double u0,
                            double v1, double u1, double v_th, double g)
{
  const double x = h / tau; /* does not wait for v1 */
  const double guess
      = isnan (g) ? NAN : lif__hermite_constant_guess (x, g, v0, u0, v_th);
  return lif__hermite_crossing (h, v0, x * (u0 - v0), v1, x * (u1 - v1), v_th,
                                guess);
}

#endif /* LIF_HERMITE_H */
