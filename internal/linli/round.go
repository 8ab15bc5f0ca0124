package linli

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// The rules of an application round's draw (报名摇号, DOMAIN.md "Fair allocation of popular
// classes"): the facts fixed at the close, their digests, the seed pieces and lottery numbers.
// Everything here is a pure function of what GET /rounds/{id}/result publishes, so that anyone can
// recompute a draw (VerifyRoundResult, `linli round verify`).

// RoundProgram is a program of a round as fixed at the close: its seats (the fewest free seats
// over its round sessions, 0 if none) and the other round programs it overlaps, sorted by id.
type RoundProgram struct {
	ID       string
	Seats    int
	Overlaps []string
}

// RoundApplication is an application as frozen at the close: its priority rank (the index of its
// priority group, or the number of groups when in none), its size (1, or the number of siblings
// placed together) and its ranked wishes (program ids, first wish first; possibly none after the
// freeze removed the wishes overlapping the family's other bookings).
type RoundApplication struct {
	ID           string
	PriorityRank int
	Size         int
	ProgramIDs   []string
}

// RoundCommitment returns the commitment published at the close: the hex SHA-256 of the raw
// server seed bytes (32 of them), which stay secret until the draw.
func RoundCommitment(serverSeed []byte) string {
	sum := sha256.Sum256(serverSeed)
	return hex.EncodeToString(sum[:])
}

// ApplicationsDigest returns the hex SHA-256 of the lines
// "{application_id}|{priority_rank}|{size}|{program_id},{program_id},…\n", one per application,
// sorted by application id; with no application, the SHA-256 of the empty string.
func ApplicationsDigest(apps []RoundApplication) string {
	sorted := slices.Clone(apps)
	slices.SortFunc(sorted, func(a, b RoundApplication) int { return strings.Compare(a.ID, b.ID) })
	h := sha256.New()
	var line []byte
	for _, a := range sorted {
		line = append(line[:0], a.ID...)
		line = append(line, '|')
		line = strconv.AppendInt(line, int64(a.PriorityRank), 10)
		line = append(line, '|')
		line = strconv.AppendInt(line, int64(a.Size), 10)
		line = append(line, '|')
		line = appendJoined(line, a.ProgramIDs)
		line = append(line, '\n')
		h.Write(line)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ProgramsDigest returns the hex SHA-256 of the lines
// "{program_id}|{seats}|{overlapping program ids, sorted, comma-separated}\n", one per round
// program, sorted by program id.
func ProgramsDigest(programs []RoundProgram) string {
	sorted := slices.Clone(programs)
	slices.SortFunc(sorted, func(a, b RoundProgram) int { return strings.Compare(a.ID, b.ID) })
	h := sha256.New()
	var line []byte
	for _, p := range sorted {
		line = append(line[:0], p.ID...)
		line = append(line, '|')
		line = strconv.AppendInt(line, int64(p.Seats), 10)
		line = append(line, '|')
		line = appendJoined(line, slices.Sorted(slices.Values(p.Overlaps)))
		line = append(line, '\n')
		h.Write(line)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func appendJoined(b []byte, ids []string) []byte {
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, id...)
	}
	return b
}

// DrawSeed returns the draw seed: the SHA-256 of the UTF-8 string "{server seed hex}|{public
// entropy}", the entropy taken as its exact bytes (empty when the round names no entropy source).
func DrawSeed(serverSeedHex, publicEntropy string) []byte {
	sum := sha256.Sum256([]byte(serverSeedHex + "|" + publicEntropy))
	return sum[:]
}

// LotteryNumber returns an application's lottery number: the hex HMAC-SHA256 keyed by the 32
// draw-seed bytes over the application id string.
func LotteryNumber(drawSeed []byte, applicationID string) string {
	return lotteryNumbers(drawSeed)(applicationID)
}

// lotteryNumbers returns LotteryNumber for one draw seed, keyed once for a whole round.
func lotteryNumbers(drawSeed []byte) func(applicationID string) string {
	m := hmac.New(sha256.New, drawSeed)
	var sum [sha256.Size]byte
	return func(applicationID string) string {
		m.Reset()
		m.Write([]byte(applicationID))
		return hex.EncodeToString(m.Sum(sum[:0]))
	}
}
