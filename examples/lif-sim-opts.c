/*
 * lif-sim's command line (see lif-sim-opts.h). Every number goes through
 * strtod with its end, range and finiteness checked; every flag that takes
 * a value checks that one is there; nothing here prints or exits.
 */
#include "lif-sim-opts.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
fail (char *err, size_t errlen, const char *fmt, ...)
{
  va_list ap;
  if (err != NULL && errlen > 0)
    {
      va_start (ap, fmt);
      vsnprintf (err, errlen, fmt, ap);
      va_end (ap);
    }
  return SIM_EUSAGE;
}

/* ASCII case-insensitive equality, so that --v_th works as --V_th. */
static int
same_name (const char *a, const char *b)
{
  for (; *a != '\0' && *b != '\0'; a++, b++)
    {
      char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
      char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
      if (x != y)
        return 0;
    }
  return *a == *b;
}

int
sim_parse_double (const char *s, const char *what, double *value, char *err,
                  size_t errlen)
{
  char *end = NULL;
  double v;
  if (s == NULL || *s == '\0')
    return fail (err, errlen, "%s: a number is missing", what);
  errno = 0;
  v = strtod (s, &end);
  if (end == s || *end != '\0')
    return fail (err, errlen, "%s: not a number: '%s'", what, s);
  /* ERANGE on underflow gives a tiny number or zero, which is fine. */
  if (errno == ERANGE && fabs (v) > DBL_MIN)
    return fail (err, errlen,
                 "%s: too large for a double (beyond 1.8e308): '%s'", what, s);
  if (!isfinite (v))
    return fail (err, errlen, "%s: not a finite number: '%s'", what, s);
  *value = v;
  return SIM_OK;
}

/* A count: a whole number >= 0 that fits a size_t. */
static int
parse_count (const char *s, const char *what, size_t *count, char *err,
             size_t errlen)
{
  double v;
  int rc = sim_parse_double (s, what, &v, err, errlen);
  if (rc != SIM_OK)
    return rc;
  if (v < 0 || v != floor (v) || v > 9007199254740992.0
      || v > (double)((size_t)-1))
    return fail (err, errlen, "%s: not a whole number from 0 to 2^53: '%s'",
                 what, s);
  *count = (size_t)v;
  return SIM_OK;
}

/* Parses a whole number from 0 to max, written in decimal. */
static int
parse_unsigned (const char *s, const char *what, unsigned long long max,
                unsigned long long *out, char *err, size_t errlen)
{
  char *end = NULL;
  unsigned long long v;
  if (*s < '0' || *s > '9')
    return fail (err, errlen, "%s: not a whole number from 0 to %llu: '%.40s'",
                 what, max, s);
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0' || v > max)
    return fail (err, errlen, "%s: not a whole number from 0 to %llu: '%.40s'",
                 what, max, s);
  *out = v;
  return SIM_OK;
}

/* The parameter flags are liblif's own parameter names, but not the state
 * variables V and t. */
static int
param_by_name (const char *name)
{
  int p;
  const char *pn;
  for (p = 0; (pn = lif_param_name (p)) != NULL; p++)
    if (p != LIF_PARAM_V && p != LIF_PARAM_T && same_name (name, pn))
      return p;
  return -1;
}

static int
choice_by_name (const char *name, const char *(*names) (int))
{
  int k;
  const char *n;
  for (k = 0; (n = names (k)) != NULL; k++)
    if (same_name (name, n))
      return k;
  return -1;
}

/* The input kinds: name, the fewest and the most numbers they take. */
static const struct
{
  const char *name;
  enum sim_input_kind kind;
  size_t min, max;
} kinds[] = {
  { "const", SIM_CONSTANT, 1, 1 }, { "constant", SIM_CONSTANT, 1, 1 },
  { "pulse", SIM_PULSE, 3, 3 },    { "train", SIM_TRAIN, 4, 5 },
  { "sine", SIM_SINE, 2, 4 },      { "exp", SIM_EXP, 2, 3 },
  { "noise", SIM_NOISE, 2, 3 },    { "ou", SIM_OU, 3, 4 },
};

