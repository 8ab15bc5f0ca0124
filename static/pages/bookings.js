// bookings.js: a guardian's bookings: coming ones with their place in line and a cancel button,
// and past ones, where a class that was held can be rated.
import { t, today, addDays, fmtWhen } from '../i18n.js';
import { all, post, del } from '../api.js';
import { h, page, field, form, armed, done } from '../ui.js';

const kept = new Set(['confirmed', 'waitlisted']);

/** render draws the coming bookings, or the past ones with ?past=1. */
export async function render({ app, query }) {
  const past = query.past === '1';
  const [children, bookings] = await Promise.all([
    all('/children'),
    all('/bookings', past ? { from: addDays(today(), -90), to: today() } : { from: today() }),
  ]);
  const names = Object.fromEntries(children.map((c) => [c.id, c.name]));
  const items = past ? bookings.filter((b) => b.session.starts_at.slice(0, 10) < today() || b.session.status === 'delivered').reverse() : bookings;
  return page(t('bookings.title'),
    h('p', { class: 'tabs' },
      h('a', { href: '#/bookings', 'aria-current': past ? null : 'page' }, t('bookings.coming')),
      h('a', { href: '#/bookings?past=1', 'aria-current': past ? 'page' : null }, t('bookings.past'))),
    items.length
      ? h('ul', { class: 'cards', id: 'booking-list' }, items.map((b) => bookingItem(app, b, names[b.child_id] || '', past)))
      : h('p', { class: 'empty' }, t(past ? 'bookings.none_past' : 'bookings.none'), ' ', !past && h('a', { href: '#/classes' }, t('home.browse'))));
}

/** statusText says where a booking stands: confirmed, in line (with its place), or ended and why. */
export function statusText(b) {
  return b.status === 'waitlisted' ? t('booking.waitlisted', { n: b.waitlist_position }) : t(`booking.${b.status}`);
}

function bookingItem(app, b, childName, past) {
  const s = b.session;
  return h('li', { class: `card${kept.has(b.status) ? '' : ' is-cancelled'}`, 'data-booking': b.id },
    h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at)),
    h('h3', null, h('a', { href: `#/sessions/${b.session_id}` }, s.title)),
    h('p', { class: 'meta' }, childName, ' · ', h('span', { class: `badge ${b.status === 'confirmed' ? 'open' : b.status === 'waitlisted' ? 'few' : 'muted'}` }, statusText(b))),
    !past && kept.has(b.status) && h('p', { class: 'actions' }, armed(t('bookings.cancel'), async () => {
      await del(`/bookings/${b.id}`);
      app.rerender();
    })),
    past && b.status === 'confirmed' && s.status === 'delivered' && rating(b));
}

// rating is the form to rate a class the child attended, once per child and session.
function rating(b) {
  const stars = [5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('bookings.stars', { n }) }));
  return h('details', null, h('summary', null, t('bookings.rate')),
    form({ id: `rate-${b.id}`, className: 'stack compact', submit: t('bookings.send_rating'), onSubmit: async (v, el) => {
      await post(`/sessions/${b.session_id}/feedback`, { child_id: b.child_id, rating: Number(v.rating), comment: v.comment });
      done(el, t('bookings.thanks'));
      el.querySelector('button[type=submit]').remove();
    } },
    field({ name: 'rating', label: t('field.rating'), type: 'select', value: 5, options: stars }),
    field({ name: 'comment', label: t('field.comment'), type: 'textarea', maxlength: 500 })));
}
