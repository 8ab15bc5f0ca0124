// program-form.js: the fields a program is planned with, shared by the new-program form and the
// edit form, and the body they send.
import { t } from './i18n.js';
import { get } from './api.js';
import { h, field, checks } from './ui.js';
import { offsetOf } from './community.js';

const weekdays = [1, 2, 3, 4, 5, 6, 7];

/** dayFilters are the day filters offered; break_workdays is workdays inside a school break. */
export const dayFilters = ['school_days', 'non_school_days', 'break_workdays', 'all_days'];

/**
 * defaultDayFilter is the day filter API.md gives a kind by default: a holiday class meets on
 * workdays of a school break when the calendar has one in its range, else on non-school days;
 * every other kind on school days.
 */
export async function defaultDayFilter(c, kind, from, to) {
  if (kind !== 'holiday_class') return 'school_days';
  if (!from || !to || to < from) return 'non_school_days';
  try {
    const { items } = await get(`/calendars/${encodeURIComponent(c.calendar_id)}/days`, { from, to });
    return items.some((d) => d.reason === 'school_break') ? 'break_workdays' : 'non_school_days';
  } catch {
    return 'non_school_days';
  }
}

/** venueOptions are the community's venues for a select, "no venue" first. */
export const venueOptions = (venues) => [{ value: '', label: t('program.no_venue') },
  ...venues.map((x) => ({ value: x.id, label: t('venue.option', { name: x.name, n: x.capacity }) }))];

/** scheduleFields are the schedule's inputs, filled from s (a program's schedule) when given. */
export function scheduleFields(s) {
  return h('fieldset', { class: 'group' }, h('legend', null, t('program.schedule_title')),
    h('div', { class: 'row' },
      field({ name: 'schedule.start_date', label: t('field.start_date'), type: 'date', value: s.start_date, required: true }),
      field({ name: 'schedule.end_date', label: t('field.end_date'), type: 'date', value: s.end_date, required: true })),
    h('div', { class: 'row' },
      field({ name: 'schedule.start_time', label: t('field.start_time'), type: 'time', value: s.start_time, required: true }),
      field({ name: 'schedule.end_time', label: t('field.end_time'), type: 'time', value: s.end_time, required: true })),
    checks({ name: 'schedule.weekdays', label: t('field.weekdays'), number: true, values: s.weekdays || [], options: weekdays.map((d) => ({ value: d, label: t(`weekday.${d}`) })) }),
    field({ name: 'schedule.day_filter', label: t('field.day_filter'), type: 'select', value: s.day_filter || 'school_days', options: dayFilters.map((x) => ({ value: x, label: t(`day_filter.${x}`) })), hint: t('program.day_filter_hint') }),
    field({ name: 'schedule.except_dates', label: t('field.except_dates'), hint: t('program.except_hint'), placeholder: '2027-02-05, 2027-02-08', value: (s.except_dates || []).join(', ') }),
    field({ name: 'schedule.extra_dates', label: t('field.extra_dates'), hint: t('program.extra_hint'), placeholder: '2027-02-06', value: (s.extra_dates || []).join(', ') }));
}

/** localInput writes an instant as a datetime-local value in China's time. */
export function localInput(instant) {
  if (!instant) return '';
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** bodyOf turns a program form's values into the API's body for community c. */
export function bodyOf(v, c) {
  const body = { ...v, schedule: { ...v.schedule } };
  const dates = (x) => (x ? x.split(/[\s,，、]+/).filter(Boolean) : []);
  body.schedule.except_dates = dates(body.schedule.except_dates);
  body.schedule.extra_dates = dates(body.schedule.extra_dates);
  if (body.booking_opens_at) body.booking_opens_at = `${body.booking_opens_at}:00${offsetOf(c.timezone, body.booking_opens_at.slice(0, 10))}`;
  return body;
}

/** warningNotes are a program's warnings in plain words. */
export const warningNotes = (warnings) => (warnings || []).map((w) => h('p', { class: 'notice notice-error', role: 'status', 'data-warning': w }, t(`warning.${w}`)));

