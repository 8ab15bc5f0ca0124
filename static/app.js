// app.js: the shell of the web app. It knows who is signed in, draws the header and the
// navigation for their roles, and shows one page module per hash route (#/classes?age=6).
import { t, locale, setLocale, locales } from './i18n.js';
import { get, patch } from './api.js';
import { h, notice, page } from './ui.js';

// Each route names its page module in pages/; need is 'user' (signed in), 'guest' (signed out)
// or 'coordinator' (of some community, or an administrator).
const routes = [
  { path: '/', page: 'home' },
  { path: '/login', page: 'login', need: 'guest' },
  { path: '/register', page: 'register', need: 'guest' },
  { path: '/me', page: 'me', need: 'user' },
  { path: '/classes', page: 'classes' },
  { path: '/sessions/:id', page: 'session' },
  { path: '/roster/:id', page: 'roster', need: 'user' },
  { path: '/teach', page: 'teach', need: 'user' },
  { path: '/children', page: 'children', need: 'user' },
  { path: '/children/:id', page: 'child', need: 'user' },
  { path: '/bookings', page: 'bookings', need: 'user' },
  { path: '/notifications', page: 'notifications', need: 'user' },
  { path: '/volunteer', page: 'volunteer', need: 'user' },
  { path: '/shifts', page: 'shifts', need: 'user' },
  { path: '/visits', page: 'visits', need: 'user' },
  { path: '/visits/:id', page: 'visit', need: 'user' },
  { path: '/service', page: 'service', need: 'user' },
  { path: '/calendar', page: 'calendar', need: 'user' },
  { path: '/calendars', page: 'calendars' },
  { path: '/calendars/:id', page: 'calendars' },
  { path: '/manage', page: 'manage', need: 'coordinator' },
  { path: '/reports', page: 'reports', need: 'coordinator' },
  { path: '/troubles', page: 'troubles', need: 'coordinator' },
  { path: '/approvals', page: 'approvals', need: 'coordinator' },
  { path: '/programs', page: 'programs', need: 'coordinator' },
  { path: '/programs/new', page: 'program-new', need: 'coordinator' },
  { path: '/programs/:id', page: 'program', need: 'coordinator' },
  { path: '/programs/:id/edit', page: 'program-edit', need: 'coordinator' },
  { path: '/venues', page: 'venues', need: 'coordinator' },
  { path: '/robots', page: 'robots', need: 'coordinator' },
  { path: '/members', page: 'members', need: 'coordinator' },
  { path: '/households', page: 'households', need: 'coordinator' },
  { path: '/households/:id/visit-plans', page: 'visit-plans', need: 'coordinator' },
  { path: '/import/:kind', page: 'import', need: 'coordinator' },
  { path: '/rounds', page: 'rounds' },
  { path: '/rounds/new', page: 'round-new', need: 'coordinator' },
  { path: '/rounds/:id', page: 'round' },
  { path: '/rounds/:id/manage', page: 'round-manage', need: 'coordinator' },
  { path: '/rounds/:id/edit', page: 'round-new', need: 'coordinator' },
  { path: '/rounds/:id/result', page: 'round-result' },
];

/** app is what every page is given: who is signed in, and ways to move on. */
export const app = {
  me: null,
  /** hasChildren: the user guards a child (read with /me). */
  hasChildren: false,
  /** unread is the count of the user's unread notifications, shown as a badge in the navigation. */
  unread: 0,
  /** roles returns the roles the user holds in any community (and 'admin'). */
  roles() {
    const r = new Set((this.me?.memberships || []).map((m) => m.role));
    if (this.me?.user.is_admin) r.add('admin');
    return r;
  },
  /** coordinates reports whether the user plans for some community. */
  coordinates() {
    const r = this.roles();
    return r.has('coordinator') || r.has('admin');
  },
  /**
   * parents reports whether the navigation offers 孩子 and 预约: to someone with a child, to a
   * resident who holds no role (most likely a parent), and to anyone who chose to add a child.
   */
  parents() {
    if (!this.me) return false;
    return this.hasChildren || this.roles().size === 0 || localStorage.getItem(childrenChoice + this.me.user.id) === '1';
  },
  /** chooseChildren shows 孩子 and 预约 in the navigation from now on, as for a parent. */
  chooseChildren() {
    if (this.me) localStorage.setItem(childrenChoice + this.me.user.id, '1');
    drawShell();
  },
  /** countUnread reads the unread count again and redraws the badge (after marking read, say). */
  async countUnread() {
    if (!this.me) return;
    try {
      app.unread = (await get('/me/notifications', { unread: true, limit: 1 })).unread_count || 0;
    } catch {
      return; // the badge keeps its last count; the page itself says what went wrong
    }
    drawBadge();
  },
  /** serves reports whether the user volunteers or teaches in some community. */
  serves() {
    const r = this.roles();
    return r.has('volunteer') || r.has('teacher');
  },
  /** navigate goes to a route, like a link. */
  navigate(path) {
    if (location.hash === '#' + path) show();
    else location.hash = path;
  },
  /** refresh reads the signed-in user again and redraws. */
  async refresh() {
    await loadMe();
    drawShell();
  },
  /** rerender draws the current page again. */
  rerender: () => show(),
};

