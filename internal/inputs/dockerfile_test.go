package inputs

import (
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
