package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/linli"
)

// The bounds of a rush: families at most, the whole run at most, one request at most.
const (
	maxRushFamilies = 10000
	rushTimeout     = 15 * time.Minute
	rushRequest     = 2 * time.Minute
)

// rushGOGC is the garbage collector's target of the server that `bench rush --http` starts, and
// of the bench itself with --http, unless GOGC is set: a rush's heap is small (tens of MB), and
// at Go's default of 100 the collector and the regrowth of the goroutine stacks it shrinks cost
// the server some 20-80 µs per booking (docs/bench.md). linli serve keeps Go's default.
const rushGOGC = 400

// rushPassword is every bench parent's password.
const rushPassword = "linli-bench-rush"

// profileEnv names the directory into which a served process writes its profiles on exit
// (see profile.go); the bench sets it for the server it starts with --profile.
const profileEnv = "LINLI_PROFILE_DIR"

// login is the login of family i.
func (r *rush) login(i int) string { return fmt.Sprintf("bench-%s-%d@linli.test", r.tag, i+1) }

// dbLabel names the database for the report without the password of a URL.
func dbLabel(db string) string {
	if u, err := url.Parse(db); err == nil && u.Scheme != "" && u.Host != "" {
		return u.Redacted()
	}
	return "SQLite " + db
}

// loopbackURL reports whether raw is an http URL of this machine: the rush loads whatever it
// reaches, so it reaches nothing else.
func loopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(u.Hostname())
	return err == nil && a.IsLoopback()
}

// rushServer is the server that `bench rush --http` starts: this binary, re-executed as
// `linli serve` on a free loopback port over the seeded database.
type rushServer struct {
	cmd  *exec.Cmd
	url  string
	done chan error
}

// startRushServer starts the server process and waits, at most 30 s, until it is ready.
func startRushServer(ctx context.Context, db, base, profile string, stderr io.Writer) (*rushServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	s := &rushServer{url: "http://" + addr, done: make(chan error, 1)}
	s.cmd = exec.Command(exe, "serve", "--addr", addr, "--db", db, "--log-level", "warn",
		"--argon2-memory-kib", "64", "--argon2-time", "1", "--feed-secret-file", base+"/feed-secret")
	s.cmd.Env = os.Environ()
	if os.Getenv("GOGC") == "" {
		s.cmd.Env = append(s.cmd.Env, "GOGC="+strconv.Itoa(rushGOGC))
	}
	if profile != "" {
		s.cmd.Env = append(s.cmd.Env, profileEnv+"="+profile)
	}
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, stderr
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- s.cmd.Wait() }()
	ready := time.After(30 * time.Second)
	for {
		if resp, err := http.Get(s.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("the server exited: %v", err)
		case <-ready:
			s.stop()
			return nil, errors.New("the server was not ready within 30 s")
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop asks the server to shut down (SIGINT), as an operator would, and kills it after 20 s.
func (s *rushServer) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-s.done:
		s.done <- err
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
	}
}

// doer sends a request and returns its answer: an *http.Client, or a familyConn.
type doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// familyConn is one family's HTTP/1.1 connection to the server, opened by its first request and
// kept for the others: each request is written and its answer read by net/http's own wire code
// (Request.Write, ReadResponse), one at a time. An http.Transport per family did the same through
// its pool and two goroutines per connection, whose CPU the bench took from the server it
// measures on the same machine. The caller reads and closes each answer's body before the next.
type familyConn struct {
	addr string
	c    net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
}

// Do sends req and reads its answer, giving up after rushRequest or when req's context ends.
func (f *familyConn) Do(req *http.Request) (*http.Response, error) {
	if f.c == nil {
		c, err := (&net.Dialer{}).DialContext(req.Context(), "tcp", f.addr)
		if err != nil {
			return nil, err
		}
		f.c, f.br, f.bw = c, bufio.NewReader(c), bufio.NewWriter(c)
	}
	f.c.SetDeadline(time.Now().Add(rushRequest))
	stop := context.AfterFunc(req.Context(), func() { f.c.SetDeadline(time.Now()) })
	defer stop()
	if err := req.Write(f.bw); err != nil {
		return nil, err
	}
	if err := f.bw.Flush(); err != nil {
		return nil, err
	}
	return http.ReadResponse(f.br, req)
}

// signIn gives every family its own client (a connection of its own, see familyConn)
// and signs the parent in through POST /api/v1/auth/login, a few families at a time; the
// connection that signed in stays open for the booking.
func (r *rush) signIn(ctx context.Context, base string) error {
	r.url = base + "/api/v1/bookings"
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	r.clients = make([]doer, r.families)
	jobs := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range jobs {
				cookie, err := r.signInOne(ctx, base, i)
				if err != nil {
					select {
					case errs <- fmt.Errorf("family %d: %w", i+1, err):
					default:
					}
					continue
				}
				r.cookies[i] = cookie
			}
		})
	}
	for i := range r.families {
		r.clients[i] = &familyConn{addr: u.Host}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func (r *rush) signInOne(ctx context.Context, base string, i int) (string, error) {
	body, _ := json.Marshal(linli.Credentials{Login: r.login(i), Password: rushPassword})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.clients[i].Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie && c.Value != "" {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("sign-in answered %s without a session cookie", strings.ToLower(resp.Status))
}
