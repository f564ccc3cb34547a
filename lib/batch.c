/*
 * Creating and configuring batches, and reading what they recorded. Every
 * setter checks all members before it changes any, so a refused call
 * changes nothing.
 */
#include "batch.h"

#include "alloc.h"
#include "batch_kernel.h"
#include "input.h"

#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* The per-member arrays of doubles. They are carved out of one allocation,
 * b->doubles, so that adding one needs nothing but its line here. */
#define MEMBER_DOUBLES 27

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
    &b->V,
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
 * (g = 1, D = 0) and never reaches its threshold (dstar = +infinity). */
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
  lif__stepper_coefficients (lif__stepper_get (b->stepper),
                             b->clock.dt / b->param.tau[i], &c);
  b->coef.g[i] = c.g;
  for (j = 0; j < LIF__MAX_NODES; j++)
    b->coef.avg[j][i] = c.avg[j];
}

static void
reset_state (lif_batch *b)
{
  size_t i;
  lif__clock_rebase (&b->clock, 0.0);
  for (i = 0; i < b->n; i++)
    {
      b->V[i] = b->param.V_0[i];
      b->ref_end[i] = -INFINITY;
      b->held_until[i] = 0.0;
      b->counts[i] = 0;
    }
  b->spikes.count = 0;
}

/* Recounts the whole steps grid timing still holds from each refractory
 * end time, as lif__neuron_recount_refractory does for a neuron. */
static void
recount_refractory (lif_batch *b)
{
  double t = lif__clock_now (&b->clock);
  size_t i;
  for (i = 0; i < b->n; i++)
    b->held_until[i]
        = (double)b->clock.n
          + (double)lif__refractory_steps_left (b->ref_end[i], t, b->clock.dt);
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
  b->clock.dt = 0.1;
  b->stepper = LIF_STEPPER_EXACT;
  b->timing = LIF_TIMING_PRECISE;
  b->spike_limit = 1000;
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
  lif_input_free (batch->input);
  for (blk = 0; blk < batch->n_blocks; blk++)
    {
      lif__free (batch->blocks[blk].spikes.items);
      lif__free (batch->blocks[blk].pending.items);
      lif__free (batch->blocks[blk].undo.items);
    }
  free_arrays (batch); /* the lists themselves among them */
  lif__store_free (&batch->spikes);
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
  reset_state (batch);
  return LIF_OK;
}

/* ---- parameters ------------------------------------------------------- */

/* What can be set per member: the model parameters and V. */
typedef struct member
{
  lif__params p;
  double V;
} member;

static int
is_member_param (int param)
{
  return lif__params_has (param) || param == LIF_PARAM_V;
}

static void
member_load (const lif_batch *b, size_t i, member *m)
{
  lif__member_params (b, i, &m->p);
  m->V = b->V[i];
}

static int
member_set (member *m, int param, double value, int check_order)
{
  if (param == LIF_PARAM_V)
    {
      if (!isfinite (value))
        return LIF_EINVAL;
      m->V = value;
      return LIF_OK;
    }
  return lif__params_set (&m->p, param, value, check_order);
}

static void
member_store (lif_batch *b, size_t i, const member *m)
{
  lif__member_store_params (b, i, &m->p);
  b->V[i] = m->V;
}

/* Applies values (one per member, or the same one when values is NULL) of
 * each of n_params parameters to every member: first checking every member,
 * then, only if all are accepted, storing. With many set, V_th > V_reset is
 * checked on the result only, as lif_neuron_set_many() does. */
static int
set_members (lif_batch *b, const int *params, const double *const *values,
             double same, size_t n_params, int many, size_t *bad_index)
{
  int pass;
  for (pass = 0; pass < 2; pass++)
    {
      size_t i, k;
      for (i = 0; i < b->n; i++)
        {
          member m;
          int rc = LIF_OK;
          member_load (b, i, &m);
          for (k = 0; k < n_params && rc == LIF_OK; k++)
            rc = member_set (&m, params[k], values ? values[k][i] : same,
                             !many);
          if (rc == LIF_OK && many)
            rc = lif__params_check (&m.p);
          if (rc != LIF_OK)
            {
              if (bad_index)
                *bad_index = i;
              return rc; /* only the checking pass can get here */
            }
          if (pass == 1)
            member_store (b, i, &m);
        }
    }
  return LIF_OK;
}

