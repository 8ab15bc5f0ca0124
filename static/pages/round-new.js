// round-new.js: a coordinator opens an application round: which programs (courses with a waiting
// list), when families apply, when it is drawn, how many wishes and places, the public number the
// draw will use, and the priority groups. The same form changes a round before it opens.
import { t, today, addDays, titleOf } from '../i18n.js';
import { all, post, patch } from '../api.js';
import { h, page, field, form, checks, notice } from '../ui.js';
import { coordinated, chosen, offsetOf } from '../community.js';
import { scheduleText } from './programs.js';
import { roundOf, localInput } from './round-parts.js';

const drawable = new Set(['holiday_class', 'after_school']);

/** render draws the form for a new round of the chosen community, or for changing a round not open yet. */
export async function render({ app, query, params }) {
  const list = await coordinated(app);
  const round = params.id ? await roundOf(params.id) : null;
  const c = round ? list.find((x) => x.id === round.community_id) : chosen(list, query);
  if (!c) return page(t('round.new'), notice(round ? t('forbidden.text') : t('programs.no_community')));
  if (round && round.status !== 'draft') {
    return page(round.title, notice(t('round.edit_too_late')), h('p', null, h('a', { href: `#/rounds/${round.id}/manage`, id: 'round-edit-back' }, t('round.back_to_round'))));
  }
  const programs = (await all('/programs', { community_id: c.id })).filter((p) => drawable.has(p.kind) && p.waitlist && p.status === 'active');
  // Left empty, a time is not sent for a new round and cleared ("") in a change.
  const empty = round ? '' : undefined;
  const at = (v) => (v ? `${v}:00${offsetOf(c.timezone || 'Asia/Shanghai', v.slice(0, 10))}` : empty);
  const f = form({ id: 'round-form', errors: 'round_new', submit: round ? t('round.save_change') : t('round.create'), onSubmit: async (v) => {
    const groups = (v.priority_groups || '').split('\n').map((s) => s.trim()).filter(Boolean);
    const body = {
      title: v.title || '', program_ids: v.program_ids || [],
      opens_at: at(v.opens_at), closes_at: at(v.closes_at), draw_at: at(v.draw_at), open_after_draw_at: at(v.open_after_draw_at),
      entropy_source: v.entropy_source ?? empty, max_wishes: v.max_wishes, max_places_per_child: v.max_places_per_child,
      priority_groups: groups.map((label, i) => ({ key: `g${i + 1}`, label })),
    };
    if (round) {
      await patch(`/rounds/${round.id}`, body);
      app.navigate(`/rounds/${round.id}/manage?changed=1`);
      return;
    }
    const res = await post(`/communities/${c.id}/rounds`, body);
    app.navigate(`/rounds/${(res.round || res).id}/manage?created=1`);
  } },
  h('p', { class: 'meta' }, c.name),
  field({ name: 'title', label: t('round.field.title'), required: true, maxlength: 100, hint: t('round.field.title_hint'), value: round?.title }),
  programs.length
    ? checks({ name: 'program_ids', label: t('round.field.programs'), hint: t('round.field.programs_hint'),
      options: programs.map((p) => ({ value: p.id, label: `${titleOf(p.title)} · ${t('session.capacity', { n: p.capacity })}` })), values: round?.program_ids || [] })
    : h('p', { class: 'empty', id: 'round-no-programs' }, t('round.no_programs')),
  programs.length > 0 && h('details', null, h('summary', null, t('round.field.programs_detail')),
    h('ul', { class: 'plain' }, programs.map((p) => h('li', { class: 'meta' }, `${titleOf(p.title)}：${scheduleText(p.schedule)}`)))),
  field({ name: 'opens_at', label: t('round.field.opens_at'), type: 'datetime-local', value: round ? localInput(round.opens_at) : `${today()}T08:00`, required: true }),
  field({ name: 'closes_at', label: t('round.field.closes_at'), type: 'datetime-local', value: round ? localInput(round.closes_at) : `${addDays(today(), 7)}T20:00`, required: true }),
  h('div', { class: 'row' },
    field({ name: 'max_wishes', label: t('round.field.max_wishes'), type: 'number', min: 1, max: 10, value: round?.max_wishes ?? 3, inputmode: 'numeric' }),
    field({ name: 'max_places_per_child', label: t('round.field.max_places'), type: 'number', min: 1, max: 10, value: round?.max_places_per_child ?? 1, inputmode: 'numeric' })),
  field({ name: 'entropy_source', label: t('round.field.entropy_source'), type: 'textarea', maxlength: 300, hint: t('round.field.entropy_source_hint'), value: round?.entropy_source }),
  field({ name: 'draw_at', label: t('round.field.draw_at'), type: 'datetime-local', hint: t('round.field.draw_at_hint'), value: localInput(round?.draw_at) }),
  field({ name: 'priority_groups', label: t('round.field.priority_groups'), type: 'textarea', hint: t('round.field.priority_groups_hint'), value: (round?.priority_groups || []).map((g) => g.label).join('\n') }),
  h('details', null, h('summary', null, t('program.more_options')),
    field({ name: 'open_after_draw_at', label: t('round.field.open_after_draw_at'), type: 'datetime-local', hint: t('round.field.open_after_draw_at_hint'), value: localInput(round?.open_after_draw_at) })));
  const back = round ? h('a', { href: `#/rounds/${round.id}/manage`, id: 'round-new-back' }, t('round.back_to_round'))
    : h('a', { href: `#/rounds?community=${encodeURIComponent(c.id)}`, id: 'round-new-back' }, t('round.back'));
  const node = page(round ? t('round.edit_title', { title: round.title }) : t('round.new'), f, h('p', null, back));
  node.dataset.section = '/manage';
  return node;
}
