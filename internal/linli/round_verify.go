package linli

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// RoundMismatch is the first difference VerifyRoundResult finds between a published result and
// what its own data recompute to. Application or Program names the object at fault when there is
// one; Field is the JSON field; Published and Recomputed are the two values (Recomputed is empty
// when the published value is simply malformed, and then Problem says why).
type RoundMismatch struct {
	Application string
	Program     string
	Field       string
	Published   string
	Recomputed  string
	Problem     string
}

// Error describes the difference in one line.
func (m *RoundMismatch) Error() string {
	var b strings.Builder
	switch {
	case m.Application != "":
		fmt.Fprintf(&b, "application %s: ", m.Application)
	case m.Program != "":
		fmt.Fprintf(&b, "program %s: ", m.Program)
	default:
		b.WriteString("round: ")
	}
	b.WriteString(m.Field)
	if m.Problem != "" {
		fmt.Fprintf(&b, " %s (published %s)", m.Problem, quoteValue(m.Published))
		return b.String()
	}
	fmt.Fprintf(&b, ": published %s, recomputed %s", quoteValue(m.Published), quoteValue(m.Recomputed))
	return b.String()
}

func quoteValue(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// VerifyRoundResult recomputes a published draw from the result alone: it checks the shape of the
// data (ids, hex, ranks, sizes, wishes, overlaps), the commitment against the server seed, both
// digests, the draw seed, every lottery number, and the places and waiting lists of every
// application in draw order. It returns nil when everything matches, else a *RoundMismatch naming
// the first difference.
func VerifyRoundResult(r RoundResult) error {
	if err := checkRoundShape(r); err != nil {
		return err
	}
	rd := r.Round
	seed, _ := hex.DecodeString(rd.ServerSeed)
	if c := RoundCommitment(seed); c != rd.Commitment {
		return &RoundMismatch{Field: "commitment", Published: rd.Commitment, Recomputed: c}
	}
	programs, apps := r.Facts()
	if d := ApplicationsDigest(apps); d != rd.ApplicationsDigest {
		return &RoundMismatch{Field: "applications_digest", Published: rd.ApplicationsDigest, Recomputed: d}
	}
	if d := ProgramsDigest(programs); d != rd.ProgramsDigest {
		return &RoundMismatch{Field: "programs_digest", Published: rd.ProgramsDigest, Recomputed: d}
	}
	drawSeed := DrawSeed(rd.ServerSeed, rd.PublicEntropy)
	if d := hex.EncodeToString(drawSeed); d != rd.DrawSeed {
		return &RoundMismatch{Field: "draw_seed", Published: rd.DrawSeed, Recomputed: d}
	}
	lottery := lotteryNumbers(drawSeed)
	for _, a := range r.Applications {
		if n := lottery(a.ID); n != a.LotteryNumber {
			return &RoundMismatch{Application: a.ID, Field: "lottery_number", Published: a.LotteryNumber, Recomputed: n}
		}
	}
	draw := DrawRound(programs, apps, drawSeed, rd.MaxPlacesPerChild)
	byID := make(map[string]RoundResultApplication, len(r.Applications))
	for _, a := range r.Applications {
		byID[a.ID] = a
	}
	for _, id := range draw.Order {
		a, out := byID[id], draw.Outcomes[id]
		if p, q := strings.Join(a.Placed, ","), strings.Join(out.Placed, ","); p != q {
			return &RoundMismatch{Application: id, Field: "placed", Published: p, Recomputed: q}
		}
		if p, q := waitsText(a.Waitlisted), waitsText(out.Waitlisted); p != q {
			return &RoundMismatch{Application: id, Field: "waitlisted", Published: p, Recomputed: q}
		}
	}
	return nil
}

func waitsText(ws []RoundWaitlisting) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.ProgramID + "#" + strconv.Itoa(w.Position)
	}
	return strings.Join(parts, ",")
}

