// members.js: a community's members for its coordinators: each by role with phone or e-mail,
// teacher type, since when and whether they have registered yet; adding one by phone number and
// name; removing a role; a password-reset code handed over in person, shown once; and a
// volunteer's service certificate to print.
import { t, fmtFullDate, today } from '../i18n.js';
import { all, post, del } from '../api.js';
import { h, page, field, form, notice, armed } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

const roles = ['coordinator', 'teacher', 'volunteer'];

// lastAdded is the word on the member just added, shown once when the page is drawn again.
let lastAdded = '';

// chinaDate is the date in China of an instant.
const chinaDate = (s) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(s));
const teacherTypes = ['school_teacher', 'community_teacher', 'resident_volunteer'];

/** render draws the members of the chosen community and the form to add one. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('members.title'), notice(t('programs.no_community')));
  const admin = app.me.user.is_admin;
  const members = await all(`/communities/${c.id}/members`);
  const grantable = admin ? roles : roles.filter((r) => r !== 'coordinator');
  const added = h('div', { id: 'member-added', 'aria-live': 'polite' }, lastAdded && notice(lastAdded, 'ok'));
  lastAdded = '';
  const add = form({ id: 'member-form', submit: t('members.add'), onSubmit: async (v, el) => {
    const body = { login: v.login || '', name: v.name || '', role: v.role };
    if (v.role === 'teacher') body.teacher_type = v.teacher_type || '';
    const { membership: m } = await post(`/communities/${c.id}/members`, body);
    const what = roleText(m);
    lastAdded = m.status === 'pending' ? t('members.added_pending', { name: m.name, login: m.login, what }) : t('members.added', { name: m.name, what });
    app.rerender();
  } },
  field({ name: 'login', label: t('field.phone'), type: 'tel', inputmode: 'tel', autocomplete: 'off', required: true, hint: t('members.login_hint') }),
  field({ name: 'name', label: t('field.name'), maxlength: 100, hint: t('members.name_hint') }),
  h('div', { class: 'row' },
    field({ name: 'role', label: t('field.role'), type: 'select', value: 'volunteer', options: grantable.map((r) => ({ value: r, label: t(`role.${r}`) })) }),
    field({ name: 'teacher_type', label: t('field.teacher_type'), type: 'select', value: '',
      options: [{ value: '', label: t('members.teacher_type_none') }, ...teacherTypes.map((x) => ({ value: x, label: t(`teacher_type.${x}`) }))] })));
  const sections = roles.map((role) => {
    const of = members.filter((m) => m.role === role).sort(byName);
    return h('section', { class: 'members', 'data-role': role },
      h('h2', null, t('members.of_role', { role: t(`role.${role}`), n: of.length })),
      of.length ? h('ul', { class: 'cards', id: `members-${role}` }, of.map((m) => memberCard(app, c, m, admin)))
        : h('p', { class: 'empty' }, t('members.none')));
  });
  return page(t('members.title'), picker(app, list, c, '/members'),
    h('details', { class: 'add-member', open: members.length < 2 }, h('summary', null, t('members.add_title')), add),
    h('p', null, h('a', { class: 'button', id: 'import-link', href: `#/import/members?community=${c.id}` }, t('import.link_members'))),
    added, sections,
    h('p', { class: 'hint' }, t('members.reset_rule')));
}

const byName = (a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.login.localeCompare(b.login);

function roleText(m) {
  return m.role === 'teacher' && m.teacher_type ? t('members.role_type', { role: t('role.teacher'), type: t(`teacher_type.${m.teacher_type}`) }) : t(`role.${m.role}`);
}

// memberCard is one role of one member, with its removal and, for a registered member, the reset code.
function memberCard(app, c, m, admin) {
  const pending = m.status === 'pending';
  const who = pending ? m.login : m.user_id;
  const out = h('div', { class: 'reset-out', 'aria-live': 'polite' });
  const remove = (admin || m.role !== 'coordinator') && armed(t('members.remove', { role: t(`role.${m.role}`) }), async () => {
    await del(`/communities/${c.id}/members/${encodeURIComponent(who)}?role=${m.role}`);
    app.rerender();
  }, { 'data-action': 'remove' });
  // One's own password is changed on 我的, with the current one: no code for oneself.
  const reset = !pending && m.user_id !== app.me.user.id && h('button', { type: 'button', 'data-action': 'reset', onclick: async () => {
    reset.disabled = true;
    try {
      const { reset_code: code } = await post(`/users/${m.user_id}/password-reset`);
      out.replaceChildren(h('div', { class: 'reset-box', role: 'status' },
        h('p', null, t('members.reset_for', { name: m.name, login: m.login })),
        h('p', { class: 'reset-code' }, code),
        h('p', { class: 'hint' }, t('members.reset_once'))));
      reset.remove();
    } catch (err) {
      reset.disabled = false;
      out.replaceChildren(notice(err.status === 404 ? t('members.reset_admin_only') : t('error.load'), 'error'));
    }
  } }, t('members.reset'));
  // A volunteer's service certificate of the last year, printed in a tab of its own (print.go).
  const certificate = !pending && m.role === 'volunteer' && h('a', { class: 'button', 'data-action': 'certificate', target: '_blank', rel: 'noopener',
    href: `/api/v1/reports/volunteer-record/certificate?${new URLSearchParams({ user_id: m.user_id, from: today(-365), to: today() })}` }, t('print.certificate'));
  return h('li', { class: 'card', 'data-member': `${who}/${m.role}` },
    h('h3', null, m.name, ' ', h('span', { class: pending ? 'badge few' : 'badge open' }, t(pending ? 'members.pending' : 'members.active'))),
    h('p', { class: 'meta' }, h('a', { href: `tel:${m.login}` }, m.login),
      m.teacher_type ? [' · ', h('span', { class: 'tag' }, t(`teacher_type.${m.teacher_type}`))] : '',
      ' · ', h('span', { class: 'keep' }, t(pending ? 'members.added_on' : 'members.since', { date: fmtFullDate(chinaDate(m.since)) }))),
    pending && h('p', { class: 'hint' }, t('members.pending_hint')),
    h('p', { class: 'actions' }, certificate, reset, remove), out);
}
