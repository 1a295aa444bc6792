package knowledge

import (
	"strings"
	"testing"
)

// route is one walk from the root to a diagnosis.
type route struct {
	questions []string // ids of the questions asked, in order
	answers   []string // option ids chosen, one per question
	end       *Diagnosis
}

func (p route) String() string {
	var b strings.Builder
	for i, q := range p.questions {
		b.WriteString(q + " -" + p.answers[i] + "-> ")
	}
	if p.end != nil {
		b.WriteString(p.end.ID)
	}
	return b.String()
}

// allPaths walks every answer combination with Tree.Next, the way the
// portal does, independently of the validator.
func allPaths(tb testing.TB, tree *Tree) []route {
	tb.Helper()
	const guard = 64 // far beyond MaxQuestions; only stops a runaway walk
	var paths []route
	var walk func(q *Question, p route)
	walk = func(q *Question, p route) {
		if len(p.questions) >= guard {
			tb.Fatalf("path longer than %d questions: %s", guard, p)
		}
		for _, o := range q.Options {
			next, err := tree.Next(q.ID, o.ID)
			if err != nil {
				tb.Fatalf("Next(%s, %s): %v", q.ID, o.ID, err)
			}
			step := route{
				questions: append(append([]string(nil), p.questions...), q.ID),
				answers:   append(append([]string(nil), p.answers...), o.ID),
			}
			switch n := next.(type) {
			case *Question:
				walk(n, step)
			case *Diagnosis:
				step.end = n
				paths = append(paths, step)
			default:
				tb.Fatalf("Next(%s, %s) returned %T", q.ID, o.ID, next)
			}
		}
	}
	walk(tree.Root(), route{})
	return paths
}

func TestEveryPathEndsInADiagnosis(t *testing.T) {
	tree := mustLoad(t)
	paths := allPaths(t, tree)
	longest := 0
	reached := map[string]bool{}
	for _, p := range paths {
		if p.end == nil {
			t.Errorf("path does not end in a diagnosis: %s", p)
			continue
		}
		if len(p.questions) > MaxQuestions {
			t.Errorf("path asks %d questions (max %d): %s", len(p.questions), MaxQuestions, p)
		}
		longest = max(longest, len(p.questions))
		reached[p.end.ID] = true
	}
	for _, d := range tree.Diagnoses() {
		if !reached[d.ID] {
			t.Errorf("no path reaches %s", d.ID)
		}
	}
	t.Logf("%d paths, longest asks %d questions, %d diagnoses reached", len(paths), longest, len(reached))
}

func TestEveryQuestionIsAsked(t *testing.T) {
	tree := mustLoad(t)
	asked := map[string]bool{}
	for _, p := range allPaths(t, tree) {
		for _, q := range p.questions {
			asked[q] = true
		}
	}
	for id, n := range tree.nodes {
		if _, ok := n.(*Question); ok && !asked[id] {
			t.Errorf("question %s is never asked", id)
		}
	}
}
