package knowledge

import (
	"errors"
	"sort"
	"testing"
)

func TestNode(t *testing.T) {
	tree := mustLoad(t)
	t.Run("OK", func(t *testing.T) {
		n, err := tree.Node("d.hw.mainboard")
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := n.(*Diagnosis); !ok || d.Category != Hardware {
			t.Errorf("Node(d.hw.mainboard) = %#v", n)
		}
	})
	t.Run("ErrUnknownNode", func(t *testing.T) {
		_, err := tree.Node("q.nope")
		var unknown *UnknownNodeError
		if !errors.As(err, &unknown) || unknown.ID != "q.nope" || !errors.Is(err, ErrUnknownNode) {
			t.Errorf("err = %v, want *UnknownNodeError for q.nope", err)
		}
	})
}

func TestNext(t *testing.T) {
	tree := mustLoad(t)
	t.Run("OK", func(t *testing.T) {
		n, err := tree.Next("q.start", "no_power")
		if err != nil || n.NodeID() != "q.power_charge" {
			t.Fatalf("Next(q.start, no_power) = %v, %v", n, err)
		}
		n, err = tree.Next("q.power_reseat", "still_dead")
		if err != nil || n.NodeID() != "d.hw.mainboard" {
			t.Fatalf("Next(q.power_reseat, still_dead) = %v, %v", n, err)
		}
	})
	t.Run("ErrUnknownNode", func(t *testing.T) {
		if _, err := tree.Next("q.nope", "x"); !errors.Is(err, ErrUnknownNode) {
			t.Errorf("err = %v, want ErrUnknownNode", err)
		}
	})
	t.Run("ErrUnknownOption", func(t *testing.T) {
		_, err := tree.Next("q.start", "nope")
		var unknown *UnknownOptionError
		if !errors.As(err, &unknown) || unknown.NodeID != "q.start" || unknown.OptionID != "nope" {
			t.Errorf("err = %v, want *UnknownOptionError", err)
		}
		if !errors.Is(err, ErrUnknownOption) {
			t.Errorf("errors.Is(%v, ErrUnknownOption) = false", err)
		}
	})
	t.Run("ErrUnknownOptionOnDiagnosis", func(t *testing.T) {
		if _, err := tree.Next("d.hw.mainboard", "yes"); !errors.Is(err, ErrUnknownOption) {
			t.Errorf("err = %v, want ErrUnknownOption", err)
		}
	})
}

func TestDiagnoses(t *testing.T) {
	tree := mustLoad(t)
	ds := tree.Diagnoses()
	if !sort.SliceIsSorted(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID }) {
		t.Error("Diagnoses not sorted by id")
	}
	categories := map[Category]int{}
	for _, d := range ds {
		categories[d.Category]++
	}
	for _, c := range []Category{Hardware, Software, External, Human} {
		if categories[c] == 0 {
			t.Errorf("no diagnosis in category %s", c)
		}
	}
	ds[0] = nil
	if tree.Diagnoses()[0] == nil {
		t.Error("Diagnoses returned the tree's own slice")
	}
}

func TestContextDiagnosis(t *testing.T) {
	tree := mustLoad(t)
	want := map[Check]Category{
		CheckOutage:                   External,
		CheckHardwareBelowMinimum:     Hardware,
		CheckReleasePausedOrWithdrawn: Software,
		CheckUpgradeIncomplete:        Software,
		CheckPolicyNotice:             External,
	}
	if len(Checks()) != len(want) {
		t.Fatalf("Checks() = %v", Checks())
	}
	for _, c := range Checks() {
		d, err := tree.ContextDiagnosis(c)
		if err != nil {
			t.Errorf("ContextDiagnosis(%s): %v", c, err)
			continue
		}
		if id, _ := c.DiagnosisID(); d.ID != id || d.Category != want[c] {
			t.Errorf("ContextDiagnosis(%s) = %s (%s)", c, d.ID, d.Category)
		}
	}
	if _, err := tree.ContextDiagnosis("nope"); !errors.Is(err, ErrUnknownCheck) {
		t.Errorf("err = %v, want ErrUnknownCheck", err)
	}
}
