package browser_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestRoundStatesForFamilies: no round says so; a round opening later says when and offers no
// form; a family without a child is asked to add one; a change sent after the round closed
// meanwhile says it is too late and changes nothing; an application withdrawn is gone; a failed
// load offers to try again; signed out, the round offers to sign in and its result page says it
// is not drawn yet.
func TestRoundStatesForFamilies(t *testing.T) { roundStatesJourney(t, inZH) }

func roundStatesJourney(t *testing.T, l lang) {
	s := newSite(t)
	chen := s.chen(l)
	p := s.open(t)
	p.useLang(l)
	p.signIn(chen.Cookie)
	p.visit("/rounds", "rounds")
	p.waitText("#round-none", l.s("这个社区现在没有报名摇号", "This community has no application rounds now"))
	p.shot(l.shot("round-none"))

	f := s.roundSite(l)
	spring, _ := s.classOn("after_school", "春季课后托管", 10, 40, 44)
	summer, _ := s.classOn("holiday_class", "暑期科学营", 10, 50, 54)
	var later struct{ Round struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/rounds", f.Coord, map[string]any{
		"title": "春季课后托管报名", "program_ids": []string{spring},
		"opens_at": s.now().AddDate(0, 0, 2).Format(time.RFC3339), "closes_at": s.now().AddDate(0, 0, 9).Format(time.RFC3339),
	}, &later)
	p.visit("/rounds/"+later.Round.ID, "round")
	p.waitText("#round-state", l.s("报名将于", "Applications open"))
	p.waitGone("#apply-form")

	// A change sent after the coordinator closed the round meanwhile.
	p.visit("/rounds/"+f.Round, "round")
	p.waitText("main h1", "寒假热门课报名") // the hash changed: wait for this round, not the one shown before
	p.tickIn("apply-form", "child_ids", chen.Yu)
	p.click(`#apply-form-offer li[data-program="` + f.Art + `"] .wish-add`)
	p.click("#apply-form button[type=submit]")
	p.waitText("#round-mine", "陈小雨")
	p.waitText("#round-mine", "寒假美术班")
	p.waitText("#apply-form", "陈小阳") // the other child may still apply
	p.expand(l.s("修改志愿", "Change the wishes"))
	p.tickIn("change-0", "child_ids", chen.Yang) // 陈小雨 left out: not a change of this application
	p.click("#change-0 button[type=submit]")
	p.waitText("#change-0-f-child_ids-error", l.s("请至少保留这份报名里的一个孩子", "Keep at least one child of this application"))
	p.tickIn("change-0", "child_ids", chen.Yu)
	p.click(`#change-0-offer li[data-program="` + f.Speech + `"] .wish-add`)
	s.must(http.StatusOK, "POST", "/rounds/"+f.Round+"/close", f.Coord, nil, nil)
	p.click("#change-0 button[type=submit]")
	p.waitText("#change-0 .form-error", l.s("报名已截止", "Applications are closed"))
	p.shot(l.shot("round-too-late"))
	var mine struct {
		Items []struct {
			ProgramIDs []string `json:"program_ids"`
		}
	}
	s.must(http.StatusOK, "GET", "/rounds/"+f.Round+"/applications", chen.Cookie, nil, &mine)
	if len(mine.Items) != 1 || len(mine.Items[0].ProgramIDs) != 1 {
		t.Errorf("the late change reached the server: %+v", mine.Items)
	}
	p.reload("round")
	p.waitGone("#apply-form")
	p.waitGone(".round-withdraw")

	// Withdrawing, in a round still open.
	other := s.openRound(f.Coord, "暑期科学营报名", summer)
	p.visit("/rounds/"+other, "round")
	p.waitText("main h1", "暑期科学营报名")
	p.tickIn("apply-form", "child_ids", chen.Yang)
	p.click(`#apply-form-offer li[data-program="` + summer + `"] .wish-add`)
	p.click("#apply-form button[type=submit]")
	p.waitText("#round-mine", "陈小阳")
	p.click(".round-withdraw")
	p.click(".round-withdraw")
	p.waitText("main .notice-ok", l.s("报名已撤回", "Application withdrawn"))
	p.waitGone("#round-mine")

	// A load that fails offers to try again.
	p.blockAPI("/rounds/" + other + "*")
	p.visit("/rounds/"+other, "error")
	p.waitText("#way-out", l.s("重试", "Try again"))
	p.shot(l.shot("round-error"))

	// Signed out: sign in to apply; the result of a round not drawn is not there yet.
	p2 := s.open(t)
	p2.useLang(l)
	p2.visit("/rounds/"+other, "round")
	p2.waitText("#round-login", l.s("登录后报名", "Sign in to apply"))
	p2.visit("/rounds/"+f.Round+"/result", "round-result")
	p2.waitText("#result-not-yet", l.s("还没有摇号", "Not drawn yet"))
	p2.shot(l.shot("round-result-not-yet"))

	// Without a child, the family is asked to add one.
	_, lone := s.member("赵敏", "13800000009", "", "")
	s.speak(l, lone)
	p2.signIn(lone)
	p2.visit("/rounds/"+other, "round")
	p2.waitText("#round-no-children", l.s("请先添加孩子", "add your child first"))
}

