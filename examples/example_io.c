/*
 * The bookkeeping the example programs share (see example_io.h).
 */
#include "example_io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ex_check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, "%s: %s (%s)\n", what, lif_strerror (status),
               lif_error_name (status));
      exit (EXIT_FAILURE);
    }
}

const char *
ex_options (int argc, char **argv, const char *about)
{
  const char *prog = argc > 0 ? argv[0] : "example";
  if (argc == 1)
    return NULL;
  if (argc == 2
      && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      printf ("Usage: %s [--csv PREFIX]\n%s\n\n"
              "  --csv PREFIX  also write PREFIX-RUN-trace.csv (t,V,I) and\n"
              "                PREFIX-RUN-spikes.csv (spike,t) for each run\n",
              prog, about);
      exit (EXIT_SUCCESS);
    }
  if (argc == 3 && strcmp (argv[1], "--csv") == 0 && argv[2][0] != '\0')
    return argv[2];
  fprintf (stderr, "%s: usage: %s [--csv PREFIX]\n", prog, prog);
  exit (2);
}

lif_neuron *
ex_notebook_neuron (double R, double C, double theta, double u_rest,
                    int stepper, int timing)
{
  /* All at once: lif_neuron_set_many() only asks V_th > V_reset of the
   * final values, so the order of a threshold and a reset does not matter.
   * V_0 is where lif_neuron_reset() starts, V the potential now. */
  const int params[] = { LIF_PARAM_R,    LIF_PARAM_C,       LIF_PARAM_E_L,
                         LIF_PARAM_V_TH, LIF_PARAM_V_RESET, LIF_PARAM_V_0,
                         LIF_PARAM_V,    LIF_PARAM_T_REF,   LIF_PARAM_DT };
  const double values[]
      = { R, C, 0.0, theta, u_rest, u_rest, u_rest, 0.0, 0.01 };
  lif_neuron *n = NULL;
  ex_check (lif_neuron_new (&n), "lif_neuron_new");
  ex_check (lif_neuron_set_many (n, params, values,
                                 sizeof params / sizeof params[0]),
            "lif_neuron_set_many");
  ex_check (lif_neuron_set_stepper (n, stepper), "lif_neuron_set_stepper");
  ex_check (lif_neuron_set_timing (n, timing), "lif_neuron_set_timing");
  return n;
}

void
ex_attach (lif_neuron *neuron, lif_input *input)
{
  ex_check (lif_neuron_set_input (neuron, input), "lif_neuron_set_input");
  lif_input_free (input);
}

static FILE *
open_csv (const char *prefix, const char *name, const char *kind)
{
  size_t len = strlen (prefix) + strlen (name) + strlen (kind) + 8;
  char *path = malloc (len);
  FILE *f;
  if (path == NULL)
    {
      fprintf (stderr, "out of memory\n");
      exit (EXIT_FAILURE);
    }
  snprintf (path, len, "%s-%s-%s.csv", prefix, name, kind);
  f = fopen (path, "w");
  if (f == NULL)
    {
      fprintf (stderr, "%s: %s\n", path, strerror (errno));
      exit (EXIT_FAILURE);
    }
  free (path);
  return f;
}

static void
close_csv (FILE *f)
{
  if (ferror (f) || fclose (f) != 0)
    {
      fprintf (stderr, "writing a CSV file failed\n");
      exit (EXIT_FAILURE);
    }
}

/* The current the neuron receives at time t: its input plus its bias. */
static double
total_current (const lif_neuron *neuron, const lif_input *input, double t)
{
  double i = 0.0, bias = 0.0;
  if (input != NULL)
    ex_check (lif_input_eval (input, t, &i), "lif_input_eval");
  ex_check (lif_neuron_get (neuron, LIF_PARAM_I_BIAS, &bias),
            "lif_neuron_get");
  return i + bias;
}

double
ex_run (lif_neuron *neuron, const lif_input *input, double duration,
        const char *csv_prefix, const char *name)
{
  enum
  {
    CHUNK = 1024
  };
  double t[CHUNK], v[CHUNK], cur[CHUNK], dt = 0.0, t0 = 0.0, v_max = 0.0;
  size_t steps, done = 0, k, n_spikes = 0;
  double *spikes;
  FILE *f = NULL;

  ex_check (lif_neuron_get (neuron, LIF_PARAM_DT, &dt), "lif_neuron_get");
  ex_check (lif_neuron_get (neuron, LIF_PARAM_T, &t0), "lif_neuron_get");
  ex_check (lif_neuron_get (neuron, LIF_PARAM_V, &v_max), "lif_neuron_get");
  steps = (size_t)floor (duration / dt + 0.5);

  if (csv_prefix != NULL)
    {
      f = open_csv (csv_prefix, name, "trace");
      fprintf (f, "t,V,I\n%.17g,%.17g,%.17g\n", t0, v_max,
               total_current (neuron, input, t0));
    }
  while (done < steps)
    {
      size_t chunk = steps - done < CHUNK ? steps - done : CHUNK, got = 0;
      /* run_trace records after every step and never allocates. */
      ex_check (lif_neuron_run_trace (neuron, chunk, t, v, cur, &got),
                "lif_neuron_run_trace");
      for (k = 0; k < got; k++)
        {
          if (v[k] > v_max)
            v_max = v[k];
          if (f != NULL)
            fprintf (f, "%.17g,%.17g,%.17g\n", t[k], v[k], cur[k]);
        }
      done += got;
    }
  if (f == NULL)
    return v_max;
  close_csv (f);

  spikes = ex_spikes (neuron, &n_spikes);
  f = open_csv (csv_prefix, name, "spikes");
  fprintf (f, "spike,t\n");
  for (k = 0; k < n_spikes; k++)
    fprintf (f, "%zu,%.17g\n", k + 1, spikes[k]);
  close_csv (f);
  free (spikes);
  return v_max;
}

double *
ex_spikes (const lif_neuron *neuron, size_t *count)
{
  size_t n = 0, copied = 0;
  double *times;
  ex_check (lif_neuron_spike_count (neuron, &n), "lif_neuron_spike_count");
  *count = n;
  if (n == 0)
    return NULL;
  times = malloc (n * sizeof *times);
  if (times == NULL)
    {
      fprintf (stderr, "out of memory\n");
      exit (EXIT_FAILURE);
    }
  ex_check (lif_neuron_copy_spikes (neuron, 0, times, n, &copied),
            "lif_neuron_copy_spikes");
  return times;
}

void
ex_print_spikes (const char *label, const double *times, size_t count,
                 size_t max_shown)
{
  size_t k;
  printf ("  %-22s %3zu spikes", label, count);
  for (k = 0; k < count && k < max_shown; k++)
    printf (" %.6f", times[k]);
  if (count > max_shown)
    printf (" ...");
  printf ("\n");
}

double
ex_max_diff (const double *a, const double *b, size_t n)
{
  double worst = 0.0;
  size_t k;
  for (k = 0; k < n; k++)
    if (fabs (a[k] - b[k]) > worst)
      worst = fabs (a[k] - b[k]);
  return worst;
}
