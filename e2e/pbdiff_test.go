package e2e

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The differential corpus: e2e/pbdiff (see its README.md).
const pbdiffDir = "pbdiff"

var (
	pbRecord   = flag.Bool("pbdiff.record", false, "re-record e2e/pbdiff/golden from the PocketBase at -pbdiff.url instead of comparing monobase with it")
	pbURL      = flag.String("pbdiff.url", "", "base URL of a running, freshly started PocketBase v0.39.11 (for -pbdiff.record)")
	pbEmail    = flag.String("pbdiff.email", AdminEmail, "superuser e-mail of that PocketBase")
	pbPassword = flag.String("pbdiff.password", AdminPassword, "superuser password of that PocketBase")
	pbReport   = flag.String("pbdiff.report", "", "write every difference found (known or not) to this file")
)

// TestPBDiff replays the corpus against a fresh monobase loaded with the
// fixture and compares each answer with PocketBase's recorded one. A
// difference fails the test unless DIFFERENCES.md lists it.
func TestPBDiff(t *testing.T) {
	cases := pbCorpus(t)
	fx := loadFixture(t, filepath.Join(pbdiffDir, "fixture.json"))
	known := pbKnownIDs(fx, cases)
	if *pbRecord {
		recordGolden(t, cases, fx, known)
		return
	}
	golden := loadGolden(t)
	entries, err := loadKnown(filepath.Join(pbdiffDir, "DIFFERENCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	srv := StartServer(t)
	tg := &pbTarget{URL: srv.URL}
	tg.setUp(t, fx, AdminEmail, AdminPassword)

	var unknown, report []string
	for _, c := range cases {
		want, ok := golden[c.Name]
		if !ok {
			t.Errorf("case %s has no recorded answer: re-record (see e2e/pbdiff/README.md)", c.Name)
			continue
		}
		got := newNormalizer(known).answer(c, tg.run(t, c))
		for _, d := range diffAnswers(want, got) {
			line := fmt.Sprintf("%s: %s: PocketBase %s, monobase %s", c.Name, d.Path, show(d.Want), show(d.Got))
			k := matchKnown(entries, c.Name, d)
			switch {
			case k == nil:
				unknown = append(unknown, fmt.Sprintf("%s\n    request: %s (as %s)", line, c.summary(), c.As))
				report = append(report, "NEW       "+line)
			default:
				report = append(report, fmt.Sprintf("%-9s %s  [DIFFERENCES.md:%d]", strings.ToUpper(k.Section), line, k.Line))
			}
		}
	}
	if *pbReport != "" {
		if err := os.WriteFile(*pbReport, []byte(strings.Join(report, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range entries {
		if k.matched == 0 {
			t.Logf("DIFFERENCES.md:%d (%s) matches no difference any more: remove it", k.Line, k.Section)
		}
	}
	t.Logf("%d cases, %d differences (%d not listed in DIFFERENCES.md)", len(cases), len(report), len(unknown))
	if len(unknown) > 0 {
		const most = 150
		shown := unknown
		if len(shown) > most {
			shown = shown[:most]
		}
		t.Errorf("monobase answers differently from PocketBase v0.39.11, and e2e/pbdiff/DIFFERENCES.md does not list it:\n%s\n(%d in all)",
			strings.Join(shown, "\n"), len(unknown))
	}
}

// pbCorpus is every case: the corpus files, then the generated families.
func pbCorpus(t *testing.T) []pbCase {
	t.Helper()
	cases, err := loadCaseFiles(filepath.Join(pbdiffDir, "cases"))
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, matrixCases()...)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Fatalf("two cases are named %s", c.Name)
		}
		seen[c.Name] = true
	}
	return cases
}

// pbKnownIDs are the ids the fixture and the cases chose: kept as they are
// in answers (other ids are the servers' random ones).
func pbKnownIDs(fx pbFixture, cases []pbCase) map[string]bool {
	known := map[string]bool{}
	for _, c := range fx.Collections {
		if id, ok := c["id"].(string); ok {
			known[id] = true
		}
	}
	for _, r := range fx.Records {
		if id, ok := r.Data["id"].(string); ok {
			known[id] = true
		}
	}
	for _, c := range cases {
		for _, id := range pbIDInText.FindAllString(c.Target+" "+c.Body, -1) {
			known[id] = true
		}
	}
	return known
}

// recordGolden runs the corpus against the PocketBase at -pbdiff.url and
// rewrites golden/<file>.json with its normalised answers.
func recordGolden(t *testing.T, cases []pbCase, fx pbFixture, known map[string]bool) {
	if *pbURL == "" {
		t.Fatal("-pbdiff.record needs -pbdiff.url, the URL of a running PocketBase v0.39.11 started on an empty data directory")
	}
	tg := &pbTarget{URL: strings.TrimRight(*pbURL, "/")}
	tg.setUp(t, fx, *pbEmail, *pbPassword)
	byFile := map[string][]pbAnswer{}
	for _, c := range cases {
		byFile[c.File] = append(byFile[c.File], newNormalizer(known).answer(c, tg.run(t, c)))
	}
	dir := filepath.Join(pbdiffDir, "golden")
	old, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, p := range old {
		os.Remove(p)
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(byFile[f]); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f+".json"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("recorded %d answers into %d files under %s", len(cases), len(files), dir)
}

// loadGolden reads every recorded answer, by case name.
func loadGolden(t *testing.T) map[string]pbAnswer {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(pbdiffDir, "golden", "*.json"))
	out := map[string]pbAnswer{}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var answers []pbAnswer
		if err := json.Unmarshal(raw, &answers); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, a := range answers {
			out[a.Name] = a
		}
	}
	return out
}
