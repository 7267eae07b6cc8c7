// Package hits is an HTTP search handler that fans each request out to a few
// shards, one goroutine per shard. The shard goroutines count the queries in
// a shared field without a lock, so they race with each other (and with the
// shard goroutines of other requests).
package hits

import (
	"fmt"
	"net/http"
	"strings"
)

// Handler answers /search?q=... by asking every shard.
type Handler struct {
	Shards       int
	shardQueries int // BUG: incremented by every shard goroutine, no mutex
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	results := make(chan string, h.Shards)
	for s := 0; s < h.Shards; s++ {
		go h.queryShard(s, q, results)
	}
	var parts []string
	for s := 0; s < h.Shards; s++ {
		parts = append(parts, <-results)
	}
	fmt.Fprintln(w, strings.Join(parts, ","))
}

func (h *Handler) queryShard(shard int, q string, out chan<- string) {
	h.shardQueries++
	out <- fmt.Sprintf("shard%d:%s", shard, q)
}

// Queries returns how many shard queries were made.
func (h *Handler) Queries() int { return h.shardQueries }
