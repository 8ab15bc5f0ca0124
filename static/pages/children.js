// children.js: a guardian's children, and adding one after reading and agreeing to the
// child-data policy (the consent step the law asks for children under 14).
import { t, today, fmtFullDate } from '../i18n.js';
import { get, all, post } from '../api.js';
import { h, page, field, form } from '../ui.js';
import { ageOn, markdown } from '../parts.js';

/** render draws the list of children and the form to add one. */
export async function render({ app }) {
  const [children, policy] = await Promise.all([all('/children'), get('/policies/child-data')]);
  const f = form({ id: 'child-form', errors: 'child', submit: t('children.add'), onSubmit: async (v) => {
    // An empty date is left out, so that the server names the field it misses.
    const body = { name: v.name || '', birth_date: v.birth_date, notes: v.notes };
    if (v.consent_policy_version) body.consent_policy_version = policy.version;
    const res = await post('/children', body);
    app.navigate(`/children/${res.child.id}`);
  } },
  field({ name: 'name', label: t('field.child_name'), required: true, maxlength: 50, autocomplete: 'off' }),
  field({ name: 'birth_date', label: t('field.birth_date'), type: 'date', max: today(), required: true }),
  field({ name: 'notes', label: t('field.notes'), type: 'textarea', hint: t('children.notes_hint'), maxlength: 500 }),
  h('details', { class: 'policy', id: 'child-policy' },
    h('summary', null, t('children.policy_title', { version: policy.version })),
    h('div', { class: 'policy-text', lang: policy.locale }, markdown(policy.text))),
  field({ name: 'consent_policy_version', label: t('children.consent'), type: 'checkbox', value: false }));
  return page(t('children.title'),
    children.length
      ? h('ul', { class: 'cards', id: 'child-list' }, children.map((c) => h('li', { class: 'card' },
        h('h3', null, h('a', { href: `#/children/${c.id}` }, c.name)),
        h('p', { class: 'meta' }, t('children.age', { n: ageOn(c.birth_date, today()) }), ' · ', fmtFullDate(c.birth_date)))))
      : h('p', { class: 'empty' }, t('children.none')),
    h('h2', null, t('children.add_title')),
    h('p', { class: 'hint' }, t('children.intro')),
    f);
}
