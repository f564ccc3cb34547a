/*
 * The random numbers liblif's noise will draw (lib/philox.h): Philox4x32-10
 * against the known-answer vectors published with the generator (Random123,
 * Salmon et al. SC'11), then the uniform and normal transforms by their
 * range and by statistics with stated bounds (5 standard errors; the
 * Kolmogorov-Smirnov distance's 1% critical value). The key is fixed, so
 * each statistic is one deterministic number: it cannot fail by chance
 * from run to run, only when the generator or a transform changes.
 */
#include "../lib/philox.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The three known answers: counter, key -> output. */
static void
known_answers (void)
{
  static const struct
  {
    uint32_t counter[4], key[2], out[4];
  } kat[] = {
    { { 0, 0, 0, 0 },
      { 0, 0 },
      { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 } },
    { { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
      { 0xffffffff, 0xffffffff },
      { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd } },
    { { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 },
      { 0xa4093822, 0x299f31d0 },
      { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 } },
  };
  size_t i;
  for (i = 0; i < sizeof kat / sizeof kat[0]; i++)
    {
      uint32_t out[4];
      char what[80];
      lif__philox4x32_10 (kat[i].counter, kat[i].key, out);
      snprintf (what, sizeof what, "Philox4x32-10 known answer %zu", i + 1);
      tap (memcmp (out, kat[i].out, sizeof out) == 0, what);
    }
}

/* The extreme bits give the extreme uniforms, inside (0, 1). */
static void
uniform_range (void)
{
  const double lo = lif__uniform_open (0, 0);
  const double hi = lif__uniform_open (0xffffffffu, 0xffffffffu);
  tap (lo == 0x1p-53, "the smallest uniform is 2^-53");
  tap (hi == 1.0 - 0x1p-53, "the largest uniform is 1 - 2^-53");
  tap (lo > 0.0 && hi < 1.0, "uniforms never reach 0 or 1");
}

static int
by_value (const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A million draws with key (12345, 678), counters 0, 1, 2, ...: two
 * uniforms and two normals from each output. */
static void
statistics (void)
{
  enum
  {
    N = 1000000
  };
  const uint32_t key[2] = { 12345, 678 };
  double *u = malloc (N * sizeof *u);
  double sum = 0.0, sum2 = 0.0, sum4 = 0.0, tail = 0.0, biggest = 0.0;
  double ks = 0.0, mean, var, se;
  uint32_t i;
  int finite = 1;
  if (!u)
    {
      printf ("Bail out! no memory\n");
      exit (1);
    }
  for (i = 0; i < N / 2; i++)
    {
      const uint32_t counter[4] = { i, 0, 0, 0 };
      uint32_t bits[4];
      double z[2];
      int j;
      lif__philox4x32_10 (counter, key, bits);
      u[2 * i] = lif__uniform_open (bits[0], bits[1]);
      u[2 * i + 1] = lif__uniform_open (bits[2], bits[3]);
      lif__normal_pair (bits, &z[0], &z[1]);
      for (j = 0; j < 2; j++)
        {
          finite = finite && isfinite (z[j]);
          sum += z[j];
          sum2 += z[j] * z[j];
          sum4 += z[j] * z[j] * z[j] * z[j];
          tail += fabs (z[j]) > 2.0;
          biggest = fmax (biggest, fabs (z[j]));
        }
    }
  /* Uniforms: the Kolmogorov-Smirnov distance to the uniform law, below
   * its 1% critical value 1.63 / sqrt(N). */
  qsort (u, N, sizeof *u, by_value);
  for (i = 0; i < N; i++)
    ks = fmax (ks, fmax (fabs (u[i] - (double)i / N),
                         fabs (u[i] - (double)(i + 1) / N)));
  printf ("# uniforms: KS distance %.3g (bound %.3g)\n", ks,
          1.63 / sqrt ((double)N));
  tap (ks < 1.63 / sqrt ((double)N), "uniforms pass Kolmogorov-Smirnov");
  free (u);

  /* Normals: mean 0, variance 1, kurtosis 3 and P(|z| > 2) = 0.0455, each
   * within 5 standard errors. */
  mean = sum / N;
  var = sum2 / N - mean * mean;
  se = 1.0 / sqrt ((double)N);
  printf ("# normals: mean %.3g, variance %.6f, fourth moment %.4f, "
          "P(|z| > 2) %.5f, largest |z| %.3f\n",
          mean, var, sum4 / N, tail / N, biggest);
  tap (finite, "normals are finite");
  tap (biggest < 8.6, "no normal beyond the radius 2^-53 allows");
  tap (fabs (mean) < 5.0 * se, "normal mean 0 within 5 standard errors");
  tap (fabs (var - 1.0) < 5.0 * sqrt (2.0) * se,
       "normal variance 1 within 5 standard errors");
  tap (fabs (sum4 / N - 3.0) < 5.0 * sqrt (96.0) * se,
       "normal fourth moment 3 within 5 standard errors");
  tap (fabs (tail / N - 0.0455002638963584)
           < 5.0 * sqrt (0.0455 * 0.9545) * se,
       "P(|z| > 2) within 5 standard errors");
}

int
main (void)
{
  printf ("1..13\n");
  known_answers ();
  uniform_range ();
  statistics ();
  return failures != 0;
}
