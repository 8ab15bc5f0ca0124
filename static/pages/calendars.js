// calendars.js: the holidays page. Everyone sees each day calendar, the years it knows and where
// each year's holidays come from (official, imported or provisional), and a year's holidays,
// make-up days and school breaks on month grids; administrators import holiday-cn files, set
// school breaks and which weekday a make-up day follows (calendar-admin.js).
import { t, fmtDate, fmtInstant, today, addDays, weekdayOf, dayNote } from '../i18n.js';
import { get, all } from '../api.js';
import { h, page, notice } from '../ui.js';
import { adminForms, newCalendarForm } from './calendar-admin.js';

/** render draws the list of calendars (#/calendars) or one calendar's year (#/calendars/cn?year=2027). */
export async function render({ app, params, query }) {
  if (!params.id) return list(app);
  const { calendar: c } = await get(`/calendars/${encodeURIComponent(params.id)}`);
  const years = c.years || [];
  const year = pickYear(years, query.year);
  const info = years.find((y) => y.year === year) || { year, source: 'provisional' };
  const days = year ? (await get(`/calendars/${encodeURIComponent(c.id)}/days`, { from: `${year}-01-01`, to: `${year}-12-31` })).items : [];
  const items = summary(days);
  return page(calendarName(c),
    query.imported && notice(t('calendars.imported', { year: query.imported }) + t('calendars.replanned',
      { programs: query.programs || 0, added: query.added || 0, cancelled: query.cancelled || 0 }), 'ok'),
    h('p', { class: 'meta' }, h('a', { href: '#/calendars' }, '‹ ', t('calendars.all'))),
    yearChips(c, years, year),
    h('h2', { id: 'year-title' }, t('calendars.year', { y: year })),
    sourceNote(info),
    h('h3', null, t('calendars.holidays')),
    items.length
      ? h('ul', { class: 'cards', id: 'holiday-list' }, items.map((it) => h('li', { class: `card holiday-item ${it.kind}` },
        h('p', { class: 'when' }, it.text), it.meta && h('p', { class: 'meta' }, it.meta))))
      : h('p', { class: 'empty' }, t('calendars.no_holidays')),
    h('h3', null, t('calendars.grid')),
    legend(),
    h('div', { class: 'months', id: 'month-grid' }, months(days)),
    app.me?.user.is_admin && adminForms(app, c, year, days));
}

// list shows every calendar with its years, and an administrator's form for a city calendar.
async function list(app) {
  const cals = await all('/calendars');
  const thisYear = Number(today().slice(0, 4));
  return page(t('calendars.title'),
    h('p', { class: 'hint' }, t('calendars.intro')),
    h('ul', { class: 'cards', id: 'calendar-list' }, cals.map((c) => {
      const next = (c.years || []).find((y) => y.year === thisYear + 1);
      return h('li', { class: 'card' },
        h('h3', null, h('a', { href: `#/calendars/${encodeURIComponent(c.id)}` }, calendarName(c))),
        h('p', { class: 'meta' }, c.base_id ? t('calendars.layered') : t('calendars.national')),
        next && h('p', { class: 'meta' }, t('calendars.next_year', { y: next.year, source: t(`source.${next.source}`) })));
    })),
    app.me?.user.is_admin && newCalendarForm(app, cals));
}

// pickYear is the year asked for, else this year in China, else the last year the calendar lists.
function pickYear(years, asked) {
  const n = Number(asked);
  if (Number.isInteger(n) && n >= 1000 && n <= 9999) return n;
  const thisYear = Number(today().slice(0, 4));
  if (!years.length || years.some((y) => y.year === thisYear)) return thisYear;
  return years[years.length - 1].year;
}

// yearChips links to the years of the calendar: the recent ones, each marked with its source.
function yearChips(c, years, year) {
  const shown = years.filter((y) => y.year >= year - 2 || y.source !== 'official').slice(-8);
  return h('nav', { class: 'year-chips', 'aria-label': t('calendars.years') }, shown.map((y) =>
    h('a', { class: `chip year-chip source-${y.source}`, href: `#/calendars/${encodeURIComponent(c.id)}?year=${y.year}`,
      'aria-current': y.year === year ? 'page' : null }, String(y.year), h('small', null, t(`source.${y.source}`)))));
}

// sourceNote says where the year's holidays come from, in words.
function sourceNote(y) {
  if (y.source === 'official') return notice(t('calendars.source_official', { y: y.year }));
  if (y.source === 'imported') return notice(t('calendars.source_imported', { y: y.year, when: y.imported_at ? fmtInstant(y.imported_at) : '' }));
  return notice(t('calendars.source_provisional', { y: y.year }), 'error');
}

