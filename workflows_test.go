package main

import (
	"os"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/ghworkflow"
)

// TestWorkflows: gloss's own workflows parse and do what the README says:
// CI runs .ci/run on every push and pull request, a version tag builds the
// release with its version, and the example site still publishes itself.
func TestWorkflows(t *testing.T) {
	ci, run := ghworkflow.Read(t, ".github/workflows/ci.yml")
	for _, event := range []string{"push", "pull_request"} {
		if _, ok := ci.On[event]; !ok {
			t.Errorf("ci.yml does not run on %s", event)
		}
	}
	if !strings.Contains(run, "bash .ci/run") {
		t.Errorf("ci.yml does not run .ci/run:\n%s", run)
	}

	release, run := ghworkflow.Read(t, ".github/workflows/release.yml")
	push, _ := release.On["push"].(map[string]any)
	if tags, _ := push["tags"].([]any); len(tags) != 1 || tags[0] != "v*" {
		t.Errorf("release.yml does not run on version tags: %v", release.On)
	}
	for _, want := range []string{`bash .ci/release "${{ github.ref_name }}"`, "gh release create", "dist/*"} {
		if !strings.Contains(run, want) {
			t.Errorf("release.yml does not run %q:\n%s", want, run)
		}
	}
	script, err := os.ReadFile(".ci/release")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64",
		"-X main.releaseVersion=$version", "-X main.releaseCommit=$commit", "sha256sum"} {
		if !strings.Contains(string(script), want) {
			t.Errorf(".ci/release lacks %q", want)
		}
	}

	_, run = ghworkflow.Read(t, ".github/workflows/publish.yml")
	if !strings.Contains(run, "go run . build --base-url") {
		t.Errorf("publish.yml no longer builds the example site:\n%s", run)
	}
}
