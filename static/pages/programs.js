// programs.js: a coordinator's programs, newest first, with a link to plan a new one.
import { t, fmtSpan, titleOf } from '../i18n.js';
import { all } from '../api.js';
import { h, page, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

/** scheduleText sums up a program's schedule: dates, weekdays and times. */
export function scheduleText(s) {
  const days = s.weekdays?.length ? s.weekdays.map((d) => t(`weekday.${d}`)).join(t('list.sep')) : (s.rrule ? t('program.rrule') : t(`day_filter.${s.day_filter}`));
  return t('program.schedule', { ...fmtSpan(s.start_date, s.end_date), days, start: s.start_time, end: s.end_time });
}

/** render draws the list of programs of the chosen community. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('programs.title'), notice(t('programs.no_community')));
  const programs = await all('/programs', { community_id: c.id });
  programs.reverse();
  return page(t('programs.title'), picker(app, list, c, '/programs'),
    h('p', { class: 'actions' }, h('a', { class: 'button primary', href: `#/programs/new?community=${c.id}` }, t('programs.new'))),
    programs.length
      ? h('ul', { class: 'cards', id: 'program-list' }, programs.map((p) => h('li', { class: 'card' },
        h('h3', null, h('a', { href: `#/programs/${p.id}` }, titleOf(p.title))),
        h('p', { class: 'meta' }, h('span', { class: 'tag' }, t(`kind.${p.kind}`)),
          p.category !== 'other' && h('span', { class: 'tag' }, t(`category.${p.category}`)),
          h('span', null, t('session.capacity', { n: p.capacity }))),
        h('p', null, scheduleText(p.schedule)),
        p.warnings?.length > 0 && h('p', { class: 'badge few' }, p.warnings.map((w) => t(`warning.${w}`)).join(t('list.sep'))))))
      : h('p', { class: 'empty' }, t('programs.none')));
}
