// teach.js: the sessions a teacher or volunteer staffs from yesterday to two weeks ahead, each
// leading to its roll call.
import { t, today, addDays } from '../i18n.js';
import { get } from '../api.js';
import { h, page } from '../ui.js';
import { sessionList } from '../parts.js';

/** render draws the user's staffed sessions. */
export async function render({ app }) {
  const me = app.me.user.id;
  const communities = [...new Set(app.me.memberships.map((m) => m.community_id))];
  const lists = await Promise.all(communities.map((c) => get('/sessions', { community_id: c, from: addDays(today(), -1), to: addDays(today(), 14), limit: 500 })));
  const mine = lists.flatMap((l) => l.items).filter((s) => s.kind !== 'neighbor_visit' && s.staff.some((m) => m.id === me))
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return page(t('teach.title'), sessionList(mine, 'teach.none', (s) =>
    h('p', null, h('a', { class: 'button', href: `#/roster/${s.id}` }, t('roster.open')))));
}
