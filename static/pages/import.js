// import.js: import households or members from a spreadsheet (.xlsx or CSV). The coordinator
// downloads the template, chooses the filled-in file, reads the dry run as a table (each row's
// outcome, its errors beside the column, new grids and buildings marked), confirms, and reads
// the result. Nothing is written before the confirmation, and nothing when any row has an error.
import { t } from '../i18n.js';
import { post, ApiError } from '../api.js';
import { h, page, notice } from '../ui.js';
import { coordinated, chosen, picker } from '../community.js';

const kinds = ['households', 'members'];

// columns are the columns of the file the dry run's table shows: their headers in the template
// (as the errors name them) and their names in the catalogues.
const columns = { households: ['网格', '楼栋', '门牌'], members: ['姓名', '角色'] };
const columnKeys = { 网格: 'grid', 楼栋: 'building', 门牌: 'label', 姓名: 'name', 角色: 'role' };

// listed is how many rows without errors the table shows; rows with errors are always shown.
const listed = 100;

/** render draws the import page of the kind in the address. */
export async function render({ app, params, query }) {
  const kind = kinds.includes(params.kind) ? params.kind : 'households';
  const title = t(`import.title_${kind}`);
  const list = await coordinated(app);
  const c = chosen(list, query);
  if (!c) return page(title, notice(t('programs.no_community')));
  const base = `/communities/${c.id}/imports/${kind}`;
  const out = h('div', { id: 'import-result', 'aria-live': 'polite' });
  // The browser's own file button speaks the browser's language: it is hidden behind a label in ours.
  const input = h('input', { id: 'import-file', type: 'file', class: 'sr-only', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const fileName = h('span', { class: 'meta', id: 'import-file-name' }, t('import.no_file'));
  const check = h('button', { type: 'button', class: 'primary', id: 'import-check' }, t('import.check'));
  // file is the file the dry run read: the import sends exactly that one.
  let file = null;
  const run = (dry) => post(`${base}${dry ? '?dry_run=true' : ''}`, file);
  check.addEventListener('click', async () => {
    file = input.files[0] || null;
    if (!file) {
      out.replaceChildren(notice(t('import.choose_file'), 'error'));
      return;
    }
    check.disabled = true;
    out.replaceChildren(h('p', { class: 'meta' }, t('import.checking')));
    try {
      const res = await run(true);
      out.replaceChildren(...dryRun(kind, res, async (button) => {
        button.disabled = true;
        try {
          const done = await run(false);
          out.replaceChildren(result(kind, c, done));
        } catch (err) {
          out.replaceChildren(...failure(err, true));
        }
      }));
    } catch (err) {
      out.replaceChildren(...failure(err, false));
    } finally {
      check.disabled = false;
    }
  });
  input.addEventListener('change', () => {
    fileName.textContent = input.files[0] ? input.files[0].name : t('import.no_file');
    out.replaceChildren();
  });
  return page(title, picker(app, list, c, `/import/${kind}`),
    h('p', { class: 'actions', id: 'import-kinds' }, kinds.map((k) => (k === kind
      ? h('span', { class: 'badge open', 'aria-current': 'page' }, t(`import.kind_${k}`))
      : h('a', { href: `#/import/${k}?community=${c.id}` }, t(`import.kind_${k}`))))),
    h('p', { class: 'hint' }, t('import.intro')),
    h('p', { class: 'hint' }, t(`import.intro_${kind}`)),
    h('p', null, h('a', { class: 'button', id: 'import-template', href: `/api/v1${base}/template`, download: '' }, t('import.template'))),
    h('div', { class: 'field import-file' }, h('p', { class: 'label' }, t('import.file')), input,
      h('label', { for: 'import-file', class: 'button' }, t('import.choose')), ' ', fileName),
    h('div', { class: 'actions' }, check),
    out);
}

// failure explains an error of the dry run or of the import.
function failure(err, importing) {
  if (!(err instanceof ApiError)) return [notice(t('error.load'), 'error')];
  if (err.status === 0) return [notice(t('error.network'), 'error')];
  if (err.status === 413) return [notice(t('import.too_large'), 'error')];
  if (importing && err.code === 'import_invalid') return [notice(t('import.changed'), 'error')];
  if (err.status === 400 || err.status === 404) return [notice(t('import.bad_file', { why: err.message }), 'error')];
  return [notice(t('error.load'), 'error')];
}

// dryRun is the summary, the table and, when every row is good and something changes, the button
// that imports.
function dryRun(kind, res, confirm) {
  const s = res.summary;
  const parts = [h('p', { id: 'import-summary' }, t('import.summary', s))];
  if (s.new_grids.length) parts.push(h('p', { class: 'meta' }, t('import.new_grids', { names: s.new_grids.join('、') })));
  if (s.new_buildings.length) parts.push(h('p', { class: 'meta' }, t('import.new_buildings', { names: s.new_buildings.join('、') })));
  const todo = s.create + s.update;
  if (s.invalid > 0) parts.push(notice(t('import.has_errors', { n: s.invalid }), 'error'));
  else if (todo === 0) parts.push(notice(t('import.nothing'), 'ok'));
  else {
    const b = h('button', { type: 'button', class: 'primary', id: 'import-confirm' }, t('import.confirm', { n: todo }));
    b.addEventListener('click', () => confirm(b));
    parts.push(h('div', { class: 'actions' }, b));
  }
  const bad = res.rows.filter((r) => r.errors.length);
  const good = res.rows.filter((r) => !r.errors.length);
  const shown = [...bad, ...good.slice(0, listed)].sort((a, b) => a.row - b.row);
  parts.push(h('div', { class: 'table-wrap' }, h('table', { class: 'data import-rows', id: 'import-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('import.col_row')), h('th', { scope: 'col' }, t('import.col_action')),
      columns[kind].map((col) => h('th', { scope: 'col' }, t(`import.col.${columnKeys[col]}`))))),
    h('tbody', null, shown.map((r) => rowOf(kind, r))))));
  if (good.length > listed) parts.push(h('p', { class: 'meta' }, t('import.more_rows', { n: good.length - listed })));
  return parts;
}

// rowOf is one row of the dry run: an error of a column the table shows stands under its value;
// the others, each with its column's name, in a line of their own under the row, so that a phone
// shows them without scrolling sideways.
function rowOf(kind, r) {
  const cols = columns[kind];
  const errs = (col) => r.errors.filter((e) => e.column === col).map((e) => h('span', { class: 'import-error' }, e.message));
  const values = kind === 'households'
    ? [[r.grid, r.new_grid], [r.building, r.new_building], [r.label, false]]
    : [[r.name, false], [r.role ? roleText(r) : '', r.pending]];
  const rest = r.errors.filter((e) => !cols.includes(e.column));
  const action = r.errors.length ? 'invalid' : r.action;
  const bad = [r.errors.length && 'import-bad', rest.length && 'import-split'].filter(Boolean).join(' ');
  return [
    h('tr', { 'data-row': r.row, class: bad || null },
      h('td', null, r.row),
      h('td', null, h('span', { class: `badge ${{ create: 'open', update: 'few', unchanged: 'muted', invalid: 'full' }[action]}` }, t(`import.action.${action}`))),
      values.map(([v, fresh], i) => h('td', null, v || '', fresh ? [' ', h('span', { class: 'tag' }, t(kind === 'households' ? 'import.new' : 'import.pending'))] : '', errs(cols[i])))),
    rest.length > 0 && h('tr', { 'data-row-errors': r.row, class: 'import-problems' },
      h('td', null), h('td', { colspan: cols.length + 1 }, rest.map((e) => h('span', { class: 'import-error' }, h('strong', null, e.column), '：', e.message)))),
  ];
}

function roleText(r) {
  const role = t(`role.${r.role}`);
  return r.teacher_type ? `${role}（${t(`teacher_type.${r.teacher_type}`)}）` : role;
}

// result is what the import did, with the way to the page of what it imported.
function result(kind, c, res) {
  const s = res.summary;
  const text = s.written ? t('import.done', s) : t('import.done_nothing');
  return h('div', { id: 'import-done' }, notice(text, 'ok'),
    h('p', null, h('a', { class: 'button', href: `#/${kind}?community=${c.id}` }, t(`import.back_${kind}`))));
}
