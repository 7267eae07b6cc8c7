// masterworker: each round the master starts two workers, each sending its
// result on its own unbuffered channel, but takes only the first channel's
// result. The second worker of every round stays blocked in `chan send`.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"
)

type Result struct {
	Worker int
	Round  int
	Value  int
}

func worker(id, round int, out chan<- Result) {
	v := 0
	for i := 0; i < 1000*id; i++ {
		v += i % (round + 7)
	}
	out <- Result{Worker: id, Round: round, Value: v}
}

func master(round int) Result {
	fast := make(chan Result)
	slow := make(chan Result)
	go worker(1, round, fast)
	go worker(2, round, slow)
	return <-fast // result of worker 2 is never collected
}

// dump uses runtime.Stack with a generous buffer (same text as debug=2).
func dump(path string) {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	if err := os.WriteFile(path, buf[:n], 0o644); err != nil {
		log.Fatal(err)
	}
}

func main() {
	before := flag.Int("before", 2, "rounds before the first dump")
	after := flag.Int("after", 12, "total rounds before the second dump")
	beforeFile := flag.String("before-file", "masterworker-before.txt", "first dump")
	afterFile := flag.String("after-file", "masterworker-after.txt", "second dump")
	flag.Parse()

	round := 0
	for ; round < *before; round++ {
		fmt.Printf("round %d: %+v\n", round, master(round))
	}
	time.Sleep(200 * time.Millisecond)
	dump(*beforeFile)
	for ; round < *after; round++ {
		fmt.Printf("round %d: %+v\n", round, master(round))
	}
	time.Sleep(200 * time.Millisecond)
	dump(*afterFile)
}
