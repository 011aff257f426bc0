package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/monobase/monobase"
)

const backupUsage = `Usage:
  monobase backup create [NAME] [--dir ./mb_data]
  monobase backup restore FILE|KEY [--dir ./mb_data]
`

// backup runs "monobase backup create|restore".
func backup(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdout, backupUsage)
		return 0
	}
	fs := flag.NewFlagSet("backup "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "./mb_data", "data directory")
	if err := fs.Parse(reorder(args[1:])); err != nil {
		return flagExit(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := monobase.New(monobase.Config{Dir: *dir})
	defer app.Close()
	bar := newProgressBar(stderr)
	switch {
	case args[0] == "create" && fs.NArg() <= 1:
		err := app.CreateBackup(ctx, fs.Arg(0), bar.update)
		bar.done()
		if err != nil {
			fmt.Fprintln(stderr, "error:", describe(err))
			return 1
		}
		fmt.Fprintln(stdout, "Backup created.")
		return 0
	case args[0] == "restore" && fs.NArg() == 1:
		err := app.RestoreBackup(ctx, fs.Arg(0), bar.update)
		bar.done()
		if err != nil {
			fmt.Fprintln(stderr, "error:", describe(err))
			return 1
		}
		fmt.Fprintf(stdout, "Restored %s into %s.\n", fs.Arg(0), *dir)
		return 0
	}
	fmt.Fprint(stderr, backupUsage)
	return 2
}

// progressBar draws the phases of a backup or restore on a terminal, one
// line redrawn in place; elsewhere (a pipe, a log) it prints nothing.
type progressBar struct {
	w     io.Writer
	tty   bool
	phase string
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, tty: tty}
}

func (p *progressBar) update(phase string, done, total int64) {
	if !p.tty {
		return
	}
	now := time.Now()
	if phase == p.phase && done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	if phase != p.phase && p.drawn {
		fmt.Fprintln(p.w)
	}
	p.phase, p.last, p.drawn = phase, now, true
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	fill := int(frac * width)
	fmt.Fprintf(p.w, "\r%-9s [%s%s] %3.0f%%", phase, strings.Repeat("#", fill), strings.Repeat(".", width-fill), frac*100)
}

func (p *progressBar) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
