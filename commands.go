package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gloss-ssg/gloss/generator/importer"
	"github.com/gloss-ssg/gloss/generator/scaffold"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/internal/version"
)

// Set by a release build: go build -ldflags "-X main.releaseVersion=v1.2.3
// -X main.releaseCommit=…". Any other build reads them from the build
// information Go records.
var (
	releaseVersion = ""
	releaseCommit  = ""
)

// command is one thing gloss does, as the help lists it.
type command struct {
	name, args, summary string
	// flags says which flag group the command takes (see defineFlags).
	flags []string
}

// commands in the order a new user meets them.
var commands = []command{
	{"init", "[DIR]", "start a new site in DIR (default: this folder), with samples and a publishing workflow", []string{"init"}},
	{"import", "FILE", "turn a report (.txt, .md, .html) into a numbered source page, content/sources/ID.md", []string{"import", "site"}},
	{"new", "KIND NAME", "start an explainer, person, term or source in content/", []string{"site"}},
	{"build", "", "build the site into --out (default public/ in the site folder); the default command", []string{"site", "build"}},
	{"check", "", "validate content, templates and every link; write nothing", []string{"site", "build"}},
	{"serve", "", "preview on http://127.0.0.1:1313/, rebuilding on every save", []string{"site", "build", "serve"}},
	{"version", "", "print gloss's version, the commit it was built from and the Go that built it (also --version)", nil},
	{"help", "", "print this help (also --help)", nil},
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func commandNames() []string {
	out := make([]string, len(commands))
	for i, c := range commands {
		out[i] = c.name
	}
	return out
}

// printHelp lists every command with the flags it takes.
func printHelp(w io.Writer) {
	fmt.Fprint(w, "gloss builds a policy-explainer site from annotated Markdown.\n\nUsage: gloss COMMAND [ARGUMENTS] [FLAGS]\n\nCommands:\n")
	for _, c := range commands {
		synopsis := strings.TrimSpace(c.name + " " + c.args)
		fmt.Fprintf(w, "  %-18s %s\n", synopsis, c.summary)
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		defineFlags(fs, c.name, &cliFlags{})
		if n := countFlags(fs); n > 0 {
			printFlags(w, fs, c)
		}
	}
	fmt.Fprint(w, "\nExit status: 0 success, 1 the content has errors (all are listed), 2 gloss was called wrongly.\n")
}

func countFlags(fs *flag.FlagSet) int {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n
}

// printFlags writes a command's flags under it; build's flags, which check
// and serve share, are written out once, under build.
func printFlags(w io.Writer, fs *flag.FlagSet, c command) {
	shared := c.name == "check" || c.name == "serve"
	if shared {
		fmt.Fprintln(w, "      (the flags of build)")
	}
	fs.VisitAll(func(f *flag.Flag) {
		if shared && buildFlag(f.Name) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if name != "" {
			left += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "      %-26s %s\n", left, usage)
	})
}

func buildFlag(name string) bool {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	defineFlags(fs, "build", &cliFlags{})
	return fs.Lookup(name) != nil
}

// runVersion prints what `gloss version` says.
func runVersion(stdout io.Writer) int {
	fmt.Fprintln(stdout, glossVersion())
	return exitOK
}

func glossVersion() version.Info { return version.Read(releaseVersion, releaseCommit) }

// runInit starts a site: gloss init [DIR].
func runInit(args []string, f *cliFlags, stdout, stderr io.Writer) int {
	if len(args) > 1 {
		fmt.Fprintf(stderr, "gloss init: want at most one folder, not %d: gloss init [DIR]\n", len(args))
		return exitUsage
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	written, err := scaffold.Init(dir, scaffold.InitOptions{Title: f.title, Bare: f.bare, Gloss: glossVersion()})
	if err != nil { // a folder that holds a site, a file in the way, or the disk
		fmt.Fprintf(stderr, "gloss init: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "started a site in %s (%d files):\n", dir, len(written))
	for _, p := range written {
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	cd := ""
	if dir != "." {
		cd = fmt.Sprintf("cd %s && ", dir)
	}
	fmt.Fprintf(stdout, "next: %sgloss serve      (a preview at http://127.0.0.1:1313/)\n", cd)
	fmt.Fprintf(stdout, "      gloss import REPORT.html   (your report, as a numbered source page)\n")
	fmt.Fprintf(stdout, "      push to GitHub with Pages → Source set to GitHub Actions: .github/workflows/publish.yml publishes it\n")
	return exitOK
}

// runImport turns a report into a source page: gloss import FILE.
func runImport(ctx context.Context, siteDir string, args []string, f *cliFlags, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "gloss import: want one file, as in: gloss import report.html [--id report-2023]")
		return exitUsage
	}
	from := args[0]
	if fi, err := os.Stat(filepath.Join(siteDir, "content")); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "gloss import: %s has no content/ folder: run it in a site folder (gloss init makes one) or point --source at one\n", siteDir)
		return exitUsage
	}
	id := f.id
	if id == "" {
		id = site.Slugify(strings.TrimSuffix(filepath.Base(from), filepath.Ext(from)))
	} else if site.Slugify(id) != id {
		fmt.Fprintf(stderr, "gloss import: --id %q is not a file name gloss can use: try %q\n", id, site.Slugify(id))
		return exitUsage
	}
	if id == "" {
		fmt.Fprintf(stderr, "gloss import: %q has no letters or digits to name the page after: give --id\n", from)
		return exitUsage
	}
	data, err := os.ReadFile(from)
	if err != nil {
		fmt.Fprintf(stderr, "gloss import: %v\n", err)
		return exitUsage
	}
	// The import runs apart, so that Ctrl-C or SIGTERM ends the command
	// at once, before anything is written, however long the report takes.
	type imported struct {
		doc *importer.Document
		err error
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "gloss import: interrupted: nothing written\n")
		return exitInterrupted
	}
	done := make(chan imported, 1)
	go func() {
		doc, err := importer.Import(from, data)
		done <- imported{doc, err}
	}()
	var doc *importer.Document
	select {
	case <-ctx.Done():
		fmt.Fprintf(stderr, "gloss import: interrupted: nothing written\n")
		return exitInterrupted
	case r := <-done:
		doc, err = r.doc, r.err
	}
	if err != nil {
		fmt.Fprintf(stderr, "gloss import: %v\n", err)
		return exitContent
	}
	if len(doc.Paragraphs) == 0 {
		fmt.Fprintf(stderr, "gloss import: found no paragraphs in %s: nothing written\n", from)
		return exitContent
	}
	path, err := doc.Write(siteDir, id, from)
	if err != nil {
		fmt.Fprintf(stderr, "gloss import: %v\n", err)
		if errors.Is(err, importer.ErrExists) {
			return exitContent
		}
		return exitUsage
	}
	rel, rerr := filepath.Rel(siteDir, path)
	if rerr != nil {
		rel = path
	}
	doc.Report(stdout, filepath.ToSlash(rel), id, from)
	return exitOK
}
