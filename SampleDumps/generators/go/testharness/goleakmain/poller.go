// Package goleakmain has a poller whose goroutine outlives the tests.
package goleakmain

import "time"

// StartPoller polls every interval until stop is closed; the tests never
// close it.
func StartPoller(interval time.Duration, stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for i := 0; i < 1_000_000; i++ {
			select {
			case <-t.C:
			case <-stop:
				return
			}
		}
	}()
}
