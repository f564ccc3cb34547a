/*
 * The settings a neuron and a batch share (engine.h).
 */
#include "engine.h"

#include "input.h"
#include "model.h"
#include "noise.h"

void
lif__engine_init (lif__engine *e)
{
  lif__clock_rebase (&e->clock, 0.0);
  e->clock.dt = 0.1;
  e->stepper = LIF_STEPPER_EXACT;
  e->timing = LIF_TIMING_PRECISE;
  e->spike_limit = 1000;
  e->input = NULL;
  e->seed = 0;
  e->stream = 0;
  e->progress = NULL;
  e->progress_data = NULL;
  e->progress_every = 0;
  e->sample_every = 0;
  e->running = 0;
  e->reporting = 0;
  atomic_init (&e->free_pending, 0);
}

int
lif__engine_set_stepper (lif__engine *e, int stepper)
{
  if (!lif__stepper_get (stepper))
    return LIF_EENUM;
  e->stepper = stepper;
  return LIF_OK;
}

int
lif__engine_set_timing (lif__engine *e, int timing, int *changed)
{
  *changed = 0;
  if (timing != LIF_TIMING_GRID && timing != LIF_TIMING_PRECISE)
    return LIF_EENUM;
  *changed = timing != e->timing;
  e->timing = timing;
  return LIF_OK;
}

int
lif__engine_set_spike_limit (lif__engine *e, size_t limit)
{
  if (limit == 0)
    return LIF_EINVAL;
  e->spike_limit = limit;
  return LIF_OK;
}

int
lif__engine_set_input (lif__engine *e, lif_input *input)
{
  if (!input)
    return LIF_ENULL;
  lif__input_hold (input); /* before the release, in case it is the same */
  lif_input_free (e->input);
  e->input = input;
  return LIF_OK;
}

void
lif__engine_clear_input (lif__engine *e)
{
  lif_input_free (e->input);
  e->input = NULL;
}

int
lif__engine_check_dt (double dt)
{
  return isfinite (dt) && dt > 0.0 ? LIF_OK : LIF_EINVAL;
}

int
lif__engine_shift_refractory (double now, double t, double *ref_end)
{
  double end;
  if (!(*ref_end > now))
    {
      *ref_end = -INFINITY;
      return LIF_OK;
    }
  end = t + (*ref_end - now);
  /* A period that would end where it starts at the new time (what it has
   * left is below the clock's resolution there) is refused, not dropped. */
  if (!isfinite (end) || !(end > t))
    return LIF_EINVAL;
  *ref_end = end;
  return LIF_OK;
}

double
lif__engine_refractory_left (const lif__engine *e, double ref_end,
                             double held_until)
{
  const lif__clock *c = &e->clock;
  double t = lif__clock_now (c);
  if (e->timing == LIF_TIMING_GRID)
    return held_until > (double)c->n ? (held_until - (double)c->n) * c->dt
                                     : 0.0;
  return ref_end > t ? ref_end - t : 0.0;
}

int
lif__engine_refractory_from_left (const lif__engine *e, double left,
                                  double *ref_end, int64_t *held_until)
{
  const lif__clock *c = &e->clock;
  double end = lif__clock_now (c) + left;
  if (!isfinite (left) || left < 0.0 || !isfinite (end))
    return LIF_EINVAL;
  /* Both forms, whatever the mode, so that switching the mode later holds
   * until the same end. */
  *ref_end = left > 0.0 ? end : -INFINITY;
  *held_until = c->n + lif__refractory_steps (left, c->dt);
  return LIF_OK;
}

int
lif__engine_check_room (const lif__engine *e, double steps)
{
  if (!lif__clock_has_room (&e->clock, steps))
    return LIF_EOVERFLOW;
  if (lif__input_noisy (e->input)
      && (double)e->clock.n + steps > (double)LIF__NOISE_MAX_STEPS)
    return LIF_EOVERFLOW;
  return LIF_OK;
}

int
lif__engine_check_stable (const lif__engine *e, double tau)
{
  const double limit = lif__stepper_get (e->stepper)->stability_limit;
  return limit == INFINITY || e->clock.dt / tau < limit ? LIF_OK
                                                        : LIF_EUNSTABLE;
}

int
lif__engine_set_progress (lif__engine *e, lif_progress_fn fn, size_t every,
                          void *user_data)
{
  if (fn && every == 0)
    return LIF_EINVAL;
  e->progress = fn;
  e->progress_data = user_data;
  /* Pieces longer than a run can be are the same as none. */
  e->progress_every = fn ? (int64_t)lif__min ((double)every, 0x1p62) : 0;
  return LIF_OK;
}

int64_t
lif__engine_piece (const lif__engine *e, int64_t done, int64_t steps)
{
  int64_t left = steps - done, piece = left;
  if (e->progress)
    {
      int64_t to_report = e->progress_every - done % e->progress_every;
      piece = to_report < piece ? to_report : piece;
    }
  if (e->sample_every > 0)
    {
      int64_t at = e->clock.n % e->sample_every;
      int64_t to_sample
          = e->sample_every - (at < 0 ? at + e->sample_every : at);
      piece = to_sample < piece ? to_sample : piece;
    }
  return piece;
}

int
lif__engine_report (lif__engine *e, int64_t done, int64_t steps, double t,
                    double t_end)
{
  int stop;
  if (!e->progress || done <= 0 || done >= steps
      || done % e->progress_every != 0)
    return lif__engine_stop_status (e);
  e->reporting = 1;
  stop = e->progress (t, t_end, e->progress_data);
  e->reporting = 0;
  return stop ? LIF_ECANCELED : lif__engine_stop_status (e);
}
