package static

import (
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// catalogue reads the strings of one language from its module.
func catalogue(t *testing.T, locale string) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(Files, "i18n/"+locale+".js")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "export default ")
	if i < 0 {
		t.Fatalf("%s: no export default", locale)
	}
	body := strings.TrimSuffix(strings.TrimSpace(s[i+len("export default "):]), ";")
	var m map[string]string
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("%s is not a plain JSON object: %v", locale, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`\{\w+\}`)

// TestCataloguesMatch: every language has every key, nothing empty, the same placeholders.
func TestCataloguesMatch(t *testing.T) {
	zh, en := catalogue(t, "zh-CN"), catalogue(t, "en")
	for k, v := range zh {
		w, ok := en[k]
		if !ok {
			t.Errorf("en lacks %q", k)
			continue
		}
		if v == "" || w == "" {
			t.Errorf("%q is empty in a language", k)
		}
		a, b := placeholder.FindAllString(v, -1), placeholder.FindAllString(w, -1)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%q: placeholders %v in zh-CN, %v in en", k, a, b)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("zh-CN lacks %q", k)
		}
	}
}

var (
	literalKey = regexp.MustCompile(`\bt\('([a-z0-9_.]+)'`)
	dynamicKey = regexp.MustCompile("\\bt\\(`([a-z0-9_.]+)\\.\\$\\{")
	storedKey  = regexp.MustCompile(`'((?:error|field)\.[a-z0-9_.]+)'`)
)

// TestKeysExist: every key a page asks for by name is in the catalogue, and every key family
// asked for with a computed suffix (kind.${k}) has members.
func TestKeysExist(t *testing.T) {
	zh := catalogue(t, "zh-CN")
	keys := slices.Collect(maps.Keys(zh))
	err := fs.WalkDir(Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".js") || strings.HasPrefix(name, "i18n/") {
			return err
		}
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			return err
		}
		src := string(b)
		for _, m := range append(literalKey.FindAllStringSubmatch(src, -1), storedKey.FindAllStringSubmatch(src, -1)...) {
			if _, ok := zh[m[1]]; !ok {
				t.Errorf("%s: key %q is not in the catalogue", name, m[1])
			}
		}
		for _, m := range dynamicKey.FindAllStringSubmatch(src, -1) {
			if !slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, m[1]+".") }) {
				t.Errorf("%s: no keys %s.* in the catalogue", name, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEveryModuleEmbedded: each module a page imports is in the binary.
func TestEveryModuleEmbedded(t *testing.T) {
	imports := regexp.MustCompile(`(?m)^import .* from '(\.{1,2}/[^']+)';$`)
	err := fs.WalkDir(Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".js") {
			return err
		}
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			return err
		}
		for _, m := range imports.FindAllStringSubmatch(string(b), -1) {
			if _, err := fs.Stat(Files, path.Join(path.Dir(name), m[1])); err != nil {
				t.Errorf("%s imports %s, which is not embedded", name, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
