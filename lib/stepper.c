/*
 * The table that maps the public lif_stepper values to their descriptors:
 * the one place that names each stepper. Adding one is a file of its own,
 * a row here and a line in Makefile.am (docs/numerics.md).
 */
#include "internal.h"
#include "stepper.h"

/* Indexed by enum lif_stepper; append only. */
static const lif__stepper *const steppers[] = {
  &lif__stepper_euler,
  &lif__stepper_heun,
  &lif__stepper_rk4,
  &lif__stepper_exact,
};

const lif__stepper *
lif__stepper_get (int stepper)
{
  if (stepper < 0 || (size_t)stepper >= sizeof steppers / sizeof steppers[0])
    return NULL;
  return steppers[stepper];
}

void
lif__stepper_coefficients (const lif__stepper *st, double x, lif__coef *c)
{
  double w[LIF__MAX_NODES] = { 0.0, 0.0, 0.0 };
  double sum = st->coef (x, &c->g, w);
  int j;
  c->noise = st->noise (x);
  c->avg[0] = 1.0; /* a single node's average is its sample: w / w */
  c->avg[1] = c->avg[2] = 0.0;
  if (st->n_nodes > 1)
    for (j = 0; j < st->n_nodes; j++)
      c->avg[j] = sum > 0.0 ? w[j] / sum : 1.0 / st->n_nodes;
}

const char *
lif_stepper_name (int stepper)
{
  const lif__stepper *s = lif__stepper_get (stepper);
  return s ? s->name : NULL;
}