// childrenChoice keys, per user, the choice to show 孩子 and 预约 without a child yet.
const childrenChoice = 'linli.children.';

async function loadMe() {
  try {
    app.me = await get('/me');
    if (app.me.user.locale !== locale()) setLocale(app.me.user.locale);
  } catch (err) {
    if (err.status !== 401) throw err;
    app.me = null;
    app.hasChildren = false;
    app.unread = 0;
    return;
  }
  // Neither answer is needed to show the page: without them the navigation is the roles' own.
  const [children, inbox] = await Promise.allSettled([get('/children', { limit: 1 }), get('/me/notifications', { unread: true, limit: 1 })]);
  app.hasChildren = children.status === 'fulfilled' && children.value.items.length > 0;
  app.unread = inbox.status === 'fulfilled' ? inbox.value.unread_count || 0 : 0;
}

const header = document.getElementById('top');
const nav = document.getElementById('nav');
const main = document.getElementById('main');

function drawShell() {
  const other = locales.find((l) => l.code !== locale());
  header.replaceChildren(
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '邻'), t('app.name')),
    h('button', { type: 'button', id: 'lang-switch', class: 'lang', lang: other.code, 'aria-label': t('lang.switch_to', { name: other.name }), onclick: () => switchLocale(other.code) }, other.name),
  );
  document.getElementById('skip').textContent = t('app.skip');
  const links = [['/', 'nav.home'], ['/classes', 'nav.classes']];
  if (app.parents()) links.push(['/children', 'nav.children'], ['/bookings', 'nav.bookings'], ['/rounds', 'nav.rounds']);
  if (app.serves()) links.push(['/volunteer', 'nav.volunteer']);
  if (app.coordinates()) links.push(['/manage', 'nav.manage']);
  if (app.me) links.push(['/notifications', 'nav.notifications']);
  links.push(app.me ? ['/me', 'nav.me'] : ['/login', 'nav.login']);
  nav.setAttribute('aria-label', t('nav.label'));
  nav.replaceChildren(h('ul', null, links.map(([path, key]) => h('li', null, h('a', { href: '#' + path, 'data-path': path }, t(key))))));
  drawBadge();
  markCurrent();
}

// drawBadge shows the unread count on the navigation's 通知, and says it to screen readers.
function drawBadge() {
  const a = nav.querySelector('a[data-path="/notifications"]');
  if (!a) return;
  a.replaceChildren(t('nav.notifications'));
  a.removeAttribute('aria-label');
  if (app.unread > 0) {
    const n = app.unread > 99 ? '99+' : String(app.unread);
    a.append(h('span', { class: 'nav-badge', id: 'unread-badge', 'aria-hidden': 'true' }, n));
    a.setAttribute('aria-label', t('nav.notifications_unread', { n }));
  }
}

// The notifications page tells the unread count it shows, so the badge agrees at once.
window.addEventListener('linli:notifications', (e) => {
  app.unread = e.detail.unread;
  drawBadge();
});

// sections names the navigation entry that each page belongs under.
const sections = {
  sessions: '/classes', calendar: '/me', notifications: '/notifications', roster: '/volunteer', teach: '/volunteer', shifts: '/volunteer', visits: '/volunteer', service: '/volunteer',
  programs: '/manage', venues: '/manage', households: '/manage', reports: '/manage', troubles: '/manage', approvals: '/manage', members: '/manage', import: '/manage',
};

