/*
 * Running a batch.
 *
 * Each member must compute exactly what a lone neuron would, so a batch runs
 * the same kinds of steps a lone neuron runs (run.c), only for many members
 * at once:
 *
 * - Under a drive that stays constant for a while (no input, or a
 *   piecewise-constant one between its breakpoints, and no per-step
 *   currents), a "stretch": every member carries its deviation D = V - u
 *   from step to step, as a lone neuron's constant stretch does. Members are
 *   taken in blocks that stay in the first-level cache for many steps, and
 *   the stretch is cut into chunks; after each chunk the spikes found are
 *   merged into the store. If anything fails in a chunk, the chunk is undone
 *   and run again up to the failing step, so that the batch stops at the
 *   start of that step with every earlier spike kept.
 * - When the drive changes every step (per-step currents, or an input that
 *   varies continuously), one step at a time: the new potentials go to a
 *   second array and everything else a step changes waits in per-thread
 *   lists, so a step that fails leaves no trace.
 *
 * In both, a member whose step is not plain (it would reach its threshold,
 * its refractory period ends inside the step, its drive is out of range)
 * takes that step through its lane (lane.c), exactly as a lone neuron does.
 * During a run, grid-timing refractory periods are kept as the step index
 * hold[i] up to which member i is held; precise timing holds whole steps
 * the same way and ends the period through the lane.
 */
#include "batch.h"

#include "alloc.h"
#include "batch_kernel.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- per-block lists -------------------------------------------------- */

static int
grow (void **items, size_t *capacity, size_t size)
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

/* Where one member's lane sends the spikes of one step. */
typedef struct member_sink
{
  lif__block *bl;
  int64_t step;
  size_t index;
} member_sink;

static inline int
push_spike (void *sink, double t)
{
  member_sink *ms = sink;
  lif__spike_list *l = &ms->bl->spikes;
  if (l->count == l->capacity
      && grow ((void **)&l->items, &l->capacity, sizeof *l->items))
    return LIF_ENOMEM;
  l->items[l->count].step = ms->step;
  l->items[l->count].t = t;
  l->items[l->count].index = ms->index;
  l->count++;
  ms->bl->at[ms->step - ms->bl->first_step]++;
  return LIF_OK;
}

static int
push_pending (lif__pending_list *l, size_t i, const lif__state *s)
{
  if (l->count == l->capacity
      && grow ((void **)&l->items, &l->capacity, sizeof *l->items))
    return LIF_ENOMEM;
  l->items[l->count].index = i;
  l->items[l->count].s = *s;
  l->count++;
  return LIF_OK;
}

/* Records member i's state before a chunk's step changes it. */
static int
push_undo (lif_batch *b, lif__undo_list *l, size_t i)
{
  lif__undo *u;
  if (l->count == l->capacity
      && grow ((void **)&l->items, &l->capacity, sizeof *l->items))
    return LIF_ENOMEM;
  u = &l->items[l->count++];
  u->index = i;
  u->V = b->V[i];
  u->ref_end = b->ref_end[i];
  u->dstar = b->dstar[i];
  u->hold = b->hold[i];
  u->karm = b->karm[i];
  return LIF_OK;
}

