// roster.js: a session's roster for its staff: each booked child with their notes and the
// adults who may collect them, attendance (present, late, absent; check-in and check-out), the
// pickup check at check-out, and marking the session held.
import { t, fmtWhen } from '../i18n.js';
import { get, put, post } from '../api.js';
import { h, page, field, form, notice, done } from '../ui.js';

const statuses = ['present', 'late', 'absent'];

// now is the clock time in China, HH:MM.
const now = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());

/** render draws the roster of the session in the address. */
export async function render({ params }) {
  const id = encodeURIComponent(params.id);
  const { roster: r } = await get(`/sessions/${id}/roster`);
  const s = r.session;
  const status = h('div', { 'aria-live': 'polite', id: 'roster-status' });
  const deliver = h('button', { type: 'button', id: 'deliver', class: 'primary', onclick: async () => {
    try {
      await post(`/sessions/${id}/deliver`);
      status.replaceChildren(notice(t('roster.delivered'), 'ok'));
    } catch (err) {
      status.replaceChildren(notice(err.code === 'not_started' ? t('error.not_started') : t('error.load'), 'error'));
    }
  } }, t('roster.deliver'));
  return page(t('roster.title', { title: s.title }),
    h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at), s.venue ? ` · ${s.venue.name}` : ''),
    h('p', { class: 'meta' }, t('roster.count', { n: r.children.length, attended: r.attended })),
    (r.warnings || []).map((w) => notice(t(`warning.${w}`), 'error')),
    r.children.length ? h('ul', { class: 'cards', id: 'roster' }, r.children.map((c) => childCard(id, s, c))) : h('p', { class: 'empty' }, t('roster.none')),
    s.status === 'scheduled' && h('p', { class: 'actions' }, deliver), status);
}

function childCard(id, s, c) {
  const a = c.attendance || {};
  const who = [
    ...c.guardians.map((g) => ({ value: g.id, label: t('roster.who', { name: g.name, what: t('roster.guardian') }), phone: g.phone })),
    ...c.pickups.map((p) => ({ value: p.id, label: t('roster.who', { name: p.name, what: p.relation }), phone: p.phone })),
    ...c.delegations.map((d) => ({ value: d.id, label: t('roster.who', { name: d.name, what: t('roster.today_only') }), phone: d.phone })),
  ];
  const clock = (v) => (v ? v.slice(11, 16) : '');
  const f = form({ id: `att-${c.id}`, className: 'stack compact', submit: t('roster.save'), onSubmit: async (v, el) => {
    const rec = { child_id: c.id, status: v.status, check_in: v.check_in || '', check_out: v.check_out || '', picked_up_by: v.picked_up_by || '' };
    const res = await put(`/sessions/${id}/attendance`, { records: [rec] });
    done(el, (res.warnings || []).length ? t('warning.ratio_exceeded') : t('roster.saved'));
  } },
  field({ name: 'status', label: t('field.attendance'), type: 'select', value: a.status || 'present', options: statuses.map((x) => ({ value: x, label: t(`attendance.${x}`) })) }),
  h('div', { class: 'row' },
    field({ name: 'check_in', label: t('field.check_in'), type: 'time', value: clock(a.check_in) || now() }),
    field({ name: 'check_out', label: t('field.check_out'), type: 'time', value: clock(a.check_out) })),
  field({ name: 'picked_up_by', label: t('field.picked_up_by'), type: 'select', value: a.picked_up_by || '',
    options: [{ value: '', label: t('roster.nobody_yet') }, ...who.map((w) => ({ value: w.value, label: w.label }))],
    hint: s.kind === 'after_school' ? t('roster.pickup_rule') : undefined }));
  return h('li', { class: 'card', 'data-child': c.id },
    h('h3', null, c.name, ' ', h('span', { class: 'tag' }, t('children.age', { n: c.age }))),
    c.notes && h('p', { class: 'notice notice-error' }, c.notes),
    h('ul', { class: 'plain contacts' }, who.map((w) => h('li', null, w.label, ' ', h('a', { href: `tel:${w.phone}` }, w.phone)))),
    f);
}
