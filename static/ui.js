// ui.js: building the pages' DOM. Text goes in as text nodes, never as HTML, so nothing a user
// typed can run as code.
import { t, errorText } from './i18n.js';

/** h creates an element: h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** idOf is the element id of a form input by its API field name. */
const idOf = (name) => 'f-' + name.replace(/[^\w-]/g, '-');

/**
 * field is a labelled input with room for its error, which the API's field name finds.
 * opts: {name, label, type, value, hint, options: [{value, label}], required, ...attributes}.
 */
export function field(opts) {
  const { name, label, type = 'text', value, hint, options, ...attrs } = opts;
  const id = idOf(name);
  const described = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  let input;
  if (type === 'select') {
    input = h('select', { id, name, 'aria-describedby': described, ...attrs },
      options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(value ?? '') }, o.label)));
  } else if (type === 'textarea') {
    input = h('textarea', { id, name, rows: 3, 'aria-describedby': described, ...attrs });
    input.value = value ?? '';
  } else if (type === 'checkbox') {
    input = h('input', { id, name, type, checked: value, 'aria-describedby': described, ...attrs });
    return h('div', { class: 'field field-check' }, input, h('label', { for: id }, label),
      hint && h('p', { class: 'hint', id: `${id}-hint` }, hint), h('p', { class: 'field-error', id: `${id}-error` }));
  } else {
    input = h('input', { id, name, type, value: value ?? '', 'aria-describedby': described, ...attrs });
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint && h('p', { class: 'hint', id: `${id}-hint` }, hint), h('p', { class: 'field-error', id: `${id}-error` }));
}

/** checks is a group of checkboxes sharing a name, read as a list of numbers or strings, with an optional hint. */
export function checks({ name, label, options, values = [], number = false, hint }) {
  const id = idOf(name);
  const described = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  return h('fieldset', { class: 'field checks', id, 'data-list': number ? 'number' : 'string', 'aria-describedby': described },
    h('legend', null, label),
    hint && h('p', { class: 'hint', id: `${id}-hint` }, hint),
    h('div', { class: 'check-row' }, options.map((o, i) => h('label', { class: 'chip' },
      h('input', { type: 'checkbox', name, value: o.value, id: `${id}-${i}`, checked: values.includes(o.value) }), o.label))),
    h('p', { class: 'field-error', id: `${id}-error` }));
}

/**
 * form builds a form whose submit calls onSubmit(values, form) with the inputs read as an object
 * (dotted names nest: schedule.start_date); an API error lands beside the input it names, or at
 * the top of the form, in the words of the form's errors scope when it has them (errorText).
 */
export function form({ id, submit, onSubmit, className, errors }, ...children) {
  const status = h('p', { class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'primary' }, submit);
  const ok = h('p', { class: 'form-ok', role: 'status' });
  const el = h('form', { id, class: className || 'stack', novalidate: true, 'data-errors': errors }, status, children, h('div', { class: 'actions' }, button), ok);
  if (id) scopeIds(el, id);
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(el);
    button.disabled = true;
    el.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(values(el), el);
    } catch (err) {
      showError(el, err);
    } finally {
      button.disabled = false;
      el.removeAttribute('aria-busy');
    }
  });
  return el;
}

// scopeIds prefixes the ids of a form's inputs with the form's id, so that two forms on one page
// may both have a "name" field and each label still finds its own input.
function scopeIds(formEl, prefix) {
  const re = (v) => v.split(' ').map((x) => (x.startsWith('f-') ? `${prefix}-${x}` : x)).join(' ');
  for (const el of formEl.querySelectorAll('[id^="f-"]')) el.id = `${prefix}-${el.id}`;
  for (const el of formEl.querySelectorAll('label[for^="f-"]')) el.htmlFor = `${prefix}-${el.htmlFor}`;
  for (const el of formEl.querySelectorAll('[aria-describedby]')) el.setAttribute('aria-describedby', re(el.getAttribute('aria-describedby')));
}

