// The C++ side of tests/consumer.sh: lif.h included from C++ must declare
// the functions with C linkage, so that this program links against the
// installed C library with nothing but pkg-config's flags.
#include <lif.h>

#include <cstring>
#include <iostream>

namespace
{
// Frees the neuron however the scope is left, as C++ callers wrap it.
struct neuron_holder
{
  lif_neuron *neuron;
  neuron_holder () : neuron (0) {}
  ~neuron_holder () { lif_neuron_free (neuron); }

private:
  neuron_holder (const neuron_holder &);
  neuron_holder &operator= (const neuron_holder &);
};
}

int
main ()
{
  if (lif_version () != LIF_VERSION_HEX
      || std::strcmp (lif_version_string (), LIF_VERSION_STRING) != 0)
    {
      std::cerr << "consumer++: header " << LIF_VERSION_STRING
                << " but library " << lif_version_string () << '\n';
      return 1;
    }

  neuron_holder h;
  double isi = 0.0;
  int status = lif_neuron_new (&h.neuron);
  if (status == LIF_OK)
    status = lif_neuron_isi (h.neuron, 2.0, &isi);
  if (status != LIF_OK || !(isi > 0.0))
    {
      std::cerr << "consumer++: " << lif_strerror (status) << '\n';
      return 1;
    }

  std::cout << "liblif " << lif_version_string () << '\n';
  return 0;
}
