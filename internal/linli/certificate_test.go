package linli

import (
	"regexp"
	"testing"
)

func TestCertificateNumber(t *testing.T) {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	rows := []VolunteerRecordRow{
		{Date: d("2026-09-05"), Content: "周六社区环境整治", Hours: 2.5, CertifiedBy: "幸福里社区"},
		{Date: d("2026-09-12"), Content: "入户走访（我是对门）", Hours: 0.75, CertifiedBy: "幸福里社区"},
	}
	from, to := CertificatePeriod(Date{}, Date{}, rows)
	if from != d("2026-09-05") || to != d("2026-09-12") {
		t.Errorf("open period closed as %s to %s", from, to)
	}
	if f, e := CertificatePeriod(d("2026-09-01"), d("2026-09-30"), rows); f != d("2026-09-01") || e != d("2026-09-30") {
		t.Errorf("the dates asked for became %s to %s", f, e)
	}
	n := CertificateNumber("u1", from, to, rows)
	if !regexp.MustCompile(`^LL20260912-[A-Z2-7]{10}$`).MatchString(n) {
		t.Errorf("number %q", n)
	}
	if again := CertificateNumber("u1", from, to, append([]VolunteerRecordRow(nil), rows...)); again != n {
		t.Errorf("the same certificate numbered %q then %q", n, again)
	}
	changed := append([]VolunteerRecordRow(nil), rows...)
	changed[1].Hours = 1
	for what, other := range map[string]string{
		"another volunteer":  CertificateNumber("u2", from, to, rows),
		"another period":     CertificateNumber("u1", d("2026-09-01"), to, rows),
		"a corrected record": CertificateNumber("u1", from, to, changed),
		"a record less":      CertificateNumber("u1", from, to, rows[:1]),
	} {
		if other == n {
			t.Errorf("%s keeps the number %q", what, n)
		}
	}
	if empty := CertificateNumber("u1", Date{}, Date{}, nil); empty[:10] != "LL00000000" {
		t.Errorf("no period: %q", empty)
	}
}
