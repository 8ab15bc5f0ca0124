// Package bench measures linli's heavy reads on generated data sets. Nothing here runs in a plain
// `go test`: these are benchmarks, run with -bench.
package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testclock"
)

// Size of the class-hours data set.
const (
	benchSessions    = 50000 // delivered after-school and holiday-class sessions
	benchPerSession  = 20    // attendance rows of each: 1,000,000 in all
	benchChildren    = 2000
	benchTeachers    = 40
	benchPrograms    = 20
	benchUndelivered = 2000 // scheduled sessions the report must leave out
)

var (
	dataOnce sync.Once
	dataDir  string
	dataDB   *storage.DB
	dataComm string
	dataErr  error
)

// TestMain removes the data set, built at most once per run, when the run ends.
func TestMain(m *testing.M) {
	code := m.Run()
	if dataDB != nil {
		dataDB.Close()
	}
	if dataDir != "" {
		os.RemoveAll(dataDir)
	}
	os.Exit(code)
}

// classHoursData returns the database of the class-hours data set and its community, building
// it in a temporary file on first use.
func classHoursData(tb testing.TB) (*storage.DB, string) {
	tb.Helper()
	dataOnce.Do(func() {
		elapsed := testclock.Stopwatch()
		if dataDir, dataErr = os.MkdirTemp("", "linli-bench-"); dataErr != nil {
			return
		}
		if dataDB, dataErr = storage.Open(context.Background(), filepath.Join(dataDir, "classhours.db")); dataErr != nil {
			return
		}
		dataComm, dataErr = generate(dataDB.WritePool())
		fmt.Fprintf(os.Stderr, "class-hours data set: %d delivered sessions, %d attendance rows, built in %v\n",
			benchSessions, benchSessions*benchPerSession, elapsed().Round(time.Millisecond))
	})
	if dataErr != nil {
		tb.Fatal(dataErr)
	}
	return dataDB, dataComm
}

