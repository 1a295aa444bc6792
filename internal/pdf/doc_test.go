package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestChineseReportReadsBack(t *testing.T) {
	font := testFont(t)
	b, err := sampleReport(font, LangZH, 120).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, b)
	for _, want := range []string{
		merchantName, "第1页", "第3页", testDocID, "POS商户门户", "商户月度交易报表",
		"2024-05-0609:02", "终端号",
	} {
		if !strings.Contains(noSpace(text), want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Wrapped text reads back whole: no character lost at line breaks.
	if !strings.Contains(noSpace(text), noSpace(testParagraph)) {
		t.Errorf("paragraph not read back whole:\n%s", text[:min(len(text), 1500)])
	}
	if raw := noSpace(pdftotextMode(t, b, "-raw")); !strings.Contains(raw, noSpace(refundText)) {
		t.Errorf("wrapped table cell not read back whole")
	}
	m := regexp.MustCompile(`第1页/共(\d+)页`).FindStringSubmatch(noSpace(text))
	if m == nil {
		t.Fatalf("no page numbering like 第 1 页 / 共 N 页 in:\n%s", text)
	}
	if pages := strings.Count(text, "\f"); m[1] != strconv.Itoa(pages) || pages < 3 {
		t.Errorf("footer total %s, pages %d (want >= 3 and equal)", m[1], pages)
	}
	// The header row repeats on every page the table continues on.
	if n := strings.Count(noSpace(text), "金额（元）"); n < 3 {
		t.Errorf("table header appears %d times, want one per page (>= 3)", n)
	}
	if strings.Contains(text, "{nb}") {
		t.Error("page-count alias not replaced")
	}
	if len(b) > 200<<10 {
		t.Errorf("PDF is %d bytes; glyphs not subset?", len(b))
	}
}

func TestEnglishReportReadsBack(t *testing.T) {
	font := testFont(t)
	b, err := sampleReport(font, LangEN, 120).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	flat := squash(pdftotext(t, b))
	for _, want := range []string{"Page 1 of", "Page 3 of", "Document ID: " + testDocID, merchantName, "(UTC+08:00)"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestSameInputSameBytes(t *testing.T) {
	font := testFont(t)
	want, err := sampleReport(font, LangZH, 60).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		got, err := sampleReport(font, LangZH, 60).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("render %d differs (%d vs %d bytes)", i, len(got), len(want))
		}
	}
	// The same instant given in another zone renders the same bytes.
	meta := testMeta(LangZH)
	meta.GeneratedAt = meta.GeneratedAt.In(time.FixedZone("EST", -5*3600))
	a, _ := New(font, meta).Bytes()
	b, _ := New(font, testMeta(LangZH)).Bytes()
	if !bytes.Equal(a, b) {
		t.Fatal("GeneratedAt's zone changes the output")
	}
	// And so does another process (map order, addresses, ...).
	if os.Getenv("PDF_TEST_CHILD") != "" {
		fmt.Printf("sha256=%x\n", sha256.Sum256(want))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSameInputSameBytes$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PDF_TEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if wantLine := fmt.Sprintf("sha256=%x", sha256.Sum256(want)); !strings.Contains(string(out), wantLine) {
		t.Fatalf("another process rendered different bytes:\n%s\nwant %s", out, wantLine)
	}
}

func TestRareNamesReadBack(t *testing.T) {
	for _, lang := range []string{LangZH, LangEN} {
		d := New(nil, testMeta(lang))
		d.Heading(rareNames)
		d.KeyValues(KV{"法定代表人", "张喆"}, KV{"Legal name", "上海堃昇商贸有限公司"})
		d.Table([]Column{{Header: "姓名 Name"}, {Header: "公司"}}, [][]string{{"王堃", "李昇"}})
		b, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		text := pdftotext(t, b)
		for _, want := range []string{"张喆", "王堃", "李昇", "上海堃昇商贸有限公司"} {
			if !strings.Contains(noSpace(text), want) {
				t.Errorf("%s: text lacks %q", lang, want)
			}
		}
		if strings.Contains(text, "?") || len(d.Missing()) > 0 {
			t.Errorf("%s: '?' in text, missing %q:\n%s", lang, d.Missing(), text)
		}
	}
}

func TestUndrawableCharactersAreListedAndLogged(t *testing.T) {
	var logged bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, nil)))

	d := New(nil, testMeta(LangZH))
	d.Paragraph("表情 😀 结束 𠀀 完 ¥12 𪚥 𠀀")
	d.Table([]Column{{Header: "𪚥"}}, nil)
	if got := string(d.Missing()); got != "😀𠀀𪚥" {
		t.Errorf("Missing = %q", got)
	}
	if logged.Len() != 0 {
		t.Errorf("logged before the document was written: %s", logged.String())
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if flat := squash(pdftotext(t, b)); !strings.Contains(flat, "表情 ? 结束 ? 完 ¥12 ? ?") {
		t.Errorf("got %q", flat)
	}
	log := logged.String()
	for _, want := range []string{"level=WARN", "document_id=" + testDocID, "𠀀 (U+20000)", "𪚥 (U+2A6A5)"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q: %s", want, log)
		}
	}
}

func TestBytesThenAddIsError(t *testing.T) {
	d := New(nil, testMeta(LangEN))
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	b, _ := d.Bytes()
	if !bytes.Equal(b, buf.Bytes()) {
		t.Fatal("Bytes and WriteTo differ")
	}
	d.Paragraph("late")
	if d.Err() == nil {
		t.Fatal("adding after Bytes should be an error")
	}
}

// Documents rendered at once share the font and never write to it: gofpdf
// pads a table it checksums by appending to a slice of the font's bytes,
// which wrote into the shared font (a data race, seen under -race) until
// each document got its own copy.
func TestConcurrentDocumentsShareFont(t *testing.T) {
	font := testFont(t)
	before := sha256.Sum256(font.data)
	defer func() {
		if sha256.Sum256(font.data) != before {
			t.Error("rendering changed the shared font's bytes")
		}
	}()
	want, err := sampleReport(font, LangZH, 30).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := sampleReport(font, LangZH, 30).Bytes()
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("concurrent render differs (err %v)", err)
			}
		}()
	}
	wg.Wait()
}

func TestRowTallerThanPageIsSplit(t *testing.T) {
	font := testFont(t)
	d := New(font, testMeta(LangZH))
	var long []string
	for i := 0; i < 150; i++ {
		long = append(long, fmt.Sprintf("第%03d行", i))
	}
	d.Table([]Column{{Header: "序号", Width: 20}, {Header: "内容"}}, [][]string{
		{"1", "短"},
		{"2", strings.Join(long, "\n")},
		{"3", "尾"},
	})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	raw := pdftotextMode(t, b, "-raw")
	if pages := strings.Count(raw, "\f"); pages < 3 {
		t.Errorf("%d pages, want the long row split over >= 3", pages)
	}
	for _, want := range []string{"第000行", "第149行", "尾", "第 3 页"} {
		if !strings.Contains(raw, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}
