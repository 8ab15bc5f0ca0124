package ical

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// BenchmarkEncode500 encodes a feed of 500 events with Chinese text, about a busy volunteer's year.
func BenchmarkEncode500(b *testing.B) {
	sh := loadZone(b, "Asia/Shanghai")
	start := time.Date(2025, 1, 4, 8, 0, 0, 0, sh)
	f := Feed{Name: "幸福里社区课堂", Description: "公开课程表，所有居民可订阅。", Location: sh, RefreshInterval: 12 * time.Hour}
	for i := range 500 {
		s := start.Add(time.Duration(i) * 17 * time.Hour)
		f.Events = append(f.Events, Event{
			UID:         fmt.Sprintf("%08d-taiji@%s", i, host),
			Start:       s,
			End:         s.Add(90 * time.Minute),
			Summary:     fmt.Sprintf("太极拳（初级, 第%d课）", i+1),
			Description: longText(120),
			Location:    "幸福里社区活动中心 多功能厅; 雨天改二楼",
			Status:      StatusConfirmed,
			Sequence:    i % 3,
			Stamp:       s.Add(-72 * time.Hour),
			Categories:  []string{"课程", "体育"},
			URL:         fmt.Sprintf("https://%s/sessions/%d", host, i),
		})
	}
	size := len(encode(b, f))
	b.ReportAllocs()
	for b.Loop() {
		if err := Encode(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "bytes/feed")
}
