package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) regionRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/regions", s.h(s.createRegion))
	r.Get("/regions", s.h(s.findRegions))
	r.Get("/regions/{id}", s.h(s.findRegion))
	r.Patch("/regions/{id}", s.h(s.updateRegion))
	r.With(s.idempotent).Post("/regions/{id}/viewers", s.h(s.addRegionViewer))
	r.Delete("/regions/{id}/viewers/{user_id}", s.h(s.removeRegionViewer))
	r.Get("/reports/visits", s.h(s.visitsReport))
}

func (s *Server) createRegion(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.Regions.CreateRegion(r.Context(), actorOf(r), input[linli.RegionChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "region", reg)
}

func (s *Server) findRegions(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Regions.FindRegions(r.Context(), actorOf(r), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findRegion(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.Regions.FindRegion(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "region", reg)
}

func (s *Server) updateRegion(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.Regions.UpdateRegion(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.RegionChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "region", reg)
}

func (s *Server) addRegionViewer(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Regions.AddViewer(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.NewViewer](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "viewer", v)
}

func (s *Server) removeRegionViewer(w http.ResponseWriter, r *http.Request) error {
	if err := s.Regions.RemoveViewer(r.Context(), actorOf(r), chi.URLParam(r, "id"), chi.URLParam(r, "user_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// visitsReportColumns are the columns of the visits report as a file: the key and the name, then
// counts.
var visitsReportColumns = func() []column {
	cols := []column{{"社区编号", colText}, {"社区", colText}}
	for _, h := range []string{"计划走访", "已走访", "未完成", "逾期未记录", "待走访",
		"发现问题", "已解决", "未解决", "未解决(不足7天)", "未解决(7至30天)", "未解决(超过30天)"} {
		cols = append(cols, column{h, colInt})
	}
	return cols
}()

func (s *Server) visitsReport(w http.ResponseWriter, r *http.Request) error {
	var f linli.VisitsFilter
	var asCSV bool
	rep, err := s.Regions.VisitsReport(r.Context(), actorOf(r), func() (linli.VisitsFilter, error) {
		q := r.URL.Query()
		f = linli.VisitsFilter{CommunityID: q.Get("community_id"), RegionID: q.Get("region_id"), GroupBy: q.Get("group_by")}
		var err error
		f.From, f.To, asCSV, err = reportRange(r)
		return f, err
	})
	if err != nil {
		return err
	}
	if !asCSV {
		return writeJSON(w, http.StatusOK, rep)
	}
	rows := make([][]any, 0, len(rep.Rows)+1)
	for _, row := range append(rep.Rows, rep.Totals) {
		rows = append(rows, []any{row.Key, row.Label, row.Planned, row.Done, row.Missed, row.Overdue, row.Upcoming,
			row.TroublesFound, row.Resolved, row.Open, row.OpenUnder7d, row.Open7To30d, row.OpenOver30d})
	}
	return writeTable(w, r, table{file: "visits-" + rangeName(f.From, f.To), name: "走访统计_" + rangeName(f.From, f.To),
		sheet: "走访统计", cols: visitsReportColumns, rows: rows})
}
