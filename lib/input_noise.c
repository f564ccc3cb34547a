/*
 * The noise inputs, white noise and Ornstein-Uhlenbeck currents: their
 * constructors, and how a sum merges the noise sources of its terms
 * (input.h). Their draws are noise.h's, their integration the lanes'.
 */
#include "input.h"

#include "alloc.h"

/* Adds weight w times source src to the merged sources merged[0..*n): to
 * the one with the same channel and sharing, or as a new one. A weighted
 * sigma that is not finite is refused. */
static int
merge_noise (lif__noise_source *merged, size_t *n, double w,
             const lif__noise_source *src)
{
  size_t i;
  double sigma = w * src->sigma;
  for (i = 0; i < *n; i++)
    if (merged[i].channel == src->channel && merged[i].shared == src->shared)
      break;
  if (i == *n)
    {
      merged[i] = *src;
      merged[i].sigma = 0.0;
      (*n)++;
    }
  merged[i].sigma += sigma;
  return isfinite (merged[i].sigma) ? LIF_OK : LIF_EINVAL;
}

/* Merges the sources of one kind of a sum's flattened terms (count of
 * them in all, each term's n_of and of_ in turn), leaving out those whose
 * sigmas cancel or are 0; *out is NULL when none is left. */
static int
merge_kind (const lif_input *in, size_t count,
            size_t (*n_of) (const lif_input *),
            const lif__noise_source *(*of) (const lif_input *),
            lif__noise_source **out, size_t *n_out)
{
  size_t i, j, n = 0;
  lif__noise_source *merged;
  *out = NULL;
  *n_out = 0;
  if (count == 0)
    return LIF_OK;
  if (!(merged = lif__malloc_array (count, sizeof *merged)))
    return LIF_ENOMEM;
  for (i = 0; i < in->u.sum.n; i++)
    for (j = 0; j < n_of (in->u.sum.terms[i]); j++)
      if (merge_noise (merged, &n, in->u.sum.weights[i],
                       &of (in->u.sum.terms[i])[j])
          != LIF_OK)
        {
          lif__free (merged);
          return LIF_EINVAL;
        }
  for (i = 0, j = 0; i < n; i++)
    if (merged[i].sigma != 0.0)
      merged[j++] = merged[i];
  if (j == 0)
    lif__free (merged);
  else
    {
      *out = merged;
      *n_out = j;
    }
  return LIF_OK;
}

static size_t
n_white (const lif_input *in)
{
  return in->n_noise;
}

static const lif__noise_source *
white_of (const lif_input *in)
{
  return in->noise;
}

static size_t
n_ou (const lif_input *in)
{
  return in->n_ou;
}

static const lif__noise_source *
ou_of (const lif_input *in)
{
  return in->ou;
}

/* The merged noise sources of a sum's flattened terms, into in->noise and
 * in->ou; a sum left without noise is as constant between breakpoints as
 * its mean. Ornstein-Uhlenbeck currents of different time constants are
 * refused: their deviations could not add up to one current. */
int
lif__input_sum_noise (lif_input *in)
{
  size_t i, white = 0, ou = 0;
  int rc;
  for (i = 0; i < in->u.sum.n; i++)
    {
      const lif_input *t = in->u.sum.terms[i];
      white += t->n_noise;
      ou += t->n_ou;
      if (t->n_ou > 0)
        {
          if (in->ou_tau != 0.0 && in->ou_tau != t->ou_tau)
            return LIF_EINVAL;
          in->ou_tau = t->ou_tau;
        }
    }
  if ((rc
       = merge_kind (in, white, n_white, white_of, &in->noise, &in->n_noise))
      != LIF_OK)
    return rc;
  if ((rc = merge_kind (in, ou, n_ou, ou_of, &in->ou, &in->n_ou)) != LIF_OK)
    return rc;
  if (in->n_ou == 0)
    in->ou_tau = 0.0;
  if (!lif__input_noisy (in))
    in->piecewise_constant = in->mean_piecewise_constant;
  return LIF_OK;
}

/* A noise input of either kind (tau 0: white noise; else an
 * Ornstein-Uhlenbeck current's time constant), checked by its
 * constructor. Without noise (sigma 0) it is its mean, a constant: it
 * runs as one, bit for bit. */
static int
new_noisy (int kind, double mean, double sigma, double tau,
           unsigned int channel, int shared, lif_input **input)
{
  lif_input *in;
  int rc;
  if ((rc = lif__input_new (kind, sigma == 0.0, &in)) != LIF_OK)
    return rc;
  in->u.noisy.mean = mean;
  in->u.noisy.source.sigma = sigma;
  in->u.noisy.source.channel = channel;
  in->u.noisy.source.shared = shared;
  if (kind == LIF__INPUT_OU_NOISE)
    {
      in->ou = &in->u.noisy.source;
      in->n_ou = sigma != 0.0;
      in->ou_tau = sigma != 0.0 ? tau : 0.0;
    }
  else
    {
      in->noise = &in->u.noisy.source;
      in->n_noise = sigma != 0.0;
    }
  in->mean_piecewise_constant = 1;
  *input = in;
  return LIF_OK;
}

/* Whether a noise source's arguments are acceptable. */
static int
noise_arguments_ok (double mean, double sigma, unsigned int channel,
                    int shared)
{
  return isfinite (mean) && isfinite (sigma) && sigma >= 0.0
         && channel <= LIF__MAX_NOISE_CHANNEL && (shared == 0 || shared == 1);
}

int
lif_input_new_white_noise (double mean, double sigma, unsigned int channel,
                           int shared, lif_input **input)
{
  if (!input)
    return LIF_ENULL;
  if (!noise_arguments_ok (mean, sigma, channel, shared))
    return LIF_EINVAL;
  return new_noisy (LIF__INPUT_WHITE_NOISE, mean, sigma, 0.0, channel, shared,
                    input);
}

int
lif_input_new_ou_noise (double mean, double sigma, double tau,
                        unsigned int channel, int shared, lif_input **input)
{
  if (!input)
    return LIF_ENULL;
  if (!noise_arguments_ok (mean, sigma, channel, shared) || !isfinite (tau)
      || !(tau > 0.0))
    return LIF_EINVAL;
  return new_noisy (LIF__INPUT_OU_NOISE, mean, sigma, tau, channel, shared,
                    input);
}
