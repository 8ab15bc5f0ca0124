package linli

import (
	"testing"
)

// TestRegionViewerSeesReportsOnly: a region viewer, who holds no role in any community, may read
// the reports of the communities below their region and the region itself; to every other
// action on every kind of object they are a stranger, with the same 404 (a child, a household, a
// neighbour visit, a roster) or 403 (a public session they may see but not run): viewing a
// region is never a way to a child's or a household's details.
func TestRegionViewerSeesReportsOnly(t *testing.T) {
	v := &Actor{User: User{ID: "viewer"}}
	stranger := &Actor{User: User{ID: "stranger"}}
	kinds := []ObjectKind{ObjServer, ObjCommunity, ObjGrid, ObjBuilding, ObjHousehold, ObjProgram, ObjSession,
		ObjServiceRecord, ObjCorrection, ObjVisitPlan, ObjConcern, ObjChild, ObjBooking, ObjRegion}
	for act := range rules {
		for _, kind := range kinds {
			for _, pk := range []string{KindAfterSchool, KindNeighborVisit} {
				obj := Object{Kind: kind, CommunityID: "c1", ProgramKind: pk, GuardianIDs: []string{"parent"},
					StaffIDs: []string{"teacher"}, AssignedIDs: []string{"volunteer"}, OwnerID: "volunteer"}
				// Storage reads the viewers of communities and regions only (FactViewers).
				if kind == ObjCommunity || kind == ObjRegion {
					obj.ViewerIDs = []string{"viewer"}
				}
				err := Authorize(v, act, obj)
				want := codeOf(Authorize(stranger, act, obj))
				if (act == ActReadReports || act == ActReadRegion) && obj.ViewerIDs != nil {
					want = ok
				}
				if got := codeOf(err); got != want {
					t.Errorf("action %d on a %s (%s) as the region's viewer: %q, want %q as a stranger", act, kind, pk, got, want)
				}
			}
		}
	}
	for _, kind := range []ObjectKind{ObjChild, ObjHousehold} {
		if got := codeOf(Authorize(v, ActManageChild, Object{Kind: kind, CommunityID: "c1"})); got != e404 {
			t.Errorf("a %s as a region viewer: %q, want 404", kind, got)
		}
	}
	// A viewer of another region is anyone.
	other := Object{Kind: ObjCommunity, CommunityID: "c1", ViewerIDs: []string{"someone else"}}
	if codeOf(Authorize(v, ActReadReports, other)) != ENotFound {
		t.Error("a viewer of another region reads the community's reports")
	}
}

// TestRegionLevels: a street sits under a district, a district under a city, a city under
// nothing; a region's level must stay one above its children's.
func TestRegionLevels(t *testing.T) {
	cases := []struct {
		name                     string
		level, parent, parentLvl string
		found                    bool
		children                 []string
		wantCode, wantField      string
	}{
		{"a street under a district", LevelStreet, "d", LevelDistrict, true, nil, "", ""},
		{"a street on its own", LevelStreet, "", "", false, nil, "", ""},
		{"a district under a city", LevelDistrict, "c", LevelCity, true, []string{LevelStreet}, "", ""},
		{"a street under a city", LevelStreet, "c", LevelCity, true, nil, EInvalid, "parent_id"},
		{"a street under a street", LevelStreet, "s", LevelStreet, true, nil, EInvalid, "parent_id"},
		{"a city under a city", LevelCity, "c", LevelCity, true, nil, EInvalid, "parent_id"},
		{"a district under a street", LevelDistrict, "s", LevelStreet, true, nil, EInvalid, "parent_id"},
		{"under no such region", LevelStreet, "x", "", false, nil, ENotFound, "parent_id"},
		{"a city with streets right below", LevelCity, "", "", false, []string{LevelStreet}, EInvalid, "level"},
		{"a street with a district below", LevelStreet, "", "", false, []string{LevelDistrict}, EInvalid, "level"},
	}
	for _, c := range cases {
		err := CheckRegionParent(c.level, c.parent, c.found, c.parentLvl, c.children)
		e, _ := err.(*Error)
		switch {
		case c.wantCode == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantCode != "" && (e == nil || e.Code != c.wantCode || e.Field != c.wantField):
			t.Errorf("%s: %v, want %s on %s", c.name, err, c.wantCode, c.wantField)
		}
	}
	self := "r1"
	r := Region{ID: "r1", Name: "x", Level: LevelStreet}
	if err := (&RegionChange{ParentID: &self}).Apply(&r); ErrorCode(err) != EInvalid {
		t.Errorf("a region its own parent: %v", err)
	}
	bad := "town"
	if err := (&RegionChange{Level: &bad}).Apply(&Region{Name: "x"}); ErrorCode(err) != EInvalid {
		t.Errorf("level town: %v", err)
	}
}
