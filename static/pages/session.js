// session.js: one session with its program's description, ages, place, staff and seats, a link
// to add it to a calendar and one to share it; for a guardian, where each child stands in it
// (booked, or waiting with the place in line, with a cancel), and the booking of the others:
// this session (siblings together), or every coming session of the program after listing the
// dates. A full class with a waiting list offers a place in line; an event for adults offers none.
import { t, fmtWhen, fmtInstant, errorText, titleOf } from '../i18n.js';
import { get, all, post, del } from '../api.js';
import { h, page, notice, checks, form, armed, showError, clearErrors } from '../ui.js';
import { seatsText, ageOn, cancelReasonText } from '../parts.js';
import { bookedText, cancelledText, placeText, names, waitsWith } from '../booked.js';

const forChildren = new Set(['after_school', 'holiday_class', 'event']);
const active = new Set(['confirmed', 'waitlisted']);

/** render draws the session page. */
export async function render({ app, params }) {
  const { session: s } = await get(`/sessions/${encodeURIComponent(params.id)}`);
  const { program: p } = await get(`/programs/${encodeURIComponent(s.program_id)}`);
  const ranged = p.age_min != null || p.age_max != null;
  const ages = ranged ? t('session.ages', { min: p.age_min ?? 3, max: p.age_max ?? 12 }) : '';
  const seats = h('span', { id: 'session-seats' }, seatsText(s));
  const row = (key, ...value) => [h('dt', null, t(key)), h('dd', null, value)];
  const adults = s.kind === 'event' && !ranged;
  const node = page(titleOf(s.title),
    s.status === 'cancelled' && notice(s.cancel_reason ? t('session.cancelled_because', { reason: cancelReasonText(s.kind, s.cancel_reason) }) : t('session.cancelled_no_reason'), 'error'),
    h('dl', { class: 'facts' },
      row('field.when', h('time', { datetime: s.starts_at }, fmtWhen(s.starts_at, s.ends_at))),
      row('field.kind', t(`kind.${s.kind}`), s.category && s.category !== 'other' ? ` · ${t(`category.${s.category}`)}` : ''),
      ages && row('field.ages', ages),
      adults && row('field.ages', t('session.for_adults')),
      s.venue && row('field.venue', s.venue.name, s.venue.address ? h('span', { class: 'meta' }, ` ${s.venue.address}`) : ''),
      s.staff.length > 0 && row('field.staff', s.staff.map((m) => m.name).join(t('list.sep'))),
      s.kind !== 'neighbor_visit' && row('field.seats', seats, ` · ${t('session.capacity', { n: s.capacity })}`)),
    p.description && h('p', { class: 'description' }, p.description),
    s.status !== 'cancelled' && s.kind !== 'neighbor_visit' && share(s),
    app.me && (s.staff.some((m) => m.id === app.me.user.id) || app.coordinates()) && s.kind !== 'neighbor_visit' &&
      h('p', null, h('a', { class: 'button', id: 'roster-link', href: `#/roster/${s.id}` }, t('roster.open'))),
    forChildren.has(s.kind) && s.status === 'scheduled' && (adults
      ? h('p', { class: 'notice notice-info', id: 'adults-only', role: 'status' }, t('session.adults_no_booking'))
      : await booking(app, s, p, seats)),
    s.kind === 'neighbor_visit' && app.me && s.staff.some((m) => m.id === app.me.user.id) &&
      h('p', null, h('a', { class: 'button', id: 'visit-link', href: `#/visits/${s.id}` }, t('session.open_visit'))),
    backLink(s, app));
  // A visit or a shift is volunteering, not a class: the navigation says where the user is.
  if (s.kind === 'neighbor_visit' || s.kind === 'volunteer_shift') node.dataset.section = app.serves() ? '/volunteer' : app.coordinates() ? '/manage' : '/';
  return node;
}

// backLink leads back to the list the session was found in: classes, shifts or the volunteer's
// visits (a coordinator looking at a visit goes back home).
function backLink(s, app) {
  const kind = s.kind;
  if (kind === 'neighbor_visit' && !(app.me && s.staff.some((m) => m.id === app.me.user.id))) {
    return h('p', null, h('a', { href: '#/', id: 'session-back' }, t('error.home')));
  }
  if (kind === 'neighbor_visit') return h('p', null, h('a', { href: '#/visits', id: 'session-back' }, t('session.back_visits')));
  if (kind === 'volunteer_shift') return h('p', null, h('a', { href: '#/shifts', id: 'session-back' }, t('session.back_shifts')));
  return h('p', null, h('a', { href: '#/classes', id: 'session-back' }, t('session.back')));
}

