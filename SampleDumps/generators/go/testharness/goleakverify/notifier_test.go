package goleakverify

import (
	"testing"

	"go.uber.org/goleak"
)

// TestNotifierLeaks leaks three goroutines; goleak.VerifyNone reports them.
func TestNotifierLeaks(t *testing.T) {
	defer goleak.VerifyNone(t)
	n := NewNotifier()
	n.Start(3)
}
