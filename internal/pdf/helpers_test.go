package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// needed skips a test whose tool is missing locally, and fails it under CI
// (CI=... set), where .ci/run installs it.
func needed(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required under CI: %v", what, err)
	}
	t.Skipf("%s not available: %v", what, err)
}

// testFont is the embedded font every document uses.
func testFont(testing.TB) *Font { return Embedded() }

// pdftotext returns the text of a PDF as `pdftotext -layout` extracts it.
func pdftotext(t testing.TB, pdf []byte) string { return pdftotextMode(t, pdf, "-layout") }

// pdftotextMode runs pdftotext with mode "-layout" (as on the page) or
// "-raw" (in drawing order: a wrapped table cell's lines stay together).
func pdftotextMode(t testing.TB, pdf []byte, mode string) string {
	t.Helper()
	_, err := exec.LookPath("pdftotext")
	needed(t, "pdftotext (Debian: poppler-utils)", err)
	cmd := exec.Command("pdftotext", mode, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

const (
	testParagraph = "本报表汇总了该商户在所选期间内的全部刷卡、扫码交易，金额单位为人民币元。" +
		"如对数据有疑问，请在收到报表后三十日内联系客户经理。 Amounts are in CNY, rounded to 0.01."
	refundText   = "退货（部分退款，原交易流水号较长，需要在单元格内换行显示，共三行左右的内容以便检验表格的自动换行是否正确）"
	merchantName = "上海浦东示例便利店有限公司"
	testDocID    = "RPT-2024-000123"
)

var testTime = time.Date(2024, 5, 6, 1, 2, 3, 0, time.UTC) // 09:02 in Shanghai

func testMeta(lang string) Meta {
	return Meta{
		Title:       "商户月度交易报表",
		DocumentID:  testDocID,
		Lang:        lang,
		PortalName:  "POS 商户门户",
		GeneratedAt: testTime,
	}
}

// sampleReport builds a report of about `rows` table rows of Chinese text.
func sampleReport(font *Font, lang string, rows int) *Doc {
	d := New(font, testMeta(lang))
	d.Heading("商户信息")
	d.KeyValues(
		KV{"商户名称", merchantName},
		KV{"商户编号", "898310048160001"},
		KV{"结算账户", "中国工商银行上海分行 6222 **** **** 1234"},
	)
	d.Paragraph(testParagraph)
	d.Heading("交易明细")
	cols := []Column{
		{Header: "日期", Width: 26},
		{Header: "终端号", Width: 24},
		{Header: "交易类型"},
		{Header: "金额（元）", Width: 30, Align: "R"},
	}
	var data [][]string
	for i := 1; i <= rows; i++ {
		kind := "消费"
		if i%7 == 0 {
			kind = refundText
		}
		data = append(data, []string{
			fmt.Sprintf("2024-04-%02d", i%30+1),
			fmt.Sprintf("T%07d", 1000+i),
			kind,
			fmt.Sprintf("%d.%02d", i*37, i%100),
		})
	}
	d.Table(cols, data)
	return d
}

// noSpace removes all white space, to compare text across line breaks.
func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// squash removes runs of spaces so assertions survive -layout spacing.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
