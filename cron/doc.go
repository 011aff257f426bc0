// Package cron runs jobs on cron schedules: PocketBase's expression
// grammar (five fields — minute, hour, day of month, month, day of week —
// or a macro such as @daily), evaluated in UTC by default.
//
// It is a leaf: it imports no project package. The App owns one Scheduler;
// features register their jobs on it by id (the automatic backups are
// "__mbAutoBackup__"), so a later GET /api/crons can list them.
package cron
