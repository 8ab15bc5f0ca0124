package citygen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// Shape is the size of a city: how many of each thing it has in all.
type Shape struct {
	Communities, Grids, Buildings, Households, Children, Staff int
}

// WholeCity is the city of DOMAIN.md's setting, scale 1.0.
var WholeCity = Shape{Communities: 1000, Grids: 6200, Buildings: 30000, Households: 770000, Children: 150000, Staff: 20000}

// minStaff is the fewest staff a community gets: a coordinator, three kinds of teacher and
// two volunteers, so that every program has its staff.
const minStaff = 6

// ShapeOf returns the city at the given scale (WholeCity times scale, rounded, with at least one
// community, and in each community at least one grid, building and household per grid and
// building, and minStaff staff).
func ShapeOf(scale float64) Shape {
	n := func(whole int) int { return int(math.Round(float64(whole) * scale)) }
	s := Shape{Communities: max(1, n(WholeCity.Communities))}
	s.Grids = max(s.Communities, n(WholeCity.Grids))
	s.Buildings = max(s.Grids, n(WholeCity.Buildings))
	s.Households = max(s.Buildings, n(WholeCity.Households))
	s.Children = max(s.Communities, n(WholeCity.Children))
	s.Staff = max(s.Communities*minStaff, n(WholeCity.Staff))
	return s
}

// share is community i's share of total over n communities: the even split, the first ones
// taking one more of the remainder.
func share(total, n, i int) int {
	k := total / n
	if i < total%n {
		k++
	}
	return k
}

// Options say which city to build.
type Options struct {
	Scale float64
	Seed  uint64
	// Now is the instant the city is built at: its school year is the one under way then (from
	// August on, the one starting that September), and the term's attendance runs up to it.
	Now time.Time
	// Progress, if set, is told after each community.
	Progress func(done, total int)
}

// Phases are the build's phases, in order, as reported.
var Phases = []string{"places", "people", "programs", "visit plans", "bookings", "attendance"}

// Report is what a build did: how long each phase took (summed over communities) and the
// counts written.
type Report struct {
	Shape     Shape
	Durations map[string]time.Duration
	Total     time.Duration
	Parents   int
	Sessions  int
	Bookings  int
	Attended  int
	Plans     int
	Retries   int // communities written again after the database refused them as busy
}

// buildAttempts is how many times a community's transaction is tried.
const buildAttempts = 3

// add adds a community's counts and durations to the report.
func (r *Report) add(c *Report) {
	for k, d := range c.Durations {
		r.Durations[k] += d
	}
	r.Parents += c.Parents
	r.Sessions += c.Sessions
	r.Bookings += c.Bookings
	r.Attended += c.Attended
	r.Plans += c.Plans
}

// Password is the password of every person of the city (hashed once, cheaply: the bench signs
// people in by writing their sessions, not by checking passwords).
const Password = "linli-city"

// Build writes the city into db, one transaction per community, and returns the report.
func Build(ctx context.Context, db *storage.DB, o Options) (*Report, error) {
	t0 := time.Now()
	shape := ShapeOf(o.Scale)
	rep := &Report{Shape: shape, Durations: map[string]time.Duration{}}
	hash, err := auth.NewHasher(auth.Params{MemoryKiB: 64, Time: 1, Threads: 1}, 1).Hash(ctx, Password)
	if err != nil {
		return nil, err
	}
	accounts := storage.Accounts{DB: db}
	admin, err := accounts.CreateAdmin(ctx, linli.Registration{Name: "全市管理员", Login: mobile(0, o.Seed), Password: Password})
	if err != nil {
		return nil, fmt.Errorf("citygen: administrator: %w", err)
	}
	a := &linli.Actor{User: *admin}
	year := schoolYear(o.Now)
	cal, err := cityCalendar(ctx, db, a, year)
	if err != nil {
		return nil, fmt.Errorf("citygen: calendar: %w", err)
	}
	person := 1 // the city-wide index of the next person, for unique mobile numbers
	for i := range shape.Communities {
		var c *community
		for attempt := 1; ; attempt++ {
			// A fresh start each attempt: the same seed gives the same community again.
			c = &community{i: i, o: o, year: year, calendar: cal, hash: hash, person: person,
				rep: &Report{Durations: map[string]time.Duration{}}, r: rand.New(rand.NewPCG(o.Seed, uint64(i))),
				grids: share(shape.Grids, shape.Communities, i), buildings: share(shape.Buildings, shape.Communities, i),
				households: share(shape.Households, shape.Communities, i), children: share(shape.Children, shape.Communities, i),
				staff: share(shape.Staff, shape.Communities, i)}
			err := db.Bulk(ctx, a, c.build)
			if err == nil {
				break
			}
			// A busy shared PostgreSQL may refuse a long transaction (too many connections, a
			// serialization failure after its retries); nothing was written, so try again.
			if linli.ErrorCode(err) != linli.EUnavailable || attempt == buildAttempts || ctx.Err() != nil {
				return nil, fmt.Errorf("citygen: community %d: %w", i+1, err)
			}
			rep.Retries++
		}
		rep.add(c.rep)
		person = c.person
		if o.Progress != nil {
			o.Progress(i+1, shape.Communities)
		}
	}
	rep.Total = time.Since(t0)
	return rep, nil
}

// year is the school year the city is planned for.
type year struct {
	start, end              linli.Date // 1 September, 31 August
	winterFrom, winterTo    linli.Date
	summerFrom, termTwoFrom linli.Date
	now                     time.Time
}

func schoolYear(now time.Time) year {
	today := linli.DateOf(now, linli.ChinaTime)
	y := today.Year()
	if today.Month() < time.August {
		y--
	}
	return year{
		start: linli.NewDate(y, time.September, 1), end: linli.NewDate(y+1, time.August, 31),
		winterFrom: linli.NewDate(y+1, time.January, 23), winterTo: linli.NewDate(y+1, time.February, 28),
		termTwoFrom: linli.NewDate(y+1, time.March, 1), summerFrom: linli.NewDate(y+1, time.July, 11),
		now: now,
	}
}

// cityCalendar makes the city's school calendar, the national one with the winter and summer
// breaks marked, through the normal path.
func cityCalendar(ctx context.Context, db *storage.DB, a *linli.Actor, y year) (string, error) {
	planning := storage.Planning{DB: db}
	cal, err := planning.CreateCalendar(ctx, a, linli.Given(linli.NewCalendar{Name: "沈阳市中小学校历", BaseID: linli.DefaultCalendarID}))
	if err != nil {
		return "", err
	}
	breaks := linli.DaysChange{Ranges: []linli.DayRange{
		{From: y.winterFrom, To: y.winterTo, Kind: "school_break", Note: "寒假"},
		{From: y.summerFrom, To: y.end, Kind: "school_break", Note: "暑假"},
	}}
	if _, err := planning.MarkDays(ctx, a, cal.ID, linli.Given(breaks)); err != nil {
		return "", err
	}
	return cal.ID, nil
}