// share is "add to calendar" (the session's own .ics) and a link to share it: the phone's share
// sheet where there is one, else the link copied, with a visible confirmation.
function share(s) {
  const url = `${location.origin}${location.pathname}#/sessions/${s.id}`;
  const status = h('p', { class: 'meta', role: 'status', id: 'share-status' });
  const link = h('input', { type: 'text', readonly: true, value: url, id: 'share-url', 'aria-label': t('session.share_link') });
  const box = h('div', { class: 'share' });
  const button = h('button', { type: 'button', id: 'session-share', onclick: async () => {
    status.textContent = '';
    if (navigator.share) {
      try {
        await navigator.share({ title: s.title, text: `${s.title} ${fmtWhen(s.starts_at, s.ends_at)}`, url });
        return;
      } catch (err) {
        if (err.name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Plain http on a community's own network is not a secure context: no clipboard API.
      status.before(link);
      link.select();
      if (!document.execCommand('copy')) {
        status.textContent = t('session.copy_by_hand');
        return;
      }
    }
    status.textContent = t('session.copied');
  } }, t('session.share'));
  box.append(h('p', { class: 'actions' },
    h('a', { class: 'button', id: 'session-ics', href: `/api/v1/sessions/${s.id}.ics`, download: '' }, t('session.add_to_calendar')),
    button), status);
  return box;
}

// booking is the part of the page where a guardian sees and books their children. It draws
// itself again after each change, with the sentence saying what happened.
async function booking(app, s, p, seats) {
  const box = h('section', { class: 'booking', 'aria-labelledby': 'booking-title' });
  const title = h('h2', { id: 'booking-title' }, t('booking.title'));
  if (!app.me) {
    box.append(title, h('p', null, h('a', { class: 'button primary', href: `#/login?next=${encodeURIComponent(`/sessions/${s.id}`)}` }, t('booking.login_first'))));
    return box;
  }
  const date = s.starts_at.slice(0, 10);
  const draw = async (said, kind = 'ok') => {
    const [children, bookings, fresh] = await Promise.all([
      all('/children'), all('/bookings', { from: date, to: date }), get(`/sessions/${encodeURIComponent(s.id)}`).then((r) => r.session),
    ]);
    Object.assign(s, { confirmed: fresh.confirmed, waitlisted: fresh.waitlisted, capacity: fresh.capacity, status: fresh.status });
    seats.textContent = seatsText(s);
    const result = h('div', { id: 'booking-result', tabindex: '-1', 'aria-live': 'polite' }, said && notice(said, kind));
    box.replaceChildren(title, result, ...await parts(children, bookings.filter((b) => b.session_id === s.id && active.has(b.status))),
      ...(children.length ? [h('p', null, h('a', { href: '#/bookings' }, t('booking.see_mine')))] : []));
    // The button pressed is gone with the redraw: the focus goes to what happened.
    if (said) result.focus();
  };
  const parts = async (children, mine) => {
    if (!children.length) return [h('p', null, t('booking.no_children'), ' ', h('a', { href: '#/children' }, t('booking.add_child')))];
    const byId = Object.fromEntries(children.map((c) => [c.id, c]));
    const out = [];
    const now = Date.now();
    // A guardian may cancel until the program's cutoff before the start; then only the office can.
    const cancellable = now < Date.parse(s.starts_at) - (p.cancel_cutoff_minutes || 0) * 60000;
    if (mine.length) out.push(h('ul', { class: 'cards', id: 'booking-mine' }, mine.map((b) => h('li', { class: 'card row-card' },
      h('div', null, h('h3', null, byId[b.child_id]?.name || ''), h('p', null, h('span', { class: `badge ${b.status === 'confirmed' ? 'open' : 'few'}` }, placeText(b)))),
      cancellable && armed(b.status === 'waitlisted' ? t('booking.leave_waitlist') : t('bookings.cancel'), async () => {
        await del(`/bookings/${b.id}`);
        await draw(cancelledText(byId[b.child_id]?.name || '', s, b.status === 'waitlisted'));
      })))));
    if (mine.length && !cancellable && now < Date.parse(s.starts_at)) out.push(h('p', { class: 'hint', id: 'cancel-closed' }, t('error.session_closed')));
    if (mine.some((b) => waitsWith(b, mine))) out.push(h('p', { class: 'hint', id: 'siblings-waiting' }, t('booking.siblings_waitlist_rule')));
    const free = children.filter((c) => !mine.some((b) => b.child_id === c.id));
    if (Date.parse(s.starts_at) <= now) return [...out, notice(t(free.length ? 'booking.started' : 'booking.under_way'), free.length ? 'error' : 'info')];
    if (!free.length) return out;
    if (p.booking_opens_at && Date.parse(p.booking_opens_at) > now) return [...out, notice(t('booking.opens_at', { when: fmtInstant(p.booking_opens_at) }))];
    const full = s.confirmed >= s.capacity;
    if (full && !p.waitlist) return [...out, notice(t('booking.full_no_waitlist'), 'error')];
    out.push(await bookForm(free, full, draw));
    return out;
  };
  const bookForm = async (free, full, redraw) => {
    const options = free.map((c) => {
      const age = ageOn(c.birth_date, date);
      const fits = (p.age_min == null || age >= p.age_min) && (p.age_max == null || age <= p.age_max);
      return { value: c.id, label: [c.name, t('children.age', { n: age }), !fits && t('booking.too_young_old')].filter(Boolean).join(' · '), fits };
    });
    const nameOf = (id) => free.find((c) => c.id === id)?.name || '';
    const fitting = options.filter((o) => o.fits).length;
    // refusal is the sentence for a refused booking of the children ids, naming the child it is about.
    const refusal = (err, ids) => {
      const i = /^child_ids\[(\d+)\]$/.exec(err.field || '');
      const child = err.field === 'child_id' ? ids[0] : i && ids[Number(i[1])];
      return child && ['not_eligible', 'already_booked', 'overlap'].includes(err.code)
        ? t(`booking.refused.${err.code}`, { name: nameOf(child) }) : errorText(err, 'booking');
    };
    const refused = (el, err, ids) => showError(el, { ...err, field: 'child_ids' }, refusal(err, ids));
    const f = form({ id: 'book-form', errors: 'booking', submit: full ? t('booking.join_waitlist') : t('booking.book_one'), onSubmit: async (v, el) => {
      const ids = v.child_ids || [];
      if (!ids.length) throw { code: 'pick_child', field: 'child_ids' };
      const body = ids.length === 1 ? { child_id: ids[0], session_id: s.id } : { child_ids: ids, session_id: s.id };
      let res;
      try {
        res = await post('/bookings', body);
      } catch (err) {
        if (err.status && err.status < 500) return refused(el, err, ids);
        throw err;
      }
      await redraw(bookedText(ids.map(nameOf), s, res.bookings[0]));
    } },
    full && notice(s.waitlisted ? t('booking.full_waitlist', { n: s.waitlisted }) : t('booking.full_nobody_waiting')),
    checks({ name: 'child_ids', label: t('booking.which_children'), options, values: options.filter((o) => o.fits).slice(0, 1).map((o) => o.value) }),
    free.length > 1 && h('p', { class: 'hint', id: 'siblings-hint' }, t('booking.siblings_hint')),
    // The rule of the line for siblings matters where they may end up in it: fewer seats than children.
    fitting > 1 && p.waitlist && s.capacity - s.confirmed < fitting && h('p', { class: 'hint', id: 'siblings-waitlist' }, t('booking.siblings_waitlist_rule')));
    f.querySelector('.actions').append(h('button', { type: 'button', id: 'book-program', onclick: () => programPanel(f, nameOf, refusal, redraw) }, t('booking.book_program')));
    return f;
  };
  // programPanel lists the coming dates of the program and books them only when the parent agrees.
  const programPanel = async (f, nameOf, refusal, redraw) => {
    f.querySelector('#program-confirm')?.remove();
    clearErrors(f);
    const ids = [...f.querySelectorAll('[name=child_ids]:checked')].map((el) => el.value);
    if (!ids.length) return showError(f, { code: 'pick_child', field: 'child_ids' });
    const coming = (await all('/sessions', { program_id: p.id })).filter((x) => x.status === 'scheduled' && Date.parse(x.starts_at) > Date.now());
    if (!coming.length) return showError(f, { code: 'local', field: 'child_ids' }, t('booking.program_none'));
    const panel = h('div', { class: 'notice notice-info', id: 'program-confirm', role: 'group', 'aria-labelledby': 'program-confirm-title' },
      h('p', { id: 'program-confirm-title' }, t('booking.program_ask', { names: names(ids.map(nameOf)), title: p.title, n: coming.length })),
      h('ul', { class: 'plain', id: 'program-dates' }, coming.map((x) => h('li', null, fmtWhen(x.starts_at, x.ends_at), ' · ', seatsText(x)))),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'program-yes', onclick: async (ev) => {
          ev.target.disabled = true;
          // Each child is booked on their own; a child refused for every date does not undo the others.
          const made = [];
          const booked = [];
          const failed = [];
          for (const id of ids) {
            try {
              made.push(...(await post('/bookings', { child_id: id, program_id: p.id })).bookings);
              booked.push(id);
            } catch (err) {
              failed.push(refusal(err, [id]));
            }
          }
          if (!booked.length) {
            panel.remove();
            return showError(f, { code: 'local', field: 'child_ids' }, failed.join(' '));
          }
          const count = (st) => made.filter((b) => b.status === st).length;
          const done = t('booking.program_done', { names: names(booked.map(nameOf)), title: p.title, confirmed: count('confirmed'), waitlisted: count('waitlisted'), refused: made.filter((b) => b.error).length });
          await redraw([done, ...failed].join(' '), failed.length ? 'error' : 'ok');
        } }, t('booking.program_yes', { n: coming.length })),
        h('button', { type: 'button', id: 'program-no', onclick: () => panel.remove() }, t('booking.program_no'))));
    f.querySelector('.actions').after(panel);
    panel.querySelector('#program-yes').focus();
  };
  await draw();
  return box;
}
