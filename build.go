// Command gloss builds policy-explainer sites from annotated Markdown.
//
//	gloss init [DIR]         start a site
//	gloss import FILE        turn a report into a numbered source page
//	gloss new KIND NAME      start an explainer, person, term or source
//	gloss [build]            build the site into public/
//	gloss check              validate content and links, write nothing
//	gloss serve              preview on 127.0.0.1 with live reload
//	gloss version            print the version
//
// `gloss help` lists every command with its flags (commands.go).
//
// This file is wiring only: flags, signals, and which pipeline to run.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/pipeline"
	"github.com/gloss-ssg/gloss/generator/scaffold"
	"github.com/gloss-ssg/gloss/generator/serve"
)

// builtin holds the default themes and static files, so a folder with only
// content/ builds. A site's own templates/ and static/ override them file by file.
//
//go:embed templates static
var builtin embed.FS

// Exit statuses.
const (
	exitOK      = 0
	exitContent = 1 // the content has errors an author can fix
	exitUsage   = 2 // gloss was called wrongly
	// exitInterrupted is a build stopped by Ctrl-C or SIGTERM: 128 + SIGINT,
	// as shells report it.
	exitInterrupted = 130
)

func main() {
	// The first Ctrl-C (or SIGTERM) asks the build or the preview to stop:
	// the output folder stays as it was. The second ends the process at
	// once, the convention of most command-line tools, after removing the
	// build's staging folder: nothing is left behind either way.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	cleanup := &output.Cleanup{}
	go func() {
		<-signals
		cancel()
		<-signals
		cleanup.Run()
		fmt.Fprintln(os.Stderr, "gloss: stopped at once; the output folder is as it was")
		os.Exit(exitInterrupted)
	}()
	code := runWith(ctx, os.Args[1:], os.Stdout, os.Stderr, cleanup)
	os.Exit(code)
}

// cliFlags holds every flag's value; defineFlags says which a command takes.
type cliFlags struct {
	opts                   pipeline.Options
	cpuProfile, memProfile string
	timings                bool
	host                   string
	port                   int
	open                   bool
	bare                   bool   // init
	title                  string // init
	id                     string // import
}

// defineFlags defines the flags command takes on fs, by the groups its
// entry in commands names.
func defineFlags(fs *flag.FlagSet, cmd string, f *cliFlags) {
	c, ok := findCommand(cmd)
	if !ok {
		c, _ = findCommand("build") // an unknown command is reported after parsing
	}
	for _, group := range c.flags {
		switch group {
		case "init":
			fs.BoolVar(&f.bare, "bare", false, "leave out the sample explainer, source, person, term and topic")
			fs.StringVar(&f.title, "title", "", "the site's `title` (default: made from the folder's name)")
		case "import":
			fs.StringVar(&f.id, "id", "", "the source's `name`: content/sources/NAME.md, cited as src=NAME (default: from the file name)")
		case "site":
			fs.StringVar(&f.opts.SiteDir, "source", ".", "the site `folder`, holding content/ and optionally templates/, static/ and gloss.toml")
		case "build":
			fs.StringVar(&f.opts.OutDir, "out", "", "the output `folder` (default public/ in the site folder)")
			fs.StringVar(&f.opts.BaseURL, "base-url", "", "the `URL` the site is published at, e.g. https://example.org/sub/ (overrides gloss.toml)")
			fs.StringVar(&f.opts.Theme, "theme", "", "the theme `name` (overrides gloss.toml)")
			fs.BoolVar(&f.opts.Drafts, "drafts", false, "include pages marked draft: true")
			fs.BoolVar(&f.opts.Force, "force", false, "publish into a non-empty output folder that gloss did not create (its files are kept)")
			fs.BoolVar(&f.opts.RelativeURLs, "relative-urls", false, "write links relative to each page, so the site also works opened from the disk")
			fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
			fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile at the end of the build to `file`")
			fs.BoolVar(&f.timings, "timings", false, "print how long each step of the build took")
		case "serve":
			fs.StringVar(&f.host, "host", "127.0.0.1", "the `address` to serve on; another than 127.0.0.1 lets other machines see the preview")
			fs.IntVar(&f.port, "port", 1313, "the `port` to serve on")
			fs.BoolVar(&f.open, "open", false, "open the preview in a browser")
		}
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runWith(ctx, args, stdout, stderr, nil)
}

// runWith is run with the staging folders of its builds made known to
// cleanup, for a second interrupt.
func runWith(ctx context.Context, args []string, stdout, stderr io.Writer, cleanup *output.Cleanup) int {
	cmd := "build"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") && cmd == "build" {
		return runVersion(stdout)
	}
	fs := flag.NewFlagSet("gloss "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &cliFlags{opts: pipeline.Options{Builtin: builtin, Cleanup: cleanup}}
	defineFlags(fs, cmd, f)
	fs.Usage = func() { printHelp(stderr) }
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if code, ran := runSiteCommand(ctx, cmd, positional, f, stdout, stderr); ran {
		return code
	}
	opts := f.opts
	if !setSourceDate(&opts, stderr) {
		return exitUsage
	}
	if cmd == "serve" {
		if len(positional) > 0 {
			fmt.Fprintf(stderr, "gloss serve: unexpected argument %q\n", positional[0])
			return exitUsage
		}
		return runServe(ctx, opts, f.host, f.port, f.open, stdout, stderr)
	}
	if len(positional) > 0 {
		fmt.Fprintf(stderr, "gloss %s: unexpected argument %q\n", cmd, positional[0])
		return exitUsage
	}
	switch cmd {
	case "build":
	case "check":
		opts.CheckOnly = true
	default:
		fmt.Fprintf(stderr, "gloss: unknown command %q%s\n\n", cmd, diag.DidYouMean(cmd, commandNames()))
		printHelp(stderr)
		return exitUsage
	}
	return runBuild(ctx, opts, f, stdout, stderr)
}

// runSiteCommand runs the commands that do not build: ran is false for
// the others.
func runSiteCommand(ctx context.Context, cmd string, positional []string, f *cliFlags, stdout, stderr io.Writer) (code int, ran bool) {
	switch cmd {
	case "init":
		return runInit(positional, f, stdout, stderr), true
	case "import":
		return runImport(ctx, f.opts.SiteDir, positional, f, stdout, stderr), true
	case "new":
		return runNew(f.opts.SiteDir, positional, stdout, stderr), true
	case "version":
		return runVersion(stdout), true
	case "help":
		printHelp(stdout)
		return exitOK, true
	}
	return 0, false
}

// setSourceDate sets the feeds' updated time from SOURCE_DATE_EPOCH, which
// reproducible-build tools set; false when it is not a time.
func setSourceDate(opts *pipeline.Options, stderr io.Writer) bool {
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	if epoch == "" {
		return true
	}
	n, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		fmt.Fprintf(stderr, "gloss: SOURCE_DATE_EPOCH=%q is not a time: it must be a number of seconds since 1970-01-01 UTC\n", epoch)
		return false
	}
	opts.SourceDate = time.Unix(n, 0).UTC()
	return true
}