// generate writes the data set in one transaction with prepared statements: one community,
// teachers of the three types, programs, sessions from 2020 on (20 a day, 60 to 120 minutes,
// one or two staff), children and their attendance (present, late or absent).
func generate(db *sql.DB) (string, error) {
	tx, err := db.Begin()
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	const ts = "2026-01-01T00:00:00.000000Z"
	community := newID()
	if _, err := tx.Exec(`INSERT INTO communities (id, name, created_at, updated_at) VALUES (?, '基准社区', ?, ?)`, community, ts, ts); err != nil {
		return "", err
	}
	stmt := func(q string) *sql.Stmt {
		s, perr := tx.Prepare(q)
		if perr != nil && err == nil {
			err = perr
		}
		return s
	}
	user := stmt(`INSERT INTO users (id, name, login, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?)`)
	program := stmt(`INSERT INTO programs (id, community_id, kind, title, category, capacity, lesson_minutes, schedule, start_date, end_date,
		day_filter, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 30, ?, '{}', '2020-01-01', '2026-12-31', 'all_days', ?, ?)`)
	session := stmt(`INSERT INTO sessions (id, program_id, community_id, kind, title, category, starts_at, ends_at, local_date, plan_date,
		capacity, confirmed, status, delivered_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 30, ?, ?, ?, ?, ?)`)
	staff := stmt(`INSERT INTO session_staff (session_id, user_id, teacher_type, position, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)`)
	child := stmt(`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, ?, '2018-01-01', ?, ?, ?)`)
	attend := stmt(`INSERT INTO attendance (session_id, child_id, status, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	teachers := make([]string, benchTeachers)
	for i := range teachers {
		teachers[i] = newID()
		if _, err := user.Exec(teachers[i], fmt.Sprintf("教师%02d", i), fmt.Sprintf("t%02d@bench.test", i), ts, ts); err != nil {
			return "", err
		}
	}
	types := []string{linli.TeacherSchool, linli.TeacherCommunity, linli.TeacherResident}
	programs := make([]string, benchPrograms)
	kinds := []string{linli.KindAfterSchool, linli.KindHolidayClass}
	for i := range programs {
		programs[i] = newID()
		var lesson any
		if i%4 == 0 {
			lesson = 45
		}
		if _, err := program.Exec(programs[i], community, kinds[i%2], fmt.Sprintf("课程%02d", i), linli.Categories[i%len(linli.Categories)], lesson, ts, ts); err != nil {
			return "", err
		}
	}
	children := make([]string, benchChildren)
	for i := range children {
		children[i] = newID()
		if _, err := child.Exec(children[i], fmt.Sprintf("儿童%04d", i), teachers[0], ts, ts); err != nil {
			return "", err
		}
	}
	loc, _ := time.LoadLocation(linli.DefaultTimezone)
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, loc)
	statuses := []string{linli.AttendancePresent, linli.AttendancePresent, linli.AttendancePresent, linli.AttendancePresent, linli.AttendancePresent,
		linli.AttendancePresent, linli.AttendancePresent, linli.AttendancePresent, linli.AttendanceLate, linli.AttendanceAbsent}
	for i := range benchSessions + benchUndelivered {
		id, p := newID(), i%benchPrograms
		startAt := day0.AddDate(0, 0, i/20).Add(time.Duration(8*60+(i%20)*30) * time.Minute)
		endAt := startAt.Add(time.Duration(60+(i%3)*30) * time.Minute)
		status, delivered := linli.SessionDelivered, any(utc(endAt))
		if i >= benchSessions {
			status, delivered = linli.SessionScheduled, nil
		}
		start, end, date := utc(startAt), utc(endAt), startAt.Format(time.DateOnly)
		if _, err := session.Exec(id, programs[p], community, kinds[p%2], fmt.Sprintf("课程%02d", p), linli.Categories[p%len(linli.Categories)],
			start, end, date, date, benchPerSession, status, delivered, ts, ts); err != nil {
			return "", err
		}
		for k := range 1 + i%2 {
			t := (i + k*7) % benchTeachers
			if _, err := staff.Exec(id, teachers[t], types[t%3], k, start, end); err != nil {
				return "", err
			}
		}
		if i >= benchSessions {
			continue
		}
		for k := range benchPerSession {
			if _, err := attend.Exec(id, children[(i*7+k)%benchChildren], statuses[(i+k)%len(statuses)], teachers[0], ts); err != nil {
				return "", err
			}
		}
	}
	return community, tx.Commit()
}

// newID returns a time-ordered id, as the server makes them.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

func utc(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// handSQL is the class-hours report by teacher type written by hand as one query: the rows and
// the totals (each session once), rounded as the report rounds.
const handSQL = `WITH d AS MATERIALIZED (
		SELECT s.id, (unixepoch(s.ends_at) - unixepoch(s.starts_at)) / 3600.0 AS hours,
			(unixepoch(s.ends_at) - unixepoch(s.starts_at)) / 60.0 / COALESCE(p.lesson_minutes, m.lesson_minutes) AS periods,
			(SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id AND a.status IN ('present', 'late')) AS attended
		FROM sessions s JOIN programs p ON p.id = s.program_id JOIN communities m ON m.id = s.community_id
		WHERE s.community_id = ? AND s.status = 'delivered' AND s.kind IN ('after_school', 'holiday_class'))
	SELECT x.teacher_type, COUNT(*), ROUND(SUM(d.hours), 2), ROUND(SUM(d.periods), 2), ROUND(SUM(d.attended * d.hours), 2)
	FROM d JOIN session_staff x ON x.session_id = d.id GROUP BY x.teacher_type
	UNION ALL
	SELECT '', COUNT(*), ROUND(SUM(hours), 2), ROUND(SUM(periods), 2), ROUND(SUM(attended * hours), 2) FROM d`

// reportByHand runs handSQL and returns the rows by key, the totals under "".
func reportByHand(ctx context.Context, db *sql.DB, community string) (map[string]linli.ClassHoursRow, error) {
	rows, err := db.QueryContext(ctx, handSQL, community)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]linli.ClassHoursRow{}
	for rows.Next() {
		var r linli.ClassHoursRow
		if err := rows.Scan(&r.Key, &r.Sessions, &r.Hours, &r.LessonPeriods, &r.ChildHours); err != nil {
			return nil, err
		}
		out[r.Key] = r
	}
	return out, rows.Err()
}

var benchAdmin = &linli.Actor{User: linli.User{ID: "bench", IsAdmin: true, Locale: linli.LocaleZH}}

// reportByService runs the class-hours report by teacher type, as the API does, and returns the
// rows by key, the totals under "".
func reportByService(ctx context.Context, db *storage.DB, community string) (map[string]linli.ClassHoursRow, error) {
	rep, err := storage.Attendance{DB: db}.ClassHours(ctx, benchAdmin, linli.ClassHoursFilter{CommunityID: community, GroupBy: linli.ClassHoursByTeacherType})
	if err != nil {
		return nil, err
	}
	out := map[string]linli.ClassHoursRow{"": {Sessions: rep.Totals.Sessions, Hours: rep.Totals.Hours, LessonPeriods: rep.Totals.LessonPeriods, ChildHours: rep.Totals.ChildHours}}
	for _, r := range rep.Rows {
		out[r.Key] = linli.ClassHoursRow{Key: r.Key, Sessions: r.Sessions, Hours: r.Hours, LessonPeriods: r.LessonPeriods, ChildHours: r.ChildHours}
	}
	return out, nil
}

// BenchmarkClassHoursReport is the class-hours report by teacher type over the whole data set.
func BenchmarkClassHoursReport(b *testing.B) {
	db, community := classHoursData(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := reportByService(ctx, db, community); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassHoursHandSQL is the same aggregate as one hand-written query.
func BenchmarkClassHoursHandSQL(b *testing.B) {
	db, community := classHoursData(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := reportByHand(ctx, db.ReadPool(), community); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassHoursRatio checks that the report and the hand-written query agree on the data
// set, then measures both (best of three alternating rounds each) and reports the times and their
// ratio (the target is at most 1.5): go test -run '^$' -bench ClassHoursRatio -benchtime 1x ./test/bench.
func BenchmarkClassHoursRatio(b *testing.B) {
	db, community := classHoursData(b)
	ctx := context.Background()
	byService, err := reportByService(ctx, db, community)
	if err != nil {
		b.Fatal(err)
	}
	byHand, err := reportByHand(ctx, db.ReadPool(), community)
	if err != nil {
		b.Fatal(err)
	}
	if !reflect.DeepEqual(byService, byHand) {
		b.Fatalf("the report and the hand-written query disagree:\nreport %+v\nby hand %+v", byService, byHand)
	}
	if got := byService[""].Sessions; got != benchSessions {
		b.Fatalf("the report counts %d sessions, want %d", got, benchSessions)
	}
	// Alternate the two a few times and keep the best of each, so that a busy machine in one
	// moment does not decide the ratio. (testing.Benchmark cannot run inside a benchmark.)
	best := func(prev time.Duration, run func() error) time.Duration {
		const runs = 5
		elapsed := testclock.Stopwatch()
		for range runs {
			if err := run(); err != nil {
				b.Fatal(err)
			}
		}
		d := elapsed() / runs
		if prev == 0 || d < prev {
			return d
		}
		return prev
	}
	var reportTime, handTime time.Duration
	for range 3 {
		reportTime = best(reportTime, func() error { _, err := reportByService(ctx, db, community); return err })
		handTime = best(handTime, func() error { _, err := reportByHand(ctx, db.ReadPool(), community); return err })
	}
	ratio := float64(reportTime) / float64(handTime)
	b.Logf("class hours over %d delivered sessions and %d attendance rows:", benchSessions, benchSessions*benchPerSession)
	b.Logf("  report (storage + linli.ClassHoursTally): %v", reportTime)
	b.Logf("  one hand-written SQL query:               %v", handTime)
	b.Logf("  ratio %.2f (target ≤ 1.5)", ratio)
	b.ReportMetric(float64(reportTime)/1e6, "report-ms")
	b.ReportMetric(float64(handTime)/1e6, "hand-sql-ms")
	b.ReportMetric(ratio, "ratio")
}
