package knowledge

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
)

//go:embed data
var embedded embed.FS

const (
	dataDir      = "data"
	manifestName = "manifest.json"
)

var versionDir = regexp.MustCompile(`^v([1-9][0-9]*)$`)

// manifest is a version's manifest.json.
type manifest struct {
	Version string `json:"version"`
	Root    string `json:"root"`
	Comment string `json:"comment,omitempty"`
}

// nodeFile is any other .json file of a version.
type nodeFile struct {
	Comment   string       `json:"comment,omitempty"`
	Questions []*Question  `json:"questions"`
	Diagnoses []*Diagnosis `json:"diagnoses"`
}

// source is a version as read from its files, before validation.
type source struct {
	manifest  manifest
	questions []located[*Question]
	diagnoses []located[*Diagnosis]
}

// located remembers which file a node came from, for error messages.
type located[T any] struct {
	file string
	node T
}

// Versions returns the embedded knowledge versions, oldest first.
func Versions() []string {
	return versions(embedded)
}

// Load parses and validates the newest embedded version. The portal calls it
// once at start-up and refuses to start on error.
func Load() (*Tree, error) {
	vs := Versions()
	if len(vs) == 0 {
		return nil, fmt.Errorf("%w: no version embedded", ErrUnknownVersion)
	}
	return LoadVersion(vs[len(vs)-1])
}

// LoadVersion parses and validates one embedded version, e.g. "v1", so a
// session begun on an older version can still be replayed.
func LoadVersion(version string) (*Tree, error) {
	return load(embedded, version)
}

func versions(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, dataDir)
	if err != nil {
		return nil
	}
	var vs []string
	for _, e := range entries {
		if e.IsDir() && versionDir.MatchString(e.Name()) {
			vs = append(vs, e.Name())
		}
	}
	sort.Slice(vs, func(i, j int) bool { return versionNumber(vs[i]) < versionNumber(vs[j]) })
	return vs
}

func versionNumber(v string) int {
	n, _ := strconv.Atoi(versionDir.FindStringSubmatch(v)[1])
	return n
}

func load(fsys fs.FS, version string) (*Tree, error) {
	if !versionDir.MatchString(version) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownVersion, version)
	}
	src, err := read(fsys, path.Join(dataDir, version))
	if err != nil {
		return nil, fmt.Errorf("knowledge %s: %w", version, err)
	}
	if problems := validate(version, src); len(problems) > 0 {
		return nil, &ValidationError{Version: version, Problems: problems}
	}
	return build(version, src), nil
}

// read collects the manifest and every other .json file under dir, walked
// in lexical order so ids and error messages are deterministic.
func read(fsys fs.FS, dir string) (*source, error) {
	if _, err := fs.Stat(fsys, dir); errors.Is(err, fs.ErrNotExist) {
		return nil, ErrUnknownVersion
	}
	src := &source{}
	if err := decodeFile(fsys, path.Join(dir, manifestName), &src.manifest); err != nil {
		return nil, err
	}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" || p == path.Join(dir, manifestName) {
			return err
		}
		var f nodeFile
		if err := decodeFile(fsys, p, &f); err != nil {
			return err
		}
		name := p[len(dir)+1:]
		for _, q := range f.Questions {
			src.questions = append(src.questions, located[*Question]{name, q})
		}
		for _, d := range f.Diagnoses {
			src.diagnoses = append(src.diagnoses, located[*Diagnosis]{name, d})
		}
		return nil
	})
	return src, err
}

// decodeFile refuses unknown fields and trailing data: a typo in a field
// name must fail the build, not silently drop a text.
func decodeFile(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%s: trailing data after the JSON value", name)
	}
	return nil
}

// build indexes a validated source.
func build(version string, src *source) *Tree {
	t := &Tree{version: version, nodes: make(map[string]Node)}
	for _, q := range src.questions {
		t.nodes[q.node.ID] = q.node
	}
	for _, d := range src.diagnoses {
		t.nodes[d.node.ID] = d.node
		t.diagnoses = append(t.diagnoses, d.node)
	}
	sort.Slice(t.diagnoses, func(i, j int) bool { return t.diagnoses[i].ID < t.diagnoses[j].ID })
	t.root = t.nodes[src.manifest.Root].(*Question)
	return t
}
