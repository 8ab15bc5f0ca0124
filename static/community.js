// community.js: which community a coordinator's page is about, remembered in this browser.
import { t } from './i18n.js';
import { all } from './api.js';
import { h } from './ui.js';

const stored = 'linli.community';

/** coordinated returns the communities the user plans for: all of them for an administrator. */
export async function coordinated(app) {
  const list = await all('/communities');
  if (app.me.user.is_admin) return list;
  const mine = new Set(app.me.memberships.filter((m) => m.role === 'coordinator').map((m) => m.community_id));
  return list.filter((c) => mine.has(c.id));
}

/** chosen picks the community named in the address, else the last one used, else the first. */
export function chosen(list, query) {
  const want = query.community || localStorage.getItem(stored);
  const c = list.find((x) => x.id === want) || list[0];
  if (c) localStorage.setItem(stored, c.id);
  return c;
}

/** picker lets a user with several communities switch between them; path is the page's route. */
export function picker(app, list, current, path) {
  if (list.length < 2) return h('p', { class: 'meta' }, current ? current.name : '');
  return h('div', { class: 'field inline' },
    h('label', { for: 'community-pick' }, t('field.community')),
    h('select', { id: 'community-pick', onchange: (ev) => app.navigate(`${path}?community=${ev.target.value}`) },
      list.map((c) => h('option', { value: c.id, selected: c.id === current.id }, c.name))));
}

/** offsetOf returns the UTC offset of a time zone on a date, as +08:00. */
export function offsetOf(timeZone, date) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(`${date}T12:00:00Z`));
  const name = parts.find((p) => p.type === 'timeZoneName').value.replace('GMT', '');
  return name || '+00:00';
}

/**
 * staffOptions are the community's teachers and volunteers as choices for a check group (one per
 * person, by name), each labelled with the teacher type a session would count them under.
 */
export async function staffOptions(c) {
  const members = await all(`/communities/${c.id}/members`);
  const byUser = new Map();
  for (const m of members) {
    if ((m.role !== 'teacher' && m.role !== 'volunteer') || m.status === 'pending') continue;
    // A teacher counts under their teacher type; a volunteer who also teaches is shown as the teacher.
    if (!byUser.has(m.user_id) || m.role === 'teacher') byUser.set(m.user_id, m);
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((m) => ({
    value: m.user_id,
    label: `${m.name} · ${m.role === 'teacher' ? t(`teacher_type.${m.teacher_type}`) : t('role.volunteer')}`,
  }));
}
