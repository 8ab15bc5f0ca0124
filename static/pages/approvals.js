// approvals.js: service hours waiting for a coordinator's approval; only approved hours count
// in reports and in a volunteer's record ("whoever organises records, whoever records certifies").
import { t, fmtInstant } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

/** render draws the pending service records of the chosen community, oldest first. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('approvals.title'), notice(t('programs.no_community')));
  const pending = await all('/service', { community_id: c.id, status: 'pending' });
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
    })) : h('p', { class: 'empty' }, t('approvals.none')));
}
