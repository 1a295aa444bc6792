package knowledge

// Category is the cause taxonomy of the seed document: every diagnosis
// belongs to exactly one.
type Category string

// The seed's four cause categories.
const (
	Hardware Category = "hardware"
	Software Category = "software"
	External Category = "external"
	Human    Category = "human"
)

// Valid reports whether c is one of the four categories.
func (c Category) Valid() bool {
	switch c {
	case Hardware, Software, External, Human:
		return true
	}
	return false
}

// Escalation says who takes over when the merchant's own remedies do not
// resolve the problem; it decides where a ticket is routed.
type Escalation string

// Escalation targets.
const (
	EscalateNone        Escalation = "none"
	EscalateProvider    Escalation = "provider"
	EscalateOnSite      Escalation = "on_site"
	EscalateReplacement Escalation = "replacement"
)

// Valid reports whether e is a known escalation.
func (e Escalation) Valid() bool {
	switch e {
	case EscalateNone, EscalateProvider, EscalateOnSite, EscalateReplacement:
		return true
	}
	return false
}

// Priority is the ticket priority a diagnosis suggests when the merchant
// reports it unresolved.
type Priority string

// Priorities, most urgent first.
const (
	// P1: the terminal cannot take payments at all.
	P1 Priority = "P1"
	// P2: an essential function or payment method is down; others work.
	P2 Priority = "P2"
	// P3: payments work but something is degraded (receipts, a restricted function).
	P3 Priority = "P3"
	// P4: no effect on taking payments; guidance is enough.
	P4 Priority = "P4"
)

// Valid reports whether p is P1 to P4.
func (p Priority) Valid() bool {
	switch p {
	case P1, P2, P3, P4:
		return true
	}
	return false
}
