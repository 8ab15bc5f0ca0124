// households.js: a community's grids, their buildings and the households in them. Each level
// opens on demand and has a form to add to it; each household links to its visit plans.
import { t } from '../i18n.js';
import { all, post } from '../api.js';
import { h, page, field, form, checks, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

const needs = ['elderly_alone', 'elderly', 'disabled', 'low_income', 'left_behind_child', 'veteran', 'other'];

/** render draws the grids of the chosen community. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('households.title'), notice(t('programs.no_community')));
  const grids = await all(`/communities/${c.id}/grids`);
  const newGrid = form({ id: 'grid-form', className: 'stack compact', submit: t('households.add_grid'), onSubmit: async (v) => {
    await post(`/communities/${c.id}/grids`, v);
    app.rerender();
  } }, field({ name: 'name', label: t('field.grid_name'), required: true, maxlength: 100 }));
  return page(t('households.title'), picker(app, list, c, '/households'),
    h('p', { class: 'hint' }, t('households.intro')),
    h('p', null, h('a', { class: 'button', id: 'import-link', href: `#/import/households?community=${c.id}` }, t('import.link_households'))),
    grids.length ? h('ul', { class: 'tree', id: 'grid-list' }, grids.map((g) => gridItem(g))) : h('p', { class: 'empty' }, t('households.no_grids')),
    h('details', null, h('summary', null, t('households.add_grid')), newGrid));
}

// lazy is a <details> whose body loads the first time it opens.
function lazy(summary, load) {
  const body = h('div', { class: 'tree-body' });
  const d = h('details', null, h('summary', null, summary), body);
  let loaded = false;
  const fill = async () => {
    loaded = true;
    try {
      body.replaceChildren(...await load(fill));
    } catch {
      body.replaceChildren(notice(t('error.load'), 'error'));
    }
  };
  d.addEventListener('toggle', () => d.open && !loaded && fill());
  return d;
}

function gridItem(g) {
  return h('li', null, lazy(g.name, async (reload) => {
    const buildings = await all(`/grids/${g.id}/buildings`);
    const f = form({ id: `building-form-${g.id}`, className: 'stack compact', submit: t('households.add_building'), onSubmit: async (v) => {
      await post(`/grids/${g.id}/buildings`, v);
      await reload();
    } }, field({ name: 'name', label: t('field.building_name'), required: true, maxlength: 100 }));
    return [
      buildings.length ? h('ul', { class: 'tree' }, buildings.map((b) => h('li', null, buildingItem(b)))) : h('p', { class: 'empty' }, t('households.no_buildings')),
      h('details', null, h('summary', null, t('households.add_building')), f),
    ];
  }));
}

function buildingItem(b) {
  return lazy(b.name, async (reload) => {
    const households = await all(`/buildings/${b.id}/households`);
    const f = form({ id: `household-form-${b.id}`, className: 'stack compact', submit: t('households.add_household'), onSubmit: async (v) => {
      await post(`/buildings/${b.id}/households`, { ...v, needs: v.needs || [] });
      await reload();
    } },
    field({ name: 'label', label: t('field.household_label'), placeholder: t('households.label_example'), required: true }),
    field({ name: 'contact_name', label: t('field.contact_name'), autocomplete: 'off' }),
    field({ name: 'contact_phone', label: t('field.contact_phone'), type: 'tel', autocomplete: 'off' }),
    checks({ name: 'needs', label: t('field.needs'), options: needs.map((n) => ({ value: n, label: t(`need.${n}`) })) }),
    field({ name: 'visit_every_days', label: t('field.visit_every_days'), type: 'number', min: 1, max: 366, inputmode: 'numeric' }));
    return [
      households.length ? h('ul', { class: 'cards' }, households.map((x) => h('li', { class: 'card' },
        h('h4', null, x.label),
        x.needs.length > 0 && h('p', { class: 'meta' }, x.needs.map((n) => h('span', { class: 'tag' }, t(`need.${n}`)))),
        (x.contact_name || x.contact_phone) && h('p', { class: 'meta' }, [x.contact_name, x.contact_phone].filter(Boolean).join(' · ')),
        x.visit_every_days && h('p', { class: 'meta' }, t('households.every', { n: x.visit_every_days })),
        h('p', null, h('a', { class: 'button', href: `#/households/${x.id}/visit-plans?building=${encodeURIComponent(b.name)}` }, t('households.plans'))))))
        : h('p', { class: 'empty' }, t('households.none')),
      h('details', null, h('summary', null, t('households.add_household')), f),
    ];
  });
}
