package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// attendanceRoutes serves rosters, attendance, delivery, feedback, the class-hours report and
// the roster access log.
func (s *Server) attendanceRoutes(r chi.Router) {
	r.Get("/sessions/{id}/roster", s.h(s.roster))
	r.Put("/sessions/{id}/attendance", s.h(s.recordAttendance))
	r.Post("/sessions/{id}/deliver", s.h(s.deliver))
	r.With(s.idempotent).Post("/sessions/{id}/feedback", s.h(s.giveFeedback))
	r.Get("/programs/{id}/feedback", s.h(s.programFeedback))
	r.Get("/reports/class-hours", s.h(s.classHours))
	r.Get("/access-log", s.h(s.accessLog))
}

func (s *Server) roster(w http.ResponseWriter, r *http.Request) error {
	ro, err := s.Attendance.Roster(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "roster", ro)
}

func (s *Server) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Attendance.RecordAttendance(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.AttendanceChange](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) deliver(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.Attendance.Deliver(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "session", sess)
}

func (s *Server) giveFeedback(w http.ResponseWriter, r *http.Request) error {
	fb, err := s.Attendance.GiveFeedback(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.NewFeedback](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "feedback", fb)
}

func (s *Server) programFeedback(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Attendance.ProgramFeedback(r.Context(), actorOf(r), chi.URLParam(r, "id"), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}
