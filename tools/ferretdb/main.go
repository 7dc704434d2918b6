// Command ferretdb is Whistle412's embedded database engine: FerretDB 1.24.2
// with its SQLite backend, built from the Go module proxy with the patches in
// ./patches applied (the launcher builds it against a patched copy of the module).
//
// It embeds the documented package github.com/FerretDB/FerretDB/ferretdb instead
// of building FerretDB's own cmd/ferretdb, whose version check panics unless the
// binary was made by FerretDB's release tooling. It accepts the subset of
// FerretDB's own flags that Whistle412's launcher passes, so the launcher can
// run this binary or an official ferretdb found on PATH the same way.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	// No TCP listener unless asked: the launcher passes only a Unix socket in a
	// private folder, so no other local user's process can reach the engine.
	listenAddr := flag.String("listen-addr", "", "TCP address to listen on (empty: none)")
	listenUnix := flag.String("listen-unix", "", "Unix domain socket path to listen on (empty: none)")
	handler := flag.String("handler", "sqlite", "backend handler (sqlite)")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite URI: a directory, ending with a slash")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	exitWithStdin := flag.Bool("exit-with-stdin", false, "stop when standard input is closed (the parent process ended)")
	// Accepted for compatibility with the official binary's command line; the
	// embedded package opens no debug port, sends no telemetry and keeps its
	// state in memory, so there is nothing for these to change.
	flag.String("telemetry", "disable", "ignored: embedded FerretDB sends no telemetry")
	flag.String("debug-addr", "-", "ignored: embedded FerretDB opens no debug listener")
	flag.String("state-dir", "", "ignored: embedded FerretDB keeps its state in memory")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fatal("invalid --log-level: %s", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if dir, ok := strings.CutPrefix(*sqliteURL, "file:"); ok {
		if err := os.MkdirAll(strings.SplitN(dir, "?", 2)[0], 0o700); err != nil {
			fatal("cannot create the data directory: %s", err)
		}
	}

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listenAddr, Unix: *listenUnix},
		Handler:   *handler,
		SQLiteURL: *sqliteURL,
		Logger:    logger,
	})
	if err != nil {
		fatal("%s", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *exitWithStdin {
		// A parent killed with SIGKILL cannot stop us; its end closes our stdin.
		go func() {
			_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin))
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		_ = db.Run(ctx)
		close(done)
	}()

	network, addr := "unix", *listenUnix
	if addr == "" {
		network, addr = "tcp", *listenAddr
	}
	if err := waitForListener(ctx, network, addr); err != nil {
		fatal("%s", err)
	}
	fmt.Printf("ready %s\n", addr)

	<-done
}

func waitForListener(ctx context.Context, network, addr string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout(network, addr, 200*time.Millisecond)
		if err == nil {
			return conn.Close()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("listener %s did not come up in 30s", addr)
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
