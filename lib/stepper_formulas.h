/*
 * The scalar formulas of the steppers, inline: each stepper's factor g(x)
 * by which a step of x = h / tau shrinks V - u, and the closed-form
 * crossings of Euler and exact. The descriptors (stepper_*.c, which explain
 * each formula) wrap them, and run.c's precise spike path under a constant
 * drive calls them directly: at one spike per hundred steps the calls
 * through the descriptor cost as much as the arithmetic (9 of 35 ns per
 * spike for the exact stepper). One source, so both compute the same bits.
 */
#ifndef LIF_STEPPER_FORMULAS_H
#define LIF_STEPPER_FORMULAS_H

#include "internal.h"
#include "stepper.h"

static inline double
lif__euler_g (double x)
{
  return 1.0 - x;
}

/* The straight line from (0, v0) to (h, v1) reaches v_th at this time. */
static inline double
lif__euler_crossing (double h, double v0, double v1, double v_th)
{
  double s = h * ((v_th - v0) / (v1 - v0));
  return s > 0.0 ? lif__min (s, h) : 0.0;
}

static inline double
lif__heun_g (double x)
{
  return 1.0 - x * (1.0 - 0.5 * x);
}

/* 1 - x + x^2/2 - x^3/6 + x^4/24. The small part is summed in two halves
 * that do not wait for each other (a partial step after every precise spike
 * waits for g), and 1 is added last: that one rounding is all g carries
 * (adding 1 - x first cost up to an ulp more, which 10^6 steps turn into a
 * 1e-10 relative bias of V - u). */
static inline double
lif__rk4_g (double x)
{
  const double x3 = x * x * x;
  return 1.0 + (x * (0.5 * x - 1.0) + x3 * (x * (1.0 / 24.0) - 1.0 / 6.0));
}

static inline double
lif__exact_g (double x)
{
  return exp (-x);
}

/* u + (v0 - u) exp(-s / tau) = v_th, for a drive u above v_th, gives
 * s = tau ln((v0 - u) / (v_th - u)) = tau log1p((v0 - v_th) / (v_th - u)).
 * The reciprocal is taken first: it does not wait for v0. */
static inline double
lif__exact_crossing (double h, double tau, double v0, double u, double v_th)
{
  double s;
  if (!(u > v_th))
    return h; /* reached only through rounding, at the very end */
  s = tau * log1p ((v0 - v_th) * (1.0 / (v_th - u)));
  return s > 0.0 ? lif__min (s, h) : 0.0;
}

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

#endif /* LIF_STEPPER_FORMULAS_H */