// checkRoundShape refuses a result whose data the rules cannot be applied to as written.
func checkRoundShape(r RoundResult) error {
	rd := r.Round
	bad := func(field, value, problem string) error {
		return &RoundMismatch{Field: field, Published: value, Problem: problem}
	}
	if rd.Status != "drawn" {
		return bad("status", rd.Status, `is not "drawn"`)
	}
	if !IsRoundID(rd.ID) {
		return bad("id", rd.ID, "is not a lowercase UUID")
	}
	if rd.MaxWishes < 1 || rd.MaxWishes > 10 {
		return bad("max_wishes", strconv.Itoa(rd.MaxWishes), "is not between 1 and 10")
	}
	if rd.MaxPlacesPerChild < 1 || rd.MaxPlacesPerChild > rd.MaxWishes {
		return bad("max_places_per_child", strconv.Itoa(rd.MaxPlacesPerChild), "is not between 1 and max_wishes")
	}
	for _, f := range [][2]string{{"server_seed", rd.ServerSeed}, {"commitment", rd.Commitment},
		{"applications_digest", rd.ApplicationsDigest}, {"programs_digest", rd.ProgramsDigest}, {"draw_seed", rd.DrawSeed}} {
		if !isHex64(f[1]) {
			return bad(f[0], f[1], "is not 64 lowercase hex digits")
		}
	}
	if rd.Applications != nil && *rd.Applications != len(r.Applications) {
		return &RoundMismatch{Field: "applications", Published: strconv.Itoa(*rd.Applications), Recomputed: strconv.Itoa(len(r.Applications))}
	}
	programs := make(map[string]RoundResultProgram, len(r.Programs))
	for _, p := range r.Programs {
		if !IsRoundID(p.ID) {
			return bad("programs.id", p.ID, "is not a lowercase UUID")
		}
		if _, dup := programs[p.ID]; dup {
			return &RoundMismatch{Program: p.ID, Field: "id", Published: p.ID, Problem: "appears twice"}
		}
		programs[p.ID] = p
	}
	for _, p := range r.Programs {
		if err := checkRoundProgram(p, programs); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(r.Applications))
	for _, a := range r.Applications {
		if !IsRoundID(a.ID) {
			return bad("applications.id", a.ID, "is not a lowercase UUID")
		}
		if seen[a.ID] {
			return &RoundMismatch{Application: a.ID, Field: "id", Published: a.ID, Problem: "appears twice"}
		}
		seen[a.ID] = true
		if err := checkRoundApplication(a, rd.MaxWishes, programs); err != nil {
			return err
		}
	}
	return nil
}

func checkRoundProgram(p RoundResultProgram, programs map[string]RoundResultProgram) error {
	bad := func(field, value, problem string) error {
		return &RoundMismatch{Program: p.ID, Field: field, Published: value, Problem: problem}
	}
	if p.Seats < 0 {
		return bad("seats", strconv.Itoa(p.Seats), "is negative")
	}
	if !slices.IsSorted(p.Overlaps) {
		return bad("overlaps", strings.Join(p.Overlaps, ","), "are not sorted")
	}
	for i, o := range p.Overlaps {
		other, ok := programs[o]
		switch {
		case !ok:
			return bad("overlaps", o, "names a program not in the round")
		case o == p.ID:
			return bad("overlaps", o, "names the program itself")
		case i > 0 && p.Overlaps[i-1] == o:
			return bad("overlaps", o, "names a program twice")
		case !slices.Contains(other.Overlaps, p.ID):
			return bad("overlaps", o, "names a program that does not list this one back")
		}
	}
	return nil
}

func checkRoundApplication(a RoundResultApplication, maxWishes int, programs map[string]RoundResultProgram) error {
	bad := func(field, value, problem string) error {
		return &RoundMismatch{Application: a.ID, Field: field, Published: value, Problem: problem}
	}
	if a.PriorityRank < 0 {
		return bad("priority_rank", strconv.Itoa(a.PriorityRank), "is negative")
	}
	if a.Size < 1 {
		return bad("size", strconv.Itoa(a.Size), "is below 1")
	}
	if len(a.ProgramIDs) > maxWishes {
		return bad("program_ids", strings.Join(a.ProgramIDs, ","), "has more wishes than max_wishes")
	}
	for i, w := range a.ProgramIDs {
		if _, ok := programs[w]; !ok {
			return bad("program_ids", w, "names a program not in the round")
		}
		if slices.Contains(a.ProgramIDs[:i], w) {
			return bad("program_ids", w, "names a program twice")
		}
	}
	if !isHex64(a.LotteryNumber) {
		return bad("lottery_number", a.LotteryNumber, "is not 64 lowercase hex digits")
	}
	return nil
}

// IsRoundID reports whether s is written as DOMAIN.md requires of every id in a round's digests: a
// 36-character lowercase hyphenated UUID.
func IsRoundID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isLowerHex(c) {
			return false
		}
	}
	return true
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLowerHex(s[i]) {
			return false
		}
	}
	return true
}

func isLowerHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }
