/* The segmented spike store (see spike_store.h). */
#include "spike_store.h"

#include "alloc.h"

#include <limits.h>
#include <string.h>

/* The spikes segment j holds. */
static size_t
segment_size (size_t j)
{
  return (size_t)LIF__STORE_FIRST << j;
}

/* The spikes the first `segments` segments hold together. */
static size_t
capacity (size_t segments)
{
  return LIF__STORE_FIRST * (((size_t)1 << segments) - 1);
}

int
lif__store_reserve (lif__spike_store *s, size_t more)
{
  size_t need = s->count + more, had = s->segments;
  if (need < more)
    return LIF_ENOMEM;
  while (capacity (s->segments) < need)
    {
      size_t j = s->segments;
      /* The next segment must exist, and the positions up to its end be
       * far from overflowing a size_t (on 32-bit machines too). */
      if (j >= LIF__STORE_SEGMENTS || j + 12 >= sizeof (size_t) * CHAR_BIT)
        break;
      s->index[j] = lif__malloc_array (segment_size (j), sizeof (size_t));
      s->time[j] = lif__malloc_array (segment_size (j), sizeof (double));
      if (!s->index[j] || !s->time[j])
        {
          lif__free (s->index[j]);
          lif__free (s->time[j]);
          break;
        }
      s->segments++;
    }
  if (capacity (s->segments) >= need)
    return LIF_OK;
  /* All or nothing: give back what this call allocated. */
  while (s->segments > had)
    {
      s->segments--;
      lif__free (s->index[s->segments]);
      lif__free (s->time[s->segments]);
    }
  return LIF_ENOMEM;
}

size_t
lif__store_copy (const lif__spike_store *s, size_t first, size_t n,
                 size_t *index, double *time)
{
  size_t done = 0;
  if (first >= s->count)
    return 0;
  if (n > s->count - first)
    n = s->count - first;
  while (done < n)
    {
      size_t offset, j = lif__store_segment (first + done, &offset);
      size_t take = segment_size (j) - offset;
      if (take > n - done)
        take = n - done;
      if (index)
        memcpy (index + done, s->index[j] + offset, take * sizeof *index);
      if (time)
        memcpy (time + done, s->time[j] + offset, take * sizeof *time);
      done += take;
    }
  return n;
}

void
lif__store_free (lif__spike_store *s)
{
  size_t j;
  for (j = 0; j < s->segments; j++)
    {
      lif__free (s->index[j]);
      lif__free (s->time[j]);
    }
  s->segments = 0;
  s->count = 0;
}
