/*
 * The range of an input over a segment that holds no breakpoint: what a
 * certified search for threshold crossings needs (lane.c). Over such a
 * segment V relaxes towards the drive, so it can never rise above
 * V(l) + (1 - exp(-(r - l) / tau)) (u_max - V(l)) on [l, r]: a bound below
 * the threshold proves that no spike hides inside, even where V rises and
 * falls back between the segment's ends.
 */
#include "input.h"

static void
widen (double v, double *lo, double *hi)
{
  if (v < *lo)
    *lo = v;
  if (v > *hi)
    *hi = v;
}

/* sin over [theta, theta + span]: its ends, and 1 or -1 where the interval
 * holds a peak or a trough. */
static void
sine_range (double theta, double span, double *lo, double *hi)
{
  const double two_pi = 6.283185307179586476925286766559;
  const double quarter = 1.5707963267948966192313216916398;
  double peak, trough;
  *lo = *hi = sin (theta);
  widen (sin (theta + span), lo, hi);
  if (!(span < two_pi) || !isfinite (theta))
    {
      *lo = -1.0;
      *hi = 1.0;
      return;
    }
  peak = quarter + two_pi * ceil ((theta - quarter) / two_pi);
  trough = -quarter + two_pi * ceil ((theta + quarter) / two_pi);
  /* The extrema's positions round; an interval that ends within rounding
   * of one counts it, which only widens the range. */
  if (peak <= theta + span + 1e-12 * (1.0 + fabs (theta)))
    *hi = 1.0;
  if (trough <= theta + span + 1e-12 * (1.0 + fabs (theta)))
    *lo = -1.0;
}

void
lif__input_range (const lif_input *in, double a, double b, double *lo,
                  double *hi)
{
  double l, h, w;
  size_t i;
  switch (in->kind)
    {
    case LIF__INPUT_SINE:
      sine_range (lif__sine_argument (in, a), in->u.sine.omega * (b - a), &l,
                  &h);
      w = fabs (in->u.sine.amplitude);
      *lo = in->u.sine.offset - w * (in->u.sine.amplitude < 0.0 ? h : -l);
      *hi = in->u.sine.offset + w * (in->u.sine.amplitude < 0.0 ? -l : h);
      return;
    case LIF__INPUT_EXP_DECAY:
    case LIF__INPUT_TABLE:
      /* Monotone over the segment: its ends. */
      *lo = *hi = lif__input_value (in, a, LIF__RIGHT);
      widen (lif__input_value (in, b, LIF__LEFT), lo, hi);
      return;
    case LIF__INPUT_SUM:
      *lo = *hi = 0.0;
      for (i = 0; i < in->u.sum.n; i++)
        {
          w = in->u.sum.weights[i];
          lif__input_range (in->u.sum.terms[i], a, b, &l, &h);
          *lo += w >= 0.0 ? w * l : w * h;
          *hi += w >= 0.0 ? w * h : w * l;
        }
      return;
    case LIF__INPUT_CALLBACK:
      *lo = -INFINITY;
      *hi = INFINITY;
      return;
    default:
      /* Constant between breakpoints. */
      *lo = *hi = lif__input_value (in, a + 0.5 * (b - a), LIF__RIGHT);
      return;
    }
}
