// Command monobase runs a monobase server and manages its data directory.
// It only parses flags and calls the monobase App.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/monobase/monobase"
)

const usage = `monobase — a realtime backend in one binary.

Usage:
  monobase serve [--http 127.0.0.1:8090] [--dir ./mb_data] [--dev] [--origins *] [--read-timeout 5m]
                 [--auth-throttle account=5/3m,ip=100/10m]
  monobase superuser upsert EMAIL PASSWORD [--dir ./mb_data]
  monobase superuser delete EMAIL [--dir ./mb_data]
  monobase backup create [NAME] [--dir ./mb_data]
  monobase backup restore FILE|KEY [--dir ./mb_data]
  monobase version

Run "monobase COMMAND --help" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "superuser":
		return superuser(args[1:], stdout, stderr)
	case "backup":
		return backup(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "monobase", monobase.Version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
	return 2
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("http", "127.0.0.1:8090", "address to listen on")
	dir := fs.String("dir", "./mb_data", "data directory")
	dev := fs.Bool("dev", false, "verbose logging")
	origins := fs.String("origins", "*", "comma-separated CORS allowed origins")
	var cfg monobase.Config
	fs.Var(&cfg.SignInThrottle, "auth-throttle", "failed sign-ins allowed per account and per client address, e.g. account=5/3m,ip=100/10m (ip=off behind a reverse proxy)")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", monobase.DefaultReadTimeout, "how long a request, headers and body, may take to arrive (negative: no limit)")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	level := slog.LevelInfo
	if *dev {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg.Dir, cfg.HTTPAddr, cfg.Dev, cfg.AllowedOrigins, cfg.Logger = *dir, *addr, *dev, strings.Split(*origins, ","), logger
	app := monobase.New(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Open(ctx); err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	err := app.Serve(ctx, func(addr string) {
		// the install link comes first: whoever reads "serving on" has it
		if link, err := app.InstallLink(ctx, "http://"+addr); err == nil && link != "" {
			fmt.Fprintf(stdout, "No superuser exists yet. Create the first one in the browser (one use, valid %d minutes):\n  %s\nor with:\n  monobase superuser upsert EMAIL PASSWORD --dir %s\n\n", int(monobase.InstallTTL.Minutes()), link, *dir)
		}
		fmt.Fprintf(stdout, "monobase %s serving on http://%s (data: %s)\n", monobase.Version, addr, *dir)
		fmt.Fprintf(stdout, "  Dashboard: http://%s/_/\n  REST API:  http://%s/api/\n  GraphiQL:  http://%s/graphiql\n", addr, addr, addr)
	})
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	fmt.Fprintln(stdout, "monobase stopped")
	return 0
}

func superuser(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdout, "Usage:\n  monobase superuser upsert EMAIL PASSWORD [--dir ./mb_data]\n  monobase superuser delete EMAIL [--dir ./mb_data]\n")
		return 0
	}
	fs := flag.NewFlagSet("superuser "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "./mb_data", "data directory")
	if err := fs.Parse(reorder(args[1:])); err != nil {
		return flagExit(err)
	}
	app := monobase.New(monobase.Config{Dir: *dir})
	defer app.Close()
	ctx := context.Background()
	switch {
	case args[0] == "upsert" && fs.NArg() == 2:
		created, err := app.UpsertSuperuser(ctx, fs.Arg(0), fs.Arg(1))
		if err != nil {
			fmt.Fprintln(stderr, "error:", describe(err))
			return 1
		}
		if created {
			fmt.Fprintf(stdout, "Superuser %s created.\n", fs.Arg(0))
		} else {
			fmt.Fprintf(stdout, "Superuser %s updated.\n", fs.Arg(0))
		}
		return 0
	case args[0] == "delete" && fs.NArg() == 1:
		if err := app.DeleteSuperuser(ctx, fs.Arg(0)); err != nil {
			fmt.Fprintln(stderr, "error:", describe(err))
			return 1
		}
		fmt.Fprintf(stdout, "Superuser %s deleted.\n", fs.Arg(0))
		return 0
	}
	fmt.Fprint(stderr, "Usage:\n  monobase superuser upsert EMAIL PASSWORD [--dir ./mb_data]\n  monobase superuser delete EMAIL [--dir ./mb_data]\n")
	return 2
}

// reorder moves flags before positional arguments so that
// "upsert a@b.c pass --dir x" works as well as "upsert --dir x a@b.c pass".
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			flags = append(flags, args[i])
			if !strings.Contains(args[i], "=") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, args[i])
	}
	return append(flags, pos...)
}

func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// describe renders a service error with its field errors for a terminal.
func describe(err error) string {
	return monobase.DescribeError(err)
}
