/*
 * lif-sim: simulates one leaky integrate-and-fire neuron from the command
 * line and writes its spike times, or its whole trace, as CSV.
 *
 *   lif-sim --R 6.4 --C 0.9 --E_L 0 --V_th 5 --V_reset 0.4 \
 *           --stepper euler --timing grid --dt 0.01 --input const:0.8
 *
 * Exit status: 0 on success, 1 when the simulation or the output fails,
 * 2 for a bad flag, value or input file (with a one-line message naming
 * the flag). The command line is read by lif-sim-opts.c.
 */
#include "lif-sim-opts.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The unit of each parameter in liblif's default unit set. */
static const char *
param_unit (int param)
{
  switch (param)
    {
    case LIF_PARAM_R:
      return "MOhm";
    case LIF_PARAM_C:
      return "nF";
    case LIF_PARAM_I_BIAS:
      return "nA";
    case LIF_PARAM_TAU:
    case LIF_PARAM_T_REF:
    case LIF_PARAM_DT:
      return "ms";
    default:
      return "mV";
    }
}

static const char *
param_help (int param)
{
  switch (param)
    {
    case LIF_PARAM_R:
      return "membrane resistance, > 0 (tau becomes R C)";
    case LIF_PARAM_C:
      return "membrane capacitance, > 0 (tau becomes R C)";
    case LIF_PARAM_TAU:
      return "time constant, > 0 (sets C = tau / R)";
    case LIF_PARAM_E_L:
      return "resting (leak reversal) potential";
    case LIF_PARAM_V_TH:
      return "firing threshold, > V_reset";
    case LIF_PARAM_V_RESET:
      return "reset potential after a spike";
    case LIF_PARAM_T_REF:
      return "absolute refractory period, >= 0";
    case LIF_PARAM_V_0:
      return "initial potential";
    case LIF_PARAM_I_BIAS:
      return "constant bias current, added to the inputs";
    case LIF_PARAM_DT:
      return "integration time step, > 0";
    default:
      return "";
    }
}

static void
usage (FILE *out)
{
  lif_neuron *n = NULL;
  int p, k;
  fprintf (out, "Usage: lif-sim [FLAGS]\n"
                "Simulates one leaky integrate-and-fire neuron,\n"
                "  tau dV/dt = -(V - E_L) + R (I(t) + I_bias),  tau = R C,\n"
                "with a spike and a reset to V_reset whenever V reaches V_th, "
                "and writes CSV.\n\n"
                "Parameters (any consistent units; these are the defaults' "
                "units):\n");
  if (lif_neuron_new (&n) == LIF_OK)
    for (p = 0; lif_param_name (p) != NULL; p++)
      {
        double v = 0.0;
        char flag[32];
        if (p == LIF_PARAM_V || p == LIF_PARAM_T)
          continue;
        lif_neuron_get (n, p, &v);
        snprintf (flag, sizeof flag, "--%s X", lif_param_name (p));
        fprintf (out, "  %-13s %-5s %s; default %g\n", flag, param_unit (p),
                 param_help (p), v);
      }
  lif_neuron_free (n);
  fprintf (out,
           "\nRun:\n"
           "  -T, --duration X    how long to simulate, ms, >= 0; default "
           "100\n"
           "  -s, --stepper NAME  ");
  for (k = 0; lif_stepper_name (k) != NULL; k++)
    fprintf (out, "%s%s", k ? ", " : "", lif_stepper_name (k));
  fprintf (out, "; default %s\n      --timing NAME   ",
           lif_stepper_name (LIF_STEPPER_EXACT));
  for (k = 0; lif_timing_name (k) != NULL; k++)
    fprintf (out, "%s%s", k ? ", " : "", lif_timing_name (k));
  fprintf (
      out,
      "; default %s\n"
      "      --events        run event to event, with no time step: "
      "exact for\n"
      "                      built-in inputs without noise (--trace rows "
      "are then\n"
      "                      sampled exactly every dt)\n"
      "      --spike-limit N most spikes one step may hold; default 1000\n"
      "      --seed N        the noise's seed (0 to 2^64 - 1); default 0\n"
      "      --stream N      the neuron's noise stream (0 to 2^32 - 1); "
      "default 0\n"
      "\nInput current (nA; frequencies in kHz); several --input add up:\n"
      "  -i, --input const:I                    constant I\n"
      "  -i, --input pulse:A,ONSET,DURATION     A on [ONSET, ONSET + "
      "DURATION)\n"
      "  -i, --input train:A,ONSET,WIDTH,PERIOD[,COUNT]\n"
      "                                         COUNT pulses (0, the "
      "default: endless)\n"
      "  -i, --input sine:A,F[,OFFSET[,PHASE]]  OFFSET + A sin(2 pi F t + "
      "PHASE)\n"
      "  -i, --input exp:PEAK,TAU[,ONSET]       PEAK exp(-(t - ONSET)/TAU) "
      "from ONSET\n"
      "  -i, --input noise:MEAN,SIGMA[,CHANNEL] white noise, MEAN + SIGMA "
      "xi(t)\n"
      "                                         (SIGMA in nA ms^1/2; a "
      "CHANNEL is one source)\n"
      "  -i, --input ou:MEAN,SIGMA,TAU[,CHANNEL] an Ornstein-Uhlenbeck "
      "current, MEAN\n"
      "                                         + eta(t): std SIGMA (nA), "
      "correlation TAU (ms)\n"
      "  -i, --input table:FILE                 samples 't,I', each held "
      "till the next\n"
      "  -i, --input table-linear:FILE          the same, linearly "
      "interpolated\n"
      "      (table files: ',', ';' or blanks between t and I, '#' "
      "comments,\n"
      "      an optional header line first, one that does not start like "
      "a number;\n"
      "      any other line that does not parse is an error; times "
      "strictly\n"
      "      increasing)\n"
      "\nOutput:\n"
      "      --spikes           CSV 'spike,t': the spike times (the "
      "default)\n"
      "      --trace            CSV 't,V,I' after every step, from t = 0\n"
      "  -o, --output FILE      write there instead of standard output\n"
      "      --spike-file FILE  also write the spike times there\n"
      "  -h, --help             this help\n"
      "  -V, --version          the versions of lif-sim and liblif\n"
      "\nFlags also take the form --flag=value. Exit status: 0 on success, "
      "1 when the\nsimulation or the output fails, 2 for a bad flag, value "
      "or input file.\n",
      lif_timing_name (LIF_TIMING_PRECISE));
}

