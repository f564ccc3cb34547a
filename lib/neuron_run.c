/*
 * The public runs of a lone neuron: their checks, the guard that keeps a
 * neuron's callbacks from changing it under a run, and the caller's
 * arrays. How a run goes over the clock is run.c's; event to event,
 * lane_events.c's.
 */
#include "neuron.h"

#include "input.h"

/* Marks the neuron as running, so that its callbacks cannot change it
 * under the run; end_run undoes it. */
static int
start_run (lif_neuron *nrn)
{
  if (nrn->engine.running)
    return LIF_EBUSY;
  nrn->engine.running = 1;
  return LIF_OK;
}

/* Ends a run that returned rc: frees the neuron when a callback asked for it
 * (the run then stopped early, LIF_ECANCELED). */
static int
end_run (lif_neuron *nrn, int rc)
{
  nrn->engine.running = 0;
  if (lif__engine_stop_status (&nrn->engine) == LIF_ECANCELED)
    {
      lif_neuron_free (nrn);
      return LIF_ECANCELED;
    }
  return rc;
}

int
lif_neuron_step (lif_neuron *neuron)
{
  lif__span span;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if ((rc = start_run (neuron)) != LIF_OK)
    return rc;
  lif__clock_span_steps (&neuron->engine.clock, 1, &span);
  return end_run (neuron, lif__neuron_run_span (neuron, &span, NULL, 0));
}

/* Checks shared by event-driven runs: the input must be known in closed
 * form. */
static int
check_events (const lif_neuron *nrn)
{
  return lif__input_closed_form (nrn->engine.input) ? LIF_OK : LIF_EEVENTS;
}

/* lif_neuron_run and lif_neuron_run_events: a run of `duration`, by steps
 * or event to event. */
static int
run_for (lif_neuron *neuron, double duration, int events)
{
  lif__span span;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running) /* first: from a callback, always busy */
    return LIF_EBUSY;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  if (events && (rc = check_events (neuron)) != LIF_OK)
    return rc;
  if ((rc = lif__clock_span (&neuron->engine.clock, duration, &span))
      != LIF_OK)
    return rc;
  if ((rc = start_run (neuron)) != LIF_OK)
    return rc;
  return end_run (neuron, lif__neuron_run_span (neuron, &span, NULL, events));
}

int
lif_neuron_run (lif_neuron *neuron, double duration)
{
  return run_for (neuron, duration, 0);
}

int
lif_neuron_run_trace (lif_neuron *neuron, size_t steps, double *t, double *v,
                      double *current, size_t *steps_done)
{
  lif__span span;
  lif__trace tr;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if ((rc = start_run (neuron)) != LIF_OK)
    return rc;
  /* More steps than one clock can count are refused, not cut to that many
   * (which a clock at n = 0 has room for). */
  if ((uint64_t)steps > (uint64_t)LIF__MAX_STEPS)
    return end_run (neuron, LIF_EOVERFLOW);
  tr.t = t;
  tr.v = v;
  tr.current = current;
  tr.count = 0;
  tr.started = 0;
  lif__clock_span_steps (&neuron->engine.clock, (int64_t)steps, &span);
  rc = lif__neuron_run_span (neuron, &span, &tr, 0);
  /* Nothing is written when the run was refused before its first step;
   * a run that stops part-way in its first step has done 0 steps. */
  if (steps_done && tr.started)
    *steps_done = tr.count;
  return end_run (neuron, rc);
}

int
lif_neuron_run_events (lif_neuron *neuron, double duration)
{
  return run_for (neuron, duration, 1);
}

int
lif_neuron_run_sampled (lif_neuron *neuron, const double *times, size_t count,
                        double *v, double *current, size_t *samples_done)
{
  size_t i;
  double prev;
  int rc = LIF_OK;
  if (!neuron || (count > 0 && !times))
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  if ((rc = check_events (neuron)) != LIF_OK)
    return rc;
  /* Every time is checked before the first moves the neuron. */
  prev = lif__clock_now (&neuron->engine.clock);
  for (i = 0; i < count; i++)
    {
      if (!isfinite (times[i]) || times[i] < prev)
        return LIF_EINVAL;
      prev = times[i];
    }
  if ((rc = start_run (neuron)) != LIF_OK)
    return rc;
  for (i = 0; i < count && rc == LIF_OK; i++)
    {
      const double now = lif__clock_now (&neuron->engine.clock);
      lif__span span;
      if (times[i] > now)
        {
          rc = lif__clock_span (&neuron->engine.clock, times[i] - now, &span);
          if (rc == LIF_OK)
            rc = lif__neuron_run_span (neuron, &span, NULL, 1);
          if (rc != LIF_OK)
            break;
        }
      if (v)
        v[i] = neuron->s.V;
      if (current)
        current[i] = (neuron->engine.input ? lif__input_value (
                          neuron->engine.input,
                          lif__clock_now (&neuron->engine.clock), LIF__RIGHT)
                                           : 0.0)
                     + neuron->p.I_bias;
    }
  if (samples_done)
    *samples_done = i;
  return end_run (neuron, rc);
}
