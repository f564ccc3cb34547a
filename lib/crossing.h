/*
 * Where the exact trajectory of a membrane under a built-in input that
 * varies first reaches the threshold inside a segment: found with a
 * certificate, not only between the segment's ends (crossing.c).
 */
#ifndef LIF_CROSSING_H
#define LIF_CROSSING_H

#include "internal.h"
#include "params.h"

/* Whether V stays below v_th all through a segment over which V relaxes
 * with the factor g = 1 - rise (rise = 1 - exp(-length / tau)) towards a
 * drive that is at most u_max: V + rise max(0, u_max - V) < v_th, the
 * bound the crossing search and the steppers' loops test. */
static inline int
lif__step_clears (double V, double rise, double u_max, double v_th)
{
  return V + rise * lif__max (0.0, u_max - V) < v_th;
}

/* A segment [a, a + len] that holds no input breakpoint, over which V
 * goes from v0 to v1 under the input plus the constant current extra, as
 * the exact stepper integrates it (lif__input_exp_mean). */
typedef struct lif__trajectory
{
  const lif_input *input;
  const lif__params *p;
  double extra;
  double a;
  double len;
  double v0;
  double v1;
  /* The values of V the search may still take to clear parts of the
   * segment, shared by the segments of one step (a step split at a
   * million breakpoints must not cost a million searches); once spent,
   * parts are cleared by their ends alone. Locating a crossing found is
   * not counted. */
  int *budget;
} lif__trajectory;

/* The budget of one step of length h, or of one piece of an event-driven
 * run, under this input: 64 values of V, and 16 more for each period of
 * its fastest sine inside the step (up to 256 periods), so that a drive
 * oscillating many times a step is followed through every oscillation. */
int lif__crossing_budget (const lif_input *input, double h);

/* Whether V reaches v_th inside (0, len] of the segment, v0 < v_th, and
 * where (*at, from a): the first time it does, even when V rises above
 * v_th and falls back below before the segment ends. */
int lif__trajectory_crossing (const lif__trajectory *tr, double v_th,
                              double *at);

#endif /* LIF_CROSSING_H */
