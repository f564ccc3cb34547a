/*
 * Creating, copying and configuring neurons. Every setter checks its value
 * before it changes anything. What a neuron recorded is read in
 * neuron_record.c, its saved states in neuron_state.c.
 */
#include "neuron.h"

#include "alloc.h"
#include "input.h"

#include <string.h>

static void
update_step_coefficients (lif_neuron *nrn)
{
  lif__stepper_coefficients (lif__stepper_get (nrn->engine.stepper),
                             nrn->engine.clock.dt / nrn->p.tau, &nrn->step);
  lif__ou_coefficients (nrn->engine.clock.dt, nrn->p.tau,
                        lif__input_ou_tau (nrn->engine.input), &nrn->step.ou);
}

static void
reset_state (lif_neuron *nrn)
{
  lif__clock_rebase (&nrn->engine.clock, 0.0);
  nrn->s.V = nrn->p.V_0;
  nrn->s.ref_end = -INFINITY;
  nrn->s.held_until = 0;
  nrn->s.ou = 0.0;
  nrn->spike_count = 0;
  nrn->monitor.samples = 0;
}

int
lif_neuron_new (lif_neuron **neuron)
{
  lif_neuron *nrn;
  if (!neuron)
    return LIF_ENULL;
  nrn = lif__malloc (sizeof *nrn);
  if (!nrn)
    return LIF_ENOMEM;
  memset (nrn, 0, sizeof *nrn);
  lif__monitor_init (&nrn->monitor, 1);
  lif__params_default (&nrn->p);
  lif__engine_init (&nrn->engine);
  reset_state (nrn);
  update_step_coefficients (nrn);
  *neuron = nrn;
  return LIF_OK;
}

void
lif_neuron_free (lif_neuron *neuron)
{
  if (!neuron)
    return;
  if (neuron->engine.running)
    {
      /* From a callback: the run frees it on its way out (run.c). */
      atomic_store_explicit (&neuron->engine.free_pending, 1,
                             memory_order_relaxed);
      return;
    }
  lif__engine_clear_input (&neuron->engine);
  lif__free (neuron->spikes);
  lif__monitor_free (&neuron->monitor);
  lif__free (neuron);
}

int
lif_neuron_clone (const lif_neuron *neuron, lif_neuron **clone)
{
  lif_neuron *c;
  lif__monitor monitor;
  double *spikes = NULL;
  if (!neuron || !clone)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  c = lif__malloc (sizeof *c);
  if (c && neuron->spike_count > 0)
    {
      spikes = lif__malloc_array (neuron->spike_count, sizeof *spikes);
      if (!spikes)
        {
          lif__free (c);
          c = NULL;
        }
    }
  if (c && lif__monitor_copy (&neuron->monitor, &monitor) != LIF_OK)
    {
      lif__free (spikes);
      lif__free (c);
      c = NULL;
    }
  if (!c)
    return LIF_ENOMEM;
  *c = *neuron;
  c->monitor = monitor;
  if (spikes)
    memcpy (spikes, neuron->spikes, neuron->spike_count * sizeof *spikes);
  c->spikes = spikes;
  c->spike_capacity = neuron->spike_count;
  if (c->engine.input)
    lif__input_hold (c->engine.input);
  *clone = c;
  return LIF_OK;
}

int
lif_neuron_reset (lif_neuron *neuron)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  reset_state (neuron);
  return LIF_OK;
}

void
lif__neuron_recount_refractory (lif_neuron *nrn)
{
  nrn->s.held_until = nrn->engine.clock.n
                      + lif__refractory_steps_left (
                          nrn->s.ref_end, lif__clock_now (&nrn->engine.clock),
                          nrn->engine.clock.dt);
}

void
lif__neuron_rebase (lif_neuron *nrn, double t)
{
  lif__clock_rebase (&nrn->engine.clock, t);
  lif__neuron_recount_refractory (nrn);
}

/* One parameter or state variable, as lif_neuron_set() documents; the order
 * rule V_th > V_reset is checked only when check_order is set. */
static int
set_one (lif_neuron *nrn, int param, double value, int check_order)
{
  double now = lif__clock_now (&nrn->engine.clock);
  int rc;
  switch (param)
    {
    case LIF_PARAM_V:
      if (!isfinite (value))
        return LIF_EINVAL;
      nrn->s.V = value;
      return LIF_OK;
    case LIF_PARAM_T:
      if (!isfinite (value))
        return LIF_EINVAL;
      rc = lif__engine_shift_refractory (now, value, &nrn->s.ref_end);
      if (rc != LIF_OK)
        return rc;
      /* Grid timing keeps the whole steps it has left to hold. */
      nrn->s.held_until = nrn->s.held_until > nrn->engine.clock.n
                              ? nrn->s.held_until - nrn->engine.clock.n
                              : 0;
      lif__clock_rebase (&nrn->engine.clock, value);
      return LIF_OK;
    case LIF_PARAM_REF_LEFT:
      return lif__engine_refractory_from_left (
          &nrn->engine, value, &nrn->s.ref_end, &nrn->s.held_until);
    case LIF_PARAM_DT:
      if ((rc = lif__engine_check_dt (value)) != LIF_OK)
        return rc;
      nrn->engine.clock.dt = value;
      lif__neuron_rebase (nrn, now);
      update_step_coefficients (nrn);
      return LIF_OK;
    default:
      rc = lif__params_set (&nrn->p, param, value, check_order);
      if (rc == LIF_OK)
        update_step_coefficients (nrn);
      return rc;
    }
}

