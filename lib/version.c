/* The run-time twins of the LIF_VERSION_* macros. */
#include "internal.h"

unsigned int
lif_version (void)
{
  return LIF_VERSION_HEX;
}

const char *
lif_version_string (void)
{
  return LIF_VERSION_STRING;
}
