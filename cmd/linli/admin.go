package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// adminCreate makes the first administrator, creating and migrating the database if needed.
func adminCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("linli admin create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.dbFlags(fs)
	login := fs.String("login", "", "the administrator's mobile number or e-mail")
	name := fs.String("name", "管理员", "display name")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *login == "" || !*fromStdin {
		return errors.New("usage: linli admin create --db FILE --login LOGIN --password-stdin [--name NAME]")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := storage.Accounts{DB: db}.CreateAdmin(ctx, linli.Registration{Name: *name, Login: *login, Password: strings.TrimRight(line, "\r\n")})
	if err != nil {
		return fmt.Errorf("admin create: %s", linli.ErrorMessage(err)+fieldNote(err))
	}
	fmt.Fprintf(stdout, "administrator %s (%s) is ready\n", u.Login, u.ID)
	return nil
}

func fieldNote(err error) string {
	if f := linli.ErrorField(err); f != "" {
		return " (" + f + ")"
	}
	return ""
}

// migrate creates or upgrades the database and lists the applied migrations.
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("linli migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.dbFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	names, err := db.Migrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d migrations applied, the last %s\n", db.Path, len(names), names[len(names)-1])
	return nil
}
