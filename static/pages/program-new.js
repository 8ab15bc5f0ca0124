// program-new.js: plan a program with its schedule; the server expands it into sessions.
import { t, today, addDays } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, field, form, checks, notice } from '../ui.js';
import { coordinated, chosen, staffOptions } from '../community.js';
import { kindOptions, categoryOptions } from '../parts.js';
import { defaultDayFilter, scheduleFields, bodyOf } from '../program-form.js';

const kinds = ['after_school', 'holiday_class', 'volunteer_shift', 'neighbor_visit', 'event'];

/** render draws the form for a new program of the chosen community. */
export async function render({ app, query }) {
  const c = chosen(await coordinated(app), query);
  if (!c) return page(t('programs.new'), notice(t('programs.no_community')));
  const [venues, staff, startFilter] = await Promise.all([all(`/communities/${c.id}/venues`), staffOptions(c),
    defaultDayFilter(c, 'holiday_class', today(), addDays(today(), 27))]);
  const f = form({ id: 'program-form', submit: t('programs.create'), onSubmit: async (v) => {
    const body = bodyOf(v, c);
    const res = await post(`/communities/${c.id}/programs`, body);
    const warn = res.warnings?.length ? `&warnings=${res.warnings.join(',')}` : '';
    app.navigate(`/programs/${res.program.id}?created=${res.sessions_created}${warn}`);
  } },
  h('p', { class: 'meta' }, c.name),
  field({ name: 'kind', label: t('field.kind'), type: 'select', value: 'holiday_class', options: kindOptions(kinds) }),
  field({ name: 'title', label: t('field.title'), required: true, maxlength: 100 }),
  field({ name: 'category', label: t('field.category'), type: 'select', value: 'other', options: categoryOptions() }),
  field({ name: 'description', label: t('field.description'), type: 'textarea', maxlength: 2000 }),
  h('div', { class: 'row' },
    field({ name: 'age_min', label: t('field.age_min'), type: 'number', min: 3, max: 12, inputmode: 'numeric' }),
    field({ name: 'age_max', label: t('field.age_max'), type: 'number', min: 3, max: 12, inputmode: 'numeric' })),
  field({ name: 'capacity', label: t('field.capacity'), type: 'number', min: 1, value: 20, inputmode: 'numeric', required: true }),
  field({ name: 'venue_id', label: t('field.venue'), type: 'select', options: [{ value: '', label: t('program.no_venue') }, ...venues.map((x) => ({ value: x.id, label: t('venue.option', { name: x.name, n: x.capacity }) }))] }),
  field({ name: 'waitlist', label: t('field.waitlist'), type: 'checkbox', value: true }),
  staff.length ? checks({ name: 'staff_ids', label: t('field.staff'), options: staff, hint: t('program.staff_hint') })
    : h('p', { class: 'hint', id: 'no-staff' }, t('program.no_staff')),
  scheduleFields({ start_date: today(), end_date: addDays(today(), 27), start_time: '16:30', end_time: '18:00', day_filter: startFilter }),
  h('details', null, h('summary', null, t('program.more_options')),
    field({ name: 'booking_opens_at', label: t('field.booking_opens_at'), type: 'datetime-local' }),
    field({ name: 'cancel_cutoff_minutes', label: t('field.cancel_cutoff_minutes'), type: 'number', min: 0, inputmode: 'numeric' }),
    field({ name: 'max_children_per_staff', label: t('field.max_children_per_staff'), type: 'number', min: 1, inputmode: 'numeric' })));
  // The day filter follows the kind (and, for a holiday class, whether the dates hold a school
  // break) until the coordinator chooses one.
  const filter = f.querySelector('[name="schedule.day_filter"]');
  let chosenByHand = false;
  filter.addEventListener('change', () => { chosenByHand = true; });
  const follow = async () => {
    if (chosenByHand) return;
    const v = (n) => f.querySelector(`[name="${n}"]`).value;
    filter.value = await defaultDayFilter(c, v('kind'), v('schedule.start_date'), v('schedule.end_date'));
  };
  for (const n of ['kind', 'schedule.start_date', 'schedule.end_date']) f.querySelector(`[name="${n}"]`).addEventListener('change', follow);
  return page(t('programs.new'), f,
    h('p', null, h('a', { href: `#/programs?community=${encodeURIComponent(c.id)}`, id: 'program-new-back' }, t('programs.back'))));
}
