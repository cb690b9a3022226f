package frontmatter

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Correction is one entry of a page's corrections: when a published page
// was corrected, and what changed, in the words readers will see.
type Correction struct {
	Date time.Time
	Text string
}

// Corrections returns a list of {date, text} entries, reporting an entry
// that lacks either or has fields gloss does not know at the list's position.
func (r Reader) Corrections(key string) []Correction {
	f, ok := r.Fields.Get(key)
	if !ok || f.Value == nil {
		return nil
	}
	list, ok := f.Value.([]any)
	if !ok {
		r.wrong(f, "a list of corrections, each {date: 2026-12-01, text: \"…\"}")
		return nil
	}
	var out []Correction
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			r.Probs.Errorf(f.Pos, "front matter %q: entry %d must be {date: 2026-12-01, text: \"what was corrected\"}, not %s", key, i+1, describe(e))
			continue
		}
		entry := Reader{Fields: Fields{
			{Key: key + "[" + strconv.Itoa(i+1) + "].date", Value: m["date"], Pos: f.Pos},
			{Key: key + "[" + strconv.Itoa(i+1) + "].text", Value: m["text"], Pos: f.Pos},
		}, Probs: r.Probs}
		c := Correction{Date: entry.Date(entry.Fields[0].Key), Text: strings.TrimSpace(entry.String(entry.Fields[1].Key))}
		var unknown []string
		for k := range m {
			if k != "date" && k != "text" {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		switch {
		case len(unknown) > 0:
			r.Probs.Errorf(f.Pos, "front matter %q: entry %d has %q; a correction has only date and text", key, i+1, unknown[0])
		case m["date"] == nil:
			r.Probs.Errorf(f.Pos, "front matter %q: entry %d needs a date: {date: 2026-12-01, text: \"…\"}", key, i+1)
		case c.Text == "":
			r.Probs.Errorf(f.Pos, "front matter %q: entry %d needs a text saying what was corrected", key, i+1)
		case !c.Date.IsZero():
			out = append(out, c)
		}
	}
	return out
}
