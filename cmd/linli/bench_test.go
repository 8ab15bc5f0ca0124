package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestBenchRushIsExact(t *testing.T) {
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "rush", "--families", "120", "--seats", "7", "--bursts", "2", "--dir", t.TempDir()}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	// Each burst line shows 7 confirmed, 113 waitlisted and nobody refused.
	if n := strings.Count(out.String(), " 7         113        0 "); n != 2 || !strings.Contains(out.String(), "raw single-row durable transaction rate") {
		t.Fatalf("report:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"bench", "rush", "--seats", "3000"}, nil, &out, &errs); err == nil {
		t.Fatal("more seats than families was accepted")
	}
}
