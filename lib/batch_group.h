/*
 * The constant-stretch kernel, written once for any vector width: a
 * template that batch_kernel.c includes once per instruction set, after
 * defining
 *
 *   GROUP_KERNEL  the name of the function to define,
 *   GROUP_TARGET  its attributes (a target, or nothing),
 *   GROUP_LANES   doubles per vector: 2 or 4, or 1 for plain C.
 *
 * With vectors, a group is eight of them, 8 * GROUP_LANES members, whose
 * deviations stay in registers for as many steps as the group runs: the
 * loop over steps is eight multiplications and eight comparisons a step,
 * with no load and no store. The vectors are GCC's vector extensions,
 * spelled out one variable each (arrays of vectors are kept in memory, not
 * in registers). Plain C runs groups of 16 through arrays. Every version
 * does the same IEEE operations on each member in the same order.
 */

#if GROUP_LANES > 1
#define GROUP_MEMBERS (8 * GROUP_LANES)
#else
#define GROUP_MEMBERS 16
#endif
#define GROUP_V GROUP_NAME (v)
#define GROUP_M GROUP_NAME (m)
#define GROUP_RUN GROUP_NAME (run)
#define GROUP_NAME(x) GROUP_PASTE (GROUP_KERNEL, x)
#define GROUP_PASTE(a, b) GROUP_PASTE2 (a, b)
#define GROUP_PASTE2(a, b) a##_##b

#if GROUP_LANES > 1
typedef double GROUP_V __attribute__ ((vector_size (8 * GROUP_LANES)));
typedef int64_t GROUP_M __attribute__ ((vector_size (8 * GROUP_LANES)));

#define EACH_VECTOR(X) X (0) X (1) X (2) X (3) X (4) X (5) X (6) X (7)
/* memcpy, not a cast: the arrays need not be aligned for vectors. */
#define DECLARE(v) GROUP_V d##v, g##v, s##v, t##v;
#define LOAD(v)                                                               \
  memcpy (&d##v, D + GROUP_LANES * (v), sizeof d##v);                         \
  memcpy (&g##v, g + GROUP_LANES * (v), sizeof g##v);                         \
  memcpy (&s##v, limit + GROUP_LANES * (v), sizeof s##v);
#define STEP(v)                                                               \
  t##v = g##v * d##v;                                                         \
  reached |= t##v >= s##v;
#define TAKE(v) d##v = t##v;
#define SAVE(v) memcpy (D + GROUP_LANES * (v), &d##v, sizeof d##v);
/* After the step that reached a threshold: members that reached theirs
 * keep d, the others take t (a select through the comparison's all-ones
 * or all-zeros lanes), and each reached member's bit is set in *hits. */
#define SETTLE(v)                                                             \
  {                                                                           \
    GROUP_M m = t##v >= s##v;                                                 \
    d##v = (GROUP_V)(((GROUP_M)d##v & m) | ((GROUP_M)t##v & ~m));             \
    for (j = 0; j < GROUP_LANES; j++)                                         \
      *hits |= (unsigned)(m[j] & 1) << (GROUP_LANES * (v) + j);               \
  }

/* Runs the group's steps k .. k_end - 1 with g and limit constant; returns
 * the first step at which a member reaches limit (its bit set in *hits,
 * its deviation left as before the step, the others' after it), or k_end.
 * Inlined always, so that it is compiled for its caller's target. */
static inline LIF__ALWAYS_INLINE int64_t
GROUP_RUN (int64_t k, int64_t k_end, const double *g, const double *limit,
           double *D, unsigned *hits)
{
  int j;
  EACH_VECTOR (DECLARE)
  EACH_VECTOR (LOAD)
  *hits = 0;
  for (; k < k_end; k++)
    {
      GROUP_M reached = { 0 };
      int64_t any = 0;
      EACH_VECTOR (STEP)
      for (j = 0; j < GROUP_LANES; j++)
        any |= reached[j];
      if (any)
        {
          EACH_VECTOR (SETTLE)
          break;
        }
      EACH_VECTOR (TAKE)
    }
  EACH_VECTOR (SAVE)
  return k;
}
#else
static int64_t
GROUP_RUN (int64_t k, int64_t k_end, const double *g, const double *limit,
           double *D, unsigned *hits)
{
  *hits = 0;
  for (; k < k_end; k++)
    {
      double t[GROUP_MEMBERS];
      int j, any = 0;
      for (j = 0; j < GROUP_MEMBERS; j++)
        {
          t[j] = g[j] * D[j];
          any |= t[j] >= limit[j];
        }
      if (any)
        {
          for (j = 0; j < GROUP_MEMBERS; j++)
            if (t[j] >= limit[j])
              *hits |= 1u << j;
            else
              D[j] = t[j];
          return k;
        }
      memcpy (D, t, sizeof t);
    }
  return k_end;
}
#endif

/* The members of the kernel's groups, for lif__kernel_constant_pick. */
enum
{
  GROUP_NAME (members) = GROUP_MEMBERS
};

/* The kernel: see lif__constant_kernel in batch_kernel.h. */
GROUP_TARGET static int64_t
GROUP_KERNEL (int64_t k, int64_t k_end, const double *restrict g,
              const double *restrict limit, const double *restrict held_until,
              double *restrict D, unsigned *restrict hits)
{
  /* A held member multiplies by 1 and tests against +infinity, which
   * leaves it exactly as it is; so between two ends of holds the loop is
   * the same for every member. */
  double ge[GROUP_MEMBERS], se[GROUP_MEMBERS];
  int64_t held = 0;
  int j;
  *hits = 0;
  /* Most often no member is held: then g and limit serve as they are. */
  for (j = 0; j < GROUP_MEMBERS; j++)
    held |= (double)k < held_until[j];
  if (!held)
    return GROUP_RUN (k, k_end, g, limit, D, hits);
  while (k < k_end)
    {
      const double kd = (double)k;
      double next = (double)k_end;
      int64_t until;
      for (j = 0; j < GROUP_MEMBERS; j++)
        {
          const int active = kd >= held_until[j];
          ge[j] = active ? g[j] : 1.0;
          se[j] = active ? limit[j] : INFINITY;
          /* held_until is a whole step number: a held member becomes active
           * there. */
          next = !active && held_until[j] < next ? held_until[j] : next;
        }
      until = (int64_t)next;
      k = GROUP_RUN (k, until, ge, se, D, hits);
      if (k < until)
        break;
    }
  return k;
}

#undef GROUP_MEMBERS
#undef GROUP_V
#undef GROUP_M
#undef GROUP_RUN
#undef GROUP_NAME
#undef GROUP_PASTE
#undef GROUP_PASTE2
#undef EACH_VECTOR
#undef DECLARE
#undef LOAD
#undef STEP
#undef TAKE
#undef SETTLE
#undef SAVE
#undef GROUP_KERNEL
#undef GROUP_TARGET
#undef GROUP_LANES
