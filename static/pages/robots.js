// robots.js: a community's group-chat robots (企业微信, 钉钉, 飞书), which post its public events
// to residents' group chats: the list with each robot's address masked, a form for a new one,
// and deletion. The address is a credential: the page never gets it back after adding.
import { t, fmtFullDate } from '../i18n.js';
import { all, post, del } from '../api.js';
import { h, page, field, form, checks, notice, armed, showError } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

const kinds = ['wecom', 'dingtalk', 'feishu'];
const events = ['program_published', 'session_cancelled', 'session_moved', 'round_drawn'];

// chinaDate is the date in China of an instant.
const chinaDate = (s) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(s));

/** render draws the robots of the chosen community and the form to add one. */
export async function render({ app, query }) {
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(t('robot.title'), notice(t('programs.no_community')));
  const robots = await all(`/communities/${c.id}/chat-robots`);
  const secretHint = h('p', { class: 'hint', id: 'robot-secret-hint' }, t('robot.secret_hint_dingtalk'));
  const add = form({ id: 'robot-form', submit: t('robot.add'), onSubmit: async (v, el) => {
    if (v.kind === 'wecom') delete v.secret;
    try {
      await post(`/communities/${c.id}/chat-robots`, { kind: v.kind, url: v.url || '', secret: v.secret || '', events: v.events || [] });
    } catch (err) {
      if (err.code === 'invalid' && ['url', 'secret', 'events', 'kind'].includes(err.field.replace(/\[\d+\]/g, ''))) {
        showError(el, err, t(`robot.error_${err.field.replace(/\[\d+\]/g, '')}`));
        return;
      }
      if (err.code === 'conflict') {
        showError(el, err, t('robot.error_too_many'));
        return;
      }
      throw err;
    }
    app.rerender();
  } },
  field({ name: 'kind', label: t('robot.kind'), type: 'select', value: 'wecom', options: kinds.map((k) => ({ value: k, label: t(`robot.kind_${k}`) })) }),
  field({ name: 'url', label: t('robot.url'), type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', required: true, maxlength: 2000, hint: t('robot.url_hint') }),
  h('div', { class: 'robot-secret' },
    field({ name: 'secret', label: t('robot.secret'), type: 'password', autocomplete: 'off', maxlength: 256 }), secretHint),
  checks({ name: 'events', label: t('robot.events'), values: events.slice(0, 3), options: events.map((e) => ({ value: e, label: t(`robot.event_${e}`) })) }));
  // 企业微信 robots do not sign: no secret to give.
  const kindSelect = add.querySelector('select[name="kind"]');
  const secretBox = add.querySelector('.robot-secret');
  const showSecret = () => {
    secretBox.hidden = kindSelect.value === 'wecom';
    if (kindSelect.value !== 'wecom') secretHint.textContent = t(`robot.secret_hint_${kindSelect.value}`);
  };
  kindSelect.addEventListener('change', showSecret);
  showSecret();
  return page(t('robot.title'), picker(app, list, c, '/robots'),
    h('p', { class: 'hint' }, t('robot.intro')),
    robots.length
      ? h('ul', { class: 'cards', id: 'robot-list' }, robots.map((r) => robotCard(app, r)))
      : h('p', { class: 'empty' }, t('robot.none')),
    h('details', { class: 'add-robot', open: robots.length === 0 }, h('summary', null, t('robot.new')), add));
}

// robotCard is one robot: its service, its address masked, whether it signs, what it posts.
function robotCard(app, r) {
  const remove = armed(t('robot.delete'), async () => {
    await del(`/chat-robots/${r.id}`);
    app.rerender();
  }, { 'data-action': 'delete' });
  return h('li', { class: 'card', 'data-robot': r.id },
    h('h3', null, t(`robot.kind_${r.kind}`), ' ',
      r.kind !== 'wecom' && h('span', { class: r.signed ? 'badge open' : 'badge few' }, t(r.signed ? 'robot.signed' : 'robot.unsigned'))),
    h('p', { class: 'meta robot-url' }, r.url),
    h('p', { class: 'meta' }, r.events.map((e) => h('span', { class: 'tag' }, t(`robot.event_${e}`)))),
    h('p', { class: 'meta' }, h('span', { class: 'keep' }, t('robot.added_on', { date: fmtFullDate(chinaDate(r.created_at)) })),
      r.last_delivered_at ? [' · ', h('span', { class: 'keep' }, t('robot.last_sent', { date: fmtFullDate(chinaDate(r.last_delivered_at)) }))] : ''),
    r.failing && notice(t(`robot.failing_${r.failing}`), 'error'),
    h('div', { class: 'actions' }, remove));
}
