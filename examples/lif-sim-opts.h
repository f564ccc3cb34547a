/*
 * lif-sim's command line, in functions that neither print nor exit, so that
 * a test or a fuzzing harness can call them on any input: each returns
 * SIM_OK, or SIM_EUSAGE with a one-line message naming the flag in err
 * (SIM_EFAIL, with a message too, when memory runs out).
 */
#ifndef LIF_SIM_OPTS_H
#define LIF_SIM_OPTS_H

#include <lif.h>

#include <stddef.h>

enum
{
  SIM_OK = 0,
  SIM_EFAIL = 1, /* the run or the output failed */
  SIM_EUSAGE = 2 /* a bad flag, value or input file */
};

/* The most parameters and inputs one command line may give. */
#define SIM_MAX_PARAMS 16
#define SIM_MAX_INPUTS 64
/* The most steps one run may take (duration / dt). */
#define SIM_MAX_STEPS 1e9

enum sim_input_kind
{
  SIM_CONSTANT,
  SIM_PULSE,
  SIM_TRAIN,
  SIM_SINE,
  SIM_EXP,
  SIM_NOISE,
  SIM_OU,
  SIM_TABLE
};

/* One --input: its kind, up to five numbers, or a table file. */
struct sim_input
{
  enum sim_input_kind kind;
  double arg[5];
  size_t n_args;
  int interpolation; /* SIM_TABLE only */
  const char *file;  /* SIM_TABLE only; points into argv */
};

struct sim_options
{
  int params[SIM_MAX_PARAMS]; /* lif_param values, each at most once */
  double values[SIM_MAX_PARAMS];
  size_t n_params;
  struct sim_input inputs[SIM_MAX_INPUTS];
  size_t n_inputs;
  double duration;
  int stepper, timing;
  size_t spike_limit;              /* 0: liblif's default */
  unsigned long long seed, stream; /* the noise's (lif_neuron_set_seed) */
  int trace;                       /* 1: write t,V,I rows; 0: spike times */
  int events;                      /* 1: run event to event, no steps */
  const char *output;              /* NULL or "-": standard output */
  const char *spike_file;
  int help, version;
};

/* Fills o from argv[1 .. argc - 1]. */
int sim_parse (int argc, char *const *argv, struct sim_options *o, char *err,
               size_t errlen);

/* Parses a number that must be finite; what names it in messages. */
int sim_parse_double (const char *s, const char *what, double *value,
                      char *err, size_t errlen);

/* Parses one --input specification, such as "sine:3,0.1". */
int sim_parse_input (const char *spec, struct sim_input *in, char *err,
                     size_t errlen);

/* Parses a table: one sample "t,I" (or "t I", "t;I") a line, '#' comments,
 * blank lines, and an optional header line first: a line that does not
 * start like a number. Any other line that does not parse is an error that
 * names it (name:line) and says why; numbers that are not finite or do not
 * fit a double (1e400) are refused as such. name names the text in
 * messages. On success *times and *values are malloc'd arrays of *n; out of
 * memory gives SIM_EFAIL. */
int sim_parse_table (const char *text, size_t len, const char *name,
                     double **times, double **values, size_t *n, char *err,
                     size_t errlen);

/* Makes the neuron the options describe, with its input (NULL when no
 * --input was given; the caller frees it with lif_input_free(), it is only
 * needed to report the current). Reads table files. SIM_EFAIL when memory
 * runs out, SIM_EUSAGE for a value liblif refuses or a bad table file. */
int sim_build (const struct sim_options *o, lif_neuron **neuron,
               lif_input **input, char *err, size_t errlen);

#endif /* LIF_SIM_OPTS_H */
