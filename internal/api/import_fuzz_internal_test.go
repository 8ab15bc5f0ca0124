package api

import (
	"testing"

	"github.com/linli/linli/internal/linli"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// FuzzImportFile reads any bytes as an import file: the answer is a table or a 400/413 in the
// error shape, never a panic, and every row it gives keeps its number in the file.
func FuzzImportFile(f *testing.F) {
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("网格,楼栋,门牌\n一网格,1号楼,101\n"))
	tpl, err := importTemplate(linli.ImportHouseholds, linli.LocaleZH)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		[]byte("网格,楼栋,门牌\n一网格,1号楼,101\n"), gb, tpl, []byte("\xEF\xBB\xBF姓名,手机号,角色\n\"张\"\"三\",13800000001,志愿者\n"),
		[]byte("PK\x03\x04"), {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, []byte("a,\"b\nc"), {},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		table, err := readImportTable(body, linli.LocaleZH)
		if err != nil {
			if code := linli.ErrorCode(err); code != linli.EInvalid && code != linli.ETooLarge {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(table.Rows) != len(table.Line) {
			t.Fatalf("%d rows, %d line numbers", len(table.Rows), len(table.Line))
		}
		for i := 1; i < len(table.Line); i++ {
			if table.Line[i] <= table.Line[i-1] {
				t.Fatalf("line numbers out of order: %v", table.Line)
			}
		}
		for _, kind := range []string{linli.ImportHouseholds, linli.ImportMembers} {
			h, err := linli.ReadImportHeader(kind, table.Rows[0], linli.LocaleEN)
			if err != nil {
				continue
			}
			for _, row := range table.Rows[1:] {
				if kind == linli.ImportHouseholds {
					linli.ParseHouseholdRow(h, row, linli.LocaleZH)
				} else {
					linli.ParseMemberRow(h, row, linli.LocaleZH, false)
				}
			}
		}
	})
}
