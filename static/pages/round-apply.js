// round-apply.js: the form a guardian applies with in a round: which children (one, or siblings
// placed together), and the wishes among the round's programs, ordered by moving them up and down
// with buttons big enough for a thumb (no dragging).
import { t, errorText, today } from '../i18n.js';
import { put } from '../api.js';
import { h, form, checks, showError } from '../ui.js';
import { ageOn } from '../parts.js';
import { programTitle, ageText } from './round-parts.js';

/**
 * applyForm builds the form for a new application (application null) or for changing one. children
 * are the guardian's children it may name: those in no other application of the round, and the
 * application's own. onSaved(application) runs after the server took it.
 */
export function applyForm({ round, programs, children, application, onSaved, id }) {
  const wishes = application ? application.program_ids.filter((p) => programs.has(p)) : [];
  const chosenKids = () => [...f.querySelectorAll('input[name="child_ids"]:checked')].map((el) => el.value);
  const list = h('ol', { class: 'wish-list', id: `${id}-wishes`, 'aria-describedby': `${id}-wishes-error` });
  const offer = h('ul', { class: 'wish-offer', id: `${id}-offer` });
  const wishError = h('p', { class: 'field-error', id: `${id}-wishes-error`, role: 'alert' });
  const count = h('p', { class: 'hint', id: `${id}-count`, 'aria-live': 'polite' });

  // fits says which chosen children are too young or too old for a program (on its first and last day).
  const misfits = (p) => children.filter((c) => chosenKids().includes(c.id) && c.birth_date && p.schedule && (
    (p.age_min != null && ageOn(c.birth_date, p.schedule.start_date || today()) < p.age_min) ||
    (p.age_max != null && ageOn(c.birth_date, p.schedule.end_date || today()) > p.age_max)));

  const move = (i, by, focusClass) => {
    const [w] = wishes.splice(i, 1);
    wishes.splice(i + by, 0, w);
    draw();
    const li = list.children[i + by];
    const b = li && li.querySelector(`.${focusClass}`);
    (b && !b.disabled ? b : li?.querySelector('button:not([disabled])'))?.focus();
  };

  function draw() {
    wishError.textContent = '';
    list.removeAttribute('aria-invalid');
    list.replaceChildren(...wishes.map((pid, i) => {
      const title = programTitle(programs, pid);
      const wrong = programs.has(pid) ? misfits(programs.get(pid)) : [];
      return h('li', { class: 'wish', 'data-program': pid },
        h('span', { class: 'wish-rank', 'aria-hidden': 'true' }, String(i + 1)),
        h('span', { class: 'wish-title' }, t('round.wish_n', { n: i + 1 }), ' ', h('strong', null, title),
          wrong.length > 0 && h('span', { class: 'meta wish-misfit' }, t('round.misfit', { names: wrong.map((c) => c.name).join(t('list.sep')) }))),
        h('span', { class: 'wish-buttons' },
          h('button', { type: 'button', class: 'wish-up', disabled: i === 0, 'aria-label': t('round.move_up_label', { program: title }), onclick: () => move(i, -1, 'wish-up') }, t('round.move_up')),
          h('button', { type: 'button', class: 'wish-down', disabled: i === wishes.length - 1, 'aria-label': t('round.move_down_label', { program: title }), onclick: () => move(i, 1, 'wish-down') }, t('round.move_down')),
          h('button', { type: 'button', class: 'wish-remove', 'aria-label': t('round.remove_label', { program: title }), onclick: () => {
            wishes.splice(i, 1);
            draw();
            (list.children[Math.min(i, wishes.length - 1)]?.querySelector('.wish-remove') || offer.querySelector('button:not([disabled])'))?.focus();
          } }, t('round.remove'))));
    }));
    if (!wishes.length) list.append(h('li', { class: 'wish-empty' }, t('round.no_wishes_yet')));
    const full = wishes.length >= round.max_wishes;
    count.textContent = full ? t('round.wishes_full', { max: round.max_wishes }) : t('round.wishes_count', { n: wishes.length, max: round.max_wishes });
    offer.replaceChildren(...[...programs.values()].filter((p) => !wishes.includes(p.id)).map((p) => {
      const wrong = misfits(p);
      return h('li', { class: 'wish-choice', 'data-program': p.id },
        h('span', { class: 'wish-title' }, h('strong', null, programTitle(programs, p.id)),
          ageText(p) && h('span', { class: 'meta' }, ' ', ageText(p)),
          wrong.length > 0 && h('span', { class: 'meta wish-misfit' }, t('round.misfit', { names: wrong.map((c) => c.name).join(t('list.sep')) }))),
        h('button', { type: 'button', class: 'wish-add', disabled: full, 'aria-label': t('round.add_label', { program: programTitle(programs, p.id) }), onclick: () => {
          wishes.push(p.id);
          draw();
          list.lastElementChild?.querySelector('.wish-remove')?.focus();
        } }, t('round.add')));
    }));
  }

  const kids = checks({ name: 'child_ids', label: t('round.which_children'), hint: children.length > 1 ? t('round.siblings_hint') : undefined,
    options: children.map((c) => ({ value: c.id, label: c.name })),
    values: application ? application.child_ids : children.length === 1 ? [children[0].id] : [] });

  const f = form({ id, errors: 'round', submit: application ? t('round.save_change') : t('round.submit'), onSubmit: async (v) => {
    const childIds = v.child_ids || [];
    if (!childIds.length) return showError(f, { code: 'local', field: 'child_ids' }, t('error.pick_child'));
    if (!wishes.length) {
      wishError.textContent = t('round.pick_a_wish');
      list.setAttribute('aria-invalid', 'true');
      offer.querySelector('button:not([disabled])')?.focus();
      return;
    }
    // The path names the child whose application this is: the application's first child still chosen.
    const path = (application?.child_ids || []).find((c) => childIds.includes(c)) || childIds[0];
    // Leaving out every child of an application would make a new one beside it: withdrawing says what happens.
    if (application && !application.child_ids.includes(path)) return showError(f, { code: 'local', field: 'child_ids' }, t('round.keep_a_child'));
    try {
      const res = await put(`/rounds/${encodeURIComponent(round.id)}/applications/${encodeURIComponent(path)}`, { child_ids: childIds, program_ids: [...wishes] });
      await onSaved(res.application || res);
    } catch (err) {
      const m = /^program_ids\[(\d+)\]$/.exec(err.field || '');
      const pid = m ? wishes[Number(m[1])] : '';
      if (err.code === 'not_eligible' && pid) return showError(f, err, t('round.not_eligible_program', { program: programTitle(programs, pid) }));
      if (err.field?.startsWith('program_ids')) {
        wishError.textContent = errorText(err, 'round');
        list.setAttribute('aria-invalid', 'true');
        return;
      }
      throw err;
    }
  } },
  kids,
  h('fieldset', { class: 'field wishes' },
    h('legend', null, t('round.wishes_title')),
    h('p', { class: 'hint' }, t('round.wishes_hint', { n: round.max_wishes })),
    list, wishError, count,
    h('p', { class: 'wish-offer-title' }, t('round.offer_title')),
    offer));
  for (const el of f.querySelectorAll('input[name="child_ids"]')) el.addEventListener('change', draw);
  draw();
  return f;
}
