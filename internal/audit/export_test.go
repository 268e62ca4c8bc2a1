package audit

// For the tests that hold these values against the OpenReports CRD.
var (
	Severities = severities
	ResultOf   = result
)
