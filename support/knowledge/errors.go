package knowledge

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels for errors.Is; the typed errors below match them.
var (
	ErrUnknownNode    = errors.New("knowledge: unknown node")
	ErrUnknownOption  = errors.New("knowledge: unknown option")
	ErrUnknownCheck   = errors.New("knowledge: unknown context check")
	ErrUnknownVersion = errors.New("knowledge: unknown version")
)

// UnknownNodeError reports a node id the tree does not hold, typically a
// stale id from a transcript written against another version.
type UnknownNodeError struct {
	ID string
}

// Error implements error.
func (e *UnknownNodeError) Error() string {
	return fmt.Sprintf("knowledge: unknown node %q", e.ID)
}

// Is makes errors.Is(err, ErrUnknownNode) true.
func (e *UnknownNodeError) Is(target error) bool { return target == ErrUnknownNode }

// UnknownOptionError reports an answer the node does not offer. A diagnosis
// offers none, so answering one always yields this error.
type UnknownOptionError struct {
	NodeID   string
	OptionID string
}

// Error implements error.
func (e *UnknownOptionError) Error() string {
	return fmt.Sprintf("knowledge: node %q has no option %q", e.NodeID, e.OptionID)
}

// Is makes errors.Is(err, ErrUnknownOption) true.
func (e *UnknownOptionError) Is(target error) bool { return target == ErrUnknownOption }

// ValidationError lists everything wrong with a version's files, so one
// run shows every problem instead of the first.
type ValidationError struct {
	Version  string
	Problems []string
}

// Error implements error, listing every problem.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("knowledge %s: %d problem(s): %s",
		e.Version, len(e.Problems), strings.Join(e.Problems, "; "))
}
