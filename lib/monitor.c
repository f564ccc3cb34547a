/* The samples of a state monitor (monitor.h). */
#include "monitor.h"

#include "alloc.h"

#include <string.h>

void
lif__monitor_init (lif__monitor *m, size_t width)
{
  memset (m, 0, sizeof *m);
  m->width = width;
}

void
lif__monitor_free (lif__monitor *m)
{
  int r;
  for (r = 0; r < LIF__RECORDS; r++)
    lif__free (m->column[r]);
  lif__free (m->members);
  lif__monitor_init (m, m->width);
}

int
lif__monitor_copy (const lif__monitor *src, lif__monitor *dst)
{
  lif__monitor c = *src;
  int r, ok = 1;
  memset (c.column, 0, sizeof c.column);
  c.members = NULL;
  c.capacity = src->samples;
  if (src->members)
    {
      c.members = lif__malloc_array (src->width, sizeof *c.members);
      ok = c.members != NULL;
      if (ok)
        memcpy (c.members, src->members, src->width * sizeof *c.members);
    }
  for (r = 0; r < LIF__RECORDS && ok && src->samples > 0; r++)
    {
      size_t n = src->samples * lif__monitor_values (src, r);
      c.column[r] = lif__malloc_array (n, sizeof (double));
      ok = c.column[r] != NULL;
      if (ok)
        memcpy (c.column[r], src->column[r], n * sizeof (double));
    }
  if (!ok)
    {
      lif__monitor_free (&c);
      return LIF_ENOMEM;
    }
  *dst = c;
  return LIF_OK;
}

int
lif__monitor_grow (lif__monitor *m)
{
  size_t cap;
  int r;
  cap = m->capacity ? 2 * m->capacity : 64;
  if (cap < m->capacity)
    return LIF_ENOMEM;
  /* Each column grows on its own; one that cannot leaves the capacity as
   * it was, and the columns that did grow keep their samples. */
  for (r = 0; r < LIF__RECORDS; r++)
    {
      size_t per = lif__monitor_values (m, r);
      double *grown
          = per <= SIZE_MAX / sizeof (double)
                ? lif__realloc_array (m->column[r], cap, per * sizeof (double))
                : NULL;
      if (!grown)
        return LIF_ENOMEM;
      m->column[r] = grown;
    }
  m->capacity = cap;
  return LIF_OK;
}

size_t
lif__monitor_read (const lif__monitor *m, int record, size_t first,
                   double *out, size_t capacity)
{
  size_t n, per = lif__monitor_values (m, record);
  if (first >= m->samples)
    return 0;
  n = m->samples - first;
  if (n > capacity)
    n = capacity;
  if (n > 0) /* out may be NULL when capacity is 0 */
    memcpy (out, m->column[record] + first * per, n * per * sizeof *out);
  return n;
}

int
lif__monitor_check_record (int record)
{
  return record >= 0 && record < LIF__RECORDS ? LIF_OK : LIF_EENUM;
}
