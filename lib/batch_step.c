/*
 * A batch under a drive that changes every step (per-step currents, or an
 * input with a callback, which is asked once a step in time order; any
 * other varying input runs member by member, batch_stretch.c), and the
 * steps every member takes through its lane (an input breakpoint inside
 * the step, a run's last, shorter step): one step at a time. The new
 * potentials go to a second array and everything else a step changes
 * waits in per-block lists, so a step that fails leaves no trace.
 */
#include "batch.h"

#include "batch_kernel.h"
#include "batch_member.h"
#include "crossing.h"
#include "input.h"

#include <string.h>

/* Commits what the blocks left pending after a successful step k (whole)
 * or a successful part of one. */
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
            lif__member_commit (b, i, s);
            lif__member_arm_step (b, i, k + 1);
          }
        else /* part of a step: the members are armed at the next run */
          lif__member_commit (b, i, s);
      }
}

/* Step k, [a, end] of length h, for the members of block blk through
 * their lanes. */
static int
lane_step_block (lif_batch *b, size_t blk, int64_t k, double a, double end,
                 double h, int whole, const double *x)
{
  size_t lo = blk * LIF__BATCH_BLOCK, i;
  size_t hi = lo + LIF__BATCH_BLOCK < b->n ? lo + LIF__BATCH_BLOCK : b->n;
  int status = LIF_OK;
  lif__block_start (&b->blocks[blk], k, 1);
  for (i = lo; i < hi && status == LIF_OK; i++)
    {
      lif__state s;
      status = lif__member_step (b, i, k, a, end, h, whole, x ? x[i] : 0.0,
                                 &b->blocks[blk], &s);
      if (status == LIF_OK)
        status = lif__block_push_pending (&b->blocks[blk].pending, i, &s);
    }
  return status;
}

/* Step k, [a, end] of length h, for every member through its lane (an
 * input breakpoint lies inside it, or it is the last, shorter step of a
 * run). x: the members' own currents, or NULL for none. */
int
lif__batch_lane_step_all (lif_batch *b, double a, double end, double h,
                          int whole, const double *x, int threads)
{
  long blocks = (long)b->n_blocks, blk;
  int64_t k = b->engine.clock.n;
  int rc = LIF_OK;
  (void)threads;
  lif__batch_clear_lists (b);
  /* On one thread no parallel region is opened: even a region of one
   * thread costs the OpenMP runtime's bookkeeping every step. */
#ifdef _OPENMP
  if (threads > 1)
    {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
      for (blk = 0; blk < blocks; blk++)
        b->blocks[blk].status
            = lane_step_block (b, (size_t)blk, k, a, end, h, whole, x);
    }
  else
#endif
    for (blk = 0; blk < blocks; blk++)
      b->blocks[blk].status
          = lane_step_block (b, (size_t)blk, k, a, end, h, whole, x);
  for (blk = 0; blk < blocks && rc == LIF_OK; blk++)
    rc = b->blocks[blk].status;
  if (rc == LIF_OK)
    rc = lif__batch_merge_spikes (b, k, 1, threads);
  if (rc == LIF_OK)
    commit_pending (b, k, whole);
  lif__batch_clear_lists (b);
  return rc;
}

/* The plain step k of members lo .. hi - 1 under white noise: what
 * lif__kernel_step_varying computes from the same I and cur (for the exact
 * stepper the members' means over the step, not a sample), plus each
 * member's kick from its own stream (the lane's segment_kick and
 * segment_variance, the same operations on the same values), one member
 * at a time: the draws cost far more than the step. A member is also
 * reported when, in precise timing, its path crosses the threshold inside
 * the step. Under an Ornstein-Uhlenbeck current every member, held or not,
 * is reported: its lane moves the current too. */
static int
noisy_step (lif_batch *b, const lif__stepper *st, size_t lo, size_t hi,
            int64_t k, const double *I, const double *cur)
{
  const lif_input *in = b->engine.input;
  const int ou = lif__input_has_ou (in);
  const double nv = lif__noise_variance (in);
  const int bridges = b->engine.timing == LIF_TIMING_PRECISE;
  lif__noise_stream ns;
  int any = 0;
  size_t i;
  lif__noise_stream_init (&ns, b->engine.seed, b->engine.stream, in);
  for (i = lo; i < hi; i++)
    {
      const double strength
          = lif__noise_strength (b->param.R[i], b->param.tau[i]);
      const double spread = b->coef.noise[i] * strength;
      double ubar = 0.0, v1;
      lif__bridge br;
      int j, hit;
      b->reported[i] = 0.0;
      b->V_next[i] = b->V[i];
      if (ou)
        {
          b->reported[i] = 1.0;
          any = 1;
          continue;
        }
      if (!((double)k >= b->held_until[i]))
        continue;
      for (j = 0; j < st->n_nodes; j++)
        ubar += b->coef.avg[j][i]
                * lif__drive (b->param.E_L[i], b->param.R[i],
                              b->param.I_bias[i], I[j] + cur[i - lo]);
      ns.stream = b->engine.stream + (uint32_t)i;
      v1 = lif__relax (b->V[i], ubar, b->coef.g[i])
           + lif__noise_kick (b->coef.noise[i], strength,
                              lif__noise_step (&ns, in, k, 0));
      br.v0 = b->V[i];
      br.v1 = v1;
      br.var = spread * spread * nv;
      br.decay = lif__stepper_bridge_decay (st, b->coef.g[i]);
      hit = !isfinite (v1) || v1 >= b->step_threshold[i]
            || (bridges
                && lif__bridge_crosses (&ns, k, 0, &br, b->param.V_th[i]));
      if (hit)
        b->reported[i] = 1.0;
      else
        b->V_next[i] = v1;
      any |= hit;
    }
  return any;
}

