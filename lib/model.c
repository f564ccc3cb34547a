/*
 * The parts of the model (model.h) that are not one line: how many grid
 * steps a refractory period holds, and the threshold as a deviation.
 */
#include "model.h"

int64_t
lif__refractory_steps (double t_ref, double dt)
{
  double steps = t_ref / dt, whole;
  if (!lif__near_integer (steps, &whole))
    whole = ceil (steps);
  if (!(whole < (double)LIF__MAX_STEPS))
    return LIF__MAX_STEPS;
  return whole > 0.0 ? (int64_t)whole : 0;
}

double
lif__threshold_deviation (double u, double v_th)
{
  double d = v_th - u;
  double span = 4.0 * DBL_EPSILON * (fabs (u) + fabs (d)) + DBL_MIN;
  double lo = d - span, hi = d + span;
  while (u + lo >= v_th)
    lo -= (span *= 2.0);
  while (!(u + hi >= v_th))
    hi += (span *= 2.0);
  for (;;)
    {
      double mid = lo + 0.5 * (hi - lo);
      if (!(mid > lo && mid < hi))
        return hi; /* lo and hi are neighbours */
      if (u + mid >= v_th)
        hi = mid;
      else
        lo = mid;
    }
}
