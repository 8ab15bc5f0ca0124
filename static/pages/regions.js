// regions.js: the administrator's page for regions: create a street, district or city, place a
// community in one, and add or remove the officials who view a region's reports.
import { t } from '../i18n.js';
import { get, post, patch, del, all } from '../api.js';
import { h, page, field, form, notice, armed } from '../ui.js';

const levels = ['street', 'district', 'city'];

/** render draws the regions, and the forms that change them. */
export async function render({ app }) {
  if (!app.me.user.is_admin) return page(t('region.admin_title'), notice(t('forbidden.text')));
  const [regions, communities] = await Promise.all([all('/regions'), all('/communities')]);
  const details = await Promise.all(regions.map((r) => get(`/regions/${r.id}`).then((x) => x.region)));
  const name = Object.fromEntries(regions.map((r) => [r.id, r.name]));
  const regionOptions = (none) => [...(none ? [{ value: '', label: t(none) }] : []),
    ...regions.map((r) => ({ value: r.id, label: `${r.name} · ${t(`region.level.${r.level}`)}` }))];
  const create = form({ id: 'region-new', errors: 'region', submit: t('region.create'), onSubmit: async (v) => {
    await post('/regions', { name: v.name || '', level: v.level, parent_id: v.parent_id || undefined });
    app.rerender();
  } },
  field({ name: 'name', label: t('region.field.name'), required: true, hint: t('region.field.name_hint') }),
  field({ name: 'level', label: t('region.field.level'), type: 'select', value: 'street', options: levels.map((l) => ({ value: l, label: t(`region.level.${l}`) })) }),
  field({ name: 'parent_id', label: t('region.field.parent'), type: 'select', value: '', options: regionOptions('region.field.no_parent'), hint: t('region.field.parent_hint') }));
  const place = regions.length > 0 && communities.length > 0 && form({ id: 'region-place', errors: 'region', submit: t('region.place'), onSubmit: async (v, el) => {
    await patch(`/communities/${v.community}`, { region_id: v.region_id || '' });
    app.rerender();
    return el;
  } },
  field({ name: 'community', label: t('field.community'), type: 'select', options: communities.map((c) => ({ value: c.id, label: c.region_id ? `${c.name} · ${name[c.region_id] || ''}` : c.name })) }),
  field({ name: 'region_id', label: t('region.field.region'), type: 'select', value: communities[0]?.region_id || '', options: regionOptions('region.field.no_region') }));
  // The region shown is the chosen community's own, so that saving without a change changes nothing.
  if (place) {
    place.querySelector('[name=community]').addEventListener('change', (ev) => {
      place.querySelector('[name=region_id]').value = communities.find((c) => c.id === ev.target.value)?.region_id || '';
    });
  }
  const viewer = regions.length > 0 && form({ id: 'region-viewer', errors: 'region', submit: t('region.add_viewer'), onSubmit: async (v) => {
    await post(`/regions/${v.region}/viewers`, { login: v.login || '' });
    app.rerender();
  } },
  field({ name: 'region', label: t('region.field.region'), type: 'select', options: regionOptions() }),
  field({ name: 'login', label: t('region.field.login'), type: 'tel', autocomplete: 'off', hint: t('region.field.login_hint') }));
  return page(t('region.admin_title'),
    h('p', { class: 'lead' }, t('region.admin_lead')),
    regions.length === 0 ? notice(t('region.none_yet')) : h('ul', { class: 'cards', id: 'regions' }, details.map((r) => h('li', { class: 'card', 'data-region': r.id },
      h('h3', null, h('a', { href: `#/region/${r.id}` }, r.name)),
      h('p', { class: 'meta' }, [t(`region.level.${r.level}`), r.parent_id && t('region.under', { name: name[r.parent_id] || '' }),
        t('region.communities', { n: (r.communities || []).length })].filter(Boolean).join(' · ')),
      (r.viewers || []).length > 0 && h('ul', { class: 'viewers' }, r.viewers.map((p) => h('li', null, p.name, ' ',
        armed(t('region.remove_viewer'), async () => { await del(`/regions/${r.id}/viewers/${p.id}`); app.rerender(); }, { class: 'danger small' }))))))),
    h('h2', null, t('region.new_title')), create,
    place && [h('h2', null, t('region.place_title')), place],
    viewer && [h('h2', null, t('region.viewer_title')), viewer]);
}
