/*
 * A state monitor: the samples a neuron or a batch records every `every`
 * grid steps of its runs (lif_neuron_set_monitor(), lif_batch_set_monitor()).
 * A sample is one value per column: the time, then each recorded variable
 * (#lif_record) of each watched member. Columns are kept apart, one array
 * each, so that copying one variable out is one memcpy and a variable added
 * to #lif_record is one more column.
 *
 * Runs never test for a sample inside their loops: the engine ends a run's
 * piece where the next sample is due (lif__engine_piece), and the owner
 * records there.
 */
#ifndef LIF_MONITOR_H
#define LIF_MONITOR_H

#include "internal.h"

/* The number of #lif_record values: one column each. */
#define LIF__RECORDS 3

typedef struct lif__monitor
{
  int64_t every;   /* steps between samples; 0: off */
  size_t *members; /* the watched members (a batch's); NULL for a neuron */
  size_t width;    /* values of a variable per sample: watched members */
  double *column[LIF__RECORDS]; /* LIF_RECORD_T: 1 a sample, others width */
  size_t samples, capacity;     /* samples held, and room for them */
} lif__monitor;

/* Off, with no samples, for `width` values of a variable per sample. */
void lif__monitor_init (lif__monitor *m, size_t width);

/* Frees the samples and the member list. */
void lif__monitor_free (lif__monitor *m);

/* A deep copy of src into dst; LIF_ENOMEM leaves dst untouched. */
int lif__monitor_copy (const lif__monitor *src, lif__monitor *dst);

/* The values of one variable a sample holds: 1 for the time, else width. */
static inline size_t
lif__monitor_values (const lif__monitor *m, int record)
{
  return record == LIF_RECORD_T ? 1 : m->width;
}

/* Whether a run that reaches grid step n_end must record a sample there. */
static inline int
lif__monitor_due (const lif__monitor *m, int64_t n_end)
{
  return m->every > 0 && n_end > 0 && n_end % m->every == 0;
}

/* Doubles the room for samples; LIF_ENOMEM leaves the samples as they
 * were. */
int lif__monitor_grow (lif__monitor *m);

/* Makes room for one more sample when one is due at step n_end, before the
 * steps that lead there are taken, so that a sample that finds no memory
 * stops the run before them. Inline: with the monitor off it is one
 * comparison, wherever a run calls it. */
static inline int
lif__monitor_ready (lif__monitor *m, int64_t n_end)
{
  if (!lif__monitor_due (m, n_end) || m->samples < m->capacity)
    return LIF_OK;
  return lif__monitor_grow (m);
}

/* Where the values of one variable (not LIF_RECORD_T) of the next sample
 * go: room for width values, which lif__monitor_ready made. */
static inline double *
lif__monitor_slot (lif__monitor *m, int record)
{
  return m->column[record] + m->samples * m->width;
}

/* Appends the next sample, at time t, once its variables are written in
 * their slots. */
static inline void
lif__monitor_push (lif__monitor *m, double t)
{
  m->column[LIF_RECORD_T][m->samples++] = t;
}

/* Copies up to `capacity` samples of one variable from sample `first` on
 * into out (room for capacity * lif__monitor_values of it); returns how
 * many samples were copied. */
size_t lif__monitor_read (const lif__monitor *m, int record, size_t first,
                          double *out, size_t capacity);

/* Checks a #lif_record value: LIF_OK or LIF_EENUM. */
int lif__monitor_check_record (int record);

#endif /* LIF_MONITOR_H */
