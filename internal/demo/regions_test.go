package demo

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestSeedRegions: the demo's district official signs in to a district of one street with two
// communities, whose class hours over the district add up the two.
func TestSeedRegions(t *testing.T) {
	ctx := context.Background()
	db := seeded(t, demoNow)
	u, _, err := storage.Accounts{DB: db}.Login(ctx, linli.Credentials{Login: RegionViewerLogin, Password: Password}, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	a := &linli.Actor{User: *u}
	rs := storage.Regions{DB: db}
	mine, _, err := rs.FindRegions(ctx, a, linli.Page{})
	if err != nil || len(mine) != 1 || mine[0].Name != "和平区" {
		t.Fatalf("the viewer's regions: %+v %v", mine, err)
	}
	r, err := rs.FindRegion(ctx, a, mine[0].ID)
	if err != nil || len(r.Communities) != 2 || len(r.Children) != 1 || r.Children[0].Name != "太原街街道" {
		t.Fatalf("和平区: %+v %v", r, err)
	}
	rep, err := rs.RegionClassHours(ctx, a, r.ID, linli.ClassHoursFilter{GroupBy: linli.GroupByCommunity})
	if err != nil || len(rep.Rows) != 2 || rep.Rows[0].Sessions == 0 || rep.Rows[1].Sessions == 0 ||
		rep.Totals.Sessions != rep.Rows[0].Sessions+rep.Rows[1].Sessions {
		t.Errorf("class hours over 和平区: %+v %v", rep, err)
	}
}
