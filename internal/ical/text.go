package ical

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// maxLineOctets is the longest physical line RFC 5545 §3.1 allows, CRLF excluded.
const maxLineOctets = 75

// cleanText makes s safe for a TEXT value: invalid UTF-8 and U+FFFD are dropped (a client that
// shows U+FFFD, or a checker that rejects it, would otherwise see one), CRLF and lone CR become LF,
// HTAB becomes a space (dropping it would join words), and every other control character (C0, DEL,
// C1) is dropped. LF survives and is escaped as \n by the serialiser.
func cleanText(s string) string { return clean(s, true) }

// cleanLine is cleanText for single-line values (UID, URL): line breaks are dropped as well.
func cleanLine(s string) string { return clean(s, false) }

func clean(s string, keepNewlines bool) string {
	if isClean(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			if keepNewlines && (i >= len(s) || s[i] != '\n') {
				b.WriteByte('\n')
			}
		case r == '\n':
			if keepNewlines {
				b.WriteByte('\n')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError || isControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean reports whether clean would return s unchanged, so the common case allocates nothing.
func isClean(s string, keepNewlines bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || r == '\t' || (isControl(r) && !(keepNewlines && r == '\n')) {
			return false
		}
	}
	return true
}

// isControl reports whether r is a C0 control, DEL or a C1 control.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

// fold folds the CRLF-terminated, unfolded content lines in src into dst so that no physical line
// is longer than 75 octets. A fold never splits a UTF-8 sequence (R2, R3) nor an escape sequence
// such as \n or \, (R4): a backslash and the character after it always stay on one line.
func fold(dst, src []byte) []byte {
	for len(src) > 0 {
		line := src
		rest := []byte(nil)
		if i := bytes.Index(src, []byte("\r\n")); i >= 0 {
			line, rest = src[:i], src[i+2:]
		}
		src = rest
		limit := maxLineOctets
		for len(line) > limit {
			cut := foldPoint(line, limit)
			dst = append(dst, line[:cut]...)
			dst = append(dst, "\r\n "...)
			line = line[cut:]
			limit = maxLineOctets - 1 // the continuation's leading space counts
		}
		dst = append(dst, line...)
		dst = append(dst, "\r\n"...)
	}
	return dst
}

// foldPoint returns the largest offset ≤ limit at which line can be cut without splitting a rune
// or a backslash escape. Such a unit is at most 1+4 octets, so the result is always positive.
func foldPoint(line []byte, limit int) int {
	at := 0
	for at < len(line) {
		n := unitLen(line[at:])
		if at+n > limit {
			break
		}
		at += n
	}
	return at
}

// unitLen is the length of the unit that starts b: one rune, or a backslash with the rune after it.
func unitLen(b []byte) int {
	n := runeLen(b)
	if b[0] == '\\' && len(b) > 1 {
		n += runeLen(b[1:])
	}
	return n
}

func runeLen(b []byte) int {
	if b[0] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRune(b)
	return n
}
