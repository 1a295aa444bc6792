package fees

import (
	"fmt"
	"slices"
	"strings"
)

// Stable validation codes. The web layer translates by code (and Params);
// the English Message is a fallback and for logs. Never rename a code.
const (
	CodeRequired      = "required"       // missing or blank
	CodeTooLong       = "too_long"       // Params: max
	CodeOutOfRange    = "out_of_range"   // Params: min and/or max
	CodeUnknown       = "unknown_value"  // not one of the allowed values; Params: allowed
	CodeDuplicate     = "duplicate"      // the same channel / model / plan twice
	CodeOverlap       = "overlap"        // two bands of one channel share tickets
	CodeRangeInverted = "range_inverted" // min_ticket_fen > max_ticket_fen
	CodeConflict      = "conflict"       // average-ticket form and buckets both given
	CodeTooMany       = "too_many"       // list longer than allowed; Params: max
)

// FieldError is one problem with one field.
type FieldError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Params carries the numbers a translated message needs ("between
	// {min} and {max}"), as strings so they render without formatting
	// surprises.
	Params map[string]string `json:"params,omitempty"`
}

// ValidationError maps a field path in §11 JSON notation (e.g.
// "rates[2].rate_ppm", "profile.channels[0].buckets[1].ticket_fen") to the
// first problem found with that field. Validate methods return it (as
// *ValidationError) or nil.
type ValidationError struct {
	Fields map[string]FieldError `json:"fields"`
}

// Error lists the problems sorted by field path so the text is stable.
func (e *ValidationError) Error() string {
	paths := make([]string, 0, len(e.Fields))
	for p := range e.Fields {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b strings.Builder
	b.WriteString("fees: invalid input: ")
	for i, p := range paths {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", p, e.Fields[p].Message)
	}
	return b.String()
}

// collector builds a ValidationError, keeping the first error per field so
// the most basic problem (e.g. "required") is the one reported.
type collector struct{ fields map[string]FieldError }

func (c *collector) add(at path, code, msg string, params map[string]string) {
	if c.fields == nil {
		c.fields = make(map[string]FieldError)
	}
	key := at.String()
	if _, seen := c.fields[key]; !seen {
		c.fields[key] = FieldError{Code: code, Message: msg, Params: params}
	}
}

// path is a field path, formatted only when an error is reported: plans
// are validated on every quote (200 at a time), and building every path
// eagerly made a valid plan cost dozens of allocations.
type path struct {
	parent string // already formatted prefix, e.g. "profile.channels[1]"; may be empty
	list   string // list name when the field is in a list element, e.g. "rates"
	index  int
	field  string // may be empty when the path is the list element itself
}

// field is the path of a top-level field.
func field(name string) path { return path{field: name} }

// elem is the path of field name (may be empty) of element i of list.
func elem(list string, i int, name string) path { return path{list: list, index: i, field: name} }

func (p path) String() string {
	var b strings.Builder
	if p.parent != "" {
		b.WriteString(p.parent)
		if p.list != "" || p.field != "" {
			b.WriteByte('.')
		}
	}
	if p.list != "" {
		fmt.Fprintf(&b, "%s[%d]", p.list, p.index)
		if p.field != "" {
			b.WriteByte('.')
		}
	}
	b.WriteString(p.field)
	return b.String()
}

// rangeInt reports v outside [lo, hi]; unit is appended to the message.
func (c *collector) rangeInt(at path, v, lo, hi int64, unit string) {
	if v < lo || v > hi {
		c.add(at, CodeOutOfRange, fmt.Sprintf("must be between %d and %d%s", lo, hi, unit),
			map[string]string{"min": fmt.Sprint(lo), "max": fmt.Sprint(hi)})
	}
}

// atLeast reports v < lo.
func (c *collector) atLeast(at path, v, lo int64, unit string) {
	if v < lo {
		c.add(at, CodeOutOfRange, fmt.Sprintf("must be at least %d%s", lo, unit),
			map[string]string{"min": fmt.Sprint(lo)})
	}
}

func (c *collector) err() error {
	if len(c.fields) == 0 {
		return nil // a typed nil would make err != nil true for a valid input
	}
	return &ValidationError{Fields: c.fields}
}

// PlanError says which plan could not be quoted: either it failed Validate
// (plans are validated when saved, so this means stored data is corrupt) or
// its amounts overflowed.
type PlanError struct {
	PlanID int64
	Err    error
}

func (e *PlanError) Error() string { return fmt.Sprintf("fees: plan %d: %v", e.PlanID, e.Err) }

// Unwrap exposes the cause to errors.Is / errors.As.
func (e *PlanError) Unwrap() error { return e.Err }
