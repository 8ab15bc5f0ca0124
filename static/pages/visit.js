// visit.js: one neighbour visit: what the volunteer needs at the door (the household's label,
// building, contact, needs, the notes of the last visits and the troubles still open), then the
// log: done or missed, minutes, notes, and the troubles found, which the community follows up.
import { t, has, fmtWhen, fmtDate, errorText, titleOf } from '../i18n.js';
import { get, all, post } from '../api.js';
import { h, page, field, form, notice, showError, fieldError } from '../ui.js';
import { visitBadge, visitState } from './visits.js';
import { cancelReasonText } from '../parts.js';

const categories = ['repairs', 'health', 'paperwork', 'safety', 'other'];

// visitError is the message for a failed log, in words about a visit, never a class.
const visitError = (err) => (has(`visits.error.${err.code}`) ? t(`visits.error.${err.code}`) : errorText(err));

/** render draws the visit, the household at the door and the log form. */
export async function render({ params }) {
  const [{ session: s }, plans] = await Promise.all([get(`/sessions/${encodeURIComponent(params.id)}`), all('/me/visit-plans')]);
  const plan = plans.find((p) => p.visits.some((v) => v.session_id === s.id));
  const v = plan?.visits.find((x) => x.session_id === s.id);
  // The household is the plan's volunteers' to see while the plan runs; an ended plan's overdue
  // visit is still logged here, without it.
  const household = plan?.status === 'active' ? (await get(`/households/${plan.household.id}`)).household : null;
  const title = plan ? `${plan.household.building} ${plan.household.label}` : titleOf(s.title);
  const state = v ? visitState(v) : '';
  let logPart;
  const cancelled = state === 'cancelled' || s.status === 'cancelled';
  if (state === 'logged') logPart = notice(t('visits.already', { outcome: t(`outcome.${v.outcome}`), date: fmtDate(v.visited_at) }), 'ok');
  else if (cancelled) logPart = notice(s.cancel_reason ? t('visits.cancelled_because', { reason: cancelReasonText(s.kind, s.cancel_reason) }) : t('visits.cancelled'));
  else if (state === 'coming' || (!v && new Date(s.starts_at) > new Date())) logPart = notice(t('visits.not_yet'));
  else logPart = logForm(s);
  return page(title,
    h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at)),
    h('p', { id: 'visit-state' }, v && visitBadge(v)),
    // A cancelled visit says so, and why, before anything else: there is nothing to log.
    cancelled && logPart,
    household && door(household),
    !cancelled && [h('h2', null, t('visits.log_title')), logPart],
    h('p', null, h('a', { href: '#/visits' }, t('visits.back'))));
}

// door is what the volunteer needs at the door.
function door(x) {
  const facts = [
    [t('field.contact_name'), x.contact_name || t('visits.unknown')],
    x.contact_phone && [t('field.contact_phone'), h('a', { href: `tel:${x.contact_phone}` }, x.contact_phone)],
    [t('visits.needs'), x.needs.length ? x.needs.map((n) => h('span', { class: 'tag' }, t(`need.${n}`))) : t('visits.no_needs')],
  ].filter(Boolean);
  const recent = x.recent_visits || [];
  const troubles = x.open_concerns || [];
  return h('div', { id: 'door' },
    h('dl', { class: 'facts' }, facts.map(([k, val]) => [h('dt', null, k), h('dd', null, val)])),
    h('h2', null, t('visits.open_troubles')),
    troubles.length ? h('ul', { class: 'cards', id: 'door-troubles' }, troubles.map((c) => h('li', { class: 'card' },
      h('p', null, h('span', { class: 'tag' }, t(`concern.${c.category}`)), h('span', { class: 'badge few' }, t(`concern_status.${c.status}`))),
      h('p', { class: 'description' }, c.text), h('p', { class: 'meta' }, t('visits.raised', { date: fmtDate(c.raised_at) })))))
      : h('p', { class: 'empty' }, t('visits.no_troubles')),
    h('h2', null, t('visits.recent')),
    recent.length ? h('ul', { class: 'cards', id: 'door-notes' }, recent.map((n) => h('li', { class: 'card' },
      h('p', { class: 'when' }, fmtDate(n.visited_at), ' · ', t(`outcome.${n.outcome}`)),
      n.notes ? h('p', { class: 'description' }, n.notes) : h('p', { class: 'meta' }, t('visits.no_notes')),
      h('p', { class: 'meta' }, n.by.name))))
      : h('p', { class: 'empty' }, t('visits.no_recent')));
}

// logForm is the form that logs the visit once.
function logForm(s) {
  const troubles = h('ol', { class: 'troubles', id: 'troubles' });
  let added = 0;
  const addTrouble = () => {
    const n = added++;
    const li = h('li', { class: 'trouble' },
      field({ name: `concern_category_${n}`, label: t('field.concern_category'), type: 'select', value: 'repairs', options: categories.map((c) => ({ value: c, label: t(`concern.${c}`) })) }),
      field({ name: `concern_text_${n}`, label: t('field.concern_text'), type: 'textarea', maxlength: 1000 }),
      h('button', { type: 'button', 'data-action': 'drop-trouble', onclick: () => li.remove() }, t('visits.drop_trouble')));
    troubles.append(li);
    li.querySelector('select').focus();
  };
  const f = form({ id: 'visit-form', submit: t('visits.save'), onSubmit: async (v, el) => {
    const concerns = [...troubles.children].map((li) => ({ category: li.querySelector('select').value, text: li.querySelector('textarea').value.trim() }));
    // A trouble added and left without words would be lost: ask for them beside it.
    const blank = [...troubles.children].find((li) => !li.querySelector('textarea').value.trim());
    if (blank) {
      fieldError(el, blank.querySelector('textarea').name, 'visits.trouble_text_missing');
      return;
    }
    let res;
    try {
      res = await post(`/sessions/${s.id}/visit-log`, { outcome: v.outcome, minutes: v.minutes, notes: v.notes, concerns });
    } catch (err) {
      showError(el, err, visitError(err));
      return;
    }
    const log = res.visit_log || res;
    const found = (log.concerns || []).length;
    f.replaceWith(notice(found ? t('visits.saved', { n: found }) : t('visits.saved_none'), 'ok'));
    // The state at the top follows: logged, with the outcome just given.
    document.querySelector('#visit-state')?.replaceChildren(visitBadge({ state: 'logged', outcome: log.outcome }));
  } },
  field({ name: 'outcome', label: t('field.outcome'), type: 'select', value: 'done', options: ['done', 'missed'].map((o) => ({ value: o, label: t(`outcome.${o}`) })) }),
  field({ name: 'minutes', label: t('field.minutes'), type: 'number', min: 0, max: 600, value: 30, inputmode: 'numeric' }),
  field({ name: 'notes', label: t('field.visit_notes'), type: 'textarea', maxlength: 2000 }),
  h('fieldset', { class: 'group' }, h('legend', null, t('visits.troubles')), troubles,
    h('button', { type: 'button', id: 'add-trouble', onclick: addTrouble }, t('visits.add_trouble'))));
  return f;
}
