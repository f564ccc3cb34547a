/*
 * How many values each enumeration of lif.h has, counted with its _name
 * function: each enumeration starts at 0, is append-only, and its _name
 * function returns NULL past its last value. Tests that loop over the
 * steppers, timing modes, interpolations, parameters or recorded variables take their counts
 * from here, so that a value added to lif.h is tested without an edit.
 * Shared by the Check suites (through tests.h), the thread tests (through
 * tap.h) and the fuzzers.
 */
#ifndef LIF_TESTS_COUNTS_H
#define LIF_TESTS_COUNTS_H

#include <lif.h>

#include <stddef.h>

/* Room for the values of every parameter in a fixed array: more than lif.h
 * has (12). Code that fills such an array checks tst_param_count() against
 * it first. */
#define TST_MAX_PARAMS 32

/* The number of elements of an array (not of a pointer). */
#define TST_COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The values 0, 1, ... that `name` names, up to the first NULL. */
static inline int
tst_name_count (const char *(*name) (int))
{
  int n = 0;
  while (name (n) != NULL)
    n++;
  return n;
}

static inline int
tst_stepper_count (void)
{
  return tst_name_count (lif_stepper_name);
}

static inline int
tst_timing_count (void)
{
  return tst_name_count (lif_timing_name);
}

static inline int
tst_interpolation_count (void)
{
  return tst_name_count (lif_interpolation_name);
}

static inline int
tst_param_count (void)
{
  return tst_name_count (lif_param_name);
}

static inline int
tst_record_count (void)
{
  return tst_name_count (lif_record_name);
}

#endif /* LIF_TESTS_COUNTS_H */
