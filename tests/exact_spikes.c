/*
 * Spike times of the exact stepper in precise timing under built-in inputs
 * that vary (TAP), against the exact times from the classical solution in
 * 40 digits (tests/reference/exact_spikes.h, from
 * tests/reference/exact_spikes.py), through the public API:
 *
 *  - every spike within 1e-11 ms of the reference, at dt 0.01, 0.1, 1 and
 *    10 ms alike, so that the spike times do not depend on dt: lone
 *    neurons, the members of a batch (one and two threads), and lone
 *    neurons run event to event (lif_neuron_run_events);
 *  - the made-up scenarios (*_peak) rise above the threshold and fall back
 *    within a few milliseconds: grid timing at dt 10 misses spikes there,
 *    which shows they hide between grid points; precise timing finds every
 *    one (the certificate of lib/crossing.c).
 */
#include "reference/exact_spikes.h"
#include "tap.h"

#include <math.h>
#include <string.h>

#define BOUND 1e-11
#define MAX_SPIKES 512
#define MEMBERS 3

static lif_input *
term_input (const struct exact_term *t)
{
  lif_input *in = NULL;
  switch (t->kind)
    {
    case TERM_SINE:
      must (lif_input_new_sine (t->c[0], t->c[1], t->c[2], t->c[3], &in),
            "sine");
      break;
    case TERM_DECAY:
      must (lif_input_new_exp_decay (t->c[0], t->c[1], t->c[2], &in),
            "exp_decay");
      break;
    default:
      must (lif_input_new_table (t->c, t->c + t->n, (size_t)t->n,
                                 LIF_INTERP_LINEAR, &in),
            "table");
      break;
    }
  return in;
}

/* The scenario's input: its one term, or their sum. */
static lif_input *
scenario_input (const struct exact_scenario *sc)
{
  lif_input *terms[4], *sum;
  const double ones[4] = { 1.0, 1.0, 1.0, 1.0 };
  int i;
  if (sc->n_terms == 1)
    return term_input (&sc->terms[0]);
  for (i = 0; i < sc->n_terms; i++)
    terms[i] = term_input (&sc->terms[i]);
  must (lif_input_new_sum (terms, ones, (size_t)sc->n_terms, &sum), "sum");
  for (i = 0; i < sc->n_terms; i++)
    lif_input_free (terms[i]);
  return sum;
}

/* The scenario's neuron: R, C, E_L, V_th, V_reset. */
static const int neuron_params[5] = { LIF_PARAM_R, LIF_PARAM_C, LIF_PARAM_E_L,
                                      LIF_PARAM_V_TH, LIF_PARAM_V_RESET };

static const double *
neuron_values (const struct exact_scenario *sc, double *values)
{
  values[0] = sc->R;
  values[1] = sc->C;
  values[2] = sc->E_L;
  values[3] = sc->V_th;
  values[4] = sc->V_reset;
  return values;
}

static int
set_neuron (lif_neuron *n, const struct exact_scenario *sc)
{
  double values[5];
  return lif_neuron_set_many (n, neuron_params, neuron_values (sc, values), 5);
}

/* The spikes of a lone neuron, stepped in this timing mode (or run event
 * to event: timing -1); returns their count. */
static size_t
neuron_spikes (const struct exact_scenario *sc, int timing, double dt,
               double *times)
{
  lif_input *in = scenario_input (sc);
  lif_neuron *n;
  size_t count, copied;
  must (lif_neuron_new (&n), "neuron");
  must (lif_neuron_set_timing (n, timing < 0 ? LIF_TIMING_PRECISE : timing),
        "timing");
  must (set_neuron (n, sc), "neuron");
  must (lif_neuron_set (n, LIF_PARAM_T_REF, sc->t_ref), "t_ref");
  must (lif_neuron_set (n, LIF_PARAM_DT, dt), "dt");
  must (lif_neuron_set (n, LIF_PARAM_V, sc->v0), "V");
  must (lif_neuron_set_input (n, in), "input");
  must (timing < 0 ? lif_neuron_run_events (n, sc->duration)
                   : lif_neuron_run (n, sc->duration),
        "run");
  must (lif_neuron_spike_count (n, &count), "count");
  must (lif_neuron_copy_spikes (n, 0, times, MAX_SPIKES, &copied), "copy");
  lif_neuron_free (n);
  lif_input_free (in);
  return count;
}

