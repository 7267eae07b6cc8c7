// slow-downstream: a checkout front end that asks a pricing service for every
// quote. The pricing client is an http.Client{} without a Timeout, and the
// front passes no context to the outgoing request. When the pricing service
// accepts a request and never answers (here: bundle prices, which wait for a
// recomputation that never finishes), every front request strands three
// goroutines: the handler blocked in the client's round trip, and the
// transport's readLoop and writeLoop for that connection. The caller giving up
// does not help, because nothing ties the outgoing request to it.
//
// The same binary runs both services, in two processes:
//
//	slow-downstream -role pricing                      # the downstream
//	slow-downstream -pricing http://127.0.0.1:PORT     # the front, with net/http/pprof
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"strings"
)

// pricingClient has no Timeout (and requests carry no context): a pricing
// service that never answers blocks the caller forever.
var pricingClient = &http.Client{}

type front struct {
	pricingURL string
}

// quote answers GET /quote?sku=... with the price from the pricing service.
func (f *front) quote(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	price, err := f.fetchPrice(sku)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "sku %s: %s\n", sku, price)
}

func (f *front) fetchPrice(sku string) (string, error) {
	resp, err := pricingClient.Get(f.pricingURL + "/price?sku=" + url.QueryEscape(sku))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("pricing: %s", resp.Status)
	}
	return strings.TrimSpace(string(body)), nil
}

// pricing is the downstream service. Bundle prices wait for a recomputation
// that never completes, so those requests are accepted and never answered.
type pricing struct {
	bundlesReady chan struct{} // closed when bundle prices are recomputed (never)
}

func (p *pricing) price(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	if strings.HasPrefix(sku, "bundle-") {
		<-p.bundlesReady
	}
	fmt.Fprintf(w, "%d.%02d EUR\n", 10+len(sku), len(sku)*7%100)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	role := flag.String("role", "front", "front or pricing")
	pricingURL := flag.String("pricing", "", "base URL of the pricing service (role front)")
	flag.Parse()

	mux := http.NewServeMux()
	switch *role {
	case "front":
		if *pricingURL == "" {
			log.Fatal("-pricing is required")
		}
		f := &front{pricingURL: *pricingURL}
		mux.HandleFunc("/quote", f.quote)
		mux.HandleFunc("/debug/pprof/", pprof.Index)
	case "pricing":
		p := &pricing{bundlesReady: make(chan struct{})}
		mux.HandleFunc("/price", p.price)
	default:
		log.Fatalf("unknown role %q", *role)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s listening on %s\n", *role, ln.Addr())
	log.Fatal(http.Serve(ln, mux))
}
