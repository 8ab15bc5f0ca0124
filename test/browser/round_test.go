package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// roundFixture is a community with three holiday classes for ages 5–10, a coordinator, and an
// application round over them that is open now, with one priority group and a public number.
type roundFixture struct {
	Calligraphy, Speech, Art string // program ids: 2, 5 and 5 seats
	Coord                    string // cookie
	Round                    string
}

// roundSite plans the fixture's classes (on separate days, so none overlaps) and its round.
func (s *site) roundSite(l lang) roundFixture {
	s.t.Helper()
	var f roundFixture
	f.Calligraphy, _ = s.classOn("holiday_class", "寒假书法班", 2, 10, 14)
	f.Speech, _ = s.classOn("holiday_class", "寒假口才班", 5, 20, 24)
	f.Art, _ = s.classOn("holiday_class", "寒假美术班", 5, 30, 31)
	_, f.Coord = s.member("王芳", "13800000002", "coordinator", "")
	s.speak(l, f.Coord)
	f.Round = s.openRound(f.Coord, "寒假热门课报名", f.Calligraphy, f.Speech, f.Art)
	return f
}

// openRound creates a round open from an hour ago for a week, as the coordinator, and returns its id.
func (s *site) openRound(coord, title string, programs ...string) string {
	s.t.Helper()
	var res struct{ Round struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/rounds", coord, map[string]any{
		"title": title, "program_ids": programs,
		"opens_at": s.now().Add(-time.Hour).Format(time.RFC3339), "closes_at": s.now().AddDate(0, 0, 7).Format(time.RFC3339),
		"entropy_source": "福彩3D 2026-11-23 开奖号码，三位数字连写", "max_wishes": 3, "max_places_per_child": 1,
		"priority_groups": []map[string]string{{"key": "hardship", "label": "困境儿童"}},
	}, &res)
	return res.Round.ID
}

// roundResult is the published result as the tests read it.
type roundResult struct {
	Round struct {
		Commitment    string
		ServerSeed    string `json:"server_seed"`
		PublicEntropy string `json:"public_entropy"`
	}
	Applications []struct {
		ID            string
		LotteryNumber string `json:"lottery_number"`
		Placed        []string
		Waitlisted    []struct {
			ProgramID string `json:"program_id"`
			Position  int
		}
	}
}

