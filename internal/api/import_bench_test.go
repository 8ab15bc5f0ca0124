package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/storage/storagetest"
	"github.com/linli/linli/internal/testclock"
	"github.com/xuri/excelize/v2"
)

// ibHouseholds is the size of the ledger imported: a large community's whole 台账.
const ibHouseholds = 5000

// ibFixture is a real server on the run's database with an administrator signed in.
type ibFixture struct {
	url, admin string
}

func newImportBench(b *testing.B) *ibFixture {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, storagetest.DSN(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	srv := app.New(db, app.Options{Now: testclock.Started(b).Now, FeedSecret: []byte("the feed secret of the import benchmark")})
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	if _, err := (storage.Accounts{DB: db}).CreateAdmin(ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"}); err != nil {
		b.Fatal(err)
	}
	fx := &ibFixture{url: ts.URL}
	r, err := http.Post(ts.URL+"/api/v1/auth/login", "application/json", bytes.NewReader([]byte(`{"login":"admin@linli.test","password":"admin-password"}`)))
	if err != nil {
		b.Fatal(err)
	}
	r.Body.Close()
	for _, c := range r.Cookies() {
		if c.Name == api.SessionCookie {
			fx.admin = c.Value
		}
	}
	return fx
}

// call sends body (JSON for a value, as is for bytes) and decodes a 2xx answer into out.
func (fx *ibFixture) call(b *testing.B, method, path string, body, out any) {
	b.Helper()
	raw, ok := body.([]byte)
	if !ok && body != nil {
		raw, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, fx.url+path, bytes.NewReader(raw))
	req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: fx.admin})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		b.Fatalf("%s %s: %d %.300s", method, path, resp.StatusCode, got)
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			b.Fatal(err)
		}
	}
}

// community creates an empty community and returns its id.
func (fx *ibFixture) community(b *testing.B, i int) string {
	var c struct{ Community linli.Community }
	fx.call(b, "POST", "/api/v1/communities", map[string]any{"name": fmt.Sprintf("基准社区 %d", i)}, &c)
	return c.Community.ID
}

// ibLedger is a households workbook of n rows over 16 grids of 5 buildings, as an office keeps it.
func ibLedger(b *testing.B, n int) []byte {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"网格", "楼栋", "门牌", "联系人", "联系电话", "需求", "走访周期(天)"})
	needs := []string{"独居老人", "残疾人、低收入", "", "留守儿童", "退役军人、老年人"}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{fmt.Sprintf("第%d网格", i%16+1), fmt.Sprintf("%d号楼", i/16%5+1), fmt.Sprintf("%d单元%d室", i/80+1, i%80+101),
			"居民" + fmt.Sprint(i), 13800000000 + i, needs[i%len(needs)], 7 + i%4*7}
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// cpuTime is the CPU time the process (server and client alike) has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports households per second of wall time and the CPU milliseconds one run took,
// which the load of a shared machine moves far less.
func reportRate(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(ibHouseholds)*float64(b.N)/b.Elapsed().Seconds(), "households/s")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkImportHouseholds imports a ledger of 5,000 households from .xlsx into an empty
// community (xlsx), and measures beside it in the same run its dry run (parse and match only) and
// the baseline: the same 5,000 households created one by one with POST /buildings/{id}/households,
// the way a script would have to before imports.
func BenchmarkImportHouseholds(b *testing.B) {
	fx := newImportBench(b)
	ledger := ibLedger(b, ibHouseholds)
	b.Logf("ledger: %d households, %d KiB", ibHouseholds, len(ledger)>>10)
	n := 0
	b.Run("xlsx", func(b *testing.B) {
		var cpu time.Duration
		for range b.N {
			b.StopTimer()
			id := fx.community(b, n)
			n++
			b.StartTimer()
			start := cpuTime()
			var res linli.ImportResult
			fx.call(b, "POST", "/api/v1/communities/"+id+"/imports/households", ledger, &res)
			cpu += cpuTime() - start
			if res.Summary.Create != ibHouseholds {
				b.Fatalf("imported %+v", res.Summary)
			}
		}
		reportRate(b, cpu)
	})
	b.Run("dry-run", func(b *testing.B) {
		id := fx.community(b, n)
		n++
		start := cpuTime()
		for range b.N {
			var res linli.ImportResult
			fx.call(b, "POST", "/api/v1/communities/"+id+"/imports/households?dry_run=true", ledger, &res)
			if res.Summary.Create != ibHouseholds {
				b.Fatalf("dry run %+v", res.Summary)
			}
		}
		reportRate(b, cpuTime()-start)
	})
	b.Run("one-by-one", func(b *testing.B) {
		var cpu time.Duration
		for range b.N {
			b.StopTimer()
			id := fx.community(b, n)
			n++
			buildings := map[string]string{}
			for g := 1; g <= 16; g++ {
				var grid struct{ Grid linli.Grid }
				fx.call(b, "POST", "/api/v1/communities/"+id+"/grids", map[string]any{"name": fmt.Sprintf("第%d网格", g)}, &grid)
				for k := 1; k <= 5; k++ {
					var bl struct{ Building linli.Building }
					fx.call(b, "POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", map[string]any{"name": fmt.Sprintf("%d号楼", k)}, &bl)
					buildings[fmt.Sprint(g, "/", k)] = bl.Building.ID
				}
			}
			b.StartTimer()
			start := cpuTime()
			for i := range ibHouseholds {
				days := 7 + i%4*7
				fx.call(b, "POST", "/api/v1/buildings/"+buildings[fmt.Sprint(i%16+1, "/", i/16%5+1)]+"/households", map[string]any{
					"label": fmt.Sprintf("%d单元%d室", i/80+1, i%80+101), "contact_name": "居民" + fmt.Sprint(i),
					"contact_phone": fmt.Sprint(13800000000 + i), "needs": []string{"elderly_alone"}, "visit_every_days": days}, nil)
			}
			cpu += cpuTime() - start
		}
		reportRate(b, cpu)
	})
}
