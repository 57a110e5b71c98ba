package report

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromiumFlags run Debian's chromium headless with networking off: every
// connection goes to a proxy on a closed port (loopback included), and the
// background services that phone home are disabled. A report that needed
// the network would show it as a console error or a blank plot.
func chromiumFlags(userDataDir string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
		"--disable-dev-shm-usage", // containers often have a tiny /dev/shm
		"--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
		"--user-data-dir=" + userDataDir,
		"--enable-logging=stderr", "--v=0",
	}
}

// runChromium runs chromium on a page with extra flags and returns what it
// printed: the page's DOM after load with --dump-dom, and its log, where
// every console message and uncaught exception of the page appears as a
// line containing ":CONSOLE".
func runChromium(t *testing.T, chromium, page string, extra ...string) (stdout, stderr string) {
	t.Helper()
	userData, err := os.MkdirTemp("", "mltest-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: chromium's helper processes may still be writing
	// there when the test ends, and a failed removal would fail the test.
	t.Cleanup(func() { os.RemoveAll(userData) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append(chromiumFlags(userData), extra...)
	args = append(args, "file://"+page)
	cmd := exec.CommandContext(ctx, chromium, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", chromium, strings.Join(args, " "), err, errOut.String())
	}
	return out.String(), errOut.String()
}

// consoleLines are the page's console messages and uncaught errors in a
// chromium log. report.html logs nothing, so any line is a failure: a
// blocked fetch (the Content-Security-Policy reports it), a script error.
func consoleLines(log string) []string {
	var lines []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, ":CONSOLE") {
			lines = append(lines, l)
		}
	}
	return lines
}

var (
	figureTag     = regexp.MustCompile(`<figure [^>]*class="plot"[^>]*>`)
	attrPattern   = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	renderedValue = regexp.MustCompile(`^([0-9]+)x([0-9]+)$`)
	bodyPlots     = regexp.MustCompile(`<body[^>]*data-plots="([0-9]+) ([0-9]+)"`)
)

// TestHTMLInChromium opens report.html of the sample report in headless
// Chromium with networking off and checks that the page logged no console
// message (so no error and no blocked fetch), that every figure's data
// drew with a non-zero width and height, and that a screenshot renders;
// the screenshot is saved in the report folder as report.png.
//
// The folder is $MLTEST_ARTIFACT_DIR/report-sample when that is set (for
// CI to keep), else a temporary directory. Without chromium the test fails
// under CI and is skipped elsewhere.
func TestHTMLInChromium(t *testing.T) {
	chromium := needTool(t, "chromium", "chromium")
	dir := t.TempDir()
	if a := os.Getenv("MLTEST_ARTIFACT_DIR"); a != "" {
		dir = filepath.Join(a, "report-sample")
	}
	if err := WriteDir(dir, sampleReport()); err != nil {
		t.Fatal(err)
	}
	page, err := filepath.Abs(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	wantFigures := len(figureTag.FindAll(written, -1))
	if wantFigures != 13 {
		t.Fatalf("report.html has %d figures, want 13 (roc, pr, calibration, 4 x slices, deltas, parity-histogram, drift, interleave-positions, ope-estimates, ope-weights)", wantFigures)
	}

	dom, log := runChromium(t, chromium, page, "--dump-dom")
	if lines := consoleLines(log); len(lines) > 0 {
		t.Errorf("report.html logged to the console:\n%s", strings.Join(lines, "\n"))
	}
	figures := figureTag.FindAllString(dom, -1)
	if len(figures) != wantFigures {
		t.Fatalf("Chromium's DOM has %d figures, want %d", len(figures), wantFigures)
	}
	plots := map[string]int{}
	for _, tag := range figures {
		attrs := map[string]string{}
		for _, m := range attrPattern.FindAllStringSubmatch(tag, -1) {
			attrs[m[1]] = m[2]
		}
		plots[attrs["data-plot"]]++
		m := renderedValue.FindStringSubmatch(attrs["data-rendered"])
		if m == nil {
			t.Errorf("%s: no data-rendered size: the page's script did not run", tag)
			continue
		}
		w, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		if w < 5 || h < 5 {
			t.Errorf("%s: drew %dx%d pixels of data, want a visible plot", tag, w, h)
		}
	}
	for plot, n := range map[string]int{"roc": 1, "pr": 1, "calibration": 1, "slices": 4, "deltas": 1, "parity-histogram": 1, "drift": 1,
		"interleave-positions": 1, "ope-estimates": 1, "ope-weights": 1} {
		if plots[plot] != n {
			t.Errorf("%d %s plots, want %d (all: %v)", plots[plot], plot, n, plots)
		}
	}
	if m := bodyPlots.FindStringSubmatch(dom); m == nil || m[1] != strconv.Itoa(wantFigures) || m[2] != m[1] {
		t.Errorf("body data-plots = %q, want %d figures all drawn", m, wantFigures)
	}

	shot := filepath.Join(dir, "report.png")
	_, log = runChromium(t, chromium, page, "--screenshot="+shot, "--window-size=1280,4000")
	if lines := consoleLines(log); len(lines) > 0 {
		t.Errorf("report.html logged to the console while taking the screenshot:\n%s", strings.Join(lines, "\n"))
	}
	checkScreenshot(t, shot, 1280, 4000)
	t.Logf("report and screenshot in %s", dir)
}

// checkScreenshot decodes the PNG and checks its size and that it is not
// blank: at least 2% of its pixels differ from the page background.
func checkScreenshot(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	if frac := inkFraction(img); frac < 0.02 {
		t.Errorf("screenshot %s is nearly blank: %.4f of pixels are not white", path, frac)
	}
}

func inkFraction(img image.Image) float64 {
	b := img.Bounds()
	ink, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			total++
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(total)
}

// TestChromiumCatchesBrokenPages is the control for TestHTMLInChromium: the
// same detection, on a page that fetches from the network and throws,
// must see both, and must see a figure whose data drew nothing.
func TestChromiumCatchesBrokenPages(t *testing.T) {
	chromium := needTool(t, "chromium", "chromium")
	page := filepath.Join(t.TempDir(), "broken.html")
	var b bytes.Buffer
	if err := WriteHTML(&b, Report{Suite: "broken"}); err != nil {
		t.Fatal(err)
	}
	html := strings.Replace(b.String(), "<main>", `<main><img src="http://example.com/logo.png">`+
		`<figure class="plot" data-check="x" data-plot="roc"><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g class="data"></g></svg></figure>`, 1)
	html = strings.Replace(html, "</body>", "<script>undefinedFunction();</script></body>", 1)
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, log := runChromium(t, chromium, page, "--dump-dom")
	lines := consoleLines(log)
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, "http://example.com/logo.png") || !strings.Contains(joined, "undefinedFunction") {
		t.Errorf("console lines do not report the blocked fetch and the exception:\n%s\nlog:\n%s", joined, log)
	}
	if !strings.Contains(dom, `data-rendered="0x0"`) || !strings.Contains(dom, `data-plots="1 0"`) {
		t.Errorf("the empty figure is not reported as undrawn:\n%s", dom)
	}
}
