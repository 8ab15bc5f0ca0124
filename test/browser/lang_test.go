package browser_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// lang is the language a journey runs in: zh-CN, or English once for the whole set.
type lang struct{ en bool }

var inZH, inEN = lang{}, lang{en: true}

// s picks the text the user reads in this language.
func (l lang) s(zhText, enText string) string {
	if l.en {
		return enText
	}
	return zhText
}

// shot names a screenshot of the journey in this language.
func (l lang) shot(name string) string { return l.s(name, name+"-en") }

// speak sets the language of the account behind a session cookie to l.
func (s *site) speak(l lang, cookies ...string) {
	s.t.Helper()
	if !l.en {
		return
	}
	for _, c := range cookies {
		s.must(http.StatusOK, "PATCH", "/me", c, map[string]string{"locale": "en"}, nil)
	}
}

// journey is one user's journey, run in zh-CN by its own test and once in English with its set.
type journey struct {
	name string
	run  func(*testing.T, lang)
}

// runInEnglish runs each journey of a set as a subtest, in English.
func runInEnglish(t *testing.T, set []journey) {
	for _, j := range set {
		t.Run(j.name, func(t *testing.T) { j.run(t, inEN) })
	}
}

// noteTyped remembers the strings of a value a user sent (a JSON body or a field's text): the
// names, titles and notes that an English page may show as they were typed.
func (s *site) noteTyped(v any) {
	s.typedMu.Lock()
	defer s.typedMu.Unlock()
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if han.MatchString(x) {
				s.typed = append(s.typed, x)
			}
			// A person's name of two to four characters may be shown without the family name.
			if r := []rune(x); len(r) >= 2 && len(r) <= 4 && han.MatchString(string(r[1:])) {
				s.typed = append(s.typed, string(r[1:]))
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
}

// onePlural finds one of something written in the plural (1 seats, 1 hours), and notPlural
// the words ending in s that may follow a 1.
var (
	onePlural = regexp.MustCompile(`\b1 ([a-z-]*[a-rt-z]s)\b`)
	notPlural = map[string]bool{"has": true, "was": true, "its": true, "this": true, "plus": true}
)

// han finds Chinese characters.
var han = regexp.MustCompile(`\p{Han}+`)

// chineseData are Chinese texts an English page may show: the administrator's name and 中文,
// the language choice named in itself.
var chineseData = []string{"管理员", "中文"}

// englishLooks is a script reading an English page as a person sees it: its text (without the
// brand's mark 邻, a logo), its placeholders, choices and labels for screen readers, and the labels of the buttons cut off or pushed past the phone's edge.
// On a page in another language it answers nothing.
const englishLooks = `(() => {
  if (document.documentElement.lang !== "en") return { text: "", cut: [] };
  const marks = [...document.querySelectorAll(".brand-mark")];
  marks.forEach((m) => { m.style.display = "none"; });
  // What a person reads besides the text: placeholders, the choices of a list, and what a
  // screen reader says for a control.
  const said = [...document.querySelectorAll("[placeholder], [aria-label], option")].filter((e) => !e.closest("[lang]:not([lang=en])"))
    .map((e) => e.getAttribute("aria-label") || e.getAttribute("placeholder") || e.textContent);
  const text = [document.body.innerText, ...said].join("\n");
  marks.forEach((m) => { m.style.display = ""; });
  const cut = [...document.querySelectorAll("button, .button")].filter((b) => {
    const r = b.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(b).visibility === "hidden" || b.closest("nav, .table-wrap")) return false;
    return b.scrollWidth > b.clientWidth + 1 || r.right > innerWidth + 1 || r.left < -1;
  }).map((b) => b.textContent.trim());
  return { text, cut };
})()`

// noChineseInEnglish fails the test when a page in English shows Chinese other than what users
// typed (people's, places' and classes' names, notes) and the data named in chineseData, or a
// button whose label does not fit at the phone's width.
func (p *page) noChineseInEnglish(where string) {
	p.t.Helper()
	looks := eval[struct {
		Text string
		Cut  []string
	}](p, englishLooks)
	text := looks.Text
	p.site.typedMu.Lock()
	typed := append(slices.Clone(p.site.typed), chineseData...)
	p.site.typedMu.Unlock()
	// The longest first, so that 陈小雨 goes before 小雨.
	slices.SortFunc(typed, func(a, b string) int { return len(b) - len(a) })
	for _, s := range typed {
		text = strings.ReplaceAll(text, s, " ")
	}
	report := func(what, line string) {
		if p.chinese == nil {
			p.chinese = map[string]bool{}
		}
		if !p.chinese[what+line] {
			p.chinese[what+line] = true
			p.t.Errorf("%s: the English page %s: %q", where, what, strings.TrimSpace(line))
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if han.MatchString(line) {
			report("shows Chinese", line)
		}
	}
	for _, b := range looks.Cut {
		report("cuts off a button", b)
	}
	for _, m := range onePlural.FindAllStringSubmatch(looks.Text, -1) {
		if !notPlural[m[1]] {
			report("counts one in the plural", m[0])
		}
	}
}

// useLang makes a browser with nobody signed in show the pages in l, as the language switch
// remembers it.
func (p *page) useLang(l lang) {
	p.t.Helper()
	if !l.en {
		return
	}
	p.do(chromedp.Navigate(p.site.URL + "/"))
	eval[bool](p, `(localStorage.setItem("linli.locale", "en"), true)`)
	p.do(chromedp.Navigate("about:blank"))
}

// coordinatorJourneys are the journeys of coordinators, administrators and teachers, each run in
// zh-CN by its own test and all of them once in English by TestCoordinatorJourneysInEnglish.
var coordinatorJourneys = []journey{
	{"ManagesMembers", membersJourney},
	{"PlansProgram", planProgramJourney},
	{"EditsProgram", editProgramJourney},
	{"RollCallOfTwenty", rollCallJourney},
	{"TeacherRollCall", teacherRollCallJourney},
	{"HoursAndVisits", hoursAndVisitsJourney},
	{"HoursReport", hoursReportJourney},
	{"DecidesCorrection", correctionJourney},
	{"PlansVisits", planVisitsJourney},
}

// TestCoordinatorJourneysInEnglish runs every coordinator's journey once with the accounts in English.
func TestCoordinatorJourneysInEnglish(t *testing.T) { runInEnglish(t, coordinatorJourneys) }

// volunteerJourneys are the journeys of volunteers and of everyone's own account (navigation,
// devices, guardians) and the holidays page, each run in zh-CN by its own test and all of them
// once in English by TestVolunteerJourneysInEnglish.
var volunteerJourneys = []journey{
	{"ShiftAndVisit", shiftAndVisitJourney},
	{"ShiftsShowOneAction", shiftsOneActionJourney},
	{"ShiftFullSaysShift", shiftFullJourney},
	{"VisitsAtTheDoor", visitsAtTheDoorJourney},
	{"ServiceHours", serviceHoursJourney},
	{"NavigationByRole", navigationJourney},
	{"SignedInDevices", devicesJourney},
	{"GuardianInvitation", guardianJourney},
	{"Holidays", holidaysJourney},
	{"CalendarFeedLinks", feedLinksJourney},
}

// TestVolunteerJourneysInEnglish runs every volunteer's journey, and those of the account pages
// and the holidays page, once with the accounts in English.
func TestVolunteerJourneysInEnglish(t *testing.T) { runInEnglish(t, volunteerJourneys) }
