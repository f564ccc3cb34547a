/*
 * The draws of white noise (noise.h).
 */
#include "noise.h"

#include "philox.h"

#include <float.h>

uint32_t
lif__noise_at (double a, double t_k, double dt)
{
  double frac = (a - t_k) / dt * 4294967296.0;
  if (!(frac > 0.0))
    return 0;
  if (frac < 1.0)
    return 1;
  return frac < 4294967295.0 ? (uint32_t)frac : 4294967295u;
}

double
lif__noise_step (const lif__noise_stream *ns, const lif_input *in, int64_t k,
                 uint32_t at)
{
  double sum = 0.0, z[2];
  size_t j;
  for (j = 0; j < in->n_noise; j++)
    {
      lif__noise_pair (ns, &in->noise[j], k, at, LIF__DRAW_STEP, z);
      sum += in->noise[j].sigma * z[k & 1];
    }
  return sum;
}

double
lif__noise_variance (const lif_input *in)
{
  double sum = 0.0;
  size_t j;
  for (j = 0; j < in->n_noise; j++)
    sum += in->noise[j].sigma * in->noise[j].sigma;
  return sum;
}

void
lif__noise_stream_init (lif__noise_stream *ns, uint64_t seed, uint32_t stream,
                        const lif_input *in)
{
  size_t j;
  ns->seed = seed;
  ns->stream = stream;
  ns->own_shared = lif__input_noisy (in);
  for (j = 0; in && j < in->n_noise; j++)
    ns->own_shared = ns->own_shared && in->noise[j].shared;
  for (j = 0; in && j < in->n_ou; j++)
    ns->own_shared = ns->own_shared && in->ou[j].shared;
}

double
lif__noise_own (const lif__noise_stream *ns, int64_t k, uint32_t at, int draw)
{
  lif__noise_source own = { 1.0, 0, 0 };
  double out[2];
  own.shared = ns->own_shared;
  lif__noise_pair (ns, &own, k, at, draw, out);
  return out[k & 1];
}

int
lif__bridge_crosses (const lif__noise_stream *ns, int64_t k, uint32_t at,
                     const lif__bridge *br, double v_th)
{
  /* 2^-54 = exp(-37.43...) */
  const double exponent
      = 2.0 * (v_th - br->v0) * (v_th - br->v1) * br->decay / br->var;
  if (!(exponent < 37.4))
    return 0;
  return lif__noise_own (ns, k, at, LIF__DRAW_CROSSING) < exp (-exponent);
}

double
lif__bridge_first_passage (const lif__noise_stream *ns, int64_t k, uint32_t at,
                           const lif__bridge *br, double v_th, double len,
                           double tau)
{
  /* In Y's coordinates: distances to the level at both ends, variance. */
  const double c = v_th - br->v0, d = fabs (br->v1 - v_th) / br->decay;
  const double var = br->var / (br->decay * br->decay);
  const double z = lif__noise_own (ns, k, at, LIF__DRAW_PLACING);
  const double y = z * z, lambda = c * c / var;
  double r, f, s;
  if (d == 0.0)
    r = lambda / y; /* the mean is infinite: Levy's distribution */
  else
    {
      const double mu = c / d, a = y * var / (2.0 * c * d);
      /* mu + mu^2 y / (2 lambda) - mu / (2 lambda) sqrt(4 mu lambda y
       * + mu^2 y^2), the smaller root, without its cancellation */
      const double x = mu / (1.0 + a + sqrt (a * (a + 2.0)));
      r = lif__noise_own (ns, k, at, LIF__DRAW_CHOOSING) * (mu + x) <= mu
              ? x
              : mu * (mu / x);
    }
  if (!(r < INFINITY))
    return len;
  /* The fraction of Y's time (its variance) at the crossing, then time. */
  f = r / (1.0 + r);
  s = br->decay < 1.0 ? 0.5 * tau * log1p (f * expm1 (2.0 * len / tau))
                      : len * f;
  if (!(s > 0.0))
    return lif__min (len, DBL_MIN);
  return lif__min (s, len);
}
