/*
 * Creating, resetting and freeing batches, their memory, saving and
 * restoring their state, and reading the spikes they recorded. Configuring
 * them is batch_config.c's.
 */
#include "batch.h"

#include "alloc.h"
#include "batch_kernel.h"
#include "checkpoint.h"
#include "input.h"

#include <string.h>

/* The per-member arrays of doubles. They are carved out of one allocation,
 * b->doubles, so that adding one needs nothing but its line here. */
#define MEMBER_DOUBLES 34

/* The doubles in a cache line (64 bytes on the processors liblif is tuned
 * for; a wrong guess costs speed, never correctness). */
#define LINE_DOUBLES 8

static void
member_doubles (lif_batch *b, double **slot[MEMBER_DOUBLES])
{
  double **all[] = {
    &b->param.R,
    &b->param.C,
    &b->param.tau,
    &b->param.E_L,
    &b->param.V_th,
    &b->param.V_reset,
    &b->param.t_ref,
    &b->param.V_0,
    &b->param.I_bias,
    &b->coef.g,
    &b->coef.avg[0],
    &b->coef.avg[1],
    &b->coef.avg[2],
    &b->coef.noise,
    &b->coef.ou_decay,
    &b->coef.ou_feed,
    &b->coef.ou_l11,
    &b->coef.ou_l21,
    &b->coef.ou_l22,
    &b->V,
    &b->ou,
    &b->ref_end,
    &b->held_until,
    &b->drive,
    &b->deviation,
    &b->threshold_deviation,
    &b->deviation_limit,
    &b->armed_at,
    &b->saved_deviation,
    &b->step_threshold,
    &b->reported,
    &b->V_next,
    &b->own_current,
    &b->held_steps,
  };
  _Static_assert(sizeof all / sizeof *all == MEMBER_DOUBLES,
                 "MEMBER_DOUBLES counts the arrays listed here");
  memcpy (slot, all, sizeof all);
}

static void
free_arrays (lif_batch *b)
{
  lif__free (b->doubles);
  lif__free (b->counts);
  lif__free (b->blocks);
}

/* The arrays of doubles are padded to whole groups of the constant-stretch
 * kernel, which always runs whole groups: a padding member never moves
 * (g = 1, D = 0) and never reaches its threshold (deviation limit
 * +infinity). */
static void
pad_members (lif_batch *b, size_t n, size_t padded)
{
  size_t i;
  for (i = n; i < padded; i++)
    {
      b->coef.g[i] = 1.0;
      b->deviation[i] = 0.0;
      b->deviation_limit[i] = INFINITY;
      b->held_until[i] = -INFINITY;
    }
}

static int
alloc_arrays (lif_batch *b, size_t n)
{
  size_t blocks = (n + LIF__BATCH_BLOCK - 1) / LIF__BATCH_BLOCK, k;
  size_t padded = n
                  + (LIF__KERNEL_GROUP_MAX - n % LIF__KERNEL_GROUP_MAX)
                        % LIF__KERNEL_GROUP_MAX;
  double **slot[MEMBER_DOUBLES];
  /* One cache line more, to start the arrays on a line: then every block
   * of members starts on a line of each array, and two threads running
   * neighbouring blocks never write to the same line. */
  double *memory = lif__malloc_array (padded * MEMBER_DOUBLES + LINE_DOUBLES,
                                      sizeof *memory);
  if (memory)
    {
      double *first = memory
                      + (LINE_DOUBLES
                         - ((uintptr_t)memory / sizeof *memory) % LINE_DOUBLES)
                            % LINE_DOUBLES;
      member_doubles (b, slot);
      for (k = 0; k < MEMBER_DOUBLES; k++)
        *slot[k] = first + k * padded;
      pad_members (b, n, padded);
    }
  b->doubles = memory;
  b->counts = lif__malloc_array (n, sizeof *b->counts);
  b->blocks = lif__malloc_array (blocks, sizeof *b->blocks);
  if (!memory || !b->counts || !b->blocks)
    return 0;
  memset (b->blocks, 0, blocks * sizeof *b->blocks);
  b->n_blocks = blocks;
  return 1;
}

