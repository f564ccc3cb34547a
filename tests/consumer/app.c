/* One neuron, 100 ms of a constant 2 nA input: how many spikes? */
#include <lif.h>
#include <stdio.h>

int
main (void)
{
  lif_neuron *neuron = NULL;
  lif_input *input = NULL;
  size_t spikes = 0;
  int status = lif_neuron_new (&neuron); /* default parameters, mV/ms/nA */
  if (status == LIF_OK)
    status = lif_input_new_constant (2.0, &input);
  if (status == LIF_OK)
    status = lif_neuron_set_input (neuron, input);
  lif_input_free (input); /* the neuron keeps its own reference */
  if (status == LIF_OK)
    status = lif_neuron_run (neuron, 100.0);
  if (status == LIF_OK)
    status = lif_neuron_spike_count (neuron, &spikes);
  lif_neuron_free (neuron);
  if (status != LIF_OK)
    {
      fprintf (stderr, "liblif: %s\n", lif_strerror (status));
      return 1;
    }
  printf ("liblif %s: %lu spikes in 100 ms\n", lif_version_string (),
          (unsigned long)spikes);
  return 0;
}