// markCurrent marks the navigation link of the page's section; a page may name its own (a visit's
// or a shift's session page belongs to 志愿, not 找课程) with data-section.
function markCurrent(own) {
  const { path } = parseHash();
  const top = '/' + path.split('/')[1];
  const section = own || sections[top.slice(1)] || top;
  for (const a of nav.querySelectorAll('a')) {
    const here = a.dataset.path === section;
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function switchLocale(code) {
  setLocale(code);
  if (app.me) {
    try {
      app.me = await patch('/me', { locale: code });
    } catch {
      // The choice still holds in this browser; the next sign-in tries again.
    }
  }
  const typed = [...main.querySelectorAll('form[id] [name]')].filter((el) => el.type !== 'password' && el.type !== 'checkbox')
    .map((el) => [`#${CSS.escape(el.form.id)} [name="${CSS.escape(el.name)}"]`, el.value]);
  drawShell();
  await show();
  // What the user had typed survives the redraw in the other language.
  for (const [sel, value] of typed) {
    const el = main.querySelector(sel);
    if (el) el.value = value;
  }
  document.getElementById('lang-switch').focus();
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) };
}

function match(path) {
  const parts = path.split('/');
  for (const r of routes) {
    const rp = r.path.split('/');
    if (rp.length !== parts.length) continue;
    const params = {};
    if (rp.every((p, i) => (p.startsWith(':') ? (params[p.slice(1)] = decodeURIComponent(parts[i])) : p === parts[i]))) {
      return { route: r, params };
    }
  }
  return null;
}

let shown = 0;
let first = true;

// wayOut is what a page that could not be shown offers: the home page, and trying again when the
// failure may pass (the network, the server).
function wayOut(retry) {
  return h('p', { class: 'actions', id: 'way-out' },
    retry && h('button', { type: 'button', id: 'retry', onclick: () => show() }, t('error.retry')),
    h('a', { class: 'button', href: '#/', id: 'back-home' }, t('error.home')));
}

async function show() {
  const { path, query } = parseHash();
  const seq = ++shown;
  markCurrent();
  const m = match(path);
  let node;
  let name = 'error';
  if (!m) {
    node = page(t('notfound.title'), notice(t('notfound.text')), wayOut());
    name = 'notfound';
  } else if ((m.route.need === 'user' || m.route.need === 'coordinator') && !app.me) {
    app.navigate('/login?next=' + encodeURIComponent(location.hash.slice(1)));
    return;
  } else if (m.route.need === 'guest' && app.me) {
    app.navigate(query.next?.startsWith('/') ? query.next : '/');
    return;
  } else if (m.route.need === 'coordinator' && !app.coordinates()) {
    node = page(t('forbidden.title'), notice(t('forbidden.text')), wayOut());
    name = 'forbidden';
  } else {
    // Opening 孩子 is choosing to add a child: 孩子 and 预约 stay in the navigation from then on.
    if ((m.route.page === 'children' || m.route.page === 'child') && !app.parents()) app.chooseChildren();
    main.setAttribute('aria-busy', 'true');
    try {
      const mod = await import(`./pages/${m.route.page}.js`);
      node = await mod.render({ params: m.params, query, app });
      name = m.route.page;
    } catch (err) {
      if (err.status === 401) {
        app.me = null;
        drawShell();
        app.navigate('/login?next=' + encodeURIComponent(location.hash.slice(1)));
        return;
      }
      // A failed network is expected now and then; anything else without a status is a bug to log.
      if (!err.status && err.code !== 'network') console.error(err);
      node = page(t('error.title'), notice(err.status === 404 ? t('notfound.text') : err.code === 'network' ? t('error.network') : t('error.load'), 'error'), wayOut(err.status !== 404));
    } finally {
      main.removeAttribute('aria-busy');
    }
  }
  if (seq !== shown) return;
  main.replaceChildren(node);
  main.dataset.page = name;
  if (node.dataset?.section) markCurrent(node.dataset.section);
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} · ${t('app.name')}` : t('app.name');
  if (!first && h1) h1.focus();
  first = false;
}

// booted turns true once the user is known: a route asked for before that (a tap while the app
// loads) is shown by the first show(), which reads the address then.
let booted = false;

window.addEventListener('hashchange', () => {
  if (!booted) return;
  show();
  // What was read elsewhere, or arrived meanwhile, shows on the badge at the next step.
  app.countUnread();
});
// The skip link focuses the page instead of changing the hash, which is the router's.
document.getElementById('skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});

try {
  await loadMe();
} catch {
  main.replaceChildren(notice(t('error.load'), 'error'));
}
drawShell();
booted = true;
await show();
