// round-manage.js: a coordinator's view of one round: live counts (applications per program and
// how oversubscribed each is), the applications with their priority group, closing early, entering
// the public number and drawing, and the figures of the draw.
import { t, fmtInstant, errorText } from '../i18n.js';
import { get, put, post, del } from '../api.js';
import { h, page, notice, form, field, armed } from '../ui.js';
import { roundOf, programsOf, applicationsOf, statusBadge, timesLines, rulesLine, programTitle, hash, shortId, outcomeLines } from './round-parts.js';

/** render draws the round's management page. */
export async function render({ app, params, query }) {
  const round = await roundOf(params.id);
  const [programs, apps, live] = await Promise.all([programsOf(round), round.status === 'draft' ? [] : applicationsOf(round),
    round.status === 'draft' ? null : get(`/rounds/${round.id}/stats`).then((res) => res.stats || res, () => null)]);
  const said = query.created ? notice(t('round.created'), 'ok') : query.changed ? notice(t('round.changed'), 'ok') : query.closed ? notice(t('round.closed_now'), 'ok') : query.drawn ? notice(t('round.drawn_now'), 'ok') : null;
  const again = (key) => app.navigate(`/rounds/${round.id}/manage?${key}=${Date.now()}`);
  const node = page(round.title, said,
    h('p', null, statusBadge(round, 'round-status')), timesLines(round), rulesLine(round),
    h('p', { class: 'actions' },
      h('a', { class: 'button', id: 'round-family-view', href: `#/rounds/${round.id}` }, t('round.family_view')),
      round.status === 'drawn' && h('a', { class: 'button', id: 'round-result-link', href: `#/rounds/${round.id}/result` }, t('round.result_link'))),
    round.status === 'draft' && [notice(t('round.opens_later', { when: fmtInstant(round.opens_at) })),
      h('p', { class: 'actions' }, h('a', { class: 'button', id: 'round-edit', href: `#/rounds/${round.id}/edit` }, t('round.edit')), armed(t('round.delete'), async () => {
        await del(`/rounds/${round.id}`);
        app.navigate(`/rounds?community=${round.community_id}`);
      }, { id: 'round-delete' }))],
    round.status !== 'draft' && counts(round, programs, apps, live),
    round.status === 'open' && h('section', { id: 'round-close' },
      h('h2', null, t('round.close_title')),
      h('p', { class: 'hint' }, t('round.close_hint', { when: fmtInstant(round.closes_at) })),
      h('p', { class: 'actions' }, armed(t('round.close_now'), async () => {
        await post(`/rounds/${round.id}/close`);
        again('closed');
      }, { id: 'round-close-button' }))),
    round.status === 'closed' && drawForm(round, () => again('drawn')),
    round.status !== 'draft' && round.status !== 'open' && seeds(round),
    round.status === 'drawn' && stats(round, programs, live),
    apps.length > 0 && applications(round, programs, apps),
    h('p', null, h('a', { href: `#/rounds?community=${encodeURIComponent(round.community_id)}`, id: 'round-back' }, t('round.back'))));
  node.dataset.section = '/manage';
  return node;
}

// counts is the live table: per program the children wishing it first and at all, against its seats.
// The seats are the stats' (the fewest free seats now over the round's sessions, fixed at the
// close), else the class size.
function counts(round, programs, apps, live) {
  const seatsOf = (id) => (live?.programs || []).find((p) => p.program_id === id)?.seats ?? programs.get(id)?.capacity ?? 0;
  const first = new Map();
  const any = new Map();
  for (const a of apps) {
    const size = a.size || (a.child_ids || []).length || 1;
    (a.program_ids || []).forEach((p, i) => {
      if (i === 0) first.set(p, (first.get(p) || 0) + size);
      any.set(p, (any.get(p) || 0) + size);
    });
  }
  const children = apps.reduce((n, a) => n + (a.size || (a.child_ids || []).length || 1), 0);
  return h('section', { id: 'round-counts' },
    h('h2', null, t('round.counts_title')),
    h('p', { id: 'round-counts-total' }, t('round.counts_total', { n: apps.length, children })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'round-counts-table' },
      h('thead', null, h('tr', null, ['round.col.program', 'round.col.first', 'round.col.any', 'round.col.seats', 'round.col.demand'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, round.program_ids.map((id) => {
        const seats = seatsOf(id);
        const want = first.get(id) || 0;
        const over = seats > 0 && want > seats;
        return h('tr', { 'data-program': id },
          h('th', { scope: 'row' }, programTitle(programs, id)),
          h('td', null, String(want)), h('td', null, String(any.get(id) || 0)), h('td', null, String(seats)),
          h('td', { class: over ? 'round-over' : '' }, seats === 0 ? '—' : over ? t('round.oversubscribed', { x: (want / seats).toFixed(1) }) : t('round.not_full')));
      })))),
    h('p', { class: 'hint' }, t('round.counts_hint')));
}

