package api

import (
	"bytes"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// volunteerRoutes serves shift sign-ups, service records, reports of service hours, visit plans,
// visit logs and concerns.
func (s *Server) volunteerRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/sessions/{id}/signup", s.h(s.signUp))
	r.Delete("/sessions/{id}/signup", s.h(s.leaveShift))
	r.Get("/sessions/{id}/signups", s.h(s.findSignups))
	r.Put("/sessions/{id}/service", s.h(s.recordService))
	r.Get("/sessions/{id}/service", s.h(s.findSessionService))
	r.Get("/service", s.h(s.findService))
	r.Post("/service/{id}/approve", s.h(s.approveService))
	r.Post("/service/{id}/reject", s.h(s.rejectService))
	r.With(s.idempotent).Post("/service/{id}/corrections", s.h(s.fileCorrection))
	r.Post("/corrections/{id}/decide", s.h(s.decideCorrection))
	r.Get("/communities/{id}/corrections", s.h(s.findCorrections))
	r.Get("/me/signups", s.h(s.findMySignups))
	r.Get("/me/service", s.h(s.findMyService))
	r.Get("/reports/volunteer-hours", s.h(s.volunteerHours))
	r.Get("/reports/volunteer-record", s.h(s.volunteerRecord))
	s.visitRoutes(r)
}

// optionalInput is input, but an empty body is a zero T.
func optionalInput[T any](r *http.Request) linli.Input[T] {
	body, err := readBody(r)
	return func() (T, error) {
		var v T
		if err != nil || len(bytes.TrimSpace(body)) == 0 {
			return v, err
		}
		return v, decodeBody(body, &v)
	}
}

func (s *Server) signUp(w http.ResponseWriter, r *http.Request) error {
	g, err := s.Volunteers.SignUp(r.Context(), actorOf(r), chi.URLParam(r, "id"), optionalInput[linli.SignupRequest](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "signup", g)
}

func (s *Server) leaveShift(w http.ResponseWriter, r *http.Request) error {
	if err := s.Volunteers.LeaveShift(r.Context(), actorOf(r), chi.URLParam(r, "id"), r.URL.Query().Get("user_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) findSignups(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Volunteers.FindSignups(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return list(w, items, "")
}

func (s *Server) findMySignups(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Volunteers.FindMySignups(r.Context(), actorOf(r), func() (f linli.MySignupsFilter, err error) {
		if f.Page, err = pageParams(r); err != nil {
			return f, err
		}
		f.From, err = dateParam(r, "from")
		return f, err
	})
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findMyService(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Volunteers.FindMyService(r.Context(), actorOf(r), pageInput(r))
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) recordService(w http.ResponseWriter, r *http.Request) error {
	recs, err := s.Volunteers.RecordService(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.ServiceSheet](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"records": recs})
}

func (s *Server) findSessionService(w http.ResponseWriter, r *http.Request) error {
	recs, err := s.Volunteers.FindSessionService(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return list(w, recs, "")
}

func (s *Server) findService(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := linli.ServiceFilter{CommunityID: q.Get("community_id"), UserID: q.Get("user_id"), Status: q.Get("status")}
	var err error
	if f.Page, err = pageParams(r); err != nil {
		return err
	}
	if f.From, f.To, err = dateRange(r); err != nil {
		return err
	}
	items, next, err := s.Volunteers.FindService(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) approveService(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.Volunteers.ApproveService(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "service_record", rec)
}

func (s *Server) fileCorrection(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Volunteers.FileCorrection(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.CorrectionRequest](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "correction", c)
}

func (s *Server) decideCorrection(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Volunteers.DecideCorrection(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.Decision](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) findCorrections(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Volunteers.FindCorrections(r.Context(), actorOf(r), chi.URLParam(r, "id"), r.URL.Query().Get("status"), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) rejectService(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.Volunteers.RejectService(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.ServiceRejection](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "service_record", rec)
}
