// child.js: one child for their guardians: details, pickup persons, one-day delegations,
// another guardian, and the export and deletion of everything stored about the child.
import { t, today, fmtDate, fmtFullDate } from '../i18n.js';
import { get, all, post, patch, del } from '../api.js';
import { h, page, field, form, armed, done, fieldError } from '../ui.js';
import { ageOn } from '../parts.js';

/** render draws the child's page. */
export async function render({ app, params }) {
  const id = encodeURIComponent(params.id);
  const [{ child: c }, pickups, delegations] = await Promise.all([
    get(`/children/${id}`), all(`/children/${id}/pickups`), all(`/children/${id}/pickup-delegations`),
  ]);
  const reload = () => app.rerender();

  const edit = form({ id: 'child-edit', errors: 'child', submit: t('action.save'), onSubmit: async (v, el) => {
    if (!v.birth_date) return fieldError(el, 'birth_date', 'error.invalid.birth_date');
    await patch(`/children/${id}`, { name: v.name || '', birth_date: v.birth_date, notes: v.notes || '' });
    done(el, t('me.saved'));
  } },
  field({ name: 'name', label: t('field.child_name'), value: c.name, maxlength: 50 }),
  field({ name: 'birth_date', label: t('field.birth_date'), type: 'date', value: c.birth_date, max: today() }),
  field({ name: 'notes', label: t('field.notes'), type: 'textarea', value: c.notes, hint: t('children.notes_hint'), maxlength: 500 }));

  const addPickup = form({ id: 'pickup-form', errors: 'pickup', className: 'stack compact', submit: t('action.add'), onSubmit: async (v) => {
    await post(`/children/${id}/pickups`, { name: v.name || '', relation: v.relation || '', phone: v.phone || '' });
    reload();
  } },
  field({ name: 'name', label: t('field.name'), maxlength: 50, autocomplete: 'off' }),
  field({ name: 'relation', label: t('field.relation'), placeholder: t('child.relation_example'), maxlength: 20 }),
  field({ name: 'phone', label: t('field.phone'), type: 'tel', inputmode: 'tel', autocomplete: 'off' }));

  const addDelegation = form({ id: 'delegation-form', errors: 'delegation', className: 'stack compact', submit: t('action.add'), onSubmit: async (v) => {
    await post(`/children/${id}/pickup-delegations`, { name: v.name || '', phone: v.phone || '', date: v.date });
    reload();
  } },
  field({ name: 'name', label: t('field.name'), maxlength: 50, autocomplete: 'off' }),
  field({ name: 'phone', label: t('field.phone'), type: 'tel', inputmode: 'tel', autocomplete: 'off' }),
  field({ name: 'date', label: t('field.date'), type: 'date', value: today(), min: today() }));

  // An invitation: the answer is the same whether or not anyone holds the login, so the page
  // says only that it was sent.
  const invite = form({ id: 'guardian-form', errors: 'guardian', className: 'stack compact', submit: t('child.invite_send'), onSubmit: async (v, el) => {
    try {
      await post(`/children/${id}/guardians`, { login: v.login || '' });
    } catch (err) {
      if (err.code === 'rate_limited') err.code = 'invite_limit';
      throw err;
    }
    el.reset();
    done(el, t('child.invite_sent'));
  } }, field({ name: 'login', label: t('child.invite_login'), hint: t('child.invite_hint'), inputmode: 'email', autocomplete: 'off' }));

  const me = app.me.user.id;
  const guardians = h('ul', { class: 'cards', id: 'guardian-list' }, c.guardians.map((g) => h('li', { class: 'card row-card' },
    h('div', null, h('h3', null, g.name, g.user_id === me && [' ', h('span', { class: 'tag' }, t('child.you'))])),
    c.guardians.length > 1 && armed(g.user_id === me ? t('child.leave') : t('action.remove'), async () => {
      await del(`/children/${id}/guardians/${g.user_id}`);
      if (g.user_id === me) app.navigate('/children');
      else reload();
    }))));

  const upcoming = delegations.filter((d) => d.date >= today());
  return page(c.name,
    h('dl', { class: 'facts' },
      h('dt', null, t('field.birth_date')), h('dd', null, fmtFullDate(c.birth_date), ` · ${t('children.age', { n: ageOn(c.birth_date, today()) })}`),
      c.notes && [h('dt', null, t('field.notes')), h('dd', { class: 'description' }, c.notes)],
      h('dt', null, t('child.guardians')), h('dd', null, c.guardians.map((g) => g.name).join(t('list.sep'))),
      c.consent && [h('dt', null, t('child.consent')), h('dd', null, t('child.consent_given', { version: c.consent.policy_version, date: fmtFullDate(c.consent.at) }))]),

    h('h2', null, t('child.pickups')),
    h('p', { class: 'hint' }, t('child.pickups_hint')),
    pickups.length
      ? h('ul', { class: 'cards', id: 'pickup-list' }, pickups.map((p) => h('li', { class: 'card row-card' },
        h('div', null, h('h3', null, p.name, ' ', h('span', { class: 'tag' }, p.relation)), h('p', { class: 'meta' }, p.phone)),
        armed(t('action.remove'), async () => { await del(`/children/${id}/pickups/${p.id}`); reload(); }))))
      : h('p', { class: 'empty' }, t('child.no_pickups')),
    h('details', null, h('summary', null, t('child.add_pickup')), addPickup),

    h('h2', null, t('child.delegations')),
    h('p', { class: 'hint' }, t('child.delegations_hint')),
    upcoming.length
      ? h('ul', { class: 'cards', id: 'delegation-list' }, upcoming.map((d) => h('li', { class: 'card row-card' },
        h('div', null, h('h3', null, fmtDate(d.date), ' · ', d.name), h('p', { class: 'meta' }, d.phone)),
        armed(t('action.remove'), async () => { await del(`/children/${id}/pickup-delegations/${d.id}`); reload(); }))))
      : h('p', { class: 'empty' }, t('child.no_delegations')),
    h('details', null, h('summary', null, t('child.add_delegation')), addDelegation),

    h('h2', null, t('child.edit')), edit,
    h('h2', null, t('child.guardians')),
    guardians,
    c.guardians.length === 1 && h('p', { class: 'hint' }, t('child.last_guardian')),
    h('details', null, h('summary', null, t('child.invite')), invite),

    h('h2', null, t('child.data')),
    h('p', { class: 'hint' }, t('child.data_hint')),
    h('p', { class: 'actions' },
      h('a', { class: 'button', id: 'child-export', href: `/api/v1/children/${id}/export`, download: '' }, t('child.export')),
      armed(t('child.delete'), async () => {
        await del(`/children/${id}`);
        app.navigate('/children');
      }, { id: 'child-delete' })),
    h('p', null, h('a', { href: '#/children', id: 'child-back' }, t('child.back'))));
}
