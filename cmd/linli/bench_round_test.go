package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchRoundDrawsAndVerifies: `linli bench round` on a small oversubscribed round with two
// places per child reports the close, the draw and the plain commit, and its result verifies;
// impossible sizes are refused.
func TestBenchRoundDrawsAndVerifies(t *testing.T) {
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "round", "--applications", "400", "--programs", "12", "--places", "2", "--dir", t.TempDir()}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	for _, want := range []string{"close (freeze", "draw (allocation and commit", "committed with no allocation", "draw / plain commit", "the result verifies"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("report without %q:\n%s", want, out.String())
		}
	}
	if err := run(context.Background(), []string{"bench", "round", "--wishes", "11"}, nil, &out, &errs); err == nil {
		t.Fatal("11 wishes were accepted")
	}
}
