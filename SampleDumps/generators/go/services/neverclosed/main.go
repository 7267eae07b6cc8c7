// neverclosed: an order service that hands its audit events to a per-request
// writer goroutine (`for ev := range events`). The handler sends its events
// and returns without closing the channel, so every request leaves one
// goroutine blocked in `chan receive`.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"strconv"
	"sync/atomic"
)

type auditEvent struct {
	order int64
	what  string
}

type server struct {
	audit  *log.Logger
	nextID int64
}

// writeAudit writes the events of one request until the channel is closed.
func (s *server) writeAudit(events <-chan auditEvent) {
	for ev := range events {
		s.audit.Printf("order %d: %s", ev.order, ev.what)
	}
}

func (s *server) placeOrder(w http.ResponseWriter, r *http.Request) {
	id := atomic.AddInt64(&s.nextID, 1)
	qty, err := strconv.Atoi(r.URL.Query().Get("qty"))
	if err != nil || qty <= 0 {
		qty = 1
	}
	events := make(chan auditEvent)
	go s.writeAudit(events)

	events <- auditEvent{id, "received"}
	events <- auditEvent{id, fmt.Sprintf("reserved %d items", qty)}
	events <- auditEvent{id, "accepted"}
	// BUG: events is never closed, so writeAudit never returns.
	fmt.Fprintf(w, "order %d accepted\n", id)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()

	s := &server{audit: log.New(os.Stderr, "audit: ", log.Lmicroseconds)}
	http.HandleFunc("/orders", s.placeOrder)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