/* The currents of members lo to hi - 1 (cur, from 0) over whole step k
 * for a stepper that integrates the input: each member's mean of the
 * shared input under its own tau (lif__input_step_mean; members of one
 * tau share it), plus its own current x. LIF_EINPUT when a mean is not
 * finite. */
static int
member_means (const lif_batch *b, size_t lo, size_t hi, int64_t k,
              const double *x, double *cur)
{
  const lif_input *in = b->engine.input;
  double tau = NAN, mean = 0.0;
  lif__mean_plan plan;
  lif__step_walk walk;
  size_t i;
  for (i = lo; i < hi; i++)
    {
      if (b->param.tau[i] != tau)
        {
          tau = b->param.tau[i];
          lif__mean_plan_init (&plan, in, b->engine.clock.dt, tau);
          walk.k = -1;
          mean
              = lif__input_step_mean (in, &plan, &walk, b->engine.clock.t0, k);
          if (!isfinite (mean))
            return LIF_EINPUT;
        }
      cur[i - lo] = mean + x[i];
    }
  return LIF_OK;
}

/* Marks for the lane the members lo to hi - 1 whose step the kernel took
 * but in which V might still reach the threshold with both ends below:
 * those whose bound from crossing.c does not clear it, under I_max, the
 * shared input's greatest value over the step (plus their own x). Returns
 * whether it marked any. */
static int
report_uncleared (lif_batch *b, size_t lo, size_t hi, int64_t k, double I_max,
                  const double *x)
{
  int any = 0;
  size_t i;
  for (i = lo; i < hi; i++)
    {
      double v = b->V[i], u_max;
      if (b->reported[i] != 0.0 || (double)k < b->held_until[i])
        continue;
      u_max = lif__drive (b->param.E_L[i], b->param.R[i], b->param.I_bias[i],
                          I_max + x[i]);
      if (!lif__step_clears (v, 1.0 - b->coef.g[i], u_max, b->param.V_th[i]))
        {
          b->reported[i] = 1.0;
          any = 1;
        }
    }
  return any;
}

/* Step k for every member under a drive that changes from step to step:
 * the plain-step kernel for the block, the lane for reported members. The
 * kernel sees the shared sample I at the nodes plus each member's current
 * (cur, from lo); for a stepper that integrates the input the members'
 * means are in their currents and I is 0. */
