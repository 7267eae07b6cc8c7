// crash produces the different ways a Go program prints goroutine stacks when
// it dies. The first argument selects the scenario; the capture script runs
// each one with the GOTRACEBACK setting it needs and keeps stderr.
package main

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

// ---------------------------------------------------------------- background

var (
	never   = make(chan int)
	heldMu  sync.Mutex
	started sync.WaitGroup
)

type Ticker struct{ every time.Duration }

// loop is a value-receiver method: frames show main.Ticker.loop.
func (t Ticker) loop(stop <-chan struct{}) {
	started.Done()
	tk := time.NewTicker(t.every)
	defer tk.Stop()
	for i := 0; i < 1_000_000; i++ {
		select {
		case <-tk.C:
		case <-stop:
			return
		}
	}
}

func waitForJob(id int) int {
	started.Done()
	return <-never + id
}

func lockHeld() {
	started.Done()
	heldMu.Lock()
	heldMu.Unlock()
}

func napper() {
	started.Done()
	time.Sleep(time.Hour)
}

// background starts goroutines blocked in a few different states and waits
// until they have all started (and shortly after, parked).
func background() {
	heldMu.Lock()
	started.Add(5)
	go waitForJob(1)
	go waitForJob(2)
	go lockHeld()
	go napper()
	go Ticker{every: time.Hour}.loop(make(chan struct{}))
	started.Wait()
	time.Sleep(100 * time.Millisecond)
}

// ----------------------------------------------------------------- panics

type Order struct {
	ID    string
	Items []string
	Total float64
}

type Store struct{ orders map[string]Order }

func (s *Store) validate(o Order) {
	if o.Total < 0 {
		panic(fmt.Errorf("order %s: negative total %.2f", o.ID, o.Total))
	}
	s.orders[o.ID] = o
}

func plainPanic() {
	background()
	s := &Store{orders: map[string]Order{}}
	s.validate(Order{ID: "A-1", Items: []string{"pen"}, Total: 3.5})
	s.validate(Order{ID: "A-2", Items: []string{"ink"}, Total: -1})
}

func cleanup(r interface{}) {
	panic(fmt.Sprintf("while handling %v: cleanup failed", r))
}

// repanic recovers a panic and panics again with a new value.
func repanic() {
	background()
	defer func() {
		if r := recover(); r != nil {
			cleanup(r)
		}
	}()
	panic(errors.New("first failure"))
}

// repanicSame recovers a panic and panics again with the same value
// (Go 1.25+ prints "[recovered, repanicked]").
func repanicSame() {
	background()
	defer func() {
		if r := recover(); r != nil {
			log.Printf("recovered %v, giving up", r)
			panic(r)
		}
	}()
	panic(errors.New("lost connection to database"))
}

type node struct {
	next *node
	val  int
}

func nilDeref() {
	background()
	var n *node
	fmt.Println(n.next.val)
}

// --------------------------------------------------------------- deadlock

func deadlock() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i // nobody reads results before wg.Wait returns
		}(i)
	}
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Lock() // never unlocked
	}()
	wg.Wait()
	close(results)
}

// ----------------------------------------------------------------- signal

// waitForSignal starts the background goroutines, announces itself and then
// sleeps (bounded) until the capture script sends SIGQUIT.
func waitForSignal() {
	background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		c, err := ln.Accept()
		if err == nil {
			c.Close()
		}
	}()
	fmt.Fprintf(os.Stderr, "crash: pid %d ready for SIGQUIT\n", os.Getpid())
	time.Sleep(60 * time.Second)
	fmt.Fprintln(os.Stderr, "crash: no signal received, exiting")
}

// ------------------------------------------------------------ stack overflow

type tree struct{ left, right *tree }

func (t *tree) depth(d int) int {
	// Each frame carries a little stack so the 1 GB limit is reached quickly.
	var pad [64]byte
	pad[d%64] = byte(d)
	return t.depth(d+1) + int(pad[0])
}

func stackOverflow() {
	background()
	t := &tree{}
	fmt.Println(t.depth(0))
}

// --------------------------------------------------------- concurrent writes

func concurrentMapWrites() {
	m := map[int]int{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50_000_000; i++ {
				m[i%1024] = w
			}
		}(w)
	}
	wg.Wait()
	fmt.Println("no crash this time")
}

// ------------------------------------------------------------- http panic

func httpPanicServer() {
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		log.Printf("GET /hello from %s", r.RemoteAddr)
		fmt.Fprintln(w, "hello")
	})
	mux.HandleFunc("/order", func(w http.ResponseWriter, r *http.Request) {
		log.Printf("GET /order?total=%s from %s", r.URL.Query().Get("total"), r.RemoteAddr)
		total, _ := strconv.ParseFloat(r.URL.Query().Get("total"), 64)
		s := &Store{orders: map[string]Order{}}
		s.validate(Order{ID: "B-7", Items: []string{"paper", "glue"}, Total: total})
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", ln.Addr())
	srv := &http.Server{Handler: mux}
	go func() {
		time.Sleep(30 * time.Second) // bounded lifetime
		srv.Close()
	}()
	log.Print(srv.Serve(ln))
}

// ------------------------------------------------- running on other thread

var sink [8]uint64

// spin is a call-free loop: with GODEBUG=asyncpreemptoff=1 nothing can stop
// it, so a crash prints "goroutine running on other thread".
func spin(slot int) {
	x := uint64(slot)
	for i := uint64(0); i < 1<<40; i++ {
		x = x*6364136223846793005 + i
	}
	sink[slot] = x
}

func busyPanic() {
	background()
	for i := 0; i < 2; i++ {
		go spin(i)
	}
	time.Sleep(200 * time.Millisecond)
	panic("giving up while workers are busy")
}

func main() {
	log.SetFlags(log.LstdFlags)
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: crash panic|repanic|repanic-same|nilderef|deadlock|signal|stackoverflow|mapwrites|httppanic|busy")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "panic":
		plainPanic()
	case "repanic":
		repanic()
	case "repanic-same":
		repanicSame()
	case "nilderef":
		nilDeref()
	case "deadlock":
		deadlock()
	case "signal":
		waitForSignal()
	case "stackoverflow":
		stackOverflow()
	case "mapwrites":
		concurrentMapWrites()
	case "httppanic":
		httpPanicServer()
	case "busy":
		busyPanic()
	default:
		fmt.Fprintln(os.Stderr, "unknown scenario", os.Args[1])
		os.Exit(2)
	}
}
