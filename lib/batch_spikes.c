/*
 * A batch's spikes during a run: each block's lists (the spikes it found,
 * the states it left pending, the journal of what a chunk changed), and
 * the merge of the blocks' spikes into the store in (step, time, member)
 * order.
 */
#include "batch.h"

#include "alloc.h"

#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

int
lif__batch_grow (void **items, size_t *capacity, size_t size)
{
  size_t cap = *capacity ? 2 * *capacity : 64;
  void *grown;
  if (cap < *capacity)
    return LIF_ENOMEM;
  grown = lif__realloc_array (*items, cap, size);
  if (!grown)
    return LIF_ENOMEM;
  *items = grown;
  *capacity = cap;
  return LIF_OK;
}

void
lif__batch_clear_lists (lif_batch *b)
{
  size_t blk;
  for (blk = 0; blk < b->n_blocks; blk++)
    {
      b->blocks[blk].spikes.count = 0;
      b->blocks[blk].pending.count = 0;
      b->blocks[blk].undo.count = 0;
    }
}

/* Readies block bl to count the spikes it finds in steps first ..
 * first + steps - 1 (see lif__block). */
void
lif__block_start (lif__block *bl, int64_t first, int64_t steps)
{
  bl->first_step = first;
  memset (bl->at, 0, (size_t)steps * sizeof *bl->at);
}

/* ---- merging spikes into the store ------------------------------------ */

/* Sorts the n spikes of one step by time, stably: they arrive in member
 * order, so equal times stay in member order, as (step, time, member)
 * order asks. A merge sort through tmp (room for n), with the comparison
 * inline; qsort's calls through a pointer took a third of a precise run's
 * time when hundreds of members fired in every step. */
static void
sort_by_time (lif__timed_spike *a, lif__timed_spike *tmp, size_t n)
{
  size_t mid = n / 2, i, j, k;
  if (n <= 16)
    {
      for (i = 1; i < n; i++)
        {
          lif__timed_spike x = a[i];
          for (j = i; j > 0 && a[j - 1].t > x.t; j--)
            a[j] = a[j - 1];
          a[j] = x;
        }
      return;
    }
  sort_by_time (a, tmp, mid);
  sort_by_time (a + mid, tmp, n - mid);
  if (!(a[mid - 1].t > a[mid].t))
    return; /* already in order */
  memcpy (tmp, a, mid * sizeof *a);
  for (i = 0, j = mid, k = 0; i < mid && j < n;)
    a[k++] = a[j].t < tmp[i].t ? a[j++] : tmp[i++];
  while (i < mid)
    a[k++] = tmp[i++];
}

/* The most buckets sort_step sorts a step's spikes into. */
#define LIF__SORT_BUCKETS 1024

/* Sorts the n spikes of one step in a by time, stably, as sort_by_time
 * does, into out (room for n; a is then scratch), in time linear in n for
 * times spread over the step: a stable counting sort into up to
 * LIF__SORT_BUCKETS buckets of equal width between the earliest and the
 * latest time (rounding keeps the bucket monotone in t), then each bucket
 * on its own. Returns the sorted spikes: out, or a when they were sorted in
 * place. */
static lif__timed_spike *
sort_step (lif__timed_spike *a, lif__timed_spike *out, size_t n)
{
  size_t count[LIF__SORT_BUCKETS + 1], nb, j, at;
  double lo = a[0].t, hi = a[0].t, scale;
  for (j = 1; j < n; j++)
    {
      lo = a[j].t < lo ? a[j].t : lo;
      hi = a[j].t > hi ? a[j].t : hi;
    }
  if (!(hi > lo))
    return a; /* one time: member order is the order */
  nb = n < LIF__SORT_BUCKETS ? n : LIF__SORT_BUCKETS;
  scale = (double)nb / (hi - lo);
  if (nb < 32 || !(scale < DBL_MAX))
    {
      sort_by_time (a, out, n);
      return a;
    }
#define BUCKET(t)                                                             \
  (((t)-lo) * scale < (double)nb ? (size_t)(((t)-lo) * scale) : nb - 1)
  memset (count, 0, (nb + 1) * sizeof *count);
  for (j = 0; j < n; j++)
    count[BUCKET (a[j].t) + 1]++;
  for (j = 1; j <= nb; j++)
    count[j] += count[j - 1];
  for (j = 0; j < n; j++)
    out[count[BUCKET (a[j].t)]++] = a[j];
#undef BUCKET
  /* count[j] is now where bucket j ends; a serves as the buckets' room. */
  for (j = 0, at = 0; j < nb; j++)
    {
      if (count[j] - at > 1)
        sort_by_time (out + at, a, count[j] - at);
      at = count[j];
    }
  return out;
}

