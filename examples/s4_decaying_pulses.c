/*
 * Scenario S4 of the teaching notebook: decaying current pulses of
 * different strengths and durations.
 *
 * I(t) = I_peak exp(-t / tau_I) drives a neuron with R = 5, C = 0.5
 * (tau = 2.5), threshold theta = 5 and u_rest = 0 for t in [0, 100), in
 * the notebook's four cases (I_peak, tau_I) = (10, 10), (1, 100), (10, 100)
 * and (1, 10). A strong pulse fires a burst that slows down as the current
 * decays, and stops once R I(t) has fallen below theta; a weak pulse
 * (R I_peak = theta) never lifts V to the threshold.
 *
 * Each case runs three ways:
 *   euler/grid     liblif's forward Euler, dt = 0.01, spikes on the grid,
 *                  I sampled at the start of each step;
 *   notebook       the same with I sampled at the end of each step, as the
 *                  notebook's loop does: liblif gets that by switching the
 *                  input on one step early (onset -dt), which shifts it one
 *                  step ahead;
 *   exact/precise  the exact stepper with precise spike times (the current
 *                  is not constant over a step, so here the exact stepper
 *                  is second order, not exact).
 *
 *   ./examples/s4_decaying_pulses [--csv PREFIX]
 */
#include "example_io.h"

#include <stdio.h>
#include <stdlib.h>

#define R 5.0
#define C 0.5
#define THETA 5.0
#define U_REST 0.0
#define DT 0.01
#define DURATION 100.0

/* Runs one case one way; prints a line, and the first and last interval
 * when there are any. Returns the spike count. */
static size_t
run (double peak, double tau_i, int stepper, int timing, double onset,
     const char *label, const char *csv)
{
  lif_neuron *n = ex_notebook_neuron (R, C, THETA, U_REST, stepper, timing);
  lif_input *in = NULL;
  double *spikes, v_max;
  size_t count;
  char name[64];

  ex_check (lif_input_new_exp_decay (peak, tau_i, onset, &in),
            "lif_input_new_exp_decay");
  ex_check (lif_neuron_set_input (n, in), "lif_neuron_set_input");
  snprintf (name, sizeof name, "peak%g-tau%g-%s", peak, tau_i, label);
  v_max = ex_run (n, in, DURATION, csv, name);
  lif_input_free (in);

  spikes = ex_spikes (n, &count);
  ex_print_spikes (label, spikes, count, 4);
  if (count >= 3)
    printf ("  %-22s intervals from %.6f to %.6f, last spike %.6f\n", "",
            spikes[1] - spikes[0], spikes[count - 1] - spikes[count - 2],
            spikes[count - 1]);
  else if (count == 0)
    printf ("  %-22s largest V %.6f, below theta = %g\n", "", v_max, THETA);
  free (spikes);
  lif_neuron_free (n);
  return count;
}

int
main (int argc, char **argv)
{
  const char *csv = ex_options (
      argc, argv, "The notebook's scenario S4: decaying current pulses.");
  static const double cases[4][2]
      = { { 10.0, 10.0 }, { 1.0, 100.0 }, { 10.0, 100.0 }, { 1.0, 10.0 } };
  size_t k;

  printf ("S4 decaying pulses: I(t) = I_peak exp(-t / tau_I), R = %g, "
          "C = %g, theta = %g, u_rest = %g, t in [0, %g)\n",
          R, C, THETA, U_REST, DURATION);
  for (k = 0; k < 4; k++)
    {
      double peak = cases[k][0], tau_i = cases[k][1];
      printf ("I_peak = %g, tau_I = %g\n", peak, tau_i);
      run (peak, tau_i, LIF_STEPPER_EULER, LIF_TIMING_GRID, 0.0, "euler/grid",
           csv);
      run (peak, tau_i, LIF_STEPPER_EULER, LIF_TIMING_GRID, -DT, "notebook",
           csv);
      run (peak, tau_i, LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, 0.0,
           "exact/precise", csv);
    }
  return EXIT_SUCCESS;
}
