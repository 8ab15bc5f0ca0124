package ical

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the fixtures must not depend on the host's zoneinfo
)

const host = "linli.example.cn"

// fixture is a feed built the way the server will build it, with the name of its golden file.
type fixture struct {
	name string
	feed Feed
}

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// longText returns n runes of Chinese text with the characters that need escaping, line breaks
// (CRLF and LF) and 4-byte emoji mixed in, so folds land next to escapes and inside runes.
func longText(n int) string {
	const unit = "邻里互助，守望相助; 周六上午九点在活动中心\\二楼集合, 带好水杯。\r\n注意：雨天改到室内🌧️！\n"
	runes := []rune(strings.Repeat(unit, n/len([]rune(unit))+1))
	return string(runes[:n])
}

// fixtures returns the golden feeds of ICAL.md §5 item 2, plus one in a zone with DST.
func fixtures(t testing.TB) []fixture {
	sh := loadZone(t, "Asia/Shanghai")
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2025, month, day, hour, minute, 0, 0, sh)
	}
	stamp := time.Date(2025, 3, 20, 9, 30, 0, 0, time.UTC)
	uid := func(id string) string { return id + "@" + host }

	volunteer := Feed{
		Name:            "志愿者日程 · 王芳",
		Description:     "你报名的值班和探访。\r\n有变动会更新, 请勿回复;谢谢！",
		Location:        sh,
		RefreshInterval: 6 * time.Hour,
		Events: []Event{{
			UID: uid("0f6a3c1e-5b7d-4c2a-9e11-2d7f3a9b8c01"), Start: at(4, 5, 8, 0), End: at(4, 5, 10, 0),
			Summary:     "社区巡逻（东区）",
			Description: "请提前10分钟到岗。\r\n带好袖标、对讲机;\r\n路线：A→B→C\\D, 结束后签退。",
			Location:    "幸福里小区 3号门, 南京西路1266号; 岗亭",
			Status:      StatusConfirmed, Stamp: stamp,
			Categories: []string{"志愿服务", "巡逻"},
			URL:        "https://" + host + "/shifts/0f6a3c1e-5b7d-4c2a-9e11-2d7f3a9b8c01",
		}, {
			UID: uid("7c2e9d40-1a3b-4f5c-8d6e-9f0a1b2c3d4e"), Start: at(4, 6, 14, 30), End: at(4, 6, 16, 0),
			Summary:     "探访独居老人 李奶奶 👵🏻",
			Description: longText(300),
			Location:    "幸福里 12号楼 3单元 401",
			Status:      StatusConfirmed, Sequence: 2,
			Stamp:      time.Date(2025, 3, 28, 18, 5, 7, 0, sh),
			Categories: []string{"探访"},
		}, {
			UID: uid("c4d5e6f7-0819-4a2b-b3c4-d5e6f7081920"), Start: at(4, 12, 9, 0), End: at(4, 12, 11, 30),
			Summary: "垃圾分类宣传\r摊位", Description: "活动取消：天气预报有暴雨。",
			Location: "中心广场", Status: StatusCancelled, Sequence: 1,
			Stamp:      time.Date(2025, 4, 10, 7, 0, 0, 0, time.UTC),
			Categories: []string{"志愿服务, 宣传"},
		}},
	}

	parent := Feed{
		Name:     "孩子的课程预约 · 张家",
		Location: sh,
		Events: []Event{{
			UID: uid("11111111-2222-4333-8444-555555555555"), Start: at(4, 5, 9, 0), End: at(4, 5, 10, 30),
			Summary:     "小明 · 少儿书法课",
			Description: "报名费: 0元; 自带毛笔, 墨汁\\宣纸。\n家长可在教室外等候。",
			Location:    "社区活动中心 201",
			Status:      StatusConfirmed, Stamp: stamp,
			Categories: []string{"课程"},
		}, {
			UID: uid("66666666-7777-4888-9999-aaaaaaaaaaaa"), Start: at(4, 6, 15, 0), End: at(4, 6, 17, 0),
			Summary:     "小红 · 周末编程营（候补）",
			Description: "候补第 2 位，有空位会自动转为正式报名并更新此日程。",
			Location:    "社区图书室",
			Status:      StatusTentative, Sequence: 1,
			Stamp:      time.Date(2025, 3, 22, 12, 0, 0, 0, time.UTC),
			Categories: []string{"课程", "候补"},
		}, {
			UID: uid("bbbbbbbb-cccc-4ddd-8eee-ffffffffffff"), Start: at(4, 7, 18, 0), End: at(4, 7, 19, 0),
			Summary:  "小明 · 游泳课 🏊",
			Location: "街道体育馆",
			Status:   StatusCancelled, Sequence: 3,
			Stamp:      time.Date(2025, 4, 1, 8, 15, 0, 0, time.UTC),
			Categories: []string{"课程"},
		}},
	}

	session := func(id string, day int, seq int, status Status, stamp time.Time) Event {
		return Event{
			UID: uid(id), Start: at(4, day, 7, 0), End: at(4, day, 8, 0),
			Summary: "太极拳（初级, 零基础可参加）", Description: "带水杯; 穿平底鞋。",
			Location: "中心广场", Status: status, Sequence: seq, Stamp: stamp,
			Categories: []string{"课程", "体育"},
		}
	}
	moved := session("20250412-taiji-0412", 12, 1, StatusConfirmed, time.Date(2025, 4, 2, 3, 0, 0, 0, time.UTC))
	moved.Start, moved.End = at(4, 13, 19, 30), at(4, 13, 20, 30)
	moved.Location = "活动中心 多功能厅（雨天改室内）"
	moved.Description = longText(300)
	classes := Feed{
		Name:            "幸福里社区课堂",
		Description:     "公开课程表，所有居民可订阅。",
		Location:        sh,
		RefreshInterval: 12 * time.Hour,
		Events: []Event{
			session("20250405-taiji-0405", 5, 0, StatusConfirmed, stamp),
			moved,
			session("20250419-taiji-0419", 19, 1, StatusCancelled, time.Date(2025, 4, 15, 1, 0, 0, 0, time.UTC)),
			session("20250426-taiji-0426", 26, 0, StatusConfirmed, stamp),
		},
	}

	ny := loadZone(t, "America/New_York")
	nyAt := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2025, month, day, hour, minute, 0, 0, ny)
	}
	// 2025-11-02 01:00–02:00 happens twice in New York: 05:00Z–06:00Z (EDT), then 06:00Z–07:00Z (EST).
	fallBack := time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC)
	dst := Feed{
		Name:     "Linli sister community, New York",
		Location: ny,
		Events: []Event{
			{UID: uid("ny-winter"), Start: nyAt(1, 15, 18, 0), End: nyAt(1, 15, 19, 0), Summary: "Winter meeting", Status: StatusConfirmed, Stamp: stamp},
			{UID: uid("ny-spring-forward"), Start: nyAt(3, 9, 1, 30), End: nyAt(3, 9, 3, 30), Summary: "Across the spring gap", Stamp: stamp},
			{UID: uid("ny-summer"), Start: nyAt(7, 4, 12, 0), End: nyAt(7, 4, 14, 0), Summary: "Summer picnic", Status: StatusTentative, Stamp: stamp},
			{UID: uid("ny-fall-back"), Start: fallBack, End: fallBack.Add(time.Hour), Summary: "01:30 EDT to 01:30 EST", Stamp: stamp},
			{UID: uid("ny-second-pass"), Start: fallBack.Add(45 * time.Minute), End: fallBack.Add(105 * time.Minute), Summary: "01:15 EST, the second 01:15", Stamp: stamp},
		},
	}

	return []fixture{
		{"volunteer", volunteer},
		{"parent", parent},
		{"classes", classes},
		{"empty", Feed{Name: "我的社区日程", Location: sh, RefreshInterval: 24 * time.Hour}},
		{"dst", dst},
	}
}
