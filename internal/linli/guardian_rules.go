package linli

import "time"

// Validate answers invalid on password when the deletion does not carry the password.
func (in AccountDeletion) Validate() error {
	if in.Password == "" {
		return Invalid("password", "your password is required to delete your account")
	}
	return nil
}

// AccountHolds is what a person's account still holds, read before it may be deleted: the
// children it guards, the roles it has in communities, whether it administers the installation.
type AccountHolds struct {
	Children, Roles int
	Admin           bool
}

// CheckAccountDeletion answers conflict while the account guards a child (the children would be
// left without anyone) or holds a role (the community would lose someone it counts on).
func CheckAccountDeletion(h AccountHolds) error {
	switch {
	case h.Children > 0:
		return Errorf(EConflict, "you are the guardian of %d children: delete them, or hand them to another guardian, first", h.Children)
	case h.Admin || h.Roles > 0:
		return Errorf(EConflict, "you hold a role (administrator, coordinator, teacher or volunteer): ask to be removed from it first")
	}
	return nil
}

// Statuses of a guardian invitation.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
)

// CheckInvitationsSent answers rate_limited once a guardian has sent MaxInvitationsPerDay
// invitations in the last 24 hours (sent counts them).
func CheckInvitationsSent(sent int) error {
	if sent >= MaxInvitationsPerDay {
		return Errorf(ERateLimited, "a guardian may send at most %d invitations a day; try again tomorrow", MaxInvitationsPerDay)
	}
	return nil
}

// Answer decides the invited person's answer (accept or decline) to inv at now: the status it
// takes, and whether that changes anything. The same answer again (a retry on a poor connection)
// changes nothing and is no error; another answer to an answered invitation, or any answer once
// it has expired, is a conflict.
func (inv *ReceivedInvitation) Answer(accept bool, now time.Time) (status string, changed bool, err error) {
	status = InvitationDeclined
	if accept {
		status = InvitationAccepted
	}
	switch {
	case inv.Status == status:
		return status, false, nil
	case inv.Status != InvitationPending:
		return "", false, Errorf(EConflict, "this invitation was already %s", inv.Status)
	case !inv.ExpiresAt.After(now):
		return "", false, Errorf(EConflict, "this invitation has expired; ask for a new one")
	}
	return status, true, nil
}

// CheckRemoveGuardian says whether a guardian may be removed from a child that has guardians
// guardians: not_found when the person is not one of them (isGuardian false), conflict when
// they are the last, as a child keeps at least one.
func CheckRemoveGuardian(isGuardian bool, guardians int) error {
	switch {
	case !isGuardian:
		return NotFound("guardian")
	case guardians <= 1:
		return Errorf(EConflict, "a child keeps at least one guardian; delete the child instead")
	}
	return nil
}

// CheckNewPickupPerson answers conflict when a child whose pickup persons have the phones named
// already has MaxPickupPersons of them, or one with the phone of p.
func CheckNewPickupPerson(named []string, p *PickupPerson) error {
	if len(named) >= MaxPickupPersons {
		return Errorf(EConflict, "a child may have at most %d pickup persons; delete one first", MaxPickupPersons)
	}
	for _, phone := range named {
		if phone == p.Phone {
			return ErrPickupPhoneNamed
		}
	}
	return nil
}

// ErrPickupPhoneNamed is the answer to naming a child's pickup person by a phone number that
// another of its pickup persons has.
var ErrPickupPhoneNamed = &Error{Code: EConflict, Field: "phone", Message: "a pickup person with this phone number is already named for the child"}

// CheckNewDelegation answers conflict on phone when d's phone number is among allowed, the phones
// already allowed to collect the child on d's date.
func CheckNewDelegation(allowed []string, d *Delegation) error {
	for _, phone := range allowed {
		if phone == d.Phone {
			return ErrDelegationPhoneAllowed
		}
	}
	return nil
}

// ErrDelegationPhoneAllowed is the answer to allowing a phone number twice to collect a child on
// one date.
var ErrDelegationPhoneAllowed = &Error{Code: EConflict, Field: "phone", Message: "this phone number is already allowed to collect the child on that date"}
