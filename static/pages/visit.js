// visit.js: logging one neighbour visit: done or missed, minutes, notes, and the troubles found
// (repairs, health, paperwork, safety), which the community then follows up.
import { t, fmtWhen } from '../i18n.js';
import { get, post } from '../api.js';
import { h, page, field, form, notice } from '../ui.js';

const categories = ['repairs', 'health', 'paperwork', 'safety', 'other'];

/** render draws the visit and its log form. */
export async function render({ params }) {
  const { session: s } = await get(`/sessions/${encodeURIComponent(params.id)}`);
  const troubles = h('ol', { class: 'troubles', id: 'troubles' });
  const addTrouble = () => {
    const n = troubles.children.length;
    troubles.append(h('li', { class: 'trouble' },
      field({ name: `concern_category_${n}`, label: t('field.concern_category'), type: 'select', value: 'repairs', options: categories.map((c) => ({ value: c, label: t(`concern.${c}`) })) }),
      field({ name: `concern_text_${n}`, label: t('field.concern_text'), type: 'textarea', maxlength: 1000 })));
    troubles.lastElementChild.querySelector('select').focus();
  };
  const result = h('div', { id: 'visit-result', 'aria-live': 'polite' });
  const f = form({ id: 'visit-form', submit: t('visits.save'), onSubmit: async (v) => {
    const concerns = [...troubles.children].map((li, i) => ({ category: v[`concern_category_${i}`], text: v[`concern_text_${i}`] || '' }))
      .filter((c) => c.text);
    const res = await post(`/sessions/${s.id}/visit-log`, { outcome: v.outcome, minutes: v.minutes, notes: v.notes, concerns });
    const log = res.visit_log || res;
    f.replaceWith(notice(t('visits.saved', { n: (log.concerns || []).length }), 'ok'));
  } },
  field({ name: 'outcome', label: t('field.outcome'), type: 'select', value: 'done', options: ['done', 'missed'].map((o) => ({ value: o, label: t(`outcome.${o}`) })) }),
  field({ name: 'minutes', label: t('field.minutes'), type: 'number', min: 0, max: 600, value: 30, inputmode: 'numeric' }),
  field({ name: 'notes', label: t('field.visit_notes'), type: 'textarea', maxlength: 2000 }),
  h('fieldset', { class: 'group' }, h('legend', null, t('visits.troubles')), troubles,
    h('button', { type: 'button', id: 'add-trouble', onclick: addTrouble }, t('visits.add_trouble'))));
  return page(s.title, h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at)), f, result,
    h('p', null, h('a', { href: '#/visits' }, t('visits.back'))));
}
