package resolvers

import (
	"context"
	"log/slog"

	"github.com/monobase/monobase/backups"
)

// AutoBackupJob is the id of the automatic backups' cron job.
const AutoBackupJob = "__mbAutoBackup__"

// ScheduleBackups registers (or removes) the automatic backups job on the
// scheduler of Config.Cron as the settings say. The App calls it once
// opened; every settings change calls it again.
func (s *Service) ScheduleBackups(ctx context.Context) error {
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	s.scheduleBackups(st)
	return nil
}

func (s *Service) scheduleBackups(st Settings) {
	if s.cfg.Cron == nil {
		return
	}
	if st.Backups.Cron == "" {
		s.cfg.Cron.Remove(AutoBackupJob)
		return
	}
	if err := s.cfg.Cron.Add(AutoBackupJob, st.Backups.Cron, s.autoBackup); err != nil {
		slog.Error("scheduling automatic backups failed", "err", err) // validated on save: not expected
	}
}

// autoBackup makes an automatic backup, then keeps only the newest
// backups.cronMaxKeep automatic ones. Failures are logged.
func (s *Service) autoBackup(ctx context.Context) {
	loc, err := s.backupLocation(ctx)
	if err != nil {
		slog.Error("automatic backup failed", "err", err)
		return
	}
	name := s.defaultBackupName(ctx, backups.AutoPrefix)
	if err := s.createBackup(ctx, loc, name, nil); err != nil {
		slog.Error("automatic backup failed", "name", name, "err", err)
	}
	st, err := s.Settings(ctx)
	if err != nil || st.Backups.CronMaxKeep <= 0 {
		return
	}
	if err := s.backups.Prune(ctx, loc, backups.AutoPrefix, st.Backups.CronMaxKeep); err != nil {
		slog.Error("deleting old automatic backups failed", "err", err)
	}
}
