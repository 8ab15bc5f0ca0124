package storage

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
)

// TestObjectFacts: the facts a rule reads are the stored ones, and only those its action needs:
// a session's staff for a change of it, the guardians of the children booked into it for a
// rating; a child's guardians; a program's staff counting its sessions' staff; the community of a
// household; and an object that does not exist, or an id that cannot be one, is absent.
func TestObjectFacts(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	session, parents, children := seedRush(t, d, 2, 2)
	admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
	var program, community string
	if err := d.read.QueryRow(`SELECT program_id, community_id FROM sessions WHERE id = ?`, session).Scan(&program, &community); err != nil {
		t.Fatal(err)
	}
	staff := uuid.NewString()
	now := fmtTime(d.Now())
	if _, err := d.write.Exec(`INSERT INTO users (id, name, login, password_hash, created_at, updated_at) VALUES (?, '志愿者', ?, '-', ?, ?)`,
		staff, staff, now, now); err != nil {
		t.Fatal(err)
	}
	if _, err := (Communities{d}).AddMember(ctx, admin, community, linli.Given(linli.NewMember{UserID: staff, Role: linli.RoleVolunteer})); err != nil {
		t.Fatal(err)
	}
	if _, err := (Planning{d}).UpdateSession(ctx, admin, session, linli.Given(linli.SessionChange{StaffIDs: &[]string{staff}})); err != nil {
		t.Fatal(err)
	}
	if _, err := (Bookings{d}).Book(ctx, parents[0], linli.Given(linli.BookingRequest{ChildID: children[0], SessionID: session})); err != nil {
		t.Fatal(err)
	}
	grid, err := (Communities{d}).CreateGrid(ctx, admin, community, linli.Given(linli.Named{Name: "一网格"}))
	if err != nil {
		t.Fatal(err)
	}
	building, err := (Communities{d}).CreateBuilding(ctx, admin, grid.ID, linli.Given(linli.Named{Name: "3 号楼"}))
	if err != nil {
		t.Fatal(err)
	}
	label := "1 单元 101 室"
	household, err := (Communities{d}).CreateHousehold(ctx, admin, building.ID, linli.Given(linli.HouseholdChange{Label: &label}))
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		act  linli.Action
		kind linli.ObjectKind
		id   string
		want linli.Object
	}{
		{"a change of a session", linli.ActEditSession, linli.ObjSession, session,
			linli.Object{CommunityID: community, ProgramKind: linli.KindHolidayClass, StaffIDs: []string{staff}}},
		{"a rating of a session", linli.ActRateSession, linli.ObjSession, session,
			linli.Object{CommunityID: community, ProgramKind: linli.KindHolidayClass, GuardianIDs: []string{parents[0].UserID()}}},
		{"a change of a program", linli.ActEditProgram, linli.ObjProgram, program,
			linli.Object{CommunityID: community, ProgramKind: linli.KindHolidayClass, StaffIDs: []string{staff}}},
		{"a child's record", linli.ActManageChild, linli.ObjChild, children[1],
			linli.Object{GuardianIDs: []string{parents[1].UserID()}}},
		{"a household", linli.ActManagePlaces, linli.ObjHousehold, household.ID, linli.Object{CommunityID: community}},
		{"a building", linli.ActManagePlaces, linli.ObjBuilding, building.ID, linli.Object{CommunityID: community}},
		{"a community", linli.ActEditCommunity, linli.ObjCommunity, community, linli.Object{CommunityID: community}},
		{"a session that does not exist", linli.ActEditSession, linli.ObjSession, uuid.NewString(), linli.Object{Absent: true}},
		{"an id that cannot be a child's", linli.ActManageChild, linli.ObjChild, "../children", linli.Object{Absent: true}},
	}
	for _, c := range cases {
		c.want.Kind = c.kind
		got, err := objectFacts(ctx, d.read, c.act, c.kind, c.id)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Kind != c.want.Kind || got.Absent != c.want.Absent || got.CommunityID != c.want.CommunityID || got.ProgramKind != c.want.ProgramKind ||
			!slices.Equal(got.StaffIDs, c.want.StaffIDs) || !slices.Equal(got.GuardianIDs, c.want.GuardianIDs) {
			t.Errorf("%s: facts %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestAuthorizeInTheWriteTransaction: a change checks permission with the facts as they are in
// its own transaction, so a guardian removed from a child is refused the moment they are, and a
// refused change never reads its body.
func TestAuthorizeInTheWriteTransaction(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, parents, children := seedRush(t, d, 1, 1)
	notes, policy := "对花生过敏", linli.ChildPolicyVersion
	change := linli.Given(linli.ChildChange{Notes: &notes, ConsentPolicyVersion: &policy})
	if _, err := (Children{d}).UpdateChild(ctx, parents[0], children[0], change); err != nil {
		t.Fatalf("the guardian may change the child's record: %v", err)
	}
	if _, err := d.write.Exec(`DELETE FROM child_guardians WHERE child_id = ?`, children[0]); err != nil {
		t.Fatal(err)
	}
	_, err := (Children{d}).UpdateChild(ctx, parents[0], children[0], change)
	if linli.ErrorCode(err) != linli.ENotFound {
		t.Errorf("a former guardian changed the child's record: %v", err)
	}
	read := false
	_, err = (Children{d}).UpdateChild(ctx, parents[0], children[0], func() (linli.ChildChange, error) {
		read = true
		return linli.ChildChange{}, nil
	})
	if linli.ErrorCode(err) != linli.ENotFound || read {
		t.Errorf("a refused change read its body (%v) or was not refused: %v", read, err)
	}
}
