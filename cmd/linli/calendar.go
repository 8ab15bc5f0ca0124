package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

const calendarUsage = "usage: linli calendar import --db FILE [--calendar ID] YEAR.json"

// calendarCmd runs `linli calendar import`: what POST /calendars/{id}/import does, from the
// command line, for an operator holding a holiday-cn year file (the calendar "cn" by default).
// The programs following the calendar are re-planned and the families whose sessions moved or
// went are told, as after the route.
func calendarCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New(calendarUsage)
	}
	var c Config
	fs := flag.NewFlagSet("linli calendar import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.dbFlags(fs)
	id := fs.String("calendar", calendar.BuiltinID, "the day calendar to import into")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New(calendarUsage)
	}
	file, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	operator := &linli.Actor{User: linli.User{Name: "linli calendar import", IsAdmin: true}}
	out, err := storage.Planning{DB: db}.ImportHolidayCN(ctx, operator, *id, linli.Given(file))
	if err != nil {
		return fmt.Errorf("calendar import: %s", linli.ErrorMessage(err)+fieldNote(err))
	}
	r := out.Replanned
	fmt.Fprintf(stdout, "%s: imported %s; re-planned %d programs: %d sessions added, %d cancelled, %d restored, %d clashes\n",
		out.Calendar.ID, fs.Arg(0), r.Programs, r.SessionsAdded, r.SessionsCancelled, r.SessionsRestored, len(r.Clashes))
	for _, c := range r.Clashes {
		fmt.Fprintf(stdout, "  not added: %s\n", c)
	}
	return nil
}
