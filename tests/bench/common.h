/*
 * What the benchmark programs share: a monotonic clock, a check that stops
 * the program on an error, and the comparison qsort needs for medians.
 * Define BENCH_NAME, the program's name in its messages, before including.
 */
#ifndef LIF_BENCH_COMMON_H
#define LIF_BENCH_COMMON_H

#include <lif.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void
check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, BENCH_NAME ": %s: %s\n", what, lif_strerror (status));
      exit (EXIT_FAILURE);
    }
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

#endif /* LIF_BENCH_COMMON_H */
