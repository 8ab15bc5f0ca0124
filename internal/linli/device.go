package linli

import (
	"strings"
	"time"
	"unicode"
)

// Device is one signed-in session of a user, as GET /me/sessions shows it: never the cookie or
// its hash, but an id of its own.
type Device struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"` // the session of the request that asked
}

// DeviceSeenEvery is how stale a session's last_seen_at may get before a request updates it: a
// few writes a day per device instead of one per request.
const DeviceSeenEvery = 5 * time.Minute

// maxUserAgent bounds the user agent kept for a session.
const maxUserAgent = 200

// CleanUserAgent is the User-Agent header as a session keeps it: printable, one line, at most 200 bytes.
func CleanUserAgent(ua string) string {
	ua = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(ua, ""))
	if len(ua) > maxUserAgent {
		ua = strings.ToValidUTF8(ua[:maxUserAgent], "")
	}
	return strings.TrimSpace(ua)
}