// signOut forgets the browser's session, as someone who never signed in.
func (p *page) signOut() {
	p.t.Helper()
	p.do(chromedp.Navigate("about:blank"), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
}

// tickIn ticks exactly the given values among the checkboxes named name in the form.
func (p *page) tickIn(form, name string, ids ...string) {
	p.t.Helper()
	js := `((ids) => { const boxes = [...document.querySelectorAll("#` + form + ` [name=` + name + `]")];
		for (const b of boxes) { b.checked = ids.includes(b.value); b.dispatchEvent(new Event("change")); } return boxes.filter((b) => b.checked).length; })(` + jsStrings(ids) + `)`
	if got := eval[int](p, js); got != len(ids) {
		p.fail(fmt.Errorf("the form %s offers %d of %v", form, got, ids))
	}
}

// TestParentAppliesCoordinatorDraws: siblings apply together with two wishes put in order with
// the up button; the coordinator sees the oversubscription, puts another family in a priority
// group, closes early, is asked for the public number, and draws; the family reads its outcome
// with its application id and lottery number, and anyone finds it on the public result page,
// which names no child.
func TestParentAppliesCoordinatorDraws(t *testing.T) { roundDrawJourney(t, inZH) }

func roundDrawJourney(t *testing.T, l lang) {
	s := newSite(t)
	f := s.roundSite(l)
	chen := s.chen(l)
	_, liu := s.member("刘洋", "13800000008", "", "")
	liuKid := s.child(liu, "刘一鸣", "2018-05-20")
	var liuApp struct{ Application struct{ ID string } }
	s.must(http.StatusOK, "PUT", "/rounds/"+f.Round+"/applications/"+liuKid, liu, map[string]any{"program_ids": []string{f.Calligraphy}}, &liuApp)

	p := s.open(t)
	p.useLang(l)
	p.signIn(chen.Cookie)
	p.visit("/rounds", "rounds")
	p.waitText("#round-list", "寒假热门课报名")
	p.waitText("#round-list", l.s("报名中", "Open for applications"))
	p.click(`#round-list a[href="#/rounds/` + f.Round + `"]`)
	p.do(p.waitPage("round"))
	p.waitText("#round-state", l.s("正在报名", "Open for applications until"))
	p.waitText("#round-rules", l.s("最多填 3 个志愿", "up to 3 wishes"))

	// No wish yet: said beside the list. Then 口才 and 书法, and 书法 moved up to the first wish.
	p.tickIn("apply-form", "child_ids", chen.Yu, chen.Yang)
	p.click("#apply-form button[type=submit]")
	p.waitText("#apply-form-wishes-error", l.s("请至少选一个志愿。", "Choose at least one wish."))
	p.click(`#apply-form-offer li[data-program="` + f.Speech + `"] .wish-add`)
	p.click(`#apply-form-offer li[data-program="` + f.Calligraphy + `"] .wish-add`)
	p.waitText("#apply-form-wishes li:first-child", "寒假口才班")
	p.click(`#apply-form-wishes li[data-program="` + f.Calligraphy + `"] .wish-up`)
	p.waitText("#apply-form-wishes li:first-child", l.s("第 1 志愿 寒假书法班", "Wish 1 寒假书法班"))
	p.waitText("#apply-form-wishes li:nth-child(2)", l.s("第 2 志愿 寒假口才班", "Wish 2 寒假口才班"))
	if got := eval[string](p, `document.activeElement.className`); got != "wish-down" {
		t.Errorf("after moving 书法 up to the top the focus is on %q, want its down button", got)
	}
	if h := eval[float64](p, `document.querySelector("#apply-form-wishes .wish-down").getBoundingClientRect().height`); h < 44 {
		t.Errorf("the down button is %.0f px high, too small for a thumb", h)
	}
	p.shot(l.shot("round-apply"))
	p.click("#apply-form button[type=submit]")
	p.waitText("main .notice-ok", l.s("报名已保存", "Application saved"))
	p.waitText("#round-mine h3", l.s("陈小雨、陈小阳", "陈小雨, 陈小阳"))
	p.waitText("#round-mine .round-wishes li:first-child", "寒假书法班")
	p.waitText("#round-mine .round-wishes li:nth-child(2)", "寒假口才班")
	var mine struct {
		Items []struct {
			ID         string
			ChildIDs   []string `json:"child_ids"`
			ProgramIDs []string `json:"program_ids"`
		}
	}
	s.must(http.StatusOK, "GET", "/rounds/"+f.Round+"/applications", chen.Cookie, nil, &mine)
	if len(mine.Items) != 1 || len(mine.Items[0].ChildIDs) != 2 || strings.Join(mine.Items[0].ProgramIDs, ",") != f.Calligraphy+","+f.Speech {
		t.Fatalf("the server holds %+v, want one application of both children wishing 书法 then 口才", mine.Items)
	}
	chenApp := mine.Items[0].ID
	p.shot(l.shot("round-applied"))

	// The coordinator: three children want 书法's two seats first; 刘一鸣 is put in the priority group.
	p.signIn(f.Coord)
	p.visit("/rounds/"+f.Round+"/manage", "round-manage")
	p.waitText("#round-counts-total", l.s("共 2 份报名，3 个孩子。", "2 applications, 3 children."))
	p.waitText(`#round-counts-table tr[data-program="`+f.Calligraphy+`"]`, l.s("1.5 倍", "1.5×"))
	p.waitText(`#round-applications [data-application="`+liuApp.Application.ID+`"]`, "一鸣") // given names only
	eval[bool](p, `(() => { const s = document.querySelector("#prio-`+liuApp.Application.ID+`"); s.value = "hardship"; s.dispatchEvent(new Event("change")); return true; })()`)
	p.waitText(`#round-applications [data-application="`+liuApp.Application.ID+`"] .form-ok`, l.s("已保存", "Saved"))
	p.shot(l.shot("round-manage-open"))
	p.click("#round-close-button")
	p.waitText("#round-close-button", l.s("再按一次确认", "Press again to confirm"))
	p.click("#round-close-button")
	p.waitText("main .notice-ok", l.s("已截止", "Closed"))
	p.waitText("#round-status", l.s("已截止，待摇号", "Closed, draw to come"))
	p.waitText("#round-closed-early", l.s("已提前于", "Closed early"))
	p.waitText("#round-draw", "福彩3D 2026-11-23")

	// Between the close and the draw the family waits, with the commitment.
	p.signIn(chen.Cookie)
	p.visit("/rounds/"+f.Round, "round")
	p.waitText("#round-state", l.s("公开号码开出后", "Once the public number is out"))
	p.waitText("#round-mine", l.s("报名已锁定", "Locked until the draw"))
	var closed struct{ Round struct{ Commitment string } }
	s.must(http.StatusOK, "GET", "/rounds/"+f.Round, "", nil, &closed)
	p.waitText("#round-commitment", closed.Round.Commitment)
	p.shot(l.shot("round-closed"))

	p.signIn(f.Coord)
	p.visit("/rounds/"+f.Round+"/manage", "round-manage")
	p.click("#draw-form button[type=submit]") // no number typed
	p.waitText("#draw-form-f-public_entropy-error", l.s("请照公开号码的说明录入", "Type the public number as described"))
	p.fill("#draw-form-f-public_entropy", "385")
	p.click("#draw-form button[type=submit]")
	p.waitText("main .notice-ok", l.s("摇号完成", "Drawn"))
	p.waitText("#round-stats", l.s("录取第一志愿", "First wish"))
	p.waitText("#seed-entropy", "385")
	p.waitText(`#round-applications [data-application="`+liuApp.Application.ID+`"]`, l.s("已录取：寒假书法班", "Placed: 寒假书法班"))
	p.shot(l.shot("round-manage-drawn"))

	// 刘一鸣 in the priority group takes a seat of 书法 first; the siblings no longer fit there
	// together, get 口才 and wait first in 书法's line.
	var res roundResult
	s.must(http.StatusOK, "GET", "/rounds/"+f.Round+"/result", "", nil, &res)
	var lottery string
	for _, a := range res.Applications {
		if a.ID == chenApp {
			lottery = a.LotteryNumber
			if strings.Join(a.Placed, ",") != f.Speech || len(a.Waitlisted) != 1 || a.Waitlisted[0].ProgramID != f.Calligraphy || a.Waitlisted[0].Position != 1 {
				t.Fatalf("the draw gave the siblings %+v", a)
			}
		}
	}
	p.signIn(chen.Cookie)
	p.visit("/rounds/"+f.Round, "round")
	card := `#round-mine [data-application="` + chenApp + `"]`
	p.waitText(card, l.s("已录取：寒假口才班", "Placed: 寒假口才班"))
	p.waitText(card, l.s("候补：寒假书法班，第 1 位", "Waiting list: 寒假书法班, number 1"))
	p.waitText(card+" .round-app-id", chenApp)
	p.waitText(card+" .round-hash", lottery)
	p.shot(l.shot("round-outcome"))
	p.click(card + " .round-find")
	p.do(p.waitPage("round-result"))
	p.waitText("#result-found", l.s("找到 1 份", "1 found"))
	p.waitText(".result-mine", l.s("寒假书法班 候补第 1 位", "寒假书法班 waiting no. 1"))
	// The draw's notice links to the round, and its 64-digit lottery number breaks inside the card
	// rather than pushing it past the phone's edge.
	p.visit("/notifications", "notifications")
	p.waitText("main", lottery)
	if got := eval[string](p, `(() => {
		const a = document.querySelector('.notice-card h3 a[href="#/rounds/`+f.Round+`"]');
		if (!a) return "no link to the round";
		const c = a.closest(".notice-card"), r = c.getBoundingClientRect();
		return r.right > screen.width + 1 || document.documentElement.scrollWidth > screen.width + 1 ? "the card reaches " + Math.round(r.right) + " px on a screen of " + screen.width : "ok";
	})()`); got != "ok" {
		t.Errorf("the draw's notice: %s", got)
	}

	// Anyone, signed out: the whole list with no names, the seeds, and how to check.
	p.signOut()
	p.visit("/rounds/"+f.Round+"/result", "round-result")
	p.waitText("#result-summary", l.s("共 2 份报名", "2 applications"))
	p.waitText("#seed-commitment", res.Round.Commitment)
	p.waitText("#seed-server", res.Round.ServerSeed)
	p.waitText("#seed-source", "福彩3D 2026-11-23")
	p.waitText("#result-how", "linli round verify")
	if body := p.text("main"); strings.Contains(body, "陈小雨") || strings.Contains(body, "刘一鸣") || strings.Contains(body, "困境儿童") {
		t.Errorf("the public result shows a name or a group's label:\n%s", body)
	}
	p.fill("#result-search", liuApp.Application.ID[len(liuApp.Application.ID)-8:]) // ids are time-ordered: the end is what tells them apart
	p.waitText("#result-found", l.s("找到 1 份", "1 found"))
	p.waitText("#result-list", l.s("录取 寒假书法班", "placed in 寒假书法班"))
	p.waitText("#result-list", l.s("优先级 0", "priority 0"))
	p.shot(l.shot("round-result"))
	p.fill("#result-search", "ffffffff")
	p.waitText("#result-found", l.s("没有找到这个编号", "No such id"))
}

// TestRoundDrawOnPostgres runs the journey of applying, drawing and the public result whole on
// PostgreSQL.
func TestRoundDrawOnPostgres(t *testing.T) {
	onPostgres.Store(t, true)
	defer onPostgres.Delete(t)
	roundDrawJourney(t, inZH)
}
