package race

import (
	"sync"
	"testing"
)

func TestCounterRace(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
	if c.n != 2 {
		t.Logf("lost update: %d", c.n)
	}
}
