package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGitHubRunURL(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"outside actions", map[string]string{}, ""},
		{"no run id", map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r"}, ""},
		{"in actions", map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "42"}, "https://github.com/o/r/actions/runs/42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, githubRunURL(func(k string) string { return tt.env[k] }))
		})
	}
}