/** values reads a form: numbers from number inputs, booleans from checkboxes, lists from check groups; empty inputs are left out. */
export function values(formEl) {
  const out = {};
  for (const el of formEl.elements) {
    if (!el.name || el.disabled || el.type === 'submit') continue;
    const group = el.closest('[data-list]');
    let v;
    if (group) {
      if (!el.checked) continue;
      v = [...(getPath(out, el.name) ?? []), group.dataset.list === 'number' ? Number(el.value) : el.value];
    } else if (el.type === 'checkbox') v = el.checked;
    else if (el.value.trim() === '') continue;
    else if (el.type === 'number') v = Number(el.value);
    else v = el.type === 'password' ? el.value : el.value.trim();
    setPath(out, el.name, v);
  }
  return out;
}

function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setPath(obj, path, v) {
  const keys = path.split('.');
  const last = keys.pop();
  let o = obj;
  for (const k of keys) o = o[k] ??= {};
  o[last] = v;
}

/** clearErrors removes the messages of an earlier submit. */
export function clearErrors(formEl) {
  for (const p of formEl.querySelectorAll('.field-error, .form-error, .form-ok')) p.textContent = '';
  for (const el of formEl.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * showError puts the message for err in the user's language beside the input named by its
 * field (schedule.weekdays[2] finds schedule.weekdays), or at the top of the form.
 */
export function showError(formEl, err, message = errorText(err, formEl.dataset.errors)) {
  if (!err.code) console.error(err);
  // records[0].picked_up_by names an input picked_up_by in a form that sends one record.
  const name = (err.field || '').replace(/\[\d+\]/g, '');
  const byName = (n) => n && formEl.querySelector(`[name="${CSS.escape(n)}"]`);
  const found = byName(name) || byName(name.split('.').pop());
  const input = found && (found.closest('[data-list]') || found);
  const box = input && formEl.querySelector(`#${CSS.escape(input.id)}-error`);
  if (box) {
    box.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    found.focus();
    return;
  }
  formEl.querySelector('.form-error').textContent = message;
}

/** done says below a form that what it did went well. */
export function done(formEl, text) {
  formEl.querySelector('.form-ok').textContent = text;
}

/** fieldError shows a message the page found itself beside the named input. */
export function fieldError(formEl, name, key) {
  showError(formEl, { code: 'local', field: name }, t(key));
}

/** page wraps a page's content under its heading. */
export function page(title, ...children) {
  return h('section', { class: 'page' }, h('h1', { tabindex: '-1' }, title), children);
}

/** card is a box in a list. */
export const card = (...children) => h('li', { class: 'card' }, children);

/** empty is the line shown for a list with nothing in it. */
export const empty = (key) => h('p', { class: 'empty' }, t(key));

/** notice is a message in the page; kind is 'info', 'ok' or 'error'. */
export const notice = (text, kind = 'info') => h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);

/**
 * armed is a button for something that cannot be undone: the first press asks to press again,
 * the second (within five seconds) runs fn.
 */
export function armed(label, fn, attrs) {
  // label may be a function, for a label that changes (a count of what is left, say).
  const text = () => (typeof label === 'function' ? label() : label);
  const b = h('button', { type: 'button', class: 'danger', ...attrs }, text());
  let timer;
  b.addEventListener('click', async () => {
    if (!b.dataset.armed) {
      b.dataset.armed = '1';
      b.textContent = t('action.confirm_again');
      timer = setTimeout(() => { delete b.dataset.armed; b.textContent = text(); }, 5000);
      return;
    }
    clearTimeout(timer);
    delete b.dataset.armed;
    b.textContent = text();
    b.disabled = true;
    b.nextElementSibling?.classList.contains('armed-error') && b.nextElementSibling.remove();
    try {
      await fn();
    } catch (err) {
      b.after(h('span', { class: 'field-error armed-error', role: 'alert' }, errorText(err)));
    } finally {
      b.disabled = false;
    }
  });
  return b;
}
