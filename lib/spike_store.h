/*
 * The store of a batch's spikes, (member, time) pairs in the order they were
 * merged. It grows by segments of doubling size instead of by reallocation:
 * growing never copies what it holds (at 10^7 spikes, copying on every
 * doubling cost a tenth of a run), and the segment of position p is found
 * with one count of leading zeros.
 */
#ifndef LIF_SPIKE_STORE_H
#define LIF_SPIKE_STORE_H

#include "internal.h"

/* Segment j holds LIF__STORE_FIRST << j spikes, from position
 * LIF__STORE_FIRST * (2^j - 1) on; 48 segments hold more spikes than any
 * machine has memory for. */
#define LIF__STORE_FIRST 256
#define LIF__STORE_SEGMENTS 48

typedef struct lif__spike_store
{
  size_t *index[LIF__STORE_SEGMENTS];
  double *time[LIF__STORE_SEGMENTS];
  size_t segments; /* how many are allocated */
  size_t count;    /* spikes held */
} lif__spike_store;

/* The segment of position p, and p's place in it. */
static inline size_t
lif__store_segment (size_t p, size_t *offset)
{
  size_t q = p / LIF__STORE_FIRST + 1, j = 0;
#if defined(__GNUC__)
  j = (size_t)(63 - __builtin_clzll ((unsigned long long)q));
#else
  while (q >> (j + 1))
    j++;
#endif
  *offset = p - LIF__STORE_FIRST * (((size_t)1 << j) - 1);
  return j;
}

/* Stores a spike at position p, which lif__store_reserve made room for. */
static inline void
lif__store_put (lif__spike_store *s, size_t p, size_t index, double t)
{
  size_t offset, j = lif__store_segment (p, &offset);
  s->index[j][offset] = index;
  s->time[j][offset] = t;
}

/* Reads the spike at position p, which is held or was put. */
static inline void
lif__store_get (const lif__spike_store *s, size_t p, size_t *index, double *t)
{
  size_t offset, j = lif__store_segment (p, &offset);
  *index = s->index[j][offset];
  *t = s->time[j][offset];
}

/* Makes room for `more` spikes after the ones held; all or nothing:
 * LIF_ENOMEM leaves the store as it was. */
int lif__store_reserve (lif__spike_store *s, size_t more);

/* Copies up to n spikes from position first on into index and time (either
 * may be NULL); returns how many there were. */
size_t lif__store_copy (const lif__spike_store *s, size_t first, size_t n,
                        size_t *index, double *time);

/* Frees every segment; the store is then empty. */
void lif__store_free (lif__spike_store *s);

#endif /* LIF_SPIKE_STORE_H */
