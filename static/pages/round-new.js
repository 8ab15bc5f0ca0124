// round-new.js: a coordinator opens an application round: which programs (courses with a waiting
// list), when families apply, when it is drawn, how many wishes and places, the public number the
// draw will use, and the priority groups.
import { t, today, addDays, titleOf } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, field, form, checks, notice } from '../ui.js';
import { coordinated, chosen, offsetOf } from '../community.js';
import { scheduleText } from './programs.js';

const drawable = new Set(['holiday_class', 'after_school']);

/** render draws the form for a new round of the chosen community. */
export async function render({ app, query }) {
  const c = chosen(await coordinated(app), query);
  if (!c) return page(t('round.new'), notice(t('programs.no_community')));
  const programs = (await all('/programs', { community_id: c.id })).filter((p) => drawable.has(p.kind) && p.waitlist && p.status === 'active');
  const at = (v) => (v ? `${v}:00${offsetOf(c.timezone || 'Asia/Shanghai', v.slice(0, 10))}` : undefined);
  const f = form({ id: 'round-form', errors: 'round_new', submit: t('round.create'), onSubmit: async (v) => {
    const groups = (v.priority_groups || '').split('\n').map((s) => s.trim()).filter(Boolean);
    const body = {
      title: v.title || '', program_ids: v.program_ids || [],
      opens_at: at(v.opens_at), closes_at: at(v.closes_at), draw_at: at(v.draw_at), open_after_draw_at: at(v.open_after_draw_at),
      entropy_source: v.entropy_source, max_wishes: v.max_wishes, max_places_per_child: v.max_places_per_child,
      priority_groups: groups.map((label, i) => ({ key: `g${i + 1}`, label })),
    };
    const res = await post(`/communities/${c.id}/rounds`, body);
    app.navigate(`/rounds/${(res.round || res).id}/manage?created=1`);
  } },
  h('p', { class: 'meta' }, c.name),
  field({ name: 'title', label: t('round.field.title'), required: true, maxlength: 100, hint: t('round.field.title_hint') }),
  programs.length
    ? checks({ name: 'program_ids', label: t('round.field.programs'), hint: t('round.field.programs_hint'),
      options: programs.map((p) => ({ value: p.id, label: `${titleOf(p.title)} · ${t('session.capacity', { n: p.capacity })}` })) })
    : h('p', { class: 'empty', id: 'round-no-programs' }, t('round.no_programs')),
  programs.length > 0 && h('details', null, h('summary', null, t('round.field.programs_detail')),
    h('ul', { class: 'plain' }, programs.map((p) => h('li', { class: 'meta' }, `${titleOf(p.title)}：${scheduleText(p.schedule)}`)))),
  field({ name: 'opens_at', label: t('round.field.opens_at'), type: 'datetime-local', value: `${today()}T08:00`, required: true }),
  field({ name: 'closes_at', label: t('round.field.closes_at'), type: 'datetime-local', value: `${addDays(today(), 7)}T20:00`, required: true }),
  h('div', { class: 'row' },
    field({ name: 'max_wishes', label: t('round.field.max_wishes'), type: 'number', min: 1, max: 10, value: 3, inputmode: 'numeric' }),
    field({ name: 'max_places_per_child', label: t('round.field.max_places'), type: 'number', min: 1, max: 10, value: 1, inputmode: 'numeric' })),
  field({ name: 'entropy_source', label: t('round.field.entropy_source'), type: 'textarea', maxlength: 300, hint: t('round.field.entropy_source_hint') }),
  field({ name: 'draw_at', label: t('round.field.draw_at'), type: 'datetime-local', hint: t('round.field.draw_at_hint') }),
  field({ name: 'priority_groups', label: t('round.field.priority_groups'), type: 'textarea', hint: t('round.field.priority_groups_hint') }),
  h('details', null, h('summary', null, t('program.more_options')),
    field({ name: 'open_after_draw_at', label: t('round.field.open_after_draw_at'), type: 'datetime-local', hint: t('round.field.open_after_draw_at_hint') })));
  const node = page(t('round.new'), f, h('p', null, h('a', { href: `#/rounds?community=${encodeURIComponent(c.id)}`, id: 'round-new-back' }, t('round.back'))));
  node.dataset.section = '/manage';
  return node;
}
