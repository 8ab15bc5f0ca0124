// visits.js: the neighbour visits a volunteer is assigned to, from two weeks back (to log the
// ones not yet logged) to four weeks ahead.
import { t, today, addDays } from '../i18n.js';
import { all } from '../api.js';
import { h, page } from '../ui.js';
import { sessionItem } from '../parts.js';

/** render draws the list of visits. */
export async function render() {
  const visits = await all('/sessions', { kind: 'neighbor_visit', from: addDays(today(), -14), to: addDays(today(), 28) });
  const shown = visits.filter((s) => s.status !== 'cancelled');
  return page(t('visits.title'), h('p', { class: 'hint' }, t('visits.intro')),
    shown.length ? h('ul', { class: 'cards', id: 'visit-list' }, shown.map((s) => sessionItem(s,
      h('p', null, h('a', { class: 'button', href: `#/visits/${s.id}` }, t('visits.log'))))))
      : h('p', { class: 'empty' }, t('visits.none')));
}
