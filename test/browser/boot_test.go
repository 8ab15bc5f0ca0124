package browser_test

import "testing"

// TestSignedInLoginGoesOn: someone already signed in who opens the sign-in page with a next
// route (an old bookmark, a link from a notice) is taken on to that route, not to the home page.
func TestSignedInLoginGoesOn(t *testing.T) {
	s := newSite(t)
	_, volunteer := s.member("周强", "13800000005", "volunteer", "")
	p := s.open(t)
	p.signIn(volunteer)
	p.visit("/login?next=/service", "service")
	p.waitText("main h1", "服务记录")
}
