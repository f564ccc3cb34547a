/*
 * The command-line fuzzer of lif-sim (libFuzzer): the functions of
 * examples/lif-sim-opts.c, which neither print nor exit so that they can be
 * called on any input.
 *
 * An input is read as
 *
 *   byte 0      the room for the error message (0, 1, 7, 64 or 512 bytes)
 *   byte 1      an allocation of sim_build() to fail (0: none)
 *   the rest    command-line arguments separated by NUL bytes, up to the
 *               first two NULs in a row; after them, the text every table
 *               input (--input table:FILE) reads, written to a temporary
 *               file (a FILE starting with '!' names a file that does not
 *               exist instead).
 *
 * The promises checked:
 *  - no crash, no sanitizer report, no leak (LeakSanitizer, per input);
 *  - every refusal comes with a message: a non-empty, NUL-terminated string
 *    that fits the room given (and nothing is written without room);
 *  - options accepted are within range: a finite duration >= 0, a stepper
 *    and a timing mode liblif names, each parameter a real lif_param other
 *    than V and t given once with a finite value, a spike limit from 1 to
 *    2^53 (or 0 for the default), each input with as many finite numbers as
 *    its kind takes, non-empty file names;
 *  - parsing is a pure function of argv (twice gives the same);
 *  - sim_parse_double() accepts exactly the finite numbers strtod() reads
 *    whole, with strtod()'s value; sim_parse_input() and sim_parse_table()
 *    keep the same promises on every argument and on the table text;
 *  - sim_build() on accepted options either makes the neuron they describe
 *    (parameters read back as given, V_0 following E_L unless given, at
 *    t = 0, V = V_0, with the stepper, timing, spike limit and an input iff
 *    one was asked for, within lif-sim's step limit) or refuses with a
 *    message and makes nothing; an allocation that fails inside it is
 *    reported as a run failure (SIM_EFAIL), never as a bad command line.
 */
#define FUZZ_NAME "fuzz_sim"
#include "fuzz_bytes.h"

#include "lif-sim-opts.h"

#include <unistd.h>

/* The library is compiled into this program with -DLIF_FAULT_INJECTION,
 * under which lib/alloc.h declares lif__test_fail_allocation(). */
#include "alloc.h"

#define MAX_ARGS 160

static char table_path[64];

/* A message was written, NUL-terminated, within errlen bytes. */
static void
check_message (const char *err, size_t errlen, const char *what)
{
  if (errlen == 0)
    return;
  CHECK (memchr (err, '\0', errlen) != NULL,
         "%s: message not NUL-terminated within %zu bytes", what, errlen);
  CHECK (errlen == 1 || err[0] != '\0', "%s refused without a message", what);
}

/* The numbers each input kind takes. */
static void
input_arity (enum sim_input_kind kind, size_t *min, size_t *max)
{
  /* In the order of enum sim_input_kind. */
  static const size_t arity[][2] = { { 1, 1 }, { 3, 3 }, { 4, 5 }, { 2, 4 },
                                     { 2, 3 }, { 2, 3 }, { 3, 4 }, { 0, 0 } };
  CHECK ((int)kind >= SIM_CONSTANT && kind <= SIM_TABLE,
         "input kind %d unknown", (int)kind);
  *min = arity[kind][0];
  *max = arity[kind][1];
}

static void
check_input (const struct sim_input *in, const char *what)
{
  size_t min, max, k;
  input_arity (in->kind, &min, &max);
  CHECK (in->n_args >= min && in->n_args <= max, "%s: %zu numbers for kind %d",
         what, in->n_args, (int)in->kind);
  for (k = 0; k < in->n_args; k++)
    CHECK (isfinite (in->arg[k]), "%s: number %zu is %a", what, k, in->arg[k]);
  if (in->kind == SIM_TABLE)
    CHECK (in->file && *in->file
               && lif_interpolation_name (in->interpolation) != NULL,
           "%s: a table without a file or interpolation", what);
}

static void
check_options (const struct sim_options *o)
{
  size_t k, j;
  CHECK (isfinite (o->duration) && o->duration >= 0.0, "duration %a",
         o->duration);
  CHECK (lif_stepper_name (o->stepper) && lif_timing_name (o->timing),
         "stepper %d, timing %d", o->stepper, o->timing);
  CHECK (o->spike_limit <= ((size_t)1 << 53), "spike limit %zu",
         o->spike_limit);
  CHECK (o->stream <= 4294967295ULL, "stream %llu", o->stream);
  CHECK (o->n_params <= SIM_MAX_PARAMS && o->n_inputs <= SIM_MAX_INPUTS,
         "%zu parameters, %zu inputs", o->n_params, o->n_inputs);
  for (k = 0; k < o->n_params; k++)
    {
      CHECK (lif_param_name (o->params[k]) && o->params[k] != LIF_PARAM_V
                 && o->params[k] != LIF_PARAM_T,
             "parameter %d accepted", o->params[k]);
      CHECK (isfinite (o->values[k]), "parameter %s = %a",
             lif_param_name (o->params[k]), o->values[k]);
      for (j = 0; j < k; j++)
        CHECK (o->params[j] != o->params[k], "parameter %s stored twice",
               lif_param_name (o->params[k]));
    }
  for (k = 0; k < o->n_inputs; k++)
    check_input (&o->inputs[k], "sim_parse");
  CHECK (!o->output || *o->output, "empty output name");
  CHECK (!o->spike_file || *o->spike_file, "empty spike file name");
  CHECK ((o->help == 0 || o->help == 1) && (o->version == 0 || o->version == 1)
             && (o->trace == 0 || o->trace == 1),
         "flags");
}

