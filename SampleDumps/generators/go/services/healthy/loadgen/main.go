// loadgen: keeps a varying number of GET /report requests in flight against
// the healthy service, for a bounded time. Up to 8 clients; every -step the
// number of active clients moves to the next value of -schedule. Each request
// asks for 100-300 ms of work and uses its own connection (no keep-alive), so
// the server keeps accepting.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "", "base URL of the service, e.g. http://127.0.0.1:PORT")
	duration := flag.Duration("duration", 8*time.Second, "how long to generate load")
	step := flag.Duration("step", 700*time.Millisecond, "how long each concurrency level lasts")
	schedule := flag.String("schedule", "3,5,8,6,4,7,5,3", "active clients per step, cycled")
	flag.Parse()
	if *base == "" {
		log.Fatal("-url is required")
	}

	var levels []int32
	maxClients := 0
	for _, f := range strings.Split(*schedule, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 64 {
			log.Fatalf("bad schedule entry %q", f)
		}
		levels = append(levels, int32(n))
		if n > maxClients {
			maxClients = n
		}
	}

	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{DisableKeepAlives: true},
	}
	deadline := time.Now().Add(*duration)
	var active int32 = levels[0]
	var requests, failures int64

	go func() {
		for i := 1; time.Now().Before(deadline); i++ {
			time.Sleep(*step)
			atomic.StoreInt32(&active, levels[i%len(levels)])
		}
	}()

	var wg sync.WaitGroup
	for c := 0; c < maxClients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline); n++ {
				if int32(c) >= atomic.LoadInt32(&active) {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				ms := 100 + (c*53+n*31)%201
				resp, err := client.Get(fmt.Sprintf("%s/report?ms=%d&client=%d", *base, ms, c))
				atomic.AddInt64(&requests, 1)
				if err != nil {
					atomic.AddInt64(&failures, 1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					atomic.AddInt64(&failures, 1)
				}
			}
		}(c)
	}
	wg.Wait()
	fmt.Printf("loadgen: %d requests, %d failed\n", requests, failures)
}
