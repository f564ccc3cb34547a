/*
 * What each kind of input is worth at a time t, and where its next jump or
 * kink lies. Both are called from the steppers' inner loops, so they do no
 * allocation and no recursion (sums are flat).
 */
#include "input.h"

/* The pulse train's k-th pulse occupies [onset + k period, that + width).
 * Pulse indices are doubles: exact below 2^53 and harmless above. */
static double
train_start (const lif_input *in, double k)
{
  return in->u.train.onset + k * in->u.train.period;
}

static int
train_has_pulse (const lif_input *in, double k)
{
  return k >= 0.0 && (in->u.train.count == 0 || k < (double)in->u.train.count);
}

/* The index k with start(k) <= t < start(k + 1), corrected for the rounding
 * of the division. */
static double
train_index (const lif_input *in, double t)
{
  double k = floor ((t - in->u.train.onset) / in->u.train.period);
  if (!isfinite (k))
    return k;
  if (train_start (in, k) > t)
    k -= 1.0;
  else if (train_start (in, k + 1.0) <= t)
    k += 1.0;
  return k;
}

static double
train_value (const lif_input *in, double t, int side)
{
  double k = train_index (in, t), start;
  if (!isfinite (k))
    return 0.0;
  start = train_start (in, k);
  if (side == LIF__LEFT && start == t)
    {
      /* Just before a pulse's start we are in the previous period. */
      k -= 1.0;
      start = train_start (in, k);
      if (train_has_pulse (in, k) && t <= start + in->u.train.width)
        return in->u.train.amplitude;
      return 0.0;
    }
  if (!train_has_pulse (in, k))
    return 0.0;
  if (side == LIF__LEFT ? t <= start + in->u.train.width
                        : t < start + in->u.train.width)
    return in->u.train.amplitude;
  return 0.0;
}

static double
train_next_breakpoint (const lif_input *in, double t)
{
  double k = train_index (in, t), best = INFINITY;
  /* The pulses around k, listed rather than counted: from 2^53 on, k + 1.0
   * may equal k, and a loop `for (j = k - 1; j <= k + 1; j += 1)` would
   * never end. There, neighbouring pulses may coincide; the next
   * breakpoint is then the next distinct edge, or none. */
  const double around[3] = { k - 1.0, k, k + 1.0 };
  int i;
  if (!isfinite (k) || k < -1.0)
    return t < in->u.train.onset ? in->u.train.onset : INFINITY;
  for (i = 0; i < 3; i++)
    {
      double j = around[i], s, e;
      if (!train_has_pulse (in, j))
        continue;
      s = train_start (in, j);
      e = s + in->u.train.width;
      if (s > t && s < best)
        best = s;
      if (e > t && e < best)
        best = e;
    }
  return best;
}

/* omega t + phase. Where it overflows, t is first reduced modulo the
 * period 1 / frequency (fmod is exact), so that a sine stays finite at
 * every finite t instead of giving sin(inf) = NaN; at such times its phase
 * has no meaningful digit left anyway. When 1 / frequency overflows,
 * omega t cannot (|omega t| < 2 pi DBL_MAX / DBL_MAX). Ordinary times take
 * the first branch alone, so their values are unchanged. */
double
lif__sine_argument (const lif_input *in, double t)
{
  double x = in->u.sine.omega * t + in->u.sine.phase;
  if (!isfinite (x))
    x = in->u.sine.omega * fmod (t, 1.0 / in->u.sine.frequency)
        + in->u.sine.phase;
  return x;
}

static double
sine_value (const lif_input *in, double t)
{
  return in->u.sine.offset
         + in->u.sine.amplitude * sin (lif__sine_argument (in, t));
}

