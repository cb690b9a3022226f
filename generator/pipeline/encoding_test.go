package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// encodingSite has everything a careless editor can save in another form:
// the configuration, a section index, a page with front matter, a code block,
// a list and a quote, and a template of the site's own.
var encodingSite = map[string]string{
	"gloss.toml":                   "title = \"Encodings\"\nauto_link_terms = false\n",
	"content/explainers/_index.md": "---\ntitle: Explainers\npage_layout: explainer\n---\nIntro.\n",
	"content/explainers/a.md": "---\ntitle: \"A page\"\nsummary: \"It has a summary.\"\n---\n" +
		"## Heading\n\nText over\ntwo lines.  \nHard break.\n\n```go\nfunc main() {\n\tprintln(\"hi\")\n}\n```\n\n" +
		"    indented code\n    second line\n\n- one\n- two\n\n> quoted\n> text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
	"templates/briefing/partials/footer.html": "<footer>\n<p>Site footer</p>\n</footer>\n",
}

func buildFiles(t *testing.T, files map[string]string) (map[string]string, []diag.Problem, error) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		return nil, nil, err
	}
	return snapshot(t, filepath.Join(dir, "public")), res.Warnings, nil
}

// TestLineEndingsAndBOM: the same site saved with CRLF, with lone CR or with
// a byte-order mark before every file builds byte for byte as saved with LF.
func TestLineEndingsAndBOM(t *testing.T) {
	want, warnings, err := buildFiles(t, encodingSite)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("the LF site: %v %v", err, warnings)
	}
	for _, c := range []struct {
		name   string
		change func(string) string
	}{
		{"CRLF", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
		{"lone CR", func(s string) string { return strings.ReplaceAll(s, "\n", "\r") }},
		{"byte-order mark", func(s string) string { return "\xEF\xBB\xBF" + s }},
		{"byte-order mark and CRLF", func(s string) string { return "\xEF\xBB\xBF" + strings.ReplaceAll(s, "\n", "\r\n") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			changed := map[string]string{}
			for name, data := range encodingSite {
				changed[name] = c.change(data)
			}
			got, warnings, err := buildFiles(t, changed)
			if err != nil || len(warnings) != 0 {
				t.Fatalf("%v %v", err, warnings)
			}
			if len(got) != len(want) {
				t.Fatalf("%d files, want %d", len(got), len(want))
			}
			for name, data := range want {
				if got[name] != data {
					t.Errorf("%s differs from the LF build:\n%s", name, got[name])
				}
			}
		})
	}
}

// TestEncodingProblems: each file gloss reads reports a wrong encoding at its
// first bad byte, and control characters are replaced with a warning.
func TestEncodingProblems(t *testing.T) {
	for _, c := range []struct {
		name   string
		files  map[string]string
		errors string // the build's error report, exactly
	}{
		{
			name:   "invalid UTF-8 in a page body",
			files:  map[string]string{"content/explainers/a.md": encodingSite["content/explainers/a.md"] + "\nCaf\xe9 au lait.\n"},
			errors: "content/explainers/a.md:30:4: invalid UTF-8: save the file as UTF-8\n1 error",
		},
		{
			name:   "invalid UTF-8 in front matter, CRLF file",
			files:  map[string]string{"content/explainers/a.md": "---\r\ntitle: \"A \xff page\"\r\nsummary: S.\r\n---\r\nBody.\r\n"},
			errors: "content/explainers/a.md:2:11: invalid UTF-8: save the file as UTF-8\n1 error",
		},
		{
			name:   "invalid UTF-8 in gloss.toml",
			files:  map[string]string{"gloss.toml": "title = \"En\xc3codings\"\n"},
			errors: "gloss.toml:1:12: invalid UTF-8: save the file as UTF-8\n1 error",
		},
		{
			name:   "invalid UTF-8 in a template",
			files:  map[string]string{"templates/briefing/partials/footer.html": "<footer>\n<p>\x80</p></footer>\n"},
			errors: "templates/briefing/partials/footer.html:2:4: invalid UTF-8: save the file as UTF-8\n1 error",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{}
			for name, data := range encodingSite {
				files[name] = data
			}
			for name, data := range c.files {
				files[name] = data
			}
			_, _, err := buildFiles(t, files)
			var listErr *diag.ListError
			if !errors.As(err, &listErr) {
				t.Fatalf("want content errors, got %v", err)
			}
			if err.Error() != c.errors {
				t.Errorf("errors:\n%s\nwant:\n%s", err.Error(), c.errors)
			}
		})
	}
}

// TestControlCharacters: a control character in front matter or body, of a
// page or of the configuration, reaches no output file; each file warns once.
func TestControlCharacters(t *testing.T) {
	files := map[string]string{}
	for name, data := range encodingSite {
		files[name] = data
	}
	files["gloss.toml"] = "title = \"Encodings\x01\"\n"
	files["content/explainers/a.md"] = "---\ntitle: \"A \x1b[1mbold\x1b[0m page\"\nsummary: \"It has\x07 a summary.\"\n---\nText \x00with\x0b controls \u0085and \x7f more.\n"
	got, warnings, err := buildFiles(t, files)
	if err != nil {
		t.Fatal(err)
	}
	var ws []string
	for _, w := range warnings {
		ws = append(ws, w.String())
	}
	want := "content/explainers/a.md:2:11: warning: control character U+001B replaced by U+FFFD (and 6 more in this file)\n" +
		"gloss.toml:1:19: warning: control character U+0001 replaced by U+FFFD"
	if strings.Join(ws, "\n") != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(ws, "\n"), want)
	}
	for name, data := range got {
		for _, r := range data {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f {
				t.Errorf("%s holds the control character %U", name, r)
				break
			}
		}
	}
	if page := got["explainers/a/index.html"]; !strings.Contains(page, "A \uFFFD[1mbold\uFFFD[0m page") || !strings.Contains(page, "Text \uFFFDwith\uFFFD controls \uFFFDand \uFFFD more.") {
		t.Errorf("control characters not replaced by U+FFFD:\n%s", page)
	}
}
