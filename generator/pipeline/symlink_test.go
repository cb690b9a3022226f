package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSymlinksOutOfTheSiteAreNotFollowed: a link in any input folder (a
// theme partial, a static file, a content asset, static/ itself) that leads
// out of the site folder never publishes its target, and a warning names the
// link; a link that stays inside the site is followed.
func TestSymlinksOutOfTheSiteAreNotFollowed(t *testing.T) {
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "passwd")
	if err := os.WriteFile(secret, []byte("root:SECRET-PASSWD:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(secretDir, "key.txt"), []byte("SECRET-KEY"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := siteFrom(t, goodSite+`
-- templates/briefing/partials/.keep --
-- static/.keep --
-- shared/logo.txt --
INSIDE-THE-SITE
`)
	links := map[string]string{
		"templates/briefing/partials/footer.html": secret,
		"static/leak.txt":                         secret,
		"content/explainers/leak.png":             secret,
		"content/explainers/secrets":              secretDir,
		"static/logo.txt":                         filepath.Join(dir, "shared/logo.txt"),
		"content/explainers/loop":                 filepath.Join(dir, "content"),
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, out)
	for name, data := range files {
		if strings.Contains(data, "SECRET") {
			t.Errorf("%s publishes a file from outside the site", name)
		}
	}
	if files["logo.txt"] != "INSIDE-THE-SITE\n" {
		t.Errorf("a link inside the site was not followed: logo.txt = %q", files["logo.txt"])
	}
	if !strings.Contains(files["index.html"], "</footer>") {
		t.Error("the built-in footer did not replace the refused one")
	}
	var warned []string
	for _, w := range res.Warnings {
		warned = append(warned, w.String())
	}
	for _, link := range []string{"templates/briefing/partials/footer.html", "static/leak.txt", "content/explainers/leak.png", "content/explainers/secrets", "content/explainers/loop"} {
		found := false
		for _, w := range warned {
			if strings.HasPrefix(w, link+": ") && strings.Contains(w, "not followed") {
				found = true
			}
		}
		if !found {
			t.Errorf("no warning names %s; warnings:\n%s", link, strings.Join(warned, "\n"))
		}
	}
}

// TestStaticFolderLinkedOutOfTheSite: static/ itself a link to elsewhere.
func TestStaticFolderLinkedOutOfTheSite(t *testing.T) {
	elsewhere := t.TempDir()
	if err := os.WriteFile(filepath.Join(elsewhere, "id_rsa"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := siteFrom(t, goodSite)
	if err := os.Symlink(elsewhere, filepath.Join(dir, "static")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "id_rsa")); err == nil {
		t.Error("static/ linked out of the site was published")
	}
	if len(res.Warnings) == 0 || !strings.HasPrefix(res.Warnings[0].String(), "static: ") || !strings.Contains(res.Warnings[0].String(), "symbolic link to "+elsewhere+", outside the site folder") {
		t.Errorf("warnings %v, want one naming static", res.Warnings)
	}
}

// doneOnceWritten is a context whose interrupt arrives the moment the new
// site is in place: its Err reports cancellation once out exists.
type doneOnceWritten struct {
	context.Context
	out string
}

func (c doneOnceWritten) Err() error {
	if _, err := os.Stat(c.out); err == nil {
		return context.Canceled
	}
	return nil
}

// TestInterruptAfterTheSwapIsSuccess: an interrupt that arrives once the
// new output is in place does not turn a finished build into a failure.
func TestInterruptAfterTheSwapIsSuccess(t *testing.T) {
	dir := siteFrom(t, goodSite)
	out := filepath.Join(t.TempDir(), "public")
	ctx := doneOnceWritten{context.Background(), out}
	res, err := Build(ctx, Options{SiteDir: dir, OutDir: out, Builtin: builtin})
	if err != nil {
		t.Fatalf("a build interrupted after its swap reports %v", err)
	}
	if len(res.Changes.Added) == 0 {
		t.Error("the result does not say what was written")
	}
}
