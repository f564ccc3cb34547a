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

/* ---- each kind ------------------------------------------------------- */

/* A term's mean over a step splits into factors that depend only on the
 * step's length h (and tau), computed once for a stretch of whole steps
 * (lif__mean_plan), and a part that depends on where the step is. */

/* A sine: offset + amplitude Im(e^{i theta(a)} M), with
 * M = (e^{i omega h} - g) / ((1 + i omega tau) (1 - g)), from
 * integral_0^h exp(-(h - s) / tau) e^{i omega s} ds / tau =
 * (e^{i omega h} - g) / (1 + i omega tau). Re(e^{i omega h} - g) is
 * written as (1 - g) - 2 sin^2(omega h / 2), which keeps its digits when
 * both terms are small. f = (Re M, Im M). */
static void
sine_factors (const lif_input *in, double h, double tau, double f[2])
{
  const double omega = in->u.sine.omega, c = omega * tau;
  const double one_minus_g = -expm1 (-h / tau);
  double wh = omega * h, half, nr, ni;
  if (!isfinite (wh))
    wh = omega * fmod (h, 1.0 / in->u.sine.frequency);
  half = sin (0.5 * wh);
  nr = (one_minus_g - 2.0 * half * half) / one_minus_g;
  ni = sin (wh) / one_minus_g;
  /* M = N / (1 + i c), divided without overflow whatever c is. */
  if (fabs (c) <= 1.0)
    {
      const double d = 1.0 + c * c;
      f[0] = (nr + c * ni) / d;
      f[1] = (ni - c * nr) / d;
    }
  else
    {
      const double r = 1.0 / c, d = c + r;
      f[0] = (nr * r + ni) / d;
      f[1] = (ni * r - nr) / d;
    }
}

/* An exponential decay from its value I(a) at the step's start: the mean
 * of I(a) exp(-s / tau_in) is I(a) phi1(z) / phi1(x), with x = h / tau and
 * z = h (1 / tau - 1 / tau_in), smooth across tau_in = tau (z = 0). Where
 * z > 1 the ratio is rewritten with exp(-h / tau_in) = exp(z - x), so
 * that neither expm1 overflows; below, x / expm1(x) goes to 0 as it
 * should. f[0] = the ratio. */
static void
exp_decay_factors (const lif_input *in, double h, double tau, double f[2])
{
  const double tau_in = in->u.exp_decay.tau;
  const double x = h / tau, z = x * ((tau_in - tau) / tau_in);
  if (z > 1.0)
    f[0] = (x / z) * exp (-h / tau_in) * (expm1 (-z) / expm1 (-x));
  else
    f[0] = phi1 (z) * (x / expm1 (x));
}

/* The factors of one term (nothing for a term constant between
 * breakpoints or a callback). */
static void
term_factors (const lif_input *t, double h, double tau, double f[2])
{
  f[0] = f[1] = 0.0;
  if (t->kind == LIF__INPUT_SINE)
    sine_factors (t, h, tau, f);
  else if (t->kind == LIF__INPUT_EXP_DECAY)
    exp_decay_factors (t, h, tau, f);
  else if (t->kind == LIF__INPUT_TABLE
           && t->u.table.interpolation == LIF_INTERP_LINEAR)
    /* A straight line inside a step (its knots are breakpoints), whose
     * mean is its value at the weighted mean position. */
    f[0] = ramp_weight (h / tau);
}

/* One term's mean over the step [a, b] of length h, from its factors. */
static double
term_mean (const lif_input *t, const double f[2], double a, double b, double h)
{
  double theta, start;
  switch (t->kind)
    {
    case LIF__INPUT_SINE:
      theta = lif__sine_argument (t, a);
      return t->u.sine.offset
             + t->u.sine.amplitude * (sin (theta) * f[0] + cos (theta) * f[1]);
    case LIF__INPUT_EXP_DECAY:
      start = lif__input_value (t, a, LIF__RIGHT);
      return start == 0.0 ? 0.0 : start * f[0];
    case LIF__INPUT_TABLE:
      if (t->u.table.interpolation == LIF_INTERP_LINEAR)
        /* A convex combination of the ends, which cannot overflow. */
        return lif__input_value (t, a, LIF__RIGHT) * (1.0 - f[0])
               + lif__input_value (t, b, LIF__LEFT) * f[0];
      return lif__input_value (t, a + 0.5 * h, LIF__RIGHT);
    default:
      /* Constant between breakpoints (any sample is the mean), or a
       * callback, known only by its samples: the middle one, second
       * order. */
      return lif__input_value (t, a + 0.5 * h, LIF__RIGHT);
    }
}

double
lif__input_exp_mean (const lif_input *in, double a, double b, double h,
                     double tau)
{
  double f[2], sum;
  size_t i;
  /* A segment too short for the membrane to weigh (x = h / tau is 0, or
   * rounds to it): its mean is its value. */
  if (!(h / tau > 0.0))
    return lif__input_value (in, a, LIF__RIGHT);
  if (in->kind != LIF__INPUT_SUM)
    {
      term_factors (in, h, tau, f);
      return term_mean (in, f, a, b, h);
    }
  sum = 0.0;
  for (i = 0; i < in->u.sum.n; i++)
    {
      term_factors (in->u.sum.terms[i], h, tau, f);
      sum += in->u.sum.weights[i] * term_mean (in->u.sum.terms[i], f, a, b, h);
    }
  return sum;
}

void
lif__mean_plan_init (lif__mean_plan *plan, const lif_input *in, double h,
                     double tau)
{
  size_t i;
  plan->h = h;
  plan->tau = tau;
  plan->direct
      = !(h / tau > 0.0)
        || (in->kind == LIF__INPUT_SUM && in->u.sum.n > LIF__MEAN_PLAN_TERMS);
  if (plan->direct)
    return;
  if (in->kind != LIF__INPUT_SUM)
    term_factors (in, h, tau, plan->f[0]);
  else
    for (i = 0; i < in->u.sum.n; i++)
      term_factors (in->u.sum.terms[i], h, tau, plan->f[i]);
}

double
lif__input_plan_mean (const lif_input *in, const lif__mean_plan *plan,
                      double a, double b)
{
  double sum;
  size_t i;
  if (plan->direct)
    return lif__input_exp_mean (in, a, b, plan->h, plan->tau);
  if (in->kind != LIF__INPUT_SUM)
    return term_mean (in, plan->f[0], a, b, plan->h);
  sum = 0.0;
  for (i = 0; i < in->u.sum.n; i++)
    sum += in->u.sum.weights[i]
           * term_mean (in->u.sum.terms[i], plan->f[i], a, b, plan->h);
  return sum;
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
