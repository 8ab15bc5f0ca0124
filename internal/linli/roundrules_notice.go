package linli

import (
	"fmt"
	"strings"
)

// RoundNotice is what a round's notice to a family names: the round, the application (its id
// and lottery number, so that the family can find itself in the published result), the programs
// it was placed in, its waiting-list positions, or the wishes the close removed.
type RoundNotice struct {
	RoundID       string      `json:"round_id"`
	Title         string      `json:"title"`
	ApplicationID string      `json:"application_id"`
	LotteryNumber string      `json:"lottery_number,omitempty"`
	Placed        []string    `json:"placed,omitempty"`  // program titles
	Waiting       []WaitTitle `json:"waiting,omitempty"` // waiting-list positions
	Removed       []string    `json:"removed,omitempty"` // program titles of wishes removed at the close
}

// WaitTitle is a place in a program's waiting list, the program named by its title.
type WaitTitle struct {
	Title    string `json:"title"`
	Position int    `json:"position"`
}

func quotedZH(titles []string) string { return "「" + strings.Join(titles, "」「") + "」" }

func quotedEN(titles []string) string {
	q := make([]string, len(titles))
	for i, t := range titles {
		q[i] = "“" + t + "”"
	}
	return enList(q)
}

func renderRoundZH(kind string, d NoticeData) Message {
	r := d.Round
	if r == nil {
		return Message{d.Title, ""}
	}
	if kind == NoticeRoundPlaceReleased {
		return Message{"已递补到更想要的课程：" + r.Title, fmt.Sprintf("%s有了空位，已为您的申请（编号 %s）录取。每个孩子在本轮录取的门数有上限，原先录取的%s已自动让出，其课次预约已取消。",
			quotedZH(r.Placed), r.ApplicationID, quotedZH(r.Removed))}
	}
	if kind == NoticeRoundWishRemoved {
		return Message{"报名志愿已调整：" + r.Title, fmt.Sprintf("报名截止时，%s与孩子已确认的其他课程时间冲突，已从您的申请（编号 %s）中移除。", quotedZH(r.Removed), r.ApplicationID)}
	}
	var b strings.Builder
	if len(r.Placed) > 0 {
		fmt.Fprintf(&b, "恭喜，已录取：%s。", quotedZH(r.Placed))
	} else {
		b.WriteString("很遗憾，本次未能录取。")
	}
	if len(r.Waiting) > 0 {
		w := make([]string, len(r.Waiting))
		for i, x := range r.Waiting {
			w[i] = fmt.Sprintf("「%s」第%d位", x.Title, x.Position)
		}
		fmt.Fprintf(&b, "候补：%s。", strings.Join(w, "，"))
	}
	fmt.Fprintf(&b, "申请编号 %s，摇号号码 %s，可在公示结果中核对。", r.ApplicationID, r.LotteryNumber)
	title := "摇号结果：" + r.Title
	return Message{title, b.String()}
}

func renderRoundEN(kind string, d NoticeData) Message {
	r := d.Round
	if r == nil {
		return Message{d.Title, ""}
	}
	if kind == NoticeRoundPlaceReleased {
		return Message{"Moved up to a higher wish: " + r.Title, fmt.Sprintf("A place came free in %s and your application %s now holds it. A child may hold only so many places in this round, so its place in %s, a lower wish, was given up and those bookings cancelled.",
			quotedEN(r.Placed), r.ApplicationID, quotedEN(r.Removed))}
	}
	if kind == NoticeRoundWishRemoved {
		return Message{"Wishes changed: " + r.Title, fmt.Sprintf("At the close, %s clashed with a class your child already holds and was removed from your application %s.", quotedEN(r.Removed), r.ApplicationID)}
	}
	var b strings.Builder
	if len(r.Placed) > 0 {
		fmt.Fprintf(&b, "Placed in %s. ", quotedEN(r.Placed))
	} else {
		b.WriteString("No place this time. ")
	}
	if len(r.Waiting) > 0 {
		w := make([]string, len(r.Waiting))
		for i, x := range r.Waiting {
			w[i] = fmt.Sprintf("“%s” at position %d", x.Title, x.Position)
		}
		fmt.Fprintf(&b, "Waiting list: %s. ", strings.Join(w, ", "))
	}
	fmt.Fprintf(&b, "Application %s, lottery number %s: check it in the published result.", r.ApplicationID, r.LotteryNumber)
	return Message{"Draw result: " + r.Title, b.String()}
}