static int
set_shared (lif_batch *b, int param, double value)
{
  double now = lif__clock_now (&b->clock);
  size_t i;
  if (!isfinite (value))
    return LIF_EINVAL;
  if (param == LIF_PARAM_DT)
    {
      if (!(value > 0.0))
        return LIF_EINVAL;
      b->clock.dt = value;
      lif__batch_rebase (b, now);
      for (i = 0; i < b->n; i++)
        lif__batch_update_coef (b, i);
      return LIF_OK;
    }
  /* LIF_PARAM_T: refractory periods keep the length they have left. */
  for (i = 0; i < b->n; i++)
    if (b->ref_end[i] > now && !isfinite (value + (b->ref_end[i] - now)))
      return LIF_EINVAL;
  for (i = 0; i < b->n; i++)
    {
      b->ref_end[i]
          = b->ref_end[i] > now ? value + (b->ref_end[i] - now) : -INFINITY;
      /* Grid timing keeps the whole steps it has left to hold. */
      b->held_until[i] = b->held_until[i] > (double)b->clock.n
                             ? b->held_until[i] - (double)b->clock.n
                             : 0.0;
    }
  lif__clock_rebase (&b->clock, value);
  return LIF_OK;
}

int
lif_batch_set (lif_batch *batch, int param, double value)
{
  if (!batch)
    return LIF_ENULL;
  if (param == LIF_PARAM_T || param == LIF_PARAM_DT)
    return set_shared (batch, param, value);
  if (!is_member_param (param))
    return LIF_EENUM;
  return set_members (batch, &param, NULL, value, 1, 0, NULL);
}

int
lif_batch_set_array (lif_batch *batch, int param, const double *values,
                     size_t count, size_t *bad_index)
{
  if (!batch || !values)
    return LIF_ENULL;
  if (!is_member_param (param))
    return LIF_EENUM;
  if (count != batch->n)
    return LIF_EINVAL;
  return set_members (batch, &param, &values, 0.0, 1, 0, bad_index);
}

int
lif_batch_set_many (lif_batch *batch, const int *params,
                    const double *const *values, size_t n_params, size_t count,
                    size_t *bad_index)
{
  size_t k;
  if (!batch || (n_params > 0 && (!params || !values)))
    return LIF_ENULL;
  for (k = 0; k < n_params; k++)
    if (!values[k])
      return LIF_ENULL;
  for (k = 0; k < n_params; k++)
    if (!is_member_param (params[k]))
      return LIF_EENUM;
  if (n_params == 0)
    return LIF_OK;
  if (count != batch->n)
    return LIF_EINVAL;
  return set_members (batch, params, values, 0.0, n_params, 1, bad_index);
}

static double
member_value (const lif_batch *b, int param, size_t i)
{
  double v = 0.0;
  lif__params p;
  switch (param)
    {
    case LIF_PARAM_V:
      return b->V[i];
    case LIF_PARAM_T:
      return lif__clock_now (&b->clock);
    case LIF_PARAM_DT:
      return b->clock.dt;
    default:
      lif__member_params (b, i, &p);
      lif__params_get (&p, param, &v);
      return v;
    }
}

static int
is_param (int param)
{
  return is_member_param (param) || param == LIF_PARAM_T
         || param == LIF_PARAM_DT;
}

int
lif_batch_get (const lif_batch *batch, int param, size_t index, double *value)
{
  if (!batch || !value)
    return LIF_ENULL;
  if (!is_param (param))
    return LIF_EENUM;
  if (index >= batch->n)
    return LIF_EINVAL;
  *value = member_value (batch, param, index);
  return LIF_OK;
}

int
lif_batch_get_array (const lif_batch *batch, int param, double *values,
                     size_t count)
{
  size_t i;
  if (!batch || !values)
    return LIF_ENULL;
  if (!is_param (param))
    return LIF_EENUM;
  if (count != batch->n)
    return LIF_EINVAL;
  for (i = 0; i < count; i++)
    values[i] = member_value (batch, param, i);
  return LIF_OK;
}

/* ---- shared settings -------------------------------------------------- */

