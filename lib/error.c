/*
 * Status messages and names. The table is generated at build time from the
 * enum in lif.h (see error-table.awk), so a code, its name and its message
 * can never disagree.
 */
#include "internal.h"

struct status_entry
{
  int code;
  const char *name;
  const char *message;
};

static const struct status_entry status_table[] = {
#define LIF__STATUS(name, message) { name, #name, message },
#include "error-table.h"
#undef LIF__STATUS
};

static const struct status_entry *
find_status (int status)
{
  size_t i;
  for (i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
    if (status_table[i].code == status)
      return &status_table[i];
  return NULL;
}

const char *
lif_strerror (int status)
{
  const struct status_entry *e = find_status (status);
  return e ? e->message : "unknown status code";
}

const char *
lif_error_name (int status)
{
  const struct status_entry *e = find_status (status);
  return e ? e->name : NULL;
}