int
sim_parse_input (const char *spec, struct sim_input *in, char *err,
                 size_t errlen)
{
  const char *colon = strchr (spec, ':'), *p;
  size_t len, k;
  char buf[64];

  memset (in, 0, sizeof *in);
  if (colon == NULL)
    return fail (err, errlen,
                 "--input: '%s' has no ':' (try --input const:1.5)", spec);
  len = (size_t)(colon - spec);
  if (len == 5 && strncmp (spec, "table", 5) == 0)
    in->interpolation = LIF_INTERP_STEP;
  else if (len == 12 && strncmp (spec, "table-linear", 12) == 0)
    in->interpolation = LIF_INTERP_LINEAR;
  else
    {
      for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strlen (kinds[k].name) == len
            && strncmp (spec, kinds[k].name, len) == 0)
          break;
      if (k == sizeof kinds / sizeof kinds[0])
        return fail (err, errlen, "--input: unknown kind '%.*s'",
                     (int)(len < 40 ? len : 40), spec);
      in->kind = kinds[k].kind;
      /* The numbers, separated by commas. */
      for (p = colon + 1;;)
        {
          const char *comma = strchr (p, ',');
          size_t n = comma != NULL ? (size_t)(comma - p) : strlen (p);
          int rc;
          if (in->n_args == kinds[k].max)
            return fail (err, errlen, "--input: %s takes at most %zu number%s",
                         kinds[k].name, kinds[k].max,
                         kinds[k].max > 1 ? "s" : "");
          if (n >= sizeof buf)
            return fail (err, errlen, "--input: number too long in '%s'",
                         spec);
          memcpy (buf, p, n);
          buf[n] = '\0';
          rc = sim_parse_double (buf, "--input", &in->arg[in->n_args], err,
                                 errlen);
          if (rc != SIM_OK)
            return rc;
          in->n_args++;
          if (comma == NULL)
            break;
          p = comma + 1;
        }
      if (in->n_args < kinds[k].min)
        return fail (err, errlen, "--input: %s takes at least %zu numbers",
                     kinds[k].name, kinds[k].min);
      return SIM_OK;
    }
  in->kind = SIM_TABLE;
  in->file = colon + 1;
  if (*in->file == '\0')
    return fail (err, errlen, "--input: %.*s: the file name is missing",
                 (int)len, spec);
  return SIM_OK;
}

/* Stores a parameter; a repeated flag replaces the earlier value. */
static int
set_param (struct sim_options *o, int param, double value)
{
  size_t k;
  for (k = 0; k < o->n_params; k++)
    if (o->params[k] == param)
      {
        o->values[k] = value;
        return SIM_OK;
      }
  if (o->n_params == SIM_MAX_PARAMS)
    return SIM_EUSAGE; /* cannot happen: fewer lif_params than that */
  o->params[o->n_params] = param;
  o->values[o->n_params++] = value;
  return SIM_OK;
}

