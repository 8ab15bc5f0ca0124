// home.js: what is next. Signed out: what the app is for and the coming public sessions.
// Signed in: a greeting and the coming sessions of the user's community.
import { t, today, addDays } from '../i18n.js';
import { get } from '../api.js';
import { h, page } from '../ui.js';
import { sessionList } from '../parts.js';

/** render draws the home page. */
export async function render({ app }) {
  const community = app.me?.memberships[0]?.community_id;
  const upcoming = await get('/sessions', { community_id: community, from: today(), to: addDays(today(), 30), limit: 8 });
  const next = upcoming.items.filter((s) => s.status !== 'cancelled');
  if (!app.me) {
    return page(t('home.welcome_title'),
      h('p', { class: 'lead' }, t('home.welcome_text')),
      h('p', { class: 'actions' },
        h('a', { class: 'button primary', href: '#/register' }, t('nav.register')),
        h('a', { class: 'button', href: '#/login' }, t('nav.login'))),
      h('h2', null, t('home.upcoming')),
      sessionList(next, 'home.none'),
      h('p', null, h('a', { href: '#/classes' }, t('home.browse'))));
  }
  return page(t('home.hello', { name: app.me.user.name }),
    h('h2', null, t('home.next')),
    sessionList(next, 'home.none'),
    h('p', null, h('a', { href: '#/classes' }, t('home.browse'))));
}
