// Package testtool lets tests that need an outside tool (node, Chromium) skip with a message naming
// the tool on a plain machine, and fail instead when LINLI_REQUIRE_ALL=1, as CI sets it.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// RequireAll reports whether missing tools must fail tests rather than skip them.
func RequireAll() bool { return os.Getenv("LINLI_REQUIRE_ALL") == "1" }

// Missing skips t (or fails it under LINLI_REQUIRE_ALL=1) because the named tool is unavailable.
func Missing(t testing.TB, tool, why string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("%s is required (LINLI_REQUIRE_ALL=1) but missing: %s", tool, why)
	}
	t.Skipf("skipping: %s is not installed (%s); install it to run this test", tool, why)
}

// Path returns the path of the first of names found on PATH, or skips or fails t as Missing does.
func Path(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	Missing(t, names[0], "not found on PATH")
	return ""
}
