/*
 * A lane run from event to event, with no grid: between one event (an
 * input breakpoint, the end of a refractory period, a spike) and the next,
 * V has a closed form, so it is carried across in one piece and every
 * crossing is found on the exact trajectory, as the exact stepper's
 * precise timing finds it. Under a drive that is constant between
 * breakpoints the next spike is a logarithm away; under a varying one the
 * certified search of crossing.c takes pieces of a few membrane time
 * constants where the drive can reach the threshold, and the whole
 * stretch between breakpoints where it cannot. The cost grows with the
 * number of events, not with the time simulated (a varying drive that can
 * fire adds a piece every four time constants).
 */
#include "lane.h"

#include "crossing.h"
#include "input.h"

/* The longest piece of a varying drive the crossing search takes at once,
 * in membrane time constants: long enough to take few, short enough that
 * its bound clears a piece far from the threshold in a few halvings. */
#define PIECE_TAUS 4.0

int
lif__lane_run_events (const lif__lane *l, int64_t k, double from, double to,
                      double *stop)
{
  const lif__params *p = l->p;
  const double tau = p->tau;
  const int constant = lif__lane_piecewise_constant (l);
  lif__state *s = l->s;
  double pos = from;
  /* A constant drive u holds until the next breakpoint, constant_end:
   * looked up again only there, not after every spike. */
  double u = 0.0, constant_end = -INFINITY;
  int64_t spike_k, last_k = -1;
  size_t in_step = 0;
  int rc = LIF_OK;
  while (pos < to)
    {
      double end, t_spike = NAN;
      if (lif__refractory_at (s->ref_end, pos))
        {
          /* V is held; nothing else moves without noise. */
          pos = lif__min (s->ref_end, to);
          continue;
        }
      if (constant)
        {
          if (!(pos < constant_end))
            {
              constant_end = lif__min (to, lif__lane_next_breakpoint (l, pos));
              if ((rc = lif__lane_drive (l, pos, LIF__RIGHT, &u)) != LIF_OK)
                break;
            }
          end = constant_end;
          if (lif__fires (p, s->V))
            t_spike = pos;
          else if (u > p->V_th)
            {
              /* The exact stepper's root under a constant drive. */
              const double at
                  = tau * log1p ((s->V - p->V_th) * (1.0 / (p->V_th - u)));
              if (pos + at <= end)
                t_spike = at > 0.0 ? pos + at : pos;
            }
          if (isnan (t_spike))
            {
              const double v_end
                  = lif__relax (s->V, u, exp (-((end - pos) * (1.0 / tau))));
              /* As a step's V that leaves the finite numbers, the run
               * stops before it (V - u overflows for V_reset = -DBL_MAX
               * under a huge drive). */
              if (!isfinite (v_end))
                {
                  rc = LIF_EDIVERGED;
                  break;
                }
              s->V = v_end;
              pos = end;
              continue;
            }
        }
      else
        {
          lif__trajectory tr;
          double at;
          int budget;
          double lo, hi;
          end = lif__min (to, lif__lane_next_breakpoint (l, pos));
          /* Where the drive stays below what could lift V to the
           * threshold up to the next breakpoint (the bound of crossing.c
           * over the whole stretch), the stretch is one piece: a drive
           * that never fires costs one closed form however long the run.
           * Otherwise a few time constants at a time. */
          lif__input_range (l->input, pos, end, &lo, &hi);
          if (!lif__step_clears (s->V, -expm1 (-(end - pos) / tau),
                                 lif__params_drive (p, hi + l->extra), p->V_th)
              && pos + PIECE_TAUS * tau > pos)
            end = lif__min (end, pos + PIECE_TAUS * tau);
          if ((rc = lif__lane_mean_drive (l, pos, end, end - pos, &u))
              != LIF_OK)
            break;
          tr.input = l->input;
          tr.p = p;
          tr.extra = l->extra;
          tr.a = pos;
          tr.len = end - pos;
          tr.v0 = s->V;
          tr.v1 = lif__relax (s->V, u, exp (-((end - pos) * (1.0 / tau))));
          if (!isfinite (tr.v1))
            {
              rc = LIF_EDIVERGED;
              break;
            }
          /* a fresh one for each piece */
          budget = lif__crossing_budget (l->input, end - pos);
          tr.budget = &budget;
          if (lif__fires (p, s->V))
            t_spike = pos;
          else if (lif__trajectory_crossing (&tr, p->V_th, &at))
            t_spike = lif__min (pos + at, end);
          if (isnan (t_spike))
            {
              s->V = tr.v1;
              pos = end;
              continue;
            }
        }
      /* A spike at t_spike, in step spike_k of the clock. The spike limit
       * bounds the spikes of one step as it does in a stepped run: a
       * drive so strong that spikes come faster than the clock's steps
       * (or do not move time on at all) would otherwise fire without
       * end. */
      spike_k
          = k + lif__clock_steps_until (l->clock, k, t_spike, INT64_MAX - k);
      if (spike_k == last_k ? ++in_step > l->spike_limit
                            : (in_step = 1) > l->spike_limit)
        {
          rc = LIF_ESPIKELIMIT;
          break;
        }
      last_k = spike_k;
      if ((rc = l->emit (l->sink, spike_k, t_spike)) != LIF_OK)
        break;
      lif__fire (p, t_spike, 0, s);
      pos = t_spike;
    }
  *stop = pos;
  return rc;
}
