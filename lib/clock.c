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

void
lif__clock_reach (lif__clock *c, double t)
{
  if (t >= lif__clock_at (c, c->n + 1))
    {
      c->n++;
      c->between = NAN;
    }
  else if (t > lif__clock_at (c, c->n))
    c->between = t;
}

void
lif__clock_move (lif__clock *c, double t)
{
  c->n += lif__clock_steps_until (c, c->n, t, LIF__MAX_STEPS - c->n);
  c->between = t > lif__clock_at (c, c->n) ? t : NAN;
}

int
lif__clock_span (const lif__clock *c, double duration, lif__span *s)
{
  const double now = lif__clock_now (c);
  double left = duration, steps, whole;
  int64_t n = c->n;
  s->first_end = NAN;
  s->whole = 0;
  s->partial = 0;
  s->end = now + duration;
  if (!isfinite (s->end))
    return LIF_EOVERFLOW;
  if (duration == 0.0)
    return LIF_OK;
  if (!lif__clock_on_grid (c))
    {
      const double next = lif__clock_at (c, ++n);
      s->first_end = lif__min (s->end, next);
      if (s->end <= next)
        return s->first_end > now ? LIF_OK : LIF_EINVAL;
      left = s->end - next;
    }
  /* Counted from the duration, not from clock readings, which on a clock
   * too coarse for dt do not move while the steps do. */
  steps = left / c->dt;
  if (lif__near_integer (steps, &whole))
    s->end = lif__clock_at (c, n + (int64_t)lif__min (whole, LIF__MAX_STEPS));
  else
    whole = floor (steps);
  if (!(whole <= (double)LIF__MAX_STEPS))
    return LIF_EOVERFLOW;
  s->whole = (int64_t)whole;
  /* A shorter last step, where the clock can tell its end from the grid
   * time before it (on a clock too coarse for dt it cannot). */
  s->partial = s->end > lif__clock_at (c, n + s->whole);
  if (s->whole == 0 && !s->partial && isnan (s->first_end))
    return LIF_EINVAL; /* the present would not move: never a silent no-op */
  return LIF_OK;
}

void
lif__clock_span_steps (const lif__clock *c, int64_t steps, lif__span *s)
{
  int64_t n = c->n;
  s->first_end = NAN;
  s->partial = 0;
  s->whole = steps;
  if (!lif__clock_on_grid (c) && steps > 0)
    {
      s->first_end = lif__clock_at (c, ++n);
      s->whole--;
    }
  s->end = lif__clock_at (c, n + s->whole);
}
