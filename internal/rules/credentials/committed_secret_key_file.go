package credentials

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/values"
)

//go:embed doc/committed-secret-key-file.md
var committedKeyFileDoc string

// CommittedSecretKeyFile reports decryption keys and local override files
// that are meant to stay out of the repository.
var CommittedSecretKeyFile = &rule.Rule{
	ID:       "committed-secret-key-file",
	Summary:  "a decryption key, private key or local override file committed to the repository",
	Evidence: rule.Data,
	Doc:      committedKeyFileDoc,
	Severity: finding.Error,
	Run:      runCommittedKeyFile,
	Reach:    rule.OwnFile,
}

func runCommittedKeyFile(pass *rule.Pass) error {
	for _, f := range pass.Repo.Files {
		if msg := keyFileProblem(f); msg != "" {
			pass.Report(finding.Finding{
				Path: f.Path, Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
				Environment: string(f.Scope.Env), Key: "file", Message: msg,
			})
		}
		for _, v := range f.Values {
			if isDotenvPrivateKey(v.Key()) && !values.IsPlaceholder(v.Value.Reveal()) {
				o := occurrence{val: v, cred: values.Credential{Value: v.Value, Len: 0}}
				fd := o.at()
				fd.Message = fmt.Sprintf("%s is a dotenv private key: whoever reads it decrypts the encrypted env files; keep it in the deployment's secret store", v.Key())
				pass.Report(fd)
			}
		}
	}
	return nil
}

// keyFileProblem says why a file must not be committed, or "".
func keyFileProblem(f *model.File) string {
	base := path.Base(f.Path)
	lower := strings.ToLower(base)
	switch {
	case f.Kind == source.KeyFile && lower == "master.key":
		return fmt.Sprintf("%s decrypts the Rails credentials file; remove it from the repository, rotate it and provide RAILS_MASTER_KEY at deploy time", f.Path)
	case f.Kind == source.KeyFile && strings.HasSuffix(lower, ".key") && path.Base(path.Dir(f.Path)) == "credentials" && strings.HasPrefix(path.Dir(f.Path), "config"):
		return fmt.Sprintf("%s decrypts the Rails %s credentials; remove it from the repository and rotate it", f.Path, strings.TrimSuffix(base, ".key"))
	case f.Kind == source.KeyFile && lower == ".env.keys":
		return ".env.keys holds dotenvx private keys that decrypt every encrypted env file; remove it from the repository and rotate the keys"
	case f.Kind == source.Dotenv && isLocalOverride(lower):
		return fmt.Sprintf("%s is a local override file that frameworks expect to stay untracked; remove it and add it to .gitignore", base)
	case f.Kind == source.KeyFile && f.Scope.Env == envmodel.Production && isPrivateKey(f):
		return fmt.Sprintf("%s is a private key under a production path; keep it in a secret store", f.Path)
	}
	return ""
}

// isLocalOverride matches .env.local and .env.<env>.local.
func isLocalOverride(lower string) bool {
	return strings.HasPrefix(lower, ".env") && strings.HasSuffix(lower, ".local")
}

// isPrivateKey looks at the first lines for a PEM private key header, and
// at the name for key stores and SSH keys.
func isPrivateKey(f *model.File) bool {
	lower := strings.ToLower(path.Base(f.Path))
	if strings.HasPrefix(lower, "id_") || strings.HasSuffix(lower, ".p12") || strings.HasSuffix(lower, ".pfx") || strings.HasSuffix(lower, ".ppk") {
		return true
	}
	for i, l := range f.Lines {
		if i > 5 {
			break
		}
		if strings.HasPrefix(l, "-----BEGIN") && strings.Contains(l, "PRIVATE KEY") {
			return true
		}
	}
	return false
}

func isDotenvPrivateKey(key string) bool {
	k := strings.ToUpper(key)
	return strings.HasPrefix(k, "DOTENV_PRIVATE_KEY") || k == "DOTENV_KEY" || strings.HasPrefix(k, "DOTENV_KEY_")
}
