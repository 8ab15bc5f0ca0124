package linli

import "time"

// Servant is what a person named on a service record is to its session: a volunteer or teacher
// of its community (Helper), on its staff, or signed up for it.
type Servant struct {
	UserID                  string
	Helper, Staff, SignedUp bool
}

// CheckServant answers invalid on field unless p may serve on the session: a volunteer or
// teacher of its community, or someone on its staff or its active sign-ups.
func CheckServant(field string, p Servant) error {
	if !p.Helper && !p.Staff && !p.SignedUp {
		return Invalid(field, "%s is no volunteer or teacher of this community, nor on this session", p.UserID)
	}
	return nil
}

// CheckSignUpOther answers invalid on user_id when a coordinator signs up userID, who is no
// volunteer or teacher of the shift's community (helper false).
func CheckSignUpOther(userID string, helper bool) error {
	if !helper {
		return Invalid("user_id", "%s is not a volunteer or teacher of this community", userID)
	}
	return nil
}

// CheckShiftPlace answers full when every place of the shift s is taken.
func CheckShiftPlace(s *Session) error {
	if s.Confirmed >= s.Capacity {
		return ShiftFull(s)
	}
	return nil
}

// ShiftFull is the answer to signing up for the shift s once all its places are taken.
func ShiftFull(s *Session) error {
	return Errorf(EFull, "all %d places of session %s are taken", s.Capacity, s.ID)
}

// CheckServiceChange answers conflict when new times would change the service record id of
// userID whose status is status: an approved record is certified, and only a correction the
// community accepts changes it.
func CheckServiceChange(id, userID, status string) error {
	if status == ServiceApproved {
		return Errorf(EConflict, "the service record %s of %s is approved; the volunteer files a correction to change it", id, userID)
	}
	return nil
}

// CheckRejectService answers conflict when a record of status status is to be rejected: approved
// hours are certified.
func CheckRejectService(status string) error {
	if status == ServiceApproved {
		return Errorf(EConflict, "approved hours cannot be rejected")
	}
	return nil
}

// CheckCorrectionStatus answers invalid on status unless it is "" (all) or a correction status.
func CheckCorrectionStatus(status string) error {
	switch status {
	case "", CorrectionPending, CorrectionAccepted, CorrectionRejected:
		return nil
	}
	return Invalid("status", "status must be pending, accepted or rejected")
}

// CheckFileCorrection answers conflict while a correction of the record awaits a decision
// (pending): a record has at most one pending correction.
func CheckFileCorrection(pending bool) error {
	if pending {
		return Errorf(EConflict, "a correction of this record awaits a coordinator's decision")
	}
	return nil
}

// CheckDecideCorrection answers conflict when c was already decided.
func CheckDecideCorrection(c *Correction) error {
	if c.Status != CorrectionPending {
		return Errorf(EConflict, "the correction was already %s", c.Status)
	}
	return nil
}

// CheckLogVisit says whether the visit s may be logged at now: conflict when it is no visit of a
// household's visit plan (planned false), was cancelled or is already logged; not_started
// before it starts.
func CheckLogVisit(s *Session, planned, logged bool, now time.Time) error {
	switch {
	case !planned:
		return Errorf(EConflict, "session %s is no visit of a household's visit plan", s.ID)
	case s.Status == SessionCancelled:
		return Errorf(EConflict, "visit %s was cancelled", s.ID)
	case logged:
		return Errorf(EConflict, "visit %s is already logged", s.ID)
	case now.Before(s.StartsAt):
		return Errorf(ENotStarted, "visit %s has not started", s.ID)
	}
	return nil
}

// CheckRateable answers conflict until the session s is marked delivered: a family rates what
// took place.
func CheckRateable(s *Session) error {
	if s.Status != SessionDelivered {
		return Errorf(EConflict, "session %s has not been marked delivered yet; rate it once it has", s.ID)
	}
	return nil
}
