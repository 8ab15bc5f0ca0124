// roster.js: a session's roll call for its staff, made to take a class of twenty in under a
// minute: one tap per child for present, late or absent (or "everyone present" first), the
// check-in time filled with now, check-out choosing who collects the child from the guardians,
// the pickup persons and today's delegations, and one save for the whole class. Then the session
// is marked held, after a question when some children have no record.
import { t, fmtWhen, errorText } from '../i18n.js';
import { get, put, post } from '../api.js';
import { h, page, notice } from '../ui.js';

const statuses = ['present', 'late', 'absent'];

// now is the clock time in China, HH:MM.
const now = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());

// clock is the HH:MM of an instant the API gives.
const clock = (v) => (v ? v.slice(11, 16) : '');

/** render draws the roll call of the session in the address. */
export async function render({ params }) {
  const id = encodeURIComponent(params.id);
  const { roster: r } = await get(`/sessions/${id}/roster`);
  const s = r.session;
  const status = h('div', { 'aria-live': 'polite', id: 'roster-status' });
  const rows = r.children.map((c) => childRow(s, c));
  const head = [h('p', { class: 'when' }, fmtWhen(s.starts_at, s.ends_at), s.venue ? ` · ${s.venue.name}` : ''),
    h('p', { class: 'meta', id: 'roster-count' }, t('roster.count', { n: r.children.length, attended: r.attended })),
    h('p', { class: 'actions' }, h('a', { class: 'button', id: 'roster-sign-in-sheet', href: `/api/v1/sessions/${id}/sign-in-sheet`, target: '_blank', rel: 'noopener' }, t('print.sign_in_sheet'))),
    (r.warnings || []).map((w) => notice(t(`warning.${w}`), 'error'))];
  if (!rows.length) return page(t('roster.title', { title: s.title }), head, h('p', { class: 'empty' }, t('roster.none')), back(id));

  const save = h('button', { type: 'submit', class: 'primary', id: 'rollcall-save' }, t('rollcall.save'));
  const deliver = s.status === 'scheduled' && deliverButton(id, rows, status);
  const everyone = h('button', { type: 'button', id: 'all-present', onclick: () => {
    for (const row of rows) if (!row.status()) row.mark('present');
    status.replaceChildren(notice(t('rollcall.all_marked'), 'info'));
  } }, t('rollcall.all_present'));
  const sheet = h('form', { id: 'rollcall', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    for (const row of rows) row.clear();
    const chosen = rows.filter((row) => row.status());
    if (!chosen.length) {
      status.replaceChildren(notice(t('rollcall.nothing'), 'error'));
      return;
    }
    const bad = chosen.filter((row) => !row.check(s));
    if (bad.length) {
      status.replaceChildren(notice(t('rollcall.fix', { n: bad.length }), 'error'));
      bad[0].focus();
      return;
    }
    save.disabled = true;
    try {
      const res = await put(`/sessions/${id}/attendance`, { records: chosen.map((row) => row.record()) });
      for (const row of chosen) row.saved();
      const here = chosen.filter((row) => row.status() !== 'absent').length;
      const attended = rows.filter((row) => row.recorded() && row.status() !== 'absent').length;
      document.getElementById('roster-count').textContent = t('roster.count', { n: rows.length, attended });
      status.replaceChildren(notice(t('rollcall.saved', { n: chosen.length, here }), 'ok'),
        (res.warnings || []).map((w) => notice(t(`warning.${w}`), 'error')));
      // The question asked before (so many unrecorded) no longer holds: ask afresh if need be.
      if (deliver) deliver.reset();
    } catch (err) {
      const at = /^records\[(\d+)\]\.(\w+)/.exec(err.field || '');
      const row = at && chosen[Number(at[1])];
      if (row) {
        row.fail(at[2], err);
        status.replaceChildren(notice(t('rollcall.fix', { n: 1 }), 'error'));
      } else {
        status.replaceChildren(notice(errorText(err), 'error'));
      }
    } finally {
      save.disabled = false;
    }
  } },
  h('p', { class: 'actions' }, everyone),
  h('ul', { class: 'cards rollcall', id: 'roster' }, rows.map((row) => row.el)),
  h('div', { class: 'actions rollcall-save' }, save));
  return page(t('roster.title', { title: s.title }), head, sheet, status,
    deliver && h('p', { class: 'actions' }, deliver), back(id));
}

// deliverButton marks the session held; with children still unrecorded it first says how many
// and asks to press again (again too when that number changed since). reset forgets the question.
function deliverButton(id, rows, status) {
  let asked = 0;
  const b = h('button', { type: 'button', id: 'deliver', onclick: async () => {
    const missing = rows.filter((row) => !row.recorded()).length;
    if (missing && asked !== missing) {
      asked = missing;
      b.textContent = t('rollcall.deliver_anyway');
      status.replaceChildren(notice(t('rollcall.deliver_ask', { n: missing }), 'error'));
      return;
    }
    b.disabled = true;
    try {
      await post(`/sessions/${id}/deliver`);
      b.remove();
      status.replaceChildren(notice(t('roster.delivered'), 'ok'));
    } catch (err) {
      b.disabled = false;
      status.replaceChildren(notice(err.code === 'not_started' ? t('error.not_started') : errorText(err), 'error'));
    }
  } }, t('roster.deliver'));
  b.reset = () => {
    asked = 0;
    b.textContent = t('roster.deliver');
  };
  return b;
}

