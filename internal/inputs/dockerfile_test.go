package inputs

import (
	"fmt"
	"strings"
	"testing"
)

func TestDockerfileNames(t *testing.T) {
	for name, want := range map[string]bool{
		"Dockerfile": true, "dir/Dockerfile": true, "api.Dockerfile": true, "Dockerfile.prod": true,
		"dockerfile": true, "Dockerfile.yaml": true, "notes.txt": false, "MyDockerfile": false,
	} {
		if got := IsDockerfile(name); got != want {
			t.Errorf("IsDockerfile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDockerfileStagesAndArgs(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\nARG GO=1.22\nARG BASE\nFROM golang:${GO} AS build\nRUN go build \\\n  -o /app\nFROM ${BASE}\nFROM build\nCOPY --from=build /app /app\nCMD [\"/app\"]\n"
	docs, errs := Parse("Dockerfile", []byte(src), DefaultOptions)
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("docs %v errs %v", docs, errs)
	}
	d := docs[0]
	if d.Input != KindDockerfile || d.Object["kind"] != "Dockerfile" {
		t.Fatalf("input %s kind %v", d.Input, d.Object["kind"])
	}
	stages := d.Object["stages"].([]any)
	tests := []struct {
		i        int
		resolved string
		unknown  int
		line     int64
	}{
		{0, "golang:1.22", 0, 4},
		{1, "", 1, 7},
		{2, "build", 0, 8},
	}
	for _, tt := range tests {
		st := stages[tt.i].(map[string]any)
		if st["baseResolved"] != tt.resolved || len(st["baseUnknown"].([]any)) != tt.unknown || st["line"] != tt.line {
			t.Errorf("stage %d: %v", tt.i, st)
		}
	}
	if stages[2].(map[string]any)["baseStage"] != int64(0) {
		t.Errorf("FROM build should name stage 0: %v", stages[2])
	}
	run := stages[0].(map[string]any)["instructions"].([]any)[0].(map[string]any)
	if run["line"] != int64(5) || run["endLine"] != int64(6) || run["form"] != "shell" {
		t.Errorf("RUN spanning lines 5-6: %v", run)
	}
	last := stages[2].(map[string]any)["instructions"].([]any)
	if last[0].(map[string]any)["from"] != "build" || last[1].(map[string]any)["form"] != "exec" {
		t.Errorf("COPY --from / exec CMD: %v", last)
	}
}

// TestArgDefaultsExpandAsBuildKit: an ARG default that uses earlier ARGs
// is expanded with BuildKit's lexer before FROM reads it; an ARG that
// depends on one without a default leaves the base unknown, naming it.
func TestArgDefaultsExpandAsBuildKit(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		resolved string
		unknown  []any
	}{
		{"chained", "ARG VERSION=3.20\nARG IMAGE=alpine:${VERSION}\nFROM $IMAGE\n", "alpine:3.20", []any{}},
		{"default operator", "ARG REG=\nARG IMAGE=${REG:-docker.io}/library/nginx:1.27\nFROM ${IMAGE}\n", "docker.io/library/nginx:1.27", []any{}},
		{"later override", "ARG V=1\nARG V=2\nARG I=app:$V\nFROM ${I}\n", "app:2", []any{}},
		{"no default", "ARG VERSION\nFROM golang:${VERSION}\n", "", []any{"VERSION"}},
		{"no default behind another", "ARG VERSION\nARG IMAGE=golang:${VERSION}-alpine\nFROM ${IMAGE}\n", "", []any{"VERSION"}},
		{"redeclared without default keeps the value", "ARG V=1.2\nARG V\nFROM app:${V}\n", "app:1.2", []any{}},
		{"default set after", "ARG V\nARG V=1.3\nFROM app:${V}\n", "app:1.3", []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := Parse("Dockerfile", []byte(tt.src), DefaultOptions)
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("docs %v errs %v", docs, errs)
			}
			st := docs[0].Object["stages"].([]any)[0].(map[string]any)
			if st["baseResolved"] != tt.resolved || fmt.Sprint(st["baseUnknown"]) != fmt.Sprint(tt.unknown) {
				t.Errorf("got resolved %q unknown %v, want %q %v", st["baseResolved"], st["baseUnknown"], tt.resolved, tt.unknown)
			}
		})
	}
}

func TestDockerfileErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		src  string
		line int
		msg  string
	}{
		{"FROM alpine:3.20\nRUNN echo\n", 2, "unknown instruction RUNN"},
		{"FROM\n", 1, "FROM requires"},
		{"RUN echo\nFROM alpine:3.20\n", 1, "RUN before the first FROM"},
		{"# only a comment\n", 1, "no instructions"},
		{"", 1, "no instructions"},
	}
	for _, tt := range tests {
		_, errs := Parse("x.Dockerfile", []byte(tt.src), DefaultOptions)
		if len(errs) != 1 || errs[0].Line != tt.line || !contains(errs[0].Message, tt.msg) {
			t.Errorf("%q: got %v, want line %d %q", tt.src, errs, tt.line, tt.msg)
		}
	}
}

func TestKindForcesDockerfile(t *testing.T) {
	opts := DefaultOptions
	opts.Kind = KindDockerfile
	docs, errs := Parse("build.txt", []byte("FROM alpine:3.20\n"), opts)
	if len(errs) > 0 || len(docs) != 1 || docs[0].Input != KindDockerfile {
		t.Fatalf("docs %v errs %v", docs, errs)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
