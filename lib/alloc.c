/*
 * The allocator wrappers. In a normal build they are malloc, realloc and free
 * with overflow checks on array sizes. In the fault-injection build used by
 * the out-of-memory test they can fail on request.
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef LIF_FAULT_INJECTION
/* Thread-local so that tests in several threads do not disturb each other;
 * this state exists only in the test build, never in the installed library. */
static _Thread_local unsigned long fail_at;
static _Thread_local unsigned long made;

unsigned long
lif__test_fail_allocation (unsigned long n)
{
  unsigned long before = made;
  made = 0;
  fail_at = n;
  return before;
}

static int
should_fail (void)
{
  made++;
  return fail_at != 0 && made == fail_at;
}
#else
static int
should_fail (void)
{
  return 0;
}
#endif

void *
lif__malloc (size_t size)
{
  if (should_fail ())
    return NULL;
  return malloc (size ? size : 1);
}

void *
lif__realloc (void *ptr, size_t size)
{
  if (should_fail ())
    return NULL;
  return realloc (ptr, size ? size : 1);
}

void
lif__free (void *ptr)
{
  free (ptr);
}

void *
lif__malloc_array (size_t n, size_t size)
{
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  return lif__malloc (n * size);
}

void *
lif__realloc_array (void *ptr, size_t n, size_t size)
{
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  return lif__realloc (ptr, n * size);
}
