package finding

// Acceptance is a finding that a suppression hides: an accepted risk, with
// who wrote the acceptance and where. Auditors ask for exceptions and
// their approvals; the evidence pack lists these.
type Acceptance struct {
	Finding Finding
	// By is how it was accepted: AcceptedInline, AcceptedByConfig or
	// AcceptedByBaseline.
	By string
	// Reason is the acceptance's own words ("" when a baseline entry has
	// none).
	Reason string
	// Path and Line are where the acceptance is written: the inline
	// comment, the ignore entry, or the baseline file (Line 0).
	Path string
	Line int
}

// How a finding was accepted.
const (
	AcceptedInline     = "inline"
	AcceptedByConfig   = "config"
	AcceptedByBaseline = "baseline"
)
