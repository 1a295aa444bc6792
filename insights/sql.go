package insights

import (
	"encoding/json"

	"posportal/internal/db"
)

// dialect spells the few expressions PostgreSQL and SQLite write
// differently, so each query is written once.
type dialect struct{ db.Dialect }

func (d dialect) epoch(expr string) string {
	if d.Dialect == db.Postgres {
		return "EXTRACT(EPOCH FROM " + expr + ")"
	}
	return "unixepoch(" + expr + ", 'subsec')"
}

// shanghaiDay numbers the Asia/Shanghai day of a timestamp (days since
// 1970-01-01 on Shanghai wall clocks; China has kept UTC+8 since 1991).
func (d dialect) shanghaiDay(expr string) string {
	return "CAST(FLOOR((" + d.epoch(expr) + " + 28800) / 86400) AS BIGINT)"
}

// shanghaiWeek numbers the Monday-based Asia/Shanghai week of a timestamp:
// 1970-01-05 was a Monday, 4 days after the epoch.
func (d dialect) shanghaiWeek(expr string) string {
	return "CAST(FLOOR((" + d.epoch(expr) + " + 28800 - 345600) / 604800) AS BIGINT)"
}

// jsonRows is a FROM item reading a JSON array of arrays bound as one
// parameter, so a per-day table of any length costs one bind variable.
func (d dialect) jsonRows(alias string) string {
	if d.Dialect == db.Postgres {
		return "jsonb_array_elements(CAST(? AS jsonb)) AS " + alias + "(v)"
	}
	return "json_each(?) AS " + alias
}

func (d dialect) jsonNum(alias string, i int) string {
	idx := string(rune('0' + i))
	if d.Dialect == db.Postgres {
		return "CAST(" + alias + ".v->>" + idx + " AS DOUBLE PRECISION)"
	}
	return "json_extract(" + alias + ".value, '$[" + idx + "]')"
}

func (d dialect) jsonText(alias string, i int) string {
	idx := string(rune('0' + i))
	if d.Dialect == db.Postgres {
		return "(" + alias + ".v->>" + idx + ")"
	}
	return "json_extract(" + alias + ".value, '$[" + idx + "]')"
}

func jsonParam(rows any) (string, error) {
	b, err := json.Marshal(rows)
	return string(b), err
}

// cohort is the CTE of applications first submitted in r, with that
// first submission's time: the population every pipeline figure follows,
// and the bind values it needs (put them first).
//
// Two spellings of "first", for the planner's sake. A short range (the
// page's month) finds its submissions on the (event, created_at) index and
// checks each is its application's first on (application_id, event,
// created_at): a month of a large history reads only that month. Over a
// long range those look-ups cost more than one pass, and PostgreSQL
// underestimates the correlated check, so a long range asks instead for
// submissions with no earlier one before the range, an anti-join whose
// size the planner can estimate, merging several in-range submissions of
// one application with MIN.
func cohort(r Range) (string, []any) {
	if r.Days() <= shortRangeDays {
		return `cohort AS (
	SELECT s.application_id AS id, s.created_at AS submitted
	FROM application_events s
	WHERE s.event = 'submit' AND s.created_at >= ? AND s.created_at < ?
		AND s.created_at = (SELECT MIN(p.created_at) FROM application_events p
			WHERE p.application_id = s.application_id AND p.event = 'submit'))`, []any{r.Start.UTC(), r.End.UTC()}
	}
	return `cohort AS (
	SELECT s.application_id AS id, MIN(s.created_at) AS submitted
	FROM application_events s
	WHERE s.event = 'submit' AND s.created_at >= ? AND s.created_at < ?
		AND NOT EXISTS (SELECT 1 FROM application_events p
			WHERE p.application_id = s.application_id AND p.event = 'submit' AND p.created_at < ?)
	GROUP BY s.application_id)`, []any{r.Start.UTC(), r.End.UTC(), r.Start.UTC()}
}

// shortRangeDays is the longest range that uses the per-submission check:
// two months (measured: see docs/PERFORMANCE.md).
const shortRangeDays = 62
