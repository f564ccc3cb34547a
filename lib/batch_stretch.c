/*
 * A batch over a stretch: steps with no breakpoint of the drive inside
 * them and no per-step currents. Two kinds, run in chunks alike:
 *
 *  - a constant drive (no input, or a piecewise-constant one between its
 *    breakpoints): every member carries its deviation D = V - u from step
 *    to step, as a lone neuron's constant stretch does, and members are
 *    taken in groups that stay in the first-level cache for many steps;
 *  - any other input with no callback (noise, a sine, a decay, a ramp, and
 *    their sums): member by member, each member's lane takes the steps as
 *    a lone neuron's run takes them (the stepper's own loop, in which the
 *    exact stepper walks a sine's or a decay's mean in registers and noise
 *    draws one generator output for two steps, and the lane's general step
 *    for a step with a spike or a refractory period's end). A member's
 *    drive and draws depend on the step alone (and its stream), so members
 *    need not wait for one another from step to step, and a member's steps
 *    stay in its registers instead of every member's arrays passing through
 *    memory at every step.
 *
 * After each chunk the spikes found are merged into the store. If anything
 * fails in a chunk, the chunk is undone and run again up to the failing
 * step, so that the batch stops at the start of that step with every
 * earlier spike kept.
 */
#include "batch.h"

#include "batch_kernel.h"
#include "batch_member.h"
#include "input.h"

#include <string.h>

/* Takes the steps k at which the kernel reported the members in hits,
 * members lo + j of the group starting at lo, recording in undo what they
 * change; a precise spike may take the steps after it up to k_end too,
 * through the block's spike lane. */
