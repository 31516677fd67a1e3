package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/envfence/envfence/internal/finding"
)

// writeGitHub writes workflow commands that GitHub turns into annotations:
// ::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message
func writeGitHub(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	for _, f := range run.Findings {
		// GitHub decodes only the escapes of %, CR, LF, : and ,; other
		// control characters of a hostile file name are written escaped.
		props := []string{"file=" + escapeProperty(finding.Printable(f.Path))}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
			if f.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
				if f.EndColumn > 0 && f.EndLine == f.Line {
					props = append(props, fmt.Sprintf("endColumn=%d", f.EndColumn))
				}
			}
		}
		props = append(props, "title="+escapeProperty("envfence "+f.Rule))
		fmt.Fprintf(bw, "::%s %s::%s\n", annotationLevel(f.Severity), strings.Join(props, ","), escapeData(finding.Printable(f.Message)+" ["+f.Rule+"]"))
	}
	for _, n := range run.Notes {
		fmt.Fprintf(bw, "::notice file=%s,title=envfence::%s\n", escapeProperty(finding.Printable(n.Path)), escapeData(finding.Printable(n.Message)))
	}
	return bw.Flush()
}

func annotationLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
