/*
 * Scenario S1 of the teaching notebook: a constant input current.
 *
 * I0 = 0.8 drives a neuron with R = 6.4, C = 0.9 (tau = 5.76), threshold
 * theta = 5 and u_rest = 0.4 (reset and start value) for t in [0, 100).
 * The neuron fires regularly, and for a constant current the interval
 * between spikes has a closed form, tau ln((u - u_rest) / (u - theta)) with
 * u = R I0, so we can say exactly how wrong each method is.
 *
 * The run is done twice: as the notebook does it (forward Euler, dt = 0.01,
 * spikes on the grid) and as liblif does it best (the exact stepper with
 * precise spike times).
 *
 *   ./examples/s1_constant [--csv PREFIX]
 */
#include "example_io.h"

#include <stdio.h>
#include <stdlib.h>

#define R 6.4
#define C 0.9
#define THETA 5.0
#define U_REST 0.4
#define I0 0.8
#define DURATION 100.0

/* Runs S1 with one stepper and timing mode and returns its spike times. */
static double *
run (int stepper, int timing, const char *csv, size_t *count)
{
  lif_neuron *n = ex_notebook_neuron (R, C, THETA, U_REST, stepper, timing);
  lif_input *in = NULL;
  char name[32];
  double *spikes;

  ex_check (lif_input_new_constant (I0, &in), "lif_input_new_constant");
  ex_check (lif_neuron_set_input (n, in), "lif_neuron_set_input");
  snprintf (name, sizeof name, "%s-%s", lif_stepper_name (stepper),
            lif_timing_name (timing));
  ex_run (n, in, DURATION, csv, name);
  lif_input_free (in); /* the neuron held it while it ran */
  spikes = ex_spikes (n, count);
  lif_neuron_free (n);
  return spikes;
}

int
main (int argc, char **argv)
{
  const char *csv = ex_options (
      argc, argv, "The notebook's scenario S1: a constant input current.");
  lif_neuron *ref = ex_notebook_neuron (R, C, THETA, U_REST, LIF_STEPPER_EXACT,
                                        LIF_TIMING_PRECISE);
  double isi = 0.0, *euler, *exact, *closed;
  size_t n_euler, n_exact, k;

  /* The closed form, from the same parameters. */
  ex_check (lif_neuron_isi (ref, I0, &isi), "lif_neuron_isi");
  lif_neuron_free (ref);

  euler = run (LIF_STEPPER_EULER, LIF_TIMING_GRID, csv, &n_euler);
  exact = run (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, csv, &n_exact);
  closed = malloc ((n_exact + 1) * sizeof *closed);
  if (closed == NULL)
    return EXIT_FAILURE;
  for (k = 0; k < n_exact; k++)
    closed[k] = (double)(k + 1) * isi;

  printf ("S1 constant current: I0 = %g, R = %g, C = %g, theta = %g, "
          "u_rest = %g, t in [0, %g)\n",
          I0, R, C, THETA, U_REST, DURATION);
  ex_print_spikes ("euler/grid", euler, n_euler, 8);
  ex_print_spikes ("exact/precise", exact, n_exact, 8);
  printf ("  closed-form interval     %.9f\n", isi);
  if (n_euler == n_exact)
    printf ("  notebook error           %.3e (largest, over the spikes)\n"
            "  liblif error             %.3e\n",
            ex_max_diff (euler, closed, n_euler),
            ex_max_diff (exact, closed, n_exact));
  free (closed);
  free (exact);
  free (euler);
  return n_euler == n_exact ? EXIT_SUCCESS : EXIT_FAILURE;
}
