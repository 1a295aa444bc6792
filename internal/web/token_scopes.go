package web

import "posportal/internal/apitoken"

// tokenScopes is the one table of what service tokens may do: "METHOD
// route pattern" → the scope it needs. A token acts as the admin who
// created it, so the route's role check and the service's permission and
// ownership checks still apply on top; the table only narrows. Any
// /api/v1 route missing here is session-only and answers a token 403:
// accounts and sessions, the merchant's own flows (applications, contracts,
// bookings, diagnoses, shortlist), the reviewer's claims and decisions
// (a reviewer's judgement, not an integration's), and token and
// integration administration (a leaked token cannot mint another).
// docs/API-TOKENS.md shows the same table for integrators.
//
// To open a route to tokens, add one line.
var tokenScopes = map[string]apitoken.Scope{
	// The operations view (§15).
	"GET /api/v1/insights": apitoken.InsightsRead,
	// Webhook endpoints and their delivery log (§14).
	"POST /api/v1/webhook-endpoints":                   apitoken.WebhooksManage,
	"GET /api/v1/webhook-endpoints":                    apitoken.WebhooksManage,
	"DELETE /api/v1/webhook-endpoints/:id":             apitoken.WebhooksManage,
	"POST /api/v1/webhook-endpoints/:id/rotate-secret": apitoken.WebhooksManage,
	"GET /api/v1/webhook-endpoints/:id/deliveries":     apitoken.WebhooksManage,
	"POST /api/v1/webhook-deliveries/:id/replay":       apitoken.WebhooksManage,
	// Applications as the bank's staff see them (drafts never; the
	// resident ID masked, as to admins).
	"GET /api/v1/applications":                       apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id":                   apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/events":            apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/summary.pdf":       apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/documents":         apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/documents/:doc_id": apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/contract":          apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/contract.pdf":      apitoken.ApplicationsRead,
	"GET /api/v1/applications/:id/appointments":      apitoken.ApplicationsRead,
	"GET /api/v1/appointments/:id":                   apitoken.ApplicationsRead,
	"GET /api/v1/appointments/:id/record.pdf":        apitoken.ApplicationsRead,
	"GET /api/v1/training-sessions":                  apitoken.ApplicationsRead,
	// What an admin may change on the way to an active merchant: return
	// a claimed application to the queue, plan training sessions and
	// record attendance (which activates the merchant).
	"POST /api/v1/applications/:id/release":  apitoken.ApplicationsWrite,
	"POST /api/v1/training-sessions":         apitoken.ApplicationsWrite,
	"POST /api/v1/training-seats/:id/attend": apitoken.ApplicationsWrite,

	// The catalog; its public routes too, so a token acts only within
	// its scopes everywhere.
	"GET /api/v1/terminals":         apitoken.CatalogRead,
	"GET /api/v1/terminals/compare": apitoken.CatalogRead,
	"GET /api/v1/terminals/:id":     apitoken.CatalogRead,
	"GET /api/v1/providers":         apitoken.CatalogRead,
	"GET /api/v1/fee-plans":         apitoken.CatalogRead,
	"POST /api/v1/fee-quotes":       apitoken.CatalogRead, // a computation, changes nothing
	"POST /api/v1/fee-plans":        apitoken.CatalogWrite,

	// Terminal management systems, bound to one provider's devices.
	"POST " + checkInRoute: apitoken.DevicesCheckIn,

	// Tickets as the bank's support desk works them.
	"GET /api/v1/tickets":                    apitoken.TicketsRead,
	"GET /api/v1/tickets/:id":                apitoken.TicketsRead,
	"GET /api/v1/tickets/:id/repair-slots":   apitoken.TicketsRead,
	"GET /api/v1/tickets/:id/repair-visits":  apitoken.TicketsRead,
	"POST /api/v1/tickets/:id/assign":        apitoken.TicketsWrite,
	"POST /api/v1/tickets/:id/comment":       apitoken.TicketsWrite,
	"POST /api/v1/tickets/:id/status":        apitoken.TicketsWrite,
	"POST /api/v1/tickets/:id/repair-visits": apitoken.TicketsWrite,
}
