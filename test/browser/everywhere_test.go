package browser_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// latinWord finds words of the Latin alphabet in text meant to be Chinese: a catalogue key, a
// code or an English sentence leaking through.
var latinWord = regexp.MustCompile(`[A-Za-z_]{3,}`)

// allowedLatin are the Latin words a Chinese page may show: the language switch and the
// language choice name English in itself, CSV is a file type, https the kind of a feed link.
var allowedLatin = map[string]bool{"English": true, "CSV": true, "https": true}

// TestEveryPageFaviconAndChinese: every page links the favicon, which is served as SVG; walking
// the volunteer's and the parent's pages asks the server for no file it lacks (no 404 favicon,
// no missing module) and shows no Latin words, raw codes or braces in the Chinese interface.
func TestEveryPageFaviconAndChinese(t *testing.T) {
	s := newSite(t)
	_, volunteer := s.member("周强", "13800000005", "volunteer", "")
	_, parent := s.member("陈静", "13800000007", "", "")

	res, err := http.Get(s.URL + "/favicon.svg")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(string(body), "<svg") {
		t.Fatalf("GET /favicon.svg: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	p := s.open(t)
	walk := func(cookie string, routes map[string]string) {
		p.signIn(cookie)
		for route, name := range routes {
			p.visit(route, name)
			if icon := eval[string](p, `document.querySelector('link[rel="icon"]')?.getAttribute("href") || ""`); icon != "/favicon.svg" {
				t.Errorf("%s links the icon %q", route, icon)
			}
			text := eval[string](p, `document.body.innerText`)
			for _, w := range latinWord.FindAllString(text, -1) {
				if !allowedLatin[w] {
					t.Errorf("%s shows %q in the Chinese interface", route, w)
				}
			}
			if strings.ContainsAny(text, "{}") {
				t.Errorf("%s shows braces: %q", route, text)
			}
		}
	}
	walk(volunteer, map[string]string{"/": "home", "/volunteer": "volunteer", "/shifts": "shifts", "/visits": "visits",
		"/service": "service", "/me": "me", "/classes": "classes", "/calendar": "calendar"})
	walk(parent, map[string]string{"/": "home", "/children": "children", "/bookings": "bookings", "/me": "me"})
	// The server's log names every request; a file the pages asked for and the server lacks is a 404 on the static route.
	for _, line := range strings.Split(s.logs.String(), "\n") {
		if strings.Contains(line, `"route":"/*"`) && strings.Contains(line, `"status":404`) {
			t.Errorf("a page asked for a file the server lacks: %s", line)
		}
	}
}
