package api

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// BenchmarkXLSXAccessLog writes the largest export there is, an access log of
// linli.MaxAccessLogExport roster reads, as XLSX.
func BenchmarkXLSXAccessLog(b *testing.B) {
	at := time.Date(2026, 9, 7, 16, 35, 0, 0, linli.ChinaTime)
	rows := make([][]any, linli.MaxAccessLogExport)
	for i := range rows {
		id := strconv.Itoa(i)
		rows[i] = []any{at.Add(time.Duration(i) * time.Minute), "王丽", "01a23c3f-b762-78bf-b79c-" + id, "四点半课堂", at, "01a23c3f-b87e-7791-b4a2-" + id, "01a23c3f-0000-7000-8000-000000000000", i % 40}
	}
	t := table{file: "access-log-all", name: "名单查看记录_all", sheet: "名单查看记录", rows: rows, cols: []column{{"查看时间", colTime}, {"查看人", colText},
		{"查看人ID", colText}, {"活动", colText}, {"活动开始时间", colTime}, {"活动ID", colText}, {"社区ID", colText}, {"儿童人数", colInt}}}
	for b.Loop() {
		w := httptest.NewRecorder()
		if err := writeXLSX(w, t); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(w.Body.Len())/1e6, "MB")
	}
}
