// Package webhooks tells integrators' systems about changes in the portal
// (SPEC §14). A domain service calls Emit inside the transaction that makes
// the change, so the event commits or rolls back with it (transactional
// outbox); the delivery worker then POSTs it, signed, to every endpoint
// subscribed to its type, retrying on the configured backoff and recording
// every attempt. The package imports no domain package: onboarding,
// scheduling and support import it and pass their objects' API views.
package webhooks
