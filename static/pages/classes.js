// classes.js: browse children's sessions by kind, category, age and date, with the seats left.
// The filters live in the address (#/classes?age=6&category=art) so a search can be shared.
import { t, today } from '../i18n.js';
import { get, all } from '../api.js';
import { h, page, field, form } from '../ui.js';
import { sessionItem, kindOptions, categoryOptions } from '../parts.js';

const kinds = ['after_school', 'holiday_class', 'event'];
const ages = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** render draws the filters and the first page of matching sessions. */
export async function render({ app, query }) {
  const q = { kind: query.kind || '', category: query.category || '', age: query.age || '', from: query.from || today(), has_seats: query.has_seats === 'true' };
  const filters = form({ id: 'class-filters', className: 'filters', submit: t('classes.search'), onSubmit: async (v) => {
    const p = new URLSearchParams();
    for (const k of ['kind', 'category', 'age', 'from']) if (v[k] !== undefined && v[k] !== '') p.set(k, v[k]);
    if (v.has_seats) p.set('has_seats', 'true');
    app.navigate('/classes?' + p);
  } },
  field({ name: 'kind', label: t('field.kind'), type: 'select', value: q.kind, options: kindOptions(kinds, 'classes.any_kind') }),
  field({ name: 'category', label: t('field.category'), type: 'select', value: q.category, options: categoryOptions('classes.any_category') }),
  field({ name: 'age', label: t('field.child_age'), type: 'select', value: q.age, options: [{ value: '', label: t('classes.any_age') }, ...ages.map((a) => ({ value: a, label: t('classes.age', { n: a }) }))] }),
  field({ name: 'from', label: t('field.from'), type: 'date', value: q.from }),
  field({ name: 'has_seats', label: t('classes.has_seats'), type: 'checkbox', value: q.has_seats }));

  const list = h('ul', { class: 'cards', id: 'class-list' });
  const more = h('p', { class: 'more' });
  const apiQuery = { ...q, kind: q.kind || undefined };
  // Events without an age range are for adults (议事会): listed, but marked so, since no child is booked into them.
  const adults = q.age ? new Set() : new Set((await all('/programs', { kind: 'event' }).catch(() => []))
    .filter((p) => p.age_min == null && p.age_max == null).map((p) => p.id));
  const forAdults = (s) => adults.has(s.program_id) && h('p', { class: 'meta' }, h('span', { class: 'tag' }, t('session.for_adults')));
  async function load(cursor) {
    let shown = 0;
    // Without a kind or an age, volunteer shifts come too and are left out here (this page is
    // for children), so read on until a screenful is found.
    for (let round = 0; round < 5 && shown < 10; round++) {
      const res = await get('/sessions', { ...apiQuery, cursor, limit: 20 });
      const items = res.items.filter((s) => kinds.includes(s.kind));
      list.append(...items.map((s) => sessionItem(s, forAdults(s))));
      shown += items.length;
      cursor = res.next_cursor || '';
      if (!cursor) break;
    }
    more.replaceChildren(cursor
      ? h('button', { type: 'button', onclick: () => load(cursor) }, t('action.more'))
      : (list.children.length ? '' : h('span', { class: 'empty' }, t('classes.none'))));
  }
  await load('');
  return page(t('classes.title'), h('details', { class: 'filter-box', open: !query.kind && !query.age && !query.category },
    h('summary', null, t('classes.filters')), filters), h('h2', { class: 'sr-only' }, t('classes.results')), list, more);
}
