// i18n.js: the language of the pages, their strings, and how dates and times are written.
// Each language has one catalogue in i18n/; a key missing there falls back to Chinese.
import zh from './i18n/zh-CN.js';
import en from './i18n/en.js';

const catalogues = { 'zh-CN': zh, en };
const stored = 'linli.locale';

/** locales lists the languages offered, each named in itself. */
export const locales = [
  { code: 'zh-CN', name: '中文' },
  { code: 'en', name: 'English' },
];

let current = catalogues[localStorage.getItem(stored)] ? localStorage.getItem(stored) : 'zh-CN';

/** locale is the language in use. */
export const locale = () => current;

/** setLocale switches the language and remembers it in this browser. */
export function setLocale(code) {
  if (!catalogues[code]) return;
  current = code;
  localStorage.setItem(stored, code);
  document.documentElement.lang = code;
}

/**
 * t returns the string for key with {name} placeholders filled from vars. A plural choice
 * {n|seat|seats} (English needs them; Chinese does not) writes its first form when the number
 * n is 1 and its second otherwise.
 */
export function t(key, vars) {
  const s = catalogues[current][key] ?? zh[key] ?? key;
  if (!vars) return s;
  // The forms may hold placeholders ({n|one child|{n} children}): the choice comes first.
  return s.replace(/\{(\w+)\|((?:[^|{}]|\{\w+\})*)\|((?:[^|{}]|\{\w+\})*)\}/g, (m, k, one, other) => (k in vars ? (Number(vars[k]) === 1 ? one : other) : m))
    .replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

// holidays are the official holidays' names as the national calendar writes them.
const holidays = { 元旦: 'new_year', 春节: 'spring_festival', 清明节: 'qingming', 劳动节: 'labour_day', 端午节: 'dragon_boat', 中秋节: 'mid_autumn', 国庆节: 'national_day' };

/**
 * dayNote writes the note of a calendar day in the user's language: an official holiday's name
 * (春节, or 国庆节、中秋节 for two at once) in its catalogue form, anything typed as it was typed.
 */
export function dayNote(note) {
  const parts = (note || '').split('、');
  if (!note || !parts.every((p) => holidays[p])) return note;
  return parts.map((p) => t(`holiday.${holidays[p]}`)).join(t('list.sep'));
}

/**
 * titleOf writes a session's or program's title in the user's language: the server names a
 * household's visits 走访：3 号楼 2 单元 301 室, whose first word is the interface's; any other title
 * is as someone typed it.
 */
export function titleOf(title) {
  const prefix = '走访：';
  return title && title.startsWith(prefix) ? t('visits.title_of', { place: title.slice(prefix.length) }) : title;
}

/** has reports whether the catalogue has key. */
export const has = (key) => key in zh;

/**
 * errorText is the message for an API error in the user's language: the catalogue's string for
 * its code and field, else for its code, else a general one. A scope names the form, so that the
 * same field can say what it means there: error.invalid.name@child ("the child's name") comes
 * before error.invalid.name.
 */
export function errorText(err, scope) {
  const code = err.code || 'unknown';
  const field = (err.field || '').replace(/\[\d+\]/g, '');
  const keys = [`error.${code}.${field}`, `error.${code}.${field.split('.').pop()}`, `error.${code}`];
  for (const key of [...(scope ? keys.map((k) => `${k}@${scope}`) : []), ...keys]) {
    if (has(key)) return t(key);
  }
  return t('error.unknown', { status: err.status || 0 });
}

// Instants from the API carry the community's offset (2026-07-06T15:30:00+08:00): their date
// and clock are read from the text, so pages show the community's local time wherever the
// browser is.

/** dateOf returns the YYYY-MM-DD date of an instant or a date. */
export const dateOf = (s) => s.slice(0, 10);

/** weekdayOf returns the ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function weekdayOf(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

/** fmtDate writes a date as 7月6日 周一 (or Mon 6 Jul). */
export function fmtDate(s) {
  const date = dateOf(s);
  const [, m, d] = date.split('-').map(Number);
  return t('date.format', { d, month: t(`month.${m}`), weekday: t(`weekday.${weekdayOf(date)}`) });
}

/**
 * fmtSpan writes the first and last dates of a span (a program's, a visit plan's): without years
 * when both fall in this year (7月6日 周一), else each with its year (2026年9月1日 周二 … 2027年1月22日 周五),
 * so that a span reaching into next year says so.
 */
export function fmtSpan(from, to) {
  const year = today().slice(0, 4);
  if (dateOf(from).slice(0, 4) === year && dateOf(to).slice(0, 4) === year) return { from: fmtDate(from), to: fmtDate(to) };
  const withYear = (s) => {
    const [y, m, d] = dateOf(s).split('-').map(Number);
    return t('date.format_year', { y, d, month: t(`month.${m}`), weekday: t(`weekday.${weekdayOf(dateOf(s))}`) });
  };
  return { from: withYear(from), to: withYear(to) };
}

/** fmtFullDate writes a date with its year, as for a birth date: 2019年3月8日 (8 Mar 2019). */
export function fmtFullDate(s) {
  const [y, m, d] = dateOf(s).split('-').map(Number);
  return t('date.full', { y, d, month: t(`month.${m}`) });
}

/** fmtTime writes the 24-hour clock of an instant: 15:30. */
export const fmtTime = (s) => s.slice(11, 16);

/** fmtWhen writes a session's date and times: 7月6日 周一 15:30–17:00. */
export const fmtWhen = (start, end) => `${fmtDate(start)} ${fmtTime(start)}–${fmtTime(end)}`;

/** fmtInstant writes an instant that may carry any offset in China's time: 7月6日 周一 15:30. */
export function fmtInstant(s) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(s));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${fmtDate(`${p.year}-${p.month}-${p.day}`)} ${p.hour}:${p.minute}`;
}

/** today returns today's date in China as YYYY-MM-DD. */
export function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

/** addDays returns the date n days after a YYYY-MM-DD date. */
export function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

document.documentElement.lang = current;
