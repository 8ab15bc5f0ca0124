// venues.js: a community's rooms and halls, with their capacity, and a form for a new one.
import { t } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, field, form, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

/** render draws the venues of the chosen community. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('venues.title'), notice(t('programs.no_community')));
  const venues = await all(`/communities/${c.id}/venues`);
  const f = form({ id: 'venue-form', submit: t('action.add'), onSubmit: async (v) => {
    await post(`/communities/${c.id}/venues`, v);
    app.rerender();
  } },
  field({ name: 'name', label: t('field.venue_name'), required: true, maxlength: 100 }),
  field({ name: 'capacity', label: t('field.capacity'), type: 'number', min: 1, inputmode: 'numeric', required: true }),
  field({ name: 'address', label: t('field.address'), maxlength: 200 }));
  return page(t('venues.title'), picker(app, list, c, '/venues'),
    venues.length
      ? h('ul', { class: 'cards', id: 'venue-list' }, venues.map((v) => h('li', { class: 'card' },
        h('h3', null, v.name), h('p', { class: 'meta' }, t('session.capacity', { n: v.capacity }), v.address ? ` · ${v.address}` : ''))))
      : h('p', { class: 'empty' }, t('venues.none')),
    h('h2', null, t('venues.new')), f);
}
