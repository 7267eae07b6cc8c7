// hub: a notification service with two long-poll routes and a streaming
// route, all waiting on one Hub. Hub.wait ignores the request context, so
// every client that gives up on a quiet topic leaves its handler goroutine
// blocked in `chan receive` inside (*Hub).wait: one leak, reached through
// three routes (three stacks that differ only in the handler frame).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
)

var hub = NewHub()

// pollA: GET /poll/orders, long poll for the next order event.
func pollA(w http.ResponseWriter, r *http.Request) {
	m := hub.wait("orders")
	json.NewEncoder(w).Encode(m)
}

// pollB: GET /poll/payments, long poll for the next payment event.
func pollB(w http.ResponseWriter, r *http.Request) {
	m := hub.wait("payments")
	json.NewEncoder(w).Encode(m)
}

// stream: GET /stream, server-sent events of the audit topic.
func stream(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for {
		m := hub.wait("audit")
		if _, err := fmt.Fprintf(w, "data: %s\n\n", m.Body); err != nil {
			return
		}
		flusher.Flush()
	}
}

// publish: POST /publish?topic=...&body=... (not called by the capture).
func publish(w http.ResponseWriter, r *http.Request) {
	n := hub.Publish(Message{Topic: r.URL.Query().Get("topic"), Body: r.URL.Query().Get("body")})
	fmt.Fprintf(w, "delivered to %d\n", n)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()

	http.HandleFunc("/poll/orders", pollA)
	http.HandleFunc("/poll/payments", pollB)
	http.HandleFunc("/stream", stream)
	http.HandleFunc("/publish", publish)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