/* Each argument on its own, through the single-value parsers. */
static void
check_pieces (const char *arg, char *err, size_t errlen)
{
  double v = 12345.0;
  struct sim_input in;
  char *end = NULL;
  double want;
  int rc;
  rc = sim_parse_double (arg, "x", &v, err, errlen);
  want = strtod (arg, &end);
  if (rc == SIM_OK)
    CHECK (*arg && *end == '\0' && isfinite (v)
               && memcmp (&v, &want, sizeof v) == 0,
           "sim_parse_double accepted '%s' as %a (strtod: %a)", arg, v, want);
  else
    {
      CHECK (rc == SIM_EUSAGE && v == 12345.0,
             "sim_parse_double('%s') gave %d and wrote", arg, rc);
      /* What strtod reads whole and finite must be accepted (tiny values
       * that underflow to a subnormal or zero included). */
      CHECK (!(*arg && *end == '\0' && isfinite (want)),
             "sim_parse_double refused '%s', a finite number", arg);
      check_message (err, errlen, "sim_parse_double");
    }
  rc = sim_parse_input (arg, &in, err, errlen);
  if (rc == SIM_OK)
    check_input (&in, "sim_parse_input");
  else
    {
      CHECK (rc == SIM_EUSAGE, "sim_parse_input gave %d", rc);
      check_message (err, errlen, "sim_parse_input");
    }
}

static void
check_table (const char *text, size_t len, char *err, size_t errlen)
{
  double *t = (double *)&table_path, *v = (double *)&table_path;
  size_t n = 999, k;
  int rc = sim_parse_table (text, len, "fuzz", &t, &v, &n, err, errlen);
  if (rc != SIM_OK)
    {
      CHECK ((rc == SIM_EUSAGE || rc == SIM_EFAIL) && n == 999
                 && t == (double *)&table_path && v == (double *)&table_path,
             "sim_parse_table gave %d and wrote its outputs", rc);
      check_message (err, errlen, "sim_parse_table");
      return;
    }
  CHECK (n >= 1 && t && v, "sim_parse_table: %zu samples", n);
  for (k = 0; k < n; k++)
    CHECK (isfinite (t[k]) && isfinite (v[k]), "sample %zu: %a, %a", k, t[k],
           v[k]);
  free (t);
  free (v);
}

/* Whether param p, as sim_build() sets them (in order, R, C and tau tied),
 * must read back as given. */
static int
last_of_group (const struct sim_options *o, size_t k)
{
  size_t j;
  int gk = o->params[k] == LIF_PARAM_R || o->params[k] == LIF_PARAM_C
           || o->params[k] == LIF_PARAM_TAU;
  for (j = k + 1; j < o->n_params; j++)
    {
      int gj = o->params[j] == LIF_PARAM_R || o->params[j] == LIF_PARAM_C
               || o->params[j] == LIF_PARAM_TAU;
      if (gk && gj)
        return 0;
    }
  return 1;
}

static double
get (const lif_neuron *n, int p)
{
  double v = NAN;
  CHECK (lif_neuron_get (n, p, &v) == LIF_OK, "get %d", p);
  return v;
}

