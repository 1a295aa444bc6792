package main

import (
	"context"
	"fmt"

	"posportal/internal/db"
	"posportal/support"
	"posportal/support/knowledge"
)

// newSupportService loads and validates the embedded troubleshooting
// knowledge; a broken knowledge version stops the portal at start.
func newSupportService(d *db.DB) (*support.Service, error) {
	tree, err := knowledge.Load()
	if err != nil {
		return nil, fmt.Errorf("troubleshooting knowledge: %w", err)
	}
	return support.NewService(d, tree, nil), nil
}

// startRegressionWatch runs the firmware regression watch in the
// background; the returned stop ends it and waits, so shutdown never cuts
// a release flag off between its writes.
func (a *app) startRegressionWatch() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.sup.Watch(ctx, a.log)
	}()
	return func() { cancel(); <-done }
}
