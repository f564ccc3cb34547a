/*
 * What every source file of liblif shares: the public header, the standard
 * headers the implementation uses, and small helpers that would otherwise be
 * written again in several files. Nothing here is exported.
 */
#ifndef LIF_INTERNAL_H
#define LIF_INTERNAL_H

#include <lif.h>

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* Forces a function inline, so that each caller gets a copy compiled for
 * its own constants and target (the steppers' loop templates, the batch's
 * vector kernels). Written `static inline LIF__ALWAYS_INLINE`. */
#if defined(__GNUC__)
#define LIF__ALWAYS_INLINE __attribute__ ((always_inline))
#else
#define LIF__ALWAYS_INLINE
#endif

/* Grid times are t0 + n dt with an integer step count n. It stays below 2^53
 * so that (double) n is exact: no two grid points can coincide. */
#define LIF__MAX_STEPS ((int64_t)1 << 53)

/* The most input breakpoints one step is split at before a run gives up with
 * LIF_EBREAKPOINTS, so that a pulse train far finer than dt cannot stall a
 * run. The number is documented in lif.h. */
#define LIF__MAX_BREAKPOINTS_PER_STEP ((size_t)1 << 20)

/* The most terms a sum holds once flattened. A sum of sums copies its
 * terms' terms, so s = sum(s, s) doubles the count each time: without a
 * bound, thirty such calls would ask for 16 GiB and evaluation would crawl.
 * Past it lif_input_new_sum() refuses with LIF_EOVERFLOW before allocating
 * anything. 2^20 terms take 16 MiB. The number is documented in lif.h. */
#define LIF__MAX_SUM_TERMS ((size_t)1 << 20)

/* The smaller of two numbers that are not NaN, without a call to libm. */
static inline double
lif__min (double a, double b)
{
  return b < a ? b : a;
}

/* The greater of a and b; a when b is NaN. */
static inline double
lif__max (double a, double b)
{
  return b > a ? b : a;
}

/* round(), inline for the counts it serves (|x| < 2^52; beyond that x is
 * an integer already). */
static inline double
lif__round (double x)
{
  if (!(fabs (x) < 4503599627370496.0))
    return x;
  return (double)(int64_t)(x + (x < 0.0 ? -0.5 : 0.5));
}

/* Whether a number of steps is, up to rounding, the integer *nearest: within
 * a few ulps of the count, or of 1 for less than one step. This is the one
 * tolerance liblif uses to turn durations into step counts, so that
 * 100 / 0.01 is 10000 steps and 0.3 / 0.1 is 3, while a millionth of a step
 * is a millionth of a step, not none. */
static inline int
lif__near_integer (double steps, double *nearest)
{
  double r = lif__round (steps);
  double tol = 8.0 * DBL_EPSILON * fmax (1.0, fabs (steps));
  *nearest = r;
  return fabs (steps - r) <= tol;
}

#endif /* LIF_INTERNAL_H */
