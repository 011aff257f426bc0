package cron

import (
	"errors"
	"fmt"
	"strings"
	"time"

	robfig "github.com/robfig/cron/v3"
)

// macros are PocketBase's shorthands.
var macros = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

// fieldParser reads the five standard fields; names (JAN, MON), "?" and
// "@every" are refused before it runs, as PocketBase refuses them.
var fieldParser = robfig.NewParser(robfig.Minute | robfig.Hour | robfig.Dom | robfig.Month | robfig.Dow)

// ErrSyntax wraps every error of Parse.
var ErrSyntax = errors.New("invalid cron expression")

// Schedule is a parsed cron expression.
type Schedule struct {
	expr string
	spec robfig.Schedule
}

// Parse reads a cron expression: a macro (@yearly, @annually, @monthly,
// @weekly, @daily, @midnight, @hourly) or exactly five fields separated by
// single spaces, each a list of values, ranges (1-5) and steps (*/n,
// 1-30/n). When both day fields are restricted a time matches either of
// them, as in standard cron.
func Parse(expr string) (*Schedule, error) {
	fields := expr
	if m, ok := macros[expr]; ok {
		fields = m
	}
	segments := strings.Split(fields, " ")
	if len(segments) != 5 {
		return nil, fmt.Errorf("%w: must be a valid macro or have exactly 5 space separated segments", ErrSyntax)
	}
	for _, seg := range segments {
		if err := checkSegment(seg); err != nil {
			return nil, err
		}
	}
	spec, err := fieldParser.Parse(fields)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrSyntax, strings.TrimPrefix(err.Error(), "failed to parse "))
	}
	return &Schedule{expr: expr, spec: spec}, nil
}

// checkSegment allows digits, "*", ranges, steps and lists only, and a
// step only after "*" or a range.
func checkSegment(seg string) error {
	if seg == "" || strings.Trim(seg, "0123456789*,-/") != "" {
		return fmt.Errorf("%w: segment %q may only hold numbers, *, ranges (1-5), steps (*/n) and lists (1,2)", ErrSyntax, seg)
	}
	for _, part := range strings.Split(seg, ",") {
		base, _, stepped := strings.Cut(part, "/")
		if stepped && base != "*" && !strings.Contains(base, "-") {
			return fmt.Errorf("%w: segment %q: a step may only follow * or a range", ErrSyntax, seg)
		}
	}
	return nil
}

// Next is the first time after t that the schedule matches (seconds are
// always zero).
func (s *Schedule) Next(t time.Time) time.Time { return s.spec.Next(t) }

// String is the expression as given.
func (s *Schedule) String() string { return s.expr }
