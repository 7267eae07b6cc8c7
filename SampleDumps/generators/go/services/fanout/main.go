// fanout: a search front end that sends every query to three replicas and
// answers with the first result. The results channel is unbuffered, so the two
// replicas that answer later block forever in `chan send`: two goroutines
// leak per request.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"time"
)

type result struct {
	replica string
	hits    int
}

type replica struct {
	name    string
	latency time.Duration
}

// search stands in for a call to one replica.
func (r replica) search(q string) result {
	time.Sleep(r.latency)
	return result{replica: r.name, hits: len(q) * 3}
}

type searcher struct {
	replicas []replica
}

// first asks every replica and returns the first answer.
func (s *searcher) first(q string) result {
	results := make(chan result) // BUG: unbuffered; the slower replicas never get to send
	for _, r := range s.replicas {
		go func(r replica) {
			results <- r.search(q)
		}(r)
	}
	return <-results
}

func (s *searcher) handle(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	res := s.first(q)
	fmt.Fprintf(w, "%q: %d hits (from %s)\n", q, res.hits, res.replica)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()

	s := &searcher{replicas: []replica{
		{"search-a", 5 * time.Millisecond},
		{"search-b", 20 * time.Millisecond},
		{"search-c", 40 * time.Millisecond},
	}}
	http.HandleFunc("/search", s.handle)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
