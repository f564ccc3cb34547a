/*
 * Your own input current, and your own code on every spike, each with its
 * own state passed through a user_data pointer.
 *
 * The current is a chirp: a sine whose frequency sweeps from f0 to f1 over
 * the run, riding on an offset just below the rheobase. liblif has no
 * built-in chirp, so we give it a function, double f(double t, void *), and
 * a pointer to the chirp's parameters. The membrane (tau = 10 ms) follows the
 * slow start of the sweep and fires, then smooths the fast end away and
 * falls silent: the neuron is a low-pass filter.
 *
 * The spike callback, void g(double t, void *), receives every spike as it
 * happens, in time order, and keeps statistics in a struct of ours: nothing
 * has to be stored or copied out afterwards.
 *
 * Units: liblif's defaults, mV, ms, nA, MOhm, nF (frequencies in kHz).
 *
 *   ./examples/callback [--csv PREFIX]
 */
#include "example_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const double two_pi = 6.283185307179586;

/* What the current callback needs: its parameters, and a call counter. */
struct chirp
{
  double offset;    /* nA */
  double amplitude; /* nA */
  double f0, f1;    /* kHz, at t = 0 and at t = duration */
  double duration;  /* ms */
  unsigned long calls;
};

/* I(t) = offset + amplitude sin(2 pi (f0 t + (f1 - f0) t^2 / (2 T))): the
 * instantaneous frequency goes linearly from f0 to f1. liblif may call this
 * several times per step and more than once with the same t, so it must be
 * a function of t alone (the counter is only bookkeeping). */
static double
chirp_current (double t, void *user_data)
{
  struct chirp *c = user_data;
  double phase
      = two_pi * (c->f0 * t + (c->f1 - c->f0) * t * t / (2.0 * c->duration));
  c->calls++;
  return c->offset + c->amplitude * sin (phase);
}

/* What the spike callback collects. */
struct spike_stats
{
  size_t count;
  double first, last;      /* ms */
  double min_isi, max_isi; /* ms */
};

static void
on_spike (double t, void *user_data)
{
  struct spike_stats *s = user_data;
  if (s->count == 0)
    s->first = t;
  else
    {
      double isi = t - s->last;
      if (s->count == 1 || isi < s->min_isi)
        s->min_isi = isi;
      if (s->count == 1 || isi > s->max_isi)
        s->max_isi = isi;
    }
  s->last = t;
  s->count++;
}

int
main (int argc, char **argv)
{
  const char *csv = ex_options (
      argc, argv,
      "A chirp current from a user callback, spike statistics from another.");
  struct chirp chirp = { 1.4, 0.6, 0.005, 0.1, 1000.0, 0 };
  struct spike_stats stats = { 0, 0.0, 0.0, 0.0, 0.0 };
  lif_neuron *n = NULL;
  lif_input *in = NULL;
  double rheobase = 0.0;
  size_t recorded = 0;

  ex_check (lif_neuron_new (&n), "lif_neuron_new");
  ex_check (lif_neuron_set (n, LIF_PARAM_T_REF, 2.0), "lif_neuron_set");
  ex_check (lif_neuron_set_stepper (n, LIF_STEPPER_RK4),
            "lif_neuron_set_stepper");
  /* chirp must stay valid as long as a neuron uses the input: here it
   * lives in main's frame until the end. */
  ex_check (lif_input_new_callback (chirp_current, &chirp, &in),
            "lif_input_new_callback");
  ex_check (lif_neuron_set_input (n, in), "lif_neuron_set_input");
  ex_check (lif_neuron_set_spike_callback (n, on_spike, &stats),
            "lif_neuron_set_spike_callback");
  ex_check (lif_neuron_rheobase (n, &rheobase), "lif_neuron_rheobase");

  ex_run (n, in, chirp.duration, csv, "chirp");
  lif_input_free (in);
  ex_check (lif_neuron_spike_count (n, &recorded), "lif_neuron_spike_count");

  printf ("chirp: %g + %g sin(...) nA, %g to %g kHz over %g ms; rheobase %g "
          "nA\n",
          chirp.offset, chirp.amplitude, chirp.f0, chirp.f1, chirp.duration,
          rheobase);
  printf ("  stepper %s, %s timing, t_ref 2 ms: the current callback ran "
          "%lu times\n",
          lif_stepper_name (LIF_STEPPER_RK4),
          lif_timing_name (LIF_TIMING_PRECISE), chirp.calls);
  printf ("  spikes seen by the callback %zu, recorded by the neuron %zu\n",
          stats.count, recorded);
  if (stats.count > 1)
    printf ("  first spike %.6f ms, last spike %.6f ms\n"
            "  shortest interval %.6f ms, longest %.6f ms\n"
            "  instantaneous frequency at the last spike %.6f kHz\n",
            stats.first, stats.last, stats.min_isi, stats.max_isi,
            chirp.f0 + (chirp.f1 - chirp.f0) * stats.last / chirp.duration);
  lif_neuron_free (n);
  return stats.count == recorded ? EXIT_SUCCESS : EXIT_FAILURE;
}
