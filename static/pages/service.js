// service.js: a volunteer's service record, as the national volunteer-record rules ask: date,
// place, content, recipient, hours and the certifying community, with a CSV download.
import { t, today, addDays, fmtFullDate } from '../i18n.js';
import { get } from '../api.js';
import { h, page } from '../ui.js';

/** render draws the last year of approved service. */
export async function render({ app }) {
  const q = { user_id: app.me.user.id, from: addDays(today(), -365), to: today() };
  const rec = await get('/reports/volunteer-record', q);
  const csv = `/api/v1/reports/volunteer-record?${new URLSearchParams({ ...q, format: 'csv' })}`;
  return page(t('service.title'),
    h('p', { class: 'total', id: 'service-total' }, t('service.total', { hours: rec.totals.hours, n: rec.totals.records })),
    rec.rows.length
      ? h('ul', { class: 'cards', id: 'service-list' }, rec.rows.map((r) => h('li', { class: 'card' },
        h('p', { class: 'when' }, fmtFullDate(r.date), ' · ', t('service.hours', { hours: r.hours })),
        h('h3', null, r.content),
        h('p', { class: 'meta' }, [r.place, r.recipient, r.certified_by].filter(Boolean).join(' · ')))))
      : h('p', { class: 'empty' }, t('service.none')),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: csv, download: '' }, t('service.csv'))));
}
