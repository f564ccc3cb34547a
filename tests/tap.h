/*
 * The TAP output of the tests that run as plain programs rather than Check
 * suites: the thread tests (tests/threads.c, tests/batch_threads.c), whose
 * threads are their own, and those of the library's insides compiled into
 * them (tests/random.c, tests/bridge.c). Each program prints its plan
 * ("1..N") itself and exits non-zero when any test failed. counts.h gives
 * them the number of steppers and timing modes.
 */
#ifndef LIF_TESTS_TAP_H
#define LIF_TESTS_TAP_H

#include "counts.h"

#include <lif.h>

#include <stdio.h>
#include <stdlib.h>

static int failures, test_number;

/* One numbered result line. */
static inline void
tap (int ok, const char *what)
{
  printf ("%sok %d - %s\n", ok ? "" : "not ", ++test_number, what);
  if (!ok)
    failures++;
}

/* Stops the program on a call that must not fail: the test is void then. */
static inline void
must (int rc, const char *what)
{
  if (rc != LIF_OK)
    {
      printf ("Bail out! %s: %s\n", what, lif_strerror (rc));
      exit (1);
    }
}

#endif /* LIF_TESTS_TAP_H */
