package report

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// chromium finds Debian's chromium (which .ci/run installs). Without it
// the browser tests skip on a developer's machine and fail in CI.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; .ci/run installs Debian's chromium")
	}
	t.Skip("chromium is not installed")
	return ""
}

// headless runs chromium on a local file with the given output flag.
func headless(t *testing.T, browser, page string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--no-pdf-header-footer"}, args...)
	cmd := exec.CommandContext(ctx, browser, append(all, "file://"+page)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, out)
	}
}

// TestEvidenceHTMLInChromium renders the HTML pack in a real browser: the
// page paints, the deploy diagrams are drawn, and printing makes a PDF
// with each section on its own pages. Set ENVFENCE_SCREENSHOTS to a
// directory to keep the screenshot and the PDF for a look.
func TestEvidenceHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	if keep := os.Getenv("ENVFENCE_SCREENSHOTS"); keep != "" {
		dir = keep
	}
	page := filepath.Join(dir, "evidence.html")
	if err := os.WriteFile(page, renderPack(t, "html", packFixture(t, "pack.json")), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "evidence.png")
	headless(t, browser, page, "--window-size=1280,16000", "--screenshot="+shot)
	img := readPNG(t, shot)
	// The deploy nodes' fill appears only in the diagrams.
	if n := countColour(img, color.RGBA{0xfb, 0xef, 0xff, 0xff}); n < 2000 {
		t.Errorf("%d pixels of deploy nodes in the screenshot: the diagrams are not drawn", n)
	}
	if n := countColour(img, color.RGBA{0xff, 0xff, 0xff, 0xff}); n > img.Bounds().Dx()*img.Bounds().Dy()*99/100 {
		t.Error("the screenshot is blank")
	}
	for _, name := range []string{"pack.json", "pack-empty.json"} {
		if pages := printedPages(t, browser, dir, name); pages < 7 {
			// The empty pack fits on three pages unless each section
			// starts its own.
			t.Errorf("%s: the PDF has %d pages; want each of the five sections and the accepted risks on its own pages, after the header", name, pages)
		}
	}
}

// printedPages prints a pack's HTML to PDF and counts its pages.
func printedPages(t *testing.T, browser, dir, fixture string) int {
	t.Helper()
	page := filepath.Join(dir, fixture+".html")
	if err := os.WriteFile(page, renderPack(t, "html", packFixture(t, fixture)), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, fixture+".pdf")
	headless(t, browser, page, "--print-to-pdf="+pdf)
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no PDF: %v", err)
	}
	return len(pdfPage.FindAll(data, -1))
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

func readPNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func countColour(img image.Image, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(bl>>8) == want.B {
				n++
			}
		}
	}
	return n
}
