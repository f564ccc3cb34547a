/*
 * The layout of a saved state (checkpoint.h), format version 2. Every
 * number is in the writer's byte order and read back with memcpy, so the
 * bytes need no alignment:
 *
 *   header, 48 bytes
 *     0   8  magic "LIFSTATE"
 *     8   4  format version (uint32)
 *    12   4  byte-order mark 0x01020304 (uint32): another byte order reads
 *            it differently
 *    16   8  PROBE (double): another double format reads it differently
 *    24   4  kind: 1 a neuron, 2 a batch (uint32)
 *    28   4  number of sections (uint32)
 *    32   8  number of members (uint64): 1 for a neuron
 *    40   8  size of the whole checkpoint in bytes (uint64)
 *   then the sections, each a 16-byte head and its contents
 *     0   4  section id (uint32)
 *     4   4  0, reserved (uint32)
 *     8   8  size of the contents in bytes (uint64)
 *
 *   section 1, the clock:      t0 (double), n (int64), dt (double), the
 *                              time between grid times a run reached
 *                              (double; NaN when on the grid)
 *   section 2, the potential:  V of each member (double)
 *   section 3, the refractory period: ref_end of each member (double), then
 *                              held_until of each member (int64)
 *   section 4, the noise current (from version 2 on): eta of each member
 *                              (double), the deviation of an
 *                              Ornstein-Uhlenbeck current from its mean (0
 *                              without one)
 *
 * A state variable added in a later release (a noise generator's position,
 * a synaptic current) is one more section, with the next id, and the
 * format version goes up by one. A release reads every version up to its
 * own, giving a section that an older version did not have the value the
 * variable has on a reset; it refuses a newer version, whose sections it
 * cannot know, and a section that is not of its version.
 */
#include "checkpoint.h"

#include <string.h>

#define FORMAT_VERSION 2u
#define BYTE_ORDER_MARK 0x01020304u
/* Every one of its 8 bytes differs, so any reordering is seen. */
#define PROBE (-0x1.23456789abcdep+10)
#define HEADER_SIZE 48
#define SECTION_HEAD_SIZE 16

enum section
{
  SECTION_CLOCK = 1,
  SECTION_POTENTIAL = 2,
  SECTION_REFRACTORY = 3,
  SECTION_NOISE_CURRENT = 4
};

#define CLOCK_SIZE 32
/* Per member: V; ref_end and held_until; eta. */
#define POTENTIAL_MEMBER_SIZE 8
#define REFRACTORY_MEMBER_SIZE 16
#define NOISE_CURRENT_MEMBER_SIZE 8
#define SECTION_COUNT 4
#define FIXED_SIZE                                                            \
  (HEADER_SIZE + SECTION_COUNT * SECTION_HEAD_SIZE + CLOCK_SIZE)
#define MEMBER_SIZE                                                           \
  (POTENTIAL_MEMBER_SIZE + REFRACTORY_MEMBER_SIZE + NOISE_CURRENT_MEMBER_SIZE)

/* ---- bytes ------------------------------------------------------------- */

static void
put_u32 (unsigned char *at, uint32_t x)
{
  memcpy (at, &x, sizeof x);
}

static void
put_u64 (unsigned char *at, uint64_t x)
{
  memcpy (at, &x, sizeof x);
}

static void
put_i64 (unsigned char *at, int64_t x)
{
  memcpy (at, &x, sizeof x);
}

static void
put_f64 (unsigned char *at, double x)
{
  memcpy (at, &x, sizeof x);
}

static uint32_t
get_u32 (const unsigned char *at)
{
  uint32_t x;
  memcpy (&x, at, sizeof x);
  return x;
}

static uint64_t
get_u64 (const unsigned char *at)
{
  uint64_t x;
  memcpy (&x, at, sizeof x);
  return x;
}

static int64_t
get_i64 (const unsigned char *at)
{
  int64_t x;
  memcpy (&x, at, sizeof x);
  return x;
}

static double
get_f64 (const unsigned char *at)
{
  double x;
  memcpy (&x, at, sizeof x);
  return x;
}

/* ---- writing ----------------------------------------------------------- */

