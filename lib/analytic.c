/*
 * Closed forms for a constant current. With u = E_L + R (I + I_bias) the
 * membrane obeys V(t) = u + (V0 - u) exp(-t / tau); everything below follows
 * from solving that for the threshold. Ratios of differences are written with
 * log1p so that currents just above the rheobase keep their precision.
 */
#include "neuron.h"
#include "siegert.h"

/* u for a checked current, or a status. */
static int
constant_drive (const lif_neuron *nrn, double current, double *u)
{
  double value;
  if (!isfinite (current))
    return LIF_EINVAL;
  value = lif__params_drive (&nrn->p, current);
  if (!isfinite (value))
    return LIF_EINVAL;
  *u = value;
  return LIF_OK;
}

/* Time for V to climb from v to V_th under u, or +infinity. */
static double
time_to_threshold (const lif_neuron *nrn, double v, double u)
{
  const double v_th = nrn->p.V_th;
  if (v >= v_th)
    return 0.0;
  if (!(u > v_th))
    return INFINITY;
  return nrn->p.tau * log1p ((v_th - v) / (u - v_th));
}

int
lif_neuron_rheobase (const lif_neuron *neuron, double *current)
{
  if (!neuron || !current)
    return LIF_ENULL;
  *current = (neuron->p.V_th - neuron->p.E_L) / neuron->p.R - neuron->p.I_bias;
  return LIF_OK;
}

int
lif_neuron_isi (const lif_neuron *neuron, double current, double *isi)
{
  double u;
  int rc;
  if (!neuron || !isi)
    return LIF_ENULL;
  if ((rc = constant_drive (neuron, current, &u)) != LIF_OK)
    return rc;
  *isi = neuron->p.t_ref + time_to_threshold (neuron, neuron->p.V_reset, u);
  return LIF_OK;
}

int
lif_neuron_rate (const lif_neuron *neuron, double current, double *rate)
{
  double isi;
  int rc;
  if (!neuron || !rate)
    return LIF_ENULL;
  if ((rc = lif_neuron_isi (neuron, current, &isi)) != LIF_OK)
    return rc;
  *rate = 1.0 / isi; /* 0 for an infinite interval */
  return LIF_OK;
}

int
lif_neuron_time_to_spike (const lif_neuron *neuron, double current,
                          double *time)
{
  double u, refractory;
  int rc;
  if (!neuron || !time)
    return LIF_ENULL;
  if ((rc = constant_drive (neuron, current, &u)) != LIF_OK)
    return rc;
  /* What is left of a refractory period, as the timing mode counts it:
   * LIF_PARAM_REF_LEFT. */
  refractory = lif__engine_refractory_left (&neuron->engine, neuron->s.ref_end,
                                            (double)neuron->s.held_until);
  *time = refractory + time_to_threshold (neuron, neuron->s.V, u);
  return LIF_OK;
}

int
lif_neuron_potential_after (const lif_neuron *neuron, double current,
                            double duration, double *potential)
{
  double u, V, x;
  int rc;
  if (!neuron || !potential)
    return LIF_ENULL;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  if ((rc = constant_drive (neuron, current, &u)) != LIF_OK)
    return rc;
  V = neuron->s.V;
  x = duration / neuron->p.tau;
  if (isfinite (V - u))
    *potential = u + (V - u) * exp (-x);
  else
    /* V and u are finite but so far apart that V - u overflows (and
     * inf * exp(-x) could be inf * 0 = NaN). The same value as the convex
     * combination e V + (1 - e) u, e = exp(-x), cannot overflow: V and u
     * have opposite signs here. */
    *potential = exp (-x) * V - expm1 (-x) * u;
  return LIF_OK;
}

/* The diffusion form of a white-noise current (lif_neuron_siegert_rate):
 * the mean drive *u and the amplitude *s in units of V. */
static int
diffusion (const lif_neuron *nrn, double mean, double sigma, double *u,
           double *s)
{
  int rc;
  if (!isfinite (sigma) || sigma < 0.0)
    return LIF_EINVAL;
  if ((rc = constant_drive (nrn, mean, u)) != LIF_OK)
    return rc;
  *s = nrn->p.R * sigma / sqrt (nrn->p.tau);
  return isfinite (*s) ? LIF_OK : LIF_EINVAL;
}

int
lif_neuron_siegert_rate (const lif_neuron *neuron, double mean, double sigma,
                         double *rate)
{
  double u, s;
  int rc;
  if (!neuron || !rate)
    return LIF_ENULL;
  if ((rc = diffusion (neuron, mean, sigma, &u, &s)) != LIF_OK)
    return rc;
  if (s == 0.0) /* no noise: the deterministic interval */
    return lif_neuron_rate (neuron, mean, rate);
  *rate = lif__siegert_rate (neuron->p.tau, neuron->p.t_ref,
                             (neuron->p.V_reset - u) / s,
                             (neuron->p.V_th - u) / s);
  return LIF_OK;
}

int
lif_neuron_siegert_cv (const lif_neuron *neuron, double mean, double sigma,
                       double *cv)
{
  double u, s, cv2;
  int rc;
  if (!neuron || !cv)
    return LIF_ENULL;
  if ((rc = diffusion (neuron, mean, sigma, &u, &s)) != LIF_OK)
    return rc;
  if (s == 0.0)
    {
      *cv = 0.0;
      return LIF_OK;
    }
  if ((neuron->p.V_th - u) / s > LIF__SIEGERT_CV_MAX_Y)
    return LIF_EOVERFLOW;
  cv2 = lif__siegert_cv2 (neuron->p.tau, neuron->p.t_ref,
                          (neuron->p.V_reset - u) / s,
                          (neuron->p.V_th - u) / s);
  if (!isfinite (cv2))
    return LIF_EOVERFLOW;
  *cv = sqrt (cv2);
  return LIF_OK;
}
