// me.js: the signed-in user's own page: name, language, password, roles, signing out, and
// deleting the account.
import { t, locale, locales, setLocale } from '../i18n.js';
import { get, patch, post, del } from '../api.js';
import { h, page, field, form, fieldError, done } from '../ui.js';
import { devicesSection } from '../devices.js';

/** render draws the profile forms. */
export async function render({ app }) {
  const { user, memberships } = app.me;
  const devices = await devicesSection();
  const profile = form({ id: 'profile-form', submit: t('action.save'), onSubmit: async (v, el) => {
    app.me = await patch('/me', { name: v.name || '', locale: v.locale });
    if (app.me.user.locale !== locale()) {
      setLocale(app.me.user.locale);
      await app.refresh();
      app.rerender();
      return;
    }
    done(el, t('me.saved'));
  } },
  field({ name: 'name', label: t('field.name'), value: user.name, autocomplete: 'name', maxlength: 100 }),
  field({ name: 'locale', label: t('field.locale'), type: 'select', value: user.locale, options: locales.map((l) => ({ value: l.code, label: l.name })) }));

  const password = form({ id: 'password-form', submit: t('me.change_password'), onSubmit: async (v, el) => {
    if (!v.current_password) return fieldError(el, 'current_password', 'error.invalid.current_password_missing');
    await patch('/me', { current_password: v.current_password, password: v.password || '' });
    el.reset();
    await devices.refresh();
    done(el, t('me.password_changed'));
  } },
  field({ name: 'current_password', label: t('field.current_password'), type: 'password', autocomplete: 'current-password' }),
  field({ name: 'password', label: t('field.new_password'), hint: t('field.password_hint'), type: 'password', autocomplete: 'new-password', minlength: 8 }));

  const names = await communityNames(memberships);
  const roles = memberships.length || user.is_admin
    ? h('ul', { class: 'plain' },
      user.is_admin && h('li', null, t('role.admin')),
      memberships.map((m) => h('li', null, `${names[m.community_id] || ''} · ${t(`role.${m.role}`)}`,
        m.teacher_type ? ` (${t(`teacher_type.${m.teacher_type}`)})` : '')))
    : h('p', { class: 'hint' }, t('me.parent_only'));

  const logout = h('button', { type: 'button', id: 'logout', onclick: async () => {
    await post('/auth/logout');
    app.me = null;
    await app.refresh();
    app.navigate('/');
  } }, t('me.logout'));

  const erase = form({ id: 'delete-account', submit: t('me.delete_submit'), onSubmit: async (v) => {
    if (!v.password) return fieldError(erase, 'password', 'me.delete_password_missing');
    try {
      await del('/me', { password: v.password });
    } catch (err) {
      if (err.code === 'conflict') err.code = 'account_busy';
      if (err.code === 'invalid' && err.field === 'password') err.code = 'wrong_password';
      throw err;
    }
    app.me = null;
    await app.refresh();
    app.navigate('/');
  } },
  h('p', { class: 'hint' }, t('me.delete_hint')),
  h('p', { class: 'hint' }, t('me.delete_records')),
  field({ name: 'password', label: t('me.delete_password'), type: 'password', autocomplete: 'current-password' }));
  erase.querySelector('button[type=submit]').className = 'danger';

  return page(t('me.title'),
    h('p', { class: 'meta' }, t('me.signed_in_as', { login: user.login })),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/calendar' }, t('calendar.title')),
      !app.parents() && h('a', { class: 'button', id: 'add-child', href: '#/children' }, t('me.add_child'))),
    !app.parents() && h('p', { class: 'hint' }, t('me.add_child_hint')),
    h('p', null, h('a', { href: '#/calendars', id: 'holidays-link' }, t('calendars.title'))),
    h('h2', null, t('me.profile')), profile,
    h('h2', null, t('me.password')), password,
    h('h2', null, t('me.roles')), roles,
    devices,
    h('p', { class: 'actions' }, logout),
    h('h2', null, t('me.delete_title')), erase);
}

async function communityNames(memberships) {
  if (!memberships.length) return {};
  const list = await get('/communities', { limit: 500 });
  return Object.fromEntries(list.items.map((c) => [c.id, c.name]));
}
