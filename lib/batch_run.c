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

/* The part of step n from the present to end, for every member through
 * its lane, under the members' own currents for it (from rows, from the
 * callback, or none). */
static int
part_of_step (lif_batch *b, double end, const double *row, int threads)
{
  const double a = lif__clock_now (&b->engine.clock);
  const double h = fmin (end - a, b->engine.clock.dt);
  const double *x;
  int rc;
  /* Room for the sample at the next grid time, which the step under way
   * reaches (and, for a clock too coarse for dt, a run's last, shorter
   * step may reach by rounding), before the callback is asked. */
  if ((rc = lif__batch_ready_sample (b, b->engine.clock.n + 1)) != LIF_OK)
    return rc;
  x = row ? row : callback_currents (b, a, h);
  if ((rc = lif__engine_stop_status (&b->engine)) != LIF_OK)
    return rc;
  if (x && !lif__all_finite (x, b->n))
    return LIF_EINPUT;
  rc = lif__batch_lane_step_all (b, a, end, h, 0, x, threads);
  if (rc == LIF_OK)
    {
      lif__clock_reach (&b->engine.clock, end);
      lif__batch_take_sample (b);
    }
  return rc;
}

/* Runs over a span (clock.h): the rest of the step under way, whole steps
 * (rows: the members' own currents step by step from the first, or NULL),
 * and a shorter last step. */
static int
run (lif_batch *b, const lif__span *span, const double *rows)
{
  const lif__stepper *st = lif__stepper_get (b->engine.stepper);
  const int64_t steps = span->whole;
  /* Threads are chosen for each parallel loop from the work it does
   * between starting the threads and joining them: here one step of every
   * member, under a per-step drive or through the lanes; a constant
   * stretch chooses for each of its chunks. */
  const int threads = lif__batch_threads_for (b, (double)b->n);
  int rc;
  size_t i;
  int64_t done = 0;
  if ((rc = check_stable (b)) != LIF_OK)
    return rc;
  /* The rest of a step under way ends at a grid time too: room for it. */
  if ((rc = lif__engine_check_room (&b->engine,
                                    (double)steps + !isnan (span->first_end)))
      != LIF_OK)
    return rc;
  if (!isnan (span->first_end))
    {
      if ((rc = part_of_step (b, span->first_end, rows, threads)) != LIF_OK)
        return rc;
      if (rows)
        rows += b->n;
    }
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
      const lif_input *in = b->engine.input;
      /* An input that is not constant between breakpoints runs in
       * stretches too, member by member (batch_stretch.c), unless it has
       * a callback, which single steps ask once a step in time order. */
      int member_wise
          = !lif__input_piecewise_constant (in) && !lif__input_calls_back (in);
      int per_step = rows || b->current_fn
                     || !(lif__input_piecewise_constant (in) || member_wise);
      if (per_step)
        {
          const double *x;
          if ((rc = lif__batch_ready_sample (b, b->engine.clock.n + 1))
              != LIF_OK)
            break;
          x = rows ? rows + (size_t)done * b->n
                   : callback_currents (b, a, b->engine.clock.dt);
          if ((rc = lif__engine_stop_status (&b->engine)) != LIF_OK)
            break;
          rc = lif__batch_single_step (b, st, x ? x : b->own_current, threads);
          done += rc == LIF_OK;
        }
      else
        {
          double bp = b->engine.input
                          ? lif__input_next_breakpoint (b->engine.input, a)
                          : INFINITY;
          int64_t k = lif__clock_steps_until (
                      &b->engine.clock, b->engine.clock.n, bp,
                      lif__engine_piece (&b->engine, done, steps)),
                  taken = 0;
          if ((rc = lif__batch_ready_sample (b, b->engine.clock.n
                                                    + (k > 0 ? k : 1)))
              != LIF_OK)
            break;
          if (k > 0 && member_wise)
            rc = lif__batch_member_stretch (b, st, k, &taken);
          else if (k > 0)
            rc = lif__batch_constant_stretch (b, st, k, &taken);
          else
            {
              rc = lif__batch_lane_step_all (
                  b, a,
                  lif__clock_at (&b->engine.clock, b->engine.clock.n + 1),
                  b->engine.clock.dt, 1, NULL, threads);
              if (rc == LIF_OK)
                b->engine.clock.n++;
              taken = rc == LIF_OK;
            }
          done += taken;
        }
      /* Where a piece ends: the steps above never pass a sample. */
      if (rc == LIF_OK)
        lif__batch_take_sample (b);
      if (rc == LIF_OK)
        rc = lif__engine_report (&b->engine, done, steps,
                                 lif__clock_now (&b->engine.clock), span->end);
    }
  if (rc == LIF_OK && span->partial
      && span->end > lif__clock_now (&b->engine.clock))
    rc = part_of_step (b, span->end, NULL, threads);
  return rc;
}

/* Runs with the batch marked as running, so that its callbacks cannot
 * change it under the run; frees it afterwards when a callback asked for it
 * (the run then stopped early, LIF_ECANCELED). */
static int
guarded_run (lif_batch *b, const lif__span *span, const double *rows)
{
  int rc;
  if (b->engine.running)
    return LIF_EBUSY;
  b->engine.running = 1;
  rc = run (b, span, rows);
  b->engine.running = 0;
  if (lif__engine_stop_status (&b->engine) == LIF_ECANCELED)
    {
      lif_batch_free (b);
      return LIF_ECANCELED;
    }
  return rc;
}

int
lif_batch_step (lif_batch *batch)
{
  lif__span span;
  if (!batch)
    return LIF_ENULL;
  lif__clock_span_steps (&batch->engine.clock, 1, &span);
  return guarded_run (batch, &span, NULL);
}

int
lif_batch_run (lif_batch *batch, double duration)
{
  lif__span span;
  int rc;
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running) /* first: from a callback, always busy */
    return LIF_EBUSY;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  if ((rc = lif__clock_span (&batch->engine.clock, duration, &span)) != LIF_OK)
    return rc;
  return guarded_run (batch, &span, NULL);
}

int
lif_batch_run_currents (lif_batch *batch, const double *currents, size_t steps)
{
  lif__span span;
  if (!batch || (steps > 0 && !currents))
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  if ((double)steps > (double)LIF__MAX_STEPS)
    return LIF_EOVERFLOW;
  /* No shortcut for 0 steps: every run, however short, checks the
   * stepper's stability first, as lif_batch_run(b, 0) and a lone neuron's
   * runs do. */
  lif__clock_span_steps (&batch->engine.clock, (int64_t)steps, &span);
  return guarded_run (batch, &span, currents);
}