void
lif__member_store_params (lif_batch *b, size_t i, const lif__params *p)
{
  b->param.R[i] = p->R;
  b->param.C[i] = p->C;
  b->param.tau[i] = p->tau;
  b->param.E_L[i] = p->E_L;
  b->param.V_th[i] = p->V_th;
  b->param.V_reset[i] = p->V_reset;
  b->param.t_ref[i] = p->t_ref;
  b->param.V_0[i] = p->V_0;
  b->param.I_bias[i] = p->I_bias;
  lif__batch_update_coef (b, i);
}

void
lif__batch_update_coef (lif_batch *b, size_t i)
{
  lif__coef c;
  int j;
  lif__stepper_coefficients (lif__stepper_get (b->engine.stepper),
                             b->engine.clock.dt / b->param.tau[i], &c);
  lif__ou_coefficients (b->engine.clock.dt, b->param.tau[i],
                        lif__input_ou_tau (b->engine.input), &c.ou);
  b->coef.g[i] = c.g;
  b->coef.noise[i] = c.noise;
  for (j = 0; j < LIF__MAX_NODES; j++)
    b->coef.avg[j][i] = c.avg[j];
  b->coef.ou_decay[i] = c.ou.decay;
  b->coef.ou_feed[i] = c.ou.feed;
  b->coef.ou_l11[i] = c.ou.l11;
  b->coef.ou_l21[i] = c.ou.l21;
  b->coef.ou_l22[i] = c.ou.l22;
}

static void
reset_state (lif_batch *b)
{
  size_t i;
  lif__clock_rebase (&b->engine.clock, 0.0);
  for (i = 0; i < b->n; i++)
    {
      b->V[i] = b->param.V_0[i];
      b->ref_end[i] = -INFINITY;
      b->held_until[i] = 0.0;
      b->ou[i] = 0.0;
      b->counts[i] = 0;
    }
  b->spikes.count = 0;
  b->monitor.samples = 0;
}

/* Recounts the whole steps grid timing still holds from each refractory
 * end time, as lif__neuron_recount_refractory does for a neuron. */
void
lif__batch_recount_refractory (lif_batch *b)
{
  double t = lif__clock_now (&b->engine.clock);
  size_t i;
  for (i = 0; i < b->n; i++)
    b->held_until[i] = (double)b->engine.clock.n
                       + (double)lif__refractory_steps_left (
                           b->ref_end[i], t, b->engine.clock.dt);
}

int
lif_batch_new (size_t count, lif_batch **batch)
{
  lif_batch *b;
  size_t i;
  if (!batch)
    return LIF_ENULL;
  if (count == 0)
    return LIF_EINVAL;
  /* Everything per member together must fit in the address space. */
  if (count
      > SIZE_MAX
            / (MEMBER_DOUBLES * sizeof (double) + sizeof (lif__params)
               + sizeof (lif__coef) + sizeof (int64_t) + sizeof (size_t)))
    return LIF_EOVERFLOW;
  b = lif__malloc (sizeof *b);
  if (!b)
    return LIF_ENOMEM;
  memset (b, 0, sizeof *b);
  if (!alloc_arrays (b, count))
    {
      free_arrays (b);
      lif__free (b);
      return LIF_ENOMEM;
    }
  b->n = count;
  lif__engine_init (&b->engine);
  lif__monitor_init (&b->monitor, 0);
  b->threads = 0;
  for (i = 0; i < count; i++)
    {
      lif__params p;
      lif__params_default (&p);
      lif__member_store_params (b, i, &p);
    }
  reset_state (b);
  *batch = b;
  return LIF_OK;
}

void
lif_batch_free (lif_batch *batch)
{
  size_t blk;
  if (!batch)
    return;
  if (batch->engine.running)
    {
      /* From a callback: the run frees it on its way out (batch_run.c). */
      atomic_store_explicit (&batch->engine.free_pending, 1,
                             memory_order_relaxed);
      return;
    }
  lif__engine_clear_input (&batch->engine);
  for (blk = 0; blk < batch->n_blocks; blk++)
    {
      lif__free (batch->blocks[blk].spikes.items);
      lif__free (batch->blocks[blk].pending.items);
      lif__free (batch->blocks[blk].undo.items);
    }
  free_arrays (batch); /* the lists themselves among them */
  lif__store_free (&batch->spikes);
  lif__monitor_free (&batch->monitor);
  lif__free (batch->scratch);
  lif__free (batch);
}

