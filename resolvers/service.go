package resolvers

import (
	"context"
	"path/filepath"
	"sync"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/backups"
	"github.com/monobase/monobase/cron"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/internal/bounded"
	"github.com/monobase/monobase/mail"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/store"
)

// Config tunes the record service. The zero value means defaults.
type Config struct {
	// DefaultPerPage is the page size when a list names none. Default 30.
	DefaultPerPage int
	// MaxPerPage caps a list's page size. Default 1000.
	MaxPerPage int
	// Storage keeps uploaded files. Default: as the settings say, an S3
	// bucket while s3.enabled, else the local disk under <data dir>/storage.
	// A Storage given here is always used (the s3 settings are then ignored).
	Storage files.Storage
	// Mailer sends the auth flows' e-mails. Default: SMTP as the settings
	// say; while SMTP is disabled, the local sendmail program if one is
	// installed, else no e-mail (a warning is logged).
	Mailer mail.Sender
	// OAuth2 is the set of OAuth2 providers collections may enable.
	// Default: every built-in provider (auth.DefaultOAuth2Registry).
	OAuth2 *auth.OAuth2Registry
	// SignInThrottle bounds failed password and one-time-password sign-ins
	// per account and per client address. The zero value means defaults
	// (auth.ThrottleConfig).
	SignInThrottle auth.ThrottleConfig
	// Cron is the scheduler automatic backups run on (nil: none).
	Cron *cron.Scheduler
	// Restart puts a staged restore in place: it is called once a backup
	// to restore has been staged and verified, and must close the app,
	// call backups.Swap and reopen, after the restore request is answered
	// (the App does). discard drops the stage if the swap will not happen.
	// Nil: restores are refused.
	Restart func(discard func()) error
}

// Service is the record service: every read and write of a record, and
// every collection change, goes through it so that rules are applied once.
type Service struct {
	store *store.Store
	cfg   Config
	now   func() time.Time

	mu    sync.RWMutex
	check store.SchemaCheck // extra check of a collection change (GraphQL names)

	tables   tableCache
	settings settingsCache
	counts   countCache
	reads    *stmtCache // the read pool with prepared statements
	opt      optimizer
	// byIDQueries are the by-id SELECTs per collection version and columns
	byIDQueries bounded.Cache[byIDKey, string]
	hub         *realtime.Hub // set by SetRealtime; nil = realtime off
	storage     files.Storage // uploaded files; follows the s3 settings unless cfg.Storage is set
	thumbs      *files.Thumbnailer
	backups     *backups.Manager
	backupS3    settingsStorage // caches the client of the backups.s3 bucket

	background sync.WaitGroup   // e-mails being sent
	mailSent   throttle         // last auth e-mail per record and kind
	signIns    *auth.Throttle   // failed sign-ins per account and client address
	mfa        mfaSessions      // open first steps of multi-factor sign-ins
	appleNames expiring[string] // names Apple posted to the OAuth2 redirect, by code
}

// New returns the service over s.
func New(s *store.Store, cfg Config) *Service {
	if cfg.DefaultPerPage <= 0 {
		cfg.DefaultPerPage = 30
	}
	if cfg.MaxPerPage <= 0 {
		cfg.MaxPerPage = 1000
	}
	if cfg.OAuth2 == nil {
		cfg.OAuth2 = auth.DefaultOAuth2Registry()
	}
	svc := &Service{store: s, cfg: cfg, now: time.Now, reads: newStmtCache(s.Reader()), storage: cfg.Storage,
		signIns: auth.NewThrottle(cfg.SignInThrottle),
		thumbs:  files.NewThumbnailer(files.ThumbConfig{}),
		backups: backups.New(s)}
	if svc.storage == nil {
		svc.storage = &settingsStorage{local: files.NewLocal(filepath.Join(s.Dir(), "storage")), settings: svc.Settings}
	}
	return svc
}

// Store returns the underlying store.
func (s *Service) Store() *store.Store { return s.store }

// SetSchemaCheck installs an extra check run against every collection
// change before it is written (the GraphQL layer refuses name clashes).
func (s *Service) SetSchemaCheck(fn store.SchemaCheck) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.check = fn
}

type txKey struct{}

// InTx runs fn inside one write transaction; services called with the ctx
// fn receives join that transaction. Nested calls reuse the outer one, so a
// batch or a multi-field GraphQL mutation commits all or nothing.
func (s *Service) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if txFrom(ctx) != nil {
		return fn(ctx)
	}
	err := s.store.Tx(ctx, func(tx *store.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
	if err == nil {
		s.maybeOptimize(false)
	}
	return err
}

func txFrom(ctx context.Context) *store.Tx {
	tx, _ := ctx.Value(txKey{}).(*store.Tx)
	return tx
}

// querier is the open transaction when there is one, else the read pool.
func (s *Service) querier(ctx context.Context) store.Querier {
	if tx := txFrom(ctx); tx != nil {
		return counted(ctx, tx)
	}
	return counted(ctx, s.reads)
}

// collections is the snapshot the current transaction (or the store) sees.
func (s *Service) collections(ctx context.Context) *store.Snapshot {
	if tx := txFrom(ctx); tx != nil {
		return tx.Collections()
	}
	return s.store.Collections()
}