/* Where spikes go as they happen. */
struct spike_sink
{
  FILE *file;
  size_t count;
};

static void
write_spike (double t, void *user_data)
{
  struct spike_sink *s = user_data;
  s->count++;
  if (s->file != NULL)
    fprintf (s->file, "%zu,%.15g\n", s->count, t);
}

/* Writes one trace row: the time, V and the total current. */
static void
write_row (FILE *f, double t, double v, const lif_input *in, double bias)
{
  double i = 0.0;
  if (in != NULL && lif_input_eval (in, t, &i) != LIF_OK)
    i = NAN;
  fprintf (f, "%.15g,%.15g,%.15g\n", t, v, i + bias);
}

/* Runs the neuron event to event for duration, streaming the CSV: the
 * spikes alone, or rows sampled at every dt and at the end. */
static int
simulate_events (lif_neuron *n, double duration, FILE *trace)
{
  enum
  {
    CHUNK = 4096
  };
  static double t[CHUNK], v[CHUNK], cur[CHUNK];
  double dt = 0.0;
  size_t k = 0, i, done;
  int status = LIF_OK;
  if (trace == NULL)
    return lif_neuron_run_events (n, duration);
  lif_neuron_get (n, LIF_PARAM_DT, &dt);
  while (status == LIF_OK)
    {
      size_t m = 0;
      /* Rows at 0, dt, 2 dt, ... up to duration, which ends them. */
      for (; m < CHUNK; m++, k++)
        {
          t[m] = (double)k * dt;
          if (!(t[m] < duration))
            {
              t[m++] = duration;
              k = SIZE_MAX;
              break;
            }
        }
      status = lif_neuron_run_sampled (n, t, m, v, cur, &done);
      for (i = 0; i < done; i++)
        fprintf (trace, "%.15g,%.15g,%.15g\n", t[i], v[i], cur[i]);
      lif_neuron_clear_spikes (n);
      if (k == SIZE_MAX)
        break;
    }
  return status;
}

/* Runs the neuron for duration, streaming the CSV; returns a lif_status. */
static int
simulate (lif_neuron *n, const lif_input *in, double duration, FILE *trace)
{
  enum
  {
    CHUNK = 4096
  };
  static double t[CHUNK], v[CHUNK], cur[CHUNK];
  double dt = 0.0, bias = 0.0, now = 0.0, rest;
  size_t steps, k;
  int status = LIF_OK;

  lif_neuron_get (n, LIF_PARAM_DT, &dt);
  lif_neuron_get (n, LIF_PARAM_I_BIAS, &bias);
  /* Whole steps first, then one shorter step to end exactly at duration.
   * A duration that is a whole number of steps up to rounding is that
   * number, as lif_neuron_run() counts it; any other remainder is run. */
  {
    double q = duration / dt, r = floor (q + 0.5);
    if (fabs (q - r) <= 8.0 * DBL_EPSILON * fmax (1.0, fabs (q)))
      {
        steps = (size_t)r;
        rest = 0.0;
      }
    else
      {
        steps = (size_t)floor (q);
        rest = duration - (double)steps * dt;
      }
  }
  if (trace != NULL)
    {
      double v0 = 0.0;
      lif_neuron_get (n, LIF_PARAM_V, &v0);
      write_row (trace, 0.0, v0, in, bias);
    }
  while (steps > 0 && status == LIF_OK)
    {
      size_t chunk = steps < CHUNK ? steps : CHUNK, done = 0;
      status
          = lif_neuron_run_trace (n, chunk, trace ? t : NULL, trace ? v : NULL,
                                  trace ? cur : NULL, &done);
      if (trace != NULL)
        for (k = 0; k < done; k++)
          fprintf (trace, "%.15g,%.15g,%.15g\n", t[k], v[k], cur[k]);
      /* The spike callback has written them: keep memory bounded. */
      lif_neuron_clear_spikes (n);
      steps -= done;
    }
  if (status == LIF_OK && rest > 0.0)
    {
      status = lif_neuron_run (n, rest);
      if (status == LIF_OK && trace != NULL)
        {
          double v_end = 0.0;
          lif_neuron_get (n, LIF_PARAM_T, &now);
          lif_neuron_get (n, LIF_PARAM_V, &v_end);
          write_row (trace, now, v_end, in, bias);
        }
    }
  return status;
}

