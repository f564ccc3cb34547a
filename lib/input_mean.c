/*
 * What an input averages to over a segment as a membrane weighs it. The
 * membrane equation tau dV/dt = u(t) - V is linear, so over a segment
 * [a, a + h] its exact solution is
 *
 *   V(a + h) = ubar + g (V(a) - ubar),   g = exp(-h / tau),
 *   ubar = integral_0^h w(s) u(a + s) ds,
 *   w(s) = exp(-(h - s) / tau) / (tau (1 - g)),
 *
 * the relax form every stepper uses (stepper.h), with the input's mean
 * under the weight w (which sums to 1 and favours the segment's end) in
 * place of a sample. For every built-in kind that mean has a closed form,
 * and it is linear, so a sum's is the weighted sum of its terms'. The
 * exact stepper integrates with it; its step is then the exact solution
 * for every built-in input, not only for piecewise-constant ones.
 */
#include "input.h"

/* ---- the weights the closed forms share ------------------------------- */

/* The weighted mean position of the segment, as a fraction of h:
 * integral_0^h w(s) s ds / h = 1 - 1/x + 1/expm1(x), x = h / tau. The
 * difference cancels for small x, where the series of 1/expm1 (Bernoulli
 * numbers) takes over: its first omitted term is below 1e-17 at x = 0.2. */
static double
ramp_weight (double x)
{
  if (x < 0.2)
    {
      const double x2 = x * x;
      return 0.5
             + x
                   * (1.0 / 12.0
                      + x2
                            * (-1.0 / 720.0
                               + x2
                                     * (1.0 / 30240.0
                                        + x2
                                              * (-1.0 / 1209600.0
                                                 + x2 / 47900160.0))));
    }
  return 1.0 - 1.0 / x + 1.0 / expm1 (x);
}

/* expm1(z) / z, 1 at z = 0. */
static double
phi1 (double z)
{
  return z == 0.0 ? 1.0 : expm1 (z) / z;
}

/* ---- each kind -------------------------------------------------------- */

/* A sine: offset + amplitude Im(e^{i theta(a)} M), with
 * M = (e^{i omega h} - g) / ((1 + i omega tau) (1 - g)), from
 * integral_0^h exp(-(h - s) / tau) e^{i omega s} ds / tau =
 * (e^{i omega h} - g) / (1 + i omega tau). Re(e^{i omega h} - g) is
 * written as (1 - g) - 2 sin^2(omega h / 2), which keeps its digits when
 * both terms are small. */
static double
sine_mean (const lif_input *in, double a, double h, double tau)
{
  const double omega = in->u.sine.omega, c = omega * tau;
  const double one_minus_g = -expm1 (-h / tau);
  const double theta = lif__sine_argument (in, a);
  double wh = omega * h, half, nr, ni, mr, mi;
  if (!isfinite (wh))
    wh = omega * fmod (h, 1.0 / in->u.sine.frequency);
  half = sin (0.5 * wh);
  nr = (one_minus_g - 2.0 * half * half) / one_minus_g;
  ni = sin (wh) / one_minus_g;
  /* M = N / (1 + i c), divided without overflow whatever c is. */
  if (fabs (c) <= 1.0)
    {
      const double d = 1.0 + c * c;
      mr = (nr + c * ni) / d;
      mi = (ni - c * nr) / d;
    }
  else
    {
      const double r = 1.0 / c, d = c + r;
      mr = (nr * r + ni) / d;
      mi = (ni * r - nr) / d;
    }
  return in->u.sine.offset
         + in->u.sine.amplitude * (sin (theta) * mr + cos (theta) * mi);
}

/* An exponential decay from its value at a: the mean of
 * I(a) exp(-s / tau_in) is I(a) phi1(z) / phi1(x), with x = h / tau and
 * z = h (1 / tau - 1 / tau_in), smooth across tau_in = tau (z = 0). Where
 * z > 1 the ratio is rewritten with exp(-h / tau_in) = exp(z - x), so
 * that neither expm1 overflows; below, x / expm1(x) goes to 0 as it
 * should. */
static double
exp_decay_mean (const lif_input *in, double a, double h, double tau)
{
  const double tau_in = in->u.exp_decay.tau;
  const double start = lif__input_value (in, a, LIF__RIGHT);
  const double x = h / tau, z = x * ((tau_in - tau) / tau_in);
  if (start == 0.0)
    return 0.0;
  if (z > 1.0)
    return start * (x / z) * exp (-h / tau_in) * (expm1 (-z) / expm1 (-x));
  return start * (phi1 (z) * (x / expm1 (x)));
}

/* A table: linear interpolation is a straight line inside a segment (its
 * knots are breakpoints), whose mean is its value at the weighted mean
 * position; a convex combination of its ends, which cannot overflow. */
static double
table_mean (const lif_input *in, double a, double b, double h, double tau)
{
  const double w = ramp_weight (h / tau);
  return lif__input_value (in, a, LIF__RIGHT) * (1.0 - w)
         + lif__input_value (in, b, LIF__LEFT) * w;
}

double
lif__input_exp_mean (const lif_input *in, double a, double b, double h,
                     double tau)
{
  const double middle = a + 0.5 * h;
  double sum;
  size_t i;
  /* A segment too short for the membrane to weigh (x = h / tau is 0, or
   * rounds to it): its mean is its value. */
  if (!(h / tau > 0.0))
    return lif__input_value (in, a, LIF__RIGHT);
  switch (in->kind)
    {
    case LIF__INPUT_SINE:
      return sine_mean (in, a, h, tau);
    case LIF__INPUT_EXP_DECAY:
      return exp_decay_mean (in, a, h, tau);
    case LIF__INPUT_TABLE:
      if (in->u.table.interpolation == LIF_INTERP_LINEAR)
        return table_mean (in, a, b, h, tau);
      return lif__input_value (in, middle, LIF__RIGHT);
    case LIF__INPUT_SUM:
      sum = 0.0;
      for (i = 0; i < in->u.sum.n; i++)
        sum += in->u.sum.weights[i]
               * lif__input_exp_mean (in->u.sum.terms[i], a, b, h, tau);
      return sum;
    default:
      /* Constant between breakpoints (any sample is the mean), or a
       * callback, known only by its samples: the middle one, second
       * order. */
      return lif__input_value (in, middle, LIF__RIGHT);
    }
}

int
lif__input_closed_form (const lif_input *in)
{
  size_t i;
  if (!in)
    return 1;
  if (lif__input_noisy (in) || in->kind == LIF__INPUT_CALLBACK)
    return 0;
  if (in->kind == LIF__INPUT_SUM)
    for (i = 0; i < in->u.sum.n; i++)
      if (in->u.sum.terms[i]->kind == LIF__INPUT_CALLBACK)
        return 0;
  return 1;
}
