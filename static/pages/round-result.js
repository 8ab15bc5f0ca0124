// round-result.js: the public result of a drawn round, for anyone, signed in or not: every
// application by its id with its lottery number and outcome in the order of the draw (no names;
// priority ranks without their labels), the seed pieces and the public number, and how to check it
// all. A family finds its own application by typing the start of its id.
import { t, titleOf } from '../i18n.js';
import { h, page, notice } from '../ui.js';
import { roundOf, resultOf, statusBadge, hash, outcomeShort } from './round-parts.js';

// first is how many applications the list draws at once, and step how many more each 显示更多 adds:
// a phone lays out a few hundred cards at once, not 20,000.
const first = 50;
const step = 200;

/** render draws the public result, or says the round is not drawn yet. */
export async function render({ params, query }) {
  const round = await roundOf(params.id);
  const back = h('p', null, h('a', { href: `#/rounds/${round.id}`, id: 'result-back' }, t('round.back_to_round')));
  if (round.status !== 'drawn') {
    const el = page(t('round.result_title', { title: round.title }), h('p', null, statusBadge(round, 'round-status')),
      h('p', { class: 'notice notice-info', role: 'status', id: 'result-not-yet' }, t('round.result_not_yet')),
      round.commitment && h('section', { class: 'round-seed' }, h('h2', null, t('round.commitment_title')), h('p', { class: 'hint' }, t('round.commitment_hint')), hash(round.commitment, 'seed-commitment')),
      back);
    el.dataset.section = '/rounds';
    return el;
  }
  const result = await resultOf(round);
  const r = result.round || round;
  const programs = new Map((result.programs || []).map((p) => [p.id, p]));
  const apps = [...(result.applications || [])].sort((a, b) => a.priority_rank - b.priority_rank || a.lottery_number.localeCompare(b.lottery_number));
  apps.forEach((a, i) => { a.order = i + 1; });
  const placed = apps.filter((a) => (a.placed || []).length > 0).length;

  const list = h('ol', { class: 'cards result-list', id: 'result-list' });
  let hits = apps;
  const more = h('button', { type: 'button', id: 'result-more', onclick: () => {
    const from = list.children.length;
    list.append(...hits.slice(from, from + step).map((a) => row(a, programs, false)));
    label();
  } });
  const found = h('p', { class: 'meta', id: 'result-found', role: 'status', 'aria-live': 'polite' });
  const search = h('input', { id: 'result-search', type: 'search', inputmode: 'latin', autocomplete: 'off', spellcheck: 'false', value: query.find || '', 'aria-describedby': 'result-search-hint result-found',
    oninput: (ev) => draw(ev.target.value) });
  function label() {
    const left = hits.length - list.children.length;
    more.hidden = left <= 0;
    more.textContent = t('round.show_more', { n: Math.min(step, left), left });
  }
  function draw(typed) {
    const want = typed.trim().toLowerCase();
    // Any piece of the id finds it, with or without its hyphens (the last characters are the random ones).
    hits = want ? apps.filter((a) => a.id.includes(want) || a.id.replaceAll('-', '').includes(want.replaceAll('-', ''))) : apps;
    list.replaceChildren(...hits.slice(0, first).map((a) => row(a, programs, want !== '' && hits.length === 1)));
    found.textContent = want ? (hits.length ? t('round.search_found', { n: hits.length }) : t('round.search_none')) : '';
    label();
  }
  draw(query.find || '');

  const seed = (key, value, id) => [h('dt', null, t(key)), h('dd', null, hash(value, id))];
  const el = page(t('round.result_title', { title: r.title }),
    h('p', { id: 'result-summary' }, t('round.result_summary', { n: apps.length, placed, programs: programs.size })),
    h('div', { class: 'field' },
      h('label', { for: 'result-search' }, t('round.search_label')), search,
      h('p', { class: 'hint', id: 'result-search-hint' }, t('round.search_hint'))),
    found, list, h('p', { class: 'actions' }, more),
    h('h2', null, t('round.result_programs')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'result-programs' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('round.col.program')), h('th', { scope: 'col' }, t('round.col.seats')), h('th', { scope: 'col' }, t('round.col.overlaps')))),
      h('tbody', null, [...programs.values()].map((p) => h('tr', null,
        h('th', { scope: 'row' }, titleOf(p.title)), h('td', null, String(p.seats)),
        h('td', { class: 'result-overlaps' }, (p.overlaps || []).map((o) => (programs.get(o) ? titleOf(programs.get(o).title) : o.slice(0, 8))).join(t('list.sep')) || '—')))))),
    h('section', { class: 'round-seed', id: 'result-seeds' },
      h('h2', null, t('round.seeds_title')),
      h('dl', { class: 'facts' },
        r.entropy_source && [h('dt', null, t('round.entropy_source')), h('dd', { id: 'seed-source' }, r.entropy_source)],
        h('dt', null, t('round.public_entropy')), h('dd', null, h('code', { class: 'round-hash', id: 'seed-entropy' }, r.public_entropy || t('round.entropy_empty'))),
        seed('round.commitment', r.commitment, 'seed-commitment'),
        seed('round.server_seed', r.server_seed, 'seed-server'),
        seed('round.draw_seed', r.draw_seed, 'seed-draw'),
        seed('round.applications_digest', r.applications_digest),
        seed('round.programs_digest', r.programs_digest))),
    h('section', { id: 'result-how' },
      h('h2', null, t('round.how_title')),
      h('ol', { class: 'plain' }, ['round.how.1', 'round.how.2', 'round.how.3', 'round.how.4', 'round.how.5'].map((k) => h('li', null, t(k)))),
      h('p', null, h('code', null, `linli round verify result.json`)),
      h('p', null, h('a', { class: 'button', id: 'result-json', href: `/api/v1/rounds/${encodeURIComponent(r.id)}/result`, download: `round-${r.id}.json` }, t('round.download_json')))),
    back);
  el.dataset.section = '/rounds';
  return el;
}

// row is one application of the result: its place in the draw's order, id, rank, size, lottery
// number and outcome.
function row(a, programs, mark) {
  return h('li', { class: `card result-app${mark ? ' result-mine' : ''}`, 'data-application': a.id },
    h('p', { class: 'result-head' }, h('span', { class: 'result-order' }, t('round.order_n', { n: a.order })), ' ', h('code', { class: 'result-id' }, a.id)),
    h('p', { class: 'meta' }, t('round.result_line', { rank: a.priority_rank, size: a.size, wishes: (a.program_ids || []).length })),
    h('p', { class: 'result-outcome' }, outcomeShort(a, programs)),
    h('p', { class: 'meta' }, t('round.lottery_number'), ' ', hash(a.lottery_number)));
}
