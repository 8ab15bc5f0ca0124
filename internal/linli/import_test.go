package linli

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestContactPhone(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"13800000001", "13800000001", true},
		{"+86 138-0000-0001", "13800000001", true},
		{"1.3800000001E10", "13800000001", true}, // a number cell of a spreadsheet
		{"010-12345678", "010-12345678", true},
		{"010 12345678", "010-12345678", true},
		{"01012345678", "010-12345678", true},
		{"(021)87654321", "021-87654321", true},
		{"（021）87654321", "021-87654321", true},
		{"0755-1234567", "0755-1234567", true},
		{"07551234567", "0755-1234567", true},
		{"024-2345678", "024-2345678", true},
		{"12800000001", "", false},    // no mobile network starts 12
		{"1380000000", "", false},     // 10 digits
		{"010-123456", "", false},     // 6 digits
		{"010-123456789", "", false},  // 9 digits
		{"0755-01234567", "", false},  // a number never starts 0
		{"07-551234567", "", false},   // the dash in the wrong place
		{"010--12345678", "", false},  // two separators
		{"12345678", "", false},       // no area code
		{"010-1234567x", "", false},   // not a digit
		{"电话 13800000001", "", false}, // text
		{"13800000001,13800000002", "", false},
	} {
		got, ok := ContactPhone(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ContactPhone(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseNeeds(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		key  string
	}{
		{"", []string{}, ""},
		{"独居老人、残疾人", []string{"elderly_alone", "disabled"}, ""},
		{"elderly_alone,veteran", []string{"elderly_alone", "veteran"}, ""},
		{"留守儿童，低收入", []string{"left_behind_child", "low_income"}, ""},
		{"独居老人、elderly_alone", nil, "repeated_need"},
		{"独居老人、孤寡", nil, "unknown_need"},
	} {
		got, key, _ := ParseNeeds(c.in)
		if key != c.key || c.key == "" && !slices.Equal(got, c.want) {
			t.Errorf("ParseNeeds(%q) = %v, %q; want %v, %q", c.in, got, key, c.want, c.key)
		}
	}
}

func TestReadImportHeader(t *testing.T) {
	h, err := ReadImportHeader(ImportHouseholds, []string{"\ufeff备注", "门牌", "楼栋", "网格", "走访周期（天）", "联系电话"}, LocaleZH)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Has("visit_every_days") || h.Has("needs") || h.cell([]string{"x", "101", "1号楼", "一网格"}, "grid") != "一网格" {
		t.Errorf("columns in another order, one with full-width parentheses, were not found: %+v", h)
	}
	_, err = ReadImportHeader(ImportHouseholds, []string{"网格", "联系人"}, LocaleZH)
	if ErrorCode(err) != EInvalid || ErrorField(err) != "楼栋" || !strings.Contains(ErrorMessage(err), "楼栋、门牌") {
		t.Errorf("missing columns: %v", err)
	}
	_, err = ReadImportHeader(ImportMembers, []string{"姓名", "手机号", "角色", "手机"}, LocaleEN)
	if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err), "appears twice") {
		t.Errorf("a column twice: %v", err)
	}
}

