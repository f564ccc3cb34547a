/*
 * Exponential integration. The equation is linear, so over a step of
 * length h its exact solution is V(t + h) = ubar + (V - ubar) exp(-h / tau),
 * with ubar the drive's mean over the step under the weight the membrane
 * gives it (input_mean.c): g = exp(-x), and the one weight goes to that
 * mean. For a constant drive the mean is the drive; for every built-in
 * input it has a closed form, so the step is exact for all of them
 * (jumps end a step); a callback is sampled at the step's middle, which
 * makes the method second order there. The crossing is the closed-form
 * root under the step's mean drive: exact where the drive is constant.
 */
#include "internal.h"
#include "stepper.h"
#include "stepper_loops.h"

static inline double
exact_g (double x)
{
  return exp (-x);
}

/* u + (v0 - u) exp(-s / tau) = v_th, for a drive u above v_th, gives
 * s = tau ln((v0 - u) / (v_th - u)) = tau log1p((v0 - v_th) / (v_th - u)).
 * The reciprocal is taken first: it does not wait for v0. */
static inline double
exact_constant_crossing (double h, double tau, double v0, double u, double v1,
                         double v_th)
{
  double s;
  (void)v1;
  if (!(u > v_th))
    return h; /* reached only through rounding, at the very end */
  s = tau * log1p ((v0 - v_th) * (1.0 / (v_th - u)));
  return s > 0.0 ? lif__min (s, h) : 0.0;
}

/* The exact standard deviation V gains over a step, per unit of
 * R sigma / sqrt(tau): sqrt((1 - exp(-2x)) / 2), from the variance
 * R^2 sigma^2 / (2 tau) (1 - exp(-2 h / tau)) of the transition density. */
static double
exact_noise (double x)
{
  return sqrt (-0.5 * expm1 (-2.0 * x));
}

static double
exact_coef (double x, double *g, double w[LIF__MAX_NODES])
{
  /* The one weight, 1 - exp(-x), only ever divides itself. */
  *g = exact_g (x);
  w[0] = 1.0;
  return 1.0;
}

static double
exact_crossing (const lif__segment *seg, double v_th)
{
  return exact_constant_crossing (seg->h, seg->tau, seg->v0, seg->u[0],
                                  seg->v1, v_th);
}

LIF__STEPPER_LOOPS (exact, LIF__NODES_EXP_MEAN)

const lif__stepper lif__stepper_exact = {
  .name = "exact",
  .n_nodes = 1,
  .node = { 0.5, 0.0, 0.0 },
  .stability_limit = INFINITY,
  .coef = exact_coef,
  .noise = exact_noise,
  .noise_decays = 1,
  .integrates_input = 1,
  .crossing = exact_crossing,
  .precise_spike = exact_precise_spike,
  .varying_steps = exact_varying_steps,
};
