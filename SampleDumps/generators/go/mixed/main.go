// mixed starts goroutines blocked in as many different ways as possible and
// then serves net/http/pprof on 127.0.0.1 so that dumps of every format can be
// taken from one process. It never exits on its own before -lifetime.
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"example.com/leakdemo/mixed/queue"
)

var (
	never    = make(chan int) // nobody ever sends or receives on it
	neverStr = make(chan string)
	ready    sync.WaitGroup
)

// ---------------------------------------------------------------- channels

// worker is started 20 times with different ids; all block at the same line.
// noinline: newer compilers would inline it into the go-statement wrapper and
// print "main.worker(...)" without the differing argument values.
//
//go:noinline
func worker(id int, jobs <-chan int) int {
	ready.Done()
	return <-jobs * id
}

func producer(out chan<- int) {
	ready.Done()
	out <- 42
}

func nilRecv() {
	var c chan int
	ready.Done()
	<-c
}

func nilSend() {
	var c chan string
	ready.Done()
	c <- "lost"
}

func selector(a <-chan int, b <-chan string) {
	ready.Done()
	select {
	case <-a:
	case <-b:
	}
}

func selectForever() {
	ready.Done()
	select {}
}

func timeoutSelect() {
	ready.Done()
	select {
	case <-never:
	case <-time.After(2 * time.Hour):
	}
}

// ---------------------------------------------------------------- sync

var (
	heldMu   sync.Mutex
	heldRW   sync.RWMutex
	condMu   sync.Mutex
	cond     = sync.NewCond(&condMu)
	neverWG  sync.WaitGroup
	onceDone sync.WaitGroup
)

func waitGroupWait() {
	ready.Done()
	neverWG.Wait()
}

func mutexLock() {
	ready.Done()
	heldMu.Lock()
	heldMu.Unlock()
}

func rwRLock() {
	ready.Done()
	heldRW.RLock()
	heldRW.RUnlock()
}

func rwLock() {
	ready.Done()
	heldRW.Lock()
	heldRW.Unlock()
}

func condWait() {
	condMu.Lock()
	ready.Done()
	cond.Wait()
	condMu.Unlock()
}

// ---------------------------------------------------------------- io, time, syscalls

func ioWait(conn net.Conn) {
	ready.Done()
	buf := make([]byte, 1)
	conn.Read(buf)
}

func sleeper() {
	ready.Done()
	time.Sleep(3 * time.Hour)
}

// rawRead blocks inside the read(2) system call on a blocking pipe.
func rawRead(fd int) {
	ready.Done()
	buf := make([]byte, 8)
	syscall.Read(fd, buf)
}

func lockedToThread() {
	runtime.LockOSThread()
	ready.Done()
	<-never
}

// ---------------------------------------------------------------- deep stacks

func recurse(depth int) int {
	if depth == 0 {
		ready.Done()
		return <-never
	}
	return recurse(depth-1) + 1
}

func nap() { time.Sleep(3 * time.Hour) }

func recurseSleep(depth int) int {
	if depth == 0 {
		ready.Done()
		nap()
		return 0
	}
	return recurseSleep(depth-1) + 1
}

// ---------------------------------------------------------------- generics

func waitGeneric[T any](ch <-chan T) T {
	ready.Done()
	return <-ch
}

func popForever[T any](q *queue.Queue[T]) T {
	ready.Done()
	return q.Pop()
}

// ---------------------------------------------------------------- methods, closures

type Pool struct{ name string }

func (p *Pool) worker(i int) {
	ready.Done()
	<-never
}

type Ticker struct{ every time.Duration }

func (t Ticker) loop(stop <-chan struct{}) {
	ready.Done()
	tk := time.NewTicker(t.every)
	defer tk.Stop()
	select {
	case <-tk.C:
	case <-stop:
	}
}

type Request struct {
	Method string
	Path   string
	Tags   []string
	Size   int64
}

//go:noinline
func handle(req Request, retries int, ok bool) {
	ready.Done()
	<-never
}

//go:noinline
func manyArgs(a, b, c, d, e, f, g, h, i, j, k, l int) {
	ready.Done()
	<-never
}

func spawner() {
	ready.Add(1)
	go func() {
		ready.Add(1)
		go func() {
			ready.Done()
			<-neverStr
		}()
		ready.Done()
		<-never
	}()
}

// ---------------------------------------------------------------- labels

func ingest(ctx context.Context, shard int) {
	ready.Done()
	<-never
}

func labelled() {
	ready.Add(3)
	go pprof.Do(context.Background(), pprof.Labels("component", "ingest", "tenant", "acme"), func(ctx context.Context) {
		for shard := 0; shard < 2; shard++ {
			go ingest(ctx, shard) // inherits the labels
		}
		ready.Done()
		<-never
	})
}

// ---------------------------------------------------------------- main

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "pprof listen address (loopback only)")
	lifetime := flag.Duration("lifetime", 10*time.Minute, "exit after this long")
	flag.Parse()
	log.SetPrefix("mixed: ")

	jobs := make(chan int)
	for i := 0; i < 20; i++ {
		ready.Add(1)
		go worker(i, jobs)
	}
	ready.Add(6)
	go producer(make(chan int))
	go nilRecv()
	go nilSend()
	go selector(never, neverStr)
	go selectForever()
	go timeoutSelect()

	heldMu.Lock()
	heldRW.Lock()
	neverWG.Add(1)
	ready.Add(4)
	go waitGroupWait()
	go mutexLock()
	go rwLock()
	go condWait()
	ready.Wait()
	// A reader queued behind a waiting writer: RLock blocks too.
	ready.Add(1)
	go rwRLock()

	// IO wait: a TCP connection on the loopback interface that never gets data.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	ready.Add(2)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		ioWait(c)
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	go ioWait(client)

	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		log.Fatal(err)
	}
	ready.Add(3)
	go sleeper()
	go rawRead(fds[0])
	go lockedToThread()

	ready.Add(3)
	go recurse(150)
	go recurse(40)
	go recurseSleep(150)

	ready.Add(3)
	go waitGeneric[int](make(chan int))
	go waitGeneric[string](neverStr)
	go popForever(queue.New[float64](1))

	pool := &Pool{name: "fetchers"}
	w := pool.worker
	ready.Add(3)
	for i := 0; i < 3; i++ {
		go w(i)
	}
	ready.Add(3)
	go Ticker{every: time.Hour}.loop(make(chan struct{}))
	go handle(Request{Method: "GET", Path: "/v1/items", Tags: []string{"a", "b"}, Size: 512}, 3, true)
	go manyArgs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
	spawner()
	labelled()

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)

	ready.Wait()
	time.Sleep(200 * time.Millisecond) // let everybody park
	runtime.GC()                       // the reference time for ", N minutes" (see /gc)

	srvLn, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// /gc runs a garbage collection. The GC's stack scan stamps the wait
	// start of blocked goroutines (with the start time of the previous
	// cycle), so calling it before a dump makes ", N minutes" appear.
	http.HandleFunc("/gc", func(w http.ResponseWriter, r *http.Request) {
		runtime.GC()
		w.Write([]byte("ok\n"))
	})
	log.Printf("pid %d listening on http://%s", os.Getpid(), srvLn.Addr())
	go func() {
		time.Sleep(*lifetime)
		log.Printf("lifetime over, exiting")
		os.Exit(0)
	}()
	log.Fatal(http.Serve(srvLn, nil))
}
