// Package browser_test drives the web app in Debian's Chromium against the real server (all
// services, the embedded pages, a fresh SQLite file) on 127.0.0.1, at a phone's width.
package browser_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/storage/storagetest"
	"github.com/linli/linli/internal/testtool"
	"github.com/linli/linli/static"
)

// Phone is the screen the tests use: a common small Android phone, in CSS pixels.
const phoneWidth, phoneHeight = 360, 740

// journeyTimeout bounds one test's steps in the browser.
const journeyTimeout = 60 * time.Second

// china is the zone of the test community and of every date the journeys type in.
var china = time.FixedZone("CST", 8*3600)

// journeyStart is the instant every journey begins at, whatever the wall clock says: Monday
// 16 November 2026, 10:00 in China, an ordinary school day. The server's clock and the browser's
// Date both start there and run at the real pace, so fixtures placed relative to it ("today at
// 15:00", "in three days") mean the same at any hour the tests run.
var journeyStart = time.Date(2026, 11, 16, 10, 0, 0, 0, china)

// site is the real server with an administrator and one community.
type site struct {
	t         *testing.T
	URL       string
	DB        *storage.DB
	offset    time.Duration // the site's clock minus the wall clock
	Admin     string        // session cookie
	Community string        // id
	logs      *syncBuffer
	typedMu   sync.Mutex
	typed     []string // every text the users typed (request bodies, form fields): names, titles, notes
}

// onPostgres holds the tests whose site keeps its data on PostgreSQL (see TestJourneysOnPostgres).
var onPostgres sync.Map

// newSite starts the whole server on 127.0.0.1 with cheap password hashing, on a SQLite file or,
// for a test in onPostgres, on a database of its own on the PostgreSQL server of the run.
func newSite(t *testing.T) *site {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "linli.db")
	var secret []byte
	if _, ok := onPostgres.Load(t); ok {
		dsn, secret = storagetest.PostgresDSN(t), []byte("the feed secret of the journeys on PostgreSQL")
	}
	db, err := storage.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	s := &site{t: t, DB: db, logs: &syncBuffer{}, offset: time.Until(journeyStart)}
	srv := app.New(db, app.Options{Logger: slog.New(slog.NewJSONHandler(s.logs, nil)), Now: s.now, FeedSecret: secret})
	srv.Static = static.Files
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	logs := s.logs
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs)
		}
	})
	if _, err := (storage.Accounts{DB: db}).CreateAdmin(t.Context(), linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"}); err != nil {
		t.Fatal(err)
	}
	s.Admin = s.login("admin@linli.test", "admin-password")
	var c struct{ Community linli.Community }
	s.must(http.StatusCreated, "POST", "/communities", s.Admin, map[string]any{"name": "幸福里社区", "city": "沈阳市", "district": "和平区"}, &c)
	s.Community = c.Community.ID
	return s
}

// syncBuffer is a log buffer the handlers may write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// call sends one API request (path under /api/v1) and returns the status and body.
func (s *site) call(method, path, cookie string, body any) (int, []byte, http.Header) {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		r = bytes.NewReader(b)
		var v any
		if json.Unmarshal(b, &v) == nil {
			s.noteTyped(v)
		}
	}
	req, err := http.NewRequest(method, s.URL+"/api/v1"+path, r)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: cookie})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

// must sends a request, checks its status and decodes the answer into out (when not nil).
func (s *site) must(status int, method, path, cookie string, body, out any) {
	s.t.Helper()
	got, b, _ := s.call(method, path, cookie, body)
	if got != status {
		s.t.Fatalf("%s %s: status %d, want %d: %s", method, path, got, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// login signs in through the API and returns the session cookie.
func (s *site) login(login, password string) string {
	s.t.Helper()
	status, b, h := s.call("POST", "/auth/login", "", map[string]string{"login": login, "password": password})
	if status != http.StatusOK {
		s.t.Fatalf("login %s: %d %s", login, status, b)
	}
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == api.SessionCookie {
			return c.Value
		}
	}
	s.t.Fatal("login set no cookie")
	return ""
}

// member registers a user with the password "password-"+login, gives them a role in the
// community (none when role is ""), and returns their id and session cookie.
func (s *site) member(name, login, role, teacherType string) (string, string) {
	s.t.Helper()
	var u struct{ User linli.User }
	s.must(http.StatusCreated, "POST", "/auth/register", "", map[string]string{"name": name, "login": login, "password": "password-" + login}, &u)
	if role != "" {
		body := map[string]string{"user_id": u.User.ID, "role": role}
		if teacherType != "" {
			body["teacher_type"] = teacherType
		}
		s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/members", s.Admin, body, nil)
	}
	return u.User.ID, s.login(login, "password-"+login)
}

// me returns the signed-in user of a cookie.
func (s *site) me(cookie string) linli.User {
	s.t.Helper()
	var m struct{ User linli.User }
	s.must(http.StatusOK, "GET", "/me", cookie, nil, &m)
	return m.User
}

// now is the site's clock: journeyStart when the site started, running at the real pace since.
func (s *site) now() time.Time { return time.Now().Add(s.offset) }

// chinaToday returns the date n days from the journeys' today in China, as YYYY-MM-DD.
func chinaToday(n int) string {
	return journeyStart.AddDate(0, 0, n).Format(time.DateOnly)
}

// fakeDateJS makes the page's Date run on the site's clock: the wall clock plus offsetMs.
const fakeDateJS = `(() => {
  const Real = Date, offset = %d;
  class SiteDate extends Real {
    constructor(...a) { if (a.length === 0) super(Real.now() + offset); else super(...a); }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = SiteDate;
})();`

// page is one fresh Chromium (its own profile) showing the site at a phone's width.
type page struct {
	t    *testing.T
	site *site
	ctx  context.Context // bounded by journeyTimeout
	mu   sync.Mutex
	errs []string // uncaught exceptions and console.error calls of the page
	// chinese holds the lines of Chinese an English page showed, each reported once.
	chinese map[string]bool
}

// open starts Chromium for t, or skips t (fails it under LINLI_REQUIRE_ALL=1) without one.
func (s *site) open(t *testing.T) *page {
	t.Helper()
	exe := testtool.Path(t, "chromium", "chromium-browser", "google-chrome")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(phoneWidth, phoneHeight),
		chromedp.Flag("lang", "zh-CN"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	p := &page{t: t, site: s}
	// The first action starts the browser and must not carry the timeout (see chromedp.Run).
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(fakeDateJS, s.offset.Milliseconds())})
		return err
	})); err != nil {
		t.Fatalf("setting the page's clock: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// Network errors (a 401 from /me, say) are answers the page expects and handles; a
			// refusal of the Content-Security-Policy (source "security") is a bug of the page.
			if m.IsException() || m.Type == chromedp.ConsoleError && (m.Source == "" || m.Source == "security") {
				p.mu.Lock()
				p.errs = append(p.errs, m.String())
				p.mu.Unlock()
			}
		}
	}()
	tctx, cancel := context.WithTimeout(ctx, journeyTimeout)
	t.Cleanup(cancel)
	p.ctx = tctx
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, e := range p.errs {
			t.Errorf("the page logged an error: %s", e)
		}
	})
	return p
}

