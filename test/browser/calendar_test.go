package browser_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/linli/linli/internal/testtool"
)

// TestCalendarFeedLinks: the calendar page gives the personal feed's webcal and https links, a
// QR code that scans (with zbarimg) to the https link, and a new link on rotation, after which
// the old one answers 404.
func TestCalendarFeedLinks(t *testing.T) { feedLinksJourney(t, inZH) }

func feedLinksJourney(t *testing.T, l lang) {
	zbarimg := testtool.Path(t, "zbarimg")
	s := newSite(t)
	_, cookie := s.member("周强", "13800000005", "volunteer", "")
	s.speak(l, cookie)
	p := s.open(t)
	p.signIn(cookie)
	p.visit("/calendar", "calendar")
	url := eval[string](p, `document.querySelector("#feed-url").value`)
	webcal := eval[string](p, `document.querySelector("#feed-webcal").getAttribute("href")`)
	if !strings.HasPrefix(url, s.URL+"/ical/") || !strings.HasSuffix(url, ".ics") || webcal != "webcal://"+strings.TrimPrefix(url, "http://") {
		t.Fatalf("feed links %q and %q", url, webcal)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Errorf("GET the feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	p.click("#copy-feed")
	p.waitText("#copy-status", l.s("已复制", "Copied"))
	p.shot(l.shot("calendar"))

	png, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS("svg.qr")))
	if err != nil {
		p.fail(err)
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--quiet", "--raw", file).Output()
	if err != nil || strings.TrimSpace(string(out)) != url {
		t.Errorf("the QR code reads %q (%v), want %q", out, err, url)
	}

	p.click("#feed-rotate")
	p.click("#feed-rotate")
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`((v) => Boolean(v) && v !== `+jsString(url)+`)(document.querySelector("#feed-url")?.value)`)); err != nil {
		p.fail(err)
	}
	resp, err = http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("the old feed link answers %d after rotation, want 404", resp.StatusCode)
	}
}