int
lif__checkpoint_size (size_t count, size_t *size)
{
  if (count > (SIZE_MAX - FIXED_SIZE) / MEMBER_SIZE)
    return LIF_EOVERFLOW;
  *size = FIXED_SIZE + count * MEMBER_SIZE;
  return LIF_OK;
}

/* Writes a section's head at `at`; returns where its contents go. */
static unsigned char *
put_section_head (unsigned char *at, enum section id, size_t contents)
{
  put_u32 (at, (uint32_t)id);
  put_u32 (at + 4, 0);
  put_u64 (at + 8, (uint64_t)contents);
  return at + SECTION_HEAD_SIZE;
}

void
lif__checkpoint_write (void *buffer, size_t size, int kind,
                       const lif__clock *clock, size_t count,
                       lif__member_reader member, const void *object)
{
  unsigned char *b = buffer, *at, *V, *ref_end, *held_until, *eta;
  size_t i;
  memcpy (b, "LIFSTATE", 8);
  put_u32 (b + 8, FORMAT_VERSION);
  put_u32 (b + 12, BYTE_ORDER_MARK);
  put_f64 (b + 16, PROBE);
  put_u32 (b + 24, (uint32_t)kind);
  put_u32 (b + 28, SECTION_COUNT);
  put_u64 (b + 32, (uint64_t)count);
  put_u64 (b + 40, (uint64_t)size);
  at = put_section_head (b + HEADER_SIZE, SECTION_CLOCK, CLOCK_SIZE);
  put_f64 (at, clock->t0);
  put_i64 (at + 8, clock->n);
  put_f64 (at + 16, clock->dt);
  put_f64 (at + 24, clock->between);
  V = put_section_head (at + CLOCK_SIZE, SECTION_POTENTIAL,
                        count * POTENTIAL_MEMBER_SIZE);
  ref_end
      = put_section_head (V + count * POTENTIAL_MEMBER_SIZE,
                          SECTION_REFRACTORY, count * REFRACTORY_MEMBER_SIZE);
  held_until = ref_end + count * 8;
  eta = put_section_head (ref_end + count * REFRACTORY_MEMBER_SIZE,
                          SECTION_NOISE_CURRENT,
                          count * NOISE_CURRENT_MEMBER_SIZE);
  for (i = 0; i < count; i++)
    {
      lif__state s;
      member (object, i, &s);
      put_f64 (V + i * 8, s.V);
      put_f64 (ref_end + i * 8, s.ref_end);
      put_i64 (held_until + i * 8, s.held_until);
      put_f64 (eta + i * 8, s.ou);
    }
}

/* ---- reading ----------------------------------------------------------- */

/* Whether the header is one this release wrote for such an object. */
static int
header_fits (const unsigned char *b, size_t size, int kind, size_t count)
{
  const double probe = PROBE;
  uint32_t version;
  uint64_t total;
  if (size < HEADER_SIZE || memcmp (b, "LIFSTATE", 8) != 0
      || memcmp (b + 16, &probe, sizeof probe) != 0)
    return 0;
  version = get_u32 (b + 8);
  total = get_u64 (b + 40);
  return version >= 1 && version <= FORMAT_VERSION
         && get_u32 (b + 12) == BYTE_ORDER_MARK
         && get_u32 (b + 24) == (uint32_t)kind
         && get_u64 (b + 32) == (uint64_t)count && total >= HEADER_SIZE
         && total <= (uint64_t)size;
}

/* The size a section of this release must have for `count` members, or 0
 * for an id it does not know. */
static uint64_t
section_size (uint32_t id, size_t count)
{
  switch (id)
    {
    case SECTION_CLOCK:
      return CLOCK_SIZE;
    case SECTION_POTENTIAL:
      return (uint64_t)count * POTENTIAL_MEMBER_SIZE;
    case SECTION_REFRACTORY:
      return (uint64_t)count * REFRACTORY_MEMBER_SIZE;
    case SECTION_NOISE_CURRENT:
      return (uint64_t)count * NOISE_CURRENT_MEMBER_SIZE;
    default:
      return 0;
    }
}

/* The sections a checkpoint of format version `version` has: 1 to this. */
static uint32_t
sections_of (uint32_t version)
{
  return version == 1 ? SECTION_NOISE_CURRENT - 1 : SECTION_COUNT;
}

