/*
 * What the Check suites of liblif share: one suite constructor per area
 * (assembled by check_lif.c) and small helpers that keep the tests short.
 *
 * Each area has its file, tests/test_<area>.c, whatever found the defect a
 * test guards against. A test that comes from a finding of the fuzzers
 * (tests/fuzz/) or of a review says so in its comment ("Finding NN"); the
 * input that found it is kept as finding-NN-* in the fuzzer's corpus
 * (tests/fuzz/corpus for the API fuzzer, corpus-batch and corpus-sim for
 * the batch and lif-sim ones), so the fuzzers replay it too. A finding that
 * needs a failing allocation is tested in tests/check_faults.c (finding 12:
 * sim_build_out_of_memory).
 */
#ifndef LIF_TESTS_H
#define LIF_TESTS_H

#include "counts.h"

#include <check.h>
#include <lif.h>
#include <math.h>
#include <stddef.h>

Suite *suite_version (void);
Suite *suite_errors (void);
Suite *suite_params (void);
Suite *suite_inputs (void);
Suite *suite_steppers (void);
Suite *suite_spikes (void);
Suite *suite_run (void);
Suite *suite_convergence (void);
Suite *suite_analytic (void);
Suite *suite_batch (void);
Suite *suite_embedding (void);
Suite *suite_checkpoint (void);
Suite *suite_monitor (void);
Suite *suite_noise (void);
Suite *suite_events (void);

/* Loop tests over every stepper, timing mode, interpolation or parameter
 * take their counts from counts.h (tst_stepper_count() and the like), which
 * asks lif.h's _name functions, so that a value added to the library is
 * tested without an edit. Check's tcase_add_loop_test() needs the end when
 * the suite is built: call them there, and again in the test to split _i. */

/* Asserts that a liblif call returned the expected status, naming both. */
#define ck_assert_status(call, expected)                                      \
  do                                                                          \
    {                                                                         \
      int ck_status_ = (call);                                                \
      int ck_expected_ = (expected);                                          \
      ck_assert_msg (                                                         \
          ck_status_ == ck_expected_, "%s returned %s, not %s", #call,        \
          lif_error_name (ck_status_) ? lif_error_name (ck_status_) : "?",    \
          lif_error_name (ck_expected_));                                     \
    }                                                                         \
  while (0)

#define ck_assert_ok(call) ck_assert_status (call, LIF_OK)

/* Fails the test unless `table`, an array with one expected value per value
 * of an enumeration (an expected order per stepper, a default per
 * parameter), has exactly `count` entries, the number the library names
 * (counts.h): a value added to lif.h must get its entry here before any
 * test reads past the end of the table. */
#define ck_assert_covers(table, count, what)                                  \
  ck_assert_msg (TST_COUNT (table) == (size_t)(count),                        \
                 "%s has %zu entries, but liblif names %d %s: give every "    \
                 "one its entry",                                             \
                 #table, TST_COUNT (table), (int)(count), what)

/* A new neuron with the defaults; fails the test if it cannot be made. */
lif_neuron *tst_neuron (void);

/* Sets one parameter, failing the test if it is refused. */
void tst_set (lif_neuron *n, int param, double value);

/* Reads one parameter. */
double tst_get (const lif_neuron *n, int param);

/* All recorded spike times, in a malloc'd array the caller frees; *count
 * receives how many. */
double *tst_spikes (const lif_neuron *n, size_t *count);

/* A neuron set up as the seed notebook's constant-current scenario S1:
 * E_L = 0, V_reset = V_0 = V = 0.4, R = 6.4, C = 0.9, V_th = 5. */
lif_neuron *tst_notebook_neuron (void);

/* Everything a caller can observe of a neuron, to prove a refused call
 * changed nothing. */
typedef struct tst_snapshot
{
  double params[TST_MAX_PARAMS];
  int stepper, timing;
  size_t spike_limit, spike_count;
  double last_spike;
} tst_snapshot;

void tst_snapshot_take (const lif_neuron *n, tst_snapshot *s);

/* Fails the test unless both snapshots are identical bit for bit. */
void tst_snapshot_same (const tst_snapshot *a, const tst_snapshot *b);

/* The kinds of input the loop tests run through, each scaled by *level
 * (which must outlive the input: its callback reads it): 0 none, 1
 * constant, 2 a pulse with off-grid edges, 3 a sine, 4 a callback, 5 the
 * sum of a pulse train and a sine, 6 a linear table. tst_input_kind_count()
 * is how many there are, from check_lif.c's list of them. */
int tst_input_kind_count (void);
lif_input *tst_input (int kind, const double *level);

/* |a - b| <= tol * max(1, |b|): relative for large values, absolute near 0. */
int tst_close (double a, double b, double tol);

#endif /* LIF_TESTS_H */
