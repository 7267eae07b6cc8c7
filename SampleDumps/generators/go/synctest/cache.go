// Package synctestdemo has a small expiring cache whose janitor goroutine is
// tested inside a testing/synctest bubble.
package synctestdemo

import (
	"sync"
	"time"
)

type Cache struct {
	mu      sync.Mutex
	items   map[string]time.Time
	ttl     time.Duration
	evicted chan string
}

func NewCache(ttl time.Duration) *Cache {
	c := &Cache{items: map[string]time.Time{}, ttl: ttl, evicted: make(chan string)}
	go c.janitor()
	return c
}

func (c *Cache) Put(k string) {
	c.mu.Lock()
	c.items[k] = time.Now()
	c.mu.Unlock()
}

// janitor sleeps for ttl, then reports expired keys on an unbuffered channel.
func (c *Cache) janitor() {
	for i := 0; i < 1000; i++ {
		time.Sleep(c.ttl)
		c.mu.Lock()
		var expired []string
		for k, t := range c.items {
			if time.Since(t) >= c.ttl {
				expired = append(expired, k)
				delete(c.items, k)
			}
		}
		c.mu.Unlock()
		for _, k := range expired {
			c.evicted <- k // BUG: blocks when nobody listens
		}
	}
}

// Evicted returns the channel of evicted keys.
func (c *Cache) Evicted() <-chan string { return c.evicted }