/* Both sinks get every spike. */
struct two_sinks
{
  struct spike_sink *a, *b;
};

static void
write_both (double t, void *user_data)
{
  struct two_sinks *s = user_data;
  write_spike (t, s->a);
  if (s->b != NULL)
    write_spike (t, s->b);
}

static FILE *
open_output (const char *path, const char *flag)
{
  FILE *f;
  if (path == NULL || strcmp (path, "-") == 0)
    return stdout;
  f = fopen (path, "w");
  if (f == NULL)
    fprintf (stderr, "lif-sim: %s: %s: %s\n", flag, path, strerror (errno));
  return f;
}

static int
close_output (FILE *f, const char *path)
{
  int bad = ferror (f);
  if (f == stdout)
    bad |= fflush (f) != 0;
  else
    bad |= fclose (f) != 0;
  if (bad)
    fprintf (stderr, "lif-sim: writing %s failed\n",
             path != NULL ? path : "standard output");
  return bad;
}

int
main (int argc, char **argv)
{
  struct sim_options o;
  char err[512];
  lif_neuron *n = NULL;
  lif_input *in = NULL;
  FILE *out, *spike_file = NULL;
  struct spike_sink main_sink = { NULL, 0 }, extra_sink = { NULL, 0 };
  struct two_sinks sinks;
  int rc, status, failed = 0;

  rc = sim_parse (argc, argv, &o, err, sizeof err);
  if (rc != SIM_OK)
    {
      fprintf (stderr, "lif-sim: %s\n", err);
      return rc;
    }
  if (o.help)
    {
      usage (stdout);
      return fflush (stdout) == 0 ? EXIT_SUCCESS : SIM_EFAIL;
    }
  if (o.version)
    {
      printf ("lif-sim %s (liblif %s)\n", LIF_VERSION_STRING,
              lif_version_string ());
      return fflush (stdout) == 0 ? EXIT_SUCCESS : SIM_EFAIL;
    }
  rc = sim_build (&o, &n, &in, err, sizeof err);
  if (rc != SIM_OK)
    {
      fprintf (stderr, "lif-sim: %s\n", err);
      return rc;
    }

  out = open_output (o.output, "--output");
  if (out != NULL && o.spike_file != NULL)
    {
      spike_file = open_output (o.spike_file, "--spike-file");
      if (spike_file == NULL && out != stdout)
        fclose (out);
    }
  if (out == NULL || (o.spike_file != NULL && spike_file == NULL))
    {
      lif_input_free (in);
      lif_neuron_free (n);
      return SIM_EUSAGE;
    }

  /* Spikes are written by the spike callback as they happen. */
  main_sink.file = o.trace ? NULL : out;
  extra_sink.file = spike_file;
  sinks.a = &main_sink;
  sinks.b = spike_file != NULL ? &extra_sink : NULL;
  if (!o.trace)
    fprintf (out, "spike,t\n");
  else
    fprintf (out, "t,V,I\n");
  if (spike_file != NULL)
    fprintf (spike_file, "spike,t\n");
  lif_neuron_set_spike_callback (n, write_both, &sinks);

  status = o.events ? simulate_events (n, o.duration, o.trace ? out : NULL)
                    : simulate (n, in, o.duration, o.trace ? out : NULL);
  if (status != LIF_OK)
    {
      double t = 0.0;
      lif_neuron_get (n, LIF_PARAM_T, &t);
      fprintf (stderr, "lif-sim: the simulation stopped at t = %g: %s\n", t,
               lif_strerror (status));
      failed = 1;
    }
  if (spike_file != NULL)
    failed |= close_output (spike_file, o.spike_file);
  failed |= close_output (out, o.output);
  lif_input_free (in);
  lif_neuron_free (n);
  return failed ? SIM_EFAIL : EXIT_SUCCESS;
}
