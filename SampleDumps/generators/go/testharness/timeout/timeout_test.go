// Package timeout has a test that hangs until `go test -timeout` kills it.
package timeout

import (
	"sync"
	"testing"
)

func drain(in <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in { // never closed
		_ = v
	}
}

func TestHangs(t *testing.T) {
	in := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go drain(in, &wg)
	}
	in <- 1
	wg.Wait() // BUG: in is never closed
}
