package ical

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// LintError is one problem found by Lint or LintWarnings, tagged with the rule of the checklist in
// ICAL.md §1 that it breaks.
type LintError struct {
	Line int    // physical line, counted from 1; 0 when the problem concerns the whole object
	Rule string // "R1" … "R23"
	Msg  string
}

// Error implements error.
func (e *LintError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Rule, e.Msg) }

// Lint checks an iCalendar object byte by byte against rules R1–R3, R5–R11, R16–R18, R20, R21 and
// R23 of ICAL.md and returns every violation as a *LintError; nil means none. It covers what the
// parsers of real clients do not check: line endings, folding, escaping, identity and time forms.
func Lint(data []byte) []error { return lint(data).errs }

// LintWarnings returns the *LintError warnings for data: folds that split an escape sequence (R4),
// which RFC 5545 allows but which Google Calendar is reported to drop events for.
func LintWarnings(data []byte) []error { return lint(data).warns }

type linter struct{ errs, warns []error }

func (l *linter) fail(line int, rule, format string, args ...any) {
	l.errs = append(l.errs, &LintError{Line: line, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// contentLine is one unfolded, parsed content line.
type contentLine struct {
	line   int // physical line where it starts
	name   string
	params map[string][]string // upper-cased names; values without their quotes
	value  string
}

// param returns the first value of the parameter name, or "".
func (c *contentLine) param(name string) string {
	if v := c.params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// component is a BEGIN…END block with its properties and subcomponents.
type component struct {
	name  string
	line  int
	props []*contentLine
	subs  []*component
}

// all returns the properties called name.
func (c *component) all(name string) []*contentLine {
	var r []*contentLine
	for _, p := range c.props {
		if p.name == name {
			r = append(r, p)
		}
	}
	return r
}

// one returns the property called name, reporting under rule unless there is exactly one.
func (c *component) one(l *linter, rule, name string) *contentLine {
	ps := c.all(name)
	if len(ps) != 1 {
		l.fail(c.line, rule, "%s has %d %s properties, want exactly 1", c.name, len(ps), name)
		return nil
	}
	return ps[0]
}

func lint(data []byte) *linter {
	l := &linter{}
	lines := physicalLines(l, data)
	var parsed []*contentLine
	for _, u := range unfold(l, lines) {
		if u.text == "" {
			continue // reported by physicalLines
		}
		if c := parseLine(l, u.line, u.text); c != nil {
			parsed = append(parsed, c)
		}
	}
	if root := buildTree(l, parsed); root != nil {
		checkCalendar(l, root)
	}
	return l
}

// physicalLines checks line endings (R1), length (R2) and encoding (R3), and splits data into lines.
func physicalLines(l *linter, data []byte) []string {
	if len(data) == 0 {
		l.fail(0, "R8", "empty object")
		return nil
	}
	var bareLF, bareCR []int
	line := 1
	for i, b := range data {
		switch {
		case b == '\n':
			if i == 0 || data[i-1] != '\r' {
				bareLF = append(bareLF, line)
			}
			line++
		case b == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
			bareCR = append(bareCR, line)
		}
	}
	for _, bare := range []struct {
		what  string
		lines []int
	}{{"LF without CR", bareLF}, {"CR without LF", bareCR}} {
		if n := len(bare.lines); n > 0 {
			l.fail(bare.lines[0], "R1", "%s (%d in all); every line must end in CRLF", bare.what, n)
		}
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		l.fail(line, "R1", "the last line does not end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, s := range lines {
		s = strings.TrimSuffix(s, "\r")
		lines[i] = s
		switch {
		case len(s) > maxLineOctets:
			l.fail(i+1, "R2", "line is %d octets long, more than %d", len(s), maxLineOctets)
		case s == "":
			l.fail(i+1, "R8", "empty line")
		}
		if !utf8.ValidString(s) {
			l.fail(i+1, "R3", "line is not valid UTF-8 (a fold inside a character?)")
		} else if strings.ContainsRune(s, utf8.RuneError) {
			l.fail(i+1, "R3", "line contains U+FFFD")
		}
	}
	return lines
}

// logicalLine is an unfolded content line before parsing.
type logicalLine struct {
	line int
	text string
}

// unfold joins continuation lines (R2) and warns about folds that split an escape sequence (R4).
func unfold(l *linter, lines []string) []logicalLine {
	var out []logicalLine
	var folds []int // offsets in the current logical line where a fold was
	flush := func() {
		if len(out) > 0 {
			warnSplitEscapes(l, out[len(out)-1], folds)
		}
		folds = folds[:0]
	}
	for i, s := range lines {
		if s != "" && (s[0] == ' ' || s[0] == '\t') {
			if len(out) == 0 {
				l.fail(i+1, "R2", "continuation line with nothing to continue")
				continue
			}
			last := &out[len(out)-1]
			folds = append(folds, len(last.text))
			last.text += s[1:]
			continue
		}
		flush()
		out = append(out, logicalLine{line: i + 1, text: s})
	}
	flush()
	return out
}

// warnSplitEscapes reports a fold that falls between a backslash and the character it escapes.
func warnSplitEscapes(l *linter, ll logicalLine, folds []int) {
	if len(folds) == 0 {
		return
	}
	split := make(map[int]bool, len(folds))
	for _, f := range folds {
		split[f] = true
	}
	for i := 0; i < len(ll.text); i++ {
		if ll.text[i] == '\\' {
			i++
			if split[i] {
				l.warns = append(l.warns, &LintError{Line: ll.line, Rule: "R4",
					Msg: "a fold splits an escape sequence (backslash at the end of a physical line)"})
				return
			}
		}
	}
}

// parseLine parses name *(";" param) ":" value (RFC 5545 §3.1), checking parameter quoting (R7)
// and control characters (R5).
func parseLine(l *linter, line int, s string) *contentLine {
	for i := 0; i < len(s); i++ {
		if b := s[i]; (b < 0x20 && b != '\t') || b == 0x7f {
			l.fail(line, "R5", "control character %#02x in a content line", b)
			break
		}
	}
	n := strings.IndexAny(s, ";:")
	if n <= 0 || !isName(s[:n]) {
		l.fail(line, "R8", "malformed content line %q", abbreviate(s))
		return nil
	}
	c := &contentLine{line: line, name: strings.ToUpper(s[:n]), params: map[string][]string{}}
	rest := s[n:]
	for rest != "" && rest[0] == ';' {
		eq := strings.IndexByte(rest, '=')
		if eq < 0 || !isName(rest[1:eq]) {
			l.fail(line, "R8", "malformed parameter in %s", c.name)
			return nil
		}
		pname := strings.ToUpper(rest[1:eq])
		rest = rest[eq:]
		for rest != "" && (rest[0] == '=' || rest[0] == ',') {
			rest = rest[1:]
			var v string
			if strings.HasPrefix(rest, `"`) {
				end := strings.IndexByte(rest[1:], '"')
				if end < 0 {
					l.fail(line, "R7", "unterminated quoted value of %s in %s", pname, c.name)
					return nil
				}
				v, rest = rest[1:end+1], rest[end+2:]
			} else {
				end := strings.IndexAny(rest, `,;:"`)
				if end < 0 {
					end = len(rest)
				}
				v, rest = rest[:end], rest[end:]
				if strings.Contains(v, `\`) {
					l.fail(line, "R7", "parameter %s of %s uses backslash escaping; quote the value instead", pname, c.name)
				}
			}
			c.params[pname] = append(c.params[pname], v)
		}
	}
	if rest == "" || rest[0] != ':' {
		l.fail(line, "R8", "content line of %s has no ':' before its value", c.name)
		return nil
	}
	c.value = rest[1:]
	return c
}

// isName reports whether s is an iana-token or x-name: letters, digits and '-'.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b == '-' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z') {
			return false
		}
	}
	return true
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// buildTree nests the lines into components and checks that there is exactly one balanced
// VCALENDAR (R8).
func buildTree(l *linter, lines []*contentLine) *component {
	var root *component
	var stack []*component
	for _, c := range lines {
		switch c.name {
		case "BEGIN":
			comp := &component{name: strings.ToUpper(c.value), line: c.line}
			switch {
			case len(stack) > 0:
				top := stack[len(stack)-1]
				top.subs = append(top.subs, comp)
			case root != nil:
				l.fail(c.line, "R8", "a second top-level object BEGIN:%s", comp.name)
			case comp.name != "VCALENDAR":
				l.fail(c.line, "R8", "top-level object is %s, not VCALENDAR", comp.name)
			}
			if root == nil {
				root = comp
			}
			stack = append(stack, comp)
		case "END":
			if len(stack) == 0 {
				l.fail(c.line, "R8", "END:%s without BEGIN", c.value)
				continue
			}
			top := stack[len(stack)-1]
			if !strings.EqualFold(c.value, top.name) {
				l.fail(c.line, "R8", "END:%s closes BEGIN:%s of line %d", c.value, top.name, top.line)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				l.fail(c.line, "R8", "property %s outside any component", c.name)
				continue
			}
			top := stack[len(stack)-1]
			top.props = append(top.props, c)
		}
	}
	for _, open := range stack {
		l.fail(open.line, "R8", "BEGIN:%s is never closed", open.name)
	}
	if root == nil {
		l.fail(0, "R8", "no BEGIN:VCALENDAR")
	}
	return root
}
