package action

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fakeRelease writes a release v9.9.9 the way GoReleaser lays it out — one
// archive per OS and architecture holding a stand-in binary, and
// checksums.txt — and serves it as a release download site.
func fakeRelease(t *testing.T) (url, dir string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "v9.9.9")
	os.MkdirAll(dir, 0o755)
	var sums strings.Builder
	for _, osArch := range []string{"linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64", "windows_arm64"} {
		bin := fmt.Sprintf("#!/bin/sh\necho \"envfence 9.9.9 %s $*\"\n", osArch)
		name := "envfence_9.9.9_" + osArch + ".tar.gz"
		var data []byte
		if strings.HasPrefix(osArch, "windows") {
			name = "envfence_9.9.9_" + osArch + ".zip"
			data = zipped(t, "envfence.exe", bin)
		} else {
			data = tarred(t, "envfence", bin)
		}
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
		sum := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(sums.String()), 0o644)
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Dir(dir))))
	t.Cleanup(srv.Close)
	return srv.URL, dir
}

func tarred(t *testing.T, name, content string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct{ name, body string }{{"LICENSE", "MIT\n"}, {name, content}} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body))})
		tw.Write([]byte(f.body))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func zipped(t *testing.T, name, content string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte(content))
	zw.Close()
	return buf.Bytes()
}

// install runs the Action's install step as a runner would, with env on
// top of what a runner sets, and returns its exit error, its output and
// the ENVFENCE_BIN it published.
func install(t *testing.T, path string, env ...string) (out, bin string, err error) {
	t.Helper()
	tmp := t.TempDir()
	githubEnv := filepath.Join(tmp, "env")
	os.WriteFile(githubEnv, nil, 0o644)
	cmd := exec.Command("bash", "install.sh")
	cmd.Env = append([]string{"PATH=" + path, "RUNNER_TEMP=" + tmp, "GITHUB_ENV=" + githubEnv, "GITHUB_OUTPUT=" + filepath.Join(tmp, "out"), "HOME=" + tmp}, env...)
	raw, err := cmd.CombinedOutput()
	data, _ := os.ReadFile(githubEnv)
	return string(raw), strings.TrimPrefix(strings.TrimSpace(string(data)), "ENVFENCE_BIN="), err
}

func TestInstallDownloadsAndVerifiesTheRelease(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the install step runs in bash")
	}
	url, dir := fakeRelease(t)
	path := os.Getenv("PATH")
	// A macOS runner has shasum, not sha256sum: a PATH without sha256sum.
	macPath := toolDir(t, []string{"bash", "curl", "tar", "awk", "mkdir", "mktemp", "rm", "chmod", "cat", "env", "gzip"})
	os.WriteFile(filepath.Join(macPath, "shasum"), []byte("#!/bin/bash\nshift 2\nexec "+lookPath(t, "sha256sum")+" \"$@\"\n"), 0o755)

	for _, c := range []struct {
		name, path string
		env        []string
		want       string
	}{
		{"linux x64 from the action's tag", path, []string{"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "ENVFENCE_ACTION_REF=v9.9.9"}, "linux_amd64"},
		{"macOS arm64, shasum only", macPath, []string{"RUNNER_OS=macOS", "RUNNER_ARCH=ARM64", "ENVFENCE_ACTION_REF=v9.9.9"}, "darwin_arm64"},
		{"windows zip, version input", path, []string{"RUNNER_OS=Windows", "RUNNER_ARCH=X64", "ENVFENCE_VERSION=9.9.9", "ENVFENCE_ACTION_REF=main"}, "windows_amd64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(c.want, "windows") {
				lookPath(t, "unzip") // Windows runners have it; a test machine may not
			}
			out, bin, err := install(t, c.path, append(c.env, "ENVFENCE_DOWNLOAD_URL="+url)...)
			if err != nil {
				t.Fatalf("install failed: %v\n%s", err, out)
			}
			got, err := exec.Command(bin, "version").CombinedOutput()
			if err != nil || !strings.Contains(string(got), c.want) || !strings.Contains(out, "envfence: envfence 9.9.9 "+c.want) {
				t.Fatalf("installed %q: %v %s\n%s", bin, err, got, out)
			}
		})
	}

	// A tampered archive is refused, and nothing is installed.
	archive := filepath.Join(dir, "envfence_9.9.9_linux_amd64.tar.gz")
	data, _ := os.ReadFile(archive)
	os.WriteFile(archive, append(data, 0), 0o644)
	out, bin, err := install(t, path, "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "ENVFENCE_VERSION=v9.9.9", "ENVFENCE_DOWNLOAD_URL="+url)
	if err == nil || !strings.Contains(out, "::error title=envfence install::envfence_9.9.9_linux_amd64.tar.gz does not match checksums.txt") || bin != "" {
		t.Fatalf("a tampered archive: %v %q\n%s", err, bin, out)
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "ENVFENCE_ACTION_REF=main"}, "names no release: set the input 'version'"},
		{[]string{"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "ENVFENCE_VERSION=latest"}, "is not a release version"},
		{[]string{"RUNNER_OS=Plan9", "RUNNER_ARCH=X64", "ENVFENCE_VERSION=9.9.9"}, "has no envfence release"},
		{[]string{"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "ENVFENCE_VERSION=9.9.8"}, "could not download"},
	} {
		out, _, err := install(t, path, append(c.env, "ENVFENCE_DOWNLOAD_URL="+url)...)
		if err == nil || !strings.Contains(out, c.want) {
			t.Errorf("%v: %v\n%s", c.env, err, out)
		}
	}
}

// toolDir returns a directory holding links to the named commands only.
func toolDir(t *testing.T, tools []string) string {
	dir := t.TempDir()
	for _, tool := range tools {
		if err := os.Symlink(lookPath(t, tool), filepath.Join(dir, tool)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func lookPath(t *testing.T, tool string) string {
	p, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s not found: %v", tool, err)
	}
	return p
}

// TestActionYAMLPassesEveryInput: a composite action hands its inputs to
// the scan step only through env; each input envfence reads must be there,
// under the name the runner gives a Docker action's inputs.
func TestActionYAMLPassesEveryInput(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs map[string]any `yaml:"inputs"`
		Runs   struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID  string            `yaml:"id"`
				Env map[string]string `yaml:"env"`
				Run string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Runs.Using != "composite" || len(doc.Runs.Steps) != 2 || !strings.Contains(doc.Runs.Steps[0].Run, "internal/action/install.sh") {
		t.Fatalf("runs: %+v", doc.Runs)
	}
	scan := doc.Runs.Steps[1].Env
	installOnly := []string{"version", "download-url", "build-from-source"}
	for name := range doc.Inputs {
		want := "${{ inputs." + name + " }}"
		if slices.Contains(installOnly, name) {
			continue
		}
		if scan["INPUT_"+strings.ToUpper(name)] != want {
			t.Errorf("input %s does not reach the scan step (INPUT_%s)", name, strings.ToUpper(name))
		}
	}
}
