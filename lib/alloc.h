/*
 * Every allocation of liblif goes through these three functions, so that a
 * test build (LIF_FAULT_INJECTION) can make any one of them fail and prove
 * that each public call then returns LIF_ENOMEM and loses nothing.
 */
#ifndef LIF_ALLOC_H
#define LIF_ALLOC_H

#include <stddef.h>

void *lif__malloc (size_t size);
void *lif__realloc (void *ptr, size_t size);
void lif__free (void *ptr);

/* Room for n elements of the given size, or NULL when n * size overflows or
 * the allocation fails. */
void *lif__malloc_array (size_t n, size_t size);
void *lif__realloc_array (void *ptr, size_t n, size_t size);

#ifdef LIF_FAULT_INJECTION
/* Test builds only: the n-th allocation from now (1 is the next one) and no
 * other fails; 0 switches failures off. Returns how many allocations were
 * made since the previous call, so a test can learn how many a call needs.
 * The counter is per thread. */
unsigned long lif__test_fail_allocation (unsigned long n);
#endif

#endif /* LIF_ALLOC_H */
