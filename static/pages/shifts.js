// shifts.js: volunteer shifts of the user's communities, to sign up for or leave; the ones the
// user signed up for say so.
import { t, today, addDays, errorText } from '../i18n.js';
import { get, all, post, del } from '../api.js';
import { h, page } from '../ui.js';
import { sessionItem } from '../parts.js';

/** render draws the coming shifts, four weeks ahead. */
export async function render({ app }) {
  const communities = [...new Set(app.me.memberships.map((m) => m.community_id))];
  const [mine, ...lists] = await Promise.all([all('/me/signups', { from: today() }), ...(communities.length ? communities : [undefined]).map((c) =>
    get('/sessions', { community_id: c, kind: 'volunteer_shift', from: today(), to: addDays(today(), 28), limit: 100 }))]);
  const joined = new Set(mine.map((s) => s.id));
  const shifts = lists.flatMap((l) => l.items).filter((s) => s.status === 'scheduled').sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return page(t('shifts.title'), h('p', { class: 'hint' }, t('shifts.intro')),
    shifts.length ? h('ul', { class: 'cards', id: 'shift-list' }, shifts.map((s) => sessionItem(s, signup(s, joined.has(s.id)))))
      : h('p', { class: 'empty' }, t('shifts.none')));
}

// signup is the pair of buttons to join or leave a shift; signedUp says which applies now.
function signup(s, signedUp) {
  const box = h('div', { class: 'actions' });
  const status = h('p', { class: 'meta', role: 'status' });
  const join = h('button', { type: 'button', class: 'primary', 'data-action': 'signup' }, t('shifts.join'));
  const leave = h('button', { type: 'button', 'data-action': 'leave' }, t('shifts.leave'));
  const joined = (yes, text = yes ? t('shifts.joined') : '') => {
    join.hidden = yes;
    leave.hidden = !yes;
    status.textContent = text;
  };
  join.addEventListener('click', async () => {
    join.disabled = true;
    try {
      await post(`/sessions/${s.id}/signup`);
      joined(true);
    } catch (err) {
      if (err.code === 'conflict' || err.code === 'already_booked') joined(true);
      else status.textContent = errorText(err);
    } finally {
      join.disabled = false;
    }
  });
  leave.addEventListener('click', async () => {
    leave.disabled = true;
    try {
      await del(`/sessions/${s.id}/signup`);
      joined(false);
      status.textContent = t('shifts.left');
    } catch (err) {
      status.textContent = errorText(err);
    } finally {
      leave.disabled = false;
    }
  });
  joined(signedUp, signedUp ? t('shifts.signed_up') : '');
  box.append(join, leave);
  return [box, status];
}
