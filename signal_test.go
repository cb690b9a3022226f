package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/wait"
)

// loopingFooter is the default footer with a loop in front that runs for
// minutes and writes nothing: html/template cannot be interrupted in it.
func loopingFooter(t *testing.T) string {
	t.Helper()
	footer, err := os.ReadFile("templates/briefing/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	return "{{range 3000000000}}{{end}}" + string(footer)
}

// loopingLastPage is the default topics index layout with the same loop:
// the topics index is the last page in URL order, the order pages start
// rendering in, so once every other page is written the build is stuck in
// it, whatever the number of workers.
func loopingLastPage(t *testing.T) string {
	t.Helper()
	layout, err := os.ReadFile("templates/briefing/layouts/topics.html")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(string(layout), `{{define "main"}}`, `{{define "main"}}{{range 3000000000}}{{end}}`, 1)
}

// stagingFolders lists the staging folders and lock files beside out.
func stagingFolders(out string) []string {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".gloss-*"))
	return m
}

// TestInterruptStuckBuild: a build stuck in a template ends on Ctrl-C,
// within a second of the second one at the latest, leaves no staging
// folder, and says that nothing was written.
func TestInterruptStuckBuild(t *testing.T) {
	for _, signals := range []int{1, 2} {
		t.Run(strings.Repeat("SIGINT ", signals), func(t *testing.T) {
			site := writeSite(t, map[string]string{
				"content/_index.md":                      "---\ntitle: Home\n---\nWelcome.\n",
				"templates/briefing/layouts/topics.html": loopingLastPage(t),
			})
			out := filepath.Join(t.TempDir(), "public")
			cmd := exec.Command(glossBin, "--source", site, "--out", out)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { cmd.Wait(); close(exited) }()
			t.Cleanup(func() { cmd.Process.Kill(); <-exited })
			// The staging folder is made as the build starts (a bad --out is
			// reported before anything is read): wait for the pages before
			// the looping one in it instead.
			wait.Until(t, "the build is stuck in the last page's template", 60*time.Second, func() bool {
				written, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".gloss-new-*", "*", "index.html"))
				home, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".gloss-new-*", "index.html"))
				notFound, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".gloss-new-*", "404.html"))
				return len(written) == 2 && len(home) == 1 && len(notFound) == 1 // corrections/, search/
			})
			for i := range signals {
				if i > 0 {
					time.Sleep(100 * time.Millisecond) // a person pressing Ctrl-C again
				}
				if err := cmd.Process.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
			}
			sent := time.Now()
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				t.Fatal("the build did not end")
			}
			t.Logf("ended %s after the last Ctrl-C", time.Since(sent))
			if took := time.Since(sent); signals == 2 && took > time.Second {
				t.Errorf("the second Ctrl-C took %s to end the process", took)
			}
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Errorf("exit %d, want 130\n%s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "the output folder is as it was") && !strings.Contains(stderr.String(), "nothing was written") {
				t.Errorf("stderr does not say the output is untouched:\n%s", stderr.String())
			}
			if left := stagingFolders(out); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an interrupted build wrote the output folder")
			}
		})
	}
}

// TestServeStuckBuild: in the preview, a template edit that loops forever
// is shown as a build running far longer than usual, in the terminal and
// in the overlay's state; fixing the template gets a fresh build without
// waiting for the stuck one; Ctrl-C still stops the server.
func TestServeStuckBuild(t *testing.T) {
	footer, err := os.ReadFile("templates/briefing/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	site := writeSite(t, map[string]string{
		"content/_index.md":                       "---\ntitle: Home\n---\nWelcome.\n",
		"templates/briefing/partials/footer.html": string(footer),
	})
	preview := startPreview(t, site)
	url, logged := preview.url, preview.logged
	footerPath := filepath.Join(site, "templates/briefing/partials/footer.html")
	if err := os.WriteFile(footerPath, []byte(loopingFooter(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	wait.Until(t, "the terminal shows the slow build", 30*time.Second, func() bool {
		return strings.Contains(logged(), "far longer than usual")
	})
	var state struct {
		Errors []string
		Slow   bool
	}
	resp, err := http.Get(url + "__gloss/state")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if json.Unmarshal(body, &state) != nil || !state.Slow || len(state.Errors) != 1 || !strings.Contains(state.Errors[0], "far longer than usual") {
		t.Errorf("the overlay's state does not show the slow build: %s", body)
	}
	if err := os.WriteFile(footerPath, []byte(strings.Replace(string(footer), "</footer>", "<p>Fixed-footer.</p></footer>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	wait.Until(t, "the fix is served", 30*time.Second, func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(page), "Fixed-footer.")
	})
	if !strings.Contains(logged(), "stopped the build that was taking too long") {
		t.Errorf("the terminal does not say the stuck build was stopped:\n%s", logged())
	}
	if err := preview.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-preview.exited:
	case <-time.After(5 * time.Second):
		t.Fatalf("Ctrl-C did not stop the preview\n%s", logged())
	}
}

// runningPreview is the built gloss serving a site on a free port for a
// test, until the test ends.
type runningPreview struct {
	cmd    *exec.Cmd
	url    string        // where it serves, from what it logs
	exited chan struct{} // closed when the process has ended
	mu     sync.Mutex
	log    strings.Builder
}

// startPreview runs gloss serve on site and waits until it says where it
// serves.
func startPreview(t *testing.T, site string) *runningPreview {
	t.Helper()
	p := &runningPreview{cmd: exec.Command(glossBin, "serve", "--source", site, "--port", "0"), exited: make(chan struct{})}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.cmd.Stdout
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.mu.Lock()
			p.log.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
		}
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.exited })
	wait.Until(t, "the preview starts", 60*time.Second, func() bool {
		m := regexp.MustCompile(`at (http://\S+/) `).FindStringSubmatch(p.logged())
		if m != nil {
			p.url = m[1]
		}
		return m != nil
	})
	return p
}

// logged is what the preview has printed so far.
func (p *runningPreview) logged() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}
