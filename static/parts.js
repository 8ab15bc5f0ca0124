// parts.js: pieces several pages show, such as a session in a list.
import { t, fmtWhen, titleOf } from './i18n.js';
import { h } from './ui.js';

/** seatsText says how many seats a session has left, or that it is full or cancelled. */
export function seatsText(s) {
  if (s.status === 'cancelled') return t('session.cancelled');
  if (s.status === 'delivered') return t('session.delivered');
  const left = s.capacity - s.confirmed;
  if (left > 0) return t('session.seats_left', { n: left });
  return s.waitlisted > 0 ? t('session.full_waitlist', { n: s.waitlisted }) : t('session.full');
}

/** seatsClass is the badge style for a session's seats. */
function seatsClass(s) {
  if (s.status !== 'scheduled') return 'badge muted';
  const left = s.capacity - s.confirmed;
  if (left <= 0) return 'badge full';
  return left <= 3 ? 'badge few' : 'badge open';
}

/** sessionItem is a session in a list, linking to its page. */
export function sessionItem(s, extra) {
  return h('li', { class: `card session${s.status === 'cancelled' ? ' is-cancelled' : ''}`, 'data-session': s.id },
    h('p', { class: 'when' }, h('time', { datetime: s.starts_at }, fmtWhen(s.starts_at, s.ends_at))),
    h('h3', null, h('a', { href: `#/sessions/${s.id}` }, titleOf(s.title))),
    h('p', { class: 'meta' },
      h('span', { class: 'tag' }, t(`kind.${s.kind}`)),
      s.category && s.category !== 'other' && h('span', { class: 'tag' }, t(`category.${s.category}`)),
      s.venue && h('span', null, s.venue.name)),
    // A visit has one household, not seats: only its being cancelled or done is news.
    (s.kind !== 'neighbor_visit' || s.status !== 'scheduled') && h('p', null, h('span', { class: seatsClass(s) }, seatsText(s))),
    extra);
}

// planReasons are the reasons the server writes when a re-plan or a discontinued program cancels
// a session (linli.ReasonLeftPlan, linli.ReasonProgramDeleted), as catalogue keys in the words of
// the session's kind: a visit or a shift is no class. A coordinator's own reason is shown as typed.
const planReasons = {
  "the date is no longer in the program's schedule": 'left_plan',
  'the program was cancelled': 'program_deleted',
};
const reasonKinds = { neighbor_visit: 'visit_', volunteer_shift: 'shift_' };

/** cancelReasonText is why a session of kind was cancelled, in the user's language. */
export function cancelReasonText(kind, reason) {
  const code = planReasons[reason];
  return code ? t(`cancel_reason.${reasonKinds[kind] || ''}${code}`) : reason;
}

/** sessionList is a list of sessions, or a line saying there are none. */
export function sessionList(items, emptyKey, extra) {
  if (!items.length) return h('p', { class: 'empty' }, t(emptyKey));
  return h('ul', { class: 'cards' }, items.map((s) => sessionItem(s, extra && extra(s))));
}

/** kindOptions are the program kinds for a select, with an "any" choice first when anyKey is given. */
export function kindOptions(kinds, anyKey) {
  return [...(anyKey ? [{ value: '', label: t(anyKey) }] : []), ...kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))];
}

/** categories are the program categories of the API. */
export const categories = ['speech', 'calligraphy', 'science', 'art', 'reading', 'sports', 'other'];

/** categoryOptions are the categories for a select, with an "any" choice first when anyKey is given. */
export function categoryOptions(anyKey) {
  return [...(anyKey ? [{ value: '', label: t(anyKey) }] : []), ...categories.map((c) => ({ value: c, label: t(`category.${c}`) }))];
}

/** ageOn is a child's age in whole years on a date (both YYYY-MM-DD); one born on 29 February turns a year older on 1 March in common years. */
export function ageOn(birth, date) {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  let age = y - by;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const [cm, cd] = bm === 2 && bd === 29 && !leap ? [3, 1] : [bm, bd];
  if (m < cm || (m === cm && d < cd)) age--;
  return age;
}

/** markdown draws the small Markdown of the policy texts (headings, paragraphs, lists) as DOM, never as HTML. */
export function markdown(text) {
  const out = [];
  let para = null;
  let list = null;
  let item = null;
  for (const line of text.split('\n')) {
    const heading = line.match(/^(#{1,3}) (.*)/);
    if (heading) {
      para = list = item = null;
      out.push(h(`h${heading[1].length + 2}`, null, heading[2]));
    } else if (line.startsWith('- ')) {
      para = null;
      if (!list) out.push((list = h('ul', null)));
      list.append((item = h('li', null, line.slice(2))));
    } else if (/^\s+\S/.test(line) && item) {
      item.append(line.trim());
    } else if (line.trim() === '') {
      para = list = item = null;
    } else if (para) {
      para.append(line.trim());
    } else {
      list = item = null;
      out.push((para = h('p', null, line.trim())));
    }
  }
  return out;
}