// TestCoordinatorCreatesRound: from 管理 to 报名摇号 to a new round; no class ticked is said
// beside the classes; the round is created with a public number and two priority groups and
// opens on its manage page; a class already in a round not drawn is refused beside the classes.
func TestCoordinatorCreatesRound(t *testing.T) { roundCreateJourney(t, inZH) }

func roundCreateJourney(t *testing.T, l lang) {
	s := newSite(t)
	calligraphy, _ := s.classOn("holiday_class", "寒假书法班", 2, 10, 14)
	speech, _ := s.classOn("holiday_class", "寒假口才班", 5, 20, 24)
	_, coord := s.member("王芳", "13800000002", "coordinator", "")
	s.speak(l, coord)
	p := s.open(t)
	p.useLang(l)
	p.signIn(coord)
	p.visit("/manage", "manage")
	p.click(`main a[href="#/rounds"]`)
	p.do(p.waitPage("rounds"))
	p.click("#round-new-link")
	p.do(p.waitPage("round-new"))
	p.fill("#round-form-f-title", "寒假热门课报名")
	p.click("#round-form button[type=submit]")
	p.waitText("#round-form-f-program_ids-error", l.s("请至少选择一门", "Choose at least one"))
	p.tickIn("round-form", "program_ids", calligraphy, speech)
	p.fill("#round-form-f-entropy_source", "福彩3D 2026-11-23 开奖号码，三位数字连写")
	p.fill("#round-form-f-priority_groups", "困境儿童\n双职工家庭")
	p.shot(l.shot("round-new"))
	p.click("#round-form button[type=submit]")
	p.do(p.waitPage("round-manage"))
	p.waitText("main .notice-ok", l.s("已创建", "Created"))
	p.waitText("main h1", "寒假热门课报名")
	p.waitText("#round-status", l.s("报名中", "Open for applications"))
	p.waitText("#round-entropy-source", "福彩3D 2026-11-23")
	p.waitText("#round-counts-total", l.s("共 0 份报名", "0 applications"))

	// The same class in a second round not yet drawn.
	p.visit("/rounds/new", "round-new")
	p.fill("#round-form-f-title", "第二轮")
	p.tickIn("round-form", "program_ids", calligraphy)
	p.click("#round-form button[type=submit]")
	p.waitText("#round-form-f-program_ids-error", l.s("已在另一轮未摇号的报名里", "already in another round not yet drawn"))

	// A round not open yet can be changed; an open one cannot.
	art, _ := s.classOn("holiday_class", "寒假美术班", 5, 30, 31)
	var later struct{ Round struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/rounds", coord, map[string]any{
		"title": "春季报名", "program_ids": []string{art},
		"opens_at": s.now().AddDate(0, 0, 2).Format(time.RFC3339), "closes_at": s.now().AddDate(0, 0, 9).Format(time.RFC3339),
	}, &later)
	p.visit("/rounds/"+later.Round.ID+"/manage", "round-manage")
	p.click("#round-edit")
	p.do(p.waitPage("round-new"))
	p.fill("#round-form-f-title", "春季美术班报名")
	p.fill("#round-form-f-max_wishes", "2")
	p.click("#round-form button[type=submit]")
	p.do(p.waitPage("round-manage"))
	p.waitText("main .notice-ok", l.s("已保存修改", "Changes saved"))
	p.waitText("main h1", "春季美术班报名")
	p.waitText("#round-rules", l.s("最多填 2 个志愿", "up to 2 wishes"))
	var open struct{ Items []struct{ ID, Status string } }
	s.must(http.StatusOK, "GET", "/rounds?community_id="+s.Community, coord, nil, &open)
	checked := 0
	for _, r := range open.Items {
		if r.Status == "open" {
			p.visit("/rounds/"+r.ID+"/edit", "round-new")
			p.waitText("main", l.s("不能再修改", "can no longer change"))
			checked++
		}
	}
	if checked != 1 {
		t.Errorf("%d open rounds, want the one created above", checked)
	}
}

