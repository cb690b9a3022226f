// Package ghworkflow reads a GitHub Actions workflow for tests: the part
// of it they check, and every step's shell commands.
package ghworkflow

import (
	"os"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// Workflow is the part of a workflow the tests read.
type Workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// Read parses the workflow at path, failing the test if it is not valid
// YAML, and returns it with the run: commands of all its steps.
func Read(t testing.TB, path string) (Workflow, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w Workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s is not valid YAML: %v", path, err)
	}
	var run strings.Builder
	for _, job := range w.Jobs {
		for _, s := range job.Steps {
			run.WriteString(s.Run + "\n")
		}
	}
	return w, run.String()
}