// applications lists every application: the children's given names, the wishes, and the priority
// group, which can be set while the round is open.
function applications(round, programs, apps) {
  const groups = round.priority_groups || [];
  return h('section', { id: 'round-applications' },
    h('h2', null, t('round.applications_title', { n: apps.length })),
    groups.length > 0 && round.status === 'open' && h('p', { class: 'hint' }, t('round.priority_hint')),
    list(apps, (a) => {
      const names = (a.children || []).map((c) => c.name || c.given_name).filter(Boolean).concat(a.child_names || []);
      const status = h('p', { class: 'form-ok', role: 'status' });
      const current = a.priority_group ?? a.priority_group_key ?? groups[a.priority_rank]?.key ?? '';
      return h('li', { class: 'card round-app', 'data-application': a.id },
        h('h3', null, names.length ? names.join(t('list.sep')) : t('round.application_short', { id: shortId(a.id) })),
        h('p', { class: 'meta' }, t('round.application_id'), ' ', h('code', null, shortId(a.id)), (a.size || a.child_ids?.length) > 1 ? ` · ${t('round.siblings_n', { n: a.size || a.child_ids.length })}` : ''),
        h('ol', { class: 'round-wishes' }, (a.program_ids || []).map((p) => h('li', null, programTitle(programs, p)))),
        round.status === 'drawn' && outcomeLines(a, programs),
        groups.length > 0 && (round.status === 'open'
          ? h('div', { class: 'field inline' },
            h('label', { for: `prio-${a.id}` }, t('round.priority_group')),
            h('select', { id: `prio-${a.id}`, class: 'round-priority', onchange: async (ev) => {
              status.textContent = '';
              ev.target.disabled = true;
              try {
                await put(`/rounds/${round.id}/applications/${a.id}/priority`, { group_key: ev.target.value || null });
                status.textContent = t('round.priority_saved');
              } catch (err) {
                status.textContent = errorText(err);
                ev.target.value = current;
              } finally {
                ev.target.disabled = false;
              }
            } },
            h('option', { value: '', selected: current === '' }, t('round.priority_none')),
            groups.map((g) => h('option', { value: g.key, selected: g.key === current }, g.label || g.key))))
          : h('p', { class: 'meta' }, t('round.priority_group'), '：', groups.find((g) => g.key === current)?.label || t('round.priority_none'))),
        status);
    }));
}

// list draws the first hundred applications, and a hundred more on each 显示更多 (a big round
// holds thousands).
function list(apps, card) {
  const ul = h('ul', { class: 'cards', id: 'round-application-list' }, apps.slice(0, 100).map(card));
  if (apps.length <= 100) return ul;
  const more = h('button', { type: 'button', id: 'round-applications-more', onclick: () => {
    ul.append(...apps.slice(ul.children.length, ul.children.length + 100).map(card));
    label();
  } });
  const label = () => {
    const left = apps.length - ul.children.length;
    more.hidden = left <= 0;
    more.textContent = t('round.show_more', { n: Math.min(100, left), left });
  };
  label();
  return [ul, h('p', { class: 'actions' }, more)];
}

// drawForm enters the public number (when the round names one) and draws.
function drawForm(round, after) {
  const f = form({ id: 'draw-form', errors: 'round_draw', submit: t('round.draw'), onSubmit: async (v) => {
    const body = round.entropy_source ? { public_entropy: v.public_entropy ?? '' } : {};
    await post(`/rounds/${round.id}/draw`, body);
    after();
  } },
  round.entropy_source
    ? [h('p', null, t('round.entropy_source_is', { source: round.entropy_source })),
      field({ name: 'public_entropy', label: t('round.field.public_entropy'), required: true, autocomplete: 'off', hint: t('round.field.public_entropy_hint') })]
    : h('p', { class: 'hint' }, t('round.draw_no_entropy')));
  return h('section', { id: 'round-draw' }, h('h2', null, t('round.draw_title')), h('p', { class: 'hint' }, t('round.draw_hint')), f);
}

// seeds shows the published pieces: the commitment and digests from the close, and the seeds once drawn.
function seeds(round) {
  const row = (key, value, id) => value != null && value !== '' && [h('dt', null, t(key)), h('dd', null, hash(value, id))];
  return h('section', { class: 'round-seed', id: 'round-seeds' },
    h('h2', null, t('round.seeds_title')),
    h('dl', { class: 'facts' },
      row('round.commitment', round.commitment, 'seed-commitment'),
      row('round.applications_digest', round.applications_digest),
      row('round.programs_digest', round.programs_digest),
      row('round.server_seed', round.server_seed),
      round.status === 'drawn' && [h('dt', null, t('round.public_entropy')), h('dd', null, h('code', { class: 'round-hash', id: 'seed-entropy' }, round.public_entropy || t('round.entropy_empty')))],
      row('round.draw_seed', round.draw_seed)));
}

// stats shows the figures of the draw.
function stats(round, programs, s) {
  if (!s) return notice(t('error.load'), 'error');
  const row = (key, n) => [h('dt', null, t(key)), h('dd', null, String(n ?? 0))];
  return h('section', { id: 'round-stats' },
    h('h2', null, t('round.stats_title')),
    h('dl', { class: 'facts' },
      row('round.stat.applications', s.applications), row('round.stat.children', s.children),
      row('round.stat.placed_first_wish', s.placed_first_wish), row('round.stat.placed_any', s.placed_any),
      row('round.stat.unplaced', s.unplaced), row('round.stat.sibling_groups_placed', s.sibling_groups_placed)),
    (s.by_priority_group || []).length > 0 && h('ul', { class: 'plain', id: 'round-stats-groups' }, s.by_priority_group.map((g) => h('li', { class: 'meta' },
      t('round.stat.group', { group: (round.priority_groups || [])[g.rank]?.label || (g.rank >= (round.priority_groups || []).length ? t('round.stat.no_group') : t('round.priority_rank', { n: (g.rank ?? 0) + 1 })), n: g.applications ?? 0, placed: g.placed ?? g.placed_any ?? 0 })))),
    (s.seats_left || []).length > 0 && h('ul', { class: 'plain', id: 'round-stats-seats' }, s.seats_left.map((x) => h('li', { class: 'meta' },
      t('round.stat.seats_left', { program: programTitle(programs, x.program_id), n: x.seats_left ?? x.seats ?? 0 })))));
}
