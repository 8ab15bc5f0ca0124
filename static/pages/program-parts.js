// program-parts.js: parts of a program's page for its coordinator: the families' ratings, the
// discontinue button with its reason, and the question before a session moves into the past or
// onto a holiday.
import { t, fmtDate, today, dayNote } from '../i18n.js';
import { get, all, del } from '../api.js';
import { h, field, armed } from '../ui.js';

/** feedbackSection lists the ratings of the program's sessions, newest first, with their comments. */
export async function feedbackSection(p) {
  const items = await all(`/programs/${p.id}/feedback`, {}, 200);
  const avg = items.length ? items.reduce((n, x) => n + x.rating, 0) / items.length : 0;
  const item = (x) => h('li', { class: 'card', 'data-rating': x.rating },
    h('p', { class: 'meta' }, h('span', { class: 'stars', 'aria-label': t('feedback.stars', { n: x.rating }) }, '★'.repeat(x.rating) + '☆'.repeat(5 - x.rating)),
      ' · ', t('feedback.session', { date: fmtDate(x.starts_at) })),
    x.comment ? h('p', { class: 'description' }, x.comment) : h('p', { class: 'meta' }, t('feedback.no_comment')));
  const first = items.slice(0, 5);
  const rest = items.slice(5);
  return h('section', { id: 'program-feedback' },
    h('h2', null, t('feedback.title', { n: items.length })),
    items.length ? [
      h('p', { class: 'total' }, t('feedback.average', { avg: avg.toFixed(1) })),
      h('ul', { class: 'cards' }, first.map(item)),
      rest.length > 0 && h('details', null, h('summary', null, t('feedback.more', { n: rest.length })), h('ul', { class: 'cards' }, rest.map(item))),
    ] : h('p', { class: 'empty' }, t('feedback.none')));
}

/** discontinue is the program's last section: stop it, with the reason the families are told. */
export function discontinue(app, p) {
  const reason = field({ name: 'discontinue_reason', label: t('program.discontinue_reason'), maxlength: 200, hint: t('program.discontinue_hint') });
  const button = armed(t('program.delete'), async () => {
    const why = reason.querySelector('input').value.trim();
    await del(`/programs/${p.id}${why ? `?reason=${encodeURIComponent(why)}` : ''}`);
    app.navigate(`/programs/${p.id}?stopped=1`);
  }, { id: 'program-delete' });
  return h('details', { class: 'discontinue' }, h('summary', null, t('program.discontinue')), reason, h('p', { class: 'actions' }, button));
}

// nowClock is the clock time in China, HH:MM.
const nowClock = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());

/**
 * moveAsks returns the check a session's move form runs before it saves: a move into the past
 * or onto a public holiday of community c's calendar is first explained, and goes ahead when
 * the same date and time are submitted again.
 */
export function moveAsks(c) {
  let asked = '';
  return async (formEl, v) => {
    const key = `${v.date} ${v.time}`;
    if (!v.date || !v.time || asked === key) return true;
    const why = [];
    if (v.date < today() || (v.date === today() && v.time < nowClock())) why.push(t('move.ask_past', { date: fmtDate(v.date) }));
    try {
      const { items } = await get(`/calendars/${encodeURIComponent(c.calendar_id)}/days`, { from: v.date, to: v.date });
      const d = items[0];
      if (d && d.reason === 'public_holiday') why.push(t('move.ask_holiday', { date: fmtDate(v.date), name: dayNote(d.note) || t('reason.public_holiday') }));
    } catch {
      // Without the calendar the server's own checks still hold.
    }
    if (!why.length) return true;
    asked = key;
    formEl.querySelector('.form-error').textContent = `${why.join(' ')} ${t('move.ask_again')}`;
    formEl.querySelector('button[type=submit]').textContent = t('move.anyway');
    return false;
  };
}
