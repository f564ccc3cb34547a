/*
 * A C program as an embedding programmer writes it: it knows liblif only
 * through the installed lif.h and pkg-config. tests/consumer.sh builds it
 * against an installed copy of the library and checks what it prints.
 */
#include <lif.h>

#include <stdio.h>
#include <string.h>

int
main (void)
{
  lif_neuron *neuron = NULL;
  lif_input *input = NULL;
  size_t spikes = 0;
  int status;

  /* The library found at run time must be the one compiled against. */
  if (lif_version () != LIF_VERSION_HEX
      || strcmp (lif_version_string (), LIF_VERSION_STRING) != 0)
    {
      fprintf (stderr, "consumer: header %s but library %s\n",
               LIF_VERSION_STRING, lif_version_string ());
      return 1;
    }

  /* 100 ms of a constant 2 nA into the default neuron: it fires. */
  status = lif_neuron_new (&neuron);
  if (status == LIF_OK)
    status = lif_input_new_constant (2.0, &input);
  if (status == LIF_OK)
    status = lif_neuron_set_input (neuron, input);
  if (status == LIF_OK)
    status = lif_neuron_run (neuron, 100.0);
  if (status == LIF_OK)
    status = lif_neuron_spike_count (neuron, &spikes);
  lif_input_free (input);
  lif_neuron_free (neuron);
  if (status != LIF_OK || spikes == 0)
    {
      fprintf (stderr, "consumer: %s, %lu spikes\n", lif_strerror (status),
               (unsigned long)spikes);
      return 1;
    }

  printf ("liblif %s\n", lif_version_string ());
  return 0;
}
