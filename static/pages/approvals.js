// approvals.js: service hours waiting for a coordinator's approval, and volunteers' corrections
// of their hours waiting for a decision; only approved hours count in reports and in a
// volunteer's record ("whoever organises records, whoever records certifies").
import { t, fmtInstant } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, field, form, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

/** render draws the pending service records and corrections of the chosen community, oldest first. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('approvals.title'), notice(t('programs.no_community')));
  const [pending, corrections] = await Promise.all([
    all('/service', { community_id: c.id, status: 'pending' }),
    all(`/communities/${c.id}/corrections`, { status: 'pending' }),
  ]);
  return page(t('approvals.title'), picker(app, list, c, '/approvals'), h('p', { class: 'hint' }, t('approvals.intro')),
    pending.length ? h('ul', { class: 'cards', id: 'approval-list' }, pending.map((r) => {
      const status = h('p', { class: 'meta', role: 'status' });
      const approve = h('button', { type: 'button', class: 'primary', onclick: async () => {
        approve.disabled = true;
        try {
          await post(`/service/${r.id}/approve`);
          approve.remove();
          status.textContent = t('approvals.done');
        } catch {
          approve.disabled = false;
          status.textContent = t('error.load');
        }
      } }, t('approvals.approve'));
      return h('li', { class: 'card', 'data-record': r.id },
        h('p', { class: 'when' }, fmtInstant(r.check_in), ' · ', t('service.hours', { hours: r.hours })),
        h('h3', null, r.user.name),
        h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`kind.${r.kind}`)), r.title),
        h('p', { class: 'actions' }, approve), status);
    })) : h('p', { class: 'empty' }, t('approvals.none')),
    h('h2', null, t('corrections.title')),
    corrections.length ? h('ul', { class: 'cards', id: 'correction-list' }, corrections.map(correctionItem))
      : h('p', { class: 'empty' }, t('corrections.none')));
}

// span writes the times of a record or a correction in China's time: 7月6日 周一 09:00–11:00.
const span = (x) => `${fmtInstant(x.check_in)}–${fmtInstant(x.check_out).split(' ').pop()}`;

// correctionItem is a correction beside the record it would change, with a note and the two
// decisions; the first button (also Enter) accepts.
function correctionItem({ correction: c, service_record: r }) {
  let accept = true;
  const f = form({ id: `correction-${c.id}`, className: 'stack compact', submit: t('corrections.accept'), onSubmit: async (v) => {
    const res = await post(`/corrections/${c.id}/decide`, { accept, note: v.note || '' });
    f.replaceWith(notice(accept ? t('corrections.accepted', { hours: res.service_record.hours }) : t('corrections.rejected'), 'ok'));
  } }, field({ name: 'note', label: t('field.decision_note'), type: 'textarea', maxlength: 500 }));
  f.querySelector('button[type=submit]').addEventListener('click', () => { accept = true; });
  f.querySelector('.actions').append(h('button', { type: 'submit', 'data-action': 'reject', onclick: () => { accept = false; } }, t('corrections.reject')));
  return h('li', { class: 'card', 'data-correction': c.id },
    h('h3', null, c.filed_by.name),
    h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`kind.${r.kind}`)), r.title),
    h('p', null, t('corrections.recorded', { when: span(r), hours: r.hours })),
    h('p', { class: 'when' }, t('corrections.asked', { when: span(c), hours: c.hours })),
    h('p', { class: 'description' }, t('corrections.reason', { reason: c.reason })),
    f);
}
