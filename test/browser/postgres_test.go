package browser_test

import "testing"

// TestJourneysOnPostgres runs parents' journeys whole on PostgreSQL: registering, adding a child,
// booking a class, the waiting list of a full one, and the calendar feed links. The other
// journeys run on SQLite; the storage and API suites run on both (make test).
func TestJourneysOnPostgres(t *testing.T) {
	for _, j := range []journey{
		{"books a class", booksClassJourney},
		{"full class offers the waiting list", fullClassJourney},
		{"calendar feed links", feedLinksJourney},
		{"coordinator imports households and members", importJourney},
	} {
		t.Run(j.name, func(t *testing.T) {
			onPostgres.Store(t, true)
			defer onPostgres.Delete(t)
			j.run(t, inZH)
		})
	}
}