int
lif_neuron_set (lif_neuron *neuron, int param, double value)
{
  lif_neuron copy;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  copy = *neuron;
  rc = set_one (&copy, param, value, 1);
  if (rc == LIF_OK)
    *neuron = copy;
  return rc;
}

int
lif_neuron_set_many (lif_neuron *neuron, const int *params,
                     const double *values, size_t count)
{
  lif_neuron copy;
  size_t i;
  int rc = LIF_OK;
  if (!neuron || (count > 0 && (!params || !values)))
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  copy = *neuron;
  for (i = 0; i < count && rc == LIF_OK; i++)
    rc = set_one (&copy, params[i], values[i], 0);
  if (rc == LIF_OK)
    rc = lif__params_check (&copy.p);
  if (rc == LIF_OK)
    *neuron = copy;
  return rc;
}

int
lif_neuron_get (const lif_neuron *neuron, int param, double *value)
{
  if (!neuron || !value)
    return LIF_ENULL;
  switch (param)
    {
    case LIF_PARAM_V:
      /* A run keeps V to itself, but where it reports progress. */
      if (!lif__engine_state_readable (&neuron->engine))
        return LIF_EBUSY;
      *value = neuron->s.V;
      return LIF_OK;
    case LIF_PARAM_T:
      if (!lif__engine_state_readable (&neuron->engine))
        return LIF_EBUSY;
      *value = lif__clock_now (&neuron->engine.clock);
      return LIF_OK;
    case LIF_PARAM_DT:
      *value = neuron->engine.clock.dt;
      return LIF_OK;
    case LIF_PARAM_REF_LEFT:
      if (!lif__engine_state_readable (&neuron->engine))
        return LIF_EBUSY;
      *value = lif__engine_refractory_left (&neuron->engine, neuron->s.ref_end,
                                            (double)neuron->s.held_until);
      return LIF_OK;
    default:
      return lif__params_get (&neuron->p, param, value);
    }
}

int
lif_neuron_set_stepper (lif_neuron *neuron, int stepper)
{
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  if ((rc = lif__engine_set_stepper (&neuron->engine, stepper)) == LIF_OK)
    update_step_coefficients (neuron);
  return rc;
}

int
lif_neuron_get_stepper (const lif_neuron *neuron, int *stepper)
{
  if (!neuron || !stepper)
    return LIF_ENULL;
  *stepper = neuron->engine.stepper;
  return LIF_OK;
}

int
lif_neuron_set_timing (lif_neuron *neuron, int timing)
{
  int rc, changed;
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  rc = lif__engine_set_timing (&neuron->engine, timing, &changed);
  /* Both modes keep ref_end; grid timing counts from it afresh. */
  if (changed)
    lif__neuron_recount_refractory (neuron);
  return rc;
}

int
lif_neuron_get_timing (const lif_neuron *neuron, int *timing)
{
  if (!neuron || !timing)
    return LIF_ENULL;
  *timing = neuron->engine.timing;
  return LIF_OK;
}

int
lif_neuron_set_spike_limit (lif_neuron *neuron, size_t limit)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  return lif__engine_set_spike_limit (&neuron->engine, limit);
}

int
lif_neuron_get_spike_limit (const lif_neuron *neuron, size_t *limit)
{
  if (!neuron || !limit)
    return LIF_ENULL;
  *limit = neuron->engine.spike_limit;
  return LIF_OK;
}

int
lif_neuron_set_seed (lif_neuron *neuron, uint64_t seed, uint32_t stream)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  neuron->engine.seed = seed;
  neuron->engine.stream = stream;
  return LIF_OK;
}

int
lif_neuron_get_seed (const lif_neuron *neuron, uint64_t *seed,
                     uint32_t *stream)
{
  if (!neuron || !seed || !stream)
    return LIF_ENULL;
  *seed = neuron->engine.seed;
  *stream = neuron->engine.stream;
  return LIF_OK;
}

int
lif_neuron_set_input (lif_neuron *neuron, lif_input *input)
{
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  if ((rc = lif__engine_set_input (&neuron->engine, input)) != LIF_OK)
    return rc;
  /* A new input's Ornstein-Uhlenbeck current starts at its mean. */
  neuron->s.ou = 0.0;
  update_step_coefficients (neuron);
  return LIF_OK;
}

int
lif_neuron_clear_input (lif_neuron *neuron)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  lif__engine_clear_input (&neuron->engine);
  neuron->s.ou = 0.0;
  update_step_coefficients (neuron);
  return LIF_OK;
}

int
lif_neuron_set_spike_callback (lif_neuron *neuron, lif_spike_fn fn,
                               void *user_data)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  neuron->on_spike = fn;
  neuron->on_spike_data = user_data;
  return LIF_OK;
}

int
lif_neuron_set_progress_callback (lif_neuron *neuron, lif_progress_fn fn,
                                  size_t every, void *user_data)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  return lif__engine_set_progress (&neuron->engine, fn, every, user_data);
}
