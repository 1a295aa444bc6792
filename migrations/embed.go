// Package migrations holds the schema as numbered SQL files, one folder per
// dialect because SQLite and PostgreSQL disagree on identity columns, time
// types and triggers. They are embedded so the binary migrates itself.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
