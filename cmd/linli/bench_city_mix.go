package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/linli/linli/internal/api"
)

// cityMix is the share of each kind of request in the load: mostly calendar apps polling feeds.
var cityMix = []struct {
	kind  string
	share float64
}{
	{"feed poll", 0.73}, {"session list", 0.07}, {"class finder", 0.05}, {"booking", 0.05}, {"cancellation", 0.02},
	{"roll call", 0.03}, {"visit log", 0.03}, {"report", 0.02},
}

// mixShare is the share of a kind in cityMix.
func mixShare(kind string) float64 {
	for _, m := range cityMix {
		if m.kind == kind {
			return m.share
		}
	}
	return 0
}

// loadJob is one request of the schedule: its kind, the instant it is due, and its random draw.
type loadJob struct {
	kind string
	at   time.Time
	r    uint64
}

// answer is what one request gave.
type answer struct {
	kind              string
	latency, lateness time.Duration
	status            int    // 0: no answer
	note              string // the start of an error's answer: its code and message
}

// mixResult is the whole run's answers.
type mixResult struct {
	answers []answer
	planned int
	wall    time.Duration
	unsent  int
	// The CPU time (user and system) the servers, this process and the PostgreSQL processes of
	// this machine (0 on SQLite) used during the run.
	serverCPU, clientCPU, databaseCPU time.Duration
	serverUnknown                     bool // servers given with --url did not tell their CPU time
}

// cityWorkers is how many requests may be in flight at once: enough that a slow server makes
// requests wait on the server, not on the bench, up to this many.
const cityWorkers = 512

// mix issues rate×duration requests, each at its instant fixed in advance (open loop): request i
// is due at start + i/rate whatever happened to the ones before. A request's latency is counted
// from the instant it was due, so that time spent waiting for a free connection counts too, and
// its lateness (how long after its instant it left) is recorded.
func (l *cityLoad) mix(ctx context.Context) mixResult {
	n := int(float64(l.rate) * l.duration.Seconds())
	r := rand.New(rand.NewPCG(l.seed, 19))
	jobs := make(chan loadJob, min(n, 1<<16))
	var mu sync.Mutex
	var answers []answer
	var wg sync.WaitGroup
	for range min(cityWorkers, n) {
		wg.Go(func() {
			var mine []answer
			for j := range jobs {
				sent := time.Now()
				kind, status, note := l.do(ctx, j)
				mine = append(mine, answer{kind: kind, latency: time.Since(j.at), lateness: sent.Sub(j.at), status: status, note: note})
			}
			mu.Lock()
			answers = append(answers, mine...)
			mu.Unlock()
		})
	}
	start := time.Now().Add(50 * time.Millisecond)
	interval := time.Duration(float64(time.Second) / float64(l.rate))
	res := mixResult{planned: n}
	for i := range n {
		j := loadJob{kind: pickKind(r.Float64()), at: start.Add(time.Duration(i) * interval), r: r.Uint64()}
		if d := time.Until(j.at); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
			}
		}
		if ctx.Err() == nil {
			select {
			case jobs <- j:
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			res.unsent = n - i
			break
		}
	}
	close(jobs)
	wg.Wait()
	res.wall = time.Since(start)
	res.answers = answers
	return res
}

func pickKind(x float64) string {
	for _, m := range cityMix {
		if x < m.share {
			return m.kind
		}
		x -= m.share
	}
	return cityMix[0].kind
}

