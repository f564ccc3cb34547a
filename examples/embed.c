/*
 * The smallest complete liblif program: a neuron with liblif's default
 * parameters (mV, ms, nA, MOhm, nF) driven by a constant 2 nA for 100 ms,
 * its spike times, and the closed form they should match.
 *
 * Build it against an installed liblif with
 *   cc -std=c99 embed.c $(pkg-config --cflags --libs liblif) -o embed
 */
#include <lif.h>

#include <stdio.h>
#include <stdlib.h>

/* Stops on any error, with liblif's message. */
static void
check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, "%s: %s\n", what, lif_strerror (status));
      exit (EXIT_FAILURE);
    }
}

int
main (void)
{
  lif_neuron *neuron = NULL;
  lif_input *current = NULL;
  double spikes[64], isi = 0.0;
  size_t count = 0, k;

  // [setup]
  check (lif_neuron_new (&neuron), "lif_neuron_new");
  check (lif_neuron_set (neuron, LIF_PARAM_T_REF, 2.0), "t_ref");
  check (lif_neuron_set_stepper (neuron, LIF_STEPPER_EXACT), "stepper");
  check (lif_neuron_set_timing (neuron, LIF_TIMING_PRECISE), "timing");
  check (lif_input_new_constant (2.0, &current), "lif_input_new_constant");
  check (lif_neuron_set_input (neuron, current), "lif_neuron_set_input");
  lif_input_free (current); /* the neuron holds its own reference */
  // [setup]

  // [run]
  check (lif_neuron_run (neuron, 100.0), "lif_neuron_run");
  check (lif_neuron_copy_spikes (neuron, 0, spikes, 64, &count),
         "lif_neuron_copy_spikes");
  // [run]

  check (lif_neuron_isi (neuron, 2.0, &isi), "lif_neuron_isi");
  printf ("liblif %s: %zu spikes in 100 ms at 2 nA; closed-form interval "
          "%.9f ms\n",
          lif_version_string (), count, isi);
  for (k = 0; k < count; k++)
    printf ("  spike %zu at %.9f ms\n", k + 1, spikes[k]);
  lif_neuron_free (neuron);
  return EXIT_SUCCESS;
}
