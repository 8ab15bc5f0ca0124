package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// drawnResult publishes a small drawn round the way the server does: three programs (two
// overlapping), six applications (a sibling pair, a priority group), two places per child.
func drawnResult(t *testing.T) linli.RoundResult {
	t.Helper()
	prog := func(n int) string { return fmt.Sprintf("0b7f6f0e-5a7c-4c1e-9d1a-%012d", n) }
	app := func(n int) string { return fmt.Sprintf("5e1d0c3a-2b4f-4a8e-8c6d-%012d", n) }
	programs := []linli.RoundProgram{
		{ID: prog(1), Seats: 3, Overlaps: []string{prog(2)}},
		{ID: prog(2), Seats: 2, Overlaps: []string{prog(1)}},
		{ID: prog(3), Seats: 2, Overlaps: []string{}},
	}
	apps := []linli.RoundApplication{
		{ID: app(1), PriorityRank: 1, Size: 2, ProgramIDs: []string{prog(1), prog(3)}},
		{ID: app(2), PriorityRank: 1, Size: 1, ProgramIDs: []string{prog(1), prog(2), prog(3)}},
		{ID: app(3), PriorityRank: 0, Size: 1, ProgramIDs: []string{prog(2)}},
		{ID: app(4), PriorityRank: 1, Size: 1, ProgramIDs: []string{prog(3), prog(1)}},
		{ID: app(5), PriorityRank: 1, Size: 1, ProgramIDs: []string{prog(1)}},
		{ID: app(6), PriorityRank: 1, Size: 1, ProgramIDs: []string{}},
	}
	seed := bytes.Repeat([]byte{0x5a}, 32)
	seedHex := hex.EncodeToString(seed)
	entropy := "427"
	drawSeed := linli.DrawSeed(seedHex, entropy)
	n := len(apps)
	round := linli.RoundResultRound{
		ID: "9c2b1e7a-3d4f-4b6a-8e1c-000000000001", Title: "寒假书法班", Status: "drawn", Applications: &n,
		EntropySource: "福彩3D 2027-01-10 开奖号码，三位数字连写", MaxWishes: 3, MaxPlacesPerChild: 2,
		Commitment: linli.RoundCommitment(seed), ApplicationsDigest: linli.ApplicationsDigest(apps), ProgramsDigest: linli.ProgramsDigest(programs),
		ServerSeed: seedHex, PublicEntropy: entropy, DrawSeed: hex.EncodeToString(drawSeed),
	}
	titles := map[string]string{prog(1): "书法（上午）", prog(2): "国画（上午）", prog(3): "围棋（下午）"}
	return linli.NewRoundResult(round, programs, titles, apps, linli.DrawRound(programs, apps, drawSeed, 2))
}

func writeResult(t *testing.T, r any) string {
	t.Helper()
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "result.json")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func verify(args []string, stdin string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := roundCmd(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRoundVerifyAcceptsAnHonestResult(t *testing.T) {
	r := drawnResult(t)
	name := writeResult(t, r)
	code, out, errOut := verify([]string{"verify", name}, "")
	if code != 0 || !strings.HasPrefix(out, "OK round 9c2b1e7a-3d4f-4b6a-8e1c-000000000001: ") || errOut != "" {
		t.Fatalf("verify an honest result: exit %d, out %q, err %q", code, out, errOut)
	}
	if !strings.Contains(out, "6 applications (7 children) for 3 programs with 7 seats") {
		t.Errorf("summary %q lacks the counts", out)
	}
	data, _ := os.ReadFile(name)
	if code, out, _ := verify([]string{"verify", "-"}, string(data)); code != 0 || !strings.HasPrefix(out, "OK ") {
		t.Errorf("verify from standard input: exit %d, %q", code, out)
	}
}

func TestRoundVerifyPrintsTheFirstDifference(t *testing.T) {
	r := drawnResult(t)
	victim := r.Applications[len(r.Applications)-1] // drawn last: nothing after it in draw order
	r.Applications[len(r.Applications)-1].Waitlisted = append(victim.Waitlisted, linli.RoundWaitlisting{ProgramID: r.Programs[2].ID, Position: 9})
	code, out, _ := verify([]string{"verify", writeResult(t, r)}, "")
	want := "DIFFERENT application " + victim.ID + ": waitlisted: published "
	if code != 1 || !strings.HasPrefix(out, want) {
		t.Fatalf("verify a result with a waiting place added: exit %d, %q; want exit 1 and %q…", code, out, want)
	}

	r = drawnResult(t)
	r.Programs[0].Seats++
	if code, out, _ := verify([]string{"verify", writeResult(t, r)}, ""); code != 1 || !strings.HasPrefix(out, "DIFFERENT round: programs_digest: published ") {
		t.Errorf("verify with a seat added: exit %d, %q", code, out)
	}
}

func TestRoundVerifyRefusesWhatIsNotAResult(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "page.html")
	os.WriteFile(notJSON, []byte("<html>"), 0o600)
	cases := []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"verify", filepath.Join(dir, "missing.json")}, "", "no such file"},
		{[]string{"verify", notJSON}, "", "not JSON"},
		{[]string{"verify", "-"}, `{"round": {"id": "x"}}`, `not a round result: no "programs"`},
		{[]string{"verify", "-"}, `{"round": {}, "programs": [], "applications": {}}`, "not a round result"},
		{[]string{"verify"}, "", "usage: linli round verify"},
		{[]string{"check", "x.json"}, "", "usage: linli round verify"},
	}
	for _, c := range cases {
		code, out, errOut := verify(c.args, c.stdin)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, out %q, err %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// The real binary exits 0, 1 or 2 as a script checking a draw expects.
func TestRoundVerifyExitStatusOfTheBinary(t *testing.T) {
	honest := writeResult(t, drawnResult(t))
	r := drawnResult(t)
	r.Round.PublicEntropy = "428"
	tampered := writeResult(t, r)
	for name, want := range map[string]int{honest: 0, tampered: 1, filepath.Join(t.TempDir(), "none.json"): 2} {
		cmd := exec.Command(os.Args[0], "round", "verify", name)
		cmd.Env = append(os.Environ(), "LINLI_TEST_MAIN=1")
		out, err := cmd.Output()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Errorf("linli round verify %s: exit %d, want %d (%s)", filepath.Base(name), code, want, out)
		}
	}
}
