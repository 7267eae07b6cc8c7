// leakprofile leaks goroutines that block on channels, a WaitGroup and a
// mutex nobody else can reach any more, plus some goroutines that are blocked
// but still reachable (not leaks), and serves net/http/pprof so that the
// goroutineleak profile (Go 1.26 with GOEXPERIMENT=goroutineleakprofile,
// Go 1.27+) can be fetched from /debug/pprof/goroutineleak.
package main

import (
	"errors"
	"flag"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sync"
	"time"
)

// fetchFirst asks two replicas and returns the first answer. The slower
// replica's goroutine blocks forever in chan send on a channel that nothing
// references once fetchFirst has returned: a real leak.
func fetchFirst(key string) string {
	answers := make(chan string)
	for _, replica := range []string{"r1", "r2"} {
		go func(replica string) {
			answers <- replica + ":" + key
		}(replica)
	}
	return <-answers
}

// waitAll forgets to call Done for one task; the waiter is unreachable after
// waitAll returns.
func waitAll(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		if i == n-1 {
			break // BUG: last task never started
		}
		go func() { defer wg.Done() }()
	}
	go func() {
		wg.Wait()
	}()
}

// receiveOrTimeout leaves a receiver behind on a channel only it knows.
func receiveOrTimeout() error {
	results := make(chan error)
	go func() {
		err := <-results
		if err != nil {
			log.Print(err)
		}
	}()
	return errors.New("timeout")
}

// lockForever: the mutex is held by nobody who will ever unlock it.
func lockForever() {
	mu := new(sync.Mutex)
	mu.Lock()
	go func() {
		mu.Lock()
	}()
}

// Reachable blocked goroutines: not leaks, the channels live in globals.
var (
	jobs   = make(chan int)
	events = make(chan string)
)

func jobWorker(id int) {
	for j := range jobs {
		_ = j * id
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()
	log.SetPrefix("leakprofile: ")

	for i := 0; i < 3; i++ {
		go jobWorker(i)
	}
	go func() {
		for e := range events {
			log.Print(e)
		}
	}()

	for i := 0; i < 5; i++ {
		fetchFirst("user-" + string(rune('a'+i)))
	}
	waitAll(3)
	receiveOrTimeout()
	receiveOrTimeout()
	lockForever()
	time.Sleep(200 * time.Millisecond)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("pid %d listening on http://%s", os.Getpid(), ln.Addr())
	go func() {
		time.Sleep(5 * time.Minute) // bounded lifetime
		os.Exit(0)
	}()
	log.Fatal(http.Serve(ln, nil))
}
