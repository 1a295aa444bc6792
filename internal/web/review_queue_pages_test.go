package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"posportal/internal/auth"
	"posportal/onboarding"
)

// TestReviewQueuePages: a queue longer than a page shows the first 50 in
// FIFO order with the totals of the whole queue and links to the other
// pages, which keep the filter; in both languages.
func TestReviewQueuePages(t *testing.T) {
	ctx := context.Background()
	p := newTestPortal(t, nil)
	_, admin := staffBrowser(t, p, auth.Admin, "admin@bank.example", "赵管理", "zh-CN")
	for _, kind := range onboarding.DocumentKinds {
		if err := p.srv.Onboarding.SetRequirement(ctx, admin, onboarding.Enterprise, kind, false, ""); err != nil {
			t.Fatal(err)
		}
	}
	newMerchantClient(t, p)
	merchant, _ := p.auth.UserByEmail(ctx, newMerchant["email"])
	body, _ := json.Marshal(fullApplication)
	for i := 1; i <= 120; i++ {
		var f onboarding.Fields
		json.Unmarshal(body, &f)
		shop := fmt.Sprintf("排队店%03d", i)
		f.ShopName = &shop
		a, err := p.srv.Onboarding.Create(ctx, merchant, f, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.srv.Onboarding.Submit(ctx, merchant, a.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	en, _ := staffBrowser(t, p, auth.Reviewer, "r@bank.example", "Reviewer", "en")
	zh, _ := staffBrowser(t, p, auth.Reviewer, "wang@bank.example", "王审核", "zh-CN")

	first := en.get("/review").wantStatus(t, http.StatusOK)
	wantBody(t, first, "120 listed · 120 waiting for review · 0 past the deadline", "1–50 of 120",
		`href="/review?page=2" rel="next">Next</a>`, `aria-label="Page 3"`, `<span aria-current="page" class="pager-current">1</span>`)
	wantTranslated(t, first)
	if n := strings.Count(first.body, `data-testid="queue-row"`); n != 50 {
		t.Fatalf("first page shows %d rows", n)
	}
	if !strings.Contains(first.body, "排队店001") || !strings.Contains(first.body, "排队店050") || strings.Contains(first.body, "排队店051") {
		t.Fatal("first page is not the 50 oldest submissions")
	}
	if strings.Index(first.body, "排队店001") > strings.Index(first.body, "排队店050") {
		t.Fatal("first page is not in FIFO order")
	}
	if strings.Contains(first.body, `rel="prev"`) {
		t.Fatal("first page offers a previous page")
	}

	last := zh.get("/review?page=3").wantStatus(t, http.StatusOK)
	wantBody(t, last, "共 120 条 · 待审核 120 条 · 已超时 0 条", "第 101–120 条,共 120 条",
		`href="/review?page=2" rel="prev">上一页</a>`, `aria-label="第 1 页"`, "队列分页")
	if n := strings.Count(last.body, `data-testid="queue-row"`); n != 20 || !strings.Contains(last.body, "排队店120") || strings.Contains(last.body, "排队店100") {
		t.Fatalf("last page shows %d rows, or the wrong ones", n)
	}
	if strings.Contains(last.body, `rel="next"`) {
		t.Fatal("last page offers a next page")
	}
	// A page past the end shows the last one; a filter is kept in the links.
	wantBody(t, zh.get("/review?page=99"), "第 101–120 条,共 120 条")
	filtered := en.get("/review?status=submitted&merchant_type=enterprise&page=2").wantStatus(t, http.StatusOK)
	wantBody(t, filtered, "51–100 of 120", `href="/review?merchant_type=enterprise&amp;page=3&amp;status=submitted" rel="next"`,
		`href="/review?merchant_type=enterprise&amp;status=submitted" rel="prev"`)
	// A filter matching one page has no pager.
	if q := en.get("/review?status=approved"); strings.Contains(q.body, `data-testid="queue-pager"`) {
		t.Fatal("a queue of one page shows page links")
	}
}
