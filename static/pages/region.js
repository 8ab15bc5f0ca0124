// region.js: a street's, district's or city's page, a region viewer's home: the class hours,
// volunteer hours and visits of every community below the region, in big figures and a chart per
// community, with the CSV of each for the forms sent further up.
import { t, today } from '../i18n.js';
import { get, all } from '../api.js';
import { h, page, field, form, notice } from '../ui.js';
import { barChart } from '../chart.js';
import { big, csvLink, visitsSection } from './region-parts.js';

/** render draws the region in the address, or the one region the user views. */
export async function render({ app, params, query }) {
  let id = params.id;
  if (!id) {
    const mine = await all('/regions');
    if (mine.length !== 1) {
      return page(t('region.title'), mine.length === 0 ? notice(t('region.none')) : h('ul', { class: 'cards', id: 'region-list' },
        mine.map((r) => h('li', { class: 'card' }, h('h3', null, h('a', { href: `#/region/${r.id}` }, r.name)), h('p', { class: 'meta' }, t(`region.level.${r.level}`))))),
      app.me.user.is_admin && h('p', null, h('a', { class: 'button', href: '#/regions' }, t('region.admin_title'))));
    }
    id = mine[0].id;
  }
  const { region: r } = await get(`/regions/${id}`);
  const from = query.from || `${today().slice(0, 4)}-01-01`;
  const to = query.to || today();
  const base = { region_id: id, from, to, group_by: 'community' };
  const [hours, service] = await Promise.all([get('/reports/class-hours', base), get('/reports/volunteer-hours', base)]);
  const filters = form({ id: 'region-filters', className: 'filters', submit: t('reports.show'), onSubmit: async (v) => {
    app.navigate(`/region/${id}?${new URLSearchParams({ from: v.from || from, to: v.to || to })}`);
  } },
  field({ name: 'from', label: t('field.from'), type: 'date', value: from }),
  field({ name: 'to', label: t('field.to'), type: 'date', value: to }));
  const communities = r.communities || [];
  const figure = (id2, value, unit) => h('li', { class: 'card figure', id: id2 }, h('p', { class: 'figure-value' }, big(value)), h('p', { class: 'meta' }, unit));
  return page(r.name,
    h('p', { class: 'meta', id: 'region-meta' }, t('region.meta', { level: t(`region.level.${r.level}`), n: communities.length })),
    filters,
    communities.length === 0 ? notice(t('region.no_communities')) : [
      h('ul', { class: 'cards figures', id: 'region-figures' },
        figure('figure-periods', hours.totals.lesson_periods, t('region.unit.periods')),
        figure('figure-child-hours', hours.totals.child_hours, t('region.unit.child_hours')),
        figure('figure-service', service.totals.hours, t('region.unit.service_hours'))),
      h('p', { class: 'total', id: 'region-totals' }, t('region.totals', { sessions: hours.totals.sessions, hours: hours.totals.hours, records: service.totals.records, volunteers: service.totals.volunteers })),
      h('h2', null, t('region.by_community_periods')),
      chartOrNone('chart-region-periods', t('region.by_community_periods'), hours.rows.map((x) => ({ label: x.label, value: x.lesson_periods })), (n) => t('region.periods', { n: big(n) })),
      csvLink('csv-region-hours', '/reports/class-hours', base),
      h('h2', null, t('region.by_community_service')),
      chartOrNone('chart-region-service', t('region.by_community_service'), service.rows.map((x) => ({ label: x.label, value: x.hours })), (n) => t('reports.hours', { n: big(n) })),
      csvLink('csv-region-service', '/reports/volunteer-hours', base),
      await visitsSection({ region_id: id, from, to }),
    ],
    (r.children || []).length > 0 && [h('h2', null, t('region.below')), h('ul', { class: 'cards', id: 'region-children' },
      r.children.map((c) => h('li', { class: 'card' }, h('h3', null, h('a', { href: `#/region/${c.id}` }, c.name)), h('p', { class: 'meta' }, t(`region.level.${c.level}`)))))],
    communities.length > 0 && h('details', { class: 'region-communities' }, h('summary', null, t('region.communities', { n: communities.length })),
      h('ul', null, communities.map((c) => h('li', null, c.name)))));
}

// chartOrNone is a bar chart, or a line saying there is nothing to draw when every value is 0.
function chartOrNone(id, title, rows, format) {
  if (!rows.some((r) => r.value > 0)) return h('p', { class: 'empty' }, t('region.nothing'));
  return barChart({ id, title, rows, format });
}
