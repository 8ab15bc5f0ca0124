package linli

import "context"

// The kinds of import: the households of a community, and its members.
const (
	ImportHouseholds = "households"
	ImportMembers    = "members"
)

// What an import does with a row.
const (
	ActionCreate    = "create"
	ActionUpdate    = "update"
	ActionUnchanged = "unchanged"
)

// MaxImportRows bounds the data rows of one import file (413 too_large beyond).
const MaxImportRows = 20000

// ImportTable is the first sheet of a spreadsheet, or a CSV file, as rows of cells: the header
// row first. Line is the row's number as the spreadsheet shows it (1 for the header), so that
// blank rows left out keep the numbers the coordinator sees.
type ImportTable struct {
	Rows [][]string
	Line []int
}

// ImportRequest is what a caller asks of an import: the file's kind, a dry run or the real one,
// and the language of the messages.
type ImportRequest struct {
	Kind   string
	DryRun bool
	Locale string
}

// ImportIssue is an error in one cell of a row: the column as the file's header names it.
type ImportIssue struct {
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportRow is the outcome of one row of an import file. The action comes from the row's key
// (网格, 楼栋, 门牌 or 手机号 and 角色) alone: a row whose key matches nothing is create, even when
// its errors keep it from being imported.
type ImportRow struct {
	Row    int           `json:"row"`
	Action string        `json:"action"`
	Errors []ImportIssue `json:"errors"`
	// Households: the row's place, and whether its grid and building are new.
	Grid        string `json:"grid,omitempty"`
	Building    string `json:"building,omitempty"`
	Label       string `json:"label,omitempty"`
	NewGrid     bool   `json:"new_grid,omitempty"`
	NewBuilding bool   `json:"new_building,omitempty"`
	// Members: the name and role, and whether the number has no account yet (a pending member).
	Name        string `json:"name,omitempty"`
	Role        string `json:"role,omitempty"`
	TeacherType string `json:"teacher_type,omitempty"`
	Pending     bool   `json:"pending,omitempty"`
}

// ImportSummary counts the rows of an import by outcome, with the grids and buildings it creates
// ("网格 / 楼栋" for a building). Written is true when the real run wrote something.
type ImportSummary struct {
	Rows         int      `json:"rows"`
	Create       int      `json:"create"`
	Update       int      `json:"update"`
	Unchanged    int      `json:"unchanged"`
	Invalid      int      `json:"invalid"`
	NewGrids     []string `json:"new_grids"`
	NewBuildings []string `json:"new_buildings"`
	DryRun       bool     `json:"dry_run"`
	Written      bool     `json:"written"`
}

// ImportResult is the answer of an import, dry or real.
type ImportResult struct {
	Kind    string        `json:"kind"`
	Rows    []ImportRow   `json:"rows"`
	Summary ImportSummary `json:"summary"`
}

// Valid reports whether no row has an error.
func (r *ImportResult) Valid() bool { return r.Summary.Invalid == 0 }

// Tally fills the summary's counts from the rows.
func (r *ImportResult) Tally() {
	s := &r.Summary
	s.Rows, s.Create, s.Update, s.Unchanged, s.Invalid = len(r.Rows), 0, 0, 0, 0
	for _, row := range r.Rows {
		if len(row.Errors) > 0 {
			s.Invalid++
			continue
		}
		switch row.Action {
		case ActionCreate:
			s.Create++
		case ActionUpdate:
			s.Update++
		default:
			s.Unchanged++
		}
	}
	if s.NewGrids == nil {
		s.NewGrids = []string{}
	}
	if s.NewBuildings == nil {
		s.NewBuildings = []string{}
	}
}

// ImportService imports households and members from spreadsheets. Import checks the caller's
// permission before it reads the table; a real run with an error in any row writes nothing and
// answers the rows with an import_invalid error (ImportInvalid).
type ImportService interface {
	Import(ctx context.Context, a *Actor, communityID string, req ImportRequest, in Input[ImportTable]) (*ImportResult, error)
	// MayImport answers whether a may import files of the kind into the community (the template's
	// permission): nil, or the error Import would give.
	MayImport(ctx context.Context, a *Actor, communityID, kind, locale string) error
}

// ImportInvalid is the error of a real import with errors in its rows: nothing was written, and
// Result holds every row's outcome, as the dry run gives it.
type ImportInvalid struct {
	Result *ImportResult
	Err    *Error
}

// Error implements the error interface.
func (e *ImportInvalid) Error() string { return e.Err.Error() }

// Unwrap gives the *Error with the code import_invalid.
func (e *ImportInvalid) Unwrap() error { return e.Err }
