/* The names of the public enumerations, for bindings and command lines. */
#include "internal.h"

#define COUNT_OF(a) (sizeof (a) / sizeof (a)[0])

static const char *
name_in (const char *const *names, size_t count, int value)
{
  return value >= 0 && (size_t)value < count ? names[value] : NULL;
}

/* Each list is indexed by its enum and, like the enum, append-only. */
static const char *const timing_names[] = { "grid", "precise" };
static const char *const interpolation_names[] = { "step", "linear" };
static const char *const param_names[] = {
  "R",   "C",      "tau", "E_L", "V_th", "V_reset",  "t_ref",
  "V_0", "I_bias", "V",   "t",   "dt",   "ref_left",
};
static const char *const record_names[] = { "t", "V", "I" };

const char *
lif_timing_name (int timing)
{
  return name_in (timing_names, COUNT_OF (timing_names), timing);
}

const char *
lif_interpolation_name (int interpolation)
{
  return name_in (interpolation_names, COUNT_OF (interpolation_names),
                  interpolation);
}

const char *
lif_param_name (int param)
{
  return name_in (param_names, COUNT_OF (param_names), param);
}

const char *
lif_record_name (int record)
{
  return name_in (record_names, COUNT_OF (record_names), record);
}
