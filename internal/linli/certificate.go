package linli

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
)

// CertificatePeriod is the service period a volunteer certificate states: the dates asked for,
// an open end closed by the first or last service on record (zero when there is none).
func CertificatePeriod(from, to Date, rows []VolunteerRecordRow) (Date, Date) {
	if len(rows) > 0 {
		if from.IsZero() {
			from = rows[0].Date
		}
		if to.IsZero() {
			to = rows[len(rows)-1].Date
		}
	}
	return from, to
}

// CertificateNumber numbers a volunteer service certificate (志愿服务证明) so that anyone can
// check it by printing it again: "LL", the period's last date as YYYYMMDD, a dash, and the first
// ten characters (base32) of the SHA-256 of the volunteer's id, the period and every row printed
// (date, content, hours, certifying community). The same volunteer, period and approved records
// give the same number; any change to them gives another.
func CertificateNumber(userID string, from, to Date, rows []VolunteerRecordRow) string {
	var b strings.Builder
	b.WriteString(userID + "\n" + from.String() + "\n" + to.String() + "\n")
	for _, r := range rows {
		b.WriteString(r.Date.String() + "\t" + r.Content + "\t" + strconv.FormatFloat(r.Hours, 'f', 2, 64) + "\t" + r.CertifiedBy + "\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	end := "00000000"
	if !to.IsZero() {
		end = strings.ReplaceAll(to.String(), "-", "")
	}
	return "LL" + end + "-" + base32.StdEncoding.EncodeToString(sum[:])[:10]
}
