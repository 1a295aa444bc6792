package knowledge

import (
	"fmt"
	"regexp"
	"slices"
)

// MaxQuestions is the most questions any path from the root may ask before
// it reaches a diagnosis; a longer flow loses the merchant on the way.
const MaxQuestions = 8

var (
	nodeIDPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	optionIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seedRefPattern  = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)
)

// validate returns every problem it finds; none means build may index src.
func validate(version string, src *source) []string {
	v := &validator{nodes: make(map[string]Node)}
	if src.manifest.Version != version {
		v.addf("%s: version %q does not match its directory %q", manifestName, src.manifest.Version, version)
	}
	for _, q := range src.questions {
		v.question(q.file, q.node)
	}
	for _, d := range src.diagnoses {
		v.diagnosis(d.file, d.node)
	}
	v.targets(src)
	v.rootAndContext(src.manifest.Root)
	if len(v.problems) == 0 {
		v.graph(src.manifest.Root)
	}
	return v.problems
}

type validator struct {
	nodes    map[string]Node
	where    map[string]string
	problems []string
}

func (v *validator) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// register checks a node id and remembers it; it reports false for a node
// that cannot be indexed.
func (v *validator) register(file, id string, n Node) bool {
	if v.where == nil {
		v.where = make(map[string]string)
	}
	if !nodeIDPattern.MatchString(id) {
		v.addf("%s: node id %q must look like q.name or d.category.name", file, id)
		return false
	}
	if prev, dup := v.where[id]; dup {
		v.addf("%s: node id %q already defined in %s", file, id, prev)
		return false
	}
	v.where[id] = file
	v.nodes[id] = n
	return true
}

func (v *validator) text(where string, t Text) {
	if !t.complete() {
		v.addf("%s: needs non-empty zh-CN and en", where)
	}
}

func (v *validator) seedRefs(where string, refs []string) {
	seen := make(map[string]bool)
	for _, r := range refs {
		if !seedRefPattern.MatchString(r) {
			v.addf("%s: seed ref %q is malformed", where, r)
		}
		if seen[r] {
			v.addf("%s: seed ref %q listed twice", where, r)
		}
		seen[r] = true
	}
}

func (v *validator) question(file string, q *Question) {
	if q == nil {
		v.addf("%s: null question", file)
		return
	}
	if !v.register(file, q.ID, q) {
		return
	}
	where := file + ": " + q.ID
	v.text(where+" prompt", q.Prompt)
	if q.Help != nil {
		v.text(where+" help", *q.Help)
	}
	if len(q.Options) < 2 {
		v.addf("%s: needs at least 2 options, has %d", where, len(q.Options))
	}
	ids, zh, en := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, o := range q.Options {
		ow := where + " option " + o.ID
		if !optionIDPattern.MatchString(o.ID) {
			v.addf("%s: option id %q is malformed", where, o.ID)
		}
		if ids[o.ID] {
			v.addf("%s: option id %q used twice", where, o.ID)
		}
		v.text(ow+" label", o.Label)
		if zh[o.Label.ZH] || en[o.Label.EN] {
			v.addf("%s: label repeats another option's", ow)
		}
		ids[o.ID], zh[o.Label.ZH], en[o.Label.EN] = true, true, true
	}
	v.seedRefs(where, q.SeedRefs)
}

func (v *validator) diagnosis(file string, d *Diagnosis) {
	if d == nil {
		v.addf("%s: null diagnosis", file)
		return
	}
	if !v.register(file, d.ID, d) {
		return
	}
	where := file + ": " + d.ID
	if !d.Category.Valid() {
		v.addf("%s: category %q is not hardware, software, external or human", where, d.Category)
	}
	if !d.Escalation.Valid() {
		v.addf("%s: escalation %q is not none, provider, on_site or replacement", where, d.Escalation)
	}
	if !d.Priority.Valid() {
		v.addf("%s: priority %q is not P1 to P4", where, d.Priority)
	}
	if d.Escalation == EscalateNone && !d.SelfService {
		v.addf("%s: escalation none requires self_service: nobody else would act", where)
	}
	v.text(where+" title", d.Title)
	v.text(where+" cause", d.Cause)
	if len(d.Remedies) == 0 {
		v.addf("%s: needs at least one remedy", where)
	}
	for i, r := range d.Remedies {
		v.text(fmt.Sprintf("%s remedy %d", where, i+1), r)
	}
	if len(d.SeedRefs) == 0 {
		v.addf("%s: needs seed_refs naming the seed causes and remedies it covers", where)
	}
	v.seedRefs(where, d.SeedRefs)
}

// targets checks every option leads to a defined node.
func (v *validator) targets(src *source) {
	for _, q := range src.questions {
		if q.node == nil {
			continue
		}
		for _, o := range q.node.Options {
			if _, ok := v.nodes[o.Next]; !ok {
				v.addf("%s: %s option %s leads to undefined node %q", q.file, q.node.ID, o.ID, o.Next)
			}
		}
	}
}

func (v *validator) rootAndContext(root string) {
	if _, ok := v.nodes[root].(*Question); !ok {
		v.addf("%s: root %q is not a defined question", manifestName, root)
	}
	for _, c := range Checks() {
		id, _ := c.DiagnosisID()
		if _, ok := v.nodes[id].(*Diagnosis); !ok {
			v.addf("context check %s needs diagnosis %q, which is not defined", c, id)
		}
	}
}

// graph checks the option graph: no cycles, every node reachable from the
// root, no path asking more than MaxQuestions questions.
func (v *validator) graph(root string) {
	const (
		unseen = iota
		active
		done
	)
	state := make(map[string]int)
	depth := make(map[string]int) // questions on the longest path from here
	var visit func(id string) bool
	visit = func(id string) bool {
		switch state[id] {
		case active:
			v.addf("cycle through node %q", id)
			return false
		case done:
			return true
		}
		q, ok := v.nodes[id].(*Question)
		if !ok {
			state[id] = done
			return true
		}
		state[id] = active
		longest := 0
		for _, o := range q.Options {
			if !visit(o.Next) {
				return false
			}
			longest = max(longest, depth[o.Next])
		}
		state[id], depth[id] = done, longest+1
		return true
	}
	if !visit(root) {
		return
	}
	if depth[root] > MaxQuestions {
		v.addf("a path from the root asks %d questions, more than %d", depth[root], MaxQuestions)
	}
	var unreachable []string
	for id := range v.nodes {
		if state[id] != done {
			unreachable = append(unreachable, id)
		}
	}
	slices.Sort(unreachable)
	for _, id := range unreachable {
		v.addf("%s: node %q is not reachable from the root", v.where[id], id)
	}
	for _, id := range unreachable {
		if !visit(id) {
			return
		}
	}
}
