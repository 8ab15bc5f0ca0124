// service.js: a volunteer's service hours: every record of theirs, pending, approved and
// rejected (with the coordinator's note), newest first (GET /me/service), each open to a
// correction of its times; and the approved total of the last year as the national
// volunteer-record rules ask, with CSV and XLSX downloads and the printed service certificate.
import { t, has, today, addDays, fmtDate, fmtTime, errorText, titleOf } from '../i18n.js';
import { get, post } from '../api.js';

const pageSize = 20;
import { h, page, field, form, notice, showError } from '../ui.js';

/** render draws the totals and the records. */
export async function render({ app }) {
  const q = { user_id: app.me.user.id, from: addDays(today(), -365), to: today() };
  const [rec, first, pendingOnes] = await Promise.all([get('/reports/volunteer-record', q), get('/me/service', { limit: pageSize }),
    get('/service', { user_id: app.me.user.id, status: 'pending', limit: 500 })]);
  const csv = `/api/v1/reports/volunteer-record?${new URLSearchParams({ ...q, format: 'csv' })}`;
  const xlsx = `/api/v1/reports/volunteer-record?${new URLSearchParams({ ...q, format: 'xlsx' })}`;
  const certificate = `/api/v1/reports/volunteer-record/certificate?${new URLSearchParams(q)}`;
  const pending = pendingOnes.items.length;
  const list = h('ul', { class: 'cards', id: 'service-list' }, first.items.map(recordItem));
  // Older records come a page at a time, newest first like the rest.
  let cursor = first.next_cursor;
  const more = h('button', { type: 'button', id: 'service-more', hidden: !cursor }, t('service.more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await get('/me/service', { limit: pageSize, cursor });
      list.append(...next.items.map(recordItem));
      cursor = next.next_cursor;
      more.hidden = !cursor;
    } catch (err) {
      more.after(h('span', { class: 'field-error armed-error', role: 'alert' }, errorText(err)));
    } finally {
      more.disabled = false;
    }
  });
  return page(t('service.title'),
    h('p', { class: 'total', id: 'service-total' }, t('service.total', { hours: rec.totals.hours, n: rec.totals.records })),
    pending > 0 && h('p', { class: 'hint' }, t('service.pending_count', { n: pending })),
    first.items.length ? [list, h('p', { class: 'more' }, more)] : h('p', { class: 'empty' }, t('service.none_at_all')),
    rec.rows.length > 0 && h('p', { class: 'actions' }, h('a', { class: 'button', href: csv, download: '' }, t('service.csv')), ' ',
      h('a', { class: 'button', id: 'service-xlsx', href: xlsx, download: '' }, t('print.xlsx')), ' ',
      h('a', { class: 'button', id: 'service-certificate', href: certificate, target: '_blank', rel: 'noopener' }, t('print.certificate'))),
    rec.rows.length > 0 && h('p', { class: 'hint' }, t('print.certificate_hint')));
}

const badges = { pending: 'badge few', approved: 'badge open', rejected: 'badge full' };

// recordItem is one record: when, what, hours, its status and what can still be done about it.
function recordItem(r) {
  const fix = h('div', { class: 'correction' });
  if (r.correction_pending) fix.append(h('p', { class: 'meta' }, t('service.correction_pending')));
  else fix.append(correction(r, fix));
  return h('li', { class: 'card', 'data-record': r.id, 'data-status': r.status },
    h('p', { class: 'when' }, fmtDate(r.check_in), ' ', fmtTime(r.check_in), '–', fmtTime(r.check_out), ' · ', h('span', { class: 'keep' }, t('service.hours', { hours: r.hours }))),
    h('h3', null, titleOf(r.title)),
    h('p', null, h('span', { class: badges[r.status] || 'badge muted' }, t(`service.status.${r.status}`))),
    r.status === 'rejected' && r.reject_note && h('p', { class: 'description' }, t('service.reject_note', { note: r.reject_note })),
    fix);
}

// correctionError is the message for a failed correction, in words about service hours.
function correctionError(err) {
  const field = (err.field || '').split('.').pop();
  for (const key of [`service.error.${err.code}.${field}`, `service.error.${err.code}`]) if (has(key)) return t(key);
  return errorText(err);
}

// correction is the folded form asking for other times on the record's day.
function correction(r, box) {
  const day = r.check_in.slice(0, 10);
  const zone = r.check_in.slice(19);
  const at = (clock) => `${day}T${clock}:00${zone}`;
  const f = form({ id: `correct-${r.id}`, submit: t('service.correct_send'), onSubmit: async (v, el) => {
    try {
      await post(`/service/${r.id}/corrections`, { check_in: v.check_in ? at(v.check_in) : '', check_out: v.check_out ? at(v.check_out) : '', reason: v.reason || '' });
    } catch (err) {
      showError(el, err, correctionError(err));
      return;
    }
    box.replaceChildren(notice(t('service.correct_sent'), 'ok'));
  } },
  h('div', { class: 'row' },
    field({ name: 'check_in', label: t('field.check_in'), type: 'time', value: fmtTime(r.check_in), required: true }),
    field({ name: 'check_out', label: t('field.check_out'), type: 'time', value: fmtTime(r.check_out), required: true })),
  field({ name: 'reason', label: t('service.correct_reason'), type: 'textarea', maxlength: 500, required: true }));
  return h('details', null, h('summary', null, t('service.correct')), f);
}
