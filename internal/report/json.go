package report

import (
	"encoding/json"
	"io"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/source"
)

// jsonReport is the object of SPEC §2.
type jsonReport struct {
	Schema     string            `json:"schema"`
	Tool       jsonTool          `json:"tool"`
	Findings   []finding.Finding `json:"findings"`
	Suppressed int               `json:"suppressed"`
	Notes      []source.Note     `json:"notes"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

func writeJSON(w io.Writer, run *Run) error {
	r := jsonReport{
		Schema:     "envfence/v1",
		Tool:       jsonTool{Name: run.Tool.Name, Version: run.Tool.Version},
		Findings:   make([]finding.Finding, len(run.Findings)),
		Suppressed: run.Suppressed,
		Notes:      append([]source.Note{}, run.Notes...),
	}
	copy(r.Findings, run.Findings)
	for i := range r.Findings {
		if r.Findings[i].Related == nil {
			r.Findings[i].Related = []finding.Location{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
