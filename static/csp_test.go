package static

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestNoInlineScriptOrStyle: the server's Content-Security-Policy (default-src 'self') allows no
// inline script, inline style, event handler attribute or javascript: URL, so the pages have none.
func TestNoInlineScriptOrStyle(t *testing.T) {
	inlineScript := regexp.MustCompile(`(?is)<script\b[^>]*>\s*[^<\s]`)
	checks := map[string]*regexp.Regexp{
		"a <style> element":            regexp.MustCompile(`(?i)<style\b`),
		"a style attribute":            regexp.MustCompile(`(?i)(\sstyle\s*=|['"]style['"]\s*[:,]|[{,]\s*style\s*:)`),
		"an inline event handler":      regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=|setAttribute\(\s*['"]on`),
		"a javascript: URL":            regexp.MustCompile(`(?i)javascript:`),
		"a style set through a string": regexp.MustCompile(`\.style\.cssText|setAttribute\(\s*['"]style`),
	}
	err := fs.WalkDir(Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".js")) {
			return err
		}
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			return err
		}
		s := string(b)
		if strings.HasSuffix(name, ".html") && inlineScript.MatchString(s) {
			t.Errorf("%s has an inline script", name)
		}
		for what, re := range checks {
			if loc := re.FindStringIndex(s); loc != nil {
				t.Errorf("%s has %s: %q", name, what, s[loc[0]:min(len(s), loc[1]+30)])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
