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

/* 1 - x + x^2/2 - x^3/6 + x^4/24, in two halves that do not wait for each
 * other, and multiplied by 1/24 rather than divided by 24: a partial step
 * after every precise spike waits for it. */
static inline double
lif__rk4_g (double x)
{
  const double x2 = x * x;
  return (1.0 - x) + x2 * ((0.5 - x * (1.0 / 6.0)) + x2 * (1.0 / 24.0));
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

#endif /* LIF_STEPPER_FORMULAS_H */
