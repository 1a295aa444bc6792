// Package support keeps terminals working after firmware upgrades (SPEC §6):
// the merchant's devices and their check-ins from a terminal management
// system, firmware releases and notices, the guided troubleshooting flow
// over the knowledge tree (package knowledge) with its context checks,
// tickets with their state machine, the diagnosis report PDF and the
// regression watch that pauses a bad release.
//
// Ownership is checked here, not in handlers: a merchant asking for another
// merchant's device, session or ticket gets apperr.ErrNotFound; an installer
// sees only the devices, tickets and sessions behind tickets assigned to
// them; admins see everything.
//
// # Decisions where the spec is silent
//
//   - Context first. StartSession runs the five checks of §6 in the spec's
//     order and records every finding with its evidence in both languages.
//     When one fires, the session starts "diagnosed" with the first
//     finding's diagnosis AND the tree's first question still open: the
//     merchant either reports the outcome of that diagnosis or answers the
//     question, which drops the context diagnosis and walks the tree.
//   - Stale answers. Every answer names the question it answers (the web
//     form always, the API optionally with "node") and is applied with a
//     conditional update on the session's step counter, so a form re-posted
//     from the browser history, or two tabs, cannot corrupt the transcript:
//     the loser gets a conflict (409; the web flow redirects to the current
//     step with a notice).
//   - Integration accounts. A terminal management system authenticates the
//     check-in with "Authorization: Bearer ptm_<64 hex>", a 256-bit random
//     token shown once when an admin creates or rotates it; only its SHA-256
//     is stored (no salt or slow hash needed at that entropy). Rotating
//     revokes the old token at once. Each account belongs to one provider
//     and checks in only that provider's devices: another provider's
//     serial answers 404 exactly like an unknown one. Accounts from before
//     scoping got the provider of the devices they had checked in
//     (migration 00011); one that had none stays unscoped, still works,
//     and is flagged on the admin page until a provider is assigned.
//     Bad tokens are counted per client address in a fixed window
//     (CheckInLimit, default 10 per 10 minutes) with one atomic upsert;
//     past the limit the address gets 429 + Retry-After, valid token or
//     not, so the answers reveal nothing about tokens.
//   - SLA by priority (wall-clock hours from opening): P1 4 h, P2 24 h,
//     P3 72 h, P4 7 days. Priority comes from the diagnosis; P1 means the
//     terminal cannot take payments at all.
//   - Lifecycles. A release rolls out, pauses and resumes, and may be
//     withdrawn from either; withdrawn is final (the devices were told to
//     leave it; shipping it again is a new version), so resuming it
//     answers 409. A session asks until a diagnosis, and takes one
//     outcome. Every move is checked against its table and applied with a
//     conditional update on the status read, so a lost race answers 409,
//     and audited with from and to: the audit log is a release's history,
//     the transcript a session's. API clients get a release's possible
//     moves as next_statuses, the buttons the page offers.
//   - Regression watch. A device counts as "upgraded to a release" when a
//     check-in moved it to the release's version (upgraded_at); it counts
//     as "reported an unresolved problem" when a ticket was opened for it
//     within WatchConfig.Window (72 h) of that upgrade. At ShareBP (5%) and
//     MinDevices (3) the release is flagged suspect, a rolling-out release
//     is paused, a staff notice alerts admins and an upgrade notice goes to
//     every merchant with that model — in one transaction. Clearing the
//     flag ends the staff alert and restarts the count from that moment.
//
// On-site repair visits are booked by the scheduling feature (§5,
// appointment kind "repair"): it asks RepairVisitFor for a ticket assigned
// to an installer and books against the merchant and device it returns.
package support
