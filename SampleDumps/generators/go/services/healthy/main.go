// healthy: a report service under changing load that does NOT leak.
//
//   - main.main is the accept loop (http.Serve).
//   - A fixed pool of 4 workers takes background jobs from a channel. The
//     downstream they talk to allows each worker one job per -rest, so after
//     every job a worker sleeps for -rest before it takes the next: a worker
//     is in `chan receive` while there is nothing to do and in `sleep` for
//     -rest after each job. At start-up every worker gets one warm-up job.
//   - GET /report?ms=N does 100-300 ms of work (a timer) and returns.
//   - POST /jobs?n=N queues N background jobs.
//
// Goroutines come and go with the load; none is left behind.
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"sync/atomic"
	"time"
)

type job struct {
	id   int64
	kind string
}

type pool struct {
	jobs chan job
	rest time.Duration
	done int64
}

func (p *pool) worker(id int) {
	for j := range p.jobs {
		p.run(id, j)
		time.Sleep(p.rest) // pace: one job per rest period per worker
	}
}

func (p *pool) run(worker int, j job) {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d/%s/%d", worker, j.kind, j.id)))
	_ = sum
	atomic.AddInt64(&p.done, 1)
}

type server struct {
	pool    *pool
	nextJob int64
	served  int64
}

// report renders a report: 100-300 ms of work, stood in for by a timer.
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
	if err != nil || ms < 100 || ms > 300 {
		ms = 200
	}
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return
	}
	n := atomic.AddInt64(&s.served, 1)
	fmt.Fprintf(w, "report %d rendered in %d ms\n", n, ms)
}

// enqueue queues n background jobs.
func (s *server) enqueue(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 || n > 16 {
		n = 1
	}
	for i := 0; i < n; i++ {
		select {
		case s.pool.jobs <- job{atomic.AddInt64(&s.nextJob, 1), "reindex"}:
		default:
			http.Error(w, "job queue full", http.StatusServiceUnavailable)
			return
		}
	}
	fmt.Fprintf(w, "queued %d jobs\n", n)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	workers := flag.Int("workers", 4, "size of the worker pool")
	rest := flag.Duration("rest", 5*time.Second, "pause of a worker after each job")
	flag.Parse()

	p := &pool{jobs: make(chan job, 64), rest: *rest}
	s := &server{pool: p}
	for i := 0; i < *workers; i++ {
		p.jobs <- job{atomic.AddInt64(&s.nextJob, 1), "warm-up"}
	}
	for i := 0; i < *workers; i++ {
		go p.worker(i)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/report", s.report)
	mux.HandleFunc("/jobs", s.enqueue)
	mux.HandleFunc("/debug/pprof/", pprof.Index)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, mux))
}
