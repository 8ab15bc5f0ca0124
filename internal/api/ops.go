package api

import (
	"net/http"

	"github.com/linli/linli/internal/linli"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if err := s.Ready(r); err != nil {
		s.Logger.Warn("not ready", "err", err.Error())
		return linli.Errorf(linli.EUnavailable, "the database does not answer")
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) findAudit(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Audit.FindAudit(r.Context(), actorOf(r), r.URL.Query().Get("community_id"), func() (f linli.AuditFilter, err error) {
		if f.Page, err = pageParams(r); err != nil {
			return f, err
		}
		f.From, f.To, err = dateRange(r)
		return f, err
	})
	if err != nil {
		return err
	}
	return list(w, items, next)
}
