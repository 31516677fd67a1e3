package workflows_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/ghapi"
	"github.com/envfence/envfence/internal/rules/workflows"
	"github.com/envfence/envfence/internal/ruletest"
)

// recordedAPI serves testdata/api/<environment>.json as GitHub would: 404
// for environments without a recording, 403 for prod-forbidden.
func recordedAPI(t *testing.T) *ghapi.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer test-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		name := filepath.Base(r.URL.Path)
		if !strings.HasPrefix(r.URL.Path, "/repos/acme/shop/environments/") {
			http.NotFound(w, r)
			return
		}
		if name == "prod-forbidden" {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"message": "Resource not accessible by integration"}`))
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", "api", name+".json"))
		if err != nil {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message": "Not Found"}`))
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return &ghapi.Client{BaseURL: srv.URL, Repository: "acme/shop", Token: "test-token", HTTP: srv.Client()}
}

func TestEnvironmentUnprotected(t *testing.T) {
	ruletest.RunContext(t, "testdata/environment-unprotected", recordedAPI(t), workflows.EnvironmentUnprotected)
}

func TestEnvironmentUnprotectedNotes(t *testing.T) {
	res := ruletest.ScanContext(t, "testdata/environment-unprotected/near-miss", recordedAPI(t), workflows.EnvironmentUnprotected)
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, `"actions: read"`) {
		t.Fatalf("notes: %+v", res.Notes)
	}
}

func TestEnvironmentUnprotectedOffline(t *testing.T) {
	res := ruletest.Scan(t, "testdata/environment-unprotected/unprotected", workflows.EnvironmentUnprotected)
	if len(res.Findings) != 0 {
		t.Fatalf("the online rule ran without a client: %+v", res.Findings)
	}
}
