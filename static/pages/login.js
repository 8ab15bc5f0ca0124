// login.js: sign in with a mobile number or e-mail address and a password.
import { t } from '../i18n.js';
import { post } from '../api.js';
import { h, page, field, form } from '../ui.js';

/** render draws the sign-in form; after signing in the user goes where they were headed. */
export async function render({ app, query }) {
  const f = form({ id: 'login-form', submit: t('login.submit'), onSubmit: async (v) => {
    try {
      await post('/auth/login', { login: v.login || '', password: v.password || '' });
    } catch (err) {
      if (err.status === 401) err.code = 'bad_credentials';
      throw err;
    }
    await app.refresh();
    app.navigate(query.next && query.next.startsWith('/') ? query.next : '/');
  } },
  field({ name: 'login', label: t('field.login'), autocomplete: 'username', inputmode: 'email', required: true }),
  field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'current-password', required: true }));
  // Sent here from a page that needs signing in (a shared link, a session that ended): say so.
  const headed = query.next && query.next.startsWith('/') && query.next !== '/';
  return page(t('login.title'),
    headed && h('p', { class: 'notice', id: 'login-why', role: 'status' }, t('login.needed')), f,
    h('p', null, t('login.no_account'), ' ', h('a', { href: '#/register' }, t('nav.register'))),
    h('p', { class: 'hint' }, t('login.forgot')));
}
