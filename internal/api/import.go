package api

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// ImportMaxBytes is the largest import file accepted (413 too_large beyond): a households
// ledger of 5,000 rows is about 0.17 MiB as .xlsx and 0.4 MiB as CSV, so 8 MiB leaves room for a
// whole street's worth of rows and for workbooks with styles and pictures.
const ImportMaxBytes = 8 << 20

// bodyLimit is the largest request body the route of r takes: ImportMaxBytes for an import,
// MaxBodyBytes for everything else.
func bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v1/communities/") && strings.Contains(r.URL.Path, "/imports/") {
		return ImportMaxBytes
	}
	return MaxBodyBytes
}

// tooLarge is the 413 of a body over limit bytes.
func tooLarge(limit int64) error {
	return linli.Errorf(linli.ETooLarge, "the request body is larger than %d MiB", limit>>20)
}

func (s *Server) importRoutes(r chi.Router) {
	r.Post("/communities/{id}/imports/{kind}", s.h(s.importFile))
	r.Get("/communities/{id}/imports/{kind}/template", s.h(s.importTemplate))
}

// importFile answers POST /communities/{id}/imports/{kind}: the body is the file itself.
func (s *Server) importFile(w http.ResponseWriter, r *http.Request) error {
	req := linli.ImportRequest{Kind: chi.URLParam(r, "kind"), Locale: requestLocale(r)}
	switch v := r.URL.Query().Get("dry_run"); v {
	case "true", "1":
		req.DryRun = true
	case "", "false", "0":
	default:
		return linli.Invalid("dry_run", "dry_run must be true or false")
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, ImportMaxBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(ImportMaxBytes)
	}
	if err != nil {
		return linli.Errorf(linli.EInvalid, "the request body could not be read")
	}
	in := func() (linli.ImportTable, error) { return readImportTable(body, req.Locale) }
	res, err := s.Imports.Import(r.Context(), actorOf(r), chi.URLParam(r, "id"), req, in)
	var invalid *linli.ImportInvalid
	if errors.As(err, &invalid) {
		var eb errorBody
		eb.Error.Code, eb.Error.Message = linli.EImportInvalid, invalid.Err.Message
		return writeJSON(w, statusOf[linli.EImportInvalid], struct {
			errorBody
			*linli.ImportResult
		}{eb, invalid.Result})
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// importTemplate answers GET /communities/{id}/imports/{kind}/template: an empty workbook with
// the headers, and a sheet that explains the columns and codes.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	kind, locale := chi.URLParam(r, "kind"), requestLocale(r)
	if err := s.Imports.MayImport(r.Context(), actorOf(r), chi.URLParam(r, "id"), kind, locale); err != nil {
		return err
	}
	b, err := importTemplate(kind, locale)
	if err != nil {
		return err
	}
	names := map[string][2]string{
		linli.ImportHouseholds: {"住户导入模板.xlsx", "linli-households-template.xlsx"},
		linli.ImportMembers:    {"成员导入模板.xlsx", "linli-members-template.xlsx"},
	}[kind]
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+names[1]+`"; filename*=UTF-8''`+url.PathEscape(names[0]))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(b)
	return err
}
