// troubles.js: for coordinators, the troubles volunteers found on their visits (open ones first,
// each moved on to in progress or resolved with a note), and the visits and households that are
// overdue.
import { t, fmtWhen, fmtInstant } from '../i18n.js';
import { get, all, patch } from '../api.js';
import { h, page, field, form, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

const next = { open: ['in_progress', 'resolved'], in_progress: ['resolved'], resolved: [] };

/** render draws the troubles and the overdue visits of the chosen community. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('troubles.title'), notice(t('programs.no_community')));
  const [concerns, overdue] = await Promise.all([
    all(`/communities/${c.id}/concerns`),
    get(`/communities/${c.id}/visits/overdue`),
  ]);
  const live = concerns.filter((x) => x.status !== 'resolved');
  const resolved = concerns.filter((x) => x.status === 'resolved').sort((a, b) => (b.resolved_at || '').localeCompare(a.resolved_at || ''));
  // Just resolved: say so where the coordinator looks, and where it went.
  const done = query.done && resolved.find((x) => x.id === query.done);
  return page(t('troubles.title'), picker(app, list, c, '/troubles'),
    done && h('p', { class: 'notice notice-ok', id: 'trouble-resolved', role: 'status' },
      t('troubles.resolved_done', { where: `${done.household.building} ${done.household.label}` })),
    h('h2', null, t('troubles.open', { n: live.length })),
    live.length ? h('ul', { class: 'cards', id: 'concern-list' }, live.map((x) => concernItem(app, query, x))) : h('p', { class: 'empty' }, t('troubles.none')),
    h('details', { id: 'resolved', open: query.resolved === '1' },
      h('summary', null, t('troubles.resolved', { n: resolved.length })),
      resolved.length ? h('ul', { class: 'cards', id: 'resolved-list' }, resolved.map(resolvedItem)) : h('p', { class: 'empty' }, t('troubles.none_resolved'))),
    h('h2', null, t('troubles.overdue_visits', { n: overdue.visits.length })),
    overdue.visits.length ? h('ul', { class: 'cards', id: 'overdue-visits' }, overdue.visits.map((v) => h('li', { class: 'card' },
      h('p', { class: 'when' }, fmtWhen(v.starts_at, v.ends_at)),
      h('h3', null, `${v.household.building} ${v.household.label}`),
      h('p', { class: 'meta' }, v.staff.map((m) => m.name).join(t('list.sep'))))))
      : h('p', { class: 'empty' }, t('troubles.no_overdue')),
    h('h2', null, t('troubles.overdue_households', { n: overdue.households.length })),
    overdue.households.length ? h('ul', { class: 'cards' }, overdue.households.map((o) => h('li', { class: 'card' },
      h('h3', null, `${o.household.building} ${o.household.label}`),
      h('p', { class: 'meta' }, o.last_visit_at ? t('troubles.last_visit', { when: fmtInstant(o.last_visit_at), n: o.visit_every_days }) : t('troubles.never_visited', { n: o.visit_every_days })))))
      : h('p', { class: 'empty' }, t('troubles.no_overdue')));
}

function concernItem(app, query, x) {
  const moves = next[x.status] || [];
  return h('li', { class: 'card', 'data-concern': x.id },
    h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`concern.${x.category}`)), t(`concern_status.${x.status}`), ' · ', fmtInstant(x.raised_at)),
    h('h3', null, `${x.household.building} ${x.household.label}`),
    h('p', { class: 'description' }, x.text),
    moves.length > 0 && h('details', null, h('summary', null, t('troubles.update')),
      form({ id: `concern-${x.id}`, className: 'stack compact', submit: t('action.save'), onSubmit: async (v) => {
        await patch(`/concerns/${x.id}`, { status: v.status, note: v.note || '' });
        if (v.status === 'resolved') app.navigate(`/troubles?community=${encodeURIComponent(query.community || '')}&resolved=1&done=${encodeURIComponent(x.id)}`);
        else app.rerender();
      } },
      field({ name: 'status', label: t('field.concern_status'), type: 'select', value: moves[0], options: moves.map((m) => ({ value: m, label: t(`concern_status.${m}`) })) }),
      field({ name: 'note', label: t('field.note'), type: 'textarea', maxlength: 1000 }))));
}

// resolvedItem is a resolved trouble with what was done about it, for whoever asks later.
function resolvedItem(x) {
  const last = (x.history || []).filter((e) => e.note).pop();
  return h('li', { class: 'card', 'data-concern': x.id },
    h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`concern.${x.category}`)), t('concern_status.resolved'),
      x.resolved_at ? [' · ', fmtInstant(x.resolved_at)] : ''),
    h('h3', null, `${x.household.building} ${x.household.label}`),
    h('p', { class: 'description' }, x.text),
    last && h('p', { class: 'meta' }, t('troubles.resolution', { name: last.by.name, note: last.note })));
}