// runBuild builds (or checks) the site once and reports how it went.
func runBuild(ctx context.Context, opts pipeline.Options, f *cliFlags, stdout, stderr io.Writer) int {
	stopProfiles, perr := startProfiles(f.cpuProfile, f.memProfile)
	if perr != nil {
		fmt.Fprintf(stderr, "gloss: %v\n", perr)
		return exitUsage
	}
	stopProgress := showProgress(stdout, &opts)
	res, err := pipeline.Build(ctx, opts)
	stopProgress()
	stopProfiles()
	if err != nil {
		return reportFailure(res, err, opts.CheckOnly, stderr)
	}
	reportBuild(ctx, res, opts.CheckOnly, f.timings, stdout, stderr)
	return exitOK
}

// reportFailure tells the author why a build failed and returns the exit status.
func reportFailure(res *pipeline.Result, err error, checkOnly bool, stderr io.Writer) int {
	var listErr *diag.ListError
	switch {
	case errors.Is(err, pipeline.ErrInterrupted):
		if checkOnly {
			fmt.Fprintln(stderr, "gloss: interrupted")
		} else {
			fmt.Fprintf(stderr, "gloss: interrupted: nothing was written; %s is as it was\n", res.OutDir)
		}
		return exitInterrupted
	case pipeline.IsUsage(err):
		fmt.Fprintf(stderr, "gloss: %v\n", err)
		return exitUsage
	case errors.As(err, &listErr):
		fmt.Fprintln(stderr, listErr.Error())
		if !checkOnly {
			fmt.Fprintf(stderr, "nothing was written: %s is as it was\n", res.OutDir)
		}
		return exitContent
	}
	fmt.Fprintf(stderr, "gloss: %v\n", err)
	return exitContent
}

