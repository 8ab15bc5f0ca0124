package ical

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.ics from Encode")

func encode(t testing.TB, f Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, f); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// TestGoldenFeeds lints every fixture feed and compares it with its checked-in file, so that any
// change of the bytes clients receive is reviewed (go test -run TestGoldenFeeds -update).
func TestGoldenFeeds(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			got := encode(t, fx.feed)
			for _, err := range Lint(got) {
				t.Errorf("lint: %v", err)
			}
			for _, err := range LintWarnings(got) {
				t.Errorf("lint warning: %v", err)
			}
			if again := encode(t, fx.feed); !bytes.Equal(got, again) {
				t.Error("two encodings of the same feed differ")
			}
			path := filepath.Join("testdata", fx.name+".ics")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Encode differs from %s (run with -update if the change is intended):\n%s", path, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line of two feeds.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\r\n")), bytes.Split(want, []byte("\r\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return fmt.Sprintf("line %d\n got: %q\nwant: %q", i+1, gl, wl)
		}
	}
	return "(same lines, different bytes)"
}
