// register.js: sign up with a name, a mobile number or e-mail address, and a password.
import { t, locale } from '../i18n.js';
import { post } from '../api.js';
import { h, page, field, form } from '../ui.js';

/** render draws the sign-up form; a new user is signed in at once. */
export async function render({ app }) {
  const f = form({ id: 'register-form', submit: t('register.submit'), onSubmit: async (v) => {
    const body = { name: v.name || '', login: v.login || '', password: v.password || '', locale: locale() };
    await post('/auth/register', body);
    await post('/auth/login', { login: body.login, password: body.password });
    await app.refresh();
    app.navigate('/');
  } },
  field({ name: 'name', label: t('field.name'), autocomplete: 'name', required: true, maxlength: 100 }),
  field({ name: 'login', label: t('field.login'), hint: t('field.login_hint'), autocomplete: 'username', inputmode: 'email', required: true }),
  field({ name: 'password', label: t('field.password'), hint: t('field.password_hint'), type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }));
  return page(t('register.title'), f,
    h('p', null, t('register.have_account'), ' ', h('a', { href: '#/login' }, t('nav.login'))));
}
