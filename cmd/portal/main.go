// Command portal runs the POS merchant portal: `portal serve` (default),
// `portal migrate`, `portal seed --demo`, `portal user create`,
// `portal catalog import`, `portal keys new|rotate` and `portal blobs encrypt`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

const usage = `usage: portal [command] [flags]

commands:
  serve [--demo]                 run the portal (default)
  migrate                        apply database migrations and exit
  seed --demo                    add the demo data and exit
  user create --role R --email E create an account; the password is read from stdin
  catalog import FILE            import terminal models from CSV (all rows or none)
  keys new | keys rotate         make a blob key | re-wrap documents under PORTAL_BLOB_KEY
  blobs encrypt                  encrypt documents stored before encryption at rest
Run "portal COMMAND -h" for the flags of a command.
`

// run is main without the process globals, so tests can call it.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, env, stderr)
	case "migrate":
		return migrate(ctx, args, env, stdout, stderr)
	case "seed":
		return seed(ctx, args, env, stdout, stderr)
	case "user":
		if len(args) == 0 || args[0] != "create" {
			return fmt.Errorf("user: want \"user create\"\n%s", usage)
		}
		return userCreate(ctx, args[1:], env, stdin, stdout, stderr)
	case "catalog":
		return catalogCmd(ctx, args, env, stdout, stderr)
	case "keys":
		return keysCmd(ctx, args, env, stdout, stderr)
	case "blobs":
		return blobsCmd(ctx, args, env, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
}
