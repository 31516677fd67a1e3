package parse

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// TestPython reads the literals of a settings module and nothing else.
func TestPython(t *testing.T) {
	src := `"""Settings."""  # a docstring with 'quotes'
import os
from .base import *  # noqa: it's fine

DEBUG = False
ALLOWED_HOSTS = ["shop.acme.io", 'www.acme.io']
DATABASES = {
    "default": {
        "HOST": "db.prod.acme.internal",  # the primary
        'PORT': 5432,
        "PASSWORD": r"p\d\\w",
        "OPTIONS": {"sslmode": "require"},
        "TEST": None,
    },
}
CACHES['default']['LOCATION'] = 'redis://cache.acme.io:6379/1'
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_PASSWORD", "fallback")
NAME = f"{PREFIX}-shop"
PLAIN_F = f"no {{braces}}"
JOINED = ("part-one-"
          "part-two")
ADJACENT = 'a' "b"
TIMEOUT = 3 * 60
URL = 'https://' + HOST
BASE = {**DEFAULTS, "X": "y"}
SQUARES = [x * x for x in range(3)]
MULTI = """line one
line two"""
ESCAPED = "tab\there \"quoted\""
NEGATIVE = -1.5
TUPLE = ("a", ("b", "c"))
if DEBUG:
    INTERNAL_IPS = ["127.0.0.1"]
if "DJANGO_KEY" in os.environ:
    FROM_ENV = os.environ["DJANGO_KEY"]
else:
    FROM_CALL = make_key()
def helper():
    SECRET = "inside a function"
    return SECRET
ANNOTATED: str = "typed"
ANNOTATED_GENERIC: dict[str, list[int]] = {"k": [1]}
ONLY_DECLARED: int
LAST = 'end';
`
	doc, err := Parse(source.Python, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"DEBUG": "False", "ALLOWED_HOSTS.0": "shop.acme.io", "ALLOWED_HOSTS.1": "www.acme.io",
		"DATABASES.default.HOST": "db.prod.acme.internal", "DATABASES.default.PORT": "5432",
		"DATABASES.default.PASSWORD": `p\d\\w`, "DATABASES.default.OPTIONS.sslmode": "require",
		"DATABASES.default.TEST": "", "CACHES.default.LOCATION": "redis://cache.acme.io:6379/1",
		"PLAIN_F": "no {braces}", "ADJACENT": "ab", "MULTI": "line one\nline two", "JOINED": "part-one-part-two",
		"ESCAPED": "tab\there \"quoted\"", "NEGATIVE": "-1.5", "TUPLE.0": "a", "TUPLE.1.0": "b", "TUPLE.1.1": "c",
		"LAST": "end", "BASE.X": "y", "ANNOTATED": "typed", "ANNOTATED_GENERIC.k.0": "1",
		// Values that are not literals are references to what they
		// compute; in a module-level block only references are kept.
		"SECRET_KEY": `${os.environ["DJANGO_SECRET_KEY"]}`, "EMAIL_HOST_PASSWORD": `${os.environ.get("EMAIL_PASSWORD", "fallback")}`,
		"NAME": `${f"{PREFIX}-shop"}`, "TIMEOUT": "${3 * 60}", "URL": "${'https://' + HOST}",
		"FROM_ENV": `${os.environ["DJANGO_KEY"]}`, "FROM_CALL": "${make_key()}",
	})

	// Positions: the value's range starts at its quote, the key at its name.
	lines := strings.Split(src, "\n")
	for _, e := range doc.Entries {
		if strings.Join(e.Path, ".") != "DATABASES.default.HOST" {
			continue
		}
		line := lines[e.Range.Start.Line-1]
		if !strings.HasPrefix(line[e.Range.Start.Col-1:], `"db.prod.acme.internal"`) || e.Range.End.Col-e.Range.Start.Col != len(`"db.prod.acme.internal"`) {
			t.Errorf("HOST range %+v on %q", e.Range, line)
		}
		if key := lines[e.KeyPos.Line-1][e.KeyPos.Col-1:]; !strings.HasPrefix(key, `"HOST"`) {
			t.Errorf("HOST key at %+v: %q", e.KeyPos, key)
		}
	}
	if doc.KeyLines[KeyLineKey("DATABASES")] != 7 || doc.KeyLines[KeyLineKey("DATABASES", "default")] != 8 {
		t.Errorf("key lines %v", doc.KeyLines)
	}
	if _, ok := doc.KeyLines[KeyLineKey("import")]; ok {
		t.Error("a statement that assigns nothing recorded a key")
	}
}

// TestPythonErrors: a broken string is an error that names where it
// starts and quotes nothing; what came before is kept.
func TestPythonErrors(t *testing.T) {
	for _, src := range []string{"A = 'ok'\nB = 'never closed\n", "A = 'ok'\nB = \"\"\"never closed"} {
		doc, err := Parse(source.Python, []byte(src))
		if err == nil || !strings.Contains(err.Error(), "line 2, column 5") || strings.Contains(err.Error(), "never closed") {
			t.Errorf("%q: error %v", src, err)
		}
		if len(doc.Entries) != 1 || doc.Entries[0].Value.Reveal() != "ok" {
			t.Errorf("%q: entries %v", src, doc.Entries)
		}
	}
	deep := "A = " + strings.Repeat("[", maxPythonDepth+10)
	if _, err := Parse(source.Python, []byte(deep)); err == nil {
		t.Error("no error for nesting beyond the limit")
	}
}
