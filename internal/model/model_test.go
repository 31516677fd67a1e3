package model

import (
	"testing"

	"github.com/envfence/envfence/internal/parse"
)

func TestResourceKey(t *testing.T) {
	cases := []struct {
		file string
		path []string
		want string
	}{
		{".firebaserc", []string{"projects", "production"}, "firebase project id"},
		{"web/.firebaserc", []string{"targets", "production"}, "production"},
		{"infra/staging/main.tf", []string{"provider", "aws", "profile"}, "aws profile"},
		{"infra/staging/main.tf", []string{"provider", "google", "project"}, "project"},
		{"serverless.yml", []string{"provider", "profile"}, "aws profile"},
		{"api/serverless.yaml", []string{"provider", "profile"}, "aws profile"},
		{"config/app.yml", []string{"provider", "profile"}, "profile"},
		{".env.staging", []string{"AWS_PROFILE"}, "AWS_PROFILE"},
	}
	for _, c := range cases {
		v := Value{Entry: &parse.Entry{Path: c.path}, File: &File{Path: c.file}}
		if got := v.ResourceKey(); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.file, c.path, got, c.want)
		}
	}
}
