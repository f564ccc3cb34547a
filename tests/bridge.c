/*
 * Where precise timing places a spike inside a noisy step (lib/noise.c):
 * the first passage of a Brownian bridge, drawn from one normal and one
 * uniform. Its law is checked against a closed form written here
 * independently of the sampler: for a bridge from a to b over a step of
 * length len and variance var, below a level theta reached at T, the
 * ratio r = T / (len - T) has the inverse Gaussian distribution of mean
 * (theta - a) / |b - theta| and shape (theta - a)^2 / var, whose
 * cumulative distribution is
 *   P(r <= x) = Phi(sqrt(lambda / x) (x / mu - 1))
 *             + exp(2 lambda / mu) Phi(-sqrt(lambda / x) (x / mu + 1)).
 * For each case the Kolmogorov-Smirnov distance of 20,000 placements
 * (fixed counters, so one deterministic number) must stay below its 1 %
 * critical value, 1.63 / sqrt(20,000) = 0.0115. Also: crossings are found
 * as often as the bridge crosses, exp(-2 (theta - a) (theta - b) / var),
 * within 5 standard errors.
 */
#include "../lib/noise.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SAMPLES 20000

static double
phi (double x)
{
  return 0.5 * erfc (-x / sqrt (2.0));
}

static double
inverse_gaussian_cdf (double x, double mu, double lambda)
{
  const double s = sqrt (lambda / x);
  return phi (s * (x / mu - 1.0))
         + exp (2.0 * lambda / mu) * phi (-s * (x / mu + 1.0));
}

static int
by_value (const void *p, const void *q)
{
  const double x = *(const double *)p, y = *(const double *)q;
  return (x > y) - (x < y);
}

/* The Kolmogorov-Smirnov distance of the placements for a bridge from a to
 * b (level 0) over a step of length len, against the closed form. */
static double
placement_distance (double a, double b, double var, double len)
{
  static double r[SAMPLES];
  const double mu = -a / fabs (b), lambda = a * a / var;
  lif__noise_stream ns = { 12345u, 7u, 0 };
  lif__bridge br;
  double worst = 0.0;
  int i;
  br.v0 = a;
  br.v1 = b;
  br.var = var;
  br.decay = 1.0;
  for (i = 0; i < SAMPLES; i++)
    {
      double t = lif__bridge_first_passage (&ns, i, 0, &br, 0.0, len, 10.0);
      r[i] = t / (len - t);
    }
  qsort (r, SAMPLES, sizeof *r, by_value);
  for (i = 0; i < SAMPLES; i++)
    {
      double f
          = isfinite (r[i]) ? inverse_gaussian_cdf (r[i], mu, lambda) : 1.0;
      double lo = fabs (f - (double)i / SAMPLES);
      double hi = fabs (f - (double)(i + 1) / SAMPLES);
      worst = fmax (worst, fmax (lo, hi));
    }
  return worst;
}

int
main (void)
{
  /* (a, b, var): ending above the level, ending below it (the mirror
   * image), nearly at it, and far from it at both ends. */
  static const double cases[][3] = { { -1.0, 0.5, 1.0 },
                                     { -1.0, -0.5, 1.0 },
                                     { -0.2, 1e-3, 0.5 },
                                     { -3.0, 2.0, 4.0 } };
  char what[160];
  size_t k;
  for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
    {
      double d
          = placement_distance (cases[k][0], cases[k][1], cases[k][2], 0.1);
      snprintf (what, sizeof what,
                "first passage of a bridge from %g to %g (variance %g): "
                "KS distance %.4f < 0.0115",
                cases[k][0], cases[k][1], cases[k][2], d);
      tap (d < 0.0115, what);
    }
  {
    /* From -1 to -0.5, variance 1: crosses with probability exp(-1). */
    const double p = exp (-1.0);
    lif__noise_stream ns = { 99u, 3u, 0 };
    lif__bridge br = { -1.0, -0.5, 1.0, 1.0 };
    int i, hits = 0;
    double se = sqrt (p * (1.0 - p) / SAMPLES);
    for (i = 0; i < SAMPLES; i++)
      hits += lif__bridge_crosses (&ns, i, 0, &br, 0.0);
    snprintf (what, sizeof what,
              "a bridge crosses as often as it should: %.4f vs %.4f "
              "(5 standard errors: %.4f)",
              (double)hits / SAMPLES, p, 5.0 * se);
    tap (fabs ((double)hits / SAMPLES - p) < 5.0 * se, what);
  }
  printf ("1..%d\n", test_number);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
