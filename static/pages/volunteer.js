// volunteer.js: where volunteers and teachers start: shifts, visits and their service record.
import { t } from '../i18n.js';
import { h, page } from '../ui.js';

/** render draws the volunteer's menu. */
export async function render() {
  return page(t('volunteer.title'), menu([
    ['/teach', 'volunteer.teach', 'volunteer.teach_hint'],
    ['/shifts', 'volunteer.shifts', 'volunteer.shifts_hint'],
    ['/visits', 'volunteer.visits', 'volunteer.visits_hint'],
    ['/service', 'volunteer.service', 'volunteer.service_hint'],
    ['/calendar', 'calendar.title', 'calendar.menu_hint'],
  ]));
}

/** menu is a list of large links, each with a line saying what is behind it. */
export function menu(items) {
  return h('ul', { class: 'cards menu' }, items.map(([href, key, hint]) => h('li', { class: 'card' },
    h('h3', null, h('a', { href: '#' + href }, t(key))), h('p', { class: 'meta' }, t(hint)))));
}
