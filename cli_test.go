package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHelpListsEveryCommandWithItsFlags: `gloss --help` names every command
// and, under it, every flag it takes (check and serve share build's).
func TestHelpListsEveryCommandWithItsFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	help := stderr.String()
	for _, c := range commands {
		at := strings.Index(help, "\n  "+c.name)
		if at < 0 {
			t.Errorf("--help does not list %q:\n%s", c.name, help)
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		defineFlags(fs, c.name, &cliFlags{})
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(help, "--"+f.Name+" ") {
				t.Errorf("--help does not list %s's flag --%s", c.name, f.Name)
			}
		})
	}
	// `gloss help` says the same on stdout.
	stdout.Reset()
	if code := run(context.Background(), []string{"help"}, &stdout, &stderr); code != 0 || stdout.String() != help {
		t.Errorf("gloss help (exit %d) differs from --help:\n%s", code, stdout.String())
	}
}

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		if got := stdout.String(); !strings.HasPrefix(got, "gloss ") || !strings.Contains(got, runtime.Version()) {
			t.Errorf("%v printed %q: want the version and %s", args, got, runtime.Version())
		}
	}
}

// TestCommandErrors: init and import are refused plainly when called wrongly.
func TestCommandErrors(t *testing.T) {
	empty := t.TempDir()
	report := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(report, []byte("%PDF-1.7"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"init over the example site", []string{"init", "."}, 2, "already holds a site (it has gloss.toml)"},
		{"init with two folders", []string{"init", "a", "b"}, 2, "want at most one folder"},
		{"import outside a site", []string{"import", report, "--source", empty}, 2, "has no content/ folder"},
		{"import without a file", []string{"import"}, 2, "want one file"},
		{"import a missing file", []string{"import", filepath.Join(empty, "nope.txt")}, 2, "no such file"},
		{"import a PDF", []string{"import", report}, 1, "gloss does not import PDF"},
		{"import with a bad id", []string{"import", report, "--id", "My Report"}, 2, `--id "My Report" is not a file name gloss can use: try "my-report"`},
		{"unknown command", []string{"imprt"}, 2, `unknown command "imprt" (did you mean "import"?)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d (want %d), stderr %q, want %q", code, tt.code, stderr.String(), tt.stderr)
			}
		})
	}
}

// TestImportRefusals: a report whose page would not build is refused before
// anything is written, and so is an import interrupted (Ctrl-C or SIGTERM:
// here, a context already cancelled).
func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "site", "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	nested := write("nested.md", strings.Repeat("- ", 1000)+"x\n")
	paragraphs := write("paragraphs.txt", strings.Repeat("a\n\n", 100001))
	plain := write("plain.txt", "A report.\n\nIts one paragraph.\n")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name   string
		ctx    context.Context
		file   string
		code   int
		stderr string
	}{
		{"Markdown nested past the bound", context.Background(), nested, 1,
			nested + ":1:201: lists, quotes and annotations nest more than 100 deep here: gloss stops at 100 levels: nothing written"},
		{"more paragraphs than a page holds", context.Background(), paragraphs, 1,
			paragraphs + ": the page made from it would not build (more than 100000 blocks (paragraphs, list items, headings, quotes, code blocks…) on this page): split the report and import each part"},
		{"interrupted", cancelled, plain, 130, "gloss import: interrupted: nothing written"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.ctx, []string{"import", tt.file, "--source", filepath.Join(dir, "site")}, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d (want %d), stderr %q, want %q", code, tt.code, stderr.String(), tt.stderr)
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "site", "content")); len(entries) != 0 {
				t.Errorf("written: %v", entries)
			}
		})
	}
}
