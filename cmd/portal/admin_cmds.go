package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/config"
	"posportal/internal/demo"
	"posportal/internal/i18n"
)

func migrate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("migrate", args, env, stderr)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	fmt.Fprintf(stdout, "database %s is up to date\n", a.db.Dialect)
	return nil
}

func seed(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := config.FlagSet(fs, env)
	withDemo := fs.Bool("demo", false, "seed the demo data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := finish()
	if err != nil {
		return err
	}
	if !*withDemo {
		return errors.New("seed: nothing to do without --demo")
	}
	if cfg.Production() {
		return errors.New("seed --demo is refused in production")
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	n, err := demo.Seed(ctx, a.demoServices())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo data ready: %d accounts created (password %s)\n", n, demo.Password)
	return nil
}

// userCreate reads the password from stdin (a prompt without echo on a
// terminal), never from a flag, so it stays out of shell history and ps.
func userCreate(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := config.FlagSet(fs, env)
	role := fs.String("role", "", "merchant, reviewer, installer or admin")
	email := fs.String("email", "", "login email")
	name := fs.String("name", "", "display name (default: the part of the email before @)")
	phone := fs.String("phone", "", "mobile number (required for merchants)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := finish()
	if err != nil {
		return err
	}
	if *name == "" {
		*name, _, _ = strings.Cut(*email, "@")
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	u, err := a.auth.CreateUser(ctx, nil, auth.NewUser{Email: *email, Password: password, Name: *name, Phone: *phone, Role: auth.Role(*role)}, auth.Request{IP: "cli"})
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		var msgs []string
		for f, k := range e.Fields {
			msgs = append(msgs, f+": "+i18n.T(i18n.EN, k))
		}
		return fmt.Errorf("user create: %s", strings.Join(msgs, "; "))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return nil
}

func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
