// booked.js: what a parent is told after booking, joining a waiting list or cancelling, in words
// a parent understands: which child, which class, which date, and confirmed or place in line.
import { t, locale, today, fmtDate, fmtTime } from './i18n.js';

/** names joins children's names: 陈小雨、陈小阳 (陈小雨 and 陈小阳). */
export function names(list) {
  if (locale() !== 'en') return list.join('、');
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** when writes a session's date and start: 12月5日 周六 09:00, with the year when it is not this year's. */
export function when(s) {
  const date = fmtDate(s.starts_at);
  const y = s.starts_at.slice(0, 4);
  return `${y === today().slice(0, 4) ? date : t('booked.date_with_year', { y, date })} ${fmtTime(s.starts_at)}`;
}

/**
 * bookedText is the sentence after a booking of one session: the children (their names), the
 * session ({title, starts_at}) and the status the booking got, with the place in line.
 */
export function bookedText(children, s, b) {
  const vars = { names: names(children), title: s.title, when: when(s), n: b.waitlist_position };
  return b.status === 'waitlisted' ? t('booked.waitlisted', vars) : t('booked.confirmed', vars);
}

/** cancelledText is the sentence after a cancel: whose booking of which session ended. */
export function cancelledText(child, s, wasWaiting) {
  return t(wasWaiting ? 'booked.left_waitlist' : 'booked.cancelled', { names: child, title: s.title, when: when(s) });
}

/** placeText says where a child stands in a session they are booked into. */
export function placeText(b) {
  return b.status === 'waitlisted' ? t('booked.place_waiting', { n: b.waitlist_position }) : t('booked.place_confirmed');
}

/**
 * waitsWith reports whether a booking waits in line together with a sibling's among bookings:
 * siblings booked together share one place, so both show the same position in the same session.
 */
export function waitsWith(b, bookings) {
  return b.status === 'waitlisted' && bookings.some((x) => x !== b && x.session_id === b.session_id && x.status === 'waitlisted' && x.waitlist_position === b.waitlist_position);
}
