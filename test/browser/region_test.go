package browser_test

import (
	"net/http"
	"testing"
	"time"
)

// TestRegionViewerSeesTheStreet: a street office's official, placed by the administrator above
// the community, opens the app and finds the street's figures, a chart per community and the
// visits report on their home, and no 孩子 or 预约 in the navigation; big figures read the
// Chinese way (11.9万). The administrator builds the street on the regions page, is told in
// Chinese when a street is put under a city, and the coordinator finds the visits report under
// the class hours.
func TestRegionViewerSeesTheStreet(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	teacher, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	s.member("街道刘主任", "13600000009", "", "")

	// A holiday class taught three days ago and delivered.
	s.offset -= 72 * time.Hour
	var class struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "holiday_class", "title": "周末书法班", "capacity": 10, "staff_ids": []string{teacher},
		"schedule": map[string]any{"start_date": chinaToday(-2), "end_date": chinaToday(-2), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"},
	}, &class)
	s.offset += 72 * time.Hour
	var held struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+class.Program.ID+"&from="+chinaToday(-2), "", nil, &held)
	s.must(http.StatusOK, "POST", "/sessions/"+held.Items[0].ID+"/deliver", coord, nil, nil)

	// The administrator: a city, then a street put under it by mistake, then under its district.
	p := s.open(t)
	p.signIn(s.Admin)
	p.visit("/regions", "regions")
	p.waitText("main", "还没有建立辖区")
	p.fill("#region-new [name=name]", "沈阳市")
	p.set("#region-new [name=level]", "city")
	p.click("#region-new button[type=submit]")
	p.waitText("#regions", "沈阳市")
	p.fill("#region-new [name=name]", "和平区")
	p.set("#region-new [name=level]", "district")
	p.set("#region-new [name=parent_id]", eval[string](p, `[...document.querySelectorAll("#region-new [name=parent_id] option")].find((o) => o.textContent.startsWith("沈阳市")).value`))
	p.click("#region-new button[type=submit]")
	p.waitText("#regions", "和平区")
	p.fill("#region-new [name=name]", "太原街街道")
	p.set("#region-new [name=level]", "street")
	city := eval[string](p, `[...document.querySelectorAll("#region-new [name=parent_id] option")].find((o) => o.textContent.startsWith("沈阳市")).value`)
	p.set("#region-new [name=parent_id]", city)
	p.click("#region-new button[type=submit]")
	p.waitText("#region-new", "街道的上级是区")
	district := eval[string](p, `[...document.querySelectorAll("#region-new [name=parent_id] option")].find((o) => o.textContent.startsWith("和平区")).value`)
	p.set("#region-new [name=parent_id]", district)
	p.click("#region-new button[type=submit]")
	p.waitText("#regions", "太原街街道")
	street := eval[string](p, `[...document.querySelectorAll("#region-place [name=region_id] option")].find((o) => o.textContent.startsWith("太原街街道")).value`)
	p.set("#region-place [name=region_id]", street)
	p.click("#region-place button[type=submit]")
	p.waitText(`#regions [data-region="`+street+`"]`, "1 个社区")
	p.set("#region-viewer [name=region]", street)
	p.fill("#region-viewer [name=login]", "13600000008")
	p.click("#region-viewer button[type=submit]")
	p.waitText("#region-viewer", "请对方先注册")
	p.fill("#region-viewer [name=login]", "13600000009")
	p.click("#region-viewer button[type=submit]")
	p.waitText(`#regions [data-region="`+street+`"]`, "街道刘主任")
	p.shot("region-admin")

	// The official's home is the street.
	p.signIn(s.login("13600000009", "password-13600000009"))
	p.visit("/", "home")
	p.waitText("h1", "太原街街道")
	p.waitText("#region-meta", "街道 · 下辖 1 个社区")
	p.waitText("#figure-periods", "2.25")
	p.waitText("#chart-region-periods", "幸福里社区")
	p.waitText("#visits-report", "入户走访")
	if eval[bool](p, `!!document.querySelector('nav a[data-path="/children"], nav a[data-path="/bookings"]')`) {
		t.Error("a region viewer is offered 孩子 and 预约 as if a parent")
	}
	if got := eval[[]string](p, `import("/pages/region-parts.js").then((m) => [m.big(119000), m.big(9999.94), m.big(123456789), m.big(2.25)])`); len(got) != 4 ||
		got[0] != "11.9万" || got[1] != "9999.94" || got[2] != "1.2亿" || got[3] != "2.25" {
		t.Errorf("big figures read %v, want 11.9万 9999.94 1.2亿 2.25", got)
	}
	// Each report downloads as CSV and, beside it, as the same rows in a spreadsheet.
	for _, id := range []string{"xlsx-region-hours", "xlsx-region-service", "xlsx-visits"} {
		if got := eval[string](p, `fetch(document.querySelector("#`+id+`").href).then((r) => r.status + " " + r.headers.get("content-type"))`); got != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("#%s answers %q, want a spreadsheet", id, got)
		}
	}
	p.shot("region-viewer")
	// The community's own details stay out of reach.
	p.visit("/households", "forbidden")

	// The coordinator's reports end with the visits report.
	p.signIn(coord)
	p.visit("/reports", "reports")
	p.waitText("#visits-report", "计划走访 0 次")
	p.waitText("#visits-report", "这段时间没有安排走访")
}

// TestRegionPagesInEnglish: the viewer's street, the administrator's regions page and the
// coordinator's visits report in English, with no Chinese but the names people typed, and
// plurals that agree.
func TestRegionPagesInEnglish(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	vid, viewer := s.member("街道刘主任", "13600000009", "", "")
	var city, street struct{ Region struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/regions", s.Admin, map[string]any{"name": "沈阳市", "level": "city"}, &city)
	s.must(http.StatusCreated, "POST", "/regions", s.Admin, map[string]any{"name": "太原街街道", "level": "street"}, &street)
	s.must(http.StatusOK, "PATCH", "/communities/"+s.Community, s.Admin, map[string]any{"region_id": street.Region.ID}, nil)
	s.must(http.StatusCreated, "POST", "/regions/"+street.Region.ID+"/viewers", s.Admin, map[string]any{"user_id": vid}, nil)
	s.speak(inEN, viewer, s.Admin, coord)

	p := s.open(t)
	p.signIn(viewer)
	p.visit("/", "home")
	p.waitText("#region-meta", "Street · 1 community")
	p.waitText("#region-totals", "0 sessions, 0 hours; 0 volunteer services by 0 volunteers.")
	p.waitText("#visits-report", "0 visits planned, 0 done")
	p.waitText("#visits-report", "No visits planned in these dates.")
	p.shot("region-viewer-en")

	p.signIn(s.Admin)
	p.visit("/regions", "regions")
	p.waitText("main", "Streets and regions")
	p.fill("#region-new [name=name]", "南湖街道")
	p.set("#region-new [name=level]", "street")
	p.set("#region-new [name=parent_id]", city.Region.ID)
	p.click("#region-new button[type=submit]")
	p.waitText("#region-new", "a street is in a district")

	p.signIn(coord)
	p.visit("/reports", "reports")
	p.waitText("#visits-report", "0 visits planned")
}
