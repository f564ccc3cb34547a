/*
 * Injected allocation failures for the fuzzing harnesses that drive the
 * library's calls (fuzz_api, fuzz_batch). The library is compiled into each
 * of them with -DLIF_FAULT_INJECTION, which makes lib/alloc.h declare
 * lif__test_fail_allocation().
 *
 * A harness sets pending_fault from the fuzzer's bytes, calls arm() just
 * before the call under test and disarm() just after it, so that only that
 * call is armed, never the harness's own calls into liblif. The counter is
 * per thread: in a batch run on several threads only the calling thread's
 * allocations are counted.
 */
#ifndef LIF_FUZZ_FAULTS_H
#define LIF_FUZZ_FAULTS_H

#include "alloc.h"

/* The allocation (1 = the first) that the next armed call makes fail, 0 for
 * none. */
static unsigned long pending_fault;

static void
arm (void)
{
  lif__test_fail_allocation (pending_fault);
  pending_fault = 0;
}

static void
disarm (void)
{
  lif__test_fail_allocation (0);
}

#endif /* LIF_FUZZ_FAULTS_H */
