package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/linli/linli/internal/linli"
)

const roundUsage = "usage: linli round verify RESULT.json (or - for standard input)"

// Exit statuses of `linli round verify`.
const (
	roundVerified    = 0 // every published value recomputes
	roundDiffers     = 1 // the first difference is printed
	roundUnreadable  = 2 // no file, not JSON, not a round result, or a usage error
	roundResultLimit = 64 << 20
)

// roundCmd runs `linli round verify RESULT.json`: it reads a result published by
// GET /rounds/{id}/result (a file, or - for standard input) and recomputes it offline, with no
// database: both digests, the commitment, the draw seed, every lottery number, every place and
// every waiting-list position. It prints "OK" and a summary, or the first difference, and returns
// the exit status.
func roundCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 2 || args[0] != "verify" {
		fmt.Fprintln(stderr, roundUsage)
		return roundUnreadable
	}
	r, err := readRoundResult(args[1], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "linli round verify: %v\n", err)
		return roundUnreadable
	}
	if err := linli.VerifyRoundResult(r); err != nil {
		fmt.Fprintf(stdout, "DIFFERENT %s\n", err)
		return roundDiffers
	}
	fmt.Fprintln(stdout, roundSummary(r))
	return roundVerified
}

// readRoundResult reads and decodes a published result; it refuses JSON that is not one.
func readRoundResult(name string, stdin io.Reader) (linli.RoundResult, error) {
	var r linli.RoundResult
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return r, err
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, roundResultLimit+1))
	if err != nil {
		return r, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > roundResultLimit {
		return r, fmt.Errorf("%s: larger than %d MiB", name, roundResultLimit>>20)
	}
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil {
		return r, fmt.Errorf("%s: not JSON: %v", name, err)
	}
	for _, key := range []string{"round", "programs", "applications"} {
		if v, ok := parts[key]; !ok || bytes.Equal(v, []byte("null")) {
			return r, fmt.Errorf("%s: not a round result: no %q", name, key)
		}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("%s: not a round result: %v", name, err)
	}
	return r, nil
}

// roundSummary says what was checked and what the draw gave, in one line for a family and one for a
// coordinator.
func roundSummary(r linli.RoundResult) string {
	children, placed, first, seats := 0, 0, 0, 0
	taken := 0
	for _, a := range r.Applications {
		children += a.Size
		if len(a.Placed) > 0 {
			placed++
			if a.Placed[0] == a.ProgramIDs[0] {
				first++
			}
		}
		taken += len(a.Placed) * a.Size
	}
	for _, p := range r.Programs {
		seats += p.Seats
	}
	return fmt.Sprintf("OK round %s: commitment, applications digest, programs digest, draw seed, %d lottery numbers, places and waiting lists all recompute.\n"+
		"%d applications (%d children) for %d programs with %d seats: %d placed (%d in their first wish), %d without a place; %d seats taken, %d left.",
		r.Round.ID, len(r.Applications), len(r.Applications), children, len(r.Programs), seats, placed, first, len(r.Applications)-placed, taken, seats-taken)
}
