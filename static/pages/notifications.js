// notifications.js: the signed-in user's messages, unread first and newest first in each part,
// in their language (the server writes title and body in it). Marking one read moves it down at
// once; "all read" marks every unread one.
import { t, fmtInstant, errorText } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, notice } from '../ui.js';

// visitKinds are the notices about a neighbour visit, which open the visit page.
const visitKinds = new Set(['visit_tomorrow', 'visit_overdue', 'concern_resolved']);

/** render draws the notifications page. */
export async function render() {
  const items = await all('/me/notifications', {}, 200);
  const byNewest = (a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0);
  const unread = items.filter((n) => !n.read_at).sort(byNewest);
  const read = items.filter((n) => n.read_at).sort(byNewest);
  const status = h('p', { class: 'form-error', role: 'alert' });
  const count = h('p', { class: 'lead', id: 'notifications-count', role: 'status' });
  const unreadList = h('ul', { class: 'cards', id: 'notifications-unread' });
  const readList = h('ul', { class: 'cards', id: 'notifications-read' });
  const readPart = h('section', { 'aria-labelledby': 'notifications-read-title' },
    h('h2', { id: 'notifications-read-title' }, t('notifications.read')), readList);
  const allRead = h('button', { type: 'button', id: 'notifications-all-read' }, t('notifications.all_read'));
  const actions = h('p', { class: 'actions' });
  const readSlot = h('div');

  const redraw = () => {
    count.textContent = unread.length ? t('notifications.unread_count', { n: unread.length }) : t('notifications.none_unread');
    unreadList.replaceChildren(...unread.map((n) => item(n, true)));
    readList.replaceChildren(...read.map((n) => item(n, false)));
    readSlot.replaceChildren(...(read.length ? [readPart] : []));
    actions.replaceChildren(...(unread.length > 1 ? [allRead] : []));
    // The navigation's badge counts the unread: tell it that the number changed.
    window.dispatchEvent(new CustomEvent('linli:notifications', { detail: { unread: unread.length } }));
  };

  const markRead = async (n) => {
    const res = await post(`/me/notifications/${encodeURIComponent(n.id)}/read`);
    unread.splice(unread.indexOf(n), 1);
    read.unshift({ ...n, read_at: res?.notification?.read_at || new Date().toISOString() });
    read.sort(byNewest);
  };

  const item = (n, isUnread) => {
    const href = n.session_id ? (visitKinds.has(n.kind) ? `#/visits/${n.session_id}` : `#/sessions/${n.session_id}`)
      : n.round_id ? `#/rounds/${n.round_id}` : null;
    const button = isUnread && h('button', { type: 'button', class: 'mark-read', onclick: async () => {
      button.disabled = true;
      status.textContent = '';
      try {
        await markRead(n);
        redraw();
        count.focus();
      } catch (err) {
        status.textContent = errorText(err);
        button.disabled = false;
      }
    } }, t('notifications.mark_read'));
    return h('li', { class: `card notice-card${isUnread ? ' is-unread' : ''}`, 'data-notification': n.id },
      h('p', { class: 'meta' }, isUnread && h('span', { class: 'badge few' }, t('notifications.unread')), isUnread && ' ',
        h('time', { datetime: n.created_at }, fmtInstant(n.created_at))),
      h('h3', null, href ? h('a', { href }, n.title) : n.title),
      n.body && h('p', { class: 'description' }, n.body),
      button && h('p', null, button));
  };

  allRead.addEventListener('click', async () => {
    allRead.disabled = true;
    status.textContent = '';
    try {
      for (const n of [...unread]) await markRead(n);
    } catch (err) {
      status.textContent = errorText(err);
    } finally {
      allRead.disabled = false;
      redraw();
    }
  });
  count.tabIndex = -1;
  redraw();
  if (!items.length) return page(t('notifications.title'), notice(t('notifications.none')));
  return page(t('notifications.title'), count, status, actions, unreadList, readSlot);
}
