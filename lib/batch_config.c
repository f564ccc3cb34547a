/*
 * Configuring a batch: its members' parameters and state (each call checks
 * every member before it changes any, so a refused call changes nothing),
 * and the settings all members share.
 */
#include "batch.h"

#include "input.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- parameters ------------------------------------------------------- */

/* What can be set per member: the model parameters, V and the refractory
 * time left (both forms of the period, as a lone neuron keeps them). */
typedef struct member
{
  lif__params p;
  double V, ref_end;
  double held_until; /* as the batch keeps it */
} member;

static int
is_member_param (int param)
{
  return lif__params_has (param) || param == LIF_PARAM_V
         || param == LIF_PARAM_REF_LEFT;
}

static void
member_load (const lif_batch *b, size_t i, member *m)
{
  lif__member_params (b, i, &m->p);
  m->V = b->V[i];
  m->ref_end = b->ref_end[i];
  m->held_until = b->held_until[i];
}

static int
member_set (const lif_batch *b, member *m, int param, double value,
            int check_order)
{
  int64_t held_until;
  int rc;
  switch (param)
    {
    case LIF_PARAM_V:
      if (!isfinite (value))
        return LIF_EINVAL;
      m->V = value;
      return LIF_OK;
    case LIF_PARAM_REF_LEFT:
      rc = lif__engine_refractory_from_left (&b->engine, value, &m->ref_end,
                                             &held_until);
      if (rc == LIF_OK)
        m->held_until = (double)held_until;
      return rc;
    default:
      return lif__params_set (&m->p, param, value, check_order);
    }
}

static void
member_store (lif_batch *b, size_t i, const member *m)
{
  lif__member_store_params (b, i, &m->p);
  b->V[i] = m->V;
  b->ref_end[i] = m->ref_end;
  b->held_until[i] = m->held_until;
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
            rc = member_set (b, &m, params[k], values ? values[k][i] : same,
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
  double now = lif__clock_now (&b->engine.clock);
  size_t i;
  int rc;
  if (!isfinite (value))
    return LIF_EINVAL;
  if (param == LIF_PARAM_DT)
    {
      if ((rc = lif__engine_check_dt (value)) != LIF_OK)
        return rc;
      b->engine.clock.dt = value;
      lif__batch_rebase (b, now);
      for (i = 0; i < b->n; i++)
        lif__batch_update_coef (b, i);
      return LIF_OK;
    }
  /* LIF_PARAM_T: refractory periods keep the length they have left. */
  for (i = 0; i < b->n; i++)
    {
      double end = b->ref_end[i];
      if ((rc = lif__engine_shift_refractory (now, value, &end)) != LIF_OK)
        return rc;
    }
  for (i = 0; i < b->n; i++)
    {
      lif__engine_shift_refractory (now, value, &b->ref_end[i]);
      /* Grid timing keeps the whole steps it has left to hold. */
      b->held_until[i] = b->held_until[i] > (double)b->engine.clock.n
                             ? b->held_until[i] - (double)b->engine.clock.n
                             : 0.0;
    }
  lif__clock_rebase (&b->engine.clock, value);
  return LIF_OK;
}

int
lif_batch_set (lif_batch *batch, int param, double value)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
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
  if (batch->engine.running)
    return LIF_EBUSY;
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
  if (batch->engine.running)
    return LIF_EBUSY;
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
      return lif__clock_now (&b->engine.clock);
    case LIF_PARAM_DT:
      return b->engine.clock.dt;
    case LIF_PARAM_REF_LEFT:
      return lif__engine_refractory_left (&b->engine, b->ref_end[i],
                                          b->held_until[i]);
    default:
      lif__member_params (b, i, &p);
      lif__params_get (&p, param, &v);
      return v;
    }
}

