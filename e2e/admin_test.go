package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"posportal/internal/auth"
)

// An administrator, in English, adds a reviewer from the staff page.
func TestAdminCreatesReviewerAccount(t *testing.T) {
	p := startPortal(t)
	p.createStaff(t, auth.Admin, "Grace Admin", "grace@bank.example", "admin password 1")
	tb := newTab(t, langEnglish)

	// Log in.
	wantStatus(t, tb.open(p.URL+"/login"), http.StatusOK)
	tb.wantText("h1", "Log in")
	tb.fill("email", "grace@bank.example")
	tb.fill("password", "admin password 1")
	wantStatus(t, tb.click(`form[action="/login"] button[type="submit"]`), http.StatusOK)
	tb.wantLocation("/dashboard")
	tb.wantText("h1", "Hello, Grace Admin")

	// Staff accounts, from the navigation.
	tb.followLink("Staff accounts")
	tb.wantLocation("/admin/users")
	tb.wantText("h1", "Staff accounts")
	if cur := tb.attr(`nav a[href="/admin/users"]`, "aria-current"); cur != "page" {
		t.Errorf("nav link aria-current = %q, want page", cur)
	}
	tb.wantTextContains(testID("staff-table"), "grace@bank.example")

	// Create a reviewer.
	const email = "rita@bank.example"
	tb.do("choose the role", chromedp.SetValue(chromedp.ID("role"), string(auth.Reviewer)))
	// An <option> has no box of its own, so read the choice the select shows.
	if shown := runTab(tb, "read the role shown", chromedp.Evaluate[string](
		`(s => s.options[s.selectedIndex].text)(document.getElementById("role"))`)); shown != "Reviewer" {
		t.Errorf("the role select shows %q, want Reviewer", shown)
	}
	tb.fill("name", "Rita Reviewer")
	tb.fill("email", email)
	tb.fill("password", "reviewer pass 1")
	wantStatus(t, tb.click(`form[action="/admin/users"] button[type="submit"]`), http.StatusOK)

	tb.wantLocation("/admin/users")
	tb.wantText(".flash", "Staff account created.")
	// The new row: name, email, role, created.
	row := fmt.Sprintf(`//table[@data-testid="staff-table"]//tr[td[normalize-space(.)=%q]]`, email)
	if name := tb.textXPath(row + "/td[1]"); name != "Rita Reviewer" {
		t.Errorf("the staff table names %s %q, want Rita Reviewer", email, name)
	}
	if role := tb.textXPath(row + "/td[3]"); role != "Reviewer" {
		t.Errorf("the staff table gives %s the role %q, want Reviewer", email, role)
	}
	tb.screenshot("admin-staff-created-en.png")
}
