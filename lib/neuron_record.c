/*
 * Reading and clearing what a neuron recorded as it ran: its spikes and
 * the samples of its state monitor (monitor.h).
 */
#include "neuron.h"

#include <string.h>

int
lif_neuron_spike_count (const lif_neuron *neuron, size_t *count)
{
  if (!neuron || !count)
    return LIF_ENULL;
  *count = neuron->spike_count;
  return LIF_OK;
}

int
lif_neuron_copy_spikes (const lif_neuron *neuron, size_t first, double *times,
                        size_t capacity, size_t *copied)
{
  size_t n = 0;
  if (!neuron || !copied || (capacity > 0 && !times))
    return LIF_ENULL;
  if (first < neuron->spike_count)
    {
      n = neuron->spike_count - first;
      if (n > capacity)
        n = capacity;
      if (n > 0) /* times may be NULL when capacity is 0 */
        memcpy (times, neuron->spikes + first, n * sizeof *times);
    }
  *copied = n;
  return LIF_OK;
}

int
lif_neuron_clear_spikes (lif_neuron *neuron)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  neuron->spike_count = 0;
  return LIF_OK;
}

/* ---- the state monitor (monitor.h) ------------------------------------ */

int
lif_neuron_set_monitor (lif_neuron *neuron, size_t every)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  /* A period longer than a run can be is the same as one sample never. */
  neuron->monitor.every = (int64_t)lif__min ((double)every, 0x1p62);
  neuron->engine.sample_every = neuron->monitor.every;
  return LIF_OK;
}

int
lif_neuron_monitor_count (const lif_neuron *neuron, size_t *samples)
{
  if (!neuron || !samples)
    return LIF_ENULL;
  /* A run grows the samples as it goes: read them between runs, or where
   * it reports progress. */
  if (!lif__engine_state_readable (&neuron->engine))
    return LIF_EBUSY;
  *samples = neuron->monitor.samples;
  return LIF_OK;
}

int
lif_neuron_copy_monitor (const lif_neuron *neuron, int record, size_t first,
                         double *values, size_t capacity, size_t *copied)
{
  int rc;
  if (!neuron || !copied || (capacity > 0 && !values))
    return LIF_ENULL;
  if ((rc = lif__monitor_check_record (record)) != LIF_OK)
    return rc;
  if (!lif__engine_state_readable (&neuron->engine))
    return LIF_EBUSY;
  *copied
      = lif__monitor_read (&neuron->monitor, record, first, values, capacity);
  return LIF_OK;
}

int
lif_neuron_clear_monitor (lif_neuron *neuron)
{
  if (!neuron)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  neuron->monitor.samples = 0;
  return LIF_OK;
}
