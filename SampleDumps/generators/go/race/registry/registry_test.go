package registry

import (
	"testing"
	"time"
)

const rounds = 30

func TestRegisterAfterWarmUp(t *testing.T) {
	for i := 0; i < rounds; i++ {
		r := New()
		r.WarmUp()
		// The warm-up goroutine has long finished after 5ms, but nothing
		// orders its writes before ours.
		time.Sleep(5 * time.Millisecond)
		r.Register("billing", "10.0.0.99:443")
		if a, _ := r.Lookup("billing"); a != "10.0.0.99:443" {
			t.Errorf("round %d: billing = %q", i, a)
		}
	}
}
