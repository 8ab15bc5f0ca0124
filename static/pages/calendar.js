// calendar.js: the user's personal calendar feed (their shifts, classes they teach and their
// children's bookings): a webcal link to subscribe, the https link with a copy button, a QR code
// for a phone's camera, and rotating the link when it has leaked.
import { t, fmtInstant } from '../i18n.js';
import { get, post } from '../api.js';
import { h, page, armed, notice } from '../ui.js';
import { svg } from '../qr.js';

/** render draws the feed links. */
export async function render({ app }) {
  const feeds = await get('/me/feeds');
  const feed = feeds.items.find((f) => f.kind === 'personal') || feeds.items[0];
  if (!feed) return page(t('calendar.title'), notice(t('error.load'), 'error'));
  const status = h('p', { class: 'meta', role: 'status', id: 'copy-status' });
  const input = h('input', { id: 'feed-url', type: 'text', readonly: true, value: feed.url, 'aria-describedby': 'copy-status', onfocus: (ev) => ev.target.select() });
  const copy = h('button', { type: 'button', id: 'copy-feed', onclick: async () => {
    try {
      await navigator.clipboard.writeText(feed.url);
    } catch {
      // Plain http on a community's own network is not a secure context: no clipboard API.
      input.select();
      document.execCommand('copy');
    }
    status.textContent = t('calendar.copied');
  } }, t('calendar.copy'));
  const synced = feed.last_fetched_at ? t('calendar.synced', { when: fmtInstant(feed.last_fetched_at) }) : t('calendar.never_synced');
  return page(t('calendar.title'),
    h('p', { class: 'lead' }, t('calendar.intro')),
    h('p', { class: 'actions' }, h('a', { class: 'button primary', id: 'feed-webcal', href: feed.webcal_url }, t('calendar.subscribe'))),
    h('h2', null, t('calendar.link')),
    h('div', { class: 'field' }, h('label', { for: 'feed-url' }, t('calendar.link_label')), h('div', { class: 'copy-row' }, input, copy), status),
    h('p', { class: 'hint' }, t('calendar.how')),
    h('figure', { class: 'qr-box' }, svg(feed.url, t('calendar.qr_label')), h('figcaption', null, t('calendar.qr'))),
    h('p', { class: 'meta', id: 'feed-synced' }, synced),
    h('h2', null, t('calendar.rotate_title')),
    h('p', { class: 'hint' }, t('calendar.rotate_hint')),
    h('p', { class: 'actions' }, armed(t('calendar.rotate'), async () => {
      await post('/me/feeds/rotate');
      app.rerender();
    }, { id: 'feed-rotate' })));
}
