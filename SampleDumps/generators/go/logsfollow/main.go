// logsfollow runs the daemon API server from example.com/logdemo/daemon/server
// together with net/http/pprof. With -fixed the logs handler watches the
// request context; without it every client that disconnects leaves the handler
// goroutine blocked in `chan receive`.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"

	"example.com/logdemo/daemon/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	fixed := flag.Bool("fixed", false, "use the fixed logs handler")
	flag.Parse()

	broker := server.NewLogBroker([]string{
		"2022-11-21T02:02:49Z web: starting",
		"2022-11-21T02:02:50Z web: ready on :8080",
		"2022-11-21T02:02:51Z web: shutting down",
	})
	srv := server.New(*fixed, broker)

	mux := http.NewServeMux()
	mux.Handle("/containers/", srv.Handler())
	mux.Handle("/subscribers", srv.Handler())
	mux.HandleFunc("/debug/pprof/", pprof.Index)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s fixed=%v\n", ln.Addr(), *fixed)
	log.Fatal(http.Serve(ln, mux))
}