static int
single_step_block (lif_batch *b, const lif__stepper *st, size_t blk,
                   const double *shared, int varying, double I_max,
                   const double *x)
{
  size_t lo = blk * LIF__BATCH_BLOCK, hi = lo + LIF__BATCH_BLOCK, i;
  int64_t k = b->engine.clock.n;
  double a = lif__clock_at (&b->engine.clock, k),
         end = lif__clock_at (&b->engine.clock, k + 1);
  const double *avg[LIF__MAX_NODES]
      = { b->coef.avg[0] + lo, b->coef.avg[1] + lo, b->coef.avg[2] + lo };
  const int noisy = lif__input_noisy (b->engine.input);
  static const double none[LIF__MAX_NODES] = { 0.0, 0.0, 0.0 };
  double means[LIF__BATCH_BLOCK];
  const double *I = shared, *cur = x + lo;
  int reported;
  if (hi > b->n)
    hi = b->n;
  lif__block_start (&b->blocks[blk], k, 1);
  if (varying && st->integrates_input
      && !lif__input_mean_is_sample (b->engine.input))
    {
      int rc = member_means (b, lo, hi, k, x, means);
      if (rc != LIF_OK)
        return rc;
      I = none;
      cur = means;
    }
  if (noisy)
    reported = noisy_step (b, st, lo, hi, k, I, cur);
  else if (varying)
    reported = lif__kernel_step_varying (
        hi - lo, (double)k, st->n_nodes, I, avg, cur, b->param.E_L + lo,
        b->param.R + lo, b->param.I_bias + lo, b->coef.g + lo,
        b->step_threshold + lo, b->held_until + lo, b->V + lo, b->V_next + lo,
        b->reported + lo);
  else
    reported = lif__kernel_step (
        hi - lo, (double)k, I[0], cur, b->param.E_L + lo, b->param.R + lo,
        b->param.I_bias + lo, b->coef.g + lo, b->step_threshold + lo,
        b->held_until + lo, b->V + lo, b->V_next + lo, b->reported + lo);
  if (I_max < INFINITY && report_uncleared (b, lo, hi, k, I_max, x))
    reported = 1;
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
      if (noisy)
        {
          v1 = 0.0;
          plain = 0; /* its lane draws the same noise again */
        }
      else if (varying)
        {
          double ubar = 0.0;
          int j;
          for (j = 0; j < st->n_nodes; j++)
            ubar += b->coef.avg[j][i]
                    * lif__drive (b->param.E_L[i], b->param.R[i],
                                  b->param.I_bias[i], I[j] + cur[i - lo]);
          v1 = lif__relax (b->V[i], ubar, b->coef.g[i]);
          plain = b->engine.timing == LIF_TIMING_GRID
                  && b->step_threshold[i] > -INFINITY && isfinite (v1);
        }
      else
        {
          double u = lif__drive (b->param.E_L[i], b->param.R[i],
                                 b->param.I_bias[i], I[0] + cur[i - lo]);
          v1 = lif__relax (b->V[i], u, b->coef.g[i]);
          plain = lif__member_plain_grid_step (b, i, u, b->step_threshold[i]);
        }
      if (plain)
        rc = lif__member_grid_crossing (b, i, k, v1, &b->blocks[blk], &s);
      else
        rc = lif__member_step (b, i, k, a, end, b->engine.clock.dt, 1, x[i],
                               &b->blocks[blk], &s);
      if (rc == LIF_OK)
        rc = lif__block_push_pending (&b->blocks[blk].pending, i, &s);
      if (rc != LIF_OK)
        return rc;
    }
  return LIF_OK;
}

/* One whole step under a drive that changes every step; x holds the
 * members' own currents for it (zeros when there are none). */
int
lif__batch_single_step (lif_batch *b, const lif__stepper *st, const double *x,
                        int threads)
{
  int64_t k = b->engine.clock.n;
  double a = lif__clock_at (&b->engine.clock, k),
         end = lif__clock_at (&b->engine.clock, k + 1);
  double I[LIF__MAX_NODES] = { 0.0, 0.0, 0.0 }, *swap;
  double I_lo, I_max = INFINITY;
  long blocks = (long)b->n_blocks, blk;
  int varying = !lif__input_piecewise_constant (b->engine.input), j,
      rc = LIF_OK;
  (void)threads;
  if (!lif__all_finite (x, b->n))
    return LIF_EINPUT;
  if (b->engine.input && lif__input_next_breakpoint (b->engine.input, a) < end)
    {
      rc = lif__batch_lane_step_all (b, a, end, b->engine.clock.dt, 1, x,
                                     threads);
      b->engine.clock.n += rc == LIF_OK;
      return rc;
    }
  /* Precise timing on the exact trajectory (lif__lane_on_trajectory): the
   * members whose step might hide a crossing go to their lanes, which
   * search it (report_uncleared). */
  if (lif__on_trajectory (b->engine.timing, st, b->engine.input))
    lif__input_range (b->engine.input, a, end, &I_lo, &I_max);
  /* The shared input, once for everyone, at the nodes or once. */
  for (j = 0; j < (varying ? st->n_nodes : 1); j++)
    {
      double node = varying ? st->node[j] : 0.0;
      double t = node == 0.0   ? a
                 : node == 1.0 ? end
                               : a + node * b->engine.clock.dt;
      I[j] = b->engine.input ? lif__input_value (
                 b->engine.input, t, node == 1.0 ? LIF__LEFT : LIF__RIGHT)
                             : 0.0;
      if (!isfinite (I[j]))
        return LIF_EINPUT;
    }
  lif__batch_clear_lists (b);
  /* On one thread no parallel region is opened, as in
   * lif__batch_lane_step_all. */
#ifdef _OPENMP
  if (threads > 1)
    {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
      for (blk = 0; blk < blocks; blk++)
        b->blocks[blk].status
            = single_step_block (b, st, (size_t)blk, I, varying, I_max, x);
    }
  else
#endif
    for (blk = 0; blk < blocks; blk++)
      b->blocks[blk].status
          = single_step_block (b, st, (size_t)blk, I, varying, I_max, x);
  for (blk = 0; blk < blocks && rc == LIF_OK; blk++)
    rc = b->blocks[blk].status;
  if (rc == LIF_OK)
    rc = lif__batch_merge_spikes (b, k, 1, threads);
  if (rc == LIF_OK)
    {
      swap = b->V;
      b->V = b->V_next;
      b->V_next = swap;
      commit_pending (b, k, 1);
      b->engine.clock.n++;
    }
  lif__batch_clear_lists (b);
  return rc;
}