static int
constant_hits (lif_batch *b, lif__member_lane *spike_lane, size_t lo,
               int64_t k, int64_t k_end, unsigned hits, lif__block *bl)
{
  double a = lif__clock_at (&b->engine.clock, k);
  double end = lif__clock_at (&b->engine.clock, k + 1);
  for (; hits; hits &= hits - 1)
    {
      size_t i = lo + (size_t)lif__lowest_bit (hits);
      lif__state s;
      int rc;
      if ((rc = lif__block_push_undo (b, &bl->undo, i)) != LIF_OK)
        return rc;
      b->V[i] = lif__member_stretch_V (b, i, k);
      if (lif__member_precise_spike (b, spike_lane, i, k, k_end - k, &rc) > 0)
        continue;
      if (rc != LIF_OK)
        return rc;
      if (lif__member_plain_grid_step (b, i, b->drive[i],
                                       b->deviation_limit[i]))
        rc = lif__member_grid_crossing (
            b, i, k, lif__relax (b->V[i], b->drive[i], b->coef.g[i]), bl, &s);
      else
        rc = lif__member_step (b, i, k, a, end, b->engine.clock.dt, 1, 0.0, bl,
                               &s);
      if (rc != LIF_OK)
        return rc;
      lif__member_commit (b, i, &s);
      lif__member_arm_stretch (b, i, k + 1);
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
  lif__member_lane spike_lane;
  int status = LIF_OK;
  (void)st;
  if (hi > b->n)
    hi = b->n;
  lif__member_spike_lane_start (b, bl, &spike_lane);
  lif__block_start (bl, k0, k1 - k0);
  /* What a chunk changes: every member's deviation, saved here, on the
   * block's thread, and the state of the members that fire, which
   * constant_hits records as it changes them. */
  if (save)
    memcpy (b->saved_deviation + lo, b->deviation + lo,
            (hi - lo) * sizeof (double));
  for (grp = lo; grp < hi; grp += size)
    {
      int64_t k = k0;
      unsigned hits;
      /* The last group may reach into the padding (see batch.c), which
       * the kernel runs but never reports. */
      while ((k = kernel (k, k1, b->coef.g + grp, b->deviation_limit + grp,
                          b->held_until + grp, b->deviation + grp, &hits))
             < k1)
        {
          int rc = constant_hits (b, &spike_lane, grp, k, k1, hits, bl);
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

/* Member i's steps k0 .. k1 - 1, as a lone neuron's run takes them
 * (run_whole_steps in run.c): the whole steps a refractory period holds,
 * the stepper's loop of plain steps, and the lane's general step for the
 * step that stops it. Spikes go to block bl's list. Returns the step that
 * failed (its spikes taken back, the member's state that at its start, as
 * lif__member_step leaves it), or k1. */
static int64_t
member_steps (lif_batch *b, const lif__stepper *st, size_t i, int64_t k0,
              int64_t k1, lif__block *bl, int *status)
{
  const lif__clock *c = &b->engine.clock;
  lif__member_lane m;
  lif__state s;
  int64_t k = k0;
  *status = LIF_OK;
  lif__member_state (b, i, k0, &s);
  lif__member_lane_start (b, i, bl, &s, &m);
  while (k < k1)
    {
      int inside;
      const int64_t held = lif__held_whole_steps (&s, b->engine.timing, c, k,
                                                  k1 - k, &inside);
      size_t mark = bl->spikes.count;
      lif__state before;
      double stop;
      if (held > 0)
        {
          lif__lane_hold_steps (&m.l, k, held);
          k += held;
          continue;
        }
      if (!inside)
        {
          k += st->varying_steps (&m.l, k, k1 - k);
          if (k == k1)
            break;
        }
      before = s;
      *status = lif__lane_step (&m.l, k, lif__clock_at (c, k),
                                lif__clock_at (c, k + 1), c->dt, 1, &stop);
      if (*status != LIF_OK)
        {
          bl->at[k - bl->first_step] -= bl->spikes.count - mark;
          bl->spikes.count = mark;
          s = before;
          break;
        }
      k++;
    }
  lif__member_commit (b, i, &s);
  return k;
}

/* Runs steps k0 .. k1 - 1 of a stretch for one block, member by member,
 * each journaled first: every member's V changes. When a member's
 * step fails, the members after it only run up to that step, so that the
 * block reports its earliest failing step. */
static int
member_block (lif_batch *b, const lif__stepper *st, size_t blk, int64_t k0,
              int64_t k1, int save)
{
  size_t lo = blk * LIF__BATCH_BLOCK, hi = lo + LIF__BATCH_BLOCK, i;
  lif__block *bl = &b->blocks[blk];
  int status = LIF_OK;
  (void)save;
  if (hi > b->n)
    hi = b->n;
  lif__block_start (bl, k0, k1 - k0);
  for (i = lo; i < hi && k1 > k0; i++)
    {
      int rc;
      int64_t failed;
      if ((rc = lif__block_push_undo (b, &bl->undo, i)) != LIF_OK)
        {
          status = rc;
          bl->failed_step = k1 = k0;
          break;
        }
      failed = member_steps (b, st, i, k0, k1, bl, &rc);
      if (rc != LIF_OK)
        {
          status = rc;
          bl->failed_step = k1 = failed;
        }
    }
  return status;
}

/* Runs one block's steps k0 .. k1 - 1 of a stretch, saving what
 * restore_state needs first if asked (save). */
typedef int (*block_steps) (lif_batch *b, const lif__stepper *st, size_t blk,
                            int64_t k0, int64_t k1, int save);

/* Runs steps k0 .. k1 - 1 of a stretch for every block; on failure
 * *failed_at receives the earliest failing step. */
static int
stretch_steps (lif_batch *b, const lif__stepper *st, block_steps block,
               int64_t k0, int64_t k1, int save, int threads,
               int64_t *failed_at)
{
  long blocks = (long)b->n_blocks, blk;
  int rc = LIF_OK;
  (void)threads;
  /* On one thread no parallel region is opened: even a region of one
   * thread costs the OpenMP runtime's bookkeeping every chunk. */
#ifdef _OPENMP
  if (threads > 1)
    {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
      for (blk = 0; blk < blocks; blk++)
        b->blocks[blk].status = block (b, st, (size_t)blk, k0, k1, save);
    }
  else
#endif
    for (blk = 0; blk < blocks; blk++)
      b->blocks[blk].status = block (b, st, (size_t)blk, k0, k1, save);
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

/* Undoes the chunk: the records in reverse, so that a member recorded
 * twice gets its first record back, and in a constant stretch the
 * deviations constant_block saved. */
static void
restore_state (lif_batch *b, int constant)
{
  size_t blk, j;
  for (blk = 0; blk < b->n_blocks; blk++)
    for (j = b->blocks[blk].undo.count; j-- > 0;)
      {
        const lif__undo *u = &b->blocks[blk].undo.items[j];
        b->V[u->index] = u->V;
        b->ref_end[u->index] = u->ref_end;
        b->deviation_limit[u->index] = u->deviation_limit;
        b->held_until[u->index] = u->held_until;
        b->armed_at[u->index] = u->armed_at;
        b->ou[u->index] = u->ou;
      }
  if (constant)
    memcpy (b->deviation, b->saved_deviation, b->n * sizeof (double));
  lif__batch_clear_lists (b);
}

/* Once a stretch ends (as it ends or fails): a constant stretch writes
 * every member's V at the batch's present step, and every member is set up
 * for single steps again, as a run starts them. */
static void
end_stretch (lif_batch *b, int constant)
{
  size_t i;
  for (i = 0; i < b->n; i++)
    {
      if (constant)
        b->V[i] = lif__member_stretch_V (b, i, b->engine.clock.n);
      else
        lif__member_arm_step (b, i, b->engine.clock.n);
    }
}

/* Up to `steps` whole steps of a stretch of either kind, the members set
 * up for it; *done receives how many were taken. The threads are chosen
 * for each chunk from its work, so that a stretch's short last chunk may
 * run on the calling thread. */
static int
stretch (lif_batch *b, const lif__stepper *st, block_steps block, int constant,
         int64_t steps, int64_t *done)
{
  int64_t start = b->engine.clock.n;
  *done = 0;
  while (*done < steps)
    {
      int64_t k = b->engine.clock.n, chunk = steps - *done, failed_at;
      int rc, threads;
      if (chunk > LIF__BATCH_CHUNK)
        chunk = LIF__BATCH_CHUNK;
      threads = lif__batch_threads_for (b, (double)b->n * (double)chunk);
      lif__batch_clear_lists (b);
      rc = stretch_steps (b, st, block, k, k + chunk, 1, threads, &failed_at);
      if (rc == LIF_OK)
        rc = lif__batch_merge_spikes (b, k, chunk, threads);
      if (rc != LIF_OK)
        {
          /* Undo the chunk and redo it up to the failing step, so the batch
           * stops at the start of that step with all spikes before it. */
          int again = LIF_OK;
          restore_state (b, constant);
          if (rc != LIF_ENOMEM && failed_at > k)
            {
              again = stretch_steps (b, st, block, k, failed_at, 0, threads,
                                     &failed_at);
              if (again == LIF_OK)
                again = lif__batch_merge_spikes (b, k, failed_at - k, threads);
              if (again == LIF_OK)
                b->engine.clock.n = failed_at;
              else
                restore_state (b, constant);
            }
          *done = b->engine.clock.n - start;
          end_stretch (b, constant);
          return again != LIF_OK ? again : rc;
        }
      b->engine.clock.n += chunk;
      *done += chunk;
    }
  end_stretch (b, constant);
  return LIF_OK;
}

int
lif__batch_constant_stretch (lif_batch *b, const lif__stepper *st,
                             int64_t steps, int64_t *done)
{
  double a = lif__clock_now (&b->engine.clock);
  double I = b->engine.input
                 ? lif__input_value (b->engine.input, a, LIF__RIGHT)
                 : 0.0;
  size_t i;
  for (i = 0; i < b->n; i++)
    {
      lif__member_set_drive (b, i, I);
      lif__member_arm_stretch (b, i, b->engine.clock.n);
    }
  return stretch (b, st, constant_block, 1, steps, done);
}

int
lif__batch_member_stretch (lif_batch *b, const lif__stepper *st, int64_t steps,
                           int64_t *done)
{
  return stretch (b, st, member_block, 0, steps, done);
}
