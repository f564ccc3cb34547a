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
  /* Where the factor itself overflows (h / tau subnormal under a huge
   * frequency, so that 1 - g is), the mean is taken as the sample at the
   * step's start: M = 1. */
  if (!isfinite (f[0]) || !isfinite (f[1]))
    {
      f[0] = 1.0;
      f[1] = 0.0;
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
  const size_t n = in->kind == LIF__INPUT_SUM ? in->u.sum.n : 1;
  size_t i;
  plan->h = h;
  plan->tau = tau;
  plan->direct = !(h / tau > 0.0) || n > LIF__MEAN_PLAN_TERMS;
  if (plan->direct)
    return;
  for (i = 0; i < n; i++)
    {
      const lif_input *t
          = in->kind == LIF__INPUT_SUM ? in->u.sum.terms[i] : in;
      term_factors (t, h, tau, plan->f[i]);
      plan->step[i][0] = plan->step[i][1] = 0.0;
      if (t->kind == LIF__INPUT_SINE)
        {
          double wh = t->u.sine.omega * h;
          if (!isfinite (wh))
            wh = t->u.sine.omega * fmod (h, 1.0 / t->u.sine.frequency);
          plan->step[i][0] = cos (wh);
          plan->step[i][1] = sin (wh);
        }
      else if (t->kind == LIF__INPUT_EXP_DECAY)
        plan->step[i][0] = exp (-h / t->u.exp_decay.tau);
    }
}

/* ---- whole steps of a grid -------------------------------------------- */

/* Term i's walk state at step k0 of the grid t0 + k h, an anchor: a
 * sine's (cos, sin) of its argument, a decay's value (with [1] = 1 where
 * the anchor lies before its onset: that block takes its values
 * directly). */
static void
anchor (const lif_input *t, double t0, double h, int64_t k0, double st[2])
{
  const double a = t0 + (double)k0 * h;
  if (t->kind == LIF__INPUT_SINE)
    {
      const double theta = lif__sine_argument (t, a);
      st[0] = cos (theta);
      st[1] = sin (theta);
    }
  else if (t->kind == LIF__INPUT_EXP_DECAY)
    {
      st[1] = a < t->u.exp_decay.onset;
      st[0] = st[1] != 0.0 ? 0.0 : lif__input_value (t, a, LIF__RIGHT);
    }
}

/* A walk's state st turned `turns` times by step, on local copies, which
 * the compiler need not store at every turn as it must st, which step
 * might alias. */
static inline LIF__ALWAYS_INLINE void
turn_walk (int kind, const double step[2], int64_t turns, double st[2])
{
  const double by[2] = { step[0], step[1] };
  double at[2] = { st[0], st[1] };
  for (; turns > 0; turns--)
    lif__walk_advance (kind, by, at);
  st[0] = at[0];
  st[1] = at[1];
}

int64_t
lif__walk_state_at (const lif_input *t, const double step[2], double t0,
                    double h, int64_t k, double st[2])
{
  const int64_t k0 = k - k % LIF__ANCHOR_STEPS;
  anchor (t, t0, h, k0, st);
  turn_walk (t->kind, step, k - k0, st);
  return k0 + LIF__ANCHOR_STEPS - k;
}

/* Term's mean over whole step [a, b] from its factors f and its state. */
static double
walked_mean (const lif_input *t, const double f[2], const double st[2],
             double a, double b, double h)
{
  if (lif__walked (t->kind, st))
    return lif__walked_mean (t, t->kind, f, st);
  return term_mean (t, f, a, b, h);
}

double
lif__input_step_mean (const lif_input *in, const lif__mean_plan *plan,
                      lif__step_walk *walk, double t0, int64_t k)
{
  const double h = plan->h;
  const double a = t0 + (double)k * h, b = t0 + (double)(k + 1) * h;
  const size_t n = in->kind == LIF__INPUT_SUM ? in->u.sum.n : 1;
  const int64_t k0 = k - k % LIF__ANCHOR_STEPS;
  double sum = 0.0;
  size_t i;
  if (plan->direct)
    return lif__input_exp_mean (in, a, b, h, plan->tau);
  if (walk->k != k)
    {
      /* From the block's anchor, or from where the walk is in the same
       * block: the same turns either way, so the same bits. */
      int64_t from = walk->k >= k0 && walk->k < k ? walk->k : k0;
      for (i = 0; i < n; i++)
        {
          const lif_input *t
              = in->kind == LIF__INPUT_SUM ? in->u.sum.terms[i] : in;
          if (from == k0 && walk->k != k0)
            lif__walk_state_at (t, plan->step[i], t0, h, k, walk->state[i]);
          else
            turn_walk (t->kind, plan->step[i], k - from, walk->state[i]);
        }
      walk->k = k;
    }
  if (in->kind != LIF__INPUT_SUM)
    return walked_mean (in, plan->f[0], walk->state[0], a, b, h);
  for (i = 0; i < n; i++)
    sum += in->u.sum.weights[i]
           * walked_mean (in->u.sum.terms[i], plan->f[i], walk->state[i], a, b,
                          h);
  return sum;
}

int
lif__input_calls_back (const lif_input *in)
{
  size_t i;
  if (!in)
    return 0;
  if (in->kind == LIF__INPUT_CALLBACK)
    return 1;
  if (in->kind == LIF__INPUT_SUM)
    for (i = 0; i < in->u.sum.n; i++)
      if (in->u.sum.terms[i]->kind == LIF__INPUT_CALLBACK)
        return 1;
  return 0;
}

int
lif__input_closed_form (const lif_input *in)
{
  return !lif__input_noisy (in) && !lif__input_calls_back (in);
}
