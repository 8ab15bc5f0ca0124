// rounds.js: the application rounds (报名摇号) of a community: open ones first, then those waiting
// for the draw, then the drawn ones with their public result. A coordinator also finds the way to
// create one and to manage each.
import { t, fmtInstant } from '../i18n.js';
import { all } from '../api.js';
import { h, page, notice } from '../ui.js';
import { chosen, picker } from '../community.js';
import { roundsOf, statusBadge } from './round-parts.js';

const order = { open: 0, closed: 1, draft: 2, drawn: 3 };

/** render draws the rounds of the chosen community. */
export async function render({ app, query }) {
  const list = await all('/communities');
  // A member plans in their own community; a family picks theirs (remembered in this browser).
  const own = app.me?.memberships?.[0]?.community_id;
  const c = chosen(list, query.community ? query : { community: localStorage.getItem('linli.community') || own });
  if (!c) return page(t('round.list_title'), notice(t('round.no_community')));
  const coordinates = app.me && (app.me.user.is_admin || app.me.memberships.some((m) => m.role === 'coordinator' && m.community_id === c.id));
  const rounds = (await roundsOf(c.id)).filter((r) => coordinates || r.status !== 'draft');
  rounds.sort((a, b) => order[a.status] - order[b.status]);
  const node = page(t('round.list_title'), picker(app, list, c, '/rounds'),
    h('p', { class: 'hint' }, t('round.list_intro')),
    coordinates && h('p', { class: 'actions' }, h('a', { class: 'button primary', id: 'round-new-link', href: `#/rounds/new?community=${c.id}` }, t('round.new'))),
    rounds.length
      ? h('ul', { class: 'cards', id: 'round-list' }, rounds.map((r) => h('li', { class: 'card', 'data-round': r.id },
        h('h3', null, h('a', { href: `#/rounds/${r.id}` }, r.title)),
        h('p', null, statusBadge(r), ' ', h('span', { class: 'meta' }, when(r))),
        h('p', { class: 'meta' }, t('round.count', { n: r.applications ?? 0, programs: (r.program_ids || []).length })),
        h('p', { class: 'actions' },
          r.status === 'drawn' && h('a', { class: 'button', href: `#/rounds/${r.id}/result` }, t('round.result_link')),
          coordinates && h('a', { class: 'button', href: `#/rounds/${r.id}/manage` }, t('round.manage'))))))
      : h('p', { class: 'empty', id: 'round-none' }, t('round.none')));
  return node;
}

// when says the next date that matters to a family: when it opens, closes, or was drawn.
function when(r) {
  if (r.status === 'draft') return t('round.opens_later_short', { when: fmtInstant(r.opens_at) });
  if (r.status === 'open') return t('round.closes_short', { when: fmtInstant(r.closes_at) });
  if (r.status === 'closed') return r.draw_at ? t('round.draws_short', { when: fmtInstant(r.draw_at) }) : t('round.waiting_draw_short');
  return t('round.drawn_short');
}
