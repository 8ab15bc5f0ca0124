package linli

import "fmt"

// importTexts are the messages of imports in zh-CN and en, by key: the coordinator reads them
// beside the cell at fault, so they say what to write instead.
var importTexts = map[string][2]string{
	"required":          {"必填", "required"},
	"too_long":          {"最多 %d 个字，且只占一行", "one line of at most %d characters"},
	"bad_mobile":        {"不是有效的手机号（1 开头的 11 位数字）", "not a mainland mobile number (11 digits starting 13 to 19)"},
	"bad_phone":         {"不是有效的电话：手机号（11 位）或固定电话（区号加 7–8 位号码，如 010-12345678）", "not a phone number: a mobile number (11 digits) or a landline (area code and 7–8 digits, such as 010-12345678)"},
	"unknown_need":      {"未知的需求“%s”（可填：%s）", "unknown need %q (one of: %s)"},
	"repeated_need":     {"需求“%s”重复", "need %q is repeated"},
	"bad_days":          {"应为 1 到 366 的整数", "a whole number from 1 to 366"},
	"unknown_role":      {"未知的角色“%s”（可填：%s）", "unknown role %q (one of: %s)"},
	"unknown_teacher":   {"未知的教师类型“%s”（可填：%s）", "unknown teacher type %q (one of: %s)"},
	"teacher_needed":    {"角色为老师时须填写教师类型", "a teacher needs a teacher type"},
	"teacher_only":      {"只有老师填写教师类型", "only teachers have a teacher type"},
	"coordinator_admin": {"只有系统管理员可以任命社区协调员", "only an administrator may appoint coordinators"},
	"duplicate_row":     {"与第 %d 行重复", "the same as row %d"},
	"missing_column":    {"缺少列：%s", "missing column: %s"},
	"duplicate_column":  {"列“%s”出现了两次", "column %q appears twice"},
	"no_header":         {"文件是空的：第一行应为表头（%s）", "the file is empty: its first row should be the header (%s)"},
	"no_rows":           {"表头下没有数据行", "no rows under the header"},
	"too_many_rows":     {"最多导入 %d 行", "at most %d rows in one import"},
	"unknown_kind":      {"只能导入住户（households）或成员（members）", "only households or members can be imported"},
	"bad_file":          {"无法读取文件：请上传 .xlsx 工作簿或 CSV 文件", "the file could not be read: send an .xlsx workbook or a CSV file"},
	"xls_file":          {"这是旧版 .xls 文件：请在 Excel 或 WPS 中另存为 .xlsx 后再导入", "this is an old .xls file: save it as .xlsx in Excel or WPS and import that"},
	"bad_csv":           {"CSV 第 %d 行格式有误：%s", "line %d of the CSV is malformed: %s"},
	"invalid_rows":      {"有 %d 行有误，未导入任何数据", "%d rows have errors; nothing was imported"},
}

// ImportText is the message key in the locale (zh-CN unless en), with its arguments.
func ImportText(locale, key string, args ...any) string {
	t, ok := importTexts[key]
	if !ok {
		return key
	}
	f := t[0]
	if locale == LocaleEN {
		f = t[1]
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}
