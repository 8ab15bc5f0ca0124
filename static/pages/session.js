// session.js: one session with its program's description, ages, place, staff and seats.
import { t, fmtWhen } from '../i18n.js';
import { get } from '../api.js';
import { h, page, notice } from '../ui.js';
import { seatsText } from '../parts.js';

/** render draws the session page. */
export async function render({ params }) {
  const { session: s } = await get(`/sessions/${encodeURIComponent(params.id)}`);
  const { program: p } = await get(`/programs/${encodeURIComponent(s.program_id)}`);
  const ages = p.age_min || p.age_max ? t('session.ages', { min: p.age_min ?? 3, max: p.age_max ?? 12 }) : '';
  const row = (key, ...value) => [h('dt', null, t(key)), h('dd', null, value)];
  return page(s.title,
    s.status === 'cancelled' && notice(t('session.cancelled_because', { reason: s.cancel_reason || '—' }), 'error'),
    h('dl', { class: 'facts' },
      row('field.when', h('time', { datetime: s.starts_at }, fmtWhen(s.starts_at, s.ends_at))),
      row('field.kind', t(`kind.${s.kind}`), s.category && s.category !== 'other' ? ` · ${t(`category.${s.category}`)}` : ''),
      ages && row('field.ages', ages),
      s.venue && row('field.venue', s.venue.name, s.venue.address ? h('span', { class: 'meta' }, ` ${s.venue.address}`) : ''),
      s.staff.length > 0 && row('field.staff', s.staff.map((m) => m.name).join(t('list.sep'))),
      row('field.seats', seatsText(s), ` (${t('session.capacity', { n: s.capacity })})`)),
    p.description && h('p', { class: 'description' }, p.description),
    h('p', null, h('a', { href: '#/classes' }, t('session.back'))));
}