/* The spikes of member `which` of a batch of identical members. */
static size_t
member_spikes (const struct exact_scenario *sc, double dt, int threads,
               size_t which, double *times)
{
  lif_input *in = scenario_input (sc);
  lif_batch *b;
  size_t idx[MEMBERS * MAX_SPIKES], copied, i, count = 0;
  double t[MEMBERS * MAX_SPIKES], values[5];
  must (lif_batch_new (MEMBERS, &b), "batch");
  neuron_values (sc, values);
  for (i = 0; i < 5; i++) /* in this order V_th stays above V_reset */
    must (lif_batch_set (b, neuron_params[i], values[i]), "neuron");
  must (lif_batch_set (b, LIF_PARAM_T_REF, sc->t_ref), "t_ref");
  must (lif_batch_set (b, LIF_PARAM_DT, dt), "dt");
  must (lif_batch_set (b, LIF_PARAM_V, sc->v0), "V");
  must (lif_batch_set_threads (b, threads), "threads");
  must (lif_batch_set_input (b, in), "input");
  must (lif_batch_run (b, sc->duration), "run");
  must (lif_batch_copy_spikes (b, 0, idx, t, MEMBERS * MAX_SPIKES, &copied),
        "copy");
  for (i = 0; i < copied; i++)
    if (idx[i] == which && count < MAX_SPIKES)
      times[count++] = t[i];
  lif_batch_free (b);
  lif_input_free (in);
  return count;
}

/* The largest distance of times[] from the reference, or infinity when the
 * counts differ. */
static double
worst_error (const struct exact_scenario *sc, const double *times,
             size_t count)
{
  double worst = 0.0;
  size_t i;
  if (count != (size_t)sc->n_spikes || count > MAX_SPIKES)
    return INFINITY;
  for (i = 0; i < count; i++)
    worst = fmax (worst, fabs (times[i] - sc->spikes[i]));
  return worst;
}

int
main (void)
{
  static const double dts[] = { 0.01, 0.1, 1.0, 10.0 };
  char what[240];
  double times[MAX_SPIKES];
  size_t s, j, count;
  for (s = 0; s < sizeof exact_scenarios / sizeof exact_scenarios[0]; s++)
    {
      const struct exact_scenario *sc = &exact_scenarios[s];
      for (j = 0; j < sizeof dts / sizeof dts[0]; j++)
        {
          double e;
          count = neuron_spikes (sc, LIF_TIMING_PRECISE, dts[j], times);
          e = worst_error (sc, times, count);
          snprintf (what, sizeof what,
                    "%s, dt %g: %zu of %d spikes, worst %.3g ms off the "
                    "exact times (bound %g)",
                    sc->name, dts[j], count, sc->n_spikes, e, BOUND);
          tap (e <= BOUND, what);
        }
      {
        double e;
        count = neuron_spikes (sc, -1, 0.1, times);
        e = worst_error (sc, times, count);
        snprintf (what, sizeof what,
                  "%s, event-driven: %zu of %d spikes, worst %.3g ms off "
                  "the exact times (bound %g)",
                  sc->name, count, sc->n_spikes, e, BOUND);
        tap (e <= BOUND, what);
      }
      for (j = 2; j < sizeof dts / sizeof dts[0]; j++)
        {
          int threads;
          for (threads = 1; threads <= 2; threads++)
            {
              double e;
              count = member_spikes (sc, dts[j], threads, MEMBERS - 1, times);
              e = worst_error (sc, times, count);
              snprintf (what, sizeof what,
                        "%s, batch member, dt %g, %d thread(s): %zu of %d "
                        "spikes, worst %.3g ms off (bound %g)",
                        sc->name, dts[j], threads, count, sc->n_spikes, e,
                        BOUND);
              tap (e <= BOUND, what);
            }
        }
      if (strstr (sc->name, "_peak"))
        {
          count = neuron_spikes (sc, LIF_TIMING_GRID, 10.0, times);
          snprintf (what, sizeof what,
                    "%s: grid timing at dt 10 sees %zu of the %d spikes, "
                    "which hide between its points",
                    sc->name, count, sc->n_spikes);
          tap (count < (size_t)sc->n_spikes, what);
        }
    }
  printf ("1..%d\n", test_number);
  return failures != 0;
}
