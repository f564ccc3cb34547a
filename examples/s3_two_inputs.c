/*
 * Scenario S3 of the teaching notebook: two input currents at once.
 *
 * I1 = 1.0 and I2 = 1.3 drive a neuron with R = 3.3, C = 1 (tau = 3.3),
 * threshold theta = 7.5 and u_rest = 0.2 for t in [0, 100). liblif adds
 * inputs with lif_input_new_sum(), which keeps its terms alive, so the two
 * handles can be freed as soon as the sum exists. R (I1 + I2) = 7.59 is just
 * above theta, so the neuron fires slowly and regularly, with the interval
 * tau ln((R I - u_rest) / (R I - theta)).
 *
 *   ./examples/s3_two_inputs [--csv PREFIX]
 */
#include "example_io.h"

#include <stdio.h>
#include <stdlib.h>

#define R 3.3
#define C 1.0
#define THETA 7.5
#define U_REST 0.2
#define I1 1.0
#define I2 1.3
#define DURATION 100.0

static double *
run (int stepper, int timing, const char *csv, size_t *count)
{
  lif_neuron *n = ex_notebook_neuron (R, C, THETA, U_REST, stepper, timing);
  lif_input *terms[2] = { NULL, NULL }, *sum = NULL;
  char name[32];
  double *spikes;

  ex_check (lif_input_new_constant (I1, &terms[0]), "lif_input_new_constant");
  ex_check (lif_input_new_constant (I2, &terms[1]), "lif_input_new_constant");
  /* NULL weights: I(t) = I1(t) + I2(t). */
  ex_check (lif_input_new_sum (terms, NULL, 2, &sum), "lif_input_new_sum");
  lif_input_free (terms[0]);
  lif_input_free (terms[1]);
  ex_check (lif_neuron_set_input (n, sum), "lif_neuron_set_input");

  snprintf (name, sizeof name, "%s-%s", lif_stepper_name (stepper),
            lif_timing_name (timing));
  ex_run (n, sum, DURATION, csv, name);
  lif_input_free (sum);
  spikes = ex_spikes (n, count);
  lif_neuron_free (n);
  return spikes;
}

/* The mean interval between the first and the last spike. */
static double
mean_interval (const double *t, size_t count)
{
  return count > 1 ? (t[count - 1] - t[0]) / (double)(count - 1) : 0.0;
}

int
main (int argc, char **argv)
{
  const char *csv = ex_options (
      argc, argv, "The notebook's scenario S3: two constant input currents.");
  lif_neuron *ref = ex_notebook_neuron (R, C, THETA, U_REST, LIF_STEPPER_EXACT,
                                        LIF_TIMING_PRECISE);
  double isi = 0.0, *euler, *exact;
  size_t n_euler, n_exact;

  ex_check (lif_neuron_isi (ref, I1 + I2, &isi), "lif_neuron_isi");
  lif_neuron_free (ref);
  euler = run (LIF_STEPPER_EULER, LIF_TIMING_GRID, csv, &n_euler);
  exact = run (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, csv, &n_exact);

  printf ("S3 two inputs: I1 + I2 = %g + %g, R = %g, C = %g, theta = %g, "
          "u_rest = %g, t in [0, %g)\n",
          I1, I2, R, C, THETA, U_REST, DURATION);
  ex_print_spikes ("euler/grid", euler, n_euler, 8);
  ex_print_spikes ("exact/precise", exact, n_exact, 8);
  printf ("  mean interval            euler/grid %.6f, exact/precise %.9f\n"
          "  closed-form interval     %.9f\n",
          mean_interval (euler, n_euler), mean_interval (exact, n_exact), isi);
  if (n_euler == n_exact)
    printf ("  notebook error           %.3e (largest, over the spikes)\n",
            ex_max_diff (euler, exact, n_euler));
  free (exact);
  free (euler);
  return n_euler == n_exact ? EXIT_SUCCESS : EXIT_FAILURE;
}
