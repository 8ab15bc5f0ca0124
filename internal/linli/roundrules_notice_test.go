package linli

import (
	"strings"
	"testing"
)

// TestRenderRoundNotices: the draw tells a family, in its language, where it was placed or at
// which position it waits, with its application id and lottery number; the close tells it which
// wishes were removed.
func TestRenderRoundNotices(t *testing.T) {
	r := &RoundNotice{RoundID: "r", Title: "2027 寒假书法班", ApplicationID: "0190a3c4-0000-7000-8000-000000000001",
		LotteryNumber: strings.Repeat("ab", 32), Placed: []string{"书法A班"}, Waiting: []WaitTitle{{Title: "围棋班", Position: 3}}}
	zh := RenderNotice(NoticeRoundDrawn, LocaleZH, NoticeData{Round: r})
	for _, want := range []string{"2027 寒假书法班", "已录取", "「书法A班」", "「围棋班」第3位", r.ApplicationID, r.LotteryNumber} {
		if !strings.Contains(zh.Title+zh.Body, want) {
			t.Errorf("zh %+v does not say %q", zh, want)
		}
	}
	en := RenderNotice(NoticeRoundDrawn, LocaleEN, NoticeData{Round: r})
	for _, want := range []string{"Draw result", "Placed in “书法A班”", "“围棋班” at position 3", r.ApplicationID, r.LotteryNumber} {
		if !strings.Contains(en.Title+en.Body, want) {
			t.Errorf("en %+v does not say %q", en, want)
		}
	}
	r.Placed = nil
	if zh := RenderNotice(NoticeRoundDrawn, LocaleZH, NoticeData{Round: r}); !strings.Contains(zh.Body, "未能录取") || strings.Contains(zh.Body, "已录取") {
		t.Errorf("an unplaced family reads %+v", zh)
	}
	if en := RenderNotice(NoticeRoundDrawn, LocaleEN, NoticeData{Round: r}); !strings.Contains(en.Body, "No place") {
		t.Errorf("an unplaced family reads %+v in English", en)
	}
	gone := NoticeData{Round: &RoundNotice{Title: "2027 寒假书法班", ApplicationID: r.ApplicationID, Removed: []string{"围棋班"}}}
	if zh := RenderNotice(NoticeRoundWishRemoved, LocaleZH, gone); !strings.Contains(zh.Body, "「围棋班」") || !strings.Contains(zh.Body, "时间冲突") {
		t.Errorf("a removed wish reads %+v", zh)
	}
	if en := RenderNotice(NoticeRoundWishRemoved, LocaleEN, gone); !strings.Contains(en.Body, "“围棋班”") || !strings.Contains(en.Body, "removed") {
		t.Errorf("a removed wish reads %+v in English", en)
	}
	moved := NoticeData{Round: &RoundNotice{Title: "2027 寒假书法班", ApplicationID: r.ApplicationID, Placed: []string{"书法班"}, Removed: []string{"美术班"}}}
	if zh := RenderNotice(NoticeRoundPlaceReleased, LocaleZH, moved); !strings.Contains(zh.Body, "「书法班」有了空位") || !strings.Contains(zh.Body, "「美术班」已自动让出") ||
		!strings.Contains(zh.Body, r.ApplicationID) {
		t.Errorf("a released place reads %+v", zh)
	}
	if en := RenderNotice(NoticeRoundPlaceReleased, LocaleEN, moved); !strings.Contains(en.Body, "came free in “书法班”") || !strings.Contains(en.Body, "place in “美术班”") {
		t.Errorf("a released place reads %+v in English", en)
	}
}