// do sends the request of one job and returns the kind it turned out to be (a cancellation with
// nothing to cancel books instead; a visit log with no visit left polls a feed) and its status.
func (l *cityLoad) do(ctx context.Context, j loadJob) (string, int, string) {
	r := rand.New(rand.NewPCG(j.r, 7))
	c := l.communities[r.IntN(len(l.communities))]
	status, body := 0, []byte(nil)
	switch j.kind {
	case "cancellation":
		l.mu.Lock()
		var b madeBooking
		if len(l.made) > 0 {
			k := r.IntN(len(l.made))
			b = l.made[k]
			l.made = slices.Delete(l.made, k, k+1)
		}
		l.mu.Unlock()
		if b.id == "" {
			return l.do(ctx, loadJob{kind: "booking", at: j.at, r: j.r})
		}
		status, body, _, _ = l.send(ctx, http.MethodDelete, "/api/v1/bookings/"+b.id, b.parent, nil, "")
	case "booking":
		if len(c.families) == 0 || len(c.holiday) == 0 {
			return l.do(ctx, loadJob{kind: "class finder", at: j.at, r: j.r})
		}
		f := c.families[r.IntN(len(c.families))]
		var s holidaySession
		l.mu.Lock()
		for range 20 {
			h := c.holiday[r.IntN(len(c.holiday))]
			if h.ageMin <= f.age && f.age+1 <= h.ageMax && !l.booked[[2]string{f.child, h.id}] {
				s = h
				l.booked[[2]string{f.child, h.id}] = true
				break
			}
		}
		l.mu.Unlock()
		if s.id == "" {
			return l.do(ctx, loadJob{kind: "class finder", at: j.at, r: j.r})
		}
		status, body, _, _ = l.send(ctx, http.MethodPost, "/api/v1/bookings", f.parent, map[string]string{"child_id": f.child, "session_id": s.id}, "")
		var out struct {
			Bookings []struct{ ID string } `json:"bookings"`
		}
		if status == http.StatusCreated && json.Unmarshal(body, &out) == nil {
			l.mu.Lock()
			for _, b := range out.Bookings {
				l.made = append(l.made, madeBooking{id: b.ID, parent: f.parent})
			}
			l.mu.Unlock()
		}
	case "session list":
		f := c.coordinator
		if len(c.families) > 0 {
			f = c.families[r.IntN(len(c.families))].parent
		}
		status, body, _, _ = l.send(ctx, http.MethodGet, "/api/v1/sessions?"+url.Values{"community_id": {c.id},
			"from": {c.today.String()}, "to": {c.today.AddDays(6).String()}}.Encode(), f, nil, "")
	case "class finder":
		f := c.coordinator
		age := 3 + r.IntN(10)
		if len(c.families) > 0 {
			fam := c.families[r.IntN(len(c.families))]
			f, age = fam.parent, max(3, fam.age)
		}
		status, body, _, _ = l.send(ctx, http.MethodGet, "/api/v1/sessions?"+url.Values{"community_id": {c.id}, "kind": {"holiday_class"},
			"age": {strconv.Itoa(age)}, "has_seats": {"true"}}.Encode(), f, nil, "")
	case "roll call":
		if len(c.rollcalls) == 0 {
			return l.do(ctx, loadJob{kind: "report", at: j.at, r: j.r})
		}
		rc := c.rollcalls[r.IntN(len(c.rollcalls))]
		recs := make([]map[string]string, len(rc.kids))
		for i, k := range rc.kids {
			recs[i] = map[string]string{"child_id": k, "status": []string{"present", "present", "present", "late", "absent"}[r.IntN(5)]}
		}
		status, body, _, _ = l.send(ctx, http.MethodPut, "/api/v1/sessions/"+rc.session+"/attendance", c.coordinator, map[string]any{"records": recs}, "")
	case "visit log":
		l.mu.Lock()
		var v visitTarget
		if len(l.visits) > 0 {
			v, l.visits = l.visits[len(l.visits)-1], l.visits[:len(l.visits)-1]
		}
		l.mu.Unlock()
		if v.session == "" {
			return l.do(ctx, loadJob{kind: "feed poll", at: j.at, r: j.r})
		}
		status, body, _, _ = l.send(ctx, http.MethodPost, "/api/v1/sessions/"+v.session+"/visit-log", v.volunteer,
			map[string]any{"outcome": "done", "minutes": 20 + r.IntN(40), "notes": "老人身体状况良好，已提醒按时服药。", "concerns": []any{}}, "")
	case "report":
		status, body, _, _ = l.send(ctx, http.MethodGet, "/api/v1/reports/class-hours?"+url.Values{"community_id": {c.id},
			"from": {c.termFrom.String()}, "to": {c.today.String()}, "group_by": {"program"}}.Encode(), c.coordinator, nil, "")
	default: // feed poll
		f := l.feeds[r.IntN(len(l.feeds))]
		f.mu.Lock()
		etag := f.etag
		f.mu.Unlock()
		var tag string
		status, _, tag, _ = l.send(ctx, http.MethodGet, f.path, "", nil, etag)
		if status == http.StatusOK && tag != "" {
			f.mu.Lock()
			f.etag = tag
			f.mu.Unlock()
		}
		return "feed poll", status, ""
	}
	if status >= 400 {
		return j.kind, status, errorNote(body)
	}
	return j.kind, status, ""
}

// errorNote is the code and message of an error answer (never its other fields).
func errorNote(body []byte) string {
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Code + ": " + e.Error.Message
}

// procMemory reads the resident memory (VmRSS) and its peak (VmHWM) of a process from
// /proc/PID/status (Linux; "" elsewhere).
func procMemory(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	var rss, hwm string
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
	}
	return fmt.Sprintf("%s resident, %s at the peak", rss, hwm)
}

// send makes one request as the given user (none when ""), with a JSON body when given, and
// returns the status, the body and the ETag.
func (l *cityLoad) send(ctx context.Context, method, path, user string, body any, ifNoneMatch string) (int, []byte, string, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, "", err
		}
		rd = bytes.NewReader(b)
	}
	base := l.bases[int(l.next.Add(1)%uint64(len(l.bases)))]
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return 0, nil, "", err
	}
	// One public address for all the instances, as behind a load balancer: the feeds' ETags
	// name the address (it is in their links), so instances on two ports would never agree.
	req.Host = strings.TrimPrefix(l.bases[0], "http://")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: l.cookies[user]})
	}
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header.Get("ETag"), err
}
