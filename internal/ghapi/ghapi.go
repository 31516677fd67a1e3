// Package ghapi is the small part of GitHub's REST API envfence reads:
// deployment environments and their protection rules.
package ghapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Environment is a deployment environment as the API returns it.
type Environment struct {
	Name            string           `json:"name"`
	CanAdminsBypass *bool            `json:"can_admins_bypass"`
	ProtectionRules []ProtectionRule `json:"protection_rules"`
	BranchPolicy    *BranchPolicy    `json:"deployment_branch_policy"`
}

// ProtectionRule is one protection rule; Type is required_reviewers,
// wait_timer, branch_policy, or a custom deployment protection rule.
type ProtectionRule struct {
	Type      string            `json:"type"`
	WaitTimer int               `json:"wait_timer"`
	Reviewers []json.RawMessage `json:"reviewers"`
}

// BranchPolicy is the deployment branch policy; nil means any branch.
type BranchPolicy struct {
	ProtectedBranches    bool `json:"protected_branches"`
	CustomBranchPolicies bool `json:"custom_branch_policies"`
}

// Errors a caller tells apart.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
)

// Client reads one repository's environments.
type Client struct {
	BaseURL    string // https://api.github.com or GITHUB_API_URL
	Repository string // owner/name
	Token      string
	HTTP       *http.Client
	// MaxWait bounds how long a rate-limited request waits to retry.
	MaxWait time.Duration

	// Each environment is read once per client: the online rule and the
	// evidence pack ask about the same ones.
	mu   sync.Mutex
	seen map[string]answer
}

type answer struct {
	env *Environment
	err error
}

// Environment fetches one environment, once.
func (c *Client) Environment(ctx context.Context, name string) (*Environment, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.seen[name]; ok {
		return a.env, a.err
	}
	env, err := c.fetch(ctx, name)
	if ctx.Err() == nil { // a cancelled request says nothing about the environment
		if c.seen == nil {
			c.seen = map[string]answer{}
		}
		c.seen[name] = answer{env, err}
	}
	return env, err
}

func (c *Client) fetch(ctx context.Context, name string) (*Environment, error) {
	u := fmt.Sprintf("%s/repos/%s/environments/%s", strings.TrimSuffix(c.BaseURL, "/"), c.Repository, url.PathEscape(name))
	var env Environment
	if err := c.get(ctx, u, &env); err != nil {
		return nil, err
	}
	return &env, nil
}

func (c *Client) get(ctx context.Context, u string, v any) error {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Accept", "application/vnd.github+json")
		req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		if c.Token != "" {
			req.Header.Set("Authorization", "Bearer "+c.Token)
		}
		client := c.HTTP
		if client == nil {
			client = &http.Client{Timeout: 10 * time.Second}
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("GitHub API: %w", err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusOK:
			return json.Unmarshal(body, v)
		case resp.StatusCode == http.StatusNotFound:
			return ErrNotFound
		case rateLimited(resp) && attempt == 0:
			if wait := retryAfter(resp); wait <= c.MaxWait {
				select {
				case <-time.After(wait):
					continue
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return fmt.Errorf("GitHub API rate limit reached; retry after %s", retryAfter(resp).Round(time.Second))
		case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized:
			return ErrForbidden
		default:
			return fmt.Errorf("GitHub API: %s", resp.Status)
		}
	}
}

func rateLimited(resp *http.Response) bool {
	return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden && resp.Header.Get("X-RateLimit-Remaining") == "0"
}

// retryAfter reads Retry-After or X-RateLimit-Reset.
func retryAfter(resp *http.Response) time.Duration {
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		return time.Duration(s) * time.Second
	}
	if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		return time.Until(time.Unix(reset, 0))
	}
	return time.Minute
}