int
sim_parse (int argc, char *const *argv, struct sim_options *o, char *err,
           size_t errlen)
{
  int i;
  memset (o, 0, sizeof *o);
  o->duration = 100.0;
  o->stepper = LIF_STEPPER_EXACT;
  o->timing = LIF_TIMING_PRECISE;
  if (err != NULL && errlen > 0)
    err[0] = '\0';

  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i], *value = NULL, *eq;
      char flag[40];
      int param, rc;
      size_t n;

      if (arg == NULL)
        break;
      if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0)
        {
          o->help = 1;
          continue;
        }
      if (strcmp (arg, "-V") == 0 || strcmp (arg, "--version") == 0)
        {
          o->version = 1;
          continue;
        }
      if (strcmp (arg, "--trace") == 0)
        {
          o->trace = 1;
          continue;
        }
      if (strcmp (arg, "--spikes") == 0)
        {
          o->trace = 0;
          continue;
        }
      if (strcmp (arg, "--events") == 0)
        {
          o->events = 1;
          continue;
        }
      /* Every other flag takes a value: "--flag value" or "--flag=value";
       * the short ones "-T value", "-i value", "-o value", "-s value". */
      if (arg[0] != '-' || arg[1] == '\0')
        return fail (err, errlen, "unexpected argument '%s' (see --help)",
                     arg);
      eq = arg[1] == '-' ? strchr (arg, '=') : NULL;
      n = eq != NULL ? (size_t)(eq - arg) : strlen (arg);
      if (n >= sizeof flag)
        return fail (err, errlen, "unknown flag '%.40s...' (see --help)", arg);
      memcpy (flag, arg, n);
      flag[n] = '\0';
      if (strcmp (flag, "-T") == 0)
        strcpy (flag, "--duration");
      else if (strcmp (flag, "-i") == 0)
        strcpy (flag, "--input");
      else if (strcmp (flag, "-o") == 0)
        strcpy (flag, "--output");
      else if (strcmp (flag, "-s") == 0)
        strcpy (flag, "--stepper");
      if (flag[1] != '-')
        return fail (err, errlen, "unknown flag '%s' (see --help)", flag);

      param = param_by_name (flag + 2);
      if (param < 0 && strcmp (flag, "--duration") != 0
          && strcmp (flag, "--input") != 0 && strcmp (flag, "--output") != 0
          && strcmp (flag, "--stepper") != 0 && strcmp (flag, "--timing") != 0
          && strcmp (flag, "--spike-limit") != 0
          && strcmp (flag, "--spike-file") != 0 && strcmp (flag, "--seed") != 0
          && strcmp (flag, "--stream") != 0)
        return fail (err, errlen, "unknown flag '%s' (see --help)", flag);
      if (eq != NULL)
        value = eq + 1;
      else if (i + 1 < argc && argv[i + 1] != NULL)
        value = argv[++i];
      else
        return fail (err, errlen, "%s: a value is missing", flag);

      if (param >= 0)
        {
          double v;
          rc = sim_parse_double (value, flag, &v, err, errlen);
          if (rc != SIM_OK)
            return rc;
          set_param (o, param, v);
        }
      else if (strcmp (flag, "--duration") == 0)
        {
          rc = sim_parse_double (value, flag, &o->duration, err, errlen);
          if (rc != SIM_OK)
            return rc;
          if (o->duration < 0)
            return fail (err, errlen, "--duration: must be >= 0, not %s",
                         value);
        }
      else if (strcmp (flag, "--input") == 0)
        {
          if (o->n_inputs == SIM_MAX_INPUTS)
            return fail (err, errlen, "--input: more than %d inputs",
                         SIM_MAX_INPUTS);
          rc = sim_parse_input (value, &o->inputs[o->n_inputs], err, errlen);
          if (rc != SIM_OK)
            return rc;
          o->n_inputs++;
        }
      else if (strcmp (flag, "--output") == 0)
        {
          if (*value == '\0')
            return fail (err, errlen, "--output: the file name is empty");
          o->output = value;
        }
      else if (strcmp (flag, "--spike-file") == 0)
        {
          if (*value == '\0')
            return fail (err, errlen, "--spike-file: the file name is empty");
          o->spike_file = value;
        }
      else if (strcmp (flag, "--seed") == 0)
        {
          rc = parse_unsigned (value, flag, 18446744073709551615ULL, &o->seed,
                               err, errlen);
          if (rc != SIM_OK)
            return rc;
        }
      else if (strcmp (flag, "--stream") == 0)
        {
          rc = parse_unsigned (value, flag, 4294967295ULL, &o->stream, err,
                               errlen);
          if (rc != SIM_OK)
            return rc;
        }
      else if (strcmp (flag, "--stepper") == 0)
        {
          o->stepper = choice_by_name (value, lif_stepper_name);
          if (o->stepper < 0)
            return fail (err, errlen,
                         "--stepper: unknown stepper '%.40s' (euler, heun, "
                         "rk4 or exact)",
                         value);
        }
      else if (strcmp (flag, "--timing") == 0)
        {
          o->timing = choice_by_name (value, lif_timing_name);
          if (o->timing < 0)
            return fail (err, errlen,
                         "--timing: unknown timing '%.40s' (grid or precise)",
                         value);
        }
      else
        {
          rc = parse_count (value, flag, &o->spike_limit, err, errlen);
          if (rc != SIM_OK)
            return rc;
          if (o->spike_limit == 0)
            return fail (err, errlen, "--spike-limit: must be >= 1");
        }
    }
  return SIM_OK;
}

