package linli

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// feedText is the wording of feeds in one language.
type feedText struct {
	comma, colon, list, sep string
	waitlist                string // after the name of a child in line
	cancelled               string // the session was cancelled (followed by the reason)
	cancelledMark           string // before the SUMMARY of a cancelled event, for clients that ignore STATUS
	left                    string // the user no longer has the event
	staff, signup           string
	personalName            string
	personalDesc            string
	communityName           string // after the community's name
	kinds                   map[string]string
}

var feedTextZH = feedText{
	comma: "，", colon: "：", list: "、", sep: " · ",
	waitlist:      "（候补）",
	cancelled:     "本场已取消",
	cancelledMark: "【已取消】",
	left:          "你已不在此安排中（预约取消或已退出）。",
	staff:         "你负责本场。",
	signup:        "你已报名本场。",
	personalName:  "邻里 · 我的日程",
	personalDesc:  "你负责、报名或孩子预约的课程和活动。",
	communityName: "社区日程",
	kinds: map[string]string{
		KindAfterSchool: "课后托管", KindHolidayClass: "假期课堂", KindVolunteerShift: "志愿服务",
		KindNeighborVisit: "探访", KindEvent: "活动",
	},
}

var feedTextEN = feedText{
	comma: ", ", colon: ": ", list: ", ", sep: " · ",
	waitlist:      " (waitlist)",
	cancelled:     "This session was cancelled",
	cancelledMark: "Cancelled: ",
	left:          "This is no longer on your schedule (booking cancelled, or you left).",
	staff:         "You staff this session.",
	signup:        "You signed up for this session.",
	personalName:  "Linli · My schedule",
	personalDesc:  "Sessions you staff or signed up for, and your children's bookings.",
	communityName: "community calendar",
	kinds: map[string]string{
		KindAfterSchool: "After-school care", KindHolidayClass: "Holiday class", KindVolunteerShift: "Volunteer shift",
		KindNeighborVisit: "Neighbour visit", KindEvent: "Event",
	},
}

func feedTexts(locale string) *feedText {
	if locale == LocaleEN {
		return &feedTextEN
	}
	return &feedTextZH
}

// PersonalFeedName returns the name and description of a personal feed in the user's language;
// they name no one, since the URL travels to every client and cloud fetcher subscribed.
func PersonalFeedName(locale string) (name, description string) {
	t := feedTexts(locale)
	return t.personalName, t.personalDesc
}

// CommunityFeedName returns the name of a community's public feed. Public feeds are in Chinese.
func CommunityFeedName(community string) string {
	return community + feedTextZH.sep + feedTextZH.communityName
}

// ProgramFeedName returns the name of a program's public feed.
func ProgramFeedName(program, community string) string {
	return joinNonEmpty(feedTextZH.sep, program, community)
}

// personalSummary is the children shown (given names, those in line marked) and the session's
// title; for a visit, the household's label as it is now (a plan's title keeps the one it was
// planned with).
func personalSummary(e FeedEntry, children []FeedChild, t *feedText) string {
	if h := e.Relation.Household; h != nil {
		return joinNonEmpty(t.sep, t.kinds[KindNeighborVisit], h.Label)
	}
	names := make([]string, 0, len(children))
	for _, c := range children {
		n := GivenName(c.Name)
		if c.Status == BookingWaitlisted || c.Status == BookingExpired {
			n += t.waitlist
		}
		names = append(names, n)
	}
	return joinNonEmpty(t.sep, strings.Join(names, t.list), e.Title)
}

// roleLines says what the user does there, or that they no longer have it.
func roleLines(rel FeedRelation, held bool, t *feedText) string {
	if !held {
		return t.left
	}
	var lines []string
	if rel.Staff {
		lines = append(lines, t.staff)
	}
	if rel.Signup == SignupActive {
		lines = append(lines, t.signup)
	}
	return strings.Join(lines, "\n")
}

func joinLines(parts ...string) string { return joinNonEmpty("\n\n", parts...) }

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// compoundSurnames are the two-character Chinese surnames (复姓) still in use.
var compoundSurnames = []string{
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
	"夏侯", "令狐", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "钟离", "澹台", "万俟",
	"闻人", "赫连", "申屠", "太史", "拓跋", "司空", "鲜于", "闾丘", "第五", "左丘", "东郭", "濮阳",
}

// GivenName returns the part of a child's registered name that feeds show (ICAL.md R32: a
// child's first name only). A Chinese name of two or more characters loses its surname: one
// character, or two for a compound surname (欧阳) when at least one character is left. Any other
// name is kept as registered: in a name written in Latin letters the order of the parts is
// unknown (Li Ming, Emma Li), so no part can be dropped safely.
func GivenName(name string) string {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	if n < 2 {
		return name
	}
	for _, r := range name {
		if !unicode.Is(unicode.Han, r) {
			return name
		}
	}
	for _, s := range compoundSurnames {
		if strings.HasPrefix(name, s) && n > 2 {
			return strings.TrimPrefix(name, s)
		}
	}
	_, size := utf8.DecodeRuneInString(name)
	return name[size:]
}
