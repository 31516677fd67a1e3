package ghapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestEnvironmentResponses(t *testing.T) {
	var calls, prodCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer t0ken" || r.Header.Get("X-GitHub-Api-Version") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/environments/prod%2Feu") || strings.HasSuffix(r.URL.RawPath, "/environments/prod%2Feu"):
			prodCalls.Add(1)
			w.Write([]byte(`{"name": "prod/eu", "can_admins_bypass": false, "protection_rules": [{"type": "wait_timer", "wait_timer": 5}], "deployment_branch_policy": {"protected_branches": true, "custom_branch_policies": false}}`))
		case strings.HasSuffix(r.URL.Path, "/environments/limited"):
			if calls.Add(1) == 1 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Write([]byte(`{"name": "limited", "protection_rules": [], "deployment_branch_policy": null}`))
		case strings.HasSuffix(r.URL.Path, "/environments/forbidden"):
			w.WriteHeader(http.StatusForbidden)
		case strings.HasSuffix(r.URL.Path, "/environments/exhausted"):
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", "9999999999")
			w.WriteHeader(http.StatusForbidden)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, Repository: "acme/shop", Token: "t0ken", HTTP: srv.Client(), MaxWait: time.Second}
	ctx := context.Background()
	env, err := c.Environment(ctx, "prod/eu")
	if err != nil || env.Name != "prod/eu" || env.BranchPolicy == nil || len(env.ProtectionRules) != 1 || *env.CanAdminsBypass {
		t.Fatalf("prod/eu: %+v %v", env, err)
	}
	if env, err := c.Environment(ctx, "limited"); err != nil || env.BranchPolicy != nil {
		t.Fatalf("retry after a rate limit: %+v %v", env, err)
	}
	if _, err := c.Environment(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := c.Environment(ctx, "forbidden"); !errors.Is(err, ErrForbidden) {
		t.Errorf("forbidden: %v", err)
	}
	if _, err := c.Environment(ctx, "exhausted"); err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("exhausted rate limit: %v", err)
	}
	if again, err := c.Environment(ctx, "prod/eu"); err != nil || again != env || prodCalls.Load() != 1 {
		t.Errorf("asked twice: %d requests, %v; want one, and the same answer", prodCalls.Load(), err)
	}
	bad := &Client{BaseURL: srv.URL, Repository: "acme/shop", Token: "wrong", HTTP: srv.Client()}
	if _, err := bad.Environment(ctx, "prod/eu"); !errors.Is(err, ErrForbidden) {
		t.Errorf("bad token: %v", err)
	}
}
