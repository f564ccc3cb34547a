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
} lif__clock;

/* t0 + k dt: the time at step k. */
static inline double
lif__clock_at (const lif__clock *c, int64_t k)
{
  return c->t0 + (double)k * c->dt;
}

/* The present time, t0 + n dt. */
static inline double
lif__clock_now (const lif__clock *c)
{
  return lif__clock_at (c, c->n);
}

/* Restarts the count at time t (t0 = t, n = 0): for when the time leaves
 * the grid (a shorter last step, a stop inside a step) or dt changes. */
static inline void
lif__clock_rebase (lif__clock *c, double t)
{
  c->t0 = t;
  c->n = 0;
}

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
