package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestReminderHourConfiguresTheWorker(t *testing.T) {
	m, _ := startMain(t, "--reminder-hour", "7")
	if m.Worker == nil || m.Worker.ReminderHour != 7 {
		t.Fatalf("worker %+v; want one running with reminders at 7:00", m.Worker)
	}
	t.Setenv("LINLI_REMINDER_HOUR", "24")
	bad := NewMain(&bytes.Buffer{}, &bytes.Buffer{})
	if err := bad.ParseFlags([]string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "linli.db")}); err != nil {
		t.Fatal(err)
	}
	err := bad.Run(context.Background())
	bad.Close()
	if err == nil || !strings.Contains(err.Error(), "--reminder-hour") {
		t.Errorf("LINLI_REMINDER_HOUR=24: %v; want a refusal naming the flag", err)
	}
}