static void
check_build (const struct sim_options *o, unsigned long fault, char *err,
             size_t errlen)
{
  lif_neuron *n = (lif_neuron *)&table_path;
  lif_input *in = (lif_input *)&table_path;
  unsigned long made;
  size_t k, limit = 0;
  int rc, stepper = -1, timing = -1, has_v0 = 0, has_el = 0;
  double e_l = 0.0;
  lif__test_fail_allocation (fault);
  rc = sim_build (o, &n, &in, err, errlen);
  made = lif__test_fail_allocation (0);
  TRACE ("sim_build (fault %lu of %lu) -> %d: %s", fault, made, rc,
         errlen ? err : "");
  if (rc != SIM_OK)
    {
      CHECK (rc == SIM_EUSAGE || rc == SIM_EFAIL, "sim_build gave %d", rc);
      CHECK (n == NULL && in == NULL, "a refused sim_build made something");
      check_message (err, errlen, "sim_build");
      if (fault && made >= fault)
        CHECK (rc == SIM_EFAIL,
               "allocation %lu failed inside sim_build, reported as a bad "
               "command line: %s",
               fault, errlen ? err : "");
      return;
    }
  CHECK (n != NULL && (in != NULL) == (o->n_inputs > 0),
         "sim_build made %p, input %p for %zu inputs", (void *)n, (void *)in,
         o->n_inputs);
  CHECK (!fault || made < fault, "sim_build succeeded past a failure");
  for (k = 0; k < o->n_params; k++)
    {
      int p = o->params[k];
      has_v0 |= p == LIF_PARAM_V_0;
      if (p == LIF_PARAM_E_L)
        {
          has_el = 1;
          e_l = o->values[k];
        }
      if (last_of_group (o, k))
        CHECK (get (n, p) == o->values[k], "--%s %a built as %a",
               lif_param_name (p), o->values[k], get (n, p));
    }
  if (has_el && !has_v0)
    CHECK (get (n, LIF_PARAM_V_0) == e_l, "V_0 does not follow E_L");
  CHECK (get (n, LIF_PARAM_T) == 0.0
             && get (n, LIF_PARAM_V) == get (n, LIF_PARAM_V_0),
         "built neuron not at t = 0, V = V_0");
  CHECK (o->duration / get (n, LIF_PARAM_DT) <= SIM_MAX_STEPS,
         "duration %a of %a steps accepted", o->duration,
         o->duration / get (n, LIF_PARAM_DT));
  CHECK (lif_neuron_get_stepper (n, &stepper) == LIF_OK
             && lif_neuron_get_timing (n, &timing) == LIF_OK
             && lif_neuron_get_spike_limit (n, &limit) == LIF_OK
             && stepper == o->stepper && timing == o->timing
             && (o->spike_limit == 0 || limit == o->spike_limit),
         "stepper, timing or spike limit not as asked");
  lif_input_free (in);
  lif_neuron_free (n);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  int fd;
  (void)argc;
  (void)argv;
  fuzz_trace_init ();
  snprintf (table_path, sizeof table_path, "/tmp/lif-fuzz-sim-XXXXXX");
  fd = mkstemp (table_path);
  CHECK (fd >= 0, "mkstemp");
  close (fd);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const size_t rooms[5] = { 0, 1, 7, 64, 512 };
  struct sim_options o, again;
  char *copy, *argv[MAX_ARGS + 1], err[512], err2[512];
  const char *text;
  size_t errlen, text_len = 0, p, k;
  unsigned long fault;
  int argc = 1, rc, i;
  FILE *f;
  if (size < 2)
    return 0;
  errlen = rooms[data[0] % 5];
  fault = data[1] % 4 == 0 ? 1 + data[1] / 4 % 8 : 0;
  data += 2;
  size -= 2;
  /* The arguments end at the first two NULs in a row. */
  copy = malloc (size + 2);
  CHECK (copy, "harness out of memory");
  memcpy (copy, data, size);
  copy[size] = copy[size + 1] = '\0';
  argv[0] = (char *)"lif-sim";
  for (p = 0; p < size && argc < MAX_ARGS; argc++)
    {
      argv[argc] = copy + p;
      p += strlen (copy + p) + 1;
      if (p < size && copy[p] == '\0')
        {
          argc++;
          p++;
          break;
        }
    }
  argv[argc] = NULL;
  text = p < size ? copy + p : "";
  text_len = p < size ? size - p : 0;
  f = fopen (table_path, "wb");
  CHECK (f && fwrite (text, 1, text_len, f) == text_len && fclose (f) == 0,
         "writing %s", table_path);

  memset (err, 'x', sizeof err);
  rc = sim_parse (argc, argv, &o, errlen ? err : NULL, errlen);
  TRACE ("sim_parse (%d arguments, room %zu) -> %d: %.*s", argc - 1, errlen,
         rc, (int)errlen, rc ? err : "");
  CHECK (errlen > 0 || err[0] == 'x', "sim_parse wrote without room");
  if (errlen > 0 && errlen < sizeof err)
    CHECK (err[errlen] == 'x', "sim_parse wrote past its room");
  if (rc != SIM_OK)
    {
      CHECK (rc == SIM_EUSAGE, "sim_parse gave %d", rc);
      check_message (err, errlen, "sim_parse");
    }
  else
    {
      check_options (&o);
      CHECK (sim_parse (argc, argv, &again, err2, sizeof err2) == SIM_OK
                 && memcmp (&o, &again, sizeof o) == 0,
             "sim_parse is not a function of argv");
      /* Table files: the temporary file, or one that does not exist. */
      for (k = 0; k < o.n_inputs; k++)
        if (o.inputs[k].kind == SIM_TABLE)
          o.inputs[k].file = o.inputs[k].file[0] == '!'
                                 ? "/nonexistent/lif-fuzz-sim"
                                 : table_path;
      check_build (&o, fault, errlen ? err : NULL, errlen);
    }
  for (i = 1; i < argc; i++)
    check_pieces (argv[i], errlen ? err : NULL, errlen);
  check_table (text, text_len, errlen ? err : NULL, errlen);
  free (copy);
  return 0;
}
