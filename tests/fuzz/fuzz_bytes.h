/*
 * What liblif's fuzzing harnesses share: how they fail, how they trace, and
 * how they turn the fuzzer's bytes into arguments (doubles that include
 * NaN, infinities, subnormals and extremes; enum ints that are mostly valid;
 * sizes from 0 to SIZE_MAX). Each harness is its own program and defines
 * FUZZ_NAME, the name its failures are reported under, before including
 * this file.
 *
 * The readers never fail: past the end of the input they read zeros, so
 * every input, however short, is a whole program.
 */
#ifndef LIF_FUZZ_BYTES_H
#define LIF_FUZZ_BYTES_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_NAME
#error "define FUZZ_NAME before including fuzz_bytes.h"
#endif

/* A broken promise: libFuzzer reports the abort() as a crash and keeps the
 * input. */
#define FAIL(...)                                                             \
  do                                                                          \
    {                                                                         \
      fprintf (stderr, FUZZ_NAME ": line %d: ", __LINE__);                    \
      fprintf (stderr, __VA_ARGS__);                                          \
      fputc ('\n', stderr);                                                   \
      abort ();                                                               \
    }                                                                         \
  while (0)

#define CHECK(cond, ...)                                                      \
  do                                                                          \
    {                                                                         \
      if (!(cond))                                                            \
        FAIL (__VA_ARGS__);                                                   \
    }                                                                         \
  while (0)

/* LIF_FUZZ_TRACE=1 in the environment prints every call made, to turn a
 * finding into a regression test; fuzz_trace_init() reads it. */
static int tracing;
#define TRACE(...)                                                            \
  do                                                                          \
    {                                                                         \
      if (tracing)                                                            \
        {                                                                     \
          fprintf (stderr, __VA_ARGS__);                                      \
          fputc ('\n', stderr);                                               \
        }                                                                     \
    }                                                                         \
  while (0)

static inline void
fuzz_trace_init (void)
{
  const char *e = getenv ("LIF_FUZZ_TRACE");
  tracing = e && *e && *e != '0';
}

/* ---- reading the bytes ------------------------------------------------ */

typedef struct reader
{
  const uint8_t *p;
  size_t n;
} reader;

static inline unsigned
u8 (reader *r)
{
  if (r->n == 0)
    return 0;
  r->n--;
  return *r->p++;
}

static inline unsigned
u16 (reader *r)
{
  unsigned a = u8 (r);
  return a | (u8 (r) << 8);
}

static inline uint64_t
u64 (reader *r)
{
  uint64_t v = 0;
  int i;
  for (i = 0; i < 8; i++)
    v |= (uint64_t)u8 (r) << (8 * i);
  return v;
}

/* Values that models use, so that inputs reach spikes and not only errors. */
static const double fuzz_typical[16]
    = { -65.0, -50.0, 10.0, 0.1,   1.0,   2.5,    1e-3, 1e9,
        1e6,   -1.0,  0.5,  100.0, -70.0, 1.6e-9, 4.0,  0.25 };

/* Any double: special values, model values, small integers times powers of
 * two, or any 64 bits. */
static inline double
dbl (reader *r)
{
  unsigned sel = u8 (r) % 32;
  uint64_t bits;
  double d;
  switch (sel)
    {
    case 0:
      return 0.0;
    case 1:
      return -0.0;
    case 2:
      return NAN;
    case 3:
      return INFINITY;
    case 4:
      return -INFINITY;
    case 5:
      return DBL_MAX;
    case 6:
      return -DBL_MAX;
    case 7:
      return DBL_MIN;
    case 8:
      return 4.9406564584124654e-324;
    case 9:
      return -4.9406564584124654e-324;
    case 10:
      return DBL_EPSILON;
    case 11:
      return 1e-300;
    case 12:
      return 1e300;
    case 13:
      return 9007199254740992.0; /* 2^53 */
    case 14:
      return 9223372036854775808.0; /* 2^63 */
    case 15:
      bits = u64 (r);
      memcpy (&d, &bits, sizeof d);
      return d;
    default:
      if (sel < 24)
        return fuzz_typical[u8 (r) % 16];
      /* A small integer times a power of two, from 2^-40 to 2^40. */
      return (double)(int16_t)u16 (r) * ldexp (1.0, (int)(u8 (r) % 81) - 40);
    }
}

/* An int for an enum argument: mostly valid, sometimes anything. */
static inline int
enum_int (reader *r, int count)
{
  unsigned sel = u8 (r);
  if (sel < 200)
    return (int)(sel % (unsigned)count);
  switch (sel % 4)
    {
    case 0:
      return -1;
    case 1:
      return count;
    case 2:
      return INT32_MIN;
    default:
      return (int)(u16 (r) | (u16 (r) << 16));
    }
}

/* A size or count: mostly below 300, sometimes 0, SIZE_MAX, SIZE_MAX / 2 +
 * 1 or any 64 bits. */
static inline size_t
size_arg (reader *r)
{
  unsigned sel = u8 (r);
  switch (sel % 8)
    {
    case 0:
      return 0;
    case 1:
      return SIZE_MAX;
    case 2:
      return SIZE_MAX / 2 + 1;
    case 3:
      return (size_t)u64 (r);
    default:
      return u16 (r) % 300;
    }
}

/* ---- runs ------------------------------------------------------------- */

/* The duration of a run, relative to dt most of the time. */
static inline double
duration_arg (reader *r, double dt)
{
  switch (u8 (r) % 8)
    {
    case 0:
      return dbl (r);
    case 1:
      return (double)u16 (r) * dt;
    case 2:
      return ((double)u16 (r) + (double)u8 (r) / 256.0) * dt;
    case 3:
      return dbl (r) * dt;
    default:
      return ((double)u8 (r) + (double)u8 (r) / 256.0) * dt;
    }
}

/* Whether liblif must refuse a run of `steps` steps from time t with this
 * dt before it starts (LIF_EOVERFLOW): the harness passes such durations on
 * unchanged to reach those checks. */
static inline int
must_overflow (double t, double steps, double dt)
{
  return steps >= 18014398509481984.0 /* 2^54 */
         || !isfinite (t + steps * dt);
}

#endif /* LIF_FUZZ_BYTES_H */
