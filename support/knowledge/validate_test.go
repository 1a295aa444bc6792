package knowledge

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// fixture is a small tree in the data format, which each case breaks in
// one way.
type fixture struct {
	manifest manifest
	nodes    nodeFile
}

func txt(s string) Text { return Text{ZH: s + "（中文）", EN: s} }

func fixtureDiagnosis(id string) *Diagnosis {
	return &Diagnosis{
		ID: id, Category: Software, Title: txt(id), Cause: txt("cause " + id),
		Remedies: []Text{txt("remedy " + id)}, SelfService: true,
		Escalation: EscalateProvider, Priority: P2, SeedRefs: []string{"sw.bug"},
	}
}

func fixtureOption(id, next string) Option {
	return Option{ID: id, Label: txt("answer " + id), Next: next}
}

// validFixture: q.root offers every context diagnosis and q.more, which
// leads to d.x.other and d.x.last.
func validFixture() *fixture {
	root := &Question{ID: "q.root", Prompt: txt("root?")}
	f := &fixture{manifest: manifest{Version: "v1", Root: "q.root"}}
	for i, c := range Checks() {
		id, _ := c.DiagnosisID()
		root.Options = append(root.Options, fixtureOption(fmt.Sprintf("c%d", i), id))
		f.nodes.Diagnoses = append(f.nodes.Diagnoses, fixtureDiagnosis(id))
	}
	root.Options = append(root.Options, fixtureOption("more", "q.more"))
	more := &Question{ID: "q.more", Prompt: txt("more?"), Options: []Option{
		fixtureOption("a", "d.x.other"), fixtureOption("b", "d.x.last"),
	}}
	f.nodes.Questions = []*Question{root, more}
	f.nodes.Diagnoses = append(f.nodes.Diagnoses, fixtureDiagnosis("d.x.other"), fixtureDiagnosis("d.x.last"))
	return f
}

func (f *fixture) question(id string) *Question {
	for _, q := range f.nodes.Questions {
		if q.ID == id {
			return q
		}
	}
	panic("no question " + id)
}

func fixtureFS(tb testing.TB, f *fixture) fstest.MapFS {
	tb.Helper()
	m, err := json.Marshal(f.manifest)
	if err != nil {
		tb.Fatal(err)
	}
	n, err := json.Marshal(f.nodes)
	if err != nil {
		tb.Fatal(err)
	}
	return fstest.MapFS{
		"data/v1/manifest.json":  {Data: m},
		"data/v1/sub/nodes.json": {Data: n},
		"data/v1/README.txt":     {Data: []byte("not json, ignored")},
		"data/v1/sub/empty.json": {Data: []byte(`{"comment": "no nodes"}`)},
	}
}

func TestValidFixtureLoads(t *testing.T) {
	tree, err := load(fixtureFS(t, validFixture()), "v1")
	if err != nil {
		t.Fatal(err)
	}
	if tree.Root().ID != "q.root" || len(tree.Diagnoses()) != len(Checks())+2 {
		t.Errorf("root %s, %d diagnoses", tree.Root().ID, len(tree.Diagnoses()))
	}
}

func TestValidationRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *fixture)
		want   string
	}{
		{"VersionMismatch", func(f *fixture) { f.manifest.Version = "v2" }, "does not match its directory"},
		{"RootMissing", func(f *fixture) { f.manifest.Root = "q.nope" }, "root \"q.nope\" is not a defined question"},
		{"RootIsDiagnosis", func(f *fixture) { f.manifest.Root = "d.x.other" }, "is not a defined question"},
		{"DuplicateID", func(f *fixture) {
			f.nodes.Diagnoses = append(f.nodes.Diagnoses, fixtureDiagnosis("q.more"))
		}, "already defined"},
		{"MalformedID", func(f *fixture) { f.nodes.Diagnoses[0].ID = "Bad Id" }, "must look like"},
		{"DanglingTarget", func(f *fixture) { f.question("q.more").Options[0].Next = "d.x.nope" }, "undefined node \"d.x.nope\""},
		{"Cycle", func(f *fixture) { f.question("q.more").Options[0].Next = "q.root" }, "cycle"},
		{"Unreachable", func(f *fixture) {
			f.nodes.Diagnoses = append(f.nodes.Diagnoses, fixtureDiagnosis("d.x.orphan"))
		}, "\"d.x.orphan\" is not reachable"},
		{"UnreachableCycle", func(f *fixture) {
			f.nodes.Questions = append(f.nodes.Questions,
				&Question{ID: "q.ya", Prompt: txt("a"), Options: []Option{fixtureOption("a", "q.yb"), fixtureOption("b", "d.x.last")}},
				&Question{ID: "q.yb", Prompt: txt("b"), Options: []Option{fixtureOption("a", "q.ya"), fixtureOption("b", "d.x.last")}})
		}, "cycle"},
		{"OneOption", func(f *fixture) { q := f.question("q.more"); q.Options = q.Options[:1] }, "at least 2 options"},
		{"DuplicateOption", func(f *fixture) { f.question("q.more").Options[1].ID = "a" }, "option id \"a\" used twice"},
		{"DuplicateLabel", func(f *fixture) {
			q := f.question("q.more")
			q.Options[1].Label = q.Options[0].Label
		}, "repeats another option"},
		{"MissingEnglish", func(f *fixture) { f.question("q.more").Prompt.EN = " " }, "prompt: needs non-empty zh-CN and en"},
		{"MissingChinese", func(f *fixture) { f.question("q.more").Options[0].Label.ZH = "" }, "label: needs non-empty"},
		{"HalfHelp", func(f *fixture) { f.question("q.more").Help = &Text{ZH: "帮助"} }, "help: needs non-empty"},
		{"MissingCause", func(f *fixture) { f.nodes.Diagnoses[0].Cause = Text{} }, "cause: needs non-empty"},
		{"MissingRemedyText", func(f *fixture) { f.nodes.Diagnoses[0].Remedies[0].EN = "" }, "remedy 1: needs non-empty"},
		{"NoRemedies", func(f *fixture) { f.nodes.Diagnoses[0].Remedies = nil }, "at least one remedy"},
		{"BadCategory", func(f *fixture) { f.nodes.Diagnoses[0].Category = "weather" }, "category \"weather\""},
		{"BadEscalation", func(f *fixture) { f.nodes.Diagnoses[0].Escalation = "pray" }, "escalation \"pray\""},
		{"BadPriority", func(f *fixture) { f.nodes.Diagnoses[0].Priority = "P0" }, "priority \"P0\""},
		{"NobodyActs", func(f *fixture) {
			f.nodes.Diagnoses[0].Escalation, f.nodes.Diagnoses[0].SelfService = EscalateNone, false
		}, "escalation none requires self_service"},
		{"NoSeedRefs", func(f *fixture) { f.nodes.Diagnoses[0].SeedRefs = nil }, "needs seed_refs"},
		{"DuplicateSeedRef", func(f *fixture) { f.nodes.Diagnoses[0].SeedRefs = []string{"sw.bug", "sw.bug"} }, "listed twice"},
		{"MalformedSeedRef", func(f *fixture) { f.question("q.more").SeedRefs = []string{"Upgrade"} }, "malformed"},
		{"ContextDiagnosisMissing", func(f *fixture) {
			f.nodes.Diagnoses[0].ID = "d.x.renamed"
			f.question("q.root").Options[0].Next = "d.x.renamed"
		}, "context check outage needs diagnosis"},
		{"TooDeep", func(f *fixture) {
			more := f.question("q.more")
			prev := more
			for i := range MaxQuestions {
				q := &Question{ID: fmt.Sprintf("q.deep%d", i), Prompt: txt(fmt.Sprint(i)),
					Options: []Option{fixtureOption("a", "d.x.last"), fixtureOption("b", "d.x.other")}}
				prev.Options[0].Next, prev = q.ID, q
				f.nodes.Questions = append(f.nodes.Questions, q)
			}
		}, "asks 10 questions, more than 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFixture()
			tt.mutate(f)
			_, err := load(fixtureFS(t, f), "v1")
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("err = %v, want *ValidationError", err)
			}
			if !strings.Contains(verr.Error(), tt.want) {
				t.Errorf("problems %q\nwant one containing %q", verr.Problems, tt.want)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"UnknownField", "data/v1/sub/nodes.json", `{"questions": [], "diagnosis": []}`, "unknown field"},
		{"TrailingData", "data/v1/sub/nodes.json", `{"questions": []} {}`, "trailing data"},
		{"Malformed", "data/v1/sub/nodes.json", `{"questions": [`, "nodes.json"},
		{"NullNode", "data/v1/sub/nodes.json", `{"diagnoses": [null]}`, "null diagnosis"},
		{"NoManifest", "data/v1/manifest.json", "", "manifest.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureFS(t, validFixture())
			if tt.data == "" {
				delete(fsys, tt.file)
			} else {
				fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			}
			_, err := load(fsys, "v1")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
