/*
 * What the example programs share: stopping on an error, the notebook's
 * neuron, printing spike times and writing CSV files. This is not part of
 * liblif; each example shows its own liblif calls and leaves this
 * bookkeeping here.
 */
#ifndef LIF_EXAMPLE_IO_H
#define LIF_EXAMPLE_IO_H

#include <lif.h>

#include <stddef.h>

/* Exits with a message naming what failed if status is not LIF_OK. */
void ex_check (int status, const char *what);

/* Reads the command line every example accepts: nothing, --help, or
 * --csv PREFIX. Returns PREFIX, or NULL when no CSV is wanted; prints the
 * usage and exits on --help (status 0) and on anything else (status 2). */
const char *ex_options (int argc, char **argv, const char *about);

/* A neuron set up as the notebook sets up its own: the leak reversal
 * E_L = 0, the reset and the start value both u_rest, no refractory period,
 * dt = 0.01, and the given stepper and spike timing. */
lif_neuron *ex_notebook_neuron (double R, double C, double theta,
                                double u_rest, int stepper, int timing);

/* Attaches input to neuron and releases the caller's handle to it (the
 * neuron keeps the input alive). */
void ex_attach (lif_neuron *neuron, lif_input *input);

/* Runs neuron for duration (a whole number of steps) through
 * lif_neuron_run_trace() and returns the largest V seen at the end of a
 * step. With a CSV prefix it also writes PREFIX-NAME-trace.csv (t,V,I from
 * the start of the run) and PREFIX-NAME-spikes.csv (spike,t). */
double ex_run (lif_neuron *neuron, const lif_input *input, double duration,
               const char *csv_prefix, const char *name);

/* The recorded spike times in a malloc'd array (NULL when there are none);
 * *count receives how many. */
double *ex_spikes (const lif_neuron *neuron, size_t *count);

/* Prints one line: the label, the spike count and up to max_shown times. */
void ex_print_spikes (const char *label, const double *times, size_t count,
                      size_t max_shown);

/* The largest |a[k] - b[k]| over the first n entries. */
double ex_max_diff (const double *a, const double *b, size_t n);

#endif /* LIF_EXAMPLE_IO_H */
