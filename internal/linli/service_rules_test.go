package linli

import (
	"strings"
	"testing"
	"time"
)

// refusal is a rule's answer as a test names it: its code and field, or "" for none.
type refusal struct{ code, field string }

func answer(err error) refusal { return refusal{ErrorCode(err), ErrorField(err)} }

func TestServiceRules(t *testing.T) {
	shift := &Session{ID: "shift", Kind: KindVolunteerShift, Status: SessionScheduled, Capacity: 3, StartsAt: saturday(9, 0), EndsAt: saturday(11, 0)}
	full := *shift
	full.Confirmed = 3
	one := *shift
	one.Confirmed = 2
	field := "records[1].user_id"
	for _, tc := range []struct {
		name string
		err  error
		want refusal
	}{
		{"a volunteer of the community serves", CheckServant(field, Servant{UserID: "v", Helper: true}), refusal{}},
		{"a parent on the session's staff serves", CheckServant(field, Servant{UserID: "p", Staff: true}), refusal{}},
		{"a former volunteer still signed up serves", CheckServant(field, Servant{UserID: "f", SignedUp: true}), refusal{}},
		{"a stranger to the community and the session", CheckServant(field, Servant{UserID: "x"}), refusal{EInvalid, field}},
		{"a coordinator signs up a volunteer", CheckSignUpOther("v", true), refusal{}},
		{"a coordinator signs up a parent", CheckSignUpOther("p", false), refusal{EInvalid, "user_id"}},
		{"the last place of a shift", CheckShiftPlace(&one), refusal{}},
		{"a shift whose places are all taken", CheckShiftPlace(&full), refusal{EFull, ""}},
		{"new times on a pending record", CheckServiceChange("r", "v", ServicePending), refusal{}},
		{"new times on a rejected record", CheckServiceChange("r", "v", ServiceRejected), refusal{}},
		{"new times on an approved record", CheckServiceChange("r", "v", ServiceApproved), refusal{EConflict, ""}},
		{"rejecting pending hours", CheckRejectService(ServicePending), refusal{}},
		{"rejecting rejected hours again, with another note", CheckRejectService(ServiceRejected), refusal{}},
		{"rejecting approved hours", CheckRejectService(ServiceApproved), refusal{EConflict, ""}},
		{"the first correction of a record", CheckFileCorrection(false), refusal{}},
		{"a second correction while one is pending", CheckFileCorrection(true), refusal{EConflict, ""}},
		{"deciding a pending correction", CheckDecideCorrection(&Correction{Status: CorrectionPending}), refusal{}},
		{"deciding an accepted correction", CheckDecideCorrection(&Correction{Status: CorrectionAccepted}), refusal{EConflict, ""}},
		{"all corrections", CheckCorrectionStatus(""), refusal{}},
		{"the rejected corrections", CheckCorrectionStatus(CorrectionRejected), refusal{}},
		{"the approved corrections (a record's status, not a correction's)", CheckCorrectionStatus(ServiceApproved), refusal{EInvalid, "status"}},
	} {
		if answer(tc.err) != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if msg := ErrorMessage(CheckShiftPlace(&full)); msg != "all 3 places of session shift are taken" {
		t.Errorf("a full shift says %q", msg)
	}
}

func TestCheckLogVisit(t *testing.T) {
	visit := &Session{ID: "v1", Kind: KindNeighborVisit, Status: SessionScheduled, StartsAt: saturday(10, 0), EndsAt: saturday(11, 0)}
	cancelled := *visit
	cancelled.Status = SessionCancelled
	for _, tc := range []struct {
		name           string
		s              *Session
		planned, done  bool
		now            time.Time
		code, contains string
	}{
		{"a visit that took place", visit, true, false, saturday(11, 30), "", ""},
		{"during the visit", visit, true, false, saturday(10, 0), "", ""},
		{"a session of no visit plan", visit, false, false, saturday(11, 30), EConflict, "no visit of a household's visit plan"},
		{"a cancelled visit", &cancelled, true, false, saturday(11, 30), EConflict, "was cancelled"},
		{"a cancelled visit already logged says cancelled", &cancelled, true, true, saturday(11, 30), EConflict, "was cancelled"},
		{"a visit already logged", visit, true, true, saturday(11, 30), EConflict, "already logged"},
		{"an hour before the visit", visit, true, false, saturday(9, 0), ENotStarted, "has not started"},
	} {
		err := CheckLogVisit(tc.s, tc.planned, tc.done, tc.now)
		if ErrorCode(err) != tc.code || !strings.Contains(ErrorMessage(err), tc.contains) {
			t.Errorf("%s: got %v, want %q saying %q", tc.name, err, tc.code, tc.contains)
		}
	}
}

func TestCheckRateable(t *testing.T) {
	for status, code := range map[string]string{SessionDelivered: "", SessionScheduled: EConflict, SessionCancelled: EConflict} {
		if err := CheckRateable(&Session{ID: "s", Status: status}); ErrorCode(err) != code {
			t.Errorf("rating a %s session: got %v, want %q", status, err, code)
		}
	}
}
