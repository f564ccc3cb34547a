/*
 * A batch's state monitor (monitor.h): choosing the watched members,
 * taking samples where a run's pieces end, and reading them.
 */
#include "batch.h"

#include "alloc.h"
#include "input.h"

#include <string.h>

void
lif__batch_record_sample (lif_batch *b)
{
  lif__monitor *m = &b->monitor;
  const lif__clock *c = &b->engine.clock;
  double t, I, *V, *current;
  size_t j;
  t = lif__clock_now (c);
  /* The shared input once; each member adds its bias, as its lane does. */
  I = b->engine.input ? lif__input_value (b->engine.input, t, LIF__RIGHT)
                      : 0.0;
  V = lif__monitor_slot (m, LIF_RECORD_V);
  current = lif__monitor_slot (m, LIF_RECORD_I);
  for (j = 0; j < m->width; j++)
    {
      V[j] = b->V[m->members[j]];
      current[j] = I + b->param.I_bias[m->members[j]];
    }
  lif__monitor_push (m, t);
}

/* Whether two lists of members are the same, in the same order. */
static int
same_members (const size_t *a, size_t na, const size_t *b, size_t nb)
{
  return na == nb && (na == 0 || memcmp (a, b, na * sizeof *a) == 0);
}

int
lif_batch_set_monitor (lif_batch *batch, size_t every, const size_t *members,
                       size_t count)
{
  lif__monitor *m;
  size_t j, *copy;
  if (!batch || (every > 0 && !members))
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  m = &batch->monitor;
  if (every > 0)
    {
      if (count == 0)
        return LIF_EINVAL;
      for (j = 0; j < count; j++)
        if (members[j] >= batch->n)
          return LIF_EINVAL;
      if (!same_members (m->members, m->width, members, count))
        {
          /* Samples of other members would not be rows of these: the new
           * list starts with none. */
          if (!(copy = lif__malloc_array (count, sizeof *copy)))
            return LIF_ENOMEM;
          memcpy (copy, members, count * sizeof *copy);
          lif__monitor_free (m);
          m->members = copy;
          m->width = count;
        }
    }
  /* A period longer than a run can be is the same as one sample never. */
  m->every = (int64_t)lif__min ((double)every, 0x1p62);
  batch->engine.sample_every = m->every;
  return LIF_OK;
}

int
lif_batch_monitor_count (const lif_batch *batch, size_t *samples)
{
  if (!batch || !samples)
    return LIF_ENULL;
  /* A run grows the samples as it goes: read them between runs, or where
   * it reports progress. */
  if (!lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
  *samples = batch->monitor.samples;
  return LIF_OK;
}

int
lif_batch_copy_monitor (const lif_batch *batch, int record, size_t first,
                        double *values, size_t capacity, size_t *copied)
{
  int rc;
  if (!batch || !copied || (capacity > 0 && !values))
    return LIF_ENULL;
  if ((rc = lif__monitor_check_record (record)) != LIF_OK)
    return rc;
  if (!lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
  *copied
      = lif__monitor_read (&batch->monitor, record, first, values, capacity);
  return LIF_OK;
}

int
lif_batch_clear_monitor (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  batch->monitor.samples = 0;
  return LIF_OK;
}
