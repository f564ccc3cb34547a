/*
 * Counting grid steps (clock.h).
 */
#include "clock.h"

int
lif__clock_has_room (const lif__clock *c, double steps)
{
  double span;
  if (!(steps <= (double)(LIF__MAX_STEPS - c->n)))
    return 0;
  span = ((double)c->n + steps) * c->dt;
  return isfinite (span) && isfinite (c->t0 + span);
}

int64_t
lif__clock_steps_until (const lif__clock *c, int64_t from, double limit,
                        int64_t cap)
{
  double estimate;
  if (limit == INFINITY)
    return cap;
  if (!(limit >= lif__clock_at (c, from)))
    return 0;
  estimate = floor ((limit - c->t0) / c->dt) - (double)from;
  if (!(estimate < (double)cap))
    estimate = (double)cap;
  /* The division rounds; the grid times themselves decide. */
  return lif__clock_settle (c, from, limit, cap,
                            estimate > 0.0 ? (int64_t)estimate : 0, INT64_MAX);
}