/* Grows a pair of arrays to hold at least need samples. */
static int
grow (double **t, double **v, size_t *cap, size_t need)
{
  size_t new_cap = *cap ? *cap : 64;
  double *nt, *nv;
  while (new_cap < need)
    {
      if (new_cap > ((size_t)-1) / 2 / sizeof (double))
        return 0;
      new_cap *= 2;
    }
  if (new_cap == *cap)
    return 1;
  nt = realloc (*t, new_cap * sizeof **t);
  if (nt == NULL)
    return 0;
  *t = nt;
  nv = realloc (*v, new_cap * sizeof **v);
  if (nv == NULL)
    return 0;
  *v = nv;
  *cap = new_cap;
  return 1;
}

/* Splits off the next field of a table line; NULL at the end of it. */
static const char *
next_field (const char **p, const char *end, size_t *len)
{
  const char *s = *p, *f;
  while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
    s++;
  if (s == end)
    return NULL;
  f = s;
  while (s < end && *s != ',' && *s != ';' && *s != ' ' && *s != '\t'
         && *s != '\r')
    s++;
  *len = (size_t)(s - f);
  /* Skip the separator, with the blanks around it. */
  while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
    s++;
  if (s < end && (*s == ',' || *s == ';'))
    s++;
  *p = s;
  return f;
}

/* Whether a table line's text starts like a number: a digit, or a sign or
 * a point before one, or inf or nan (which strtod reads, and which then
 * must be refused as not finite rather than taken for a header). */
static int
starts_like_number (const char *q, const char *stop)
{
  if (q < stop && (*q == '+' || *q == '-'))
    q++;
  if (q < stop && *q == '.')
    q++;
  if (q < stop && *q >= '0' && *q <= '9')
    return 1;
  return stop - q >= 3
         && (((q[0] | 0x20) == 'i' && (q[1] | 0x20) == 'n'
              && (q[2] | 0x20) == 'f')
             || ((q[0] | 0x20) == 'n' && (q[1] | 0x20) == 'a'
                 && (q[2] | 0x20) == 'n'));
}

int
sim_parse_table (const char *text, size_t len, const char *name,
                 double **times, double **values, size_t *n, char *err,
                 size_t errlen)
{
  const char *p = text, *end = text + len;
  double *t = NULL, *v = NULL;
  size_t cap = 0, count = 0, line = 0;
  int rc = SIM_OK, first = 1;

  while (p < end && rc == SIM_OK)
    {
      const char *eol = memchr (p, '\n', (size_t)(end - p));
      const char *stop = eol != NULL ? eol : end, *q = p, *f;
      double pair[2];
      size_t k, flen;
      char buf[64], what[64];

      line++;
      p = eol != NULL ? eol + 1 : end;
      while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
      if (q == stop || *q == '#')
        continue;
      /* A header is the first line that does not start like a number; a
       * line that does and fails to parse is an error, never a header. */
      if (first)
        {
          first = 0;
          if (!starts_like_number (q, stop))
            continue;
        }
      snprintf (what, sizeof what, "--input: %s:%zu", name, line);
      for (k = 0; k < 2 && rc == SIM_OK; k++)
        {
          f = next_field (&q, stop, &flen);
          if (f == NULL)
            rc = fail (err, errlen, "%s: expected two numbers, t and I", what);
          else if (flen >= sizeof buf)
            rc = fail (err, errlen, "%s: not a number: '%.20s...'", what, f);
          else
            {
              memcpy (buf, f, flen);
              buf[flen] = '\0';
              rc = sim_parse_double (buf, what, &pair[k], err, errlen);
            }
        }
      if (rc == SIM_OK && next_field (&q, stop, &flen) != NULL)
        rc = fail (err, errlen, "%s: more than two numbers, t and I", what);
      if (rc != SIM_OK)
        break;
      if (!grow (&t, &v, &cap, count + 1))
        {
          fail (err, errlen, "--input: %s: out of memory", name);
          rc = SIM_EFAIL;
          break;
        }
      t[count] = pair[0];
      v[count] = pair[1];
      count++;
    }
  if (rc == SIM_OK && count == 0)
    rc = fail (err, errlen, "--input: %s: no samples", name);
  if (rc != SIM_OK)
    {
      free (t);
      free (v);
      return rc;
    }
  *times = t;
  *values = v;
  *n = count;
  return SIM_OK;
}

