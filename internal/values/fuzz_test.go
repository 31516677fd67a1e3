package values

import (
	"testing"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// fuzzSeeds are values that reach every reader: URLs, connection strings,
// references, tokens and cloud identifiers, plus broken variants.
var fuzzSeeds = []string{
	"postgres://a:b@c.d:1,e.f/g", "redis://:pw@[::1]:6379", "Server=tcp:x.y,1;Password=p;", "jdbc:oracle:thin:u/p@//h.i:1/s",
	"(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1)))", "host=a,b port=5 password=x", "${X:-y}", "${A:-${B:-c}}", "${env:X, 'd'}",
	"${", "${A:-", "${{ secrets.X }}", "<%= ENV['X'] || 'y' %>", "{{ x | default('y') }}", "os.getenv('X', 'y')",
	"A_TOKEN=abc123", "sk_live_aaaaaaaaaaaa1", "-----BEGIN PRIVATE KEY-----\nAAAA", "AKIAAAAAAAAAAAAAAAAA:" + "a1B2" + "c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2",
	"arn:aws:iam::210987654321:role/x", "s3://bkt-x/y", "projects/abc-def/secrets/x", "/subscriptions/3f2b1c4d-1111-2222-3333-444455556666",
	"acme-prod:europe-west1:db", "psql -h db.x -p 5 && ssh -J a@b c@d", "mysql --host=", "scp f h:", "ü://ü@ü", "\xff://\xfe@\xfd",
	"Password=\"unterminated", "::::", "://", "@", "=",
}

func FuzzCredentials(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("password", s)
		f.Add("0", s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		n := utf8.RuneCountInString(value)
		var prev []Credential
		for _, c := range Credentials(key, secret.New(value)) {
			if c.Offset < 0 || c.Len <= 0 || c.Offset+c.Len > n {
				t.Fatalf("credential outside the value: %d+%d of %d", c.Offset, c.Len, n)
			}
			for _, p := range prev {
				if c.Offset < p.Offset+p.Len && p.Offset < c.Offset+c.Len {
					t.Fatalf("overlapping credentials %d+%d and %d+%d", p.Offset, p.Len, c.Offset, c.Len)
				}
			}
			prev = append(prev, c)
		}
	})
}

func FuzzEndpoints(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("url", s)
		f.Add("DB_HOST", s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		n := utf8.RuneCountInString(value)
		for _, e := range Endpoints(key, secret.New(value)) {
			checkEndpoint(t, e, n)
		}
		for _, e := range CommandEndpoints(value) {
			checkEndpoint(t, e, n)
		}
		if m, ok := ProviderKey(secret.New(value)); ok && m.Mode != Live && m.Mode != Test {
			t.Fatalf("marker without a mode: %+v", m)
		}
	})
}

func checkEndpoint(t *testing.T, e Endpoint, n int) {
	t.Helper()
	if e.Offset < 0 || e.Len <= 0 || e.Offset+e.Len > n {
		t.Fatalf("endpoint outside the value: %d+%d of %d", e.Offset, e.Len, n)
	}
	if e.Host == "" || !validHost(e.Host, true) {
		t.Fatalf("invalid host %q", e.Host)
	}
}

func FuzzLiteralDefault(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		def, ok := LiteralDefault(value)
		if ok != (def != "") {
			t.Fatalf("ok %v with a default of %d bytes", ok, len(def))
		}
		if d, found := referenceDefault(value); found && value[d.offset:d.offset+len(d.value)] != d.value {
			t.Fatalf("default offset %d does not locate it", d.offset)
		}
		for _, d := range embeddedDefaults(value) {
			if d.offset < 0 || d.offset+len(d.value) > len(value) || value[d.offset:d.offset+len(d.value)] != d.value {
				t.Fatalf("embedded default offset %d does not locate it", d.offset)
			}
		}
		IsPlaceholder(value)
	})
}

func FuzzResources(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("account_id", s)
		f.Add("context", s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		r := []rune(value)
		for _, res := range Resources(key, secret.New(value)) {
			if res.Offset < 0 || res.Len <= 0 || res.Offset+res.Len > len(r) {
				t.Fatalf("resource outside the value: %d+%d of %d", res.Offset, res.Len, len(r))
			}
			if utf8.ValidString(value) && string(r[res.Offset:res.Offset+res.Len]) != res.ID {
				t.Fatalf("span does not locate the id")
			}
		}
	})
}
