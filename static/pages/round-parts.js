// round-parts.js: what the pages of application rounds (报名摇号) share: reading a round and its
// programs, its status in words, its times, and the outcome of one application after the draw.
import { t, fmtInstant, titleOf } from '../i18n.js';
import { get, all } from '../api.js';
import { h } from '../ui.js';
import { scheduleText } from './programs.js';

/** roundOf reads a round (the API answers {round}). */
export async function roundOf(id) {
  const res = await get(`/rounds/${encodeURIComponent(id)}`);
  return res.round || res;
}

/**
 * programsOf reads the round's programs, in the round's order, as a Map by id. A program the
 * reader may no longer see (deleted since) is left out rather than failing the page.
 */
export async function programsOf(round) {
  const got = await Promise.allSettled((round.program_ids || []).map((id) => get(`/programs/${encodeURIComponent(id)}`)));
  const out = new Map();
  got.forEach((r, i) => {
    if (r.status === 'fulfilled') out.set(round.program_ids[i], r.value.program);
    else if (r.reason.status !== 404 && r.reason.status !== 403) throw r.reason;
  });
  return out;
}

/** applicationsOf reads the round's applications the reader may see: their own, or all for a coordinator. */
export async function applicationsOf(round) {
  return all(`/rounds/${encodeURIComponent(round.id)}/applications`, {}, 100000);
}

/** resultOf reads the published result of a drawn round. */
export const resultOf = (round) => get(`/rounds/${encodeURIComponent(round.id)}/result`);

/** roundsOf reads every round of a community, newest first. */
export async function roundsOf(communityId) {
  const items = await all('/rounds', { community_id: communityId });
  return items.sort((a, b) => (b.opens_at || '').localeCompare(a.opens_at || ''));
}

/** statusBadge is a round's status as a coloured word (报名中, 已截止…). */
export function statusBadge(round, id) {
  const cls = { draft: 'muted', open: 'open', closed: 'few', drawn: 'muted' }[round.status] || 'muted';
  return h('span', { class: `badge ${cls} round-status`, id, 'data-status': round.status }, t(`round.status.${round.status}`));
}

/** timesText writes when a round takes applications, and when it is drawn. */
export function timesLines(round) {
  return [
    h('p', { class: 'meta', id: 'round-window' }, t('round.window', { from: fmtInstant(round.opens_at), to: fmtInstant(round.closes_at) })),
    round.closed_at && Date.parse(round.closed_at) < Date.parse(round.closes_at) && h('p', { class: 'meta', id: 'round-closed-early' }, t('round.closed_early', { when: fmtInstant(round.closed_at) })),
    round.draw_at && h('p', { class: 'meta' }, t('round.draw_at', { when: fmtInstant(round.draw_at) })),
    round.entropy_source && h('p', { class: 'meta', id: 'round-entropy-source' }, t('round.entropy_source_is', { source: round.entropy_source })),
  ];
}

/** rulesLine says how many wishes a family may give and how many places a child can get. */
export const rulesLine = (round) => h('p', { class: 'hint', id: 'round-rules' },
  t('round.rules', { wishes: round.max_wishes, places: round.max_places_per_child }));

/** ageText writes a program's age range (6–9 岁). */
export function ageText(p) {
  if (p.age_min == null && p.age_max == null) return '';
  return t('round.ages', { min: p.age_min ?? 3, max: p.age_max ?? 12 });
}

/** programLine is one program of a round: title, ages, schedule and seats. */
export function programLine(p) {
  return [h('strong', null, titleOf(p.title)),
    h('span', { class: 'meta round-program-meta' }, [ageText(p), t('session.capacity', { n: p.capacity })].filter(Boolean).join(' · ')),
    h('span', { class: 'meta round-program-meta' }, scheduleText(p.schedule))];
}

/** programTitle is the title of a program of the round, or a short id when it cannot be read. */
export const programTitle = (programs, id) => (programs.get(id) ? titleOf(programs.get(id).title) : t('round.program_unknown', { id: id.slice(0, 8) }));

/**
 * shortId is the last eight characters of an application id, what a family reads out: ids are
 * time-ordered (UUIDv7), so their first characters are shared by applications made close together,
 * while the last ones are random.
 */
export const shortId = (id) => id.slice(-8);

/**
 * outcomeLines says what the draw gave one application of the published result: the places, or
 * the places in line, each by program.
 */
export function outcomeLines(a, programs) {
  const out = [];
  for (const id of a.placed || []) out.push(h('li', { class: 'round-placed' }, t('round.outcome.placed', { program: programTitle(programs, id) })));
  for (const w of a.waitlisted || []) out.push(h('li', { class: 'round-waiting' }, t('round.outcome.waiting', { program: programTitle(programs, w.program_id), n: w.position })));
  if (!out.length) out.push(h('li', { class: 'round-none' }, t('round.outcome.none')));
  return h('ul', { class: 'round-outcome' }, out);
}

/** outcomeShort is one application's outcome in a few words, for the public table. */
export function outcomeShort(a, programs) {
  const parts = (a.placed || []).map((id) => t('round.short.placed', { program: programTitle(programs, id) }));
  for (const w of a.waitlisted || []) parts.push(t('round.short.waiting', { program: programTitle(programs, w.program_id), n: w.position }));
  return parts.length ? parts.join(t('list.sep')) : t('round.short.none');
}

/** hash is a 64-digit hex value shown so that it wraps and can be selected. */
export const hash = (value, id) => h('code', { class: 'round-hash', id }, value || '—');

/** localInput turns an instant into the value of a datetime-local input. */
export const localInput = (s) => (s ? s.slice(0, 16) : '');