func TestParseMemberRow(t *testing.T) {
	h, err := ReadImportHeader(ImportMembers, []string{"姓名", "手机号", "角色", "教师类型"}, LocaleZH)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cells      []string
		mayAppoint bool
		want       MemberImport
		bad        []string // the columns at fault
	}{
		{[]string{"张三", "13800000009", "志愿者", ""}, false, MemberImport{"张三", "13800000009", RoleVolunteer, ""}, nil},
		{[]string{"李四", "138 0000 0010", "老师", "学校教师"}, false, MemberImport{"李四", "13800000010", RoleTeacher, TeacherSchool}, nil},
		{[]string{"王五", "13800000011", "teacher", "community_teacher"}, false, MemberImport{"王五", "13800000011", RoleTeacher, TeacherCommunity}, nil},
		{[]string{"赵六", "13800000012", "协调员", ""}, true, MemberImport{"赵六", "13800000012", RoleCoordinator, ""}, nil},
		{[]string{"赵六", "13800000012", "协调员", ""}, false, MemberImport{}, []string{"角色"}},
		{[]string{"", "010-12345678", "班主任", "教授"}, false, MemberImport{}, []string{"姓名", "手机号", "角色", "教师类型"}},
		{[]string{"钱七", "13800000013", "老师", ""}, false, MemberImport{}, []string{"教师类型"}},
		{[]string{"孙八", "13800000014", "志愿者", "学校教师"}, false, MemberImport{}, []string{"教师类型"}},
	} {
		m, issues := ParseMemberRow(h, c.cells, LocaleZH, c.mayAppoint)
		var bad []string
		for _, is := range issues {
			bad = append(bad, is.Column)
			if !strings.ContainsFunc(is.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("%v: message %q is not Chinese", c.cells, is.Message)
			}
		}
		if !slices.Equal(bad, c.bad) {
			t.Errorf("%v: errors in %v, want %v (%v)", c.cells, bad, c.bad, issues)
		}
		if c.bad == nil && m != c.want {
			t.Errorf("%v: %+v, want %+v", c.cells, m, c.want)
		}
	}
}

func TestHouseholdAction(t *testing.T) {
	days := 30
	stored := &Household{ID: "h", Label: "101", ContactName: "张大爷", ContactPhone: "13800000001", Needs: []string{"elderly_alone", "disabled"}, VisitEveryDays: &days}
	name, phone, needs := "张大爷", "13800000001", []string{"disabled", "elderly_alone"}
	same := HouseholdImport{Label: "101", ContactName: &name, ContactPhone: &phone, Needs: &needs, VisitEveryDays: &days, HasVisitEveryDays: true}
	if a, _ := HouseholdAction(stored, same); a != ActionUnchanged {
		t.Errorf("the same household in another needs order: %s", a)
	}
	if a, _ := HouseholdAction(stored, HouseholdImport{Label: "101"}); a != ActionUnchanged {
		t.Errorf("a file without the optional columns keeps the values: %s", a)
	}
	cleared := same
	cleared.HasVisitEveryDays, cleared.VisitEveryDays = true, nil
	if a, h := HouseholdAction(stored, cleared); a != ActionUpdate || h.VisitEveryDays != nil {
		t.Errorf("a blank 走访周期 clears it: %s %v", a, h.VisitEveryDays)
	}
	if a, h := HouseholdAction(nil, same); a != ActionCreate || h.ContactName != "张大爷" {
		t.Errorf("a new household: %s %+v", a, h)
	}
}

func TestFlagDuplicates(t *testing.T) {
	rows := []ImportRow{{Row: 2}, {Row: 3}, {Row: 5}, {Row: 6}}
	FlagDuplicates(rows, []string{"a", "b", "a", ""}, "门牌", LocaleZH)
	if len(rows[0].Errors) != 0 || len(rows[1].Errors) != 0 || len(rows[3].Errors) != 0 ||
		len(rows[2].Errors) != 1 || rows[2].Errors[0].Message != "与第 2 行重复" {
		t.Errorf("duplicates: %+v", rows)
	}
}

func TestParseHouseholdRowVisitPeriod(t *testing.T) {
	h, err := ReadImportHeader(ImportHouseholds, []string{"网格", "楼栋", "门牌", "走访周期(天)"}, LocaleZH)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]int{"7": 7, "30.0": 30, "14天": 14, "14 天": 14, "0": -1, "367": -1, "一周": -1, "7.5": -1} {
		r, issues := ParseHouseholdRow(h, []string{"一网格", "1号楼", "101", in}, LocaleZH)
		switch {
		case want < 0 && (len(issues) != 1 || issues[0].Column != "走访周期(天)"):
			t.Errorf("%q: %v, want an error on 走访周期(天)", in, issues)
		case want > 0 && (len(issues) != 0 || r.VisitEveryDays == nil || *r.VisitEveryDays != want):
			t.Errorf("%q: %v %v, want %d", in, r.VisitEveryDays, issues, want)
		}
	}
}