/* Copies the n spikes from position first on between the store and a:
 * into a, or from a into the store when `put` is set; a segment's run at a
 * time, so that the segment is looked up once a run, not once a spike. */
static void
move_spikes (lif__spike_store *store, size_t first, lif__timed_spike *a,
             size_t n, int put)
{
  size_t done = 0;
  while (done < n)
    {
      size_t offset, seg = lif__store_segment (first + done, &offset), j;
      size_t run = ((size_t)LIF__STORE_FIRST << seg) - offset;
      size_t *index = store->index[seg] + offset;
      double *time = store->time[seg] + offset;
      if (run > n - done)
        run = n - done;
      for (j = 0; j < run; j++, done++)
        if (put)
          {
            time[j] = a[done].t;
            index[j] = a[done].index;
          }
        else
          {
            a[done].t = time[j];
            a[done].index = index[j];
          }
    }
}

/* Precise timing: sorts the spikes of step k0 + s, which
 * scatter_block_spikes put into the store in member order, by time, in
 * place, through room for 2 * b->sort_step_max of them. Steps are
 * independent, so threads may take different ones, each with its room. */
static void
sort_step_in_store (lif_batch *b, int64_t s, size_t base,
                    lif__timed_spike *room)
{
  const size_t first = s == 0 ? base : b->step_next[s - 1];
  const size_t n = b->step_next[s] - first;
  if (n < 2)
    return;
  move_spikes (&b->spikes, first, room, n, 0);
  move_spikes (&b->spikes, first, sort_step (room, room + b->sort_step_max, n),
               n, 1);
}

/* Makes the room precise timing sorts the steps k0 .. k0 + steps - 1 in,
 * once place_spikes has counted them: twice the most spikes of one step,
 * for each of `threads` threads. */
static int
reserve_sort_room (lif_batch *b, int64_t steps, size_t base, int threads)
{
  size_t most = 0, prev = base, need;
  int64_t s;
  for (s = 0; s < steps; s++)
    {
      most = b->step_next[s] - prev > most ? b->step_next[s] - prev : most;
      prev = b->step_next[s];
    }
  b->sort_step_max = most;
  if (most > SIZE_MAX / 2 / (size_t)threads)
    return LIF_ENOMEM;
  need = 2 * most * (size_t)threads;
  if (b->scratch_capacity < need)
    {
      lif__timed_spike *grown
          = lif__realloc_array (b->scratch, need, sizeof *grown);
      if (!grown)
        return LIF_ENOMEM;
      b->scratch = grown;
      b->scratch_capacity = need;
    }
  return LIF_OK;
}

/* Merging spikes is spread over threads when there are at least this
 * many; fewer are not worth waking threads for. */
#define LIF__PARALLEL_MERGE 4096

/* Turns the blocks' counts into the positions their spikes go to, from
 * base on: step by step, and within a step block by block. Two passes,
 * each along the blocks' own rows of counts. Leaves in b->step_next[s]
 * where the spikes of step k0 + s end. */
static void
place_spikes (lif_batch *b, int64_t steps, size_t base)
{
  size_t *next = b->step_next, blk, sum;
  int64_t s;
  for (s = 0; s < steps; s++)
    next[s] = 0;
  for (blk = 0; blk < b->n_blocks; blk++)
    for (s = 0; s < steps; s++)
      next[s] += b->blocks[blk].at[s];
  for (s = 0, sum = base; s < steps; s++)
    {
      size_t c = next[s];
      next[s] = sum; /* where the spikes of step k0 + s begin */
      sum += c;
    }
  for (blk = 0; blk < b->n_blocks; blk++)
    for (s = 0; s < steps; s++)
      {
        size_t c = b->blocks[blk].at[s];
        b->blocks[blk].at[s] = next[s];
        next[s] += c;
      }
}

/* Writes block blk's spikes into the store where place_spikes put them. A
 * block finds the spikes of each step in member order, and this keeps
 * that order (all grid timing needs; precise timing then sorts each step's
 * spikes by time). */
static void
scatter_block_spikes (lif_batch *b, size_t blk, int64_t k0)
{
  lif__block *bl = &b->blocks[blk];
  size_t j;
  for (j = 0; j < bl->spikes.count; j++)
    {
      const lif__found_spike *f = &bl->spikes.items[j];
      size_t at = bl->at[f->step - k0]++;
      lif__store_put (&b->spikes, at, f->index, f->t);
      b->counts[f->index]++; /* members belong to one block each */
    }
}

