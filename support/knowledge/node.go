package knowledge

// Node is either a *Question or a *Diagnosis; callers tell them apart with a
// type switch. Nodes belong to their Tree and must not be modified.
type Node interface {
	// NodeID returns the node's stable id, the one transcripts record.
	NodeID() string
	node()
}

// Question asks the merchant something and branches on the answer.
type Question struct {
	ID      string   `json:"id"`
	Prompt  Text     `json:"prompt"`
	Help    *Text    `json:"help,omitempty"`
	Options []Option `json:"options"`
	// SeedRefs names the seed passages the question is built on, such as
	// the steps of the upgrade process (upg.*). Optional.
	SeedRefs []string `json:"seed_refs,omitempty"`
}

// Option is one answer to a Question and the node it leads to.
type Option struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	Next  string `json:"next"`
}

// Diagnosis is a leaf: the likely cause and what to do about it.
type Diagnosis struct {
	ID       string   `json:"id"`
	Category Category `json:"category"`
	// Title is a short name for lists, tickets and reports.
	Title Text `json:"title"`
	Cause Text `json:"cause"`
	// Remedies are ordered: the merchant tries them first to last.
	Remedies    []Text     `json:"remedies"`
	SelfService bool       `json:"self_service"`
	Escalation  Escalation `json:"escalation"`
	Priority    Priority   `json:"priority"`
	// SeedRefs names the causes and remedies of the seed document this
	// diagnosis carries; the seed checklist test is built on them.
	SeedRefs []string `json:"seed_refs"`
}

// NodeID implements Node.
func (q *Question) NodeID() string { return q.ID }

// NodeID implements Node.
func (d *Diagnosis) NodeID() string { return d.ID }

func (*Question) node()  {}
func (*Diagnosis) node() {}

// Option returns the option with the given id.
func (q *Question) Option(id string) (Option, bool) {
	for _, o := range q.Options {
		if o.ID == id {
			return o, true
		}
	}
	return Option{}, false
}
