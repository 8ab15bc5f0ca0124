package demo

import (
	"context"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/sqlite"
)

// TestSeedJourneys seeds the demo on two different evenings and finds, each time relative to
// that evening, what the first month's journeys show: a class full with a child waiting, a
// shift 周强 can still sign up for, visits both logged and overdue, hours awaiting approval, and
// unread notices for the parent 陈静 and the volunteer 周强.
func TestSeedJourneys(t *testing.T) {
	for _, now := range []time.Time{demoNow, demoNow.AddDate(0, 0, 17).Add(-9 * time.Hour)} {
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
			communities, _, err := sqlite.Communities{DB: db}.FindCommunities(ctx, linli.Page{})
			if err != nil {
				t.Fatal(err)
			}
			admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
			rep, err := sqlite.Volunteers{DB: db}.FindOverdueVisits(ctx, admin, communities[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			overdue = len(rep.Visits)
			if fullWaiting == 0 || openShifts == 0 || logged == 0 || overdue == 0 || pending == 0 {
				t.Errorf("full classes with a line %d, shifts open to 周强 %d, logged visits %d, overdue %d, pending hours %d",
					fullWaiting, openShifts, logged, overdue, pending)
			}
			for _, login := range []string{"13800000007", "13800000005"} {
				inbox, err := sqlite.Notifications{DB: db}.FindNotifications(ctx, &linli.Actor{User: linli.User{ID: userID(t, db, login)}}, linli.NotificationFilter{Unread: true, Page: linli.Page{Limit: 5}})
				if err != nil || inbox.UnreadCount == 0 {
					t.Errorf("%s has no unread notice: %+v, %v", login, inbox, err)
				}
			}
		})
	}
}

// userID returns the id of the demo user with the login.
func userID(t *testing.T, db *sqlite.DB, login string) string {
	t.Helper()
	var id string
	if err := db.ReadPool().QueryRow(`SELECT id FROM users WHERE login = ?`, login).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
