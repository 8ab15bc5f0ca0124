package api

import "github.com/go-chi/chi/v5"

// Routes returns the router that Handler built, for tools and tests that walk every route
// (chi.Walk); nil before Handler is called.
func (s *Server) Routes() chi.Routes { return s.router }
