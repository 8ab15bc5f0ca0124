package api_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// rrWorld is a random world of regions and communities with delivered sessions, attendance,
// approved and pending service, and logged, missed and unlogged visits with troubles.
type rrWorld struct {
	*ptEnv
	rnd     *rand.Rand
	regions map[string]string // name → id
	comms   []string          // community ids
	n       int
}

// TestRegionReportsAreTheSumOfTheirCommunities builds random worlds (communities in streets,
// districts, a city and a region beside them, one community in China's western zone) and checks
// that every report over a region equals the sum of the reports of the communities below it,
// over the same range: class hours under every grouping, volunteer hours under every grouping,
// the visits report row by row; and that by community it has exactly those communities.
func TestRegionReportsAreTheSumOfTheirCommunities(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			w := newRegionWorld(t, seed)
			ranges := []string{"", "&from=2026-09-15&to=2026-10-20", "&from=2026-10-01&to=2026-10-31"}
			for _, region := range []string{"沈阳市", "和平区", "沈河区", "太原街街道", "南湖街道", "别处街道"} {
				below := w.below(region)
				for _, rg := range ranges {
					w.checkClassHours(region, below, rg)
					w.checkVolunteerHours(region, below, rg)
					w.checkVisits(region, below, rg)
				}
			}
			w.checkNotEmpty()
		})
	}
}

func newRegionWorld(t *testing.T, seed uint64) *rrWorld {
	w := &rrWorld{ptEnv: newPlanEnv(t, ptAt(2026, 12, 1, 9, 0)), rnd: rand.New(rand.NewPCG(seed, 18)), regions: map[string]string{}}
	for _, r := range []struct{ name, level, parent string }{
		{"沈阳市", "city", ""}, {"和平区", "district", "沈阳市"}, {"沈河区", "district", "沈阳市"},
		{"太原街街道", "street", "和平区"}, {"南湖街道", "street", "和平区"}, {"五里河街道", "street", "沈河区"}, {"别处街道", "street", ""},
	} {
		body := map[string]any{"name": r.name, "level": r.level}
		if r.parent != "" {
			body["parent_id"] = w.regions[r.parent]
		}
		var out struct{ Region linli.Region }
		w.must(http.StatusCreated, w.call("POST", "/api/v1/regions", w.Admin, body), &out)
		w.regions[r.name] = out.Region.ID
	}
	places := []string{"太原街街道", "南湖街道", "五里河街道", "沈河区", "别处街道", "", "太原街街道"}
	for i := range 6 {
		id := w.Community
		if i > 0 {
			body := map[string]any{"name": fmt.Sprintf("社区%d", i)}
			if i == 3 {
				body["timezone"] = "Asia/Urumqi"
			}
			var c struct{ Community linli.Community }
			w.must(http.StatusCreated, w.call("POST", "/api/v1/communities", w.Admin, body), &c)
			id = c.Community.ID
		}
		w.comms = append(w.comms, id)
		if p := places[w.rnd.IntN(len(places))]; p != "" {
			w.must(http.StatusOK, w.call("PATCH", "/api/v1/communities/"+id, w.Admin, map[string]any{"region_id": w.regions[p]}), nil)
		}
		w.fill(id)
	}
	return w
}

