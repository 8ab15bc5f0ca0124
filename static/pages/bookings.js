// bookings.js: "我的预约", a guardian's bookings grouped by child: the coming ones first, by
// date, with the place in line and a cancel button; the past and ended ones folded away, where a
// class the child attended can be rated until it is.
import { t, today, addDays, fmtWhen } from '../i18n.js';
import { all, post, del } from '../api.js';
import { h, page, field, form, armed, done, notice } from '../ui.js';
import { cancelledText, waitsWith } from '../booked.js';

const kept = new Set(['confirmed', 'waitlisted']);

// shown is how many coming bookings of a child are open at first: a term of after-school care
// is forty dates, and the next few are what a parent looks for.
const shown = 5;

// said is the sentence about the last cancel, shown once on the page drawn after it.
let said = '';

/** render draws the bookings of each child; ?past=1 opens the folded past ones. */
export async function render({ app, query }) {
  const [children, bookings] = await Promise.all([
    all('/children'),
    all('/bookings', { from: addDays(today(), -90) }, 1000),
  ]);
  const message = said;
  said = '';
  const now = Date.now();
  const waitingWith = (b) => waitsWith(b, bookings);
  const coming = (b) => kept.has(b.status) && b.session.status === 'scheduled' && Date.parse(b.session.ends_at) > now;
  const groups = children.map((c) => {
    const mine = bookings.filter((b) => b.child_id === c.id);
    const next = mine.filter(coming);
    const past = mine.filter((b) => !coming(b)).reverse();
    return h('section', { class: 'child-bookings', 'data-child': c.id, 'aria-labelledby': `child-${c.id}` },
      h('h2', { id: `child-${c.id}` }, c.name),
      next.length
        ? h('ul', { class: 'cards' }, next.slice(0, shown).map((b) => bookingItem(app, b, c.name, waitingWith(b))))
        : h('p', { class: 'empty' }, t('bookings.none_coming', { name: c.name })),
      next.length > shown && h('details', { class: 'later' },
        h('summary', null, t('bookings.later_count', { n: next.length - shown })),
        h('ul', { class: 'cards' }, next.slice(shown).map((b) => bookingItem(app, b, c.name, waitingWith(b))))),
      past.length > 0 && h('details', { class: 'past', open: query.past === '1' },
        h('summary', null, t('bookings.past_count', { n: past.length })),
        h('ul', { class: 'cards' }, past.map((b) => bookingItem(app, b, c.name)))));
  });
  return page(t('bookings.title'),
    message && h('div', { id: 'bookings-said' }, notice(message, 'ok')),
    children.length
      ? h('div', { id: 'booking-list' }, groups)
      : h('p', { class: 'empty' }, t('booking.no_children'), ' ', h('a', { href: '#/children' }, t('booking.add_child'))),
    h('p', null, h('a', { href: '#/classes' }, t('home.browse'))));
}

/** statusText says where a booking stands: confirmed, in line (with its place), or ended and why. */
export function statusText(b) {
  return b.status === 'waitlisted' ? t('booking.waitlisted', { n: b.waitlist_position }) : t(`booking.${b.status}`);
}

function bookingItem(app, b, childName, together) {
  const s = b.session;
  const open = kept.has(b.status) && s.status === 'scheduled' && Date.parse(s.starts_at) > Date.now();
  return h('li', { class: `card${kept.has(b.status) ? '' : ' is-cancelled'}`, 'data-booking': b.id },
    h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at)),
    h('h3', null, h('a', { href: `#/sessions/${b.session_id}` }, s.title)),
    h('p', { class: 'meta' }, h('span', { class: `badge ${b.status === 'confirmed' ? 'open' : b.status === 'waitlisted' ? 'few' : 'muted'}` }, statusText(b)),
      s.status === 'delivered' && b.status === 'confirmed' && [' ', h('span', { class: 'tag' }, t('session.delivered'))]),
    open && h('p', { class: 'actions' }, armed(b.status === 'waitlisted' ? t('booking.leave_waitlist') : t('bookings.cancel'), async () => {
      await del(`/bookings/${b.id}`);
      said = cancelledText(childName, { title: s.title, starts_at: s.starts_at }, b.status === 'waitlisted');
      app.rerender();
    })),
    together && h('p', { class: 'hint' }, t('booking.siblings_waitlist_rule')),
    b.can_rate && rating(b));
}

// rating is the form to rate a class the child attended, while the rating can still be given.
function rating(b) {
  const stars = [5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('bookings.stars', { n }) }));
  return h('details', { class: 'rate' }, h('summary', null, t('bookings.rate')),
    form({ id: `rate-${b.id}`, className: 'stack compact', errors: 'rating', submit: t('bookings.send_rating'), onSubmit: async (v, el) => {
      await post(`/sessions/${b.session_id}/feedback`, { child_id: b.child_id, rating: Number(v.rating), comment: v.comment });
      done(el, t('bookings.thanks'));
      el.querySelector('button[type=submit]').remove();
    } },
    field({ name: 'rating', label: t('field.rating'), type: 'select', value: 5, options: stars }),
    field({ name: 'comment', label: t('field.comment'), type: 'textarea', maxlength: 500 })));
}
