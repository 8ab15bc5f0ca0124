// approvals.js: service hours waiting for a coordinator's approval, in date order, each approved
// or rejected with a note (or all approved at once), and volunteers' corrections of their hours
// waiting for a decision; only approved hours count in reports and in a
// volunteer's record ("whoever organises records, whoever records certifies").
import { t, fmtInstant, errorText, titleOf } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, field, form, notice, armed } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

/** render draws the pending service records (in date order) and corrections of the chosen community. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('approvals.title'), notice(t('programs.no_community')));
  const [pending, corrections] = await Promise.all([
    all('/service', { community_id: c.id, status: 'pending' }),
    all(`/communities/${c.id}/corrections`, { status: 'pending' }),
  ]);
  pending.sort((a, b) => new Date(a.check_in) - new Date(b.check_in) || a.user.name.localeCompare(b.user.name, 'zh-CN'));
  // Each decision, one by one or all at once, leaves the count on 全部确认 true.
  const undecided = () => items.filter((it) => !it.decided()).length;
  const recount = () => {
    if (!approveAll) return;
    if (!undecided()) approveAll.remove();
    else if (!approveAll.dataset.armed) approveAll.textContent = t('approvals.approve_all', { n: undecided() });
  };
  const items = pending.map((r) => recordItem(r, recount));
  const summary = h('div', { id: 'approvals-summary', 'aria-live': 'polite' });
  const approveAll = items.length > 1 && armed(() => t('approvals.approve_all', { n: undecided() }), async () => {
    let ok = 0;
    for (const it of items) if (!it.decided() && (await it.approve())) ok++;
    const left = items.filter((it) => !it.decided()).length;
    summary.replaceChildren(notice(left ? t('approvals.all_some', { n: ok, left }) : t('approvals.all_done', { n: ok }), left ? 'error' : 'ok'));
    if (!left) approveAll.remove();
  }, { id: 'approve-all', class: 'primary' });
  return page(t('approvals.title'), picker(app, list, c, '/approvals'), h('p', { class: 'hint' }, t('approvals.intro')),
    items.length ? [h('p', { class: 'actions' }, approveAll), summary, h('ul', { class: 'cards', id: 'approval-list' }, items.map((it) => it.el))]
      : h('p', { class: 'empty' }, t('approvals.none')),
    h('h2', null, t('corrections.title')),
    corrections.length ? h('ul', { class: 'cards', id: 'correction-list' }, corrections.map(correctionItem))
      : h('p', { class: 'empty' }, t('corrections.none')));
}

// recordItem is a pending record with its approve button and a reject form that asks why;
// onDecided is called once it is approved or rejected.
function recordItem(r, onDecided) {
  let decided = false;
  const status = h('p', { class: 'meta', role: 'status' });
  const actions = h('div', { class: 'decide' });
  const finish = (text) => {
    decided = true;
    actions.remove();
    status.textContent = text;
    onDecided();
  };
  const approve = async () => {
    approveButton.disabled = true;
    try {
      await post(`/service/${r.id}/approve`);
      finish(t('approvals.done'));
      return true;
    } catch (err) {
      approveButton.disabled = false;
      status.textContent = errorText(err);
      return false;
    }
  };
  const approveButton = h('button', { type: 'button', class: 'primary', 'data-action': 'approve', onclick: approve }, t('approvals.approve'));
  const reject = form({ id: `reject-${r.id}`, className: 'stack compact', submit: t('approvals.reject'), onSubmit: async (v) => {
    await post(`/service/${r.id}/reject`, { note: v.note || '' });
    finish(t('approvals.rejected', { note: v.note }));
  } }, field({ name: 'note', label: t('approvals.reject_note'), type: 'textarea', maxlength: 500, required: true }));
  actions.append(h('p', { class: 'actions' }, approveButton), h('details', null, h('summary', null, t('approvals.reject_open')), reject));
  const el = h('li', { class: 'card', 'data-record': r.id },
    h('p', { class: 'when' }, span(r), ' · ', h('span', { class: 'keep' }, t('service.hours', { hours: r.hours }))),
    h('h3', null, r.user.name),
    h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`kind.${r.kind}`)), titleOf(r.title)),
    actions, status);
  return { el, approve, decided: () => decided };
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
    h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`kind.${r.kind}`)), titleOf(r.title)),
    h('p', null, t('corrections.recorded', { when: span(r), hours: r.hours })),
    h('p', { class: 'when' }, t('corrections.asked', { when: span(c), hours: c.hours })),
    h('p', { class: 'description' }, t('corrections.reason', { reason: c.reason })),
    f);
}
