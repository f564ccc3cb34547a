/*
 * Making, sharing and releasing inputs, and the public evaluation functions
 * (the noise inputs are made in input_noise.c). Every constructor checks
 * all of its arguments before it allocates, so a refused call allocates
 * nothing and writes nothing.
 */
#include "input.h"

#include "alloc.h"

#include <string.h>

int
lif__input_new (int kind, int piecewise_constant, lif_input **out)
{
  lif_input *in = lif__malloc (sizeof *in);
  if (!in)
    return LIF_ENOMEM;
  memset (in, 0, sizeof *in);
  atomic_init (&in->refs, 1);
  in->kind = kind;
  in->piecewise_constant = piecewise_constant;
  in->mean_piecewise_constant = piecewise_constant;
  *out = in;
  return LIF_OK;
}

int
lif_input_new_constant (double value, lif_input **input)
{
  lif_input *in;
  int rc;
  if (!input)
    return LIF_ENULL;
  if (!isfinite (value))
    return LIF_EINVAL;
  if ((rc = lif__input_new (LIF__INPUT_CONSTANT, 1, &in)) != LIF_OK)
    return rc;
  in->u.constant.value = value;
  *input = in;
  return LIF_OK;
}

int
lif_input_new_pulse (double amplitude, double onset, double duration,
                     lif_input **input)
{
  lif_input *in;
  int rc;
  if (!input)
    return LIF_ENULL;
  if (!isfinite (amplitude) || !isfinite (onset) || !isfinite (duration)
      || duration < 0.0 || !isfinite (onset + duration))
    return LIF_EINVAL;
  if ((rc = lif__input_new (LIF__INPUT_PULSE, 1, &in)) != LIF_OK)
    return rc;
  in->u.pulse.amplitude = amplitude;
  in->u.pulse.onset = onset;
  in->u.pulse.end = onset + duration;
  *input = in;
  return LIF_OK;
}

int
lif_input_new_pulse_train (double amplitude, double onset, double width,
                           double period, size_t count, lif_input **input)
{
  lif_input *in;
  int rc;
  if (!input)
    return LIF_ENULL;
  if (!isfinite (amplitude) || !isfinite (onset) || !isfinite (width)
      || !isfinite (period) || !(width > 0.0) || !(width <= period))
    return LIF_EINVAL;
  if ((rc = lif__input_new (LIF__INPUT_PULSE_TRAIN, 1, &in)) != LIF_OK)
    return rc;
  in->u.train.amplitude = amplitude;
  in->u.train.onset = onset;
  in->u.train.width = width;
  in->u.train.period = period;
  in->u.train.count = count;
  *input = in;
  return LIF_OK;
}

int
lif_input_new_sine (double offset, double amplitude, double frequency,
                    double phase, lif_input **input)
{
  const double two_pi = 6.283185307179586476925286766559;
  lif_input *in;
  int rc;
  if (!input)
    return LIF_ENULL;
  /* Every value offset + amplitude sin(...) must be finite, so the range
   * offset +- |amplitude| must be. */
  if (!isfinite (offset) || !isfinite (amplitude) || !isfinite (phase)
      || !isfinite (fabs (offset) + fabs (amplitude)) || !isfinite (frequency)
      || frequency < 0.0 || !isfinite (two_pi * frequency))
    return LIF_EINVAL;
  if ((rc = lif__input_new (LIF__INPUT_SINE, amplitude == 0.0, &in)) != LIF_OK)
    return rc;
  in->u.sine.offset = offset;
  in->u.sine.amplitude = amplitude;
  in->u.sine.omega = two_pi * frequency;
  in->u.sine.frequency = frequency;
  in->u.sine.phase = phase;
  *input = in;
  return LIF_OK;
}

int
lif_input_new_exp_decay (double peak, double tau, double onset,
                         lif_input **input)
{
  lif_input *in;
  int rc;
  if (!input)
    return LIF_ENULL;
  if (!isfinite (peak) || !isfinite (tau) || !(tau > 0.0) || !isfinite (onset))
    return LIF_EINVAL;
  if ((rc = lif__input_new (LIF__INPUT_EXP_DECAY, peak == 0.0, &in)) != LIF_OK)
    return rc;
  in->u.exp_decay.peak = peak;
  in->u.exp_decay.tau = tau;
  in->u.exp_decay.onset = onset;
  *input = in;
  return LIF_OK;
}

int
lif_input_new_table (const double *times, const double *values, size_t n,
                     int interpolation, lif_input **input)
{
  lif_input *in;
  double *t, *v;
  size_t i;
  int rc;
  if (!times || !values || !input)
    return LIF_ENULL;
  if (interpolation != LIF_INTERP_STEP && interpolation != LIF_INTERP_LINEAR)
    return LIF_EENUM;
  if (n == 0)
    return LIF_EINVAL;
  for (i = 0; i < n; i++)
    if (!isfinite (times[i]) || !isfinite (values[i]))
      return LIF_EINVAL;
  for (i = 1; i < n; i++)
    if (!(times[i] > times[i - 1]))
      return LIF_EORDER;
  if (n > SIZE_MAX / (2 * sizeof (double)))
    return LIF_EOVERFLOW;
  t = lif__malloc_array (n, sizeof *t);
  v = lif__malloc_array (n, sizeof *v);
  rc = (t && v) ? lif__input_new (
           LIF__INPUT_TABLE, interpolation == LIF_INTERP_STEP || n == 1, &in)
                : LIF_ENOMEM;
  if (rc != LIF_OK)
    {
      lif__free (t);
      lif__free (v);
      return rc;
    }
  memcpy (t, times, n * sizeof *t);
  memcpy (v, values, n * sizeof *v);
  in->u.table.n = n;
  in->u.table.times = t;
  in->u.table.values = v;
  in->u.table.interpolation = interpolation;
  *input = in;
  return LIF_OK;
}

