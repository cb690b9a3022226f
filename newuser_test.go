package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// gloss runs the built binary in dir and returns its output; it fails the
// test unless the exit status is want.
func gloss(t *testing.T, bin, dir string, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("gloss %s: %v", strings.Join(args, " "), err)
	}
	if code != want {
		t.Fatalf("gloss %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The report a new user brings: hard-wrapped text, and the HTML version of
// a statement, with a site's navigation and scripts around it.
const (
	userText = "Budget Statement 2024\n\nThe minister presented the budget to\nparliament on 5 March, with spending on\nresearch up by a tenth.\n\n" +
		"Spending on schools rises for the third year. “We are investing in the next generation,” said Maria\nGarcia, the finance minister.\n\n" +
		"According to the statistics office, R&D spending reached 2.4% of GDP at 10:30 on the day.\n"
	userHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Statement on research | Ministry of Finance</title>
<meta property="og:site_name" content="Ministry of Finance">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://finance.example.gov/statement">
<script>window.analytics = {};</script><style>body { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><h1>Statement on research</h1>
<p>The ministry will fund three new research institutes &amp; a talent programme.</p>
<ul><li>Institutes in three regions<ul><li>two in the north</li></ul></li><li>A talent programme</li></ul>
<blockquote><p>Research is the backbone of growth.</p></blockquote>
<p>Maria Garcia said that the funds would be released in June.</p></main>
<footer>© Ministry of Finance. Privacy. Cookies.</footer></body></html>`
)

// TestFromNothingToAPublishedSite walks the README's path for a new user,
// with the built binary in an empty folder that holds nothing of gloss's
// repository: init, import a text and an HTML report, start a person and
// an explainer, write a quote and a citation, build and check with no
// errors or warnings, and every page passes the Nu Html Checker. Then init
// is refused in the site and changes nothing.
func TestFromNothingToAPublishedSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gloss and runs it end to end")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "bin", "gloss")
	// A release build, as the release workflow makes it.
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.releaseVersion=v0.9.0 -X main.releaseCommit=0123456789abcdef", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home := filepath.Join(work, "home")
	writeFile(t, filepath.Join(home, "budget.txt"), strings.ReplaceAll(userText, "\n", "\r\n"))
	writeFile(t, filepath.Join(home, "statement.html"), userHTML)

	out, _ := gloss(t, bin, home, 0, "version")
	if !strings.HasPrefix(out, "gloss v0.9.0 (commit 0123456789ab) built with go") {
		t.Errorf("gloss version printed %q", out)
	}

	start := time.Now()
	gloss(t, bin, home, 0, "init", "my-site")
	site := filepath.Join(home, "my-site")
	out, _ = gloss(t, bin, site, 0, "import", "../budget.txt")
	for _, want := range []string{
		"wrote content/sources/budget.md from ../budget.txt (text): 3 numbered paragraphs (¶1–¶3)",
		`title "Budget Statement 2024"`,
		"¶2 Maria Garcia: “We are investing in the next generation,” said Maria Garcia",
		":said[the words]{who=PERSON-ID}",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import of the text does not say %q:\n%s", want, out)
		}
	}
	out, _ = gloss(t, bin, site, 0, "import", "../statement.html", "--id", "statement")
	for _, want := range []string{
		"wrote content/sources/statement.md from ../statement.html (HTML): 2 numbered paragraphs",
		`title "Statement on research"; publisher Ministry of Finance; date 2024-03-05; source_url https://finance.example.gov/statement`,
		"kept but not numbered (only paragraphs get ¶ numbers): 1 list of 2 items, 1 block quote",
		"navigation", "scripts", "footers",
		"¶2 Maria Garcia: Maria Garcia said that the funds would be released in June.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import of the HTML does not say %q:\n%s", want, out)
		}
	}
	// An import never overwrites a page.
	_, errOut := gloss(t, bin, site, 1, "import", "../statement.html", "--id", "statement")
	if !strings.Contains(errOut, "already exists") {
		t.Errorf("a second import: %s", errOut)
	}

	out, _ = gloss(t, bin, site, 0, "new", "person", "maria-garcia")
	person := filepath.Join(site, "content/people/maria-garcia.md")
	editFile(t, person, `title: "Maria Garcia"`, `role: ""`, `role: "Finance minister"`, `summary: ""`, `summary: "The finance minister, who presented the budget."`)
	// As the import suggested, mark who says what in the source.
	editFile(t, filepath.Join(site, "content/sources/budget.md"), "said Maria",
		"“We are investing in the next generation,”", "“:said[We are investing in the next generation]{who=maria-garcia},”")
	out, _ = gloss(t, bin, site, 0, "new", "explainer", "What the budget does for research")
	explainer := filepath.Join(site, strings.TrimSpace(strings.TrimPrefix(out, "wrote ")))
	editFile(t, explainer, `title: "What the budget does for research"`,
		`dek: ""`, `dek: "Spending on research rises by a tenth."`,
		`summary: ""`, `summary: "The budget raises spending on research by a tenth and funds three new institutes."`,
		`topics: []`, `topics: [research]`,
		"draft: true      # remove when it is ready to publish\n", "",
		"Write the explainer here.", `Spending on research is up by a tenth (:cite[¶1]{src=budget}), and the ministry will fund three new institutes (:cite[¶1]{src=statement}).

:::quote{who=maria-garcia cite=budget#p2}
We are investing in the next generation
:::`)
	if _, errOut := gloss(t, bin, site, 0, "check"); errOut != "" {
		t.Errorf("gloss check warns:\n%s", errOut)
	}
	out, errOut = gloss(t, bin, site, 0, "build")
	if errOut != "" {
		t.Errorf("gloss build warns:\n%s", errOut)
	}
	t.Logf("init, two imports, two new pages, check and build took %s; %s", time.Since(start).Round(time.Millisecond), strings.SplitN(out, "\n", 2)[0])
	public := filepath.Join(site, "public")
	for _, page := range []string{"explainers/what-the-budget-does-for-research/index.html", "sources/budget/index.html", "sources/statement/index.html", "people/maria-garcia/index.html"} {
		data, err := os.ReadFile(filepath.Join(public, page))
		if err != nil {
			t.Errorf("no %s: %v", page, err)
			continue
		}
		if page == "sources/budget/index.html" && !strings.Contains(string(data), "R&amp;D spending reached 2.4% of GDP at 10:30") {
			t.Errorf("the imported text is not on the source page as written")
		}
	}
	checkHTML(t, 15, public)

	// The workflow init wrote installs this very version.
	data, err := os.ReadFile(filepath.Join(site, ".github/workflows/publish.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf map[string]any
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Errorf("the site's workflow is not YAML: %v", err)
	}
	if !strings.Contains(string(data), "go install github.com/gloss-ssg/gloss@v0.9.0\n") {
		t.Errorf("the site's workflow does not install gloss v0.9.0:\n%s", data)
	}

	// init in the site is refused and changes nothing.
	before := tree(t, site)
	_, errOut = gloss(t, bin, site, 2, "init")
	if !strings.Contains(errOut, "already holds a site") {
		t.Errorf("init in a site: %s", errOut)
	}
	gloss(t, bin, home, 2, "init", "my-site", "--bare")
	if after := tree(t, site); after != before {
		t.Error("a refused init changed the site")
	}
}

// editFile replaces each old text with its new one, failing if one is
// missing; the first argument only checks that a text is there.
func editFile(t *testing.T, path, mustHave string, pairs ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.Contains(s, mustHave) {
		t.Errorf("%s lacks %q:\n%s", path, mustHave, s)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s lacks %q:\n%s", path, pairs[i], s)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree lists every file and folder under dir with its size, time and content.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(p + " " + info.Mode().String() + " " + info.ModTime().String() + "\n")
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkHTML runs the Nu Html Checker over every page under dirs: no error
// may be reported, and at least minPages pages must have been checked.
func checkHTML(t *testing.T, minPages int, dirs ...string) {
	t.Helper()
	java := toolcheck.Command(t, "java", "Debian default-jre-headless")
	jar := toolcheck.File(t, "node_modules/vnu-jar/build/dist/vnu.jar", "the Nu Html Checker: npm ci")
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--skip-non-html", "--format", "json"}, dirs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type, URL, Message string
			LastLine           int
		}
	}
	// vnu writes its JSON report to stderr.
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("cannot read the checker's report (%v): %s", runErr, stderr.String())
	}
	for _, m := range report.Messages {
		where := m.URL
		for _, dir := range dirs {
			where = strings.TrimPrefix(where, "file:"+dir)
		}
		t.Errorf("%s:%d: %s: %s", where, m.LastLine, m.Type, m.Message)
	}
	if runErr != nil && len(report.Messages) == 0 {
		t.Errorf("the checker failed: %v", runErr)
	}
	pages := 0
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".html") {
				pages++
			}
			return nil
		})
	}
	if pages < minPages {
		t.Errorf("only %d pages checked", pages)
	}
	t.Logf("the Nu Html Checker passed %d pages", pages)
}
