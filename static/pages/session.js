// session.js: one session with its program's description, ages, place, staff and seats, and
// for a guardian the booking of their children: this session (siblings together), or every
// coming session of the program; a full class with a waiting list offers a place in line.
import { t, fmtWhen, errorText } from '../i18n.js';
import { get, all, post } from '../api.js';
import { h, page, notice, checks, form } from '../ui.js';
import { seatsText, ageOn } from '../parts.js';
import { statusText } from './bookings.js';

const forChildren = new Set(['after_school', 'holiday_class', 'event']);

/** render draws the session page. */
export async function render({ app, params }) {
  const { session: s } = await get(`/sessions/${encodeURIComponent(params.id)}`);
  const { program: p } = await get(`/programs/${encodeURIComponent(s.program_id)}`);
  const ages = p.age_min || p.age_max ? t('session.ages', { min: p.age_min ?? 3, max: p.age_max ?? 12 }) : '';
  const row = (key, ...value) => [h('dt', null, t(key)), h('dd', null, value)];
  return page(s.title,
    s.status === 'cancelled' && notice(t('session.cancelled_because', { reason: s.cancel_reason || '—' }), 'error'),
    h('dl', { class: 'facts' },
      row('field.when', h('time', { datetime: s.starts_at }, fmtWhen(s.starts_at, s.ends_at))),
      row('field.kind', t(`kind.${s.kind}`), s.category && s.category !== 'other' ? ` · ${t(`category.${s.category}`)}` : ''),
      ages && row('field.ages', ages),
      s.venue && row('field.venue', s.venue.name, s.venue.address ? h('span', { class: 'meta' }, ` ${s.venue.address}`) : ''),
      s.staff.length > 0 && row('field.staff', s.staff.map((m) => m.name).join(t('list.sep'))),
      row('field.seats', h('span', { id: 'session-seats' }, seatsText(s)), ` · ${t('session.capacity', { n: s.capacity })}`)),
    p.description && h('p', { class: 'description' }, p.description),
    app.me && (s.staff.some((m) => m.id === app.me.user.id) || app.coordinates()) && s.kind !== 'neighbor_visit' &&
      h('p', null, h('a', { class: 'button', id: 'roster-link', href: `#/roster/${s.id}` }, t('roster.open'))),
    forChildren.has(s.kind) && s.status === 'scheduled' && await booking(app, s, p),
    h('p', null, h('a', { href: '#/classes' }, t('session.back'))));
}

// booking is the part of the page where a guardian books their children.
async function booking(app, s, p) {
  const section = (...children) => h('section', { class: 'booking', 'aria-labelledby': 'booking-title' }, h('h2', { id: 'booking-title' }, t('booking.title')), children);
  if (!app.me) {
    return section(h('p', null, h('a', { class: 'button primary', href: `#/login?next=${encodeURIComponent(`/sessions/${s.id}`)}` }, t('booking.login_first'))));
  }
  const children = await all('/children');
  if (!children.length) return section(h('p', null, t('booking.no_children'), ' ', h('a', { href: '#/children' }, t('booking.add_child'))));
  const full = s.confirmed >= s.capacity;
  if (full && !p.waitlist) return section(notice(t('booking.full_no_waitlist'), 'error'));
  const date = s.starts_at.slice(0, 10);
  const options = children.map((c) => {
    const age = ageOn(c.birth_date, date);
    const fits = (p.age_min == null || age >= p.age_min) && (p.age_max == null || age <= p.age_max);
    return { value: c.id, label: [c.name, t('children.age', { n: age }), !fits && t('booking.too_young_old')].filter(Boolean).join(' · '), fits };
  });
  const results = h('ul', { class: 'plain', id: 'booking-result', 'aria-live': 'polite' });
  const names = Object.fromEntries(children.map((c) => [c.id, c.name]));
  const show = (bookings) => results.replaceChildren(...bookings.map((b) => h('li', null,
    `${names[b.child_id] || ''}：`, b.error ? errorText(b.error) : statusText(b),
    b.session && !b.error ? ` · ${fmtWhen(b.session.starts_at, b.session.ends_at)}` : '')));
  const picked = (v) => v.child_ids || [];
  const f = form({ id: 'book-form', submit: full ? t('booking.join_waitlist') : t('booking.book_one'), onSubmit: async (v, el) => {
    const ids = picked(v);
    if (!ids.length) throw { code: 'pick_child', field: 'child_ids' };
    const body = ids.length === 1 ? { child_id: ids[0], session_id: s.id } : { child_ids: ids, session_id: s.id };
    const res = await post('/bookings', body);
    show(res.bookings);
    el.querySelector('.form-ok').textContent = t('booking.done');
  } },
  full && notice(t('booking.full_waitlist', { n: s.waitlisted })),
  checks({ name: 'child_ids', label: t('booking.which_children'), options, values: options.filter((o) => o.fits).slice(0, 1).map((o) => o.value) }),
  h('p', { class: 'hint' }, t('booking.siblings_hint')));
  const whole = h('button', { type: 'button', id: 'book-program', onclick: async () => {
    const ids = [...f.querySelectorAll('[name=child_ids]:checked')].map((el) => el.value);
    if (!ids.length) return;
    whole.disabled = true;
    const done = [];
    try {
      for (const id of ids) done.push(...(await post('/bookings', { child_id: id, program_id: p.id })).bookings);
      show(done);
    } catch (err) {
      results.replaceChildren(h('li', { class: 'field-error' }, errorText(err)));
    } finally {
      whole.disabled = false;
    }
  } }, t('booking.book_program'));
  f.querySelector('.actions').append(whole);
  return section(f, results, h('p', null, h('a', { href: '#/bookings' }, t('booking.see_mine'))));
}