/* The state a run keeps to itself until it returns. */
static int
is_state (int param)
{
  return param == LIF_PARAM_V || param == LIF_PARAM_T
         || param == LIF_PARAM_REF_LEFT;
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
  if (is_state (param) && !lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
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
  if (is_state (param) && !lif__engine_state_readable (&batch->engine))
    return LIF_EBUSY;
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
  int rc;
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  if ((rc = lif__engine_set_stepper (&batch->engine, stepper)) == LIF_OK)
    for (i = 0; i < batch->n; i++)
      lif__batch_update_coef (batch, i);
  return rc;
}

int
lif_batch_get_stepper (const lif_batch *batch, int *stepper)
{
  if (!batch || !stepper)
    return LIF_ENULL;
  *stepper = batch->engine.stepper;
  return LIF_OK;
}

int
lif_batch_set_timing (lif_batch *batch, int timing)
{
  int rc, changed;
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  rc = lif__engine_set_timing (&batch->engine, timing, &changed);
  /* Recount, do not rebase: moving t0 to t0 + k dt would shift later grid
   * times by rounding, and a lone neuron keeps its clock here. */
  if (changed)
    lif__batch_recount_refractory (batch);
  return rc;
}

int
lif_batch_get_timing (const lif_batch *batch, int *timing)
{
  if (!batch || !timing)
    return LIF_ENULL;
  *timing = batch->engine.timing;
  return LIF_OK;
}

int
lif_batch_set_spike_limit (lif_batch *batch, size_t limit)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  return lif__engine_set_spike_limit (&batch->engine, limit);
}

int
lif_batch_get_spike_limit (const lif_batch *batch, size_t *limit)
{
  if (!batch || !limit)
    return LIF_ENULL;
  *limit = batch->engine.spike_limit;
  return LIF_OK;
}

int
lif_batch_set_seed (lif_batch *batch, uint64_t seed, uint32_t first_stream)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  /* Member i draws from stream first_stream + i: all of them must exist. */
  if ((uint64_t)first_stream + (uint64_t)(batch->n - 1) > UINT32_MAX)
    return LIF_EINVAL;
  batch->engine.seed = seed;
  batch->engine.stream = first_stream;
  return LIF_OK;
}

int
lif_batch_get_seed (const lif_batch *batch, uint64_t *seed,
                    uint32_t *first_stream)
{
  if (!batch || !seed || !first_stream)
    return LIF_ENULL;
  *seed = batch->engine.seed;
  *first_stream = batch->engine.stream;
  return LIF_OK;
}

int
lif_batch_set_threads (lif_batch *batch, int threads)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
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
lif__batch_threads_for (const lif_batch *b, double work)
{
  int t = lif__batch_threads (b);
  /* The default runs small work on the calling thread: there, starting
   * and joining the other threads costs more than they save. */
  if (b->threads == 0 && work < LIF__PARALLEL_WORK)
    return 1;
  /* Threads take whole blocks, so more threads than blocks would idle. */
  return (size_t)t > b->n_blocks ? (int)b->n_blocks : t;
}

int
lif_batch_get_threads (const lif_batch *batch, int *threads)
{
  if (!batch || !threads)
    return LIF_ENULL;
  *threads = lif__batch_threads (batch);
  return LIF_OK;
}

/* After the input changed: a new input's Ornstein-Uhlenbeck current starts
 * at its mean, and its time constant enters the coefficients. */
static void
input_changed (lif_batch *b)
{
  size_t i;
  for (i = 0; i < b->n; i++)
    {
      b->ou[i] = 0.0;
      lif__batch_update_coef (b, i);
    }
}

int
lif_batch_set_input (lif_batch *batch, lif_input *input)
{
  int rc;
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  if ((rc = lif__engine_set_input (&batch->engine, input)) != LIF_OK)
    return rc;
  input_changed (batch);
  return LIF_OK;
}

int
lif_batch_clear_input (lif_batch *batch)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  lif__engine_clear_input (&batch->engine);
  input_changed (batch);
  return LIF_OK;
}

int
lif_batch_set_progress_callback (lif_batch *batch, lif_progress_fn fn,
                                 size_t every, void *user_data)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  return lif__engine_set_progress (&batch->engine, fn, every, user_data);
}

int
lif_batch_set_current_callback (lif_batch *batch, lif_batch_current_fn fn,
                                void *user_data)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  batch->current_fn = fn;
  batch->current_data = user_data;
  return LIF_OK;
}

int
lif_batch_set_spike_callback (lif_batch *batch, lif_batch_spike_fn fn,
                              void *user_data)
{
  if (!batch)
    return LIF_ENULL;
  if (batch->engine.running)
    return LIF_EBUSY;
  batch->spike_fn = fn;
  batch->spike_data = user_data;
  return LIF_OK;
}
