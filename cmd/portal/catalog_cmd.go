package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/config"
	"posportal/internal/i18n"
)

// catalogService is the catalog over the app's database; it needs nothing
// else, so every command builds it the same way.
func (a *app) catalogService() *catalog.Service { return catalog.NewService(a.db, nil) }

// catalogCmd runs "portal catalog import FILE": the models CSV of the
// admin page, from the command line. Like the page it imports everything
// or nothing, and lists every problem by line.
func catalogCmd(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return fmt.Errorf("catalog: want \"catalog import FILE\"\n%s", usage)
	}
	fs := flag.NewFlagSet("catalog import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := config.FlagSet(fs, env)
	lang := fs.String("lang", i18n.EN, "language of the problem report (en or zh-CN)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("catalog import: want exactly one FILE")
	}
	if !i18n.Supported(*lang) {
		return fmt.Errorf("catalog import: unsupported language %q", *lang)
	}
	cfg, err := finish()
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}
	defer f.Close()
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	res, err := a.catalogService().ImportModelsCSV(ctx, nil, f, auth.Request{IP: "cli"})
	var ie *catalog.ImportError
	if errors.As(err, &ie) {
		for _, r := range ie.Rows {
			col := ""
			if r.Column != "" {
				col = " " + r.Column + ":"
			}
			fmt.Fprintf(stderr, "%s:%d:%s %s\n", fs.Arg(0), r.Line, col, i18n.T(*lang, r.Key, r.Args...))
		}
		return fmt.Errorf("catalog import: %d problem(s); nothing was imported", len(ie.Rows))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %d models created, %d updated\n", fs.Arg(0), res.Created, res.Updated)
	return nil
}