/* The number of table times <= t (side RIGHT) or < t (side LEFT). */
static size_t
table_rank (const lif_input *in, double t, int side)
{
  const double *x = in->u.table.times;
  size_t lo = 0, hi = in->u.table.n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (side == LIF__LEFT ? x[mid] < t : x[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static double
table_value (const lif_input *in, double t, int side)
{
  const double *x = in->u.table.times, *y = in->u.table.values;
  size_t n = in->u.table.n, i;
  double x0, x1, theta;
  if (in->u.table.interpolation == LIF_INTERP_STEP)
    {
      i = table_rank (in, t, side);
      return i == 0 ? y[0] : y[i - 1];
    }
  if (t <= x[0])
    return y[0];
  if (t >= x[n - 1])
    return y[n - 1];
  i = table_rank (in, t, LIF__RIGHT) - 1; /* x[i] <= t < x[i + 1] */
  x0 = x[i];
  x1 = x[i + 1];
  /* When x1 - x0 overflows, (t - x0) / inf would be a finite but wrong 0:
   * test the span itself, and halve everything then. (t - x0 <= x1 - x0,
   * so the numerator overflows only if the span does.) */
  if (isfinite (x1 - x0))
    theta = (t - x0) / (x1 - x0);
  else
    theta = (0.5 * t - 0.5 * x0) / (0.5 * x1 - 0.5 * x0);
  /* A convex combination cannot overflow, whatever the values. */
  return y[i] * (1.0 - theta) + y[i + 1] * theta;
}

static double
table_next_breakpoint (const lif_input *in, double t)
{
  size_t i = table_rank (in, t, LIF__RIGHT);
  return i < in->u.table.n ? in->u.table.times[i] : INFINITY;
}

double
lif__input_value (const lif_input *in, double t, int side)
{
  double sum;
  size_t i;
  switch (in->kind)
    {
    case LIF__INPUT_CONSTANT:
      return in->u.constant.value;
    case LIF__INPUT_PULSE:
      if (side == LIF__LEFT ? (t > in->u.pulse.onset && t <= in->u.pulse.end)
                            : (t >= in->u.pulse.onset && t < in->u.pulse.end))
        return in->u.pulse.amplitude;
      return 0.0;
    case LIF__INPUT_PULSE_TRAIN:
      return train_value (in, t, side);
    case LIF__INPUT_SINE:
      return sine_value (in, t);
    case LIF__INPUT_EXP_DECAY:
      if (side == LIF__LEFT ? t > in->u.exp_decay.onset
                            : t >= in->u.exp_decay.onset)
        return in->u.exp_decay.peak
               * exp (-(t - in->u.exp_decay.onset) / in->u.exp_decay.tau);
      return 0.0;
    case LIF__INPUT_TABLE:
      return table_value (in, t, side);
    case LIF__INPUT_SUM:
      sum = 0.0;
      for (i = 0; i < in->u.sum.n; i++)
        sum += in->u.sum.weights[i]
               * lif__input_value (in->u.sum.terms[i], t, side);
      return sum;
    case LIF__INPUT_CALLBACK:
      return in->u.callback.fn (t, in->u.callback.user_data);
    case LIF__INPUT_WHITE_NOISE:
    case LIF__INPUT_OU_NOISE:
      /* Its mean; the noise is drawn by the run (noise.h). */
      return in->u.noisy.mean;
    default:
      return NAN;
    }
}

double
lif__input_next_breakpoint (const lif_input *in, double t)
{
  double best, b;
  size_t i;
  switch (in->kind)
    {
    case LIF__INPUT_PULSE:
      if (t < in->u.pulse.onset)
        return in->u.pulse.onset;
      return t < in->u.pulse.end ? in->u.pulse.end : INFINITY;
    case LIF__INPUT_PULSE_TRAIN:
      return train_next_breakpoint (in, t);
    case LIF__INPUT_EXP_DECAY:
      return t < in->u.exp_decay.onset ? in->u.exp_decay.onset : INFINITY;
    case LIF__INPUT_TABLE:
      return table_next_breakpoint (in, t);
    case LIF__INPUT_SUM:
      best = INFINITY;
      for (i = 0; i < in->u.sum.n; i++)
        {
          b = lif__input_next_breakpoint (in->u.sum.terms[i], t);
          if (b < best)
            best = b;
        }
      return best;
    default:
      return INFINITY;
    }
}
