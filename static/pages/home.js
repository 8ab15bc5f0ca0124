// home.js: what is next. Signed out: what the app is for and the coming public sessions.
// Signed in: unread notifications, the children's coming bookings, the sessions the user staffs,
// and what is on in their community. Each part loads on its own, so one that fails leaves the
// others standing.
import { t, today, addDays, fmtWhen, fmtInstant, errorText } from '../i18n.js';
import { get, post } from '../api.js';
import { h, page } from '../ui.js';
import { sessionList } from '../parts.js';
import { statusText } from './bookings.js';

/** render draws the home page. */
export async function render({ app }) {
  const span = { from: today(), to: addDays(today(), 30) };
  if (!app.me) {
    const upcoming = await get('/sessions', { ...span, limit: 8 });
    return page(t('home.welcome_title'),
      h('p', { class: 'lead' }, t('home.welcome_text')),
      h('p', { class: 'actions' },
        h('a', { class: 'button primary', href: '#/register' }, t('nav.register')),
        h('a', { class: 'button', href: '#/login' }, t('nav.login'))),
      h('h2', null, t('home.upcoming')),
      sessionList(upcoming.items.filter((s) => s.status !== 'cancelled'), 'home.none'),
      h('p', null, h('a', { href: '#/classes' }, t('home.browse'))));
  }
  // A street's or district's official, with no role in a community: their region is their home.
  if (app.views && app.me.memberships.length === 0 && !app.me.user.is_admin && !app.hasChildren) {
    return (await import('./region.js')).render({ app, params: {}, query: {} });
  }
  const me = app.me.user.id;
  const community = app.me.memberships[0]?.community_id;
  const [invites, notes, bookings, sessions, children] = await Promise.allSettled([
    get('/me/invitations'),
    get('/me/notifications', { unread: true, limit: 5 }),
    get('/bookings', { ...span, limit: 10 }),
    get('/sessions', { ...span, community_id: community, limit: 50 }),
    get('/children', { limit: 50 }),
  ]);
  const childName = Object.fromEntries(children.status === 'fulfilled' ? children.value.items.map((c) => [c.id, c.name]) : []);
  const mine = sessions.status === 'fulfilled' ? sessions.value.items.filter((s) => s.staff.some((m) => m.id === me)) : [];
  const others = sessions.status === 'fulfilled' ? sessions.value.items.filter((s) => s.status !== 'cancelled' && !mine.includes(s)).slice(0, 5) : [];
  const booked = bookings.status === 'fulfilled' ? bookings.value.items.filter((b) => b.status === 'confirmed' || b.status === 'waitlisted') : [];
  return page(t('home.hello', { name: app.me.user.name }),
    invites.status === 'fulfilled' && invites.value.items.length > 0 && invitations(invites.value.items),
    notes.status === 'fulfilled' && notes.value.items.length > 0 && notifications(notes.value.items),
    booked.length > 0 && [h('h2', null, t('home.children_next')), h('ul', { class: 'cards', id: 'home-bookings' }, bySession(booked, childName).map(([b, lines]) => h('li', { class: 'card', 'data-session': b.session_id },
      h('p', { class: 'when' }, fmtWhen(b.session.starts_at, b.session.ends_at)),
      h('h3', null, h('a', { href: `#/sessions/${b.session_id}` }, b.session.title)),
      [...lines].map(([status, kids]) => h('p', { class: 'meta' }, kids.length ? `${kids.join(t('list.sep'))} · ` : '', status)))))],
    mine.length > 0 && [h('h2', null, t('home.my_sessions')), sessionList(mine, 'home.none')],
    h('h2', null, t('home.next')),
    sessionList(others, 'home.none'),
    h('p', null, h('a', { href: '#/classes' }, t('home.browse'))));
}

// bySession gathers the children's bookings of one session in one card: [first booking, Map(status
// text → the children's names)], so that two siblings in the same class read 陈小雨、陈小阳 · 已确认.
function bySession(booked, childName) {
  const cards = new Map();
  for (const b of booked) {
    if (!cards.has(b.session_id)) cards.set(b.session_id, [b, new Map()]);
    const lines = cards.get(b.session_id)[1];
    const status = statusText(b);
    if (!lines.has(status)) lines.set(status, []);
    if (childName[b.child_id]) lines.get(status).push(childName[b.child_id]);
  }
  return [...cards.values()];
}

// invitations lists the invitations to become another guardian of a child: accepting adds the
// child to the user's children, declining drops it.
function invitations(items) {
  return [h('h2', null, t('home.invitations')), h('ul', { class: 'cards', id: 'home-invitations' }, items.map((inv) => {
    const answer = (verb, key) => async (ev) => {
      const li = ev.target.closest('li');
      li.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      try {
        await post(`/invitations/${inv.id}/${verb}`);
        li.replaceChildren(h('p', { role: 'status' }, t(key)),
          verb === 'accept' && h('p', null, h('a', { href: `#/children/${inv.child_id}` }, t('home.invitation_open', { child: inv.child_name }))));
      } catch (err) {
        if (err.code === 'conflict' || err.code === 'not_found') err.code = 'invitation_gone';
        li.querySelectorAll('button').forEach((b) => { b.disabled = false; });
        li.append(h('p', { class: 'field-error', role: 'alert' }, errorText(err)));
      }
    };
    return h('li', { class: 'card' },
      h('h3', null, t('home.invitation_text', { inviter: inv.inviter_name, child: inv.child_name })),
      h('p', { class: 'meta' }, t('home.invitation_until', { date: fmtInstant(inv.expires_at) })),
      h('p', { class: 'hint' }, t('home.invitation_hint')),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: answer('accept', 'home.invitation_accepted') }, t('action.accept')),
        h('button', { type: 'button', onclick: answer('decline', 'home.invitation_declined') }, t('action.decline'))));
  }))];
}

// notifications lists unread messages; opening one marks it read.
function notifications(items) {
  return [h('h2', null, t('home.notifications')), h('ul', { class: 'cards', id: 'home-notifications' }, items.map((n) => {
    const li = h('li', { class: 'card notice-card' },
      h('p', { class: 'meta' }, fmtInstant(n.created_at)),
      h('h3', null, n.session_id ? h('a', { href: `#/sessions/${n.session_id}` }, n.title) : n.title),
      n.body && h('p', { class: 'description' }, n.body),
      h('p', null, h('button', { type: 'button', onclick: async () => {
        await post(`/me/notifications/${n.id}/read`);
        li.remove();
      } }, t('home.mark_read'))));
    return li;
  })), h('p', null, h('a', { href: '#/notifications', id: 'home-all-notifications' }, t('notifications.see_all')))];
}
