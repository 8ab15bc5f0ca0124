package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// requestLocale is the language to answer in: the signed-in user's locale, else the best of
// zh-CN and en by the Accept-Language header, else zh-CN.
func requestLocale(r *http.Request) string {
	if a := actorOf(r); a != nil && a.User.Locale != "" {
		return a.User.Locale
	}
	return acceptLocale(r.Header.Get("Accept-Language"))
}

// acceptLocale picks zh-CN or en from an Accept-Language header (RFC 9110 12.5.4) by quality;
// the first of equal quality wins, and a header naming neither gives zh-CN. Two languages need no
// general matcher: any zh-* tag is zh-CN, any en-* tag en.
func acceptLocale(header string) string {
	best, bestQ := linli.LocaleZH, 0.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		var locale string
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			locale = linli.LocaleZH
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			locale = linli.LocaleEN
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = locale, q
		}
	}
	return best
}