/* The blocks whose spikes this thread merges: a run of neighbouring blocks
 * (the spikes of neighbouring blocks are neighbours in the store, so two
 * threads share at most one cache line a step), cut so that each thread
 * gets its share of the spikes, not of the blocks. */
static void
my_blocks (const lif_batch *b, size_t total, size_t *lo, size_t *hi)
{
  size_t part = 0, parts = 1, seen = 0, blk = 0;
#ifdef _OPENMP
  part = (size_t)omp_get_thread_num ();
  parts = (size_t)omp_get_num_threads ();
#endif
  /* Thread `part` takes the blocks whose first spike is among spikes
   * part * total / parts .. (part + 1) * total / parts - 1. */
  while (blk < b->n_blocks
         && (double)seen < (double)part * (double)total / (double)parts)
    seen += b->blocks[blk++].spikes.count;
  *lo = blk;
  while (blk < b->n_blocks
         && (double)seen < (double)(part + 1) * (double)total / (double)parts)
    seen += b->blocks[blk++].spikes.count;
  *hi = part + 1 == parts ? b->n_blocks : blk;
}

/* Tells the spike callback, if any, of the spikes merged into the store
 * from position first on, in the store's order, on the thread that called
 * the run. A callback that freed the batch hears of no more. */
static void
report_spikes (lif_batch *b, size_t first)
{
  size_t p;
  if (!b->spike_fn)
    return;
  for (p = first;
       p < b->spikes.count && lif__engine_stop_status (&b->engine) == LIF_OK;
       p++)
    {
      size_t index;
      double t;
      lif__store_get (&b->spikes, p, &index, &t);
      b->spike_fn (index, t, b->spike_data);
    }
}

/* Moves the spikes the blocks found in steps k0 .. k0 + steps - 1 into the
 * store, in (step, time, member) order, counts them per member, and tells
 * the spike callback of them. All or nothing: LIF_ENOMEM leaves the store
 * as it was (and tells no one).
 *
 * A stable counting sort by step over the blocks in order leaves the
 * spikes of a step in member order: all that grid timing needs. In precise
 * timing the spikes of each step are then sorted by time. Counting and
 * moving go block by block, on threads when there are many spikes. */
int
lif__batch_merge_spikes (lif_batch *b, int64_t k0, int64_t steps, int threads)
{
  const int grid = b->engine.timing == LIF_TIMING_GRID;
  size_t total = 0, base = b->spikes.count;
  long blocks = (long)b->n_blocks, blk;
  int rc, parallel;
  for (blk = 0; blk < blocks; blk++)
    total += b->blocks[blk].spikes.count;
  if (total == 0)
    return LIF_OK;
  if ((rc = lif__store_reserve (&b->spikes, total)) != LIF_OK)
    return rc;
  parallel = threads > 1 && total >= LIF__PARALLEL_MERGE;
  if (!parallel)
    {
      /* The same work on this thread, with no parallel region. */
      place_spikes (b, steps, base);
      if (!grid && (rc = reserve_sort_room (b, steps, base, 1)) != LIF_OK)
        return rc;
      for (blk = 0; blk < blocks; blk++)
        scatter_block_spikes (b, (size_t)blk, k0);
      if (!grid)
        {
          int64_t s;
          for (s = 0; s < steps; s++)
            sort_step_in_store (b, s, base, b->scratch);
        }
      b->spikes.count = base + total;
      report_spikes (b, base);
      return LIF_OK;
    }
  rc = LIF_OK;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
#endif
  {
    size_t lo, hi, i;
    int64_t s;
    int me = 0;
#ifdef _OPENMP
    me = omp_get_thread_num ();
#endif
    my_blocks (b, total, &lo, &hi);
#ifdef _OPENMP
#pragma omp single
#endif
    {
      place_spikes (b, steps, base);
      if (!grid)
        rc = reserve_sort_room (b, steps, base, parallel ? threads : 1);
    }
    /* (the end of single waits for every thread) */
    if (rc == LIF_OK)
      for (i = lo; i < hi; i++)
        scatter_block_spikes (b, i, k0);
    if (!grid && rc == LIF_OK)
      {
#ifdef _OPENMP
#pragma omp barrier
#pragma omp for schedule(dynamic, 8)
#endif
        for (s = 0; s < steps; s++)
          sort_step_in_store (b, s, base,
                              b->scratch + 2 * b->sort_step_max * (size_t)me);
      }
  }
  if (rc != LIF_OK)
    return rc;
  b->spikes.count = base + total;
  report_spikes (b, base);
  return LIF_OK;
}
