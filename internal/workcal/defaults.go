package workcal

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"posportal/internal/apperr"
)

// holidaysJSON is the built-in data: per year the source it was taken
// from and its exceptions. Editing the file and restarting adds days that
// are missing from the database; it never overrides an admin's edit.
//
//go:embed holidays.json
var holidaysJSON []byte

type builtinFile struct {
	Years []struct {
		Year   int    `json:"year"`
		Source string `json:"source"`
		Days   []Day  `json:"days"`
	} `json:"years"`
}

// defaults is parsed once at start-up; a broken data file is a build
// mistake and stops the program before it serves a wrong SLA.
var defaults = mustParseDefaults(holidaysJSON)

// Defaults returns the built-in entries of every year, by date.
func Defaults() []Day {
	return append([]Day(nil), defaults...)
}

func mustParseDefaults(b []byte) []Day {
	days, err := parseDefaults(b)
	if err != nil {
		panic("workcal: built-in holidays.json: " + err.Error())
	}
	return days
}

func parseDefaults(b []byte) ([]Day, error) {
	var f builtinFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	var out []Day
	for _, y := range f.Years {
		for _, d := range y.Days {
			in, err := DayInput{Date: d.Date, Kind: d.Kind, NameZH: d.NameZH, NameEN: d.NameEN}.normalize()
			if err != nil {
				return nil, fmt.Errorf("%s: %v", d.Date, apperr.As(err).Fields)
			}
			if t, _ := ParseDate(in.Date); t.Year() != y.Year {
				return nil, fmt.Errorf("%s listed under %d", d.Date, y.Year)
			}
			if n := len(out); n > 0 && out[n-1].Date >= d.Date {
				return nil, fmt.Errorf("%s out of order or repeated", d.Date)
			}
			out = append(out, d)
		}
	}
	return out, nil
}
