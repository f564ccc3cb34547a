/*
 * The Siegert rate (siegert.h). The textbook integrand exp(u^2) (1 +
 * erf(u)) cancels for negative u (1 + erf(-5) keeps 5 of 16 digits, 1 +
 * erf(-6) none), which gives 96.44 Hz where the rate is 64.41; written as
 * erfcx(-u) it is smooth, bounded by 1 for u <= 0 and falling as
 * 1 / (sqrt(pi) |u|), and is integrated by Gauss-Legendre rules on pieces
 * short against the scale on which it changes.
 */
#include "siegert.h"

#include <math.h>

#define SQRT_PI 1.7724538509055160272981674833411

/* erfcx by its continued fraction, for x >= 2, where 80 levels give full
 * precision: erfcx(x) = (1/sqrt(pi)) / (x + (1/2) / (x + 1 / (x + (3/2)
 * / (x + ...)))). */
static double
erfcx_continued_fraction (double x)
{
  double f = x;
  int k;
  for (k = 80; k >= 1; k--)
    f = x + 0.5 * k / f;
  return 1.0 / (SQRT_PI * f);
}

double
lif__erfcx (double x)
{
  if (x >= 2.0)
    return erfcx_continued_fraction (x);
  if (x >= 0.0)
    return exp (x * x) * erfc (x); /* x^2 <= 4: exp adds an ulp or two */
  /* erfc(x) = 2 - erfc(-x), so erfcx(x) = 2 exp(x^2) - erfcx(-x), a
   * difference of a large and a small positive number: no cancellation. */
  return 2.0 * exp (x * x) - lif__erfcx (-x);
}

/* The 16 nodes and weights of the Gauss-Legendre rule on [-1, 1], by
 * Newton's method on the Legendre polynomial (they are the same on every
 * call; 16 of them cost less than one piece of the integral). */
enum
{
  GL_POINTS = 16
};

static void
gauss_legendre (double node[GL_POINTS], double weight[GL_POINTS])
{
  const double pi = 3.14159265358979323846264338327950288;
  int i;
  for (i = 0; i < GL_POINTS; i++)
    {
      double x = cos (pi * (i + 0.75) / (GL_POINTS + 0.5)), dp = 1.0;
      int iteration, j;
      for (iteration = 0; iteration < 100; iteration++)
        {
          double p0 = 1.0, p1 = x, step;
          for (j = 2; j <= GL_POINTS; j++)
            {
              double p2 = ((2.0 * j - 1.0) * x * p1 - (j - 1.0) * p0) / j;
              p0 = p1;
              p1 = p2;
            }
          /* p1 = P_16(x), p0 = P_15(x) */
          dp = GL_POINTS * (x * p1 - p0) / (x * x - 1.0);
          step = p1 / dp;
          x -= step;
          if (fabs (step) <= 1e-17)
            break;
        }
      node[i] = x;
      weight[i] = 2.0 / ((1.0 - x * x) * dp * dp);
    }
}

/* integral_a^b erfcx(-u) du, a < b. The pieces are 1/8 long where the
 * integrand changes on a scale of 1 (u > -1) and 1/8 of |u| below, where
 * it changes on a scale of |u|: a few dozen pieces even from u = -1e6. */
static double
integral (double a, double b)
{
  double node[GL_POINTS], weight[GL_POINTS], sum = 0.0, x = a;
  gauss_legendre (node, weight);
  while (x < b && isfinite (sum))
    {
      double w = x < -1.0 ? 0.125 * -x : 0.125, end, half, mid, piece = 0.0;
      int i;
      /* Near 0 from below, the relative piece would shrink: 1/8 at most. */
      if (x < -1.0 && x + w > -1.0)
        w = -1.0 - x;
      end = b - x < w ? b : x + w;
      half = 0.5 * (end - x);
      mid = x + half;
      for (i = 0; i < GL_POINTS; i++)
        piece += weight[i] * lif__erfcx (-(mid + half * node[i]));
      sum += half * piece;
      x = end;
    }
  return sum;
}

double
lif__siegert_rate (double tau, double t_ref, double y_r, double y_th)
{
  return 1.0 / (t_ref + tau * SQRT_PI * integral (y_r, y_th));
}
