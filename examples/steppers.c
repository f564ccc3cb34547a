/*
 * The four steppers and the two spike-timing modes, side by side, on the
 * same neuron and input: how far their spike times are from the truth, and
 * how fast that error shrinks as dt does (the observed order of
 * convergence: halving dt divides an order-p error by 2^p).
 *
 * Table 1: the notebook's S1 neuron and constant current, with a refractory
 * period t_ref = 1 added, against the closed form: the first spike comes at
 * T = tau ln((u - u_rest) / (u - theta)), u = R I0, and every next one
 * t_ref + T later.
 *
 * Table 2: the S2 sine at I_max = 3, which no closed form solves, against
 * RK4 with precise timing at dt = 1e-4.
 *
 * The error of a run is the largest |t_k - t_k(true)| over its spikes; a
 * run with a different number of spikes than the truth shows "count".
 * The order is the least-squares slope of log(error) against log(dt).
 *
 *   ./examples/steppers [--csv PREFIX]     (CSV: the table, PREFIX-table.csv)
 */
#include "example_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N_DT 5
#define DURATION 100.0
#define T_REF 1.0

static const double dts[N_DT] = { 0.1, 0.05, 0.025, 0.0125, 0.00625 };

enum drive
{
  CONSTANT, /* S1: R 6.4, C 0.9, theta 5, u_rest 0.4, I0 0.8, t_ref 1 */
  SINE      /* S2: R 5, C 0.5, theta 5, u_rest 0, 3 sin(2 pi 0.1 t) */
};

static lif_neuron *
make_neuron (enum drive drive, int stepper, int timing, double dt)
{
  lif_neuron *n;
  lif_input *in = NULL;
  if (drive == CONSTANT)
    {
      n = ex_notebook_neuron (6.4, 0.9, 5.0, 0.4, stepper, timing);
      ex_check (lif_neuron_set (n, LIF_PARAM_T_REF, T_REF), "t_ref");
      ex_check (lif_input_new_constant (0.8, &in), "constant");
    }
  else
    {
      n = ex_notebook_neuron (5.0, 0.5, 5.0, 0.0, stepper, timing);
      ex_check (lif_input_new_sine (0.0, 3.0, 0.1, 0.0, &in), "sine");
    }
  ex_check (lif_neuron_set (n, LIF_PARAM_DT, dt), "dt");
  ex_attach (n, in);
  return n;
}

/* The true spike times of a drive (malloc'd), *count of them. */
static double *
truth (enum drive drive, size_t *count)
{
  lif_neuron *n;
  double *t;
  if (drive == CONSTANT)
    {
      double isi = 0.0;
      size_t k, max = 0;
      n = make_neuron (drive, LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, 0.1);
      ex_check (lif_neuron_isi (n, 0.8, &isi), "lif_neuron_isi");
      lif_neuron_free (n);
      /* Spike k (from 0) at (isi - t_ref) + k isi, while inside the run. */
      while ((isi - T_REF) + (double)max * isi < DURATION)
        max++;
      t = malloc (max * sizeof *t);
      if (t == NULL)
        exit (EXIT_FAILURE);
      for (k = 0; k < max; k++)
        t[k] = (isi - T_REF) + (double)k * isi;
      *count = max;
      return t;
    }
  n = make_neuron (drive, LIF_STEPPER_RK4, LIF_TIMING_PRECISE, 1e-4);
  ex_check (lif_neuron_run (n, DURATION), "lif_neuron_run");
  t = ex_spikes (n, count);
  lif_neuron_free (n);
  return t;
}

/* Least-squares slope of log(err) against log(dt) over the finite errors;
 * NAN when fewer than two. */
static double
fitted_order (const double *err)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int i, m = 0;
  for (i = 0; i < N_DT; i++)
    if (isfinite (err[i]) && err[i] > 0.0)
      {
        double x = log (dts[i]), y = log (err[i]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        m++;
      }
  return m < 2 ? NAN : (m * sxy - sx * sy) / (m * sxx - sx * sx);
}

static void
table (enum drive drive, const char *title, FILE *csv)
{
  size_t n_true, stepper, timing, i;
  double *t_true = truth (drive, &n_true);

  printf ("%s\n  %zu spikes; first at %.9f\n\n", title, n_true, t_true[0]);
  printf ("  stepper timing ");
  for (i = 0; i < N_DT; i++)
    printf (" dt=%-7g", dts[i]);
  printf ("   order\n");
  for (stepper = 0; lif_stepper_name ((int)stepper) != NULL; stepper++)
    for (timing = 0; lif_timing_name ((int)timing) != NULL; timing++)
      {
        double err[N_DT], order, worst = 0.0;
        printf ("  %-7s %-7s", lif_stepper_name ((int)stepper),
                lif_timing_name ((int)timing));
        for (i = 0; i < N_DT; i++)
          {
            lif_neuron *n
                = make_neuron (drive, (int)stepper, (int)timing, dts[i]);
            size_t count;
            double *t;
            ex_check (lif_neuron_run (n, DURATION), "lif_neuron_run");
            t = ex_spikes (n, &count);
            err[i] = count == n_true ? ex_max_diff (t, t_true, count) : NAN;
            if (isfinite (err[i]))
              printf (" %10.3e", err[i]);
            else
              printf (" %10s", "count");
            if (csv != NULL)
              fprintf (csv, "%s,%s,%s,%g,%zu,%.17g\n",
                       drive == CONSTANT ? "constant" : "sine",
                       lif_stepper_name ((int)stepper),
                       lif_timing_name ((int)timing), dts[i], count, err[i]);
            if (!(err[i] <= worst))
              worst = err[i];
            free (t);
            lif_neuron_free (n);
          }
        order = fitted_order (err);
        /* Errors at the rounding level have no order to speak of. */
        if (worst < 1e-9)
          printf ("   exact\n");
        else if (isfinite (order))
          printf ("   %5.2f\n", order);
        else
          printf ("     n/a\n");
      }
  printf ("\n");
  free (t_true);
}

int
main (int argc, char **argv)
{
  const char *prefix = ex_options (
      argc, argv,
      "Spike-time errors and convergence orders of every stepper "
      "and timing mode.");
  FILE *csv = NULL;
  if (prefix != NULL)
    {
      char path[4096];
      snprintf (path, sizeof path, "%s-table.csv", prefix);
      csv = fopen (path, "w");
      if (csv == NULL)
        {
          perror (path);
          return EXIT_FAILURE;
        }
      fprintf (csv, "input,stepper,timing,dt,spikes,max_error\n");
    }
  table (CONSTANT,
         "Table 1. S1 neuron, constant current I0 = 0.8, t_ref = 1: spike "
         "times against the closed form",
         csv);
  table (SINE,
         "Table 2. S2 neuron, I(t) = 3 sin(2 pi 0.1 t): spike times against "
         "rk4/precise at dt = 1e-4",
         csv);
  if (csv != NULL && fclose (csv) != 0)
    return EXIT_FAILURE;
  return EXIT_SUCCESS;
}
