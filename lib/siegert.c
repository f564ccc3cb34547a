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
#include <stddef.h>

#define SQRT_PI 1.7724538509055160272981674833411

/* erfcx by its continued fraction, for x >= 3, where 40 levels give full
 * precision: erfcx(x) = (1/sqrt(pi)) / (x + (1/2) / (x + 1 / (x + (3/2)
 * / (x + ...)))). */
static double
erfcx_continued_fraction (double x)
{
  double f = x;
  int k;
  for (k = 40; k >= 1; k--)
    f = x + 0.5 * k / f;
  return 1.0 / (SQRT_PI * f);
}

double
lif__erfcx (double x)
{
  if (x >= 3.0)
    return erfcx_continued_fraction (x);
  if (x >= 0.0)
    return exp (x * x) * erfc (x); /* x^2 <= 9: exp adds a few ulps */
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

/* The integral of f over [a, b] (a < b) by 16-point Gauss-Legendre rules
 * on pieces whose length piece(x, data) gives at their start x. */
typedef double (*integrand) (double x, const void *data);

static double
gauss_integral (integrand f, const void *data, double a, double b,
                double (*piece) (double x, const void *data))
{
  double node[GL_POINTS], weight[GL_POINTS], sum = 0.0, x = a;
  gauss_legendre (node, weight);
  while (x < b && isfinite (sum))
    {
      const double w = piece (x, data);
      const double end = b - x < w ? b : x + w;
      const double half = 0.5 * (end - x), mid = x + half;
      double part = 0.0;
      int i;
      for (i = 0; i < GL_POINTS; i++)
        part += weight[i] * f (mid + half * node[i], data);
      sum += half * part;
      x = end;
    }
  return sum;
}

/* Pieces 1/8 long where the integrands change on a scale of 1 (x > -1),
 * 1/8 of |x| below, where they change on a scale of |x|, never reaching
 * past -1 from below: a few dozen pieces even from x = -1e6. */
static double
outer_piece (double x, const void *data)
{
  (void)data;
  if (x >= -1.0)
    return 0.125;
  return x + 0.125 * -x > -1.0 ? -1.0 - x : 0.125 * -x;
}

static double
rate_integrand (double u, const void *data)
{
  (void)data;
  return lif__erfcx (-u);
}

/* integral_a^b erfcx(-u) du, a < b. */
static double
integral (double a, double b)
{
  return gauss_integral (rate_integrand, NULL, a, b, outer_piece);
}

/* exp(2 x t - t^2) erfcx(t - x)^2, the inner integrand of the CV at x. */
static double
cv_inner_integrand (double t, const void *data)
{
  const double x = *(const double *)data, e = lif__erfcx (t - x);
  return exp (2.0 * x * t - t * t) * e * e;
}

/* The inner integrand changes on a scale of 1 / (1 + |x|) in t. */
static double
cv_inner_piece (double t, const void *data)
{
  (void)t;
  return 0.5 / (1.0 + fabs (*(const double *)data));
}

/* exp(x^2) integral_{-inf}^{x} exp(y^2) erfc(-y)^2 dy, as the integral
 * over t = x - y from 0 to where exp(2 x t - t^2) has fallen below 1e-20
 * of its peak (at t = max(x, 0)). */
static double
cv_inner (double x, const void *data)
{
  double end;
  (void)data;
  if (x < 0.0) /* 2 |x| t + t^2 = 46, solved without cancellation */
    end = 46.0 / (-x + sqrt (x * x + 46.0));
  else
    end = x + sqrt (46.0);
  return gauss_integral (cv_inner_integrand, &x, 0.0, end, cv_inner_piece);
}

double
lif__siegert_rate (double tau, double t_ref, double y_r, double y_th)
{
  return 1.0 / (t_ref + tau * SQRT_PI * integral (y_r, y_th));
}

double
lif__siegert_cv2 (double tau, double t_ref, double y_r, double y_th)
{
  const double nu_tau = tau * lif__siegert_rate (tau, t_ref, y_r, y_th);
  const double outer = gauss_integral (cv_inner, NULL, y_r, y_th, outer_piece);
  return 2.0 * 3.14159265358979323846264338327950288 * nu_tau * nu_tau * outer;
}
