package web

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"posportal/catalog"
	"posportal/insights"
	"posportal/internal/apitoken"
	"posportal/internal/auth"
	"posportal/internal/i18n"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
	"posportal/support/knowledge"
	"posportal/templates"
	"posportal/webhooks"
)

// strs turns a domain's typed values into strings.
func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// dynamicKeyValues lists, for every key a template builds with printf,
// the values it can be built from — from the domain's own lists where the
// domain exports one, so a new status or kind is checked without editing
// this test.
func dynamicKeyValues() map[string][]string {
	weekdays := make([]string, 0, 7)
	weekdayNums := make([]string, 0, 7)
	for d := time.Sunday; d <= time.Saturday; d++ {
		weekdays = append(weekdays, d.String())
		weekdayNums = append(weekdayNums, fmt.Sprint(int(d)))
	}
	appStatuses := strs(onboarding.Statuses...)
	events := strs(onboarding.EvSubmit, onboarding.EvWithdraw, onboarding.EvClaim, onboarding.EvRelease, onboarding.EvRequestInfo,
		onboarding.EvReject, onboarding.EvApprove, onboarding.EvFirstApproval, onboarding.EvSignContract, onboarding.EvBookInstallation,
		onboarding.EvCancelInstallation, onboarding.EvCompleteInstallation, onboarding.EvCompleteTraining)
	roles := strs(auth.Roles...)
	kinds := strs(scheduling.Kinds...)
	return map[string][]string{
		"account_type.%s":           {"corporate", "personal"},
		"apitoken.scope.%s":         strs(apitoken.Scopes...),
		"webhooks.event.%s":         strs(webhooks.Types...),
		"webhooks.status.%s":        {webhooks.StatusPending, webhooks.StatusDelivered, webhooks.StatusFailed},
		"application.step.%s":       applicationSteps,
		"application.step.%s.intro": applicationSteps,
		"calendar.kind.%s":          strs(workcal.Holiday, workcal.Workday),
		"calendar.weekday.%d":       weekdayNums,
		"catalog.sort.%s":           strs(catalog.Sorts...),
		"channel.%s":                onboarding.Channels,
		"contract.acquisition.%s":   {"purchase", "rental"},
		"dashboard.%s.intro":        roles,
		"doc.%s":                    onboarding.DocumentKinds,
		"document.verdict.%s":       {onboarding.VerdictAccepted, onboarding.VerdictRejected},
		"event.%s":                  events,
		"field.app.%s":              onboarding.RequestableFields,
		"insights.stage.%s":         append(strs(insights.FunnelStages...), string(insights.StageDecided)),
		"mcc.%s":                    onboarding.MCCGroups,
		"merchant_type.%s":          strs(onboarding.MerchantTypes...),
		"outbox.status.%s":          {"queued", "sent", "failed", "held"},
		"reason.%s":                 onboarding.ReasonCodes,
		"reason.%s.hint":            onboarding.ReasonCodes,
		"review.verdict.%s":         {onboarding.VerdictAccepted, onboarding.VerdictRejected},
		"role.%s":                   roles,
		"schedule.kind_hint.%s":     kinds,
		"scheduling.kind.%s":        kinds,
		"scheduling.status.%s":      {scheduling.StatusBooked, scheduling.StatusCancelled, scheduling.StatusCompleted},
		"scheduling.weekday.%s":     weekdays,
		"stage.%s":                  lifecycle,
		"stage.%s.about":            lifecycle,
		"status.%s":                 appStatuses,
		"support.category.%s":       strs(knowledge.Hardware, knowledge.Software, knowledge.External, knowledge.Human),
		"support.check.%s":          strs(knowledge.Checks()...),
		"support.escalation.%s":     strs(knowledge.EscalateNone, knowledge.EscalateProvider, knowledge.EscalateOnSite, knowledge.EscalateReplacement),
		"support.notice.kind.%s":    strs(support.NoticeKinds...),
		"support.notice.target.%s":  strs(support.Targets...),
		"support.priority.%s":       strs(knowledge.P1, knowledge.P2, knowledge.P3, knowledge.P4),
		"support.release.set.%s":    strs(support.ReleaseStatuses...),
		"support.release.status.%s": strs(support.ReleaseStatuses...),
		"support.session.status.%s": strs(support.Asking, support.Diagnosed, support.Resolved, support.Escalated),
		"support.ticket.status.%s":  strs(support.TicketStatuses...),
		"support.ticket.to.%s":      strs(support.TicketInProgress, support.TicketResolved, support.TicketClosed),
		"support.tickets.intro.%s":  roles,
		"training.mode.%s":          {scheduling.ModeBranch, scheduling.ModeOnline},
		"training.seat.%s":          {scheduling.SeatBooked, scheduling.SeatAttended},
	}
}

// TestTemplateDynamicKeysExist complements i18n's check of literal keys:
// every key a template builds with printf (a status tag, a kind, a
// reason) exists in both languages for every value the domain can give
// it, and a template that builds a new kind of key must say here which
// values it takes.
func TestTemplateDynamicKeysExist(t *testing.T) {
	built := regexp.MustCompile(`\bT \(printf "([^"]+)"`)
	values := dynamicKeyValues()
	used := map[string]string{}
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := fs.ReadFile(templates.FS, p)
		for _, m := range built.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pattern, file := range used {
		if pattern == "%s%s" {
			continue // a prefix chosen by the template itself; checked by its page's tests
		}
		vs, ok := values[pattern]
		if !ok {
			t.Errorf("%s builds keys %q: list the values it takes in dynamicKeyValues", file, pattern)
			continue
		}
		for _, v := range vs {
			var key string
			if strings.Contains(pattern, "%d") {
				var n int
				fmt.Sscan(v, &n)
				key = fmt.Sprintf(pattern, n)
			} else {
				key = fmt.Sprintf(pattern, v)
			}
			for _, l := range i18n.Langs {
				if !i18n.Has(l, key) {
					t.Errorf("%s shows %q, missing in %s", file, key, l)
				}
			}
		}
	}
}
