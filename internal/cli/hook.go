package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/hook"
	"github.com/envfence/envfence/internal/rules"
)

// hookUsage lists the hook subcommands.
const hookUsage = `Usage: envfence hook <subcommand> [flags]

Subcommands:
  pre-receive  server hook: judge a push ("<old> <new> <ref>" lines on stdin) and reject what it brings
  warm         index a server repository ahead of its first push [REF...]
  pre-commit   client hook: the staged changes
  pre-push     client hook: the commits being pushed (git's pre-push lines on stdin)
  install      install the client hooks into the current repository

Run 'envfence hook <subcommand> -h' for its flags.
`

func runHook(args []string, stdio Stdio, getenv env) error {
	if len(args) == 0 {
		return usagef("envfence hook needs a subcommand: pre-receive, warm, pre-commit, pre-push or install (run 'envfence hook -h')")
	}
	switch args[0] {
	case "-h", "--help", "help":
		io.WriteString(stdio.Out, hookUsage)
		return nil
	case "pre-receive":
		return runPreReceive(args[1:], stdio, getenv)
	case "warm":
		return runWarm(args[1:], stdio, getenv)
	case "pre-commit", "pre-push":
		return runClientHook(args[0], args[1:], stdio, getenv)
	case "install":
		return runHookInstall(args[1:], stdio)
	}
	return usagef("unknown hook %q: want pre-receive, warm, pre-commit, pre-push or install", args[0])
}

// serverConfig reads the server's policy: --config, else ENVFENCE_CONFIG,
// else the defaults. id names it by its content, for the hook's cache key;
// it is read once, so the key always names the policy in force.
func serverConfig(path string, getenv env) (cfg *config.Config, id string, err error) {
	if path == "" {
		path = getenv("ENVFENCE_CONFIG")
	}
	opts := config.LoadOptions{KnownRules: rules.IDs()}
	if path == "" {
		cfg, err = config.Parse("(server defaults)", nil, opts)
		return cfg, "(server defaults)", err
	}
	cfg, data, err := config.LoadData(path, opts)
	return cfg, "file\x00" + string(data), err // an empty file names something too
}

// checkerFor builds a checker with the server policy merged with the
// repository's .envfence.yml as it is on the default branch: a pushed
// change to the configuration never relaxes the check of its own push.
//
// serverID names the server's configuration (see serverConfig); with it,
// the checker gets a cache key, and the pre-receive hook may remember
// findings between pushes.
func checkerFor(repo *gitsource.Repo, server *config.Config, serverID string, warn func(string)) (*hook.Checker, error) {
	repoCfg, repoID := repoConfig(repo, warn)
	merged := config.Merge(server, repoCfg)
	cls, err := envmodel.New(merged.EnvSettings())
	if err != nil {
		return nil, err
	}
	c := &hook.Checker{Repo: repo, Exclude: merged.Exclude, Options: engine.Options{Classifier: cls, Policy: merged}}
	if serverID != "" {
		c.CacheKey = cacheKey(serverID, repoID)
	}
	for _, r := range rules.All() {
		if !r.Online {
			c.Rules = append(c.Rules, r)
		}
	}
	return c, nil
}

// repoConfig reads .envfence.yml from the default branch. id names what
// was read: the file's name and content, or "" for none.
func repoConfig(repo *gitsource.Repo, warn func(string)) (cfg *config.Config, id string) {
	def, err := repo.DefaultBranch()
	if err != nil {
		return nil, ""
	}
	tip, err := repo.Resolve(def)
	if err != nil {
		return nil, ""
	}
	for _, name := range []string{".envfence.yml", ".envfence.yaml"} {
		data, found, err := repo.ReadFile(tip, name)
		if err != nil || !found {
			continue
		}
		cfg, err := config.Parse(name+" on "+def, data, config.LoadOptions{KnownRules: rules.IDs()})
		if err != nil {
			warn("envfence: warning: the repository's configuration is ignored: " + err.Error())
			return nil, ""
		}
		return cfg, name + "\x00" + string(data)
	}
	return nil, ""
}