// roundJourneys are the journeys of application rounds, each run in zh-CN by its own test and
// all of them once in English by TestRoundJourneysInEnglish.
var roundJourneys = []journey{
	{"AppliesCoordinatorDraws", roundDrawJourney},
	{"StatesForFamilies", roundStatesJourney},
	{"CoordinatorCreatesRound", roundCreateJourney},
}

// TestRoundJourneysInEnglish runs every journey of application rounds once in English.
func TestRoundJourneysInEnglish(t *testing.T) { runInEnglish(t, roundJourneys) }

// TestRoundResultLongList: a result of 52 applications shows the first 50, then the rest on
// 显示更多; a search finds one beyond the first 50.
func TestRoundResultLongList(t *testing.T) {
	s := newSite(t)
	big, _ := s.classOn("holiday_class", "寒假合唱团", 60, 10, 14)
	_, coord := s.member("王芳", "13800000002", "coordinator", "")
	round := s.openRound(coord, "寒假合唱团报名", big)
	// Eleven families of children aged 6 to 9, each child applying on its own.
	var last string
	for i := range 52 {
		if i%5 == 0 {
			_, last = s.member("家长"+itoa(i), "139000000"+fmt.Sprintf("%02d", i), "", "")
		}
		kid := s.child(last, "孩子"+itoa(i), fmt.Sprintf("201%d-0%d-1%d", 7+i%3, 1+i%9, i%10))
		s.must(http.StatusOK, "PUT", "/rounds/"+round+"/applications/"+kid, last, map[string]any{"program_ids": []string{big}}, nil)
	}
	s.must(http.StatusOK, "POST", "/rounds/"+round+"/close", coord, nil, nil)
	s.must(http.StatusOK, "POST", "/rounds/"+round+"/draw", coord, map[string]string{"public_entropy": "385"}, nil)
	var res roundResult
	s.must(http.StatusOK, "GET", "/rounds/"+round+"/result", "", nil, &res)

	p := s.open(t)
	p.visit("/rounds/"+round+"/result", "round-result")
	p.waitText("#result-summary", "共 52 份报名")
	if n := p.howMany("#result-list li"); n != 50 {
		t.Errorf("the list starts with %d applications, want 50", n)
	}
	p.waitText("#result-more", "再显示 2 份（还有 2 份）")
	p.click("#result-more")
	p.waitGone("#result-list li:nth-child(53)")
	p.waitText("#result-list li:nth-child(52)", res.Applications[51].ID)
	if hidden := eval[bool](p, `document.querySelector("#result-more").hidden`); !hidden {
		t.Error("显示更多 is still offered with every application shown")
	}
	p.fill("#result-search", res.Applications[51].ID[24:])
	p.waitText("#result-found", "找到 1 份")
	p.waitText(".result-mine", res.Applications[51].LotteryNumber)
}
