// Package goleakverify has a notifier that starts goroutines it never stops.
package goleakverify

import "time"

type Notifier struct {
	events chan string
}

func NewNotifier() *Notifier { return &Notifier{events: make(chan string)} }

// Start launches n delivery goroutines; each waits for an event that never
// comes.
func (n *Notifier) Start(workers int) {
	for i := 0; i < workers; i++ {
		go n.deliver(i)
	}
}

func (n *Notifier) deliver(id int) {
	for ev := range n.events {
		_ = ev
		time.Sleep(time.Millisecond)
	}
}
