package api

import (
	"strings"

	"github.com/linli/linli/internal/linli"
	"github.com/xuri/excelize/v2"
)

// templateNotes explain each column of the templates, in zh-CN and en.
var templateNotes = map[string][2]string{
	"grid":             {"必填。网格或小区的名称；系统中没有的会新建。", "Required. The grid or compound; a new name creates it."},
	"building":         {"必填。楼栋（楼院）的名称；该网格中没有的会新建。", "Required. The building; a new name creates it in the grid."},
	"label":            {"必填。门牌号。网格、楼栋、门牌相同的行更新同一户。", "Required. The door. Rows with the same grid, building and door update the same household."},
	"contact_name":     {"联系人姓名，可空。", "The contact's name; may be blank."},
	"contact_phone":    {"手机号（11 位）或固定电话（区号-号码，如 010-12345678、0755 1234567、(021)87654321），可空。", "A mobile number (11 digits) or a landline (area code and number: 010-12345678, 0755 1234567, (021)87654321); may be blank."},
	"needs":            {"需求，可空；多个用顿号“、”或逗号分隔，可填：", "Needs, may be blank; several separated by 、 or commas, from:"},
	"visit_every_days": {"走访周期（天），1 到 366 的整数，可空。", "Days between visits, a whole number from 1 to 366; may be blank."},
	"name":             {"必填。成员的姓名；尚未注册的手机号在注册前显示此姓名。", "Required. The member's name, shown for a number not yet registered until it is."},
	"phone":            {"必填。手机号（11 位），即登录账号。手机号与角色相同的行更新同一成员。", "Required. The mobile number, which is the login. Rows with the same number and role update the same member."},
	"role":             {"必填。角色，可填：", "Required. The role, one of:"},
	"teacher_type":     {"角色为老师时必填，可填：", "Required for teachers, one of:"},
}

// importTemplate builds the empty workbook of an import: the first sheet has the headers only,
// frozen; a second sheet explains every column and the codes each takes.
func importTemplate(kind, locale string) ([]byte, error) {
	en := 0
	if locale == linli.LocaleEN {
		en = 1
	}
	f := excelize.NewFile()
	defer f.Close()
	main := map[string]string{linli.ImportHouseholds: "住户", linli.ImportMembers: "成员"}[kind]
	if err := f.SetSheetName("Sheet1", main); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	notes := "说明"
	if _, err := f.NewSheet(notes); err != nil {
		return nil, err
	}
	header := []string{"列", "说明"}
	if en == 1 {
		header = []string{"Column", "What to write"}
	}
	if err := f.SetSheetRow(notes, "A1", &header); err != nil {
		return nil, err
	}
	for i, c := range linli.ImportColumns[kind] {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(main, cell, c.Header); err != nil {
			return nil, err
		}
		row := []string{c.Header, templateNotes[c.Field][en] + codesOf(c.Field, en == 1)}
		at, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(notes, at, &row); err != nil {
			return nil, err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(linli.ImportColumns[kind]))
	for _, err := range []error{
		f.SetCellStyle(main, "A1", last+"1", bold),
		f.SetCellStyle(notes, "A1", "B1", bold),
		f.SetColWidth(main, "A", last, 16),
		f.SetColWidth(notes, "A", "A", 16),
		f.SetColWidth(notes, "B", "B", 90),
		f.SetPanes(main, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
	} {
		if err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// codesOf lists the words a column takes: each zh-CN label with its code.
func codesOf(field string, en bool) string {
	var pairs [][2]string
	switch field {
	case "needs":
		for _, c := range linli.NeedCodes() {
			pairs = append(pairs, [2]string{linli.NeedLabel(c), c})
		}
	case "role":
		for _, c := range []string{linli.RoleCoordinator, linli.RoleTeacher, linli.RoleVolunteer} {
			pairs = append(pairs, [2]string{linli.RoleLabel(c), c})
		}
	case "teacher_type":
		for _, c := range []string{linli.TeacherSchool, linli.TeacherCommunity, linli.TeacherResident} {
			pairs = append(pairs, [2]string{linli.TeacherTypeLabel(c), c})
		}
	default:
		return ""
	}
	var out []string
	for _, p := range pairs {
		out = append(out, p[0]+"（"+p[1]+"）")
	}
	sep := "、"
	if en {
		sep = ", "
	}
	s := " " + strings.Join(out, sep)
	if field == "role" {
		if en {
			s += " (only an administrator may import coordinators)"
		} else {
			s += "（只有系统管理员可以导入社区协调员）"
		}
	}
	return s
}