int
lif_batch_size (const lif_batch *batch, size_t *count)
{
  if (!batch || !count)
    return LIF_ENULL;
  *count = batch->n;
  return LIF_OK;
}

int
lif_batch_reset (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  reset_state (batch);
  return LIF_OK;
}

void
lif__batch_rebase (lif_batch *b, double t)
{
  lif__clock_rebase (&b->engine.clock, t);
  lif__batch_recount_refractory (b);
}

/* ---- saved states (checkpoint.h) -------------------------------------- */

static void
member_state (const void *object, size_t i, lif__state *s)
{
  const lif_batch *b = object;
  /* Grid timing keeps a whole step number here; precise timing's scratch
   * is not read. */
  int64_t held_until
      = b->engine.timing == LIF_TIMING_GRID && b->held_until[i] > 0.0
            ? (int64_t)b->held_until[i]
            : 0;
  lif__checkpoint_state_of (b->engine.timing, &b->engine.clock, b->V[i],
                            b->ref_end[i], held_until, b->ou[i], s);
}

int
lif_batch_state_size (const lif_batch *batch, size_t *size)
{
  if (!batch || !size)
    return LIF_ENULL;
  return lif__checkpoint_size (batch->n, size);
}

int
lif_batch_save_state (const lif_batch *batch, void *buffer, size_t size)
{
  size_t needed;
  int rc;
  if (!batch || !buffer)
    return LIF_ENULL;
  if (!lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
  if ((rc = lif__checkpoint_size (batch->n, &needed)) != LIF_OK)
    return rc;
  if (size < needed)
    return LIF_EINVAL;
  lif__checkpoint_write (buffer, needed, LIF__CHECKPOINT_BATCH,
                         &batch->engine.clock, batch->n, member_state, batch);
  return LIF_OK;
}

int
lif_batch_restore_state (lif_batch *batch, const void *buffer, size_t size)
{
  lif__checkpoint cp;
  lif__state s;
  size_t i;
  int rc;
  if (!batch || !buffer)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  if ((rc = lif__checkpoint_open (buffer, size, LIF__CHECKPOINT_BATCH,
                                  batch->n, batch->engine.clock.dt, &cp))
      != LIF_OK)
    return rc;
  /* Every member is checked before any is changed. */
  for (i = 0; i < batch->n; i++)
    if ((rc = lif__checkpoint_member (&cp, i, &s)) != LIF_OK)
      return rc;
  batch->engine.clock = cp.clock;
  for (i = 0; i < batch->n; i++)
    {
      lif__checkpoint_member (&cp, i, &s);
      batch->V[i] = s.V;
      batch->ref_end[i] = s.ref_end;
      batch->held_until[i] = (double)s.held_until;
      batch->ou[i] = s.ou;
    }
  return LIF_OK;
}

/* ---- spikes ----------------------------------------------------------- */

int
lif_batch_spike_count (const lif_batch *batch, size_t *count)
{
  if (!batch || !count)
    return LIF_ENULL;
  if (!lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
  *count = batch->spikes.count;
  return LIF_OK;
}

int
lif_batch_copy_spikes (const lif_batch *batch, size_t first, size_t *indices,
                       double *times, size_t capacity, size_t *copied)
{
  if (!batch || !copied)
    return LIF_ENULL;
  if (!lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
  *copied = lif__store_copy (&batch->spikes, first, capacity, indices, times);
  return LIF_OK;
}

int
lif_batch_spike_counts (const lif_batch *batch, size_t *counts, size_t count)
{
  if (!batch || !counts)
    return LIF_ENULL;
  if (!lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
  if (count != batch->n)
    return LIF_EINVAL;
  memcpy (counts, batch->counts, count * sizeof *counts);
  return LIF_OK;
}

int
lif_batch_clear_spikes (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  batch->spikes.count = 0;
  memset (batch->counts, 0, batch->n * sizeof *batch->counts);
  return LIF_OK;
}