// reportBuild prints a successful build's warnings, summary and changes.
func reportBuild(ctx context.Context, res *pipeline.Result, checkOnly, timings bool, stdout, stderr io.Writer) {
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.String())
	}
	verb := fmt.Sprintf("built %s and %s into %s", diag.Count(res.Pages, "page"), diag.Count(res.Files, "file"), res.OutDir)
	if checkOnly {
		verb = fmt.Sprintf("checked %s and %s: no errors", diag.Count(res.Pages, "page"), diag.Count(res.Files, "file"))
	}
	fmt.Fprintf(stdout, "%s in %s", verb, res.Duration.Round(time.Millisecond))
	if n := len(res.Warnings); n > 0 {
		fmt.Fprintf(stdout, " (%s)", diag.Count(n, "warning"))
	}
	fmt.Fprintln(stdout)
	if !checkOnly {
		printChanges(stdout, res.Changes)
	}
	for _, g := range res.Replaced {
		fmt.Fprintf(stdout, "%s/%s replaces the generated %s\n", pipeline.StaticDir, g, g)
	}
	if ctx.Err() != nil && !checkOnly {
		// The interrupt came once the new site was in place: it is complete.
		fmt.Fprintln(stdout, "interrupted after the new site was in place: the build is complete")
	}
	if timings {
		for _, t := range res.Timings {
			fmt.Fprintf(stdout, "  %-12s %8.1f ms\n", t.Step, float64(t.Duration.Microseconds())/1000)
		}
	}
}

// startProfiles starts the CPU profile and returns a function that stops it
// and writes the heap profile.
func startProfiles(cpu, mem string) (func(), error) {
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		cpuFile = f
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				runtime.GC()
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}, nil
}

// showProgress prints a progress line for a build that runs longer than a
// second, when stdout is a terminal; it returns a function that stops it and
// clears the line.
func showProgress(w io.Writer, opts *pipeline.Options) func() {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	opts.Progress = &pipeline.Progress{}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		shown := false
		select {
		case <-done:
			return
		case <-time.After(time.Second):
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			if stage, n, total := opts.Progress.Now(); total > 0 {
				fmt.Fprintf(f, "\r\033[K%s %d/%d pages", stage, n, total)
				shown = true
			}
			select {
			case <-done:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// parseInterspersed parses flags wherever they stand among the arguments
// (gloss new explainer chips --source site), returning the others in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// runServe previews the site until interrupted.
func runServe(ctx context.Context, opts pipeline.Options, host string, port int, open bool, stdout, stderr io.Writer) int {
	if fi, err := os.Stat(filepath.Join(opts.SiteDir, "content")); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "gloss serve: %s has no content/ folder: point --source at a site folder\n", opts.SiteDir)
		return exitUsage
	}
	err := serve.Run(ctx, serve.Options{
		Build: opts, Host: host, Port: port, Log: stdout,
		Ready: func(url string) {
			if open {
				openBrowser(url, stderr)
			}
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "gloss serve: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// openBrowser asks the desktop to open url, and says so if it cannot.
func openBrowser(url string, stderr io.Writer) {
	for _, cmd := range []string{"xdg-open", "open"} {
		if path, err := exec.LookPath(cmd); err == nil {
			if exec.Command(path, url).Start() == nil {
				return
			}
		}
	}
	fmt.Fprintf(stderr, "gloss serve: cannot open a browser here; open %s yourself\n", url)
}

// runNew starts a content file: gloss new KIND NAME.
func runNew(siteDir string, args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintf(stderr, "gloss new: want a kind (%s) and a name, as in: gloss new explainer \"Why chips matter\"\n", strings.Join(scaffold.Kinds(), ", "))
		return exitUsage
	}
	path, err := scaffold.New(siteDir, args[0], args[1], time.Now())
	switch {
	case errors.Is(err, scaffold.ErrExists):
		fmt.Fprintf(stderr, "gloss new: %v\n", err)
		return exitContent
	case err != nil:
		fmt.Fprintf(stderr, "gloss new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return exitOK
}

// printChanges says what the build changed in the output folder, listing the
// files when there are few.
func printChanges(w io.Writer, ch output.Changes) {
	fmt.Fprintf(w, "%d added, %d changed, %d removed, %d unchanged", len(ch.Added), len(ch.Changed), len(ch.Removed), ch.Unchanged)
	if n := len(ch.Kept); n > 0 {
		// Files gloss did not write (a git checkout, a CNAME) stay: say so.
		fmt.Fprintf(w, ", %d kept that gloss did not write (%s)", n, strings.Join(ch.Kept[:min(n, 5)], ", "))
		if n > 5 {
			fmt.Fprint(w, ", …")
		}
	}
	fmt.Fprintln(w)
	if ch.Through != "" {
		fmt.Fprintf(w, "%s is a symbolic link: the site was written into the folder it points to\n", ch.Through)
	}
	if ch.InPlace != "" {
		fmt.Fprintf(w, "the output folder was updated file by file: %s\n", ch.InPlace)
	}
	for _, list := range []struct {
		sign  string
		paths []string
	}{{"+", ch.Added}, {"~", ch.Changed}, {"-", ch.Removed}} {
		if len(list.paths) > 10 {
			continue
		}
		for _, p := range list.paths {
			fmt.Fprintf(w, "  %s %s\n", list.sign, p)
		}
	}
}