/* How many leaves the flattened sum of these terms has, or 0 when that is
 * more than LIF__MAX_SUM_TERMS. */
static size_t
count_leaves (lif_input *const *terms, size_t n)
{
  size_t total = 0, i;
  for (i = 0; i < n; i++)
    {
      size_t k = terms[i]->kind == LIF__INPUT_SUM ? terms[i]->u.sum.n : 1;
      if (k > LIF__MAX_SUM_TERMS - total)
        return 0;
      total += k;
    }
  return total;
}

int
lif_input_new_sum (lif_input *const *terms, const double *weights, size_t n,
                   lif_input **input)
{
  lif_input *in, **leaf;
  double *w;
  size_t i, j, k, leaves;
  int pwc = 1, mean_pwc = 1, rc;
  if (!terms || !input)
    return LIF_ENULL;
  if (n == 0)
    return LIF_EINVAL;
  for (i = 0; i < n; i++)
    if (!terms[i])
      return LIF_ENULL;
  /* A sum of sums is flattened, so evaluation never recurses and never
   * nests deeper than one level, whatever a caller builds. The size is
   * checked first: the weight checks below visit every flattened term. */
  if ((leaves = count_leaves (terms, n)) == 0)
    return LIF_EOVERFLOW;
  for (i = 0; i < n; i++)
    {
      double wi = weights ? weights[i] : 1.0;
      if (!isfinite (wi))
        return LIF_EINVAL;
      if (terms[i]->kind == LIF__INPUT_SUM)
        for (j = 0; j < terms[i]->u.sum.n; j++)
          if (!isfinite (wi * terms[i]->u.sum.weights[j]))
            return LIF_EINVAL;
    }
  leaf = lif__malloc_array (leaves, sizeof *leaf);
  w = lif__malloc_array (leaves, sizeof *w);
  rc = (leaf && w) ? lif__input_new (LIF__INPUT_SUM, 0, &in) : LIF_ENOMEM;
  if (rc != LIF_OK)
    {
      lif__free (leaf);
      lif__free (w);
      return rc;
    }
  for (i = 0, k = 0; i < n; i++)
    {
      double wi = weights ? weights[i] : 1.0;
      const lif_input *t = terms[i];
      size_t m = t->kind == LIF__INPUT_SUM ? t->u.sum.n : 1;
      for (j = 0; j < m; j++, k++)
        {
          leaf[k] = t->kind == LIF__INPUT_SUM ? t->u.sum.terms[j] : terms[i];
          w[k] = t->kind == LIF__INPUT_SUM ? wi * t->u.sum.weights[j] : wi;
          lif__input_hold (leaf[k]);
          pwc = pwc && leaf[k]->piecewise_constant;
          mean_pwc = mean_pwc && leaf[k]->mean_piecewise_constant;
        }
    }
  in->piecewise_constant = pwc;
  in->mean_piecewise_constant = mean_pwc;
  in->u.sum.n = leaves;
  in->u.sum.terms = leaf;
  in->u.sum.weights = w;
  if ((rc = lif__input_sum_noise (in)) != LIF_OK)
    {
      lif_input_free (in);
      return rc;
    }
  *input = in;
  return LIF_OK;
}

int
lif_input_new_callback (lif_current_fn fn, void *user_data, lif_input **input)
{
  lif_input *in;
  int rc;
  if (!fn || !input)
    return LIF_ENULL;
  if ((rc = lif__input_new (LIF__INPUT_CALLBACK, 0, &in)) != LIF_OK)
    return rc;
  in->u.callback.fn = fn;
  in->u.callback.user_data = user_data;
  *input = in;
  return LIF_OK;
}

void
lif__input_hold (lif_input *input)
{
  atomic_fetch_add_explicit (&input->refs, 1, memory_order_relaxed);
}

void
lif_input_free (lif_input *input)
{
  size_t i;
  if (!input)
    return;
  if (atomic_fetch_sub_explicit (&input->refs, 1, memory_order_acq_rel) != 1)
    return;
  switch (input->kind)
    {
    case LIF__INPUT_TABLE:
      lif__free (input->u.table.times);
      lif__free (input->u.table.values);
      break;
    case LIF__INPUT_SUM:
      /* The terms are never sums, so this goes one level deep at most. */
      for (i = 0; i < input->u.sum.n; i++)
        lif_input_free (input->u.sum.terms[i]);
      lif__free (input->u.sum.terms);
      lif__free (input->u.sum.weights);
      lif__free (input->noise);
      lif__free (input->ou);
      break;
    default:
      break;
    }
  lif__free (input);
}

int
lif_input_eval (const lif_input *input, double t, double *current)
{
  double value;
  if (!input || !current)
    return LIF_ENULL;
  if (!isfinite (t))
    return LIF_EINVAL;
  value = lif__input_value (input, t, LIF__RIGHT);
  if (!isfinite (value))
    return LIF_EINPUT;
  *current = value;
  return LIF_OK;
}

int
lif_input_next_breakpoint (const lif_input *input, double t,
                           double *breakpoint)
{
  if (!input || !breakpoint)
    return LIF_ENULL;
  if (!isfinite (t))
    return LIF_EINVAL;
  *breakpoint = lif__input_next_breakpoint (input, t);
  return LIF_OK;
}
