package api

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// printTemplates are the printed pages (A4 HTML): html/template escapes every value, and the
// pages load their style and their print button from /print.css and /print.js, so they pass
// the Content-Security-Policy (no inline script or style).
//
//go:embed templates/*.html
var printFiles embed.FS

var printTemplates = template.Must(template.New("print").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).ParseFS(printFiles, "templates/*.html"))

// printRoutes serves the printed pages: a session's sign-in sheet and a volunteer's service
// certificate.
func (s *Server) printRoutes(r chi.Router) {
	r.Get("/sessions/{id}/sign-in-sheet", s.printed(s.signInSheet))
	r.Get("/reports/volunteer-record/certificate", s.printed(s.certificate))
}

// printErrors say in Chinese why a printed page is not shown, by status.
var printErrors = map[int][2]string{
	http.StatusBadRequest:   {"无法打印", "打印地址有误，请回到邻里的页面重新打开。"},
	http.StatusUnauthorized: {"请先登录", "请先登录邻里，再从页面上的打印按钮打开。"},
	http.StatusForbidden:    {"无法打印", "您没有打印这一页的权限。"},
	http.StatusNotFound:     {"没有找到", "没有找到要打印的内容，或您无权查看。"},
}

// printed serves a printed page. Its errors are the API's JSON, except to a browser opening the
// page (Accept names text/html): a short Chinese page saying why, with the same status.
func (s *Server) printed(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := fn(w, r)
		if err == nil {
			return
		}
		status := statusOf[linli.ErrorCode(err)]
		words, ok := printErrors[status]
		if !ok || !acceptsHTML(r) {
			s.renderError(w, r, err)
			return
		}
		var buf bytes.Buffer
		if printTemplates.ExecuteTemplate(&buf, "error.html", map[string]string{"Title": words[0], "Text": words[1]}) != nil {
			s.renderError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(buf.Bytes())
	}
}

// acceptsHTML reports whether the request's Accept header names text/html, as a browser's
// navigation does.
func acceptsHTML(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == "text/html" {
			return true
		}
	}
	return false
}

// signInSheet is what the sign-in sheet (签到表) shows: the session and its booked children's
// names, nothing else about them.
type signInSheet struct {
	Title, Date, Time, Venue, Staff string
	Cancelled                       bool
	Children                        []string
}

// signInSheet answers the sign-in sheet of a session to whoever may read its roster: it is a
// roster read, logged as one.
func (s *Server) signInSheet(w http.ResponseWriter, r *http.Request) error {
	ro, err := s.Attendance.Roster(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	sess := ro.Session
	page := signInSheet{Title: sess.Title, Date: chineseDate(sess.LocalDate) + " " + chineseWeekdays[sess.LocalDate.ISOWeekday()-1],
		Time: sess.StartsAt.Format("15:04") + "–" + sess.EndsAt.Format("15:04"), Children: make([]string, len(ro.Children)),
		Cancelled: sess.Status == linli.SessionCancelled}
	if sess.Venue != nil {
		page.Venue = sess.Venue.Name
	}
	names := make([]string, len(sess.Staff))
	for i, m := range sess.Staff {
		names[i] = m.Name
	}
	page.Staff = strings.Join(names, "、")
	for i, c := range ro.Children {
		page.Children[i] = c.Name
	}
	return writePage(w, "sign-in-sheet.html", page)
}

// certificatePage is what the volunteer service certificate (志愿服务证明) shows.
type certificatePage struct {
	Number, Name, Period, Issuer, Hours, Handler, Phone, Issued string
	Rows                                                        []certificateRow
}

// certificateRow is one service on a certificate: without the households served.
type certificateRow struct {
	Date, Content, Hours, CertifiedBy string
}

// certificate answers a volunteer's service certificate over the volunteer-record report's rows
// (the same permission: the volunteer, or a coordinator for the service in their communities).
// The handler (经办人) and the contact phone are the coordinator's who prints it; printed by the
// volunteer, they are lines left to fill at the office.
func (s *Server) certificate(w http.ResponseWriter, r *http.Request) error {
	var f linli.VolunteerRecordFilter
	a := actorOf(r)
	rec, err := s.Volunteers.VolunteerRecord(r.Context(), a, r.URL.Query().Get("user_id"), func() (linli.VolunteerRecordFilter, error) {
		var err error
		f.From, f.To, err = dateRange(r)
		return f, err
	})
	if err != nil {
		return err
	}
	from, to := linli.CertificatePeriod(f.From, f.To, rec.Rows)
	page := certificatePage{Number: linli.CertificateNumber(rec.Volunteer.ID, from, to, rec.Rows), Name: rec.Volunteer.Name,
		Hours: hoursText(rec.Totals.Hours), Issued: chineseDate(linli.TodayInChina(s.Now())), Period: "—"}
	if !from.IsZero() && !to.IsZero() {
		page.Period = chineseDate(from) + "至" + chineseDate(to)
	}
	var issuers []string
	for _, row := range rec.Rows {
		page.Rows = append(page.Rows, certificateRow{Date: row.Date.String(), Content: row.Content, Hours: hoursText(row.Hours), CertifiedBy: row.CertifiedBy})
		if !slices.Contains(issuers, row.CertifiedBy) {
			issuers = append(issuers, row.CertifiedBy)
		}
	}
	page.Issuer = strings.Join(issuers, "、")
	if a.UserID() != rec.Volunteer.ID {
		page.Handler = a.User.Name
		page.Phone, _ = linli.NormalizeMobile("", a.User.Login)
	}
	return writePage(w, "certificate.html", page)
}

// writePage renders a printed page; a template error is caught before anything is written.
func writePage(w http.ResponseWriter, name string, data any) error {
	var buf bytes.Buffer
	if err := printTemplates.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

// chineseWeekdays name Monday to Sunday.
var chineseWeekdays = [7]string{"周一", "周二", "周三", "周四", "周五", "周六", "周日"}

// chineseDate writes a date the way a Chinese form does: 2026年9月7日.
func chineseDate(d linli.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
}
