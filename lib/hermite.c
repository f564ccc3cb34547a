/*
 * Where the cubic Hermite interpolant of a step reaches the threshold
 * (hermite.h): a bracketed Newton search on the cubic.
 */
#include "hermite.h"

/* The interpolant in the step's own time theta = s / h in [0, 1], minus
 * v_th, is the cubic q(theta) = ((a theta + b) theta + c) theta + d. */
struct cubic
{
  double a, b, c, d;
};

/* Both are evaluated in two halves that do not wait for each other (Estrin's
 * scheme): the spike's time waits for two of each in a row. */
static double
cubic_value (const struct cubic *q, double x)
{
  return (q->a * x + q->b) * (x * x) + (q->c * x + q->d);
}

static double
cubic_slope (const struct cubic *q, double x)
{
  return 3.0 * q->a * (x * x) + (2.0 * q->b * x + q->c);
}

/* The roots of q' in (0, 1), ascending; returns how many (0 to 2). */
static int
cubic_turning_points (const struct cubic *q, double r[2])
{
  double A = 3.0 * q->a, B = 2.0 * q->b, C = q->c;
  double x1, x2, disc, t;
  int n = 0;
  if (A == 0.0)
    {
      if (B != 0.0)
        {
          x1 = -C / B;
          if (x1 > 0.0 && x1 < 1.0)
            r[n++] = x1;
        }
      return n;
    }
  disc = B * B - 4.0 * A * C;
  if (disc < 0.0)
    return 0;
  /* The cancellation-free pair of quadratic roots. */
  t = -0.5 * (B + copysign (sqrt (disc), B));
  x1 = t / A;
  x2 = t != 0.0 ? C / t : x1;
  if (x1 > x2)
    {
      double s = x1;
      x1 = x2;
      x2 = s;
    }
  if (x1 > 0.0 && x1 < 1.0)
    r[n++] = x1;
  if (x2 > 0.0 && x2 < 1.0 && x2 != x1)
    r[n++] = x2;
  return n;
}

/* Whether q rises over all of [0, 1]: its slope q' = A x^2 + B x + C is
 * positive at both ends and, when q' is a parabola opening upwards with its
 * vertex inside, at the vertex too. Most steps that cross the threshold are
 * like this, and it is decided without the square root that locating the
 * turning points takes. */
static int
cubic_rises (const struct cubic *q)
{
  double A = 3.0 * q->a, B = 2.0 * q->b, C = q->c;
  if (!(C > 0.0 && A + B + C > 0.0))
    return 0;
  if (!(A > 0.0) || B >= 0.0 || -B >= 2.0 * A)
    return 1; /* the least slope is at an end */
  return B * B - 4.0 * A * C < 0.0;
}

/* Whether x + step, the Newton step from x where the slope is d, is already
 * the root to well below rounding: the terms Newton leaves out,
 * q''(x)/2 step^2 + q'''/6 step^3, move the root by less than a quarter of an
 * ulp of x + step. Newton converges quadratically, so this spares the last
 * step, which the test "a step no longer moves x" needs only to see that. */
static int
newton_converged (const struct cubic *q, double x, double step, double d)
{
  double rest
      = (fabs (3.0 * q->a * x + q->b) + fabs (q->a * step)) * step * step;
  return rest <= 0.25 * DBL_EPSILON * fabs ((x + step) * d);
}

/* A root of q in [lo, hi] where q(lo) < 0 <= q(hi) and q is monotone:
 * start at x (the middle when x is outside), then Newton steps kept inside
 * the bracket (bisection when one would leave it), until a step no longer
 * moves x, is known to have converged, or the bracket closes. One or two
 * steps are typical. */
static double
bracketed_root (const struct cubic *q, double lo, double hi, double x)
{
  int i;
  if (!(x > lo && x < hi))
    x = 0.5 * (lo + hi);
  for (i = 0; i < 100; i++)
    {
      double v = cubic_value (q, x), d, next;
      if (v == 0.0)
        return x;
      if (v < 0.0)
        lo = x;
      else
        hi = x;
      if (hi - lo <= 2.0 * DBL_EPSILON)
        break;
      d = cubic_slope (q, x);
      next = d != 0.0 ? x - v / d : lo;
      /* Done when rounding no longer lets the step move x (tested before
       * the bracket: at the root x is often an end of it, and a step that
       * rounds onto it must not send the search back to bisection) or when
       * the step after this one would be below rounding. */
      if (d != 0.0 && next >= lo && next <= hi
          && (fabs (next - x) <= 2.0 * DBL_EPSILON * fabs (x)
              || newton_converged (q, x, next - x, d)))
        return next;
      if (!(next > lo && next < hi))
        next = 0.5 * (lo + hi);
      x = next;
    }
  return hi; /* the earliest point known to be at or above threshold */
}

double
lif__hermite_crossing (double h, double v0, double hf0, double v1, double hf1,
                       double v_th, double guess)
{
  struct cubic q;
  double edges[4];
  int n = 0, k, i;
  q.a = 2.0 * (v0 - v1) + hf0 + hf1;
  q.b = 3.0 * (v1 - v0) - 2.0 * hf0 - hf1;
  q.c = hf0;
  q.d = v0 - v_th;
  /* A rising step starts Newton at the guess, or else where the tangent at
   * 0 crosses: q(0) and q'(0) come from the step's start alone, so that
   * division need not wait for v1 as the chord's would. */
  if (cubic_rises (&q))
    return h
           * bracketed_root (&q, 0.0, 1.0,
                             guess > 0.0 && guess < 1.0 ? guess : -q.d / q.c);
  /* Split [0, 1] where q turns, then take the first monotone piece that
   * goes from below to at-or-above the threshold. */
  edges[n++] = 0.0;
  k = cubic_turning_points (&q, &edges[1]);
  n += k;
  edges[n++] = 1.0;
  for (i = 0; i + 1 < n; i++)
    {
      double lo = edges[i], hi = edges[i + 1];
      double qlo = cubic_value (&q, lo), qhi = cubic_value (&q, hi);
      if (qlo < 0.0 && (qhi >= 0.0 || i + 2 == n))
        return h
               * bracketed_root (&q, lo, hi,
                                 lo + (hi - lo) * (qlo / (qlo - qhi)));
    }
  return h; /* q(0) >= 0 cannot happen (v0 < v_th); keep the step's end */
}
