package knowledge

// Tree is one validated version of the troubleshooting knowledge. It is
// immutable after Load, so one Tree may serve any number of goroutines.
type Tree struct {
	version   string
	root      *Question
	nodes     map[string]Node
	diagnoses []*Diagnosis // sorted by id
}

// Version returns the knowledge version, e.g. "v1". Sessions record it so a
// transcript can be replayed against the tree it was walked on.
func (t *Tree) Version() string { return t.version }

// Root returns the first question of the flow.
func (t *Tree) Root() *Question { return t.root }

// Node returns the node with the given id.
func (t *Tree) Node(id string) (Node, error) {
	n, ok := t.nodes[id]
	if !ok {
		return nil, &UnknownNodeError{ID: id}
	}
	return n, nil
}

// Next answers question nodeID with optionID and returns the node the answer
// leads to. It fails with *UnknownNodeError or *UnknownOptionError.
func (t *Tree) Next(nodeID, optionID string) (Node, error) {
	n, err := t.Node(nodeID)
	if err != nil {
		return nil, err
	}
	q, ok := n.(*Question)
	if !ok {
		return nil, &UnknownOptionError{NodeID: nodeID, OptionID: optionID}
	}
	o, ok := q.Option(optionID)
	if !ok {
		return nil, &UnknownOptionError{NodeID: nodeID, OptionID: optionID}
	}
	return t.Node(o.Next)
}

// Diagnoses returns every diagnosis, sorted by id; validation guarantees
// each is reachable from the root.
func (t *Tree) Diagnoses() []*Diagnosis {
	return append([]*Diagnosis(nil), t.diagnoses...)
}
