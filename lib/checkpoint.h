/*
 * The bytes of a saved state (lif_neuron_save_state, lif_batch_save_state):
 * writing them, and reading them back with every check done before the
 * caller changes anything. A neuron is a checkpoint of one member, a batch
 * one of n; each object gives and takes its members' states as lif__state
 * (neuron.c, batch.c). checkpoint.c describes the layout.
 */
#ifndef LIF_CHECKPOINT_H
#define LIF_CHECKPOINT_H

#include "clock.h"
#include "internal.h"
#include "model.h"

/* Which object a checkpoint belongs to: a neuron's state is not a batch's,
 * even of one member. */
enum lif__checkpoint_kind
{
  LIF__CHECKPOINT_NEURON = 1,
  LIF__CHECKPOINT_BATCH = 2
};

/* Gives member i's state, as lif__checkpoint_state_of makes it. */
typedef void (*lif__member_reader) (const void *object, size_t i,
                                    lif__state *s);

/* The bytes a checkpoint of `count` members takes; LIF_EOVERFLOW when that
 * does not fit a size_t. */
int lif__checkpoint_size (size_t count, size_t *size);

/* Writes a checkpoint of `count` members, of `size` bytes (what
 * lif__checkpoint_size gave), asking `member` for each member's state. */
void lif__checkpoint_write (void *buffer, size_t size, int kind,
                            const lif__clock *clock, size_t count,
                            lif__member_reader member, const void *object);

/* A checkpoint whose form has been checked, and where its sections are. */
typedef struct lif__checkpoint
{
  const unsigned char *bytes;
  lif__clock clock;
  size_t count;
  size_t potential;  /* offsets of the sections' contents */
  size_t refractory; /* (checkpoint.c lists the sections) */
  size_t noise_current;
} lif__checkpoint;

/* Reads the header, the sections and the clock of a checkpoint and checks
 * them against the object that will take it: its kind, member count and
 * dt. LIF_ESTATE when anything does not fit. */
int lif__checkpoint_open (const void *buffer, size_t size, int kind,
                          size_t count, double dt, lif__checkpoint *cp);

/* Member i's state from an opened checkpoint, checked against its clock;
 * LIF_ESTATE when a value is out of range. */
int lif__checkpoint_member (const lif__checkpoint *cp, size_t i,
                            lif__state *s);

/* The state a checkpoint records of a member whose timing mode is
 * `timing`, on clock c: V, ref_end and eta as they are, and held_until in one
 * form whatever the mode. In grid timing held_until says which steps are
 * held, and any step not after n means none: it is recorded as at least n.
 * Precise timing holds until ref_end and keeps no count of steps (a batch
 * uses its array for scratch): it is recorded as the count grid timing
 * would take up from ref_end, what switching the mode would set. */
static inline void
lif__checkpoint_state_of (int timing, const lif__clock *c, double V,
                          double ref_end, int64_t held_until, double ou,
                          lif__state *s)
{
  s->V = V;
  s->ref_end = ref_end;
  s->ou = ou;
  if (timing == LIF_TIMING_GRID)
    s->held_until = held_until > c->n ? held_until : c->n;
  else
    s->held_until
        = c->n
          + lif__refractory_steps_left (ref_end, lif__clock_now (c), c->dt);
}

#endif /* LIF_CHECKPOINT_H */
