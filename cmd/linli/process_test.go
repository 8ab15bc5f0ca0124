package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testclock"
)

// TestMain puts the package on the test clock (internal/testclock: a school-day morning, or
// LINLI_TEST_CLOCK, running at the real pace) and lets a test start the real server as a separate
// process: the test binary re-executes itself with LINLI_TEST_MAIN=1 and LINLI_TEST_CLOCK at the
// test clock's reading, and runs main on a clock that goes on from there.
func TestMain(m *testing.M) {
	start, err := testclock.StartFromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	serverClock = testclock.New(start).Now
	if os.Getenv("LINLI_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serverProcess is the real server running as a child process on 127.0.0.1.
type serverProcess struct {
	cmd    *exec.Cmd
	URL    string
	DB     string
	stderr *bytes.Buffer
	done   chan error
}

// startProcess runs the server in a child process on a free loopback port and waits until it answers.
func startProcess(t *testing.T, db string, args ...string) *serverProcess {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := &serverProcess{URL: "http://" + addr, DB: db, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(os.Args[0], append([]string{"serve", "--addr", addr, "--db", db, "--argon2-memory-kib", "64", "--argon2-time", "1"}, args...)...)
	p.cmd.Env = append(os.Environ(), "LINLI_TEST_MAIN=1", testclock.EnvVar+"="+serverClock().Format(time.RFC3339Nano))
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	for expired := testclock.Deadline(30 * time.Second); !expired(); {
		if r, err := http.Get(p.URL + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", p.stderr)
	return nil
}

// TestGracefulShutdownUnderLoad sends SIGTERM to a real server process with hundreds of requests
// in flight: each request either completes without a 5xx or is refused before being accepted, the
// process exits within 10 seconds, and the database it leaves passes integrity_check.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	p := startProcess(t, filepath.Join(t.TempDir(), "linli.db"), "--demo")
	const workers = 300
	var mu sync.Mutex
	outcomes := map[string]int{}
	record := func(k string) {
		mu.Lock()
		outcomes[k]++
		mu.Unlock()
	}
	client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var wg sync.WaitGroup
	start := make(chan struct{})
	stop := testclock.Deadline(20 * time.Second)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			for !stop() {
				var resp *http.Response
				var err error
				if i%3 == 0 {
					body, _ := json.Marshal(map[string]string{"login": "13800000007", "password": "linli-demo"})
					resp, err = client.Post(p.URL+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
				} else {
					resp, err = client.Get(p.URL + "/api/v1/sessions?limit=20")
				}
				if err != nil {
					if isRefused(err) {
						record("refused")
						return
					}
					record("error: " + err.Error())
					return
				}
				resp.Body.Close()
				record(fmt.Sprintf("%dxx", resp.StatusCode/100))
			}
		}(i)
	}
	close(start)
	// Signal once the server is under load (a third of the workers answered), however busy the
	// machine: a fixed pause loaded nothing on a machine shared with other builds.
	for loaded := time.After(15 * time.Second); ; {
		mu.Lock()
		n := outcomes["2xx"]
		mu.Unlock()
		if n >= workers/3 {
			break
		}
		select {
		case <-loaded:
			t.Fatalf("only %d requests answered in 15 s before the signal: the server is not serving", n)
		case <-time.After(20 * time.Millisecond):
		}
	}
	sinceSent := testclock.Stopwatch()
	p.terminate(t)
	exited := sinceSent()
	wg.Wait()
	t.Logf("exit %.2fs after SIGTERM; outcomes %v", exited.Seconds(), outcomes)
	for k, n := range outcomes {
		if k != "2xx" && k != "refused" {
			t.Errorf("%d requests ended %s", n, k)
		}
	}
	if _, err := storage.Verify(context.Background(), p.DB); err != nil {
		t.Fatal(err)
	}
}

// isRefused reports whether a request failed because the server never accepted its connection:
// refused after the listener closed, or reset or closed by the kernel while it still waited in
// the accept queue when the listener closed. A connection the server did accept is never dropped:
// Shutdown waits for it, so it ends in a response.
func isRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)
}

// TestIdleConnectionsDoNotBlockService opens 1,000 idle connections to a server process (from this
// process, not the server's) and checks that requests are still served (each within the client's 5 s timeout).
func TestIdleConnectionsDoNotBlockService(t *testing.T) {
	p := startProcess(t, filepath.Join(t.TempDir(), "linli.db"))
	addr := p.URL[len("http://"):]
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < 1000; i++ {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		if i%2 == 0 {
			c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")) // headers never finished
		}
		conns = append(conns, c)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < 20; i++ {
		r, err := client.Get(p.URL + "/api/v1/communities")
		if err != nil {
			t.Fatalf("request %d with 1,000 idle connections open: %v", i, err)
		}
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Fatalf("status %d", r.StatusCode)
		}
	}
}

// terminate sends the server SIGTERM and waits, at most 10 s, for it to exit cleanly.
func (p *serverProcess) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("server exited with %v: %s", err, p.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server still running 10 s after SIGTERM")
	}
}
