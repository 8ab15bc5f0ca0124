// program.js: one program for its coordinator: facts, a month of the school-day calendar with
// its sessions, and each session's cancel and move.
import { t, fmtDate, fmtWhen, today, addDays, weekdayOf, dayNote, titleOf } from '../i18n.js';
import { get, all, patch } from '../api.js';
import { h, page, field, form, notice, done } from '../ui.js';
import { scheduleText } from './programs.js';
import { seatsText, cancelReasonText } from '../parts.js';
import { feedbackSection, discontinue, moveAsks } from './program-parts.js';

/** render draws the program page for the month in the address (?month=2027-01). */
export async function render({ app, params, query }) {
  const { program: p } = await get(`/programs/${encodeURIComponent(params.id)}`);
  const { community: c } = await get(`/communities/${p.community_id}`);
  const month = query.month || defaultMonth(p.schedule);
  const from = `${month}-01`;
  const to = addDays(`${nextMonth(month)}-01`, -1);
  const [days, sessions] = await Promise.all([
    get(`/calendars/${encodeURIComponent(c.calendar_id)}/days`, { from, to }),
    all('/sessions', { program_id: p.id, from, to }),
  ]);
  const here = (m) => `#/programs/${p.id}?month=${m}`;
  const messages = [];
  if (query.created) messages.push(notice(t('program.created', { n: query.created }), 'ok'));
  if (query.saved) messages.push(notice(t('program_edit.saved'), 'ok'));
  if (query.stopped) messages.push(notice(t('program.stopped'), 'ok'));
  for (const w of [...new Set([...(p.warnings || []), ...(query.warnings ? query.warnings.split(',') : [])])]) {
    messages.push(notice(t(`warning.${w}`), 'error'));
  }
  const feedback = p.kind === 'neighbor_visit' ? null : await feedbackSection(p);
  return page(titleOf(p.title), messages,
    h('dl', { class: 'facts' },
      h('dt', null, t('field.kind')), h('dd', null, t(`kind.${p.kind}`), p.status === 'deleted' ? ` · ${t('program.deleted')}` : ''),
      h('dt', null, t('field.schedule')), h('dd', null, scheduleText(p.schedule)),
      h('dt', null, t('field.capacity')), h('dd', null, String(p.capacity))),
    p.status === 'active' && h('p', { class: 'actions' }, h('a', { class: 'button', id: 'program-edit', href: `#/programs/${p.id}/edit` }, t('program_edit.link'))),
    h('h2', { id: 'calendar-title' }, t('program.month', { y: month.slice(0, 4), m: Number(month.slice(5)) })),
    h('p', { class: 'month-nav' },
      h('a', { href: here(prevMonth(month)), 'aria-label': t('program.prev_month') }, '‹ ', t('program.prev_month')),
      h('a', { href: here(nextMonth(month)), 'aria-label': t('program.next_month') }, t('program.next_month'), ' ›')),
    calendar(days.items, sessions),
    legend(),
    h('h2', null, t('program.sessions')),
    sessions.length
      ? h('ul', { class: 'cards', id: 'program-sessions' }, sessions.map((s) => sessionRow(app, s, c)))
      : h('p', { class: 'empty' }, t('program.no_sessions')),
    feedback,
    p.status === 'active' && discontinue(app, p),
    h('p', null, h('a', { href: `#/programs?community=${encodeURIComponent(p.community_id)}`, id: 'program-back' }, t('programs.back'))));
}

function defaultMonth(s) {
  const now = today();
  const d = now < s.start_date ? s.start_date : now > s.end_date ? s.end_date : now;
  return d.slice(0, 7);
}

function nextMonth(m) {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

function prevMonth(m) {
  const [y, mo] = m.split('-').map(Number);
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

// calendar draws the month as a table, Monday first: each date says what kind of day it is and
// whether the program meets then.
function calendar(days, sessions) {
  const byDate = {};
  for (const s of sessions) (byDate[s.starts_at.slice(0, 10)] ||= []).push(s);
  const cells = Array.from({ length: weekdayOf(days[0].date) - 1 }, () => h('td', { class: 'pad' }));
  for (const d of days) {
    const ss = byDate[d.date] || [];
    const mark = ss.some((s) => s.status !== 'cancelled') ? 'has-session' : ss.length ? 'has-cancelled' : '';
    const label = [fmtDate(d.date), t(`reason.${d.reason}`), dayNote(d.note), ...ss.map((s) => `${fmtWhen(s.starts_at, s.ends_at)} ${s.status === 'cancelled' ? t('session.cancelled') : ''}`)].filter(Boolean).join(t('list.sep'));
    cells.push(h('td', { class: `day ${d.reason} ${mark}`, title: label, 'aria-label': label },
      h('span', { class: 'num', 'aria-hidden': 'true' }, String(Number(d.date.slice(8)))),
      ss.length > 0 && h('span', { class: 'dot', 'aria-hidden': 'true' })));
  }
  while (cells.length % 7) cells.push(h('td', { class: 'pad' }));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', null, cells.slice(i, i + 7)));
  return h('table', { class: 'month', 'aria-labelledby': 'calendar-title' },
    h('thead', null, h('tr', null, [1, 2, 3, 4, 5, 6, 7].map((d) => h('th', { scope: 'col' }, t(`weekday.short.${d}`))))),
    h('tbody', null, rows));
}

function legend() {
  return h('ul', { class: 'legend' }, ['weekday', 'weekend', 'public_holiday', 'makeup_workday', 'school_break'].map((r) =>
    h('li', null, h('span', { class: `swatch ${r}`, 'aria-hidden': 'true' }), t(`reason.${r}`))),
  h('li', null, h('span', { class: 'swatch has-session', 'aria-hidden': 'true' }), t('program.legend_session')));
}

// sessionRow is a session of the program with forms to move or cancel it.
function sessionRow(app, s, c) {
  const li = h('li', { class: `card session${s.status === 'cancelled' ? ' is-cancelled' : ''}`, 'data-session': s.id },
    h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at)),
    h('p', { class: 'meta' }, seatsText(s), s.venue ? ` · ${s.venue.name}` : ''),
    s.cancel_reason && h('p', { class: 'meta' }, t('session.cancelled_because', { reason: cancelReasonText(s.kind, s.cancel_reason) })));
  if (s.status !== 'scheduled') return li;
  const offset = s.starts_at.slice(19);
  const asks = moveAsks(c);
  const move = form({ id: `move-${s.id}`, className: 'stack compact', submit: t('program.move'), onSubmit: async (v, el) => {
    if (!(await asks(el, v))) return;
    await patch(`/sessions/${s.id}`, { starts_at: `${v.date}T${v.time}:00${offset}` });
    done(el, t('program.moved'));
    app.rerender();
  } },
  h('div', { class: 'row' },
    field({ name: 'date', label: t('field.date'), type: 'date', value: s.starts_at.slice(0, 10) }),
    field({ name: 'time', label: t('field.start_time'), type: 'time', value: s.starts_at.slice(11, 16) })));
  const cancel = form({ id: `cancel-${s.id}`, className: 'stack compact', submit: t('program.cancel_session'), onSubmit: async (v) => {
    await patch(`/sessions/${s.id}`, { status: 'cancelled', reason: v.reason || '' });
    app.rerender();
  } },
  field({ name: 'reason', label: t('field.reason'), maxlength: 200 }));
  li.append(h('details', null, h('summary', null, t('program.change_session')), move, cancel));
  return li;
}
