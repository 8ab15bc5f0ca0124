// region-parts.js: what the region page and a community's reports page share: big figures in the
// Chinese style (11.9万) and the visits report with its chart.
import { t, locale } from '../i18n.js';
import { get } from '../api.js';
import { h } from '../ui.js';
import { barChart } from '../chart.js';

/**
 * big writes a large figure as people read it: in Chinese 11.9万 and 1.2亿 from ten thousand up
 * (one decimal), in English 119,000; below that as the reports give it (at most two decimals).
 */
export function big(n) {
  const one = (x) => String(Math.round(x * 10) / 10);
  if (locale() !== 'zh-CN') return (Math.round(n * 100) / 100).toLocaleString('en');
  if (n >= 1e8) return t('region.yi', { n: one(n / 1e8) });
  if (n >= 1e4) return t('region.wan', { n: one(n / 1e4) });
  return String(Math.round(n * 100) / 100);
}

/** csvLink links the CSV of a report with the query q, and beside it the same rows as XLSX. */
export const csvLink = (id, path, q) => {
  const file = (format) => `/api/v1${path}?${new URLSearchParams({ ...q, format })}`;
  return h('p', { class: 'actions' },
    h('a', { class: 'button', id, href: file('csv'), download: '' }, t('reports.csv')), ' ',
    h('a', { class: 'button', id: id.replace(/^csv-/, 'xlsx-'), href: file('xlsx'), download: '' }, t('print.xlsx')));
};

/**
 * visitsSection reads the visits report for q ({community_id} or {region_id}, from, to) and draws
 * it: planned, done, missed, overdue and upcoming visits as a chart, the troubles found, resolved
 * and open by age, and, over a region, the visits done by community.
 */
export async function visitsSection(q) {
  const rep = await get('/reports/visits', q);
  const v = rep.totals;
  const rows = ['done', 'missed', 'overdue', 'upcoming'].map((k) => ({ label: t(`region.visits.${k}`), value: v[k] }));
  return h('div', { class: 'visits-report', id: 'visits-report' },
    h('h2', null, t('region.visits.title')),
    h('p', { class: 'total', id: 'visits-totals' }, t('region.visits.totals', { planned: v.planned, done: v.done })),
    v.planned ? barChart({ id: 'chart-visits', title: t('region.visits.title'), rows, format: (n) => t('region.visits.n', { n }) })
      : h('p', { class: 'empty' }, t('region.visits.none')),
    h('p', { id: 'visits-troubles' }, t('region.visits.troubles', { found: v.troubles_found, resolved: v.resolved, open: v.open })),
    v.open > 0 && h('p', { class: 'meta', id: 'visits-open-age' }, t('region.visits.open_age', { fresh: v.open_under_7d, mid: v.open_7_to_30d, old: v.open_over_30d })),
    q.region_id && rep.rows.length > 0 && [h('h3', null, t('region.visits.by_community')),
      barChart({ id: 'chart-visits-community', title: t('region.visits.by_community'), rows: rep.rows.map((r) => ({ label: r.label, value: r.done })), format: (n) => t('region.visits.n', { n }) })],
    csvLink('csv-visits', '/reports/visits', q));
}
