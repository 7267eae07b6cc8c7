// sumserver: an HTTP server whose /sum handler splits the work between two
// goroutines, each sending its partial sum on its own channel, but the handler
// only reads the first channel. Every request leaks the second goroutine,
// blocked in `chan send`.
//
// net/http/pprof is registered, so dumps are taken from
// /debug/pprof/goroutine?debug=0|1|2.
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
)

// sumInt adds up nums and reports the total on out.
func sumInt(nums []int, out chan<- int) {
	total := 0
	for _, n := range nums {
		total += n
	}
	out <- total
}

func sumHandler(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 2 || n > 100000 {
		n = 100
	}
	nums := make([]int, n)
	for i := range nums {
		nums[i] = i + 1
	}
	half := len(nums) / 2
	first := make(chan int)
	second := make(chan int)
	go sumInt(nums[:half], first)
	go sumInt(nums[half:], second)
	// BUG: only the first partial sum is read; the goroutine that sends on
	// second never finishes.
	total := <-first
	fmt.Fprintf(w, "partial sum of first %d numbers: %d\n", half, total)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()

	http.HandleFunc("/sum", sumHandler)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "listening on %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
