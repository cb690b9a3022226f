package feed

import (
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/generator/site"
)

func TestUpdated(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	pages := []*site.Page{{Date: day(3)}, {Date: day(27)}, {}}
	fixed := time.Unix(1700000000, 0)
	for _, tt := range []struct {
		name  string
		pages []*site.Page
		fixed time.Time
		want  time.Time
	}{
		{"the newest entry", pages, time.Time{}, day(27)},
		{"fixed by the caller (SOURCE_DATE_EPOCH)", pages, fixed, fixed.UTC()},
		{"no dated entry", []*site.Page{{}}, time.Time{}, time.Unix(0, 0).UTC()},
	} {
		if got := Updated(tt.pages, tt.fixed); !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
