// visits.js: the neighbour visits a volunteer is assigned to, plan by plan (GET /me/visit-plans):
// every overdue visit however old, the ones to log or coming up, and the logged ones with their
// outcome (older ones folded away).
import { t, fmtDate, fmtTime, addDays, today, dateOf } from '../i18n.js';
import { all } from '../api.js';
import { h, page } from '../ui.js';

/** render draws the volunteer's visit plans and their visits. */
export async function render() {
  // The households with overdue visits first, the most overdue on top; then by building and label.
  const overdue = (p) => p.visits.filter((v) => v.state === 'overdue').length;
  const plans = (await all('/me/visit-plans')).map((p, i) => [p, i]).sort(([a, i], [b, j]) => overdue(b) - overdue(a) || i - j).map(([p]) => p);
  return page(t('visits.title'), h('p', { class: 'hint' }, t('visits.intro')),
    plans.length ? h('div', { id: 'visit-list' }, plans.map(planBox)) : h('p', { class: 'empty' }, t('visits.none')));
}

/** visitState is what a volunteer sees of a visit: overdue, to_log (started, not logged), coming, logged or cancelled. */
export function visitState(v) {
  if (v.state === 'to_do') return new Date(v.starts_at) <= new Date() ? 'to_log' : 'coming';
  return v.state;
}

/** visitBadge is the badge of a visit's state; a logged one says its outcome. */
export function visitBadge(v) {
  const state = visitState(v);
  const cls = { overdue: 'badge full', to_log: 'badge few', coming: 'badge open', logged: 'badge muted', cancelled: 'badge muted' }[state];
  const text = state === 'logged' ? t('visits.state.logged', { outcome: t(`outcome.${v.outcome}`) }) : t(`visits.state.${state}`);
  return h('span', { class: cls, 'data-state': state }, text);
}

// planBox is one plan: the household, then its overdue, open and coming visits, then the logged ones.
function planBox(p) {
  const soon = addDays(today(), 28);
  const shown = p.visits.filter((v) => v.state !== 'cancelled');
  const open = shown.filter((v) => visitState(v) === 'overdue' || visitState(v) === 'to_log');
  const coming = shown.filter((v) => visitState(v) === 'coming');
  const next = coming.filter((v, i) => i === 0 || dateOf(v.starts_at) <= soon);
  const logged = shown.filter((v) => v.state === 'logged').reverse();
  const item = (v) => h('li', { class: 'card visit row-card', 'data-session': v.session_id },
    h('div', null, h('p', { class: 'when' }, h('span', null, fmtDate(v.starts_at)), ' ', h('span', null, `${fmtTime(v.starts_at)}–${fmtTime(v.ends_at)}`)), h('p', null, visitBadge(v))),
    visitState(v) === 'overdue' || visitState(v) === 'to_log'
      ? h('a', { class: 'button primary', href: `#/visits/${v.session_id}` }, t('visits.log_short'))
      : h('a', { class: 'button', href: `#/visits/${v.session_id}` }, t('visits.open')));
  const overdue = open.filter((v) => v.state === 'overdue').length;
  return h('section', { class: 'plan', 'data-plan': p.id },
    h('h2', null, `${p.household.building} ${p.household.label}`),
    p.status === 'deleted' && h('p', { class: 'meta' }, t('visits.plan_ended')),
    h('p', { class: 'meta' }, overdue ? t('visits.overdue_count', { n: overdue }) : t('visits.all_logged')),
    open.length || next.length ? h('ul', { class: 'cards' }, [...open, ...next].map(item)) : h('p', { class: 'empty' }, t('visits.none_open')),
    logged.length > 0 && h('h3', { class: 'sub' }, t('visits.logged')),
    logged.length > 0 && h('ul', { class: 'cards logged' }, logged.slice(0, 3).map(item)),
    logged.length > 3 && h('details', null, h('summary', null, t('visits.earlier', { n: logged.length - 3 })),
      h('ul', { class: 'cards logged' }, logged.slice(3).map(item))));
}
