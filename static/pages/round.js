// round.js: one application round (报名摇号) as a family sees it. Open: apply for each child or
// for siblings together, with ordered wishes; change or withdraw until the close. Closed: waiting
// for the draw, with the commitment published at the close. Drawn: each application's outcome
// (placed where, or waiting at which place), with its application id and lottery number, and the
// way to the public result.
import { t, fmtInstant } from '../i18n.js';
import { all, del } from '../api.js';
import { h, page, notice, armed } from '../ui.js';
import { roundOf, programsOf, applicationsOf, resultOf, statusBadge, timesLines, rulesLine, programLine, programTitle, outcomeLines, hash, shortId } from './round-parts.js';
import { applyForm } from './round-apply.js';

/** render draws the round for whoever looks: a guardian's applications, or the round's facts. */
export async function render({ app, params, query }) {
  const round = await roundOf(params.id);
  const programs = await programsOf(round);
  const manage = app.me && app.coordinates() && h('p', null, h('a', { class: 'button', id: 'round-manage-link', href: `#/rounds/${round.id}/manage` }, t('round.manage')));
  const resultLink = round.status === 'drawn' && h('p', null, h('a', { class: 'button', id: 'round-result-link', href: `#/rounds/${round.id}/result` }, t('round.result_link')));
  const facts = [h('p', null, statusBadge(round, 'round-status')), timesLines(round), rulesLine(round)];
  const programList = [h('h2', null, t('round.programs')), h('ul', { class: 'cards', id: 'round-programs' },
    [...programs.values()].map((p) => h('li', { class: 'card round-program' }, programLine(p))))];
  const node = (...parts) => {
    const el = page(round.title, facts, parts, manage, programList, h('p', null, h('a', { href: '#/rounds', id: 'round-back' }, t('round.back'))));
    el.dataset.section = '/rounds';
    return el;
  };
  if (!app.me) {
    return node(stateNotice(round), resultLink,
      round.status === 'open' && h('p', { class: 'actions' }, h('a', { class: 'button primary', id: 'round-login', href: `#/login?next=${encodeURIComponent(`/rounds/${round.id}`)}` }, t('round.login_to_apply'))));
  }
  const [children, apps] = await Promise.all([all('/children'), round.status === 'draft' ? [] : applicationsOf(round)]);
  const name = new Map(children.map((c) => [c.id, c.name]));
  // A coordinator reads every application; the family's part is the one naming its children.
  const mine = apps.filter((a) => (a.child_ids || []).some((c) => name.has(c)));
  const said = query.saved ? notice(t('round.saved'), 'ok') : query.withdrawn ? notice(t('round.withdrawn'), 'ok') : null;
  const kids = (a) => (a.child_ids || []).map((c) => name.get(c)).filter(Boolean).join(t('list.sep'));

  if (round.status === 'drawn') {
    const result = await resultOf(round);
    const byId = new Map((result.applications || []).map((a) => [a.id, a]));
    return node(resultLink, h('h2', null, t('round.my_outcome')), mine.length
      ? h('ul', { class: 'cards', id: 'round-mine' }, mine.map((a) => {
        const r = byId.get(a.id) || { placed: [], waitlisted: [] };
        return h('li', { class: 'card round-app', 'data-application': a.id },
          h('h3', null, kids(a)),
          outcomeLines(r, programs),
          h('p', { class: 'meta' }, t('round.application_id'), ' ', h('code', { class: 'round-app-id' }, a.id)),
          h('p', { class: 'meta' }, t('round.lottery_number'), ' ', hash(r.lottery_number)),
          h('p', null, h('a', { class: 'round-find', href: `#/rounds/${round.id}/result?find=${a.id}` }, t('round.find_in_result'))));
      }))
      : h('p', { class: 'empty' }, t('round.no_application_drawn')));
  }

  if (round.status === 'closed') {
    return node(stateNotice(round), h('h2', null, t('round.my_applications')), mine.length
      ? h('ul', { class: 'cards', id: 'round-mine' }, mine.map((a) => appCard(a, kids(a), programs, round)))
      : h('p', { class: 'empty' }, t('round.no_application_closed')),
    commitmentBox(round));
  }

  if (round.status === 'draft') return node(stateNotice(round));

  // Open: each application with its change and withdraw, then the children in none.
  const taken = new Set(mine.flatMap((a) => a.child_ids));
  const free = children.filter((c) => !taken.has(c.id));
  const reload = (key) => async () => app.navigate(`/rounds/${round.id}?${key}=${Date.now()}`);
  const cards = mine.map((a, i) => {
    const own = children.filter((c) => a.child_ids.includes(c.id) || !taken.has(c.id));
    return appCard(a, kids(a), programs, round,
      h('details', { class: 'round-change' }, h('summary', null, t('round.change')),
        applyForm({ round, programs, children: own, application: a, id: `change-${i}`, onSaved: reload('saved') })),
      h('p', { class: 'actions' }, armed(t('round.withdraw'), async () => {
        await del(`/rounds/${round.id}/applications/${a.id}`);
        await reload('withdrawn')();
      }, { class: 'danger round-withdraw' })));
  });
  return node(said,
    h('p', { class: 'notice notice-info', role: 'status', id: 'round-state' }, t('round.open_until', { when: fmtInstant(round.closes_at) })),
    mine.length > 0 && [h('h2', null, t('round.my_applications')), h('ul', { class: 'cards', id: 'round-mine' }, cards)],
    children.length === 0
      ? [h('p', { class: 'empty', id: 'round-no-children' }, t('round.no_children')), h('p', null, h('a', { class: 'button', href: '#/children' }, t('round.add_child')))]
      : free.length > 0 && [h('h2', null, t('round.apply_title')), h('p', { class: 'hint' }, t('round.apply_hint'), round.max_places_per_child === 1 ? t('round.truthful') : ''),
        applyForm({ round, programs, children: free, application: null, id: 'apply-form', onSaved: reload('saved') })]);
}

