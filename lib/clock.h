/*
 * The clock of a neuron or a batch: the time at step k is t0 + k dt, with k
 * counted, never accumulated, so that a run of a million steps ends exactly
 * where one step a million dt long would. Both objects keep one lif__clock
 * and ask it every question about grid times.
 */
#ifndef LIF_CLOCK_H
#define LIF_CLOCK_H

#include "internal.h"

typedef struct lif__clock
{
  double t0;
  int64_t n; /* whole steps taken since t0 */
  double dt;
  /* A run that ends between two grid times leaves the present there,
   * at_n < between < at_n+1, and the step under way is finished by the
   * next run: the grid never moves. NAN while the present is on the grid,
   * at step n. */
  double between;
} lif__clock;

/* t0 + k dt: the time at step k. */
static inline double
lif__clock_at (const lif__clock *c, int64_t k)
{
  return c->t0 + (double)k * c->dt;
}

/* Whether the present time is a grid time (t0 + n dt). */
static inline int
lif__clock_on_grid (const lif__clock *c)
{
  return isnan (c->between);
}

/* The present time: t0 + n dt, or the time between grid steps a run
 * reached. */
static inline double
lif__clock_now (const lif__clock *c)
{
  return lif__clock_on_grid (c) ? lif__clock_at (c, c->n) : c->between;
}

/* Starts a new grid at time t (t0 = t, n = 0): for when the time is set or
 * dt changes. */
static inline void
lif__clock_rebase (lif__clock *c, double t)
{
  c->t0 = t;
  c->n = 0;
  c->between = NAN;
}

/* Moves the present to t, reached by integrating from the present up to t
 * inside step n: on to the grid at step n + 1 when t is its end, else
 * between grid times. */
void lif__clock_reach (lif__clock *c, double t);

/* Moves the present to t, any time from the present on: the whole steps
 * up to it are counted, and t is between grid times or on one. */
void lif__clock_move (lif__clock *c, double t);

/* How a run of a duration goes over the grid: the end of the step under
 * way (when the present is between grid times), whole steps, and a shorter
 * last step that ends between grid times. */
typedef struct lif__span
{
  double first_end; /* where the step under way is taken to; NAN if none */
  int64_t whole;    /* whole grid steps after it */
  int partial;      /* whether a shorter step then ends the run at end */
  double end;       /* where the run ends */
} lif__span;

/* The span of a run of `duration` (finite, >= 0) from the present. A run
 * whose end is a grid time up to rounding (lif__near_integer) ends on it.
 * LIF_EINVAL when a positive duration is too short to move the present
 * (it rounds away at this time), LIF_EOVERFLOW when the end is not
 * finite or the steps do not fit the count. */
int lif__clock_span (const lif__clock *c, double duration, lif__span *s);

/* The span of `steps` steps: from between grid times, the first one ends
 * the step under way. */
void lif__clock_span_steps (const lif__clock *c, int64_t steps, lif__span *s);

/* Whether the clock has room for `steps` more whole steps: the count stays
 * below LIF__MAX_STEPS, and the time at their end and the product n dt it
 * is computed from stay finite (t0 = -1.9e308, dt = 1.1e308: t0 + 2 dt is
 * 3.3e307, but 2 dt overflows). */
int lif__clock_has_room (const lif__clock *c, double steps);

/* The number of whole steps from step `from` on whose ends are at or before
 * limit, at most cap: the grid times decide, not the division that
 * estimates it. */
int64_t lif__clock_steps_until (const lif__clock *c, int64_t from,
                                double limit, int64_t cap);

/* Moves j, an estimate of lif__clock_steps_until (c, from, limit, cap), to
 * the exact count a step at a time, so that any start gives the same count.
 * Returns it, or -1 when `moves` steps did not reach it. */
static inline int64_t
lif__clock_settle (const lif__clock *c, int64_t from, double limit,
                   int64_t cap, int64_t j, int64_t moves)
{
  for (;;)
    {
      int down = j > 0 && lif__clock_at (c, from + j) > limit;
      int up = !down && j < cap && lif__clock_at (c, from + j + 1) <= limit;
      if (!down && !up)
        return j;
      if (moves-- == 0)
        return -1;
      j += up ? 1 : -1;
    }
}

#endif /* LIF_CLOCK_H */
