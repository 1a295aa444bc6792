package pdf

import (
	"fmt"
	"strings"
	"time"

	"posportal/internal/shanghai"
)

// Languages accepted in Meta.Lang.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// labels are the words the page chrome (header and footer) uses.
type labels struct {
	page      string // printf with page number; "{nb}" is the total
	docID     string // printf with the document id
	generated string // printf with the formatted time
}

var (
	labelsZH = labels{
		page:      "第 %d 页 / 共 " + nbAlias + " 页",
		docID:     "文档编号：%s",
		generated: "生成时间：%s（北京时间）",
	}
	labelsEN = labels{
		page:      "Page %d of " + nbAlias,
		docID:     "Document ID: %s",
		generated: "Generated %s (UTC+08:00)",
	}
)

// nbAlias is replaced by gofpdf with the total number of pages on output.
const nbAlias = "{nb}"

// labelsFor picks the chrome language.
func labelsFor(lang string) labels {
	if isChinese(lang) {
		return labelsZH
	}
	return labelsEN
}

func isChinese(lang string) bool {
	l := strings.ToLower(lang)
	return l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh_")
}

func (l labels) pageText(n int) string { return fmt.Sprintf(l.page, n) }

func (l labels) generatedText(t time.Time) string {
	return fmt.Sprintf(l.generated, t.In(shanghai.Location).Format("2006-01-02 15:04"))
}
