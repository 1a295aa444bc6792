// Package insights is the bank's operations view (SPEC §15, the §7
// operations report): how merchants move from submission to live, how fast
// reviewers decide against the business-day SLA, what waits in the queue,
// which firmware releases bring tickets and how busy installers are.
//
// Every figure is one SQL query that aggregates in the database — window
// functions and percentile_cont on PostgreSQL, ROW_NUMBER interpolation on
// SQLite — so a report over 100 000 applications never loads their rows
// into Go. The business-day rule stays in internal/workcal: the service
// turns the calendar into a small per-day deadline table the SLA query
// joins, so the SQL never re-implements holidays or 调休.
//
// Applications are counted by the day of their first submission in
// Asia/Shanghai: a report for November is the cohort that entered review in
// November, followed through every later stage up to now.
package insights
