/*
 * The first threshold crossing of the exact trajectory inside a segment.
 *
 * Over a segment that holds no breakpoint V relaxes towards the drive
 * u(t) = E_L + R (I(t) + I_bias), so on any part [l, r] of it
 *
 *   V(s) <= V(l) + (1 - exp(-(r - l) / tau)) max(0, u_max - V(l)),
 *
 * u_max the drive's greatest value over [l, r] (lif__input_range). When
 * that bound is below the threshold, no crossing hides in [l, r]. The
 * search walks the segment from its start, halving each part the bound
 * cannot clear, until it either clears it or finds a part whose end is at
 * or above the threshold and through which V is known to rise (the
 * drive's least value there above the bound); there the crossing is the
 * part's only one, and a safeguarded regula falsi (the Illinois variant,
 * with a bisection whenever it stalls) closes the bracket to a few ulps
 * of the time. V at any point is the exact stepper's own closed form from
 * the segment's start, so the search sees the trajectory the run
 * integrates.
 */
#include "crossing.h"

#include "input.h"
#include "model.h"

/* The parts the walk keeps pending: far more than a segment needs, unless
 * V grazes the threshold for ever. The values of V it may take are the
 * caller's budget (crossing.h). */
#define MAX_DEPTH 64

/* V at a + s, s in (0, len). */
static double
v_at (const lif__trajectory *tr, double s)
{
  const double tau = tr->p->tau;
  const double mean
      = lif__input_exp_mean (tr->input, tr->a, tr->a + s, s, tau);
  return lif__relax (tr->v0, lif__params_drive (tr->p, mean + tr->extra),
                     exp (-(s * (1.0 / tau))));
}

/* Whether V stays below v_th on [l, r], from V(l) = vl. */
static int
cleared (const lif__trajectory *tr, double l, double vl, double r, double v_th)
{
  const double tau = tr->p->tau;
  double lo, hi, u_max;
  lif__input_range (tr->input, tr->a + l, tr->a + r, &lo, &hi);
  u_max = lif__params_drive (tr->p, hi + tr->extra);
  return lif__step_clears (vl, -expm1 (-(r - l) / tau), u_max, v_th);
}

/* Whether V rises all through [l, r], from V(l) = vl: the drive's least
 * value there lies above the most V can reach there, so dV/dt > 0 and V
 * crosses any level at most once. A NaN anywhere says no. */
static int
rising (const lif__trajectory *tr, double l, double vl, double r)
{
  const double tau = tr->p->tau;
  double lo, hi, u_min, u_max;
  lif__input_range (tr->input, tr->a + l, tr->a + r, &lo, &hi);
  u_min = lif__params_drive (tr->p, lo + tr->extra);
  u_max = lif__params_drive (tr->p, hi + tr->extra);
  return u_min > vl + -expm1 (-(r - l) / tau) * fmax (0.0, u_max - vl);
}

/* Whether two times of the segment are as close as its clock can tell. */
static int
resolved (const lif__trajectory *tr, double l, double r)
{
  return r - l <= 4.0 * DBL_EPSILON * fmax (fabs (tr->a + r), DBL_MIN);
}

/* The crossing in the bracket (l, r], V(l) < v_th <= V(r), to the clock's
 * resolution or to where V is the threshold within its rounding. */
static double
close_bracket (const lif__trajectory *tr, double l, double vl, double r,
               double vr, double v_th)
{
  double fl = vl - v_th, fr = vr - v_th;
  int side = 0, i;
  for (i = 0; i < 200 && !resolved (tr, l, r); i++)
    {
      const double width = r - l;
      double s = r - fr * (width / (fr - fl)), fs;
      if (!(s > l && s < r) || i % 4 == 3)
        s = l + 0.5 * width; /* stalled, or every fourth: halve */
      fs = v_at (tr, s) - v_th;
      /* V within its own rounding of the threshold: the crossing, as
       * closely as V can tell it (further steps only chase noise). */
      if (fabs (fs) <= 4.0 * DBL_EPSILON * fabs (v_th))
        return s;
      if (fs >= 0.0)
        {
          r = s;
          fr = fs;
          if (side == 1)
            fl *= 0.5;
          side = 1;
        }
      else
        {
          l = s;
          fl = fs;
          if (side == -1)
            fr *= 0.5;
          side = -1;
        }
    }
  return r;
}

int
lif__crossing_budget (const lif_input *in, double h)
{
  const size_t n = in && in->kind == LIF__INPUT_SUM ? in->u.sum.n : 1;
  double fastest = 0.0, periods;
  size_t i;
  for (i = 0; in && i < n; i++)
    {
      const lif_input *t
          = in->kind == LIF__INPUT_SUM ? in->u.sum.terms[i] : in;
      if (t->kind == LIF__INPUT_SINE && t->u.sine.amplitude != 0.0)
        fastest = fmax (fastest, t->u.sine.frequency);
    }
  periods = fmin (h * fastest, 256.0);
  return 64 + (periods > 0.0 ? (int)(16.0 * periods) : 0);
}

int
lif__trajectory_crossing (const lif__trajectory *tr, double v_th, double *at)
{
  /* The pending parts' ends and V there; the walk is at l, V(l) = vl. */
  double ends[MAX_DEPTH], vends[MAX_DEPTH];
  double l = 0.0, vl = tr->v0;
  int depth = 1;
  /* A segment too long to halve (an infinite difference of huge clock
   * readings): its end decides. */
  if (!(tr->len < INFINITY))
    {
      *at = tr->len;
      return tr->v1 >= v_th;
    }
  ends[0] = tr->len;
  vends[0] = tr->v1;
  while (depth > 0)
    {
      const double r = ends[depth - 1], vr = vends[depth - 1];
      const double middle = l + 0.5 * (r - l);
      /* Whether the part can be halved: a part as short as the clock can
       * tell, or as deep as the walk keeps, cannot. */
      const int whole = resolved (tr, l, r) || !(middle > l && middle < r)
                        || depth == MAX_DEPTH;
      /* A part whose end is at or above the threshold holds a crossing;
       * once V is known to rise all through it, that crossing is its only
       * one, and it is closed. Where the drive oscillates faster than the
       * part, halving goes on down to the clock's resolution. */
      if (vr >= v_th && (whole || rising (tr, l, vl, r)))
        {
          *at = close_bracket (tr, l, vl, r, vr, v_th);
          return 1;
        }
      if (!(vr >= v_th)
          && (whole || isnan (vr) || *tr->budget <= 0
              || cleared (tr, l, vl, r, v_th)))
        {
          /* Nothing in [l, r] (or a graze within rounding, or a V the
           * closed form cannot give, which the step's own ends report):
           * go on. */
          l = r;
          vl = vr;
          depth--;
          continue;
        }
      ends[depth] = middle;
      vends[depth] = v_at (tr, middle);
      if (!(vr >= v_th))
        --*tr->budget;
      depth++;
    }
  return 0;
}