static void
clear_lists (lif_batch *b)
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
static void
start_block (lif__block *bl, int64_t first, int64_t steps)
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
sort_by_time (lif__found_spike *a, lif__found_spike *tmp, size_t n)
{
  size_t mid = n / 2, i, j, k;
  if (n <= 16)
    {
      for (i = 1; i < n; i++)
        {
          lif__found_spike x = a[i];
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

/* Sorts the n spikes of one step by time, stably, as sort_by_time does,
 * in time linear in n for times spread over the step: a stable counting
 * sort into up to `nb` buckets of equal width between the earliest and the
 * latest time (rounding keeps the bucket monotone in t), then each bucket
 * on its own. count has room for nb + 1 entries. */
static void
sort_step (lif__found_spike *a, lif__found_spike *tmp, size_t n, size_t *count,
           size_t nb)
{
  double lo = a[0].t, hi = a[0].t, scale;
  size_t j, at;
  for (j = 1; j < n; j++)
    {
      lo = a[j].t < lo ? a[j].t : lo;
      hi = a[j].t > hi ? a[j].t : hi;
    }
  if (!(hi > lo))
    return; /* one time: member order is the order */
  nb = n < nb ? n : nb;
  scale = (double)nb / (hi - lo);
  if (nb < 32 || !(scale < DBL_MAX))
    {
      sort_by_time (a, tmp, n);
      return;
    }
#define BUCKET(t)                                                             \
  (((t)-lo) * scale < (double)nb ? (size_t)(((t)-lo) * scale) : nb - 1)
  memset (count, 0, (nb + 1) * sizeof *count);
  for (j = 0; j < n; j++)
    count[BUCKET (a[j].t) + 1]++;
  for (j = 1; j <= nb; j++)
    count[j] += count[j - 1];
  for (j = 0; j < n; j++)
    tmp[count[BUCKET (a[j].t)]++] = a[j];
#undef BUCKET
  /* count[j] is now where bucket j ends. */
  memcpy (a, tmp, n * sizeof *a);
  for (j = 0, at = 0; j < nb; j++)
    {
      if (count[j] - at > 1)
        sort_by_time (a + at, tmp, count[j] - at);
      at = count[j];
    }
}

/* Merging spikes is spread over threads when there are at least this
 * many; fewer are not worth waking threads for. */
#define LIF__PARALLEL_MERGE 4096

/* Turns the blocks' counts into the positions their spikes go to, from
 * base on: step by step, and within a step block by block. Two passes,
 * each along the blocks' own rows of counts. */
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

/* Writes block blk's spikes where place_spikes put them: into the store
 * (grid timing), or into the scratch list, from base on, to be sorted. A
 * block finds the spikes of each step in member order, and this keeps
 * that order. */
static void
scatter_block_spikes (lif_batch *b, size_t blk, int64_t k0, int grid,
                      size_t base)
{
  lif__block *bl = &b->blocks[blk];
  size_t j;
  for (j = 0; j < bl->spikes.count; j++)
    {
      const lif__found_spike *f = &bl->spikes.items[j];
      size_t at = bl->at[f->step - k0]++;
      if (grid)
        {
          lif__store_put (&b->spikes, at, f->index, f->t);
          b->counts[f->index]++; /* members belong to one block each */
        }
      else
        b->scratch[at - base] = *f;
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

/* Moves the spikes the blocks found in steps k0 .. k0 + steps - 1 into the
 * store, in (step, time, member) order, and counts them per member. All or
 * nothing: LIF_ENOMEM leaves the store as it was.
 *
 * A stable counting sort by step over the blocks in order leaves the
 * spikes of a step in member order: all that grid timing needs. In precise
 * timing the spikes of each step are then sorted by time. Counting and
 * moving go block by block, on threads when there are many spikes. */
static int
merge_spikes (lif_batch *b, int64_t k0, int64_t steps, int threads)
{
  const int grid = b->timing == LIF_TIMING_GRID;
  size_t total = 0, j, base = b->spikes.count;
  long blocks = (long)b->n_blocks, blk;
  int rc, parallel;
  for (blk = 0; blk < blocks; blk++)
    total += b->blocks[blk].spikes.count;
  if (total == 0)
    return LIF_OK;
  if ((rc = lif__store_reserve (&b->spikes, total)) != LIF_OK)
    return rc;
  /* Precise timing sorts the spikes through a second half of the room. */
  if (!grid && b->scratch_capacity < 2 * total)
    {
      lif__found_spike *grown
          = total > SIZE_MAX / 2
                ? NULL
                : lif__realloc_array (b->scratch, 2 * total, sizeof *grown);
      if (!grown)
        return LIF_ENOMEM;
      b->scratch = grown;
      b->scratch_capacity = 2 * total;
    }
  parallel = threads > 1 && total >= LIF__PARALLEL_MERGE;
  (void)parallel;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads) if (parallel)
#endif
  {
    size_t lo, hi, i;
    my_blocks (b, total, &lo, &hi);
#ifdef _OPENMP
#pragma omp single
#endif
    place_spikes (b, steps, base);
    for (i = lo; i < hi; i++)
      scatter_block_spikes (b, i, k0, grid, base);
  }
  if (!grid)
    {
      lif__found_spike *out = b->scratch;
      for (j = 0; j < total;)
        {
          size_t e = j + 1;
          while (e < total && out[e].step == out[j].step)
            e++;
          if (e - j > 1)
            sort_step (out + j, out + total, e - j, b->step_next,
                       LIF__BATCH_CHUNK - 1);
          j = e;
        }
      for (j = 0; j < total; j++)
        {
          lif__store_put (&b->spikes, base + j, out[j].index, out[j].t);
          b->counts[out[j].index]++;
        }
    }
  b->spikes.count = base + total;
  return LIF_OK;
}

/* ---- one member through its lane -------------------------------------- */

/* Member i's state at the start of step k, as its lane sees it. */
static void
member_state (const lif_batch *b, size_t i, int64_t k, lif__state *s)
{
  s->V = b->V[i];
  s->ref_end = b->ref_end[i];
  s->ref_steps = 0;
  if (b->timing == LIF_TIMING_GRID && b->hold[i] > (double)k)
    s->ref_steps = (int64_t)(b->hold[i] - (double)k);
}

/* Member i's step k, [a, end] of length h, with its own current x, through
 * its lane; *s receives the state after it. Spikes go to list; on failure
 * the ones of this step are taken back. */
static int
member_step (const lif_batch *b, const lif__stepper *st, size_t i, int64_t k,
             double a, double end, double h, int whole, double x,
             lif__block *bl, lif__state *s)
{
  lif__lane l;
  member_sink sink;
  size_t mark = bl->spikes.count;
  double stop;
  int rc;
  member_state (b, i, k, s);
  sink.bl = bl;
  sink.step = k;
  sink.index = i;
  lif__lane_start (&l, st, &b->clock, b->timing, b->spike_limit, b->input);
  l.p = &b->p[i];
  l.s = s;
  l.step = &b->coef[i];
  l.extra = x;
  l.emit = push_spike;
  l.sink = &sink;
  rc = lif__lane_step (&l, a, end, h, whole, &stop);
  if (rc != LIF_OK)
    {
      /* Take back the step's spikes, and their counts. */
      bl->at[k - bl->first_step] -= bl->spikes.count - mark;
      bl->spikes.count = mark;
    }
  return rc;
}

/* Stores member i's state after its whole step k. */
static inline void
member_commit (lif_batch *b, size_t i, int64_t k, const lif__state *s)
{
  b->V[i] = s->V;
  b->ref_end[i] = s->ref_end;
  if (b->timing == LIF_TIMING_GRID)
    b->hold[i] = (double)(k + 1) + (double)s->ref_steps;
}

/* Member i's refractory period from step k on: in precise timing, the whole
 * steps it holds (grid timing keeps hold[i] itself); returns whether the
 * period then ends inside a step, which must go through the lane. */
static inline int
refractory_hold (lif_batch *b, size_t i, int64_t k)
{
  double re = b->ref_end[i];
  int64_t held;
  if (b->timing == LIF_TIMING_GRID)
    return 0;
  if (!(re > lif__clock_at (&b->clock, k)))
    {
      b->hold[i] = -INFINITY;
      return 0;
    }
  held = lif__clock_steps_until (&b->clock, k, re, LIF__MAX_STEPS - k);
  b->hold[i] = (double)(k + held);
  return re > lif__clock_at (&b->clock, k + held);
}

/* Sets member i up for single steps from step k on: the threshold to test,
 * or -infinity to send the step that ends its refractory period to the
 * lane. */
static void
arm_step (lif_batch *b, size_t i, int64_t k)
{
  b->vth[i] = refractory_hold (b, i, k) ? -INFINITY : b->V_th[i];
}

/* Sets member i's drive for a constant stretch under input current I, as a
 * lone neuron's stretch computes it; a drive that is not finite sends every
 * step of the member to the lane, which reports it. */
static void
set_drive (lif_batch *b, size_t i, double I)
{
  double u = lif__params_drive (&b->p[i], I + 0.0);
  if (!isfinite (u))
    {
      b->u[i] = 0.0;
      b->dth[i] = -INFINITY;
      return;
    }
  b->u[i] = u;
  b->dth[i] = lif__threshold_deviation (u, b->V_th[i]);
}

/* Sets member i up for the constant-stretch kernel from step k on, as a
 * lone neuron's stretch starts: D = V - u, the same guard against values
 * too large to trust, the refractory hold, and the step k from which V is
 * u + D. */
static inline void
arm_stretch (lif_batch *b, size_t i, int64_t k)
{
  int forced = refractory_hold (b, i, k);
  double d = b->V[i] - b->u[i];
  if (!(fabs (b->u[i]) + fabs (d) < DBL_MAX / 2.0))
    forced = 1;
  b->D[i] = forced ? 0.0 : d;
  b->dstar[i] = forced ? -INFINITY : b->dth[i];
  b->karm[i] = (double)k;
}

/* Member i's V at the start of step k of a constant stretch: u + D once it
 * has taken a plain step since it was armed, the stored V before. */
static inline double
stretch_V (const lif_batch *b, size_t i, int64_t k)
{
  if (b->hold[i] < (double)k && b->karm[i] < (double)k)
    return b->u[i] + b->D[i];
  return b->V[i];
}

/* The plain grid step that reached the threshold, in line: what the lane's
 * grid step does for a whole step with no breakpoint and no refractory
 * period, with the same arithmetic (v1 = u + g (V - u) from V, not from the
 * carried D, as a lone neuron's general step), for a fraction of its cost.
 * *s receives the state after the step. */
static inline int
grid_crossing (const lif_batch *b, size_t i, int64_t k, double v1,
               lif__block *bl, lif__state *s)
{
  s->V = v1;
  s->ref_end = b->ref_end[i];
  s->ref_steps = 0;
  if (lif__fires (&b->p[i], v1))
    {
      double end = lif__clock_at (&b->clock, k + 1);
      member_sink sink;
      int rc;
      sink.bl = bl;
      sink.step = k;
      sink.index = i;
      if ((rc = push_spike (&sink, end)) != LIF_OK)
        return rc;
      lif__fire (&b->p[i], end, (int64_t)b->rsteps[i], s);
    }
  return LIF_OK;
}

/* Whether member i's reported step is a plain grid step, which
 * grid_crossing may take: grid timing, not sent to its lane on purpose (the
 * threshold to test is not -infinity), and a drive u and V - u the kernel
 * could trust. */
static inline int
plain_grid_step (const lif_batch *b, size_t i, double u, double threshold)
{
  return b->timing == LIF_TIMING_GRID && threshold > -INFINITY && isfinite (u)
         && fabs (u) + fabs (b->V[i] - u) < DBL_MAX / 2.0;
}

/* ---- constant stretches ----------------------------------------------- */

static size_t
n_blocks (const lif_batch *b)
{
  return (b->n + LIF__BATCH_BLOCK - 1) / LIF__BATCH_BLOCK;
}

/* Member i's precise spike in step k of a constant stretch, with the steps
 * its refractory period holds and the one where it ends, at most cap steps:
 * the stepper's own loop, as a lone neuron's stretch takes it. Returns the
 * steps taken, and 0 when the step is for the lane (a member sent there on
 * purpose, values too large to trust, more than one crossing); *rc receives
 * any error. */
static int64_t
precise_spike (lif_batch *b, const lif__stepper *st, size_t i, int64_t k,
               int64_t cap, lif__block *bl, int *rc)
{
  const double u = b->u[i];
  lif__lane l;
  lif__state s;
  member_sink sink;
  int64_t taken;
  *rc = LIF_OK;
  if (b->timing != LIF_TIMING_PRECISE || !(b->dstar[i] > -INFINITY)
      || !(fabs (u) + fabs (b->V[i] - u) < DBL_MAX / 2.0))
    return 0;
  s.V = b->V[i];
  s.ref_end = b->ref_end[i];
  s.ref_steps = 0;
  sink.bl = bl;
  sink.step = k;
  sink.index = i;
  lif__lane_start (&l, st, &b->clock, b->timing, b->spike_limit, b->input);
  l.p = &b->p[i];
  l.s = &s;
  l.step = &b->coef[i];
  l.emit = push_spike;
  l.sink = &sink;
  taken = st->precise_spike (&l, k, u, cap, rc);
  if (taken > 0)
    {
      b->V[i] = s.V;
      b->ref_end[i] = s.ref_end;
      /* Held through the steps taken, and further while the refractory
       * period lasts. */
      arm_stretch (b, i, k + taken);
      if (!(b->hold[i] >= (double)(k + taken)))
        b->hold[i] = (double)(k + taken);
    }
  return taken;
}

/* Takes the steps k at which the kernel reported the members in hits,
 * members lo + j of the group starting at lo, recording in undo what they
 * change; a precise spike may take the steps after it up to k_end too. */
static int
constant_hits (lif_batch *b, const lif__stepper *st, size_t lo, int64_t k,
               int64_t k_end, unsigned hits, lif__block *bl)
{
  double a = lif__clock_at (&b->clock, k);
  double end = lif__clock_at (&b->clock, k + 1);
  for (; hits; hits &= hits - 1)
    {
      size_t i = lo + (size_t)lif__lowest_bit (hits);
      lif__state s;
      int rc;
      if ((rc = push_undo (b, &bl->undo, i)) != LIF_OK)
        return rc;
      b->V[i] = stretch_V (b, i, k);
      if (precise_spike (b, st, i, k, k_end - k, bl, &rc) > 0)
        continue;
      if (rc != LIF_OK)
        return rc;
      if (plain_grid_step (b, i, b->u[i], b->dstar[i]))
        rc = grid_crossing (b, i, k, lif__relax (b->V[i], b->u[i], b->g[i]),
                            bl, &s);
      else
        rc = member_step (b, st, i, k, a, end, b->clock.dt, 1, 0.0, bl, &s);
      if (rc != LIF_OK)
        return rc;
      member_commit (b, i, k, &s);
      arm_stretch (b, i, k + 1);
    }
  return LIF_OK;
}

/* Runs steps k0 .. k1 - 1 of a constant stretch for one block, a group of
 * members at a time. Spikes go to the block's list group after group; the
 * merge orders them. When a step fails, the groups after it only run up to
 * that step, so that the block reports its earliest failing step. */
static int
constant_block (lif_batch *b, const lif__stepper *st, size_t blk, int64_t k0,
                int64_t k1, int save)
{
  size_t lo = blk * LIF__BATCH_BLOCK, hi = lo + LIF__BATCH_BLOCK, grp, size;
  lif__constant_kernel kernel = lif__kernel_constant_pick (&size);
  lif__block *bl = &b->blocks[blk];
  int status = LIF_OK;
  if (hi > b->n)
    hi = b->n;
  start_block (bl, k0, k1 - k0);
  /* What a chunk changes: every member's deviation, saved here, on the
   * block's thread, and the state of the members that fire, which
   * constant_hits records as it changes them. */
  if (save)
    memcpy (b->saved_D + lo, b->D + lo, (hi - lo) * sizeof (double));
  for (grp = lo; grp < hi; grp += size)
    {
      int64_t k = k0;
      unsigned hits;
      /* The last group may reach into the padding (see batch.c), which
       * the kernel runs but never reports. */
      while ((k = kernel (k, k1, b->g + grp, b->dstar + grp, b->hold + grp,
                          b->D + grp, &hits))
             < k1)
        {
          int rc = constant_hits (b, st, grp, k, k1, hits, bl);
          if (rc != LIF_OK)
            {
              status = rc;
              bl->failed_step = k1 = k;
              break;
            }
          k++;
        }
    }
  return status;
}

/* Runs steps k0 .. k1 - 1 of a constant stretch for every block, saving
 * what restore_state needs first if asked; on failure *failed_at receives
 * the earliest failing step. */
static int
constant_steps (lif_batch *b, const lif__stepper *st, int64_t k0, int64_t k1,
                int save, int threads, int64_t *failed_at)
{
  long blocks = (long)n_blocks (b), blk;
  int rc = LIF_OK;
  (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1)                                 \
    num_threads(threads) if (threads > 1)
#endif
  for (blk = 0; blk < blocks; blk++)
    b->blocks[blk].status = constant_block (b, st, (size_t)blk, k0, k1, save);
  *failed_at = k1;
  for (blk = 0; blk < blocks; blk++)
    if (b->blocks[blk].status != LIF_OK
        && b->blocks[blk].failed_step < *failed_at)
      {
        *failed_at = b->blocks[blk].failed_step;
        rc = b->blocks[blk].status;
      }
  return rc;
}

/* Undoes the chunk since constant_block saved D: the records in reverse, so that a
 * member reported twice gets its first record back. */
static void
restore_state (lif_batch *b)
{
  size_t blk, j;
  for (blk = 0; blk < b->n_blocks; blk++)
    for (j = b->blocks[blk].undo.count; j-- > 0;)
      {
        const lif__undo *u = &b->blocks[blk].undo.items[j];
        b->V[u->index] = u->V;
        b->ref_end[u->index] = u->ref_end;
        b->dstar[u->index] = u->dstar;
        b->hold[u->index] = u->hold;
        b->karm[u->index] = u->karm;
      }
  memcpy (b->D, b->saved_D, b->n * sizeof (double));
  clear_lists (b);
}

/* Writes every member's V at the batch's present step, once a constant
 * stretch ends (as it ends or fails). */
static void
end_stretch (lif_batch *b)
{
  size_t i;
  for (i = 0; i < b->n; i++)
    b->V[i] = stretch_V (b, i, b->clock.n);
}

/* Up to `steps` whole steps under a drive that is constant across all of
 * them; *done receives how many were taken. */
static int
constant_stretch (lif_batch *b, const lif__stepper *st, int64_t steps,
                  int threads, int64_t *done)
{
  double a = lif__clock_now (&b->clock);
  double I = b->input ? lif__input_value (b->input, a, LIF__RIGHT) : 0.0;
  int64_t start = b->clock.n;
  size_t i;
  for (i = 0; i < b->n; i++)
    {
      set_drive (b, i, I);
      arm_stretch (b, i, b->clock.n);
    }
  *done = 0;
  while (*done < steps)
    {
      int64_t k = b->clock.n, chunk = steps - *done, failed_at;
      int rc;
      if (chunk > LIF__BATCH_CHUNK)
        chunk = LIF__BATCH_CHUNK;
      clear_lists (b);
      rc = constant_steps (b, st, k, k + chunk, 1, threads, &failed_at);
      if (rc == LIF_OK)
        rc = merge_spikes (b, k, chunk, threads);
      if (rc != LIF_OK)
        {
          /* Undo the chunk and redo it up to the failing step, so the batch
           * stops at the start of that step with all spikes before it. */
          int again = LIF_OK;
          restore_state (b);
          if (rc != LIF_ENOMEM && failed_at > k)
            {
              again = constant_steps (b, st, k, failed_at, 0, threads,
                                      &failed_at);
              if (again == LIF_OK)
                again = merge_spikes (b, k, failed_at - k, threads);
              if (again == LIF_OK)
                b->clock.n = failed_at;
              else
                restore_state (b);
            }
          *done = b->clock.n - start;
          end_stretch (b);
          return again != LIF_OK ? again : rc;
        }
      b->clock.n += chunk;
      *done += chunk;
    }
  end_stretch (b);
  return LIF_OK;
}

/* ---- single steps ----------------------------------------------------- */

/* Commits what the blocks left pending after a successful step k (whole)
 * or a successful last, shorter step. */
static void
commit_pending (lif_batch *b, int64_t k, int whole)
{
  size_t blk, j;
  for (blk = 0; blk < b->n_blocks; blk++)
    for (j = 0; j < b->blocks[blk].pending.count; j++)
      {
        size_t i = b->blocks[blk].pending.items[j].index;
        const lif__state *s = &b->blocks[blk].pending.items[j].s;
        if (whole)
          {
            member_commit (b, i, k, s);
            arm_step (b, i, k + 1);
          }
        else
          {
            b->V[i] = s->V;
            b->ref_end[i] = s->ref_end;
          }
      }
}

/* Step k, [a, end] of length h, for every member through its lane (an
 * input breakpoint lies inside it, or it is the last, shorter step of a
 * run). x: the members' own currents, or NULL for none. */
static int
lane_step_all (lif_batch *b, const lif__stepper *st, double a, double end,
               double h, int whole, const double *x, int threads)
{
  long blocks = (long)n_blocks (b), blk;
  int64_t k = b->clock.n;
  int rc = LIF_OK;
  (void)threads;
  clear_lists (b);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1)                                 \
    num_threads(threads) if (threads > 1)
#endif
  for (blk = 0; blk < blocks; blk++)
    {
      size_t lo = (size_t)blk * LIF__BATCH_BLOCK, i;
      size_t hi = lo + LIF__BATCH_BLOCK < b->n ? lo + LIF__BATCH_BLOCK : b->n;
      int status = LIF_OK;
      start_block (&b->blocks[blk], k, 1);
      for (i = lo; i < hi && status == LIF_OK; i++)
        {
          lif__state s;
          status = member_step (b, st, i, k, a, end, h, whole, x ? x[i] : 0.0,
                                &b->blocks[blk], &s);
          if (status == LIF_OK)
            status = push_pending (&b->blocks[blk].pending, i, &s);
        }
      b->blocks[blk].status = status;
    }
  for (blk = 0; blk < blocks && rc == LIF_OK; blk++)
    rc = b->blocks[blk].status;
  if (rc == LIF_OK)
    rc = merge_spikes (b, k, 1, threads);
  if (rc == LIF_OK)
    commit_pending (b, k, whole);
  clear_lists (b);
  return rc;
}

/* Step k for every member under a drive that changes from step to step:
 * the plain-step kernel for the block, the lane for reported members. */
static int
single_step_block (lif_batch *b, const lif__stepper *st, size_t blk,
                   const double *I, int varying, const double *x)
{
  size_t lo = blk * LIF__BATCH_BLOCK, hi = lo + LIF__BATCH_BLOCK, i;
  int64_t k = b->clock.n;
  double a = lif__clock_at (&b->clock, k),
         end = lif__clock_at (&b->clock, k + 1);
  int reported;
  if (hi > b->n)
    hi = b->n;
  start_block (&b->blocks[blk], k, 1);
  if (varying)
    reported = lif__kernel_step_varying (
        hi - lo, (double)k, st->n_nodes, I, b->coef[lo].avg,
        sizeof (lif__coef) / sizeof (double), x + lo, b->E_L + lo, b->R + lo,
        b->bias + lo, b->g + lo, b->vth + lo, b->hold + lo, b->V + lo,
        b->V_next + lo, b->reported + lo);
  else
    reported = lif__kernel_step (hi - lo, (double)k, I[0], x + lo, b->E_L + lo,
                                 b->R + lo, b->bias + lo, b->g + lo,
                                 b->vth + lo, b->hold + lo, b->V + lo,
                                 b->V_next + lo, b->reported + lo);
  if (!reported)
    return LIF_OK;
  for (i = lo; i < hi; i++)
    {
      lif__state s;
      double v1;
      int rc, plain;
      if (b->reported[i] == 0.0)
        continue;
      /* The kernel's arithmetic again, for the one member. */
      if (varying)
        {
          double ubar = 0.0;
          int j;
          for (j = 0; j < st->n_nodes; j++)
            ubar += b->coef[i].avg[j]
                    * lif__drive (b->E_L[i], b->R[i], b->bias[i], I[j] + x[i]);
          v1 = lif__relax (b->V[i], ubar, b->g[i]);
          plain = b->timing == LIF_TIMING_GRID && b->vth[i] > -INFINITY
                  && isfinite (v1);
        }
      else
        {
          double u = lif__drive (b->E_L[i], b->R[i], b->bias[i], I[0] + x[i]);
          v1 = lif__relax (b->V[i], u, b->g[i]);
          plain = plain_grid_step (b, i, u, b->vth[i]);
        }
      if (plain)
        rc = grid_crossing (b, i, k, v1, &b->blocks[blk], &s);
      else
        rc = member_step (b, st, i, k, a, end, b->clock.dt, 1, x[i],
                          &b->blocks[blk], &s);
      if (rc == LIF_OK)
        rc = push_pending (&b->blocks[blk].pending, i, &s);
      if (rc != LIF_OK)
        return rc;
    }
  return LIF_OK;
}

static int
all_finite (const double *x, size_t n)
{
  size_t i;
  int ok = 1;
  for (i = 0; i < n; i++)
    ok &= isfinite (x[i]) != 0;
  return ok;
}

/* One whole step under a drive that changes every step; x holds the
 * members' own currents for it (zeros when there are none). */
static int
single_step (lif_batch *b, const lif__stepper *st, const double *x,
             int threads)
{
  int64_t k = b->clock.n;
  double a = lif__clock_at (&b->clock, k),
         end = lif__clock_at (&b->clock, k + 1);
  double I[LIF__MAX_NODES] = { 0.0, 0.0, 0.0 }, *swap;
  long blocks = (long)n_blocks (b), blk;
  int varying = !lif__input_piecewise_constant (b->input), j, rc = LIF_OK;
  (void)threads;
  if (!all_finite (x, b->n))
    return LIF_EINPUT;
  if (b->input && lif__input_next_breakpoint (b->input, a) < end)
    {
      rc = lane_step_all (b, st, a, end, b->clock.dt, 1, x, threads);
      b->clock.n += rc == LIF_OK;
      return rc;
    }
  /* The shared input, once for everyone, at the nodes or once. */
  for (j = 0; j < (varying ? st->n_nodes : 1); j++)
    {
      double node = varying ? st->node[j] : 0.0;
      double t = node == 0.0 ? a : node == 1.0 ? end : a + node * b->clock.dt;
      I[j] = b->input ? lif__input_value (b->input, t,
                                          node == 1.0 ? LIF__LEFT : LIF__RIGHT)
                      : 0.0;
      if (!isfinite (I[j]))
        return LIF_EINPUT;
    }
  clear_lists (b);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1)                                 \
    num_threads(threads) if (threads > 1)
#endif
  for (blk = 0; blk < blocks; blk++)
    b->blocks[blk].status
        = single_step_block (b, st, (size_t)blk, I, varying, x);
  for (blk = 0; blk < blocks && rc == LIF_OK; blk++)
    rc = b->blocks[blk].status;
  if (rc == LIF_OK)
    rc = merge_spikes (b, k, 1, threads);
  if (rc == LIF_OK)
    {
      swap = b->V;
      b->V = b->V_next;
      b->V_next = swap;
      commit_pending (b, k, 1);
      b->clock.n++;
    }
  clear_lists (b);
  return rc;
}

/* ---- runs ------------------------------------------------------------- */

static int
check_stable (const lif_batch *b, const lif__stepper *st)
{
  size_t i;
  if (st->stability_limit == INFINITY)
    return LIF_OK;
  for (i = 0; i < b->n; i++)
    if (!(b->clock.dt / b->p[i].tau < st->stability_limit))
      return LIF_EUNSTABLE;
  return LIF_OK;
}

/* Whether `steps` more whole steps keep the clock representable. */
static int
check_room (const lif_batch *b, double steps)
{
  return lif__clock_has_room (&b->clock, steps) ? LIF_OK : LIF_EOVERFLOW;
}

/* The members' own currents for the step [a, a + h]: from the callback, or
 * none (zeros). */
static const double *
callback_currents (lif_batch *b, double a, double h)
{
  if (!b->current_fn)
    return NULL;
  b->current_fn (a, h, b->extra, b->n, b->current_data);
  return b->extra;
}

/* Runs `steps` whole steps (rows: per-step currents, or NULL) and then, if
 * end is finite, the shorter step that ends exactly at end. */
static int
run (lif_batch *b, int64_t steps, const double *rows, double end)
{
  const lif__stepper *st = lif__stepper_get (b->stepper);
  int threads = lif__batch_threads (b), rc;
  size_t i;
  int64_t done = 0;
  if ((size_t)threads > n_blocks (b))
    threads = (int)n_blocks (b);
  if ((rc = check_stable (b, st)) != LIF_OK)
    return rc;
  if ((rc = check_room (b, (double)steps)) != LIF_OK)
    return rc;
  /* During the run, grid refractory periods are the step index they hold
   * to; the per-member currents default to none. */
  for (i = 0; i < b->n; i++)
    {
      if (b->timing == LIF_TIMING_GRID)
        {
          b->hold[i] = (double)b->clock.n + (double)b->ref_steps[i];
          b->rsteps[i]
              = (double)lif__refractory_steps (b->p[i].t_ref, b->clock.dt);
        }
      arm_step (b, i, b->clock.n);
    }
  if (!rows && !b->current_fn)
    memset (b->extra, 0, b->n * sizeof *b->extra);
  while (done < steps && rc == LIF_OK)
    {
      double a = lif__clock_now (&b->clock);
      int per_step
          = rows || b->current_fn || !lif__input_piecewise_constant (b->input);
      if (per_step)
        {
          const double *x = rows ? rows + (size_t)done * b->n
                                 : callback_currents (b, a, b->clock.dt);
          rc = single_step (b, st, x ? x : b->extra, threads);
          done += rc == LIF_OK;
        }
      else
        {
          double bp
              = b->input ? lif__input_next_breakpoint (b->input, a) : INFINITY;
          int64_t k = lif__clock_steps_until (&b->clock, b->clock.n, bp,
                                              steps - done),
                  taken = 0;
          if (k > 0)
            rc = constant_stretch (b, st, k, threads, &taken);
          else
            {
              rc = lane_step_all (b, st, a,
                                  lif__clock_at (&b->clock, b->clock.n + 1),
                                  b->clock.dt, 1, NULL, threads);
              if (rc == LIF_OK)
                b->clock.n++;
              taken = rc == LIF_OK;
            }
          done += taken;
        }
    }
  if (rc == LIF_OK && isfinite (end) && end > lif__clock_now (&b->clock))
    {
      double a = lif__clock_now (&b->clock);
      const double *x = callback_currents (b, a, fmin (end - a, b->clock.dt));
      if (x && !all_finite (x, b->n))
        rc = LIF_EINPUT;
      else
        rc = lane_step_all (b, st, a, end, fmin (end - a, b->clock.dt), 0, x,
                            threads);
      if (rc == LIF_OK)
        {
          lif__batch_rebase (b, end);
          return LIF_OK;
        }
    }
  if (b->timing == LIF_TIMING_GRID)
    for (i = 0; i < b->n; i++)
      b->ref_steps[i] = b->hold[i] > (double)b->clock.n
                            ? (int64_t)(b->hold[i] - (double)b->clock.n)
                            : 0;
  return rc;
}

int
lif_batch_step (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  return run (batch, 1, NULL, NAN);
}

int
lif_batch_run (lif_batch *batch, double duration)
{
  double steps, whole, end;
  if (!batch)
    return LIF_ENULL;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  steps = duration / batch->clock.dt;
  end = lif__clock_now (&batch->clock) + duration;
  if (!isfinite (end))
    return LIF_EOVERFLOW;
  if (lif__near_integer (steps, &whole))
    end = NAN;
  else
    whole = floor (steps);
  if (!(whole <= (double)LIF__MAX_STEPS))
    return LIF_EOVERFLOW;
  return run (batch, (int64_t)whole, NULL, end);
}

int
lif_batch_run_currents (lif_batch *batch, const double *currents, size_t steps)
{
  if (!batch || (steps > 0 && !currents))
    return LIF_ENULL;
  if ((double)steps > (double)LIF__MAX_STEPS)
    return LIF_EOVERFLOW;
  /* No shortcut for 0 steps: every run, however short, checks the
   * stepper's stability first, as lif_batch_run(b, 0) and a lone neuron's
   * runs do. */
  return run (batch, (int64_t)steps, currents, NAN);
}
