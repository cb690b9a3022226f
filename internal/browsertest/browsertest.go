// Package browsertest starts a real headless Chromium for end-to-end tests.
// Without a browser a test skips on a laptop, and fails when CI is set.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/wait"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// Path finds the browser: $CHROMIUM, else Debian's chromium.
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a browser for the test and returns a context to drive a tab
// with; everything is shut down when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		toolcheck.Missing(t, "no Chromium on this machine (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// The machines reach no network but the package registries: stop
		// Chromium from trying.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// Generous: CI runs every package's tests at once on two cores, and
	// a test that times out under load tells nothing about the pages.
	ctx, cancelTimeout := context.WithTimeout(ctx, 6*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	// Start the browser now, so a broken install fails here, plainly.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// Until waits for the JavaScript condition js to be true in the tab, and
// fails the test if it is not within the deadline (10 s): tests wait for
// what they expect rather than sleeping a fixed time and hoping. The page
// may navigate meanwhile; an evaluation that fails during a navigation is
// tried again.
func Until(t testing.TB, ctx context.Context, what, js string) {
	t.Helper()
	const deadline = 10 * time.Second
	var lastErr error
	held := wait.For(deadline, func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			lastErr = err
		}
		return err == nil && ok
	})
	if !held {
		t.Fatalf("waited %s for %s; never true: %s (last error: %v)", deadline, what, js, lastErr)
	}
}
