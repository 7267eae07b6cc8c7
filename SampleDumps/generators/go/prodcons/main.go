// prodcons: a producer/consumer pipeline whose consumer walks away after three
// values. Every run of the pipeline leaves the producer goroutine blocked
// forever in `chan send`.
//
// The program runs the pipeline -before times, writes a debug=2 goroutine
// dump, runs it until -after runs have been done in total and writes a second
// dump.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"time"
)

// newNumberStream starts a producer goroutine that sends an endless sequence
// of numbers. Nobody ever stops it.
func newNumberStream(seed int) <-chan int {
	out := make(chan int)
	go func() {
		n := seed
		for i := 0; i < 1_000_000; i++ { // bounded, but far more than any consumer reads
			n = (n*1103515245 + 12345) % 2147483648
			out <- n
		}
		close(out)
	}()
	return out
}

// consumeThree reads three values and returns; the producer is left behind.
func consumeThree(run int) int {
	stream := newNumberStream(run)
	sum := 0
	for i := 0; i < 3; i++ {
		sum += <-stream
	}
	return sum
}

func dump(path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
		log.Fatal(err)
	}
}

func main() {
	before := flag.Int("before", 1, "runs before the first dump")
	after := flag.Int("after", 21, "total runs before the second dump")
	beforeFile := flag.String("before-file", "prodcons-before.txt", "first dump")
	afterFile := flag.String("after-file", "prodcons-after.txt", "second dump")
	flag.Parse()

	run := 0
	for ; run < *before; run++ {
		fmt.Println("run", run, "sum", consumeThree(run))
	}
	time.Sleep(200 * time.Millisecond) // let the producers park in chan send
	dump(*beforeFile)
	for ; run < *after; run++ {
		fmt.Println("run", run, "sum", consumeThree(run))
	}
	time.Sleep(200 * time.Millisecond)
	dump(*afterFile)
}
