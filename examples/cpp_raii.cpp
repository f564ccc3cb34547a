// liblif from C++: a small RAII wrapper.
//
// - Each liblif object lives in a std::unique_ptr whose deleter is the C
//   free function, so nothing leaks, even when an exception unwinds.
// - Every status code becomes an exception carrying lif_strerror()'s text.
// - Any callable (here a lambda with a capture) becomes an input current
//   through a trampoline: a plain function that receives the callable's
//   address as user_data and calls it.
//
// The run is the notebook's S1 neuron driven by a current that switches on
// at t = 10, checked against the closed form.
//
//   ./examples/cpp_raii
#include <lif.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace lif
{

// A liblif status as an exception.
class error : public std::runtime_error
{
public:
  error (int status, const std::string &what)
      : std::runtime_error (what + ": " + lif_strerror (status)),
        status_ (status)
  {
  }
  int status () const { return status_; }

private:
  int status_;
};

inline void
check (int status, const char *what)
{
  if (status != LIF_OK)
    throw error (status, what);
}

// The C free functions as deleters.
using input_ptr = std::unique_ptr<lif_input, decltype (&lif_input_free)>;
using neuron_ptr = std::unique_ptr<lif_neuron, decltype (&lif_neuron_free)>;

// An input current computed by any C++ callable double(double).
class function_input
{
public:
  explicit function_input (std::function<double (double)> f)
      : f_ (new std::function<double (double)> (std::move (f))),
        input_ (nullptr, lif_input_free)
  {
    lif_input *raw = nullptr;
    // The callable's address is the user_data; it lives on the heap, so
    // moving this object does not move it.
    check (lif_input_new_callback (&trampoline, f_.get (), &raw),
           "lif_input_new_callback");
    input_.reset (raw);
  }
  lif_input *get () const { return input_.get (); }

private:
  static double trampoline (double t, void *user_data)
  {
    // An exception must not cross the C library: report NaN instead, and
    // liblif stops the run with LIF_EINPUT.
    try
      {
        return (*static_cast<std::function<double (double)> *> (user_data)) (
            t);
      }
    catch (...)
      {
        return NAN;
      }
  }
  // Declared first, destroyed last: the input never outlives its callable.
  std::unique_ptr<std::function<double (double)> > f_;
  input_ptr input_;
};

class neuron
{
public:
  neuron () : n_ (nullptr, lif_neuron_free)
  {
    lif_neuron *raw = nullptr;
    check (lif_neuron_new (&raw), "lif_neuron_new");
    n_.reset (raw);
  }
  neuron &set (int param, double value)
  {
    check (lif_neuron_set (n_.get (), param, value), lif_param_name (param));
    return *this;
  }
  neuron &stepper (int s)
  {
    check (lif_neuron_set_stepper (n_.get (), s), "lif_neuron_set_stepper");
    return *this;
  }
  // The neuron keeps the C input alive, but not a function_input's
  // callable: keep the function_input for as long as the neuron runs.
  neuron &input (const function_input &in)
  {
    check (lif_neuron_set_input (n_.get (), in.get ()),
           "lif_neuron_set_input");
    return *this;
  }
  void run (double duration)
  {
    check (lif_neuron_run (n_.get (), duration), "lif_neuron_run");
  }
  std::vector<double> spikes () const
  {
    size_t count = 0, copied = 0;
    check (lif_neuron_spike_count (n_.get (), &count),
           "lif_neuron_spike_count");
    std::vector<double> t (count);
    check (lif_neuron_copy_spikes (n_.get (), 0, t.data (), count, &copied),
           "lif_neuron_copy_spikes");
    t.resize (copied);
    return t;
  }
  double isi (double current) const
  {
    double v = 0.0;
    check (lif_neuron_isi (n_.get (), current, &v), "lif_neuron_isi");
    return v;
  }

private:
  neuron_ptr n_;
};

} // namespace lif

int
main ()
{
  try
    {
      const double onset = 10.0, level = 0.8;
      int calls = 0;
      // A lambda with state: a step of `level` at `onset`, counting calls.
      lif::function_input step ([&] (double t) {
        ++calls;
        return t < onset ? 0.0 : level;
      });
      lif::neuron n;
      n.set (LIF_PARAM_R, 6.4)
          .set (LIF_PARAM_C, 0.9)
          .set (LIF_PARAM_E_L, 0.0)
          .set (LIF_PARAM_V_TH, 5.0)
          .set (LIF_PARAM_V_RESET, 0.4)
          .set (LIF_PARAM_V_0, 0.4)
          .set (LIF_PARAM_V, 0.4)
          .set (LIF_PARAM_DT, 0.01)
          .input (step);
      n.run (100.0);

      // The neuron rests at E_L = 0 from 0.4 until the onset, then fires
      // every isi; the first spike starts from V(onset), not from u_rest.
      std::vector<double> t = n.spikes ();
      const double isi = n.isi (level);
      std::printf ("C++ RAII: %zu spikes, the callback ran %d times\n",
                   t.size (), calls);
      double worst = 0.0;
      for (size_t k = 1; k < t.size (); k++)
        {
          std::printf ("  interval %zu: %.9f (closed form %.9f)\n", k,
                       t[k] - t[k - 1], isi);
          worst = std::fmax (worst, std::fabs (t[k] - t[k - 1] - isi));
        }
      std::printf ("  largest interval error %.3e\n", worst);

      // Errors arrive as exceptions with liblif's message.
      try
        {
          n.set (LIF_PARAM_DT, -1.0);
          std::printf ("a negative dt was accepted\n");
          return 1;
        }
      catch (const lif::error &e)
        {
          std::printf ("refused as it should be: %s (%s)\n", e.what (),
                       lif_error_name (e.status ()));
        }
      return t.size () >= 3 && worst < 1e-6 ? 0 : 1;
    }
  catch (const std::exception &e)
    {
      std::fprintf (stderr, "cpp_raii: %s\n", e.what ());
      return 1;
    }
}
