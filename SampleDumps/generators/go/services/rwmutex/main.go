// rwmutex: a read-through cache in front of a remote key-value origin.
//
// Get holds the cache's read lock while it asks the origin about a missing key
// (BUG), and the origin connection has no deadline. When the origin accepts
// the connection but never answers, that reader keeps its read lock forever.
// The janitor then blocks in RWMutex.Lock, and because a writer is waiting,
// every new reader blocks in RWMutex.RLock, even for keys that are cached: the
// read path piles up.
//
// The origin is stood in for by a listener in this process that nobody
// accepts from: the kernel completes the TCP handshake and buffers the
// request, and no answer ever comes, as with a hung origin.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"strings"
	"sync"
	"time"
)

type entry struct {
	value   string
	expires time.Time
}

// Origin is the remote store, spoken to with a line protocol:
// "GET key\n" -> "value\n".
type Origin struct {
	addr string
}

func (o *Origin) Fetch(key string) (string, error) {
	conn, err := net.Dial("tcp", o.addr)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// No deadline: a hung origin blocks this read forever.
	if _, err := fmt.Fprintf(conn, "GET %s\n", key); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(line, "\n"), nil
}

type Cache struct {
	mu      sync.RWMutex
	entries map[string]entry
	origin  *Origin
	ttl     time.Duration
}

func (c *Cache) Get(key string) (string, error) {
	c.mu.RLock()
	e, ok := c.entries[key]
	if ok && time.Now().Before(e.expires) {
		c.mu.RUnlock()
		return e.value, nil
	}
	// BUG: the origin is asked while the read lock is still held.
	v, err := c.origin.Fetch(key)
	c.mu.RUnlock()
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.entries[key] = entry{v, time.Now().Add(c.ttl)}
	c.mu.Unlock()
	return v, nil
}

// janitor drops expired entries every interval.
func (c *Cache) janitor(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for now := range t.C {
		c.evictExpired(now)
	}
}

func (c *Cache) evictExpired(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if now.After(e.expires) {
			delete(c.entries, k)
		}
	}
}

type server struct {
	cache *Cache
}

func (s *server) get(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	v, err := s.cache.Get(key)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintf(w, "%s=%s\n", key, v)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()

	// The hung origin: listening, never accepting.
	originLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer originLn.Close()

	c := &Cache{
		entries: map[string]entry{},
		origin:  &Origin{addr: originLn.Addr().String()},
		ttl:     time.Hour,
	}
	// Warm the cache with the hot keys, as the service does at start-up.
	for i := 1; i <= 100; i++ {
		k := fmt.Sprintf("user-%d", i)
		c.entries[k] = entry{fmt.Sprintf("profile of %s", k), time.Now().Add(c.ttl)}
	}
	go c.janitor(100 * time.Millisecond)

	s := &server{cache: c}
	http.HandleFunc("/get", s.get)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s (origin %s)\n", ln.Addr(), originLn.Addr())
	log.Fatal(http.Serve(ln, nil))
}
