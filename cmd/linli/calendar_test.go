package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

func TestCalendarImport(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "linli.db"), filepath.Join(dir, "2028.json")
	year := `{"year": 2028, "papers": [], "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true},
		{"name": "春节", "date": "2028-01-26", "isOffDay": true}, {"name": "春节", "date": "2028-01-23", "isOffDay": false}]}`
	if err := os.WriteFile(file, []byte(year), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"calendar", "import", "--db", db, file}, nil, &out, &errb); err != nil {
		t.Fatalf("calendar import: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "cn: imported") || !strings.Contains(out.String(), "re-planned 0 programs") {
		t.Errorf("report: %s", out.String())
	}
	d, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c, err := storage.Planning{DB: d}.FindCalendar(context.Background(), "cn")
	if err != nil {
		t.Fatal(err)
	}
	var source string
	for _, y := range c.Years {
		if y.Year == 2028 {
			source = y.Source
		}
	}
	if source != "imported" {
		t.Errorf("2028 is %q after the import, want imported", source)
	}
	jan26, _ := linli.ParseDate("2028-01-26")
	jan24, _ := linli.ParseDate("2028-01-24")
	days, err := storage.Planning{DB: d}.FindDays(context.Background(), "cn", jan24, jan26)
	if err != nil || days[0].Reason != "weekday" || days[0].Provisional || days[2].Reason != "public_holiday" {
		t.Errorf("2028-01-24 … 26 after the import: %+v (%v); want the file's days, not provisional ones", days, err)
	}

	os.WriteFile(file, []byte(`{"year": 2029, "papers": [], "days": []}`), 0o600)
	if err := run(context.Background(), []string{"calendar", "import", "--db", db, file}, nil, &out, &errb); err == nil ||
		!strings.Contains(err.Error(), "not announced") {
		t.Errorf("a year with no days: %v", err)
	}
	if err := run(context.Background(), []string{"calendar", "import", "--db", db}, nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("no file: %v", err)
	}
}