/* Reads a whole file into a malloc'd buffer. */
static int
read_file (const char *path, char **text, size_t *len, char *err,
           size_t errlen)
{
  FILE *f = fopen (path, "rb");
  char *buf = NULL;
  size_t cap = 0, used = 0;
  if (f == NULL)
    return fail (err, errlen, "--input: %s: %s", path, strerror (errno));
  for (;;)
    {
      size_t got;
      if (used == cap)
        {
          char *nb;
          if (cap > ((size_t)-1) / 4)
            break;
          cap = cap ? 2 * cap : 4096;
          nb = realloc (buf, cap);
          if (nb == NULL)
            break;
          buf = nb;
        }
      got = fread (buf + used, 1, cap - used, f);
      used += got;
      if (got == 0)
        break;
    }
  if (ferror (f) || !feof (f))
    {
      int e = ferror (f) ? errno : ENOMEM;
      fclose (f);
      free (buf);
      fail (err, errlen, "--input: %s: %s", path,
            e ? strerror (e) : "read error");
      return e == ENOMEM ? SIM_EFAIL : SIM_EUSAGE;
    }
  fclose (f);
  *text = buf;
  *len = used;
  return SIM_OK;
}

static int
make_input (const struct sim_input *in, lif_input **out, char *err,
            size_t errlen)
{
  const double *a = in->arg;
  int status = LIF_OK;
  const char *kind = "";
  switch (in->kind)
    {
    case SIM_CONSTANT:
      kind = "const";
      status = lif_input_new_constant (a[0], out);
      break;
    case SIM_PULSE:
      kind = "pulse";
      status = lif_input_new_pulse (a[0], a[1], a[2], out);
      break;
    case SIM_TRAIN:
      {
        size_t count = 0;
        kind = "train";
        if (in->n_args == 5)
          {
            if (a[4] < 0 || a[4] != floor (a[4]) || a[4] > 9007199254740992.0
                || a[4] > (double)((size_t)-1))
              return fail (err, errlen,
                           "--input: train: the count must be a whole "
                           "number >= 0");
            count = (size_t)a[4];
          }
        status
            = lif_input_new_pulse_train (a[0], a[1], a[2], a[3], count, out);
        break;
      }
    case SIM_SINE:
      kind = "sine";
      /* sine:AMPLITUDE,FREQUENCY[,OFFSET[,PHASE]] */
      status = lif_input_new_sine (in->n_args > 2 ? a[2] : 0.0, a[0], a[1],
                                   in->n_args > 3 ? a[3] : 0.0, out);
      break;
    case SIM_EXP:
      kind = "exp";
      status = lif_input_new_exp_decay (a[0], a[1],
                                        in->n_args > 2 ? a[2] : 0.0, out);
      break;
    case SIM_NOISE:
      kind = "noise";
      /* noise:MEAN,SIGMA[,CHANNEL] */
      if (in->n_args > 2 && (a[2] < 0 || a[2] != floor (a[2]) || a[2] > 32767))
        return fail (err, errlen,
                     "--input: noise: the channel must be a whole number "
                     "from 0 to 32767");
      status = lif_input_new_white_noise (
          a[0], a[1], in->n_args > 2 ? (unsigned)a[2] : 0u, 0, out);
      break;
    case SIM_OU:
      kind = "ou";
      /* ou:MEAN,SIGMA,TAU[,CHANNEL] */
      if (in->n_args > 3 && (a[3] < 0 || a[3] != floor (a[3]) || a[3] > 32767))
        return fail (err, errlen,
                     "--input: ou: the channel must be a whole number "
                     "from 0 to 32767");
      status = lif_input_new_ou_noise (
          a[0], a[1], a[2], in->n_args > 3 ? (unsigned)a[3] : 0u, 0, out);
      break;
    case SIM_TABLE:
      {
        char *text = NULL;
        double *t = NULL, *v = NULL;
        size_t len = 0, n = 0;
        int rc = read_file (in->file, &text, &len, err, errlen);
        if (rc != SIM_OK)
          return rc;
        rc = sim_parse_table (text, len, in->file, &t, &v, &n, err, errlen);
        free (text);
        if (rc != SIM_OK)
          return rc;
        status = lif_input_new_table (t, v, n, in->interpolation, out);
        free (t);
        free (v);
        if (status != LIF_OK)
          {
            /* Out of memory is a failure of the run (status 1), not a
             * bad input file (status 2). */
            fail (err, errlen, "--input: %s: %s", in->file,
                  lif_strerror (status));
            return status == LIF_ENOMEM ? SIM_EFAIL : SIM_EUSAGE;
          }
        return SIM_OK;
      }
    }
  if (status == LIF_ENOMEM)
    {
      fail (err, errlen, "--input: %s", lif_strerror (status));
      return SIM_EFAIL;
    }
  if (status != LIF_OK)
    return fail (err, errlen, "--input: %s: %s", kind, lif_strerror (status));
  return SIM_OK;
}

