/*
 * The main demo: the teaching notebook's constant-current scenario (S1), once
 * in the notebook's own settings (forward Euler, dt = 0.01, spikes on the
 * grid, E_L = 0, reset to u_rest) and once as liblif does best (the exact
 * stepper with precise spike times), with the closed-form answer beside them.
 */
#include <lif.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_SPIKES 64

static void
check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, "demo: %s: %s\n", what, lif_strerror (status));
      exit (EXIT_FAILURE);
    }
}

/* Runs the scenario with one stepper and timing; returns the spike count and
 * fills times. */
static size_t
run_s1 (int stepper, int timing, double times[MAX_SPIKES])
{
  /* u_rest = 0.4 is both the reset and the start value; E_L = 0. */
  static const int params[]
      = { LIF_PARAM_E_L, LIF_PARAM_V_TH, LIF_PARAM_V_RESET, LIF_PARAM_V_0,
          LIF_PARAM_V,   LIF_PARAM_R,    LIF_PARAM_C,       LIF_PARAM_DT };
  static const double values[] = { 0.0, 5.0, 0.4, 0.4, 0.4, 6.4, 0.9, 0.01 };
  lif_neuron *n = NULL;
  lif_input *i0 = NULL;
  size_t count = 0;
  check (lif_neuron_new (&n), "creating the neuron");
  check (lif_neuron_set_many (n, params, values, 8), "setting parameters");
  check (lif_neuron_set_stepper (n, stepper), "choosing the stepper");
  check (lif_neuron_set_timing (n, timing), "choosing the timing");
  check (lif_input_new_constant (0.8, &i0), "making the input");
  check (lif_neuron_set_input (n, i0), "attaching the input");
  lif_input_free (i0); /* the neuron keeps it alive */
  check (lif_neuron_run (n, 100.0), "running");
  check (lif_neuron_copy_spikes (n, 0, times, MAX_SPIKES, &count),
         "reading spikes");
  lif_neuron_free (n);
  return count;
}

int
main (void)
{
  double euler[MAX_SPIKES], exact[MAX_SPIKES], isi = 0.0;
  size_t n_euler, n_exact, k;
  lif_neuron *ref = NULL;

  printf ("liblif %s: the integrate-and-fire notebook, scenario S1\n",
          lif_version_string ());
  printf ("constant current I0 = 0.8, R = 6.4, C = 0.9, theta = 5, "
          "u_rest = 0.4, t in [0, 100)\n\n");
  n_euler = run_s1 (LIF_STEPPER_EULER, LIF_TIMING_GRID, euler);
  n_exact = run_s1 (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, exact);

  /* The closed form: every interval is tau ln((u - V_reset) / (u - V_th)). */
  check (lif_neuron_new (&ref), "creating the reference");
  check (lif_neuron_set (ref, LIF_PARAM_R, 6.4), "R");
  check (lif_neuron_set (ref, LIF_PARAM_C, 0.9), "C");
  check (lif_neuron_set (ref, LIF_PARAM_E_L, 0.0), "E_L");
  check (lif_neuron_set (ref, LIF_PARAM_V_TH, 5.0), "V_th");
  check (lif_neuron_set (ref, LIF_PARAM_V_RESET, 0.4), "V_reset");
  check (lif_neuron_isi (ref, 0.8, &isi), "closed form");
  lif_neuron_free (ref);

  printf ("spike  notebook (Euler, grid)  liblif (exact, precise)  "
          "closed form   notebook error\n");
  for (k = 0; k < n_euler || k < n_exact; k++)
    {
      double want = (double)(k + 1) * isi;
      printf ("%5zu  %22.6f  %23.12f  %11.6f  %14.2e\n", k + 1,
              k < n_euler ? euler[k] : NAN, k < n_exact ? exact[k] : NAN, want,
              k < n_euler ? euler[k] - want : NAN);
    }
  printf ("\n%zu spikes with the notebook's Euler loop, %zu with liblif's "
          "exact stepper; exact interval %.6f.\n",
          n_euler, n_exact, isi);
  return n_euler == n_exact ? EXIT_SUCCESS : EXIT_FAILURE;
}
