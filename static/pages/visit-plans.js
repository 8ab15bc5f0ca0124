// visit-plans.js: a household's visit plans (我是对门), for coordinators: which volunteers visit,
// how often, on which dates and at what time. The server plans the visits as sessions, which the
// volunteers then find under "my visits" and in their calendars.
import { t, today, addDays, fmtSpan } from '../i18n.js';
import { get, all, post, del } from '../api.js';
import { h, page, field, form, checks, done, notice, armed } from '../ui.js';
import { staffOptions } from '../community.js';

const cadences = ['weekly', 'fortnightly', 'monthly'];

/** render draws the household, its plans and the form for a new plan. */
export async function render({ params, query }) {
  const id = encodeURIComponent(params.id);
  const { household: x } = await get(`/households/${id}`);
  const [plans, helpers] = await Promise.all([all(`/households/${id}/visit-plans`), staffOptions({ id: x.community_id })]);
  const building = plans[0]?.household.building || query.building || '';
  const box = h('div', { id: 'plan-box' });
  const fill = (list) => box.replaceChildren(list.length
    ? h('ul', { class: 'cards', id: 'plan-list' }, list.map((p) => planItem(p, reload)))
    : h('p', { class: 'empty' }, t('plans.none')));
  const reload = async () => fill(await all(`/households/${id}/visit-plans`));
  fill(plans);

  const f = helpers.length ? form({ id: 'plan-form', submit: t('plans.create'), onSubmit: async (v, el) => {
    const res = await post(`/households/${id}/visit-plans`, { ...v, volunteer_ids: v.volunteer_ids || [] });
    await reload();
    for (const input of el.querySelectorAll('[name=volunteer_ids]')) input.checked = false;
    done(el, t('plans.created', { n: res.sessions_created }));
  } },
  checks({ name: 'volunteer_ids', label: t('field.volunteer_ids'), options: helpers }),
  field({ name: 'cadence', label: t('field.cadence'), type: 'select', value: 'fortnightly', hint: t('plans.cadence_hint'),
    options: cadences.map((c) => ({ value: c, label: t(`cadence.${c}`) })) }),
  h('div', { class: 'row' },
    field({ name: 'start_date', label: t('field.start_date'), type: 'date', value: today(), required: true }),
    field({ name: 'end_date', label: t('field.end_date'), type: 'date', value: addDays(today(), 90), required: true })),
  h('div', { class: 'row' },
    field({ name: 'start_time', label: t('field.start_time'), type: 'time', value: '15:00', required: true }),
    field({ name: 'end_time', label: t('field.end_time'), type: 'time', value: '16:00', required: true })))
    : notice(t('plans.no_helpers'));

  return page(t('plans.title'),
    h('div', { class: 'card' },
      h('h2', null, [building, x.label].filter(Boolean).join(' ')),
      x.needs.length > 0 && h('p', { class: 'meta' }, x.needs.map((n) => h('span', { class: 'tag' }, t(`need.${n}`)))),
      (x.contact_name || x.contact_phone) && h('p', { class: 'meta' }, [x.contact_name, x.contact_phone].filter(Boolean).join(' · ')),
      x.visit_every_days && h('p', { class: 'meta' }, t('households.every', { n: x.visit_every_days }))),
    h('p', { class: 'hint' }, t('plans.intro')),
    h('h2', null, t('plans.current')), box,
    h('h2', null, t('plans.new')), f,
    h('p', null, h('a', { href: '#/households' }, t('plans.back'))));
}

// planItem is one plan: cadence, dates, times and volunteers, with a delete for an active one.
function planItem(p, reload) {
  const deleted = p.status === 'deleted';
  return h('li', { class: `card${deleted ? ' is-cancelled' : ''}`, 'data-plan': p.id },
    h('p', { class: 'when' }, t('plans.range', { ...fmtSpan(p.start_date, p.end_date), start: p.start_time, end: p.end_time })),
    h('h3', null, cadences.includes(p.cadence) ? t(`cadence.${p.cadence}`) : t('program.rrule')),
    h('p', { class: 'meta' }, t('plans.volunteers', { names: p.volunteers.map((v) => v.name).join(t('list.sep')) })),
    deleted ? h('p', null, h('span', { class: 'badge muted' }, t('plans.deleted')))
      : h('p', { class: 'actions' }, armed(t('plans.delete'), async () => {
        await del(`/visit-plans/${p.id}`);
        await reload();
      })));
}