int
sim_build (const struct sim_options *o, lif_neuron **neuron, lif_input **input,
           char *err, size_t errlen)
{
  lif_neuron *n = NULL, *probe = NULL;
  lif_input *terms[SIM_MAX_INPUTS], *in = NULL;
  size_t k, made = 0;
  int status, rc = SIM_OK, have_v0 = 0, have_el = 0;
  double e_l = 0.0, dt = 0.0;

  *neuron = NULL;
  *input = NULL;
  if (lif_neuron_new (&n) != LIF_OK || lif_neuron_new (&probe) != LIF_OK)
    {
      lif_neuron_free (n);
      fail (err, errlen, "%s", lif_strerror (LIF_ENOMEM));
      return SIM_EFAIL;
    }
  /* Each value alone, on a neuron with the defaults, so that a refused one
   * is reported with its own flag. Only V_th > V_reset depends on both. */
  for (k = 0; k < o->n_params && rc == SIM_OK; k++)
    {
      int p = o->params[k];
      status = lif_neuron_set (probe, p, o->values[k]);
      if (status != LIF_OK && status != LIF_ETHRESHOLD)
        rc = fail (err, errlen, "--%s: %s: %g", lif_param_name (p),
                   lif_strerror (status), o->values[k]);
      have_v0 |= p == LIF_PARAM_V_0;
      if (p == LIF_PARAM_E_L)
        {
          have_el = 1;
          e_l = o->values[k];
        }
    }
  lif_neuron_free (probe);
  if (rc == SIM_OK)
    {
      status = lif_neuron_set_many (n, o->params, o->values, o->n_params);
      if (status == LIF_OK && have_el && !have_v0)
        status = lif_neuron_set (n, LIF_PARAM_V_0, e_l); /* V_0 follows E_L */
      if (status == LIF_ETHRESHOLD)
        rc = fail (err, errlen, "--V_th, --V_reset: %s",
                   lif_strerror (status));
      else if (status != LIF_OK)
        rc = fail (err, errlen, "%s", lif_strerror (status));
    }
  if (rc == SIM_OK)
    {
      /* Start from V_0, at t = 0. */
      lif_neuron_reset (n);
      lif_neuron_get (n, LIF_PARAM_DT, &dt);
      if (o->duration / dt > SIM_MAX_STEPS)
        rc = fail (err, errlen,
                   "--duration: %g / dt = %g steps, more than the %g "
                   "lif-sim takes",
                   o->duration, o->duration / dt, SIM_MAX_STEPS);
    }
  if (rc == SIM_OK && o->spike_limit > 0)
    lif_neuron_set_spike_limit (n, o->spike_limit);
  if (rc == SIM_OK)
    {
      lif_neuron_set_stepper (n, o->stepper);
      lif_neuron_set_timing (n, o->timing);
      lif_neuron_set_seed (n, (uint64_t)o->seed, (uint32_t)o->stream);
    }
  for (k = 0; rc == SIM_OK && k < o->n_inputs; k++)
    {
      rc = make_input (&o->inputs[k], &terms[k], err, errlen);
      if (rc == SIM_OK)
        made++;
    }
  if (rc == SIM_OK && made == 1)
    {
      in = terms[0];
      made = 0; /* handed over */
    }
  else if (rc == SIM_OK && made > 1)
    {
      status = lif_input_new_sum (terms, NULL, made, &in);
      if (status != LIF_OK)
        {
          fail (err, errlen, "--input: %s", lif_strerror (status));
          rc = SIM_EFAIL;
        }
    }
  for (k = 0; k < made; k++)
    lif_input_free (terms[k]);
  if (rc == SIM_OK && in != NULL)
    lif_neuron_set_input (n, in);
  if (rc != SIM_OK)
    {
      lif_input_free (in);
      lif_neuron_free (n);
      return rc;
    }
  *neuron = n;
  *input = in;
  return SIM_OK;
}