// do runs browser steps; on failure it reports what the page showed.
func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.fail(err)
	}
}

func (p *page) fail(err error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(p.ctx), 3*time.Second)
	defer cancel()
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + "\n" + document.body.innerText`))
	p.t.Fatalf("%v\nthe page showed:\n%s", err, shown)
}

// visit opens a route of the app (#/classes) in a fresh load and waits for its page.
func (p *page) visit(route, pageName string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.site.URL+"/#"+route), p.waitPage(pageName))
}

// reload loads the page again, as a user pulling to refresh, and waits for the named page.
func (p *page) reload(pageName string) {
	p.t.Helper()
	p.do(chromedp.Reload(), p.waitPage(pageName))
}

// waitPage waits until the app shows the named page module.
func (p *page) waitPage(name string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(`main[data-page="` + name + `"] h1`))
}

// signIn gives the browser a session cookie, as if the user had logged in here.
func (p *page) signIn(cookie string) {
	p.t.Helper()
	httpOnly := true
	// Leave the app first, so that the next visit loads it afresh as the new user.
	p.do(chromedp.Navigate("about:blank"), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: api.SessionCookie, Value: cookie, URL: p.site.URL, HTTPOnly: &httpOnly})
		return err
	}))
}

// fill types text into an input found by CSS selector, after clearing it.
func (p *page) fill(sel, text string) {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	eval[bool](p, `(document.querySelector(`+jsString(sel)+`).value = "") === ""`)
	p.do(chromedp.SendKeys(chromedp.CSS(sel), text))
	p.site.noteTyped(text)
}

// set sets the value of an input or select found by CSS selector (dates, times, choices).
func (p *page) set(sel, value string) {
	p.t.Helper()
	p.do(chromedp.SetValue(chromedp.CSS(sel), value))
}

// click clicks the element found by CSS selector.
func (p *page) click(sel string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(sel)))
}

// expand opens the <details> whose summary reads text.
func (p *page) expand(text string) {
	p.t.Helper()
	js := `(() => { const s = [...document.querySelectorAll("summary")].find((s) => s.textContent.trim() === ` + jsString(text) + `);
		if (!s) return false; if (!s.parentElement.open) s.click(); return true; })()`
	if !eval[bool](p, js) {
		p.fail(fmt.Errorf("no <summary> reads %q", text))
	}
}

// text returns the visible text of the element found by CSS selector, once it is visible.
func (p *page) text(sel string) string {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.fail(err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fail(err)
	}
	return v
}

// waitText waits until the element found by CSS selector shows text containing want.
func (p *page) waitText(sel, want string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.PollFunction[bool](`(sel, want) => { const el = document.querySelector(sel); return (el ? el.innerText ?? el.textContent : "").includes(want); }`,
		chromedp.WithPollingArgs(sel, want), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		got := eval[string](p, `(el => el ? el.innerText ?? el.textContent : "(no such element)")(document.querySelector(`+jsString(sel)+`))`)
		p.fail(fmt.Errorf("waiting for %s to show %q; it shows %q: %w", sel, want, got, err))
	}
	p.noChineseInEnglish(fmt.Sprintf("showing %q in %s", want, sel))
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// shot saves a PNG of the whole page at phone width as name.png in the test's temp dir, and in
// $LINLI_SCREENSHOTS when set (docs/screenshots keeps a few for the README).
func (p *page) shot(name string) {
	p.t.Helper()
	// Scrolled to the top, the sticky navigation is drawn where it belongs, not across the page.
	eval[bool](p, `(window.scrollTo(0, 0), true)`)
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.fail(err)
	}
	dirs := []string{p.t.TempDir()}
	if d := os.Getenv("LINLI_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	p.noChineseInEnglish(name)
}