// cacheKey names what the hook's findings depend on besides the trees: the
// envfence binary (path, size and time, so that any rebuild changes it)
// and both configurations. It is "" when the binary cannot be named.
func cacheKey(serverID, repoID string) string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, part := range []string{exe, strconv.FormatInt(st.Size(), 10), strconv.FormatInt(st.ModTime().UnixNano(), 10), serverID, repoID} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func runPreReceive(args []string, stdio Stdio, getenv env) error {
	fs := newFlags("hook pre-receive", stdio)
	configPath := fs.String("config", "", "server configuration `file` (default: $ENVFENCE_CONFIG)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	server, serverID, err := serverConfig(*configPath, getenv)
	if err != nil {
		fmt.Fprintln(stdio.Err, "envfence: the server configuration is invalid, the push is rejected: "+err.Error())
		return &exitError{code: hook.Reject}
	}
	lessGarbageCollection(getenv)
	s := serverHook(server, serverID, stdio, getenv)
	if code := s.PreReceive(context.Background()); code != hook.Accept {
		return &exitError{code: code}
	}
	return nil
}

// serverHook is the server side of envfence under the server's policy.
func serverHook(server *config.Config, serverID string, stdio Stdio, getenv env) *hook.Server {
	return &hook.Server{
		Env: getenv, Stdin: stdio.In, Out: stdio.Err, Policy: server.Hook,
		NewChecker: func(repo *gitsource.Repo) (*hook.Checker, error) {
			return checkerFor(repo, server, serverID, func(msg string) { fmt.Fprintln(stdio.Err, msg) })
		},
	}
}

// runWarm prepares a server repository for fast pushes: see hook.Warm.
func runWarm(args []string, stdio Stdio, getenv env) error {
	fs := newFlags("hook warm", stdio)
	configPath := fs.String("config", "", "server configuration `file` (default: $ENVFENCE_CONFIG)")
	refs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	server, serverID, err := serverConfig(*configPath, getenv)
	if err != nil {
		return err // a config.Error: exit 2
	}
	s := serverHook(server, serverID, stdio, getenv)
	warmed, err := s.Warm(context.Background(), refs)
	if err != nil {
		return fmt.Errorf("hook warm: %w", err)
	}
	for _, w := range warmed {
		fmt.Fprintf(stdio.Out, "envfence: %s: %d files indexed (tree %s); the next push to it is judged from them\n", w.Ref, w.Files, w.Tree[:7])
	}
	return nil
}

// lessGarbageCollection lets the heap of a pre-receive hook grow five times
// its live size before collecting (GOGC=400), within a soft limit of 1 GiB:
// the hook lives a fraction of a second, and collecting at the default pace
// cost a sixth of its CPU time. GOGC and GOMEMLIMIT, when set, win.
func lessGarbageCollection(getenv env) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

func runClientHook(name string, args []string, stdio Stdio, getenv env) error {
	fs := newFlags("hook "+name, stdio)
	configPath := fs.String("config", "", "configuration `file` (default: .envfence.yml of the work tree)")
	failOn := fs.String("fail-on", "", "stop on findings at or above this severity (default error)")
	positional, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	repo, err := gitsource.Open(".")
	if err != nil {
		return usagef("%s hook: %v", name, err)
	}
	defer repo.Close()
	cfg, err := loadConfig(filepath.Dir(repo.GitDir()), *configPath)
	if err != nil {
		return err
	}
	threshold, err := resolveFailOn(*failOn, cfg)
	if err != nil {
		return err
	}
	c, err := checkerFor(repo, cfg, "", func(string) {})
	if err != nil {
		return err
	}
	client := &hook.Client{Checker: c, Out: stdio.Err, FailOn: threshold, IndexFile: getenv("GIT_INDEX_FILE"), UnderPreCommit: getenv("PRE_COMMIT") == "1"}
	var code int
	if name == "pre-commit" {
		code, err = client.PreCommit(context.Background())
	} else {
		remote := ""
		if len(positional) > 0 {
			remote = positional[0]
		}
		code, err = client.PrePush(context.Background(), stdio.In, remote)
	}
	if err != nil {
		return err
	}
	if code != hook.Accept {
		return &exitError{code: code}
	}
	return nil
}

func runHookInstall(args []string, stdio Stdio) error {
	fs := newFlags("hook install", stdio)
	preCommit := fs.Bool("pre-commit", false, "install the pre-commit hook")
	prePush := fs.Bool("pre-push", false, "install the pre-push hook")
	force := fs.Bool("force", false, "replace existing hooks")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	names := []string{}
	if *preCommit {
		names = append(names, "pre-commit")
	}
	if *prePush {
		names = append(names, "pre-push")
	}
	if len(names) == 0 {
		names = []string{"pre-commit", "pre-push"}
	}
	repo, err := gitsource.Open(".")
	if err != nil {
		return usagef("hook install: %v", err)
	}
	defer repo.Close()
	written, err := hook.Install(hook.HooksDir(repo.GitDir()), names, *force)
	for _, p := range written {
		fmt.Fprintln(stdio.Out, "installed "+p)
	}
	if err != nil {
		return usagef("hook install: %v", err)
	}
	return nil
}
