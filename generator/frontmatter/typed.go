package frontmatter

import (
	"fmt"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// Reader takes typed values out of Fields and records a problem, at the
// field's position, for every value of the wrong type.
type Reader struct {
	Fields Fields
	Probs  *diag.List
}

func (r Reader) wrong(f Field, want string) {
	r.Probs.Errorf(f.Pos, "front matter %q must be %s, not %s", f.Key, want, describe(f.Value))
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "empty"
	case string:
		return fmt.Sprintf("the text %q", x)
	case bool:
		return fmt.Sprintf("%v (true/false)", x)
	case int64, float64:
		return fmt.Sprintf("the number %v", x)
	case time.Time:
		return "a date"
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
	}
	return fmt.Sprintf("%T", v)
}

// String returns a text field, or "".
func (r Reader) String(key string) string {
	f, ok := r.Fields.Get(key)
	if !ok || f.Value == nil {
		return ""
	}
	switch x := f.Value.(type) {
	case string:
		return x
	case int64, float64, bool:
		return fmt.Sprint(x) // a title of 2023 is still a title
	}
	r.wrong(f, "text")
	return ""
}

// Strings returns a list of texts; a single text counts as a list of one.
func (r Reader) Strings(key string) []string {
	f, ok := r.Fields.Get(key)
	if !ok || f.Value == nil {
		return nil
	}
	switch x := f.Value.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				r.wrong(f, "a list of texts")
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	r.wrong(f, "a list of texts")
	return nil
}

// Int returns a whole-number field, or 0.
func (r Reader) Int(key string) int {
	f, ok := r.Fields.Get(key)
	if !ok || f.Value == nil {
		return 0
	}
	switch x := f.Value.(type) {
	case int64:
		return int(x)
	case float64:
		if x == float64(int(x)) {
			return int(x)
		}
	}
	r.wrong(f, "a whole number")
	return 0
}

// Bool returns a true/false field, or false.
func (r Reader) Bool(key string) bool {
	f, ok := r.Fields.Get(key)
	if !ok || f.Value == nil {
		return false
	}
	if b, ok := f.Value.(bool); ok {
		return b
	}
	r.wrong(f, "true or false")
	return false
}

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// Date returns a date field in the offset it was written in, so that it is
// shown on the day the author wrote (2026-11-27T01:00:00+09:00 is 27
// November); one written without an offset is read as UTC, whatever the
// build machine's time zone. It returns the zero time when absent.
func (r Reader) Date(key string) time.Time {
	f, ok := r.Fields.Get(key)
	if !ok || f.Value == nil {
		return time.Time{}
	}
	switch x := f.Value.(type) {
	case time.Time:
		if x.Location() == time.Local {
			// TOML's local dates and times carry no offset: the decoder gives
			// them the machine's zone. Keep the wall clock the author wrote.
			return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
		}
		return x
	case string:
		s := strings.TrimSpace(x)
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t
			}
		}
		r.Probs.Errorf(f.Pos, "front matter %q: %q is not a date; write it as 2023-03-05", f.Key, x)
		return time.Time{}
	}
	r.wrong(f, "a date such as 2023-03-05")
	return time.Time{}
}
