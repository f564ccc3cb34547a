/*
 * Scenario S2 of the teaching notebook: a sinusoidal input current.
 *
 * I(t) = I_max sin(2 pi f t) with f = 0.1 drives a neuron with R = 5,
 * C = 0.5 (tau = 2.5), threshold theta = 5 and u_rest = 0 for t in
 * [0, 100). At the notebook's default I_max = 1 the membrane only
 * oscillates below threshold; at I_max = 3 it fires two spikes on every
 * cycle's upswing.
 *
 * Why: the membrane filters the sine. Once the start has died out,
 * V oscillates with amplitude R I_max / sqrt(1 + (2 pi f tau)^2), so it
 * reaches theta only when I_max > theta sqrt(1 + (2 pi f tau)^2) / R.
 *
 * Each amplitude runs three ways:
 *   euler/grid     liblif's forward Euler, dt = 0.01, spikes on the grid;
 *                  like every standard Euler it samples I at the start of a
 *                  step.
 *   notebook       the same, but with I sampled at the end of each step, as
 *                  the notebook's loop does. liblif reproduces that by
 *                  shifting the input one step ahead: the phase becomes
 *                  2 pi f dt.
 *   exact/precise  liblif's exact stepper with precise spike times.
 *
 *   ./examples/s2_sine [--csv PREFIX]
 */
#include "example_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define R 5.0
#define C 0.5
#define THETA 5.0
#define U_REST 0.0
#define FREQ 0.1
#define DT 0.01
#define DURATION 100.0

static const double two_pi = 6.283185307179586;

/* Runs S2 at one amplitude; phase shifts the sine (0, or one step ahead for
 * the notebook's sampling). Prints a line and returns the spike count. */
static size_t
run (double i_max, int stepper, int timing, double phase, const char *label,
     const char *csv)
{
  lif_neuron *n = ex_notebook_neuron (R, C, THETA, U_REST, stepper, timing);
  lif_input *in = NULL;
  double *spikes, v_max;
  size_t count;
  char name[64];

  /* offset 0, amplitude i_max, frequency FREQ, phase */
  ex_check (lif_input_new_sine (0.0, i_max, FREQ, phase, &in),
            "lif_input_new_sine");
  ex_check (lif_neuron_set_input (n, in), "lif_neuron_set_input");
  snprintf (name, sizeof name, "imax%g-%s", i_max, label);
  v_max = ex_run (n, in, DURATION, csv, name);
  lif_input_free (in);

  spikes = ex_spikes (n, &count);
  ex_print_spikes (label, spikes, count, 5);
  if (count == 0)
    printf ("  %-22s largest V %.6f, below theta = %g\n", "", v_max, THETA);
  free (spikes);
  lif_neuron_free (n);
  return count;
}

int
main (int argc, char **argv)
{
  const char *csv = ex_options (
      argc, argv, "The notebook's scenario S2: a sinusoidal input current.");
  static const double amplitudes[] = { 1.0, 3.0 };
  const double tau = R * C;
  const double gain = sqrt (1.0 + pow (two_pi * FREQ * tau, 2.0));
  size_t k;

  printf ("S2 sine current: I(t) = I_max sin(2 pi %g t), R = %g, C = %g, "
          "theta = %g, u_rest = %g, t in [0, %g)\n",
          FREQ, R, C, THETA, U_REST, DURATION);
  printf ("  once the start has died out, V oscillates with amplitude "
          "R I_max / %.6f,\n  which reaches theta for I_max > %.6f\n",
          gain, THETA * gain / R);
  for (k = 0; k < sizeof amplitudes / sizeof amplitudes[0]; k++)
    {
      printf ("I_max = %g\n", amplitudes[k]);
      run (amplitudes[k], LIF_STEPPER_EULER, LIF_TIMING_GRID, 0.0,
           "euler/grid", csv);
      run (amplitudes[k], LIF_STEPPER_EULER, LIF_TIMING_GRID,
           two_pi * FREQ * DT, "notebook", csv);
      run (amplitudes[k], LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, 0.0,
           "exact/precise", csv);
    }
  return EXIT_SUCCESS;
}