// fill gives a community teachers, a volunteer, programs of every counted kind and one that
// does not count, with random sessions delivered and attended, service on shifts, and visits.
func (w *rrWorld) fill(community string) {
	w.t.Helper()
	var teachers []string
	for i, tt := range []string{"school_teacher", "community_teacher", "resident_volunteer"} {
		w.n++
		uid := w.register(fmt.Sprintf("教师%d", w.n), fmt.Sprintf("rr-teacher-%d@linli.test", w.n))
		w.must(http.StatusCreated, w.call("POST", "/api/v1/communities/"+community+"/members", w.Admin, map[string]any{"user_id": uid, "role": "teacher", "teacher_type": tt}), nil)
		if i < 2 || w.rnd.IntN(2) == 0 {
			teachers = append(teachers, uid)
		}
	}
	w.n++
	volunteer := w.register(fmt.Sprintf("志愿者%d", w.n), fmt.Sprintf("rr-volunteer-%d@linli.test", w.n))
	w.must(http.StatusCreated, w.call("POST", "/api/v1/communities/"+community+"/members", w.Admin, map[string]any{"user_id": volunteer, "role": "volunteer"}), nil)
	// Someone who volunteers here and in the community before: counted once over a region.
	if w.n > 5 {
		w.call("POST", "/api/v1/communities/"+community+"/members", w.Admin, map[string]any{"login": fmt.Sprintf("rr-volunteer-%d@linli.test", w.n-4), "role": "volunteer"})
	}
	minutes := []int{40, 45, 60, 90, 100}
	// Each program on a weekday of its own, so that no teacher staffs two at once.
	for day, p := range []struct{ kind, filter string }{{"after_school", "school_days"}, {"holiday_class", "non_school_days"}, {"event", "all_days"}, {"after_school", "all_days"}} {
		start := 14*60 + w.rnd.IntN(12)*15
		length := minutes[w.rnd.IntN(len(minutes))]
		staff := []string{}
		for _, id := range teachers {
			if w.rnd.IntN(2) == 0 {
				staff = append(staff, id)
			}
		}
		body := ptProgram(p.kind, fmt.Sprintf("课程%d", w.rnd.IntN(1000)), ptSchedule("2026-09-01", "2026-11-20",
			fmt.Sprintf("%02d:%02d", start/60, start%60), fmt.Sprintf("%02d:%02d", (start+length)/60, (start+length)%60), p.filter, "weekdays", []int{1 + day}),
			func(b map[string]any) {
				b["staff_ids"] = staff
				if p.kind == "holiday_class" {
					b["category"] = []string{"speech", "art", "science"}[w.rnd.IntN(3)]
				}
				if w.rnd.IntN(2) == 0 {
					b["lesson_minutes"] = []int{30, 40, 45}[w.rnd.IntN(3)]
				}
			})
		var res ptResult
		w.must(http.StatusCreated, w.call("POST", "/api/v1/communities/"+community+"/programs", w.Admin, body), &res)
		for _, s := range w.sessions(w.Admin, "community_id="+community+"&from=2026-09-01&program_id="+res.Program.ID) {
			if w.rnd.IntN(10) < 7 {
				w.exec(`UPDATE sessions SET status = 'delivered', delivered_at = created_at WHERE id = ?`, s.ID)
				for range w.rnd.IntN(5) {
					w.exec(`INSERT INTO attendance (session_id, status, recorded_by, updated_at) VALUES (?, ?, '', '2026-12-01T00:00:00.000000Z')`,
						s.ID, []string{"present", "late", "absent"}[w.rnd.IntN(3)])
				}
			}
		}
	}
	var shift ptResult
	w.must(http.StatusCreated, w.call("POST", "/api/v1/communities/"+community+"/programs", w.Admin, ptProgram("volunteer_shift", "环境整治",
		ptSchedule("2026-09-01", "2026-11-30", "23:00", "23:59", "all_days", "weekdays", []int{6}), func(b map[string]any) { b["capacity"] = 10 })), &shift)
	for _, s := range w.sessions(w.Admin, "community_id="+community+"&from=2026-09-01&program_id="+shift.Program.ID) {
		if w.rnd.IntN(4) == 0 {
			continue
		}
		in, _ := time.Parse(time.RFC3339, s.StartsAt)
		m := 10 + w.rnd.IntN(50)
		w.exec(`INSERT INTO service_records (id, community_id, session_id, user_id, source, check_in, check_out, minutes, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'sheet', ?, ?, ?, ?, '2026-12-01T00:00:00.000000Z', '2026-12-01T00:00:00.000000Z')`,
			fmt.Sprintf("00000000-0000-4000-8000-%012d", w.rnd.Int64N(1e12)), community, s.ID, volunteer,
			rrTime(in), rrTime(in.Add(time.Duration(m)*time.Minute)), m, []string{"approved", "approved", "pending"}[w.rnd.IntN(3)])
	}
	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	w.must(http.StatusCreated, w.call("POST", "/api/v1/communities/"+community+"/grids", w.Admin, map[string]any{"name": "一网格"}), &grid)
	w.must(http.StatusCreated, w.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", w.Admin, map[string]any{"name": "1 号楼"}), &building)
	w.must(http.StatusCreated, w.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", w.Admin, map[string]any{"label": "101"}), &household)
	var plan vtPlan
	w.must(http.StatusCreated, w.call("POST", "/api/v1/households/"+household.Household.ID+"/visit-plans", w.Admin, map[string]any{
		"volunteer_ids": []string{volunteer}, "cadence": "weekly", "start_date": "2026-09-0" + fmt.Sprint(1+w.rnd.IntN(7)), "end_date": "2026-12-20",
		"start_time": "10:00", "end_time": "11:00"}), &plan)
	for _, s := range w.sessions(w.Admin, "community_id="+community+"&from=2026-09-01&program_id="+plan.VisitPlan.ProgramID) {
		in, _ := time.Parse(time.RFC3339, s.StartsAt)
		if !in.Before(w.now()) || w.rnd.IntN(4) == 0 {
			continue // upcoming, or overdue
		}
		outcome := []string{"done", "done", "missed"}[w.rnd.IntN(3)]
		w.exec(`INSERT INTO visit_logs (session_id, household_id, community_id, outcome, minutes, visited_at, logged_by, created_at)
			VALUES (?, ?, ?, ?, 30, ?, ?, ?)`, s.ID, household.Household.ID, community, outcome, rrTime(in), volunteer, rrTime(in))
		for range w.rnd.IntN(3) {
			w.exec(`INSERT INTO concerns (id, community_id, household_id, session_id, category, text, status, raised_by, raised_at, updated_at)
				VALUES (?, ?, ?, ?, 'repairs', '漏水', ?, ?, ?, ?)`, fmt.Sprintf("00000000-0000-4000-9000-%012d", w.rnd.Int64N(1e12)),
				community, household.Household.ID, s.ID, []string{"open", "in_progress", "resolved"}[w.rnd.IntN(3)], volunteer, rrTime(in), rrTime(in))
		}
	}
}

func rrTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// below returns the communities the region holds, at any depth, by the world's own placing.
func (w *rrWorld) below(region string) []string {
	var r struct{ Region linli.Region }
	w.must(http.StatusOK, w.call("GET", "/api/v1/regions/"+w.regions[region], w.Admin, nil), &r)
	var out []string
	for _, c := range r.Region.Communities {
		out = append(out, c.ID)
	}
	// The world's own account: every community placed in the region or a region under it.
	var want []string
	for _, id := range w.comms {
		var c struct{ Community linli.Community }
		w.must(http.StatusOK, w.call("GET", "/api/v1/communities/"+id, w.Admin, nil), &c)
		for reg := c.Community.RegionID; reg != ""; reg = w.parent(reg) {
			if reg == w.regions[region] {
				want = append(want, id)
				break
			}
		}
	}
	slices.Sort(out)
	slices.Sort(want)
	if !slices.Equal(out, want) {
		w.t.Errorf("%s holds %v, want %v", region, out, want)
	}
	return want
}

func (w *rrWorld) parent(id string) string {
	var r struct{ Region linli.Region }
	w.must(http.StatusOK, w.call("GET", "/api/v1/regions/"+id, w.Admin, nil), &r)
	return r.Region.ParentID
}

// near: floats of reports are rounded to two decimals row by row, so a sum of n rows may be
// off the rounded whole by n half-cents.
func near(a, b float64, n int) bool { return math.Abs(a-b) <= 0.005*float64(n+1)+1e-9 }

func (w *rrWorld) checkClassHours(region string, below []string, rg string) {
	for _, g := range []string{"community", "program", "teacher", "teacher_type", "category", "kind", "month"} {
		var whole linli.ClassHoursReport
		w.must(http.StatusOK, w.call("GET", "/api/v1/reports/class-hours?region_id="+w.regions[region]+"&group_by="+g+rg, w.Admin, nil), &whole)
		sum := map[string]linli.ClassHoursRow{}
		var total linli.ClassHoursRow
		for _, c := range below {
			cg := g
			if g == "community" {
				cg = "kind"
			}
			var part linli.ClassHoursReport
			w.must(http.StatusOK, w.call("GET", "/api/v1/reports/class-hours?community_id="+c+"&group_by="+cg+rg, w.Admin, nil), &part)
			rows := part.Rows
			if g == "community" {
				part.Totals.Key = c
				rows = []linli.ClassHoursRow{part.Totals}
			}
			for _, r := range rows {
				sum[r.Key] = addHours(sum[r.Key], r)
			}
			total = addHours(total, part.Totals)
		}
		label := fmt.Sprintf("class hours over %s by %s%s", region, g, rg)
		if len(whole.Rows) != len(sum) {
			w.t.Errorf("%s: %d rows, the communities have %d", label, len(whole.Rows), len(sum))
		}
		for _, r := range append(whole.Rows, whole.Totals) {
			want, n := sum[r.Key], len(below)
			if r.Key == "" {
				want = total
			}
			if r.Sessions != want.Sessions || !near(r.Hours, want.Hours, n) || !near(r.LessonPeriods, want.LessonPeriods, n) || !near(r.ChildHours, want.ChildHours, n) {
				w.t.Errorf("%s: row %q %+v, the communities sum to %+v", label, r.Key, r, want)
			}
		}
	}
}

func addHours(a, b linli.ClassHoursRow) linli.ClassHoursRow {
	a.Sessions += b.Sessions
	a.Hours += b.Hours
	a.LessonPeriods += b.LessonPeriods
	a.ChildHours += b.ChildHours
	return a
}

func (w *rrWorld) checkVolunteerHours(region string, below []string, rg string) {
	for _, g := range []string{"community", "volunteer", "kind", "month"} {
		var whole linli.ServiceHoursReport
		w.must(http.StatusOK, w.call("GET", "/api/v1/reports/volunteer-hours?region_id="+w.regions[region]+"&group_by="+g+rg, w.Admin, nil), &whole)
		sum := map[string]linli.ServiceHoursRow{}
		var records int
		var hours float64
		people := 0
		for _, c := range below {
			cg := g
			if g == "community" {
				cg = "kind"
			}
			var part linli.ServiceHoursReport
			w.must(http.StatusOK, w.call("GET", "/api/v1/reports/volunteer-hours?community_id="+c+"&group_by="+cg+rg, w.Admin, nil), &part)
			rows := part.Rows
			if g == "community" {
				rows = []linli.ServiceHoursRow{{Key: c, Records: part.Totals.Records, Hours: part.Totals.Hours}}
			}
			for _, r := range rows {
				s := sum[r.Key]
				s.Records, s.Hours = s.Records+r.Records, s.Hours+r.Hours
				sum[r.Key] = s
			}
			records, hours, people = records+part.Totals.Records, hours+part.Totals.Hours, people+part.Totals.Volunteers
		}
		label := fmt.Sprintf("volunteer hours over %s by %s%s", region, g, rg)
		if len(whole.Rows) != len(sum) && g != "community" || g == "community" && len(whole.Rows) != len(below) {
			w.t.Errorf("%s: %d rows, the communities have %d", label, len(whole.Rows), len(sum))
		}
		for _, r := range whole.Rows {
			if want := sum[r.Key]; r.Records != want.Records || !near(r.Hours, want.Hours, len(below)) {
				w.t.Errorf("%s: row %q %+v, the communities sum to %+v", label, r.Key, r, want)
			}
		}
		// A volunteer of two communities is one volunteer of the region.
		if whole.Totals.Records != records || !near(whole.Totals.Hours, hours, len(below)) || whole.Totals.Volunteers > people {
			w.t.Errorf("%s: totals %+v, the communities sum to %d records, %v hours, %d volunteers", label, whole.Totals, records, hours, people)
		}
	}
}

func (w *rrWorld) checkVisits(region string, below []string, rg string) {
	var whole linli.VisitsReport
	w.must(http.StatusOK, w.call("GET", "/api/v1/reports/visits?region_id="+w.regions[region]+rg, w.Admin, nil), &whole)
	label := fmt.Sprintf("visits over %s%s", region, rg)
	if len(whole.Rows) != len(below) {
		w.t.Errorf("%s: %d rows for %d communities", label, len(whole.Rows), len(below))
	}
	var total linli.VisitsRow
	rows := map[string]linli.VisitsRow{}
	for _, r := range whole.Rows {
		rows[r.Key] = r
	}
	for _, c := range below {
		var part linli.VisitsReport
		w.must(http.StatusOK, w.call("GET", "/api/v1/reports/visits?community_id="+c+rg, w.Admin, nil), &part)
		if len(part.Rows) != 1 || part.Rows[0] != rows[c] || part.Totals.Plus(linli.VisitsRow{}) != (linli.VisitsRow{Label: part.Totals.Label}).Plus(part.Rows[0]) {
			w.t.Errorf("%s: community %s is %+v over the region, %+v alone", label, c, rows[c], part.Rows)
		}
		total = total.Plus(part.Totals)
	}
	total.Label = whole.Totals.Label
	if whole.Totals != total {
		w.t.Errorf("%s: totals %+v, the communities sum to %+v", label, whole.Totals, total)
	}
	if r := whole.Totals; r.Planned != r.Done+r.Missed+r.Overdue+r.Upcoming || r.Open != r.OpenUnder7d+r.Open7To30d+r.OpenOver30d || r.TroublesFound != r.Resolved+r.Open {
		w.t.Errorf("%s: the totals do not add up: %+v", label, r)
	}
}

// checkNotEmpty: the city's reports count something of every kind, so the sums compared are
// not all zero.
func (w *rrWorld) checkNotEmpty() {
	var ch linli.ClassHoursReport
	var vh linli.ServiceHoursReport
	var vr linli.VisitsReport
	city := w.regions["沈阳市"]
	w.must(http.StatusOK, w.call("GET", "/api/v1/reports/class-hours?region_id="+city, w.Admin, nil), &ch)
	w.must(http.StatusOK, w.call("GET", "/api/v1/reports/volunteer-hours?region_id="+city, w.Admin, nil), &vh)
	w.must(http.StatusOK, w.call("GET", "/api/v1/reports/visits?region_id="+city, w.Admin, nil), &vr)
	if t := vr.Totals; ch.Totals.Sessions == 0 || ch.Totals.ChildHours == 0 || vh.Totals.Records == 0 || t.Done == 0 || t.Missed == 0 ||
		t.Overdue == 0 || t.Upcoming == 0 || t.Resolved == 0 || t.Open == 0 {
		w.t.Errorf("the city's reports count too little to prove anything: %+v %+v %+v", ch.Totals, vh.Totals, vr.Totals)
	}
	w.t.Logf("the city: %d sessions, %v lesson periods, %d service records, %d visits planned, %d troubles", ch.Totals.Sessions,
		ch.Totals.LessonPeriods, vh.Totals.Records, vr.Totals.Planned, vr.Totals.TroublesFound)
}
