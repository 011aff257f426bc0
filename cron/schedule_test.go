package cron

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	from := time.Date(2026, 12, 7, 13, 14, 30, 0, time.UTC)
	for expr, want := range map[string]string{
		"* * * * *":      "2026-12-07T13:15:00Z",
		"*/5 * * * *":    "2026-12-07T13:15:00Z",
		"0 0 * * *":      "2026-12-08T00:00:00Z",
		"@daily":         "2026-12-08T00:00:00Z",
		"@hourly":        "2026-12-07T14:00:00Z",
		"30 1-3/2 * * *": "2026-12-08T01:30:00Z",
		"0,45 13 7 12 1": "2026-12-07T13:45:00Z",
		// both day fields restricted: either matches (standard cron), so the
		// next Monday comes before the next 1st of a month
		"0 0 1 * 1": "2026-12-14T00:00:00Z",
	} {
		s, err := Parse(expr)
		if err != nil {
			t.Errorf("Parse(%q): %v", expr, err)
			continue
		}
		if got := s.Next(from).Format(time.RFC3339); got != want {
			t.Errorf("Parse(%q).Next = %s, want %s", expr, got, want)
		}
	}
}

func TestParse_refusesWhatPocketBaseRefuses(t *testing.T) {
	for _, expr := range []string{
		"", "bad", "* * * * * *", "*  * * * *", "61 * * * *", "@every 5s", "*/5 1-3 * JAN *",
		"? * * * *", "5/10 * * * *", "* 24 * * *", "*/0 * * * *", "3-1 * * * *",
	} {
		if _, err := Parse(expr); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want ErrSyntax", expr, err)
		}
	}
}
