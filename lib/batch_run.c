/*
 * Running a batch.
 *
 * Each member must compute exactly what a lone neuron would, so a batch runs
 * the same kinds of steps a lone neuron runs (run.c), only for many members
 * at once: stretches of steps under a constant drive (batch_stretch.c),
 * single steps under a drive that changes every step, and steps that every
 * member takes through its lane (batch_step.c). In all of them a member
 * whose step is not plain (it would reach its threshold, its refractory
 * period ends inside the step, its drive is out of range) takes that step as
 * a lone neuron does (batch_member.h). This file checks a run, chooses the
 * kind of step, and ends the run.
 */
#include "batch.h"

#include "batch_member.h"
#include "input.h"

#include <string.h>

/* Whether every member's step is stable. */
static int
check_stable (const lif_batch *b)
{
  size_t i;
  int rc = LIF_OK;
  for (i = 0; i < b->n && rc == LIF_OK; i++)
    rc = lif__engine_check_stable (&b->engine, b->param.tau[i]);
  return rc;
}

/* Whether `steps` more whole steps keep the clock representable. */
static int
check_room (const lif_batch *b, double steps)
{
  return lif__clock_has_room (&b->engine.clock, steps) ? LIF_OK
                                                       : LIF_EOVERFLOW;
}

/* The members' own currents for the step [a, a + h]: from the callback, or
 * none (zeros). */
static const double *
callback_currents (lif_batch *b, double a, double h)
{
  if (!b->current_fn)
    return NULL;
  b->current_fn (a, h, b->own_current, b->n, b->current_data);
  return b->own_current;
}

/* Runs `steps` whole steps (rows: per-step currents, or NULL) and then, if
 * end is finite, the shorter step that ends exactly at end. */
static int
run (lif_batch *b, int64_t steps, const double *rows, double end)
{
  const lif__stepper *st = lif__stepper_get (b->engine.stepper);
  /* Threads are chosen for each parallel loop from the work it does
   * between starting the threads and joining them: here one step of every
   * member, under a per-step drive or through the lanes; a constant
   * stretch chooses for each of its chunks. */
  const double members = (double)b->n;
  int rc;
  size_t i;
  int64_t done = 0;
  if ((rc = check_stable (b)) != LIF_OK)
    return rc;
  if ((rc = check_room (b, (double)steps)) != LIF_OK)
    return rc;
  /* The whole steps each member's t_ref holds on the grid, once a run;
   * the per-member currents default to none. */
  for (i = 0; i < b->n; i++)
    {
      if (b->engine.timing == LIF_TIMING_GRID)
        b->held_steps[i] = (double)lif__refractory_steps (b->param.t_ref[i],
                                                          b->engine.clock.dt);
      lif__member_arm_step (b, i, b->engine.clock.n);
    }
  if (!rows && !b->current_fn)
    memset (b->own_current, 0, b->n * sizeof *b->own_current);
  while (done < steps && rc == LIF_OK)
    {
      double a = lif__clock_now (&b->engine.clock);
      int per_step = rows || b->current_fn
                     || !lif__input_piecewise_constant (b->engine.input);
      if (per_step)
        {
          const double *x = rows
                                ? rows + (size_t)done * b->n
                                : callback_currents (b, a, b->engine.clock.dt);
          rc = lif__batch_single_step (b, st, x ? x : b->own_current,
                                       lif__batch_threads_for (b, members));
          done += rc == LIF_OK;
        }
      else
        {
          double bp = b->engine.input
                          ? lif__input_next_breakpoint (b->engine.input, a)
                          : INFINITY;
          int64_t k = lif__clock_steps_until (
                      &b->engine.clock, b->engine.clock.n, bp, steps - done),
                  taken = 0;
          if (k > 0)
            rc = lif__batch_constant_stretch (b, st, k, &taken);
          else
            {
              rc = lif__batch_lane_step_all (
                  b, a,
                  lif__clock_at (&b->engine.clock, b->engine.clock.n + 1),
                  b->engine.clock.dt, 1, NULL,
                  lif__batch_threads_for (b, members));
              if (rc == LIF_OK)
                b->engine.clock.n++;
              taken = rc == LIF_OK;
            }
          done += taken;
        }
    }
  if (rc == LIF_OK && isfinite (end)
      && end > lif__clock_now (&b->engine.clock))
    {
      double a = lif__clock_now (&b->engine.clock);
      const double *x
          = callback_currents (b, a, fmin (end - a, b->engine.clock.dt));
      if (x && !lif__all_finite (x, b->n))
        rc = LIF_EINPUT;
      else
        rc = lif__batch_lane_step_all (b, a, end,
                                       fmin (end - a, b->engine.clock.dt), 0,
                                       x, lif__batch_threads_for (b, members));
      if (rc == LIF_OK)
        {
          lif__batch_rebase (b, end);
          return LIF_OK;
        }
    }
  return rc;
}

int
lif_batch_step (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  return run (batch, 1, NULL, NAN);
}

int
lif_batch_run (lif_batch *batch, double duration)
{
  double steps, whole, end;
  if (!batch)
    return LIF_ENULL;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  steps = duration / batch->engine.clock.dt;
  end = lif__clock_now (&batch->engine.clock) + duration;
  if (!isfinite (end))
    return LIF_EOVERFLOW;
  if (lif__near_integer (steps, &whole))
    end = NAN;
  else
    whole = floor (steps);
  if (!(whole <= (double)LIF__MAX_STEPS))
    return LIF_EOVERFLOW;
  return run (batch, (int64_t)whole, NULL, end);
}

int
lif_batch_run_currents (lif_batch *batch, const double *currents, size_t steps)
{
  if (!batch || (steps > 0 && !currents))
    return LIF_ENULL;
  if ((double)steps > (double)LIF__MAX_STEPS)
    return LIF_EOVERFLOW;
  /* No shortcut for 0 steps: every run, however short, checks the
   * stepper's stability first, as lif_batch_run(b, 0) and a lone neuron's
   * runs do. */
  return run (batch, (int64_t)steps, currents, NAN);
}