// appCard shows one application: its children and its wishes in order.
function appCard(a, kids, programs, round, ...more) {
  return h('li', { class: 'card round-app', 'data-application': a.id },
    h('h3', null, kids),
    h('ol', { class: 'round-wishes' }, a.program_ids.map((p) => h('li', null, programTitle(programs, p)))),
    a.program_ids.length === 0 && h('p', { class: 'meta' }, t('round.no_wishes_left')),
    (a.removed_at_close || []).length > 0 && h('p', { class: 'meta round-removed' }, t('round.removed_at_close', { programs: a.removed_at_close.map((p) => programTitle(programs, p)).join(t('list.sep')) })),
    h('p', { class: 'meta' }, t('round.application_id'), ' ', h('code', { class: 'round-app-id' }, shortId(a.id))),
    round.status === 'closed' && h('p', { class: 'meta' }, t('round.frozen')),
    more);
}

// stateNotice says where the round stands for someone who cannot act on it now.
function stateNotice(round) {
  const text = {
    draft: t('round.opens_later', { when: fmtInstant(round.opens_at) }),
    open: t('round.open_until', { when: fmtInstant(round.closes_at) }),
    closed: round.entropy_source ? t('round.waiting_draw_entropy') : round.draw_at ? t('round.waiting_draw_at', { when: fmtInstant(round.draw_at) }) : t('round.waiting_draw'),
    drawn: t('round.drawn_text'),
  }[round.status];
  return h('p', { class: 'notice notice-info', role: 'status', id: 'round-state' }, text);
}

// commitmentBox shows the commitment published at the close, and what it is for.
function commitmentBox(round) {
  if (!round.commitment) return null;
  return h('section', { class: 'round-seed', id: 'round-commitment' },
    h('h2', null, t('round.commitment_title')),
    h('p', { class: 'hint' }, t('round.commitment_hint')),
    hash(round.commitment));
}
