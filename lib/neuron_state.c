/*
 * A neuron's saved states: its dynamic state as bytes, in the format of
 * checkpoint.c, and back.
 */
#include "neuron.h"

#include "checkpoint.h"

static void
member_state (const void *object, size_t i, lif__state *s)
{
  const lif_neuron *nrn = object;
  (void)i; /* a neuron is a checkpoint of one member */
  lif__checkpoint_state_of (nrn->engine.timing, &nrn->engine.clock, nrn->s.V,
                            nrn->s.ref_end, nrn->s.held_until, nrn->s.ou, s);
}

int
lif_neuron_state_size (const lif_neuron *neuron, size_t *size)
{
  if (!neuron || !size)
    return LIF_ENULL;
  return lif__checkpoint_size (1, size);
}

int
lif_neuron_save_state (const lif_neuron *neuron, void *buffer, size_t size)
{
  size_t needed;
  int rc;
  if (!neuron || !buffer)
    return LIF_ENULL;
  if (!lif__engine_state_readable (&neuron->engine))
    return LIF_EBUSY;
  if ((rc = lif__checkpoint_size (1, &needed)) != LIF_OK)
    return rc;
  if (size < needed)
    return LIF_EINVAL;
  lif__checkpoint_write (buffer, needed, LIF__CHECKPOINT_NEURON,
                         &neuron->engine.clock, 1, member_state, neuron);
  return LIF_OK;
}

int
lif_neuron_restore_state (lif_neuron *neuron, const void *buffer, size_t size)
{
  lif__checkpoint cp;
  lif__state s;
  int rc;
  if (!neuron || !buffer)
    return LIF_ENULL;
  if (neuron->engine.running)
    return LIF_EBUSY;
  if ((rc = lif__checkpoint_open (buffer, size, LIF__CHECKPOINT_NEURON, 1,
                                  neuron->engine.clock.dt, &cp))
          != LIF_OK
      || (rc = lif__checkpoint_member (&cp, 0, &s)) != LIF_OK)
    return rc;
  /* dt is the neuron's own, so its step coefficients stay. */
  neuron->engine.clock = cp.clock;
  neuron->s = s;
  return LIF_OK;
}
