/*
 * The exact step under an Ornstein-Uhlenbeck current (ou.h).
 *
 * With p = 1 / tau, q = 1 / tau_s and k = p - q, a unit kick of the current
 * at time 0 reaches V at time v with weight
 *
 *   K(v) = (exp(-q v) - exp(-p v)) / (tau k)
 *        = (v / tau) exp(-(p + q) v / 2) sinhc(k v / 2),  sinhc z = sinh z / z,
 *
 * so f = K(h) is the weight of the current's start value in V(h) and, the
 * current's noise having intensity 2 q, the covariance of the step's noise
 * is
 *
 *   var eta = 1 - a^2,
 *   cov     = 2 q I_KL,  I_KL = integral_0^h K(v) exp(-q v) dv,
 *   var V   = 2 q I_KK,  I_KK = integral_0^h K(v)^2 dv.
 *
 * The closed forms of the integrals divide by k and lose digits where the
 * time constants are close, and where the step is short against 1 / |k|
 * (their terms are of order h, the integrals of h^2 and h^3); there the
 * second form of K gives series in (k / 2)^2 whose terms are moments of
 * exponentials, which converge for every k (|k| < p + q) and fast where k
 * or k h is small.
 */
#include "ou.h"

#include "internal.h"

/* integral_0^h v^m exp(-lambda v) dv for lambda > 0, from the regularised
 * incomplete gamma function P(m + 1, lambda h): its series where
 * lambda h is small, 1 minus the complement's finite sum where not. */
static double
moment (int m, double lambda, double h)
{
  const double z = lambda * h;
  int j;
  if (z < (double)m + 2.0)
    {
      /* h^(m+1) exp(-z) sum_j z^j / ((m+1) (m+2) ... (m+1+j)) */
      double term = 1.0 / (double)(m + 1), sum = term;
      for (j = 1; j < 200 && term > sum * 1e-17; j++)
        {
          term *= z / (double)(m + 1 + j);
          sum += term;
        }
      return pow (h, (double)(m + 1)) * exp (-z) * sum;
    }
  else
    {
      /* m! / lambda^(m+1) (1 - exp(-z) sum_{j <= m} z^j / j!) */
      double q = 0.0;
      for (j = 0; j <= m; j++)
        q += exp (-z + (double)j * log (z) - lgamma ((double)j + 1.0));
      return exp (lgamma ((double)m + 1.0) - (double)(m + 1) * log (lambda))
             * (1.0 - q);
    }
}

/* (a - g) / (tau k): the weight of the current's start value in V(h). */
static double
feed (double h, double p, double q)
{
  const double k = p - q, half = 0.5 * k * h;
  if (fabs (half) < 1.0)
    return h * p * exp (-0.5 * (p + q) * h)
           * (half == 0.0 ? 1.0 : sinh (half) / half);
  return (exp (-q * h) - exp (-p * h)) / (k / p);
}

/* I_KL and I_KK by their series in (k / 2)^2, for |k| well below p + q. */
static void
series (double h, double p, double q, double *i_kl, double *i_kk)
{
  const double k2 = 0.25 * (p - q) * (p - q);
  const double l_kl = 0.5 * (p + 3.0 * q), l_kk = p + q;
  double c_kl = 1.0, c_kk = 2.0 / 2.0, power = 1.0, kl = 0.0, kk = 0.0;
  int n;
  /* term n of I_KL: (k/2)^(2n) / (2n+1)! M_(2n+1)(l_kl), times p;
   * of I_KK: 2^(2n+1) / (2n+2)! (k/2)^(2n) M_(2n+2)(l_kk), times p^2. */
  for (n = 0; n < 60; n++)
    {
      double t_kl = c_kl * power * moment (2 * n + 1, l_kl, h);
      double t_kk = c_kk * power * moment (2 * n + 2, l_kk, h);
      kl += t_kl;
      kk += t_kk;
      if (fabs (t_kl) <= 1e-17 * fabs (kl) && fabs (t_kk) <= 1e-17 * fabs (kk))
        break;
      power *= k2;
      c_kl /= (double)(2 * n + 2) * (double)(2 * n + 3);
      c_kk *= 4.0 / ((double)(2 * n + 3) * (double)(2 * n + 4));
    }
  *i_kl = p * kl;
  *i_kk = p * p * kk;
}

void
lif__ou_coefficients (double h, double tau, double tau_s, lif__ou_coef *c)
{
  const double p = 1.0 / tau, q = 1.0 / tau_s, k = p - q;
  double i_kl, i_kk, var_eta, cov, var_v, rest;
  if (tau_s == 0.0)
    {
      c->decay = c->feed = c->l11 = c->l21 = c->l22 = 0.0;
      return;
    }
  c->decay = exp (-q * h);
  c->feed = feed (h, p, q);
  if (!(h > 0.0))
    {
      c->l11 = c->l21 = c->l22 = 0.0;
      return;
    }
  if (fabs (k) < 0.5 * (p + q) || fabs (k) * h < 2.0)
    series (h, p, q, &i_kl, &i_kk);
  else
    {
      /* The closed forms; here (time constants apart, and a step not
       * short against 1 / |k|) they lose at most a factor 8 to the
       * cancellation. */
      const double one_aa = -expm1 (-2.0 * q * h) / (2.0 * q);
      const double one_ag = -expm1 (-(p + q) * h) / (p + q);
      const double one_gg = -expm1 (-2.0 * p * h) / (2.0 * p);
      const double beta = p / k;
      i_kl = beta * (one_aa - one_ag);
      i_kk = beta * beta * (one_aa - 2.0 * one_ag + one_gg);
    }
  var_eta = -expm1 (-2.0 * q * h);
  cov = 2.0 * q * i_kl;
  var_v = 2.0 * q * i_kk;
  c->l11 = sqrt (var_eta);
  c->l21 = c->l11 > 0.0 ? cov / c->l11 : 0.0;
  rest = var_v - c->l21 * c->l21;
  c->l22 = rest > 0.0 ? sqrt (rest) : 0.0;
}
