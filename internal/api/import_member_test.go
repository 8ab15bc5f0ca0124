package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

func TestImportMembers(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	e.register("周强", "13800000005")
	e.member("李明", "13800000002", "teacher", "school_teacher")
	bad := []byte("姓名,手机号,角色,教师类型\n" +
		"周强,13800000005,志愿者,\n" + // registered: becomes a volunteer at once
		"新老师,13900000031,老师,社区兼职教师\n" + // nobody registered: pending
		"李明,13800000002,teacher,resident_volunteer\n" + // a teacher of another type: update
		"张三,13900000032,班主任,\n" + // unknown role
		"李四,13900000033,老师,外聘教师\n" + // unknown teacher type
		"王五,1390000003,志愿者,\n" + // a bad phone
		"赵六,13900000034,协调员,\n" + // only an administrator appoints coordinators
		"周强,13800000005,volunteer,\n") // row 2 again
	var dry importAnswer
	e.must(http.StatusOK, e.importFile(coord, "members", true, bad), &dry)
	errs := rowErrors(dry.ImportResult)
	want := map[int]string{
		5: "角色: 未知的角色“班主任”（可填：社区协调员、老师、志愿者）",
		6: "教师类型: 未知的教师类型“外聘教师”（可填：学校教师、社区兼职教师、居民志愿者）",
		7: "手机号: 不是有效的手机号（1 开头的 11 位数字）",
		8: "角色: 只有系统管理员可以任命社区协调员",
		9: "手机号: 与第 2 行重复",
	}
	for row, w := range want {
		if strings.Join(errs[row], "|") != w {
			t.Errorf("row %d errors %q, want %q", row, errs[row], w)
		}
	}
	if a := dry.Rows; a[0].Action != "create" || a[0].Pending || a[1].Action != "create" || !a[1].Pending || a[2].Action != "update" {
		t.Errorf("actions: %+v", dry.Rows)
	}
	members := e.count("memberships") + e.count("pending_memberships")
	e.must(http.StatusUnprocessableEntity, e.importFile(coord, "members", false, bad), nil)
	if e.count("memberships")+e.count("pending_memberships") != members {
		t.Fatal("a refused members import wrote something")
	}

	good := xlsxFile(t, [][]any{{"手机号", "姓名", "角色", "教师类型"},
		{13800000005, "周强", "志愿者", ""}, {13900000031, "新老师", "老师", "社区兼职教师"}, {13800000002, "李明", "老师", "居民志愿者"}})
	var res importAnswer
	e.must(http.StatusOK, e.importFile(coord, "members", false, good), &res)
	if res.Summary.Create != 2 || res.Summary.Update != 1 {
		t.Errorf("members import: %+v", res.Summary)
	}
	var ms struct{ Items []linli.Member }
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/members", coord, nil), &ms)
	got := map[string]linli.Member{}
	for _, m := range ms.Items {
		got[m.Login+"/"+m.Role] = m
	}
	if m := got["13800000005/volunteer"]; m.Status != "active" || m.Name != "周强" {
		t.Errorf("registered volunteer: %+v", m)
	}
	if m := got["13900000031/teacher"]; m.Status != "pending" || m.Name != "新老师" || m.TeacherType != "community_teacher" {
		t.Errorf("pending teacher: %+v", m)
	}
	if m := got["13800000002/teacher"]; m.TeacherType != "resident_volunteer" {
		t.Errorf("updated teacher: %+v", m)
	}
	audit := e.count("audit_log")
	e.must(http.StatusOK, e.importFile(coord, "members", false, good), &res)
	if res.Summary.Unchanged != 3 || res.Summary.Written || e.count("audit_log") != audit {
		t.Errorf("the same members again: %+v", res.Summary)
	}
	// The pending teacher becomes one on registering with the number.
	id := e.register("新老师", "13900000031")
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/members?role=teacher", coord, nil), &ms)
	active := false
	for _, m := range ms.Items {
		active = active || m.UserID == id && m.Status == "active"
	}
	if !active {
		t.Errorf("the imported pending teacher did not become active on registering: %+v", ms.Items)
	}
	// An administrator may import a coordinator.
	e.must(http.StatusOK, e.importFile(e.Admin, "members", false, []byte("姓名,手机号,角色\n赵六,13900000034,社区协调员\n")), &res)
	if res.Summary.Create != 1 {
		t.Errorf("an administrator's coordinator: %+v", res)
	}
}
