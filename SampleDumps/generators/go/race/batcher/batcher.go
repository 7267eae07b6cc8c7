// Package batcher uploads batches in the background. Every upload goroutine
// bumps a shared in-flight counter without a lock (a data race) and then
// waits for the server's acknowledgement. The tests never send one, so the
// uploads stay blocked: batcher_test.go turns that into a `go test -timeout`
// goroutine dump or a panic that comes after the race reports.
package batcher

import (
	"fmt"
	"sync"
)

type Batcher struct {
	inflight int // BUG: updated by every upload goroutine, no mutex
	acks     chan int
	wg       sync.WaitGroup
}

func New() *Batcher { return &Batcher{acks: make(chan int)} }

// Upload sends the batch in the background.
func (b *Batcher) Upload(batch []string) {
	b.wg.Add(1)
	go b.upload(batch)
}

func (b *Batcher) upload(batch []string) {
	defer b.wg.Done()
	b.inflight++
	<-b.acks // wait for the server to acknowledge the batch
	b.inflight--
}

// Wait waits for all uploads to be acknowledged.
func (b *Batcher) Wait() { b.wg.Wait() }

// Close refuses to drop batches that are still in flight.
func (b *Batcher) Close() {
	if n := b.inflight; n > 0 {
		panic(fmt.Sprintf("batcher: Close with %d uploads in flight", n))
	}
}
