// reports.js: class hours delivered in a community, as bar charts by teacher type and by month,
// a table by the grouping chosen, and the CSV and XLSX of each for the district's forms.
import { t, today } from '../i18n.js';
import { get } from '../api.js';
import { h, page, field, form, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';
import { barChart } from '../chart.js';

const groupings = ['teacher_type', 'month', 'teacher', 'program', 'category', 'kind'];

/** render draws the report for the community and dates in the address. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('reports.title'), notice(t('programs.no_community')));
  const from = query.from || `${today().slice(0, 4)}-01-01`;
  const to = query.to || today();
  const by = groupings.includes(query.group_by) ? query.group_by : 'program';
  const base = { community_id: c.id, from, to };
  const [byType, byMonth, byChoice] = await Promise.all(['teacher_type', 'month', by].map((g) => get('/reports/class-hours', { ...base, group_by: g })));
  const file = (g, format) => `/api/v1/reports/class-hours?${new URLSearchParams({ ...base, group_by: g, format })}`;
  // downloads are the CSV and, beside it, the XLSX of one grouping.
  const downloads = (g, id) => h('p', { class: 'actions' },
    h('a', { class: 'button', id: `csv-${id}`, href: file(g, 'csv'), download: '' }, t('reports.csv')), ' ',
    h('a', { class: 'button', id: `xlsx-${id}`, href: file(g, 'xlsx'), download: '' }, t('print.xlsx')));
  const hours = (v) => t('reports.hours', { n: Math.round(v * 10) / 10 });
  const label = (g, r) => (g === 'teacher_type' || g === 'kind' || g === 'category'
    ? t(`${g === 'teacher_type' ? 'teacher_type' : g}.${r.key}`)
    : g === 'month' ? t('reports.month', { y: r.key.slice(0, 4), m: Number(r.key.slice(5)) }) : r.label);
  const filters = form({ id: 'report-filters', className: 'filters', submit: t('reports.show'), onSubmit: async (v) => {
    app.navigate(`/reports?${new URLSearchParams({ community: c.id, from: v.from || from, to: v.to || to, group_by: v.group_by || by })}`);
  } },
  field({ name: 'from', label: t('field.from'), type: 'date', value: from }),
  field({ name: 'to', label: t('field.to'), type: 'date', value: to }),
  field({ name: 'group_by', label: t('field.group_by'), type: 'select', value: by, options: groupings.map((g) => ({ value: g, label: t(`group_by.${g}`) })) }));
  const tot = byType.totals;
  const cols = ['group', 'sessions', 'hours', 'periods', 'child_hours'];
  const rated = by === 'program';
  return page(t('reports.title'), picker(app, list, c, '/reports'), filters,
    h('p', { class: 'total', id: 'report-totals' }, t('reports.totals', { sessions: tot.sessions, hours: tot.hours, periods: tot.lesson_periods, child_hours: tot.child_hours })),
    h('h2', null, t('reports.by_teacher_type')),
    perStaff('teacher_type'),
    byType.rows.length ? barChart({ id: 'chart-teacher-type', title: t('reports.by_teacher_type'), rows: byType.rows.map((r) => ({ label: label('teacher_type', r), value: r.hours })), format: hours }) : h('p', { class: 'empty' }, t('reports.none')),
    downloads('teacher_type', 'teacher-type'),
    h('h2', null, t('reports.by_month')),
    byMonth.rows.length ? barChart({ id: 'chart-month', title: t('reports.by_month'), rows: byMonth.rows.map((r) => ({ label: label('month', r), value: r.hours })), format: hours }) : h('p', { class: 'empty' }, t('reports.none')),
    downloads('month', 'month'),
    h('h2', null, t('reports.table', { by: t(`group_by.${by}`) })),
    perStaff(by),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'report-table' },
      h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(`reports.col.${k}`))))),
      h('tbody', null, byChoice.rows.map((r) => h('tr', null,
        h('th', { scope: 'row' }, rated ? [h('a', { href: `#/programs/${r.key}` }, label(by, r)),
          h('span', { class: 'row-rating' }, r.rating_count ? t('reports.rating', { avg: r.rating_avg, n: r.rating_count }) : t('reports.no_rating'))] : label(by, r)),
        h('td', null, String(r.sessions)), h('td', null, String(r.hours)), h('td', null, String(r.lesson_periods)), h('td', null, String(r.child_hours))))))),
    rated && h('p', { class: 'hint' }, t('reports.rating_hint')),
    downloads(by, 'table'));
}

// perStaff says, under the groupings by teacher and by teacher type, that a session taught by two
// counts in each one's row, so the rows can add up to more than the totals.
function perStaff(by) {
  if (by !== 'teacher' && by !== 'teacher_type') return null;
  return h('p', { class: 'hint per-staff' }, t('reports.per_staff'));
}
