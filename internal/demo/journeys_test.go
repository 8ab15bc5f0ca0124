package demo

import (
	"context"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestSeedJourneys seeds the demo on four different evenings and finds, each time relative to
// that evening, what the first month's journeys show: a class full with a child waiting, a
// shift 周强 can still sign up for, visits both logged and overdue, hours awaiting approval, and
// unread notices for the parent 陈静 and the volunteer 周强.
func TestSeedJourneys(t *testing.T) {
	// The plan's own evening, one in its winter, one a school year later and one in the spring
	// of the school year after: the demo moves its dates to the clock's school year.
	for _, now := range []time.Time{demoNow, demoNow.AddDate(0, 0, 17).Add(-9 * time.Hour), demoNow.AddDate(1, 0, 0), time.Date(2029, 3, 14, 19, 0, 0, 0, demoNow.Location())} {
		t.Run(now.Format(time.DateOnly), func(t *testing.T) {
			ctx := context.Background()
			db := seeded(t, now)
			read := db.ReadPool()
			var fullWaiting, openShifts, logged, overdue, pending int
			read.QueryRow(`SELECT COUNT(*) FROM sessions WHERE status = 'scheduled' AND confirmed >= capacity AND waitlisted > 0 AND starts_at > ?`,
				now.UTC().Format("2006-01-02T15:04:05.000000Z")).Scan(&fullWaiting)
			zhou := userID(t, db, "13800000005")
			read.QueryRow(`SELECT COUNT(*) FROM sessions s WHERE s.kind = 'volunteer_shift' AND s.status = 'scheduled' AND s.confirmed < s.capacity
				AND s.starts_at > ? AND s.starts_at < ? AND NOT EXISTS (SELECT 1 FROM session_staff x WHERE x.session_id = s.id AND x.user_id = ?)
				AND NOT EXISTS (SELECT 1 FROM session_signups g WHERE g.session_id = s.id AND g.user_id = ? AND g.status = 'active')`,
				now.UTC().Format("2006-01-02T15:04:05.000000Z"), now.AddDate(0, 0, 28).UTC().Format("2006-01-02T15:04:05.000000Z"), zhou, zhou).Scan(&openShifts)
			read.QueryRow(`SELECT COUNT(*) FROM visit_logs`).Scan(&logged)
			read.QueryRow(`SELECT COUNT(*) FROM service_records WHERE status = 'pending'`).Scan(&pending)
			communities, _, err := storage.Communities{DB: db}.FindCommunities(ctx, linli.Page{})
			if err != nil {
				t.Fatal(err)
			}
			admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
			rep, err := storage.Volunteers{DB: db}.FindOverdueVisits(ctx, admin, communities[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			overdue = len(rep.Visits)
			if fullWaiting == 0 || openShifts == 0 || logged == 0 || overdue == 0 || pending == 0 {
				t.Errorf("full classes with a line %d, shifts open to 周强 %d, logged visits %d, overdue %d, pending hours %d",
					fullWaiting, openShifts, logged, overdue, pending)
			}
			for _, login := range []string{"13800000007", "13800000005"} {
				inbox, err := storage.Notifications{DB: db}.FindNotifications(ctx, &linli.Actor{User: linli.User{ID: userID(t, db, login)}}, linli.Given(linli.NotificationFilter{Unread: true, Page: linli.Page{Limit: 5}}))
				if err != nil || inbox.UnreadCount == 0 {
					t.Errorf("%s has no unread notice: %+v, %v", login, inbox, err)
				}
			}
		})
	}
}

// userID returns the id of the demo user with the login.
func userID(t *testing.T, db *storage.DB, login string) string {
	t.Helper()
	var id string
	if err := db.ReadPool().QueryRow(`SELECT id FROM users WHERE login = ?`, login).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSeedMovesToTheClocksSchoolYear: seeded a year after the plan's own evening, the term, the
// winter break and the children's ages move with the clock: after-school care runs that autumn,
// holiday classes in that winter's break, and 陈小雨 is as old as in the plan.
func TestSeedMovesToTheClocksSchoolYear(t *testing.T) {
	ctx := context.Background()
	db := seeded(t, demoNow.AddDate(1, 0, 0))
	planning := storage.Planning{DB: db}
	care, _, err := planning.FindSessions(ctx, nil, linli.SessionFilter{Kind: linli.KindAfterSchool, From: date("2027-12-01"), To: date("2027-12-01")})
	if err != nil || len(care) != 1 {
		t.Errorf("after-school care on Wednesday 2027-12-01: %d sessions, %v", len(care), err)
	}
	winter, _, err := planning.FindSessions(ctx, nil, linli.SessionFilter{Kind: linli.KindHolidayClass, From: date("2028-01-24"), To: date("2028-02-25")})
	if err != nil || len(winter) == 0 {
		t.Errorf("holiday classes in the 2028 winter break: %d, %v", len(winter), err)
	}
	var birth string
	if err := db.ReadPool().QueryRow(`SELECT birth_date FROM children WHERE name = '陈小雨'`).Scan(&birth); err != nil || birth != "2019-05-12" {
		t.Errorf("陈小雨 born %q (%v), want 2019-05-12: as old as in the plan", birth, err)
	}
}