// summary lists a year's holidays (runs of days off with one name), make-up days and school
// breaks (runs of break days, running on over the holidays inside them), in date order.
function summary(days) {
  const items = [];
  const span = (first, last) => (first === last ? fmtDate(first)
    : t('calendars.span', { from: fmtDate(first), to: fmtDate(last), n: daysBetween(first, last) + 1 }));
  let holiday = null;
  let brk = null;
  let gap = null; // the last holiday seen since the break's last day, which the break may run over
  const closeHoliday = () => {
    if (holiday) items.push({ at: holiday.first, kind: 'holiday', text: `${dayNote(holiday.note) || t('calendars.kind.holiday')} · ${span(holiday.first, holiday.last)}`,
      meta: t('calendars.kind.holiday') + (holiday.provisional ? ` · ${t('source.provisional')}` : '') });
    holiday = null;
  };
  const closeBreak = () => {
    if (brk) items.push({ at: brk.first, kind: 'break', text: `${brk.note || t('calendars.kind.break')} · ${span(brk.first, brk.last)}`, meta: t('calendars.kind.break') });
    brk = null;
    gap = null;
  };
  for (const d of days) {
    if (d.reason === 'public_holiday') {
      if (holiday && holiday.note === (d.note || '') && d.date === addDays(holiday.last, 1)) holiday.last = d.date;
      else {
        closeHoliday();
        holiday = { first: d.date, last: d.date, note: d.note || '', provisional: d.provisional };
      }
      if (brk) gap = d.date;
      continue;
    }
    closeHoliday();
    if (d.is_makeup_workday) {
      const follows = d.follows_weekday ? t('calendars.follows', { weekday: t(`weekday.${d.follows_weekday}`) }) : t('calendars.follows_unset');
      items.push({ at: d.date, kind: 'makeup', text: `${dayNote(d.note) || t('calendars.kind.makeup')} · ${fmtDate(d.date)} ${t('calendars.kind.makeup')}`,
        meta: d.reason === 'school_break' ? t('calendars.makeup_in_break') : follows });
    }
    if (d.reason === 'school_break' || inBreak(d)) {
      const from = gap || (brk && brk.last);
      if (brk && from && d.date === addDays(from, 1)) brk.last = d.date;
      else {
        closeBreak();
        brk = { first: d.date, last: d.date, note: d.is_makeup_workday ? '' : d.note || '' };
      }
      if (!brk.note && !d.is_makeup_workday) brk.note = d.note || '';
      gap = null;
    } else closeBreak();
  }
  closeHoliday();
  closeBreak();
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

// inBreak reports whether a date lies in a school break: a workday with the break's reason, or a
// weekend carrying a note (on a weekend only a break gives one).
function inBreak(d) {
  return d.reason === 'school_break' || (d.reason === 'weekend' && Boolean(d.note));
}

function daysBetween(a, b) {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86400000);
}

// months draws the twelve months as small tables, Monday first.
function months(days) {
  const byMonth = {};
  for (const d of days) (byMonth[d.date.slice(0, 7)] ||= []).push(d);
  return Object.keys(byMonth).sort().map((m) => {
    const ds = byMonth[m];
    const id = `m-${m}`;
    const cells = Array.from({ length: weekdayOf(ds[0].date) - 1 }, () => h('td', { class: 'pad' }));
    for (const d of ds) {
      const cls = d.is_makeup_workday ? 'makeup_workday' : inBreak(d) && d.reason !== 'public_holiday' ? 'school_break' : d.reason;
      const label = [fmtDate(d.date), t(`reason.${d.reason}`), dayNote(d.note), d.provisional && d.reason === 'public_holiday' ? t('source.provisional') : '']
        .filter(Boolean).join(t('list.sep'));
      cells.push(h('td', { class: `day ${cls}${d.provisional ? ' provisional' : ''}`, title: label, 'aria-label': label },
        h('span', { class: 'num', 'aria-hidden': 'true' }, String(Number(d.date.slice(8)))),
        d.is_makeup_workday && h('span', { class: 'tag', 'aria-hidden': 'true' }, t('calendars.tag_work')),
        d.reason === 'public_holiday' && h('span', { class: 'tag', 'aria-hidden': 'true' }, t('calendars.tag_off'))));
    }
    while (cells.length % 7) cells.push(h('td', { class: 'pad' }));
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', null, cells.slice(i, i + 7)));
    return h('div', { class: 'mini-month' },
      h('h4', { id }, t(`month.${Number(m.slice(5))}`)),
      h('table', { class: 'month mini', 'aria-labelledby': id },
        h('thead', null, h('tr', null, [1, 2, 3, 4, 5, 6, 7].map((w) => h('th', { scope: 'col' }, t(`weekday.short.${w}`))))),
        h('tbody', null, rows)));
  });
}

function legend() {
  return h('ul', { class: 'legend' },
    ['public_holiday', 'makeup_workday', 'school_break', 'weekend'].map((r) =>
      h('li', null, h('span', { class: `swatch ${r}`, 'aria-hidden': 'true' }), t(`reason.${r}`))),
    h('li', null, h('span', { class: 'swatch public_holiday provisional', 'aria-hidden': 'true' }), t('calendars.legend_provisional')));
}

// calendarName is a calendar's name; the built-in national one's in the user's language.
function calendarName(c) {
  return c.id === 'cn' ? t('calendars.cn_name') : c.name;
}
