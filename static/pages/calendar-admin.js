// calendar-admin.js: what administrators do on the holidays page: import a holiday-cn year file,
// set a school break, say which weekday's timetable a make-up day follows, and create a city or
// school-district calendar. Every change re-plans the programs that follow the calendar.
import { t, fmtDate, dayNote } from '../i18n.js';
import { post, put } from '../api.js';
import { h, field, form, fieldError, done } from '../ui.js';

/** adminForms returns the administrator's forms for calendar c, shown with the year on screen. */
export function adminForms(app, c, year, days) {
  const here = `/calendars/${encodeURIComponent(c.id)}`;
  const replanned = (r) => t('calendars.replanned', { programs: r.programs, added: r.sessions_added, cancelled: r.sessions_cancelled });

  const importForm = form({ id: 'import-form', submit: t('calendars.import'), onSubmit: async (v, el) => {
    const file = el.querySelector('input[type=file]').files[0];
    if (!file) return fieldError(el, 'file', 'calendars.import_choose');
    let body;
    try {
      body = JSON.parse(await file.text());
    } catch {
      return fieldError(el, 'file', 'calendars.import_not_json');
    }
    const { replanned: r } = await post(`${here}/import`, body);
    done(el, replanned(r));
    app.navigate(`${here}?year=${body.year}&imported=${body.year}&programs=${r.programs}&added=${r.sessions_added}&cancelled=${r.sessions_cancelled}`);
  } },
  field({ name: 'file', label: t('calendars.import_file'), type: 'file', accept: '.json,application/json', hint: t('calendars.import_hint') }));

  const breakForm = form({ id: 'break-form', submit: t('action.save'), onSubmit: async (v, el) => {
    if (!v.from) return fieldError(el, 'from', 'calendars.break_from_missing');
    if (!v.to) return fieldError(el, 'to', 'calendars.break_to_missing');
    const out = await put(`${here}/days`, { ranges: [{ from: v.from, to: v.to, kind: 'school_break', note: v.note || '' }] });
    done(el, replanned(out.replanned));
    app.rerender();
  } },
  h('div', { class: 'row' },
    field({ name: 'from', label: t('field.from'), type: 'date', min: `${year}-01-01`, max: `${year + 1}-12-31` }),
    field({ name: 'to', label: t('field.to'), type: 'date', min: `${year}-01-01`, max: `${year + 1}-12-31` })),
  field({ name: 'note', label: t('calendars.break_name'), value: t('calendars.break_default'), maxlength: 100 }));

  const makeups = days.filter((d) => d.is_makeup_workday);
  const followsForm = makeups.length > 0 && form({ id: 'follows-form', submit: t('action.save'), onSubmit: async (v, el) => {
    const day = makeups.find((d) => d.date === v.date);
    const mark = { date: v.date, kind: 'workday', note: day?.note || '' };
    if (v.follows_weekday) mark.follows_weekday = Number(v.follows_weekday);
    const out = await put(`${here}/days`, { days: [mark] });
    done(el, replanned(out.replanned));
    app.rerender();
  } },
  field({ name: 'date', label: t('calendars.makeup_day'), type: 'select', value: makeups[0].date,
    options: makeups.map((d) => ({ value: d.date, label: `${fmtDate(d.date)} ${dayNote(d.note) || ''}` })) }),
  field({ name: 'follows_weekday', label: t('calendars.follows_label'), type: 'select', value: '', hint: t('calendars.follows_hint'),
    options: [{ value: '', label: t('calendars.follows_none') }, ...[1, 2, 3, 4, 5].map((w) => ({ value: w, label: t(`weekday.${w}`) }))] }));

  return h('section', { class: 'admin', id: 'calendar-admin' },
    h('h2', null, t('calendars.admin')),
    h('p', { class: 'hint' }, t('calendars.admin_hint')),
    h('h3', null, t('calendars.import_title')), importForm,
    h('h3', null, t('calendars.break_title')), breakForm,
    followsForm && h('h3', null, t('calendars.follows_title')), followsForm);
}

/** newCalendarForm creates a city or school-district calendar on a base calendar. */
export function newCalendarForm(app, cals) {
  return h('section', { class: 'admin' },
    h('h2', null, t('calendars.new')),
    form({ id: 'calendar-form', submit: t('action.add'), onSubmit: async (v) => {
      const { calendar: c } = await post('/calendars', { name: v.name || '', base_id: v.base_id });
      app.navigate(`/calendars/${encodeURIComponent(c.id)}`);
    } },
    field({ name: 'name', label: t('calendars.new_name'), required: true, maxlength: 100, placeholder: t('calendars.new_placeholder') }),
    field({ name: 'base_id', label: t('calendars.new_base'), type: 'select', value: 'cn', options: cals.map((c) => ({ value: c.id, label: c.id === 'cn' ? t('calendars.cn_name') : c.name })) })));
}
