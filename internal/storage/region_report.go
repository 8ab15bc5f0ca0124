package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/linli/linli/internal/linli"
)

// regionCommunity is a community below a region as its reports read it.
type regionCommunity struct {
	linli.CommunityRef
	loc *time.Location
}

// reportCommunities authorises a's reading of the reports over region id (its administrators
// and the viewers of it or of a region above; 404 to anyone else) and lists the communities
// below it, by name, with their time zones.
func (s Regions) reportCommunities(ctx context.Context, a *linli.Actor, id string) ([]regionCommunity, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	if _, err := authorize(ctx, s.read, a, linli.ActReadRegion, linli.ObjRegion, id); err != nil {
		return nil, err
	}
	var out []regionCommunity
	err := forRows(ctx, s.read, regionsBelow+` SELECT c.id, c.name, c.timezone FROM communities c JOIN below b ON b.id = c.region_id ORDER BY c.name, c.id`,
		[]any{id}, func(rows *sql.Rows) error {
			var c regionCommunity
			var tz string
			err := rows.Scan(&c.ID, &c.Name, &tz)
			c.loc = location(tz)
			out = append(out, c)
			return err
		})
	return out, translate(err)
}

// fanOut adds each session to several tallies.
type fanOut []*linli.ClassHoursTally

func (f fanOut) Add(s *linli.DeliveredSession) {
	for _, t := range f {
		t.Add(s)
	}
}

// RegionClassHours tallies the delivered sessions of every community below a region, each on
// its own local dates f.From..f.To and months in its own zone, exactly as each community's
// report counts them: grouped as a community's report is, or by community (one row each, by
// name, with the communities that delivered nothing at zero). The totals count each session once.
func (s Regions) RegionClassHours(ctx context.Context, a *linli.Actor, regionID string, f linli.ClassHoursFilter) (*linli.ClassHoursReport, error) {
	comms, err := s.reportCommunities(ctx, a, regionID)
	if err != nil {
		return nil, err
	}
	if err := f.ValidateOverRegion(); err != nil {
		return nil, err
	}
	locale := a.User.Locale
	rep := &linli.ClassHoursReport{RegionID: regionID, GroupBy: f.GroupBy, Rows: []linli.ClassHoursRow{}}
	if !f.From.IsZero() {
		rep.From = &f.From
	}
	if !f.To.IsZero() {
		rep.To = &f.To
	}
	byCommunity := f.GroupBy == linli.GroupByCommunity
	groupBy := f.GroupBy
	if byCommunity {
		groupBy = linli.ClassHoursByKind
	}
	all := linli.NewClassHoursTally(groupBy, time.UTC, locale)
	ratings := map[string]linli.Rating{}
	for _, c := range comms {
		cf := f
		cf.CommunityID, cf.GroupBy = c.ID, groupBy
		all.In(c.loc)
		tallies := fanOut{all}
		var own *linli.ClassHoursTally
		if byCommunity {
			own = linli.NewClassHoursTally(groupBy, c.loc, locale)
			tallies = append(tallies, own)
		}
		if err := tallyDelivered(ctx, s.read, cf, tallies); err != nil {
			return nil, translate(err)
		}
		if own != nil {
			_, row := own.Result(nil, nil)
			row.Key, row.Label = c.ID, c.Name
			rep.Rows = append(rep.Rows, row)
		}
		if groupBy == linli.ClassHoursByProgram {
			rs, err := programRatings(ctx, s.read, cf)
			if err != nil {
				return nil, translate(err)
			}
			for k, v := range rs {
				ratings[k] = v
			}
		}
	}
	if byCommunity {
		_, rep.Totals = all.Result(nil, nil)
		return rep, nil
	}
	var names map[string]string
	if f.GroupBy == linli.ClassHoursByTeacher {
		if names, err = userNames(ctx, s.read, all.Keys()); err != nil {
			return nil, translate(err)
		}
	}
	rep.Rows, rep.Totals = all.Result(names, ratings)
	return rep, nil
}

// RegionVolunteerHours sums the approved service hours of every community below a region, each
// on its own local dates of check-in and months in its own zone: grouped as a community's report
// is, or by community (one row each, by name). Totals count each volunteer once however many
// communities they served.
func (s Regions) RegionVolunteerHours(ctx context.Context, a *linli.Actor, regionID string, in linli.Input[linli.ServiceHoursFilter]) (*linli.ServiceHoursReport, error) {
	comms, err := s.reportCommunities(ctx, a, regionID)
	if err != nil {
		return nil, err
	}
	f, err := in()
	if err != nil {
		return nil, err
	}
	if err := f.ValidateOverRegion(); err != nil {
		return nil, err
	}
	var facts []linli.ServiceFact
	var rows []linli.ServiceHoursRow
	for _, c := range comms {
		own, err := serviceFacts(ctx, s.read, c.ID, c.loc, f.From, f.To)
		if err != nil {
			return nil, translate(err)
		}
		facts = append(facts, own...)
		if f.GroupBy == linli.GroupByCommunity {
			sum := linli.SummariseService(own, linli.GroupByKind, time.UTC)
			rows = append(rows, linli.ServiceHoursRow{Key: c.ID, Label: c.Name, Records: sum.Totals.Records, Hours: sum.Totals.Hours})
		}
	}
	if f.GroupBy == linli.GroupByCommunity {
		rep := linli.SummariseService(facts, linli.GroupByKind, time.UTC)
		rep.Rows = append([]linli.ServiceHoursRow{}, rows...)
		return &rep, nil
	}
	rep := linli.SummariseService(facts, f.GroupBy, time.UTC)
	return &rep, nil
}

// serviceFacts reads the approved service records of one community with check-in on its local
// dates from..to, each check-in on the community's wall clock as if it were UTC (for
// linli.SummariseService in UTC).
func serviceFacts(ctx context.Context, q querier, communityID string, loc *time.Location, from, to linli.Date) ([]linli.ServiceFact, error) {
	lo, hi := serviceBounds(from, to, loc)
	var out []linli.ServiceFact
	err := forRows(ctx, q, `SELECT r.user_id, u.name, s.kind, r.check_in, r.minutes
		FROM service_records r JOIN users u ON u.id = r.user_id JOIN sessions s ON s.id = r.session_id
		WHERE r.status = 'approved' AND r.community_id = ? AND r.check_in >= ? AND r.check_in < ?`, []any{communityID, lo, hi},
		func(rows *sql.Rows) error {
			var f linli.ServiceFact
			var in instant
			err := rows.Scan(&f.UserID, &f.UserName, &f.Kind, &in, &f.Minutes)
			// The community's wall clock, read as UTC: the months of a region's communities
			// each in their own zone.
			local := in.Time.In(loc)
			f.CheckIn = time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
			out = append(out, f)
			return err
		})
	return out, err
}
