// devices.js: the signed-in devices section of the me page: where the account is signed in, and
// signing one of them out (GET and DELETE /me/sessions).
import { t, fmtInstant, errorText } from './i18n.js';
import { get, del } from './api.js';
import { h, notice } from './ui.js';

/** deviceName names a device from its browser's user agent: 'iPhone · 微信', 'Windows · Chrome'. */
export function deviceName(ua) {
  const os = [
    [/iPhone/, 'iPhone'], [/iPad/, 'iPad'], [/HarmonyOS|OpenHarmony/, 'HarmonyOS'], [/Android/, 'Android'],
    [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'Mac'], [/Linux/, 'Linux'],
  ].find(([re]) => re.test(ua));
  const app = [
    [/MicroMessenger/, t('device.wechat')], [/DingTalk/, t('device.dingtalk')], [/Edg\//, 'Edge'], [/Firefox\//, 'Firefox'],
    [/Chrome\//, 'Chrome'], [/Safari\//, 'Safari'],
  ].find(([re]) => re.test(ua));
  const parts = [os?.[1], app?.[1]].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('device.unknown');
}

/**
 * devicesSection lists the user's signed-in devices, each but this one with a button that signs it
 * out; its refresh() reads the list again (after a new password has signed the others out).
 */
export async function devicesSection() {
  const el = h('div', { id: 'devices' });
  el.refresh = async () => {
    try {
      el.replaceChildren(...await deviceList());
    } catch (err) {
      // The rest of the me page works without the list: say what went wrong in its place.
      el.replaceChildren(h('h2', null, t('device.title')), notice(errorText(err), 'error'));
    }
  };
  await el.refresh();
  return el;
}

async function deviceList() {
  const { items } = await get('/me/sessions');
  const status = h('div', { id: 'device-status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'cards', id: 'device-list' }, items.map((d) => {
    const li = h('li', { class: 'card device' });
    const button = !d.current && h('button', { type: 'button', class: 'device-end', onclick: async () => {
      button.disabled = true;
      status.replaceChildren();
      try {
        await del(`/me/sessions/${d.id}`);
        li.remove();
        status.replaceChildren(notice(t('device.ended'), 'ok'));
      } catch (err) {
        button.disabled = false;
        status.replaceChildren(notice(errorText(err), 'error'));
      }
    } }, t('device.end'));
    li.append(
      h('h3', null, deviceName(d.user_agent), ' ', d.current && h('span', { class: 'badge open' }, t('device.current'))),
      h('p', { class: 'meta' }, t('device.signed_in', { when: fmtInstant(d.created_at) })),
      h('p', { class: 'meta' }, t('device.last_seen', { when: fmtInstant(d.last_seen_at) })));
    if (button) li.append(h('p', { class: 'actions' }, button));
    return li;
  }));
  return [h('h2', null, t('device.title')), h('p', { class: 'hint' }, t('device.hint')), list, status];
}
