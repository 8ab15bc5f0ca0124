package citygen

import (
	"context"
	"crypto/sha256"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testdb"
)

func TestShapeOfScalesTheSeedCity(t *testing.T) {
	for _, tc := range []struct {
		scale float64
		want  Shape
	}{
		{1, WholeCity},
		{0.1, Shape{100, 620, 3000, 77000, 15000, 2000}},
		{0.001, Shape{1, 6, 30, 770, 150, 20}},
		{0.00001, Shape{1, 1, 1, 8, 2, minStaff}},
	} {
		if got := ShapeOf(tc.scale); got != tc.want {
			t.Errorf("ShapeOf(%g) = %+v, want %+v", tc.scale, got, tc.want)
		}
	}
}

// TestTheSameSeedBuildsTheSameCity builds scale 0.001 twice with one seed and once with another:
// the people, children and households (names, phones, labels, birth dates) are the same with the
// same seed and differ with another; names are Chinese and logins mainland mobile numbers.
func TestTheSameSeedBuildsTheSameCity(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	digest := func(seed uint64) string {
		db, err := storage.Open(context.Background(), testdb.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.Now = func() time.Time { return now }
		if _, err := Build(context.Background(), db, Options{Scale: 0.001, Seed: seed, Now: now}); err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		mobile, chinese := regexp.MustCompile(`^1[3-9][0-9]{9}$`), regexp.MustCompile(`^\p{Han}{2,5}$`)
		for _, q := range []string{`SELECT name, login FROM users ORDER BY login`,
			`SELECT name, birth_date FROM children ORDER BY name, birth_date`,
			`SELECT label, contact_name, contact_phone, needs FROM households ORDER BY label, contact_phone`} {
			rows, err := db.ReadPool().Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var a, b, c, d string
				dest := []any{&a, &b}
				if q[7:12] == "label" {
					dest = append(dest, &c, &d)
				}
				if err := rows.Scan(dest...); err != nil {
					t.Fatal(err)
				}
				if q[7:11] == "name" && (!chinese.MatchString(a) || q[13:18] == "login" && !mobile.MatchString(b)) {
					t.Errorf("%s: %q %q does not look real", q, a, b)
				}
				fmt.Fprintln(h, a, b, c, d)
			}
			rows.Close()
		}
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	one, again, other := digest(5), digest(5), digest(6)
	if one != again || one == other {
		t.Errorf("seed 5 twice: %s, %s; seed 6: %s", one, again, other)
	}
}