/* Finds every section between the header and the end of the checkpoint,
 * each known to its version, of its size and found once, and nothing else;
 * offsets[id] receives where the contents of section id begin (0 for a
 * section its version does not have). */
static int
sections_fit (const unsigned char *b, size_t count,
              size_t offsets[SECTION_COUNT + 1])
{
  const uint64_t total = get_u64 (b + 40);
  const uint32_t sections = get_u32 (b + 28);
  const uint32_t known = sections_of (get_u32 (b + 8));
  uint64_t at = HEADER_SIZE;
  uint32_t k, id;
  for (id = 0; id <= SECTION_COUNT; id++)
    offsets[id] = 0;
  for (k = 0; k < sections; k++)
    {
      uint64_t length;
      uint32_t reserved;
      if (total - at < SECTION_HEAD_SIZE)
        return 0;
      id = get_u32 (b + at);
      reserved = get_u32 (b + at + 4);
      length = get_u64 (b + at + 8);
      at += SECTION_HEAD_SIZE;
      if (id > known || section_size (id, count) == 0
          || length != section_size (id, count) || reserved != 0
          || offsets[id] != 0 || length > total - at)
        return 0;
      offsets[id] = (size_t)at;
      at += length;
    }
  if (at != total)
    return 0;
  /* Every section of its version is needed. */
  for (id = 1; id <= known; id++)
    if (offsets[id] == 0)
      return 0;
  return 1;
}

/* Whether a clock read from a checkpoint is one the object can take: its
 * own dt, bit for bit, and a count and time it could have reached, on the
 * grid or between two grid times. */
static int
clock_fits (const lif__clock *c, double dt)
{
  return memcmp (&c->dt, &dt, sizeof dt) == 0 && isfinite (c->t0) && c->n >= 0
         && c->n <= LIF__MAX_STEPS && lif__clock_has_room (c, 0.0)
         && (lif__clock_on_grid (c)
             || (c->between > lif__clock_at (c, c->n)
                 && c->between < lif__clock_at (c, c->n + 1)));
}

int
lif__checkpoint_open (const void *buffer, size_t size, int kind, size_t count,
                      double dt, lif__checkpoint *cp)
{
  const unsigned char *b = buffer;
  size_t offsets[SECTION_COUNT + 1];
  const unsigned char *clock;
  if (count > (SIZE_MAX - FIXED_SIZE) / MEMBER_SIZE
      || !header_fits (b, size, kind, count)
      || !sections_fit (b, count, offsets))
    return LIF_ESTATE;
  clock = b + offsets[SECTION_CLOCK];
  cp->clock.t0 = get_f64 (clock);
  cp->clock.n = get_i64 (clock + 8);
  cp->clock.dt = get_f64 (clock + 16);
  cp->clock.between = get_f64 (clock + 24);
  if (!clock_fits (&cp->clock, dt))
    return LIF_ESTATE;
  cp->bytes = b;
  cp->count = count;
  cp->potential = offsets[SECTION_POTENTIAL];
  cp->refractory = offsets[SECTION_REFRACTORY];
  cp->noise_current = offsets[SECTION_NOISE_CURRENT];
  return LIF_OK;
}

int
lif__checkpoint_member (const lif__checkpoint *cp, size_t i, lif__state *s)
{
  const unsigned char *ref = cp->bytes + cp->refractory;
  const int64_t n = cp->clock.n;
  s->V = get_f64 (cp->bytes + cp->potential + i * 8);
  s->ref_end = get_f64 (ref + i * 8);
  s->held_until = get_i64 (ref + cp->count * 8 + i * 8);
  /* Version 1 had no current: it was at its reset value. */
  s->ou = cp->noise_current ? get_f64 (cp->bytes + cp->noise_current + i * 8)
                            : 0.0;
  /* A period ends at a time or has not started (-infinity); held_until
   * is recorded as at least n, and a spike holds at most LIF__MAX_STEPS
   * steps past its own. */
  if (!isfinite (s->V) || !isfinite (s->ou) || isnan (s->ref_end)
      || s->ref_end == INFINITY || s->held_until < n
      || s->held_until - n > LIF__MAX_STEPS)
    return LIF_ESTATE;
  return LIF_OK;
}
