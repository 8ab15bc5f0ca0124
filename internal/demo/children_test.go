package demo

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestSeedChildren checks that each demo parent signs in to find their children, with consent to
// the current policy and a grandparent allowed to collect each.
func TestSeedChildren(t *testing.T) {
	ctx := context.Background()
	db := seeded(t, demoNow)
	accounts, children := storage.Accounts{DB: db}, storage.Children{DB: db}
	for login, want := range map[string][]string{"13800000007": {"陈小雨", "陈小阳"}, "13800000008": {"刘一鸣"}} {
		_, token, err := accounts.Login(ctx, linli.Credentials{Login: login, Password: Password}, "127.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		parent, err := accounts.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		kids, _, err := children.FindChildren(ctx, parent, linli.Given(linli.Page{}))
		if err != nil || len(kids) != len(want) {
			t.Fatalf("%s has children %+v, %v; want %v", login, kids, err, want)
		}
		for i, k := range kids {
			if k.Name != want[i] || k.Consent == nil || k.Consent.PolicyVersion != linli.ChildPolicyVersion || k.Consent.UserID != parent.User.ID {
				t.Errorf("%s's child %+v", login, k)
			}
			pickups, _, err := children.FindPickupPersons(ctx, parent, k.ID, linli.Page{})
			if err != nil || len(pickups) != 1 || (pickups[0].Relation != "奶奶" && pickups[0].Relation != "爷爷") {
				t.Errorf("%s's pickups %+v, %v", k.Name, pickups, err)
			}
		}
	}
}
