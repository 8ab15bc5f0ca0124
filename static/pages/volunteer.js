// volunteer.js: where volunteers and teachers start: shifts, visits and their service record,
// with what is waiting on them (overdue visits, hours awaiting approval) said on the menu.
import { t } from '../i18n.js';
import { get, all } from '../api.js';
import { h, page } from '../ui.js';

/** render draws the volunteer's menu. */
export async function render({ app }) {
  // What waits is a help, not the page: when it cannot be read, the menu is shown without it.
  const [plans, pending] = await Promise.allSettled([all('/me/visit-plans'), get('/service', { user_id: app.me.user.id, status: 'pending', limit: 500 })]);
  const overdue = plans.status === 'fulfilled' ? plans.value.flatMap((p) => p.visits).filter((v) => v.state === 'overdue').length : 0;
  const waiting = pending.status === 'fulfilled' ? pending.value.items.length : 0;
  return page(t('volunteer.title'), menu([
    ['/teach', 'volunteer.teach', 'volunteer.teach_hint'],
    ['/shifts', 'volunteer.shifts', 'volunteer.shifts_hint'],
    ['/visits', 'volunteer.visits', 'volunteer.visits_hint', overdue > 0 && h('span', { class: 'badge full', id: 'menu-overdue' }, t('volunteer.overdue', { n: overdue }))],
    ['/service', 'volunteer.service', 'volunteer.service_hint', waiting > 0 && h('span', { class: 'badge few', id: 'menu-pending' }, t('volunteer.pending', { n: waiting }))],
    ['/calendar', 'calendar.title', 'calendar.menu_hint'],
  ]));
}

/** menu is a list of large links, each with a line saying what is behind it and, optionally, a badge of what waits there. */
export function menu(items) {
  return h('ul', { class: 'cards menu' }, items.map(([href, key, hint, badge]) => h('li', { class: 'card' },
    h('h3', null, h('a', { href: '#' + href }, t(key)), badge ? ' ' : null, badge || null), h('p', { class: 'meta' }, t(hint)))));
}