// childRow is one child's line of the roll call, with what the sheet asks of it.
function childRow(s, c) {
  const a = c.attendance || {};
  const key = c.id;
  const who = [
    ...c.guardians.map((g) => ({ value: g.id, label: t('roster.who', { name: g.name, what: t('roster.guardian') }), phone: g.phone })),
    ...c.pickups.map((p) => ({ value: p.id, label: t('roster.who', { name: p.name, what: p.relation }), phone: p.phone })),
    ...c.delegations.map((d) => ({ value: d.id, label: t('roster.who', { name: d.name, what: t('roster.today_only') }), phone: d.phone })),
  ];
  let recorded = Boolean(c.attendance);
  const error = h('p', { class: 'field-error', id: `err-${key}`, role: 'alert' });
  const radios = statuses.map((x) => h('input', { type: 'radio', name: `status-${key}`, value: x, checked: a.status === x,
    'aria-describedby': `err-${key}`, onchange: () => mark(x) }));
  const checkIn = h('input', { type: 'time', name: 'check_in', id: `in-${key}`, value: clock(a.check_in), 'aria-describedby': `err-${key}` });
  const checkOut = h('input', { type: 'time', name: 'check_out', id: `out-${key}`, value: clock(a.check_out), 'aria-describedby': `err-${key}` });
  const by = h('select', { name: 'picked_up_by', id: `by-${key}`, 'aria-describedby': `err-${key}`, onchange: () => {
    if (by.value && !checkOut.value) checkOut.value = now();
  } }, [{ value: '', label: t('roster.nobody_yet') }, ...who].map((w) => h('option', { value: w.value, selected: w.value === (a.picked_up_by || '') }, w.label)));
  const inputs = { status: radios[0], check_in: checkIn, check_out: checkOut, picked_up_by: by };
  const status = () => radios.find((x) => x.checked)?.value || '';
  function mark(x) {
    for (const r of radios) r.checked = r.value === x;
    if (x === 'absent') {
      checkIn.value = '';
      checkOut.value = '';
      by.value = '';
    } else if (!checkIn.value) checkIn.value = now();
  }
  const say = (input, text) => {
    error.textContent = text;
    input.setAttribute('aria-invalid', 'true');
  };
  const el = h('li', { class: 'card child-row', 'data-child': key },
    h('h3', null, c.name, ' ', h('span', { class: 'tag' }, t('children.age', { n: c.age }))),
    c.notes && h('p', { class: 'notice notice-error' }, c.notes),
    h('fieldset', { class: 'seg' }, h('legend', { class: 'sr-only' }, t('field.attendance')),
      statuses.map((x, i) => h('label', { class: `chip seg-${x}` }, radios[i], t(`attendance.${x}`)))),
    h('div', { class: 'row' },
      h('label', { class: 'mini' }, t('field.check_in'), checkIn),
      h('label', { class: 'mini' }, t('field.check_out'), checkOut)),
    h('label', { class: 'mini' }, t('field.picked_up_by'), by),
    error,
    who.length > 0 && h('p', { class: 'meta contacts' }, who.map((w, i) => [i ? t('list.sep') : '', w.label, ' ', h('a', { href: `tel:${w.phone}` }, w.phone)])));
  return {
    el,
    status,
    mark,
    recorded: () => recorded,
    saved: () => { recorded = true; },
    focus: () => el.querySelector('[aria-invalid]')?.focus(),
    clear: () => {
      error.textContent = '';
      for (const i of el.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    },
    // check finds what the server would refuse in words a teacher acts on.
    check: () => {
      if (checkOut.value && checkIn.value && checkOut.value < checkIn.value) return say(checkOut, t('rollcall.out_before_in')), false;
      if (checkOut.value && !by.value && s.kind === 'after_school') return say(by, t('rollcall.choose_adult')), false;
      if (checkOut.value && !checkIn.value && status() !== 'absent') return say(checkIn, t('rollcall.in_first')), false;
      return true;
    },
    fail: (name, err) => say(inputs[name] || radios[0], errorText(err)),
    record: () => ({ child_id: key, status: status(), check_in: checkIn.value, check_out: checkOut.value, picked_up_by: by.value }),
  };
}

// back leads to the session the roll call is of (id: its id, encoded).
function back(id) {
  return h('p', null, h('a', { href: `#/sessions/${id}`, id: 'roster-back' }, t('roster.back')));
}