int
lif_batch_set_stepper (lif_batch *batch, int stepper)
{
  size_t i;
  if (!batch)
    return LIF_ENULL;
  if (!lif__stepper_get (stepper))
    return LIF_EENUM;
  batch->stepper = stepper;
  for (i = 0; i < batch->n; i++)
    lif__batch_update_coef (batch, i);
  return LIF_OK;
}

int
lif_batch_get_stepper (const lif_batch *batch, int *stepper)
{
  if (!batch || !stepper)
    return LIF_ENULL;
  *stepper = batch->stepper;
  return LIF_OK;
}

int
lif_batch_set_timing (lif_batch *batch, int timing)
{
  if (!batch)
    return LIF_ENULL;
  if (timing != LIF_TIMING_GRID && timing != LIF_TIMING_PRECISE)
    return LIF_EENUM;
  if (timing != batch->timing)
    {
      /* Recount, do not rebase: moving t0 to t0 + k dt would shift later
       * grid times by rounding, and a lone neuron keeps its clock here. */
      batch->timing = timing;
      recount_refractory (batch);
    }
  return LIF_OK;
}

int
lif_batch_get_timing (const lif_batch *batch, int *timing)
{
  if (!batch || !timing)
    return LIF_ENULL;
  *timing = batch->timing;
  return LIF_OK;
}

int
lif_batch_set_spike_limit (lif_batch *batch, size_t limit)
{
  if (!batch)
    return LIF_ENULL;
  if (limit == 0)
    return LIF_EINVAL;
  batch->spike_limit = limit;
  return LIF_OK;
}

int
lif_batch_get_spike_limit (const lif_batch *batch, size_t *limit)
{
  if (!batch || !limit)
    return LIF_ENULL;
  *limit = batch->spike_limit;
  return LIF_OK;
}

int
lif_batch_set_threads (lif_batch *batch, int threads)
{
  if (!batch)
    return LIF_ENULL;
  if (threads < 0)
    return LIF_EINVAL;
  batch->threads = threads;
  return LIF_OK;
}

int
lif__batch_threads (const lif_batch *b)
{
#ifdef _OPENMP
  int t = b->threads > 0 ? b->threads : omp_get_max_threads ();
  return t > 0 ? t : 1;
#else
  (void)b;
  return 1;
#endif
}

int
lif_batch_get_threads (const lif_batch *batch, int *threads)
{
  if (!batch || !threads)
    return LIF_ENULL;
  *threads = lif__batch_threads (batch);
  return LIF_OK;
}

int
lif_batch_set_input (lif_batch *batch, lif_input *input)
{
  if (!batch || !input)
    return LIF_ENULL;
  lif__input_hold (input);
  lif_input_free (batch->input);
  batch->input = input;
  return LIF_OK;
}

int
lif_batch_clear_input (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  lif_input_free (batch->input);
  batch->input = NULL;
  return LIF_OK;
}

int
lif_batch_set_current_callback (lif_batch *batch, lif_batch_current_fn fn,
                                void *user_data)
{
  if (!batch)
    return LIF_ENULL;
  batch->current_fn = fn;
  batch->current_data = user_data;
  return LIF_OK;
}

void
lif__batch_rebase (lif_batch *b, double t)
{
  lif__clock_rebase (&b->clock, t);
  recount_refractory (b);
}

/* ---- spikes ----------------------------------------------------------- */

int
lif_batch_spike_count (const lif_batch *batch, size_t *count)
{
  if (!batch || !count)
    return LIF_ENULL;
  *count = batch->spikes.count;
  return LIF_OK;
}

int
lif_batch_copy_spikes (const lif_batch *batch, size_t first, size_t *indices,
                       double *times, size_t capacity, size_t *copied)
{
  if (!batch || !copied)
    return LIF_ENULL;
  *copied = lif__store_copy (&batch->spikes, first, capacity, indices, times);
  return LIF_OK;
}

int
lif_batch_spike_counts (const lif_batch *batch, size_t *counts, size_t count)
{
  if (!batch || !counts)
    return LIF_ENULL;
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
  batch->spikes.count = 0;
  memset (batch->counts, 0, batch->n * sizeof *batch->counts);
  return LIF_OK;
}
