// shifts.js: volunteer shifts of the user's communities. "我的班次" lists the shifts the user
// signed up for; below, the coming four weeks' shifts each offer exactly one of 报名 or 退出,
// as the user's state says, and the seat counts are read again after every change.
import { t, has, today, addDays, errorText } from '../i18n.js';
import { get, all, post, del } from '../api.js';
import { h, page } from '../ui.js';
import { sessionItem, cancelReasonText } from '../parts.js';

/** render draws the user's shifts and the coming shifts, four weeks ahead. */
export async function render({ app }) {
  const box = h('div', { id: 'shifts-box' });
  const communities = [...new Set(app.me.memberships.map((m) => m.community_id))];
  const me = app.me.user.id;
  // Volunteers and teachers take shifts; anyone else sees them with a word on how to become one.
  const canSign = app.serves();
  // draw reads both lists again and shows them; said is a line to show under one shift.
  const draw = async (said) => {
    const [mine, ...lists] = await Promise.all([all('/me/signups', { from: today() }), ...(communities.length ? communities : [undefined]).map((c) =>
      get('/sessions', { community_id: c, kind: 'volunteer_shift', from: today(), to: addDays(today(), 28), limit: 100 }))]);
    const joined = new Set(mine.filter((s) => s.status === 'scheduled').map((s) => s.id));
    const shifts = lists.flatMap((l) => l.items).filter((s) => s.status === 'scheduled').sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    // The shifts the user staffs are theirs too: they lead them and need not sign up.
    const staffs = (s) => (s.staff || []).some((x) => x.id === me);
    const own = [...mine, ...shifts.filter((s) => staffs(s) && !mine.some((m) => m.id === s.id))].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    const item = (s) => sessionItem(s, staffs(s) ? h('p', { class: 'meta', role: 'status' }, t('shifts.staff'))
      : canSign && signup(s, joined.has(s.id), draw, said?.id === s.id ? said : null));
    box.replaceChildren(
      (canSign || own.length > 0) && h('h2', null, t('shifts.mine')),
      own.length ? h('ul', { class: 'cards', id: 'my-shifts' }, own.map((s) => sessionItem(s,
        h('p', { class: 'meta' }, s.status === 'cancelled' ? shiftCancelled(s) : s.status === 'delivered' ? t('session.delivered')
          : staffs(s) ? t('shifts.staff') : t('shifts.signed_up')))))
        : canSign && h('p', { class: 'empty', id: 'my-shifts-none' }, t('shifts.mine_none')),
      h('h2', null, t('shifts.coming')),
      shifts.length ? h('ul', { class: 'cards', id: 'shift-list' }, shifts.map(item))
        : h('p', { class: 'empty' }, t('shifts.none')));
    const focus = said && box.querySelector(`#shift-list [data-session="${CSS.escape(said.id)}"] button:not([hidden])`);
    if (focus) focus.focus();
  };
  await draw();
  return page(t('shifts.title'), h('p', { class: 'hint' }, t('shifts.intro')),
    !canSign && h('p', { class: 'notice notice-info', id: 'shifts-not-volunteer', role: 'status' }, t('shifts.not_volunteer')), box);
}

// shiftError is the message for a failed sign-up or leave, in words about shifts, not classes.
function shiftError(err) {
  const key = `shifts.error.${err.code}`;
  return has(key) ? t(key) : errorText(err);
}

// signup is the button to join or leave a shift (exactly one shows, as signedUp says) and the
// line saying what happened; after a change the lists are drawn again with that line.
function signup(s, signedUp, draw, said) {
  const status = h('p', { class: 'meta', role: 'status' }, said ? said.text : signedUp ? t('shifts.signed_up') : '');
  const join = h('button', { type: 'button', class: 'primary', 'data-action': 'signup', hidden: signedUp }, t('shifts.join'));
  const leave = h('button', { type: 'button', 'data-action': 'leave', hidden: !signedUp }, t('shifts.leave'));
  const act = (button, call, doneKey) => button.addEventListener('click', async () => {
    button.disabled = true;
    let text;
    try {
      await call();
      text = t(doneKey);
    } catch (err) {
      // Already on it (or already off it): the lists drawn afresh say how things stand.
      text = err.code === 'conflict' && doneKey === 'shifts.joined' ? t('shifts.signed_up') : shiftError(err);
    }
    try {
      await draw({ id: s.id, text });
    } catch (err) {
      status.textContent = errorText(err);
      button.disabled = false;
    }
  });
  act(join, () => post(`/sessions/${s.id}/signup`), 'shifts.joined');
  act(leave, () => del(`/sessions/${s.id}/signup`), 'shifts.left');
  return [h('div', { class: 'actions' }, join, leave), status];
}

// shiftCancelled says that a shift was cancelled, and why when the reason is known.
function shiftCancelled(s) {
  return s.cancel_reason ? t('session.cancelled_because', { reason: cancelReasonText(s.kind, s.cancel_reason) }) : t('shifts.cancelled');
}
