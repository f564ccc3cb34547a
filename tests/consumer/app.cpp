// From C++ nothing changes: lif.h declares everything extern "C".
#include <lif.h>
#include <iostream>

int
main ()
{
  lif_neuron *neuron = 0;
  double rate = 0.0; // spikes per ms, from the closed form
  int status = lif_neuron_new (&neuron);
  if (status == LIF_OK)
    status = lif_neuron_rate (neuron, 2.0, &rate);
  lif_neuron_free (neuron);
  if (status != LIF_OK)
    {
      std::cerr << "liblif: " << lif_strerror (status) << '\n';
      return 1;
    }
  std::cout << "liblif " << lif_version_string () << ": " << 1000.0 * rate
            << " Hz at 2 nA\n";
  return 0;
}
