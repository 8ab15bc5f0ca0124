package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) calendarRoutes(r chi.Router) {
	r.Get("/calendars", s.h(s.findCalendars))
	r.With(s.idempotent).Post("/calendars", s.h(s.createCalendar))
	r.Get("/calendars/{id}", s.h(s.findCalendar))
	r.Put("/calendars/{id}/days", s.h(s.markDays))
	r.Post("/calendars/{id}/import", s.h(s.importHolidayCN))
	r.Get("/calendars/{id}/days", s.h(s.findDays))
}

func (s *Server) findCalendars(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Planning.FindCalendars(r.Context(), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findCalendar(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Planning.FindCalendar(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "calendar", c)
}

func (s *Server) createCalendar(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Planning.CreateCalendar(r.Context(), actorOf(r), input[linli.NewCalendar](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "calendar", c)
}

func (s *Server) markDays(w http.ResponseWriter, r *http.Request) error {
	out, err := s.Planning.MarkDays(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.DaysChange](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// importHolidayCN takes a holiday-cn year file as published, in its own field names.
func (s *Server) importHolidayCN(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	file := func() ([]byte, error) { return body, err }
	out, err := s.Planning.ImportHolidayCN(r.Context(), actorOf(r), chi.URLParam(r, "id"), file)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) findDays(w http.ResponseWriter, r *http.Request) error {
	from, err := dateParam(r, "from")
	if err != nil {
		return err
	}
	to, err := dateParam(r, "to")
	if err != nil {
		return err
	}
	days, err := s.Planning.FindDays(r.Context(), chi.URLParam(r, "id"), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": days})
}
