package rules

import "time"

// DateTimeLayout is how datetimes are stored and how macros are bound.
const DateTimeLayout = "2006-01-02 15:04:05.000Z"

func isMacro(name string) bool {
	_, ok := macroValue(name, time.Time{})
	return ok
}

// macroValue returns the bound value of a datetime macro at now (in UTC):
// a datetime string or an int64.
func macroValue(name string, now time.Time) (any, bool) {
	now = now.UTC()
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	month := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	year := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	last := func(t time.Time) time.Time { return t.Add(-time.Millisecond) }
	var t time.Time
	switch name {
	case "@now":
		t = now
	case "@yesterday":
		t = now.AddDate(0, 0, -1)
	case "@tomorrow":
		t = now.AddDate(0, 0, 1)
	case "@todayStart":
		t = today
	case "@todayEnd":
		t = last(today.AddDate(0, 0, 1))
	case "@monthStart":
		t = month
	case "@monthEnd":
		t = last(month.AddDate(0, 1, 0))
	case "@yearStart":
		t = year
	case "@yearEnd":
		t = last(year.AddDate(1, 0, 0))
	case "@second":
		return int64(now.Second()), true
	case "@minute":
		return int64(now.Minute()), true
	case "@hour":
		return int64(now.Hour()), true
	case "@day":
		return int64(d), true
	case "@month":
		return int64(m), true
	case "@year":
		return int64(y), true
	case "@weekday":
		return int64(now.Weekday()), true
	default:
		return nil, false
	}
	return t.Format(DateTimeLayout), true
}
