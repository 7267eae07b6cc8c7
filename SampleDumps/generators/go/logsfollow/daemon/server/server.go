// Package server is a tiny imitation of a container daemon's API server. Its
// logs endpoint follows a container's log stream the way `docker logs -f`
// does.
package server

import (
	"fmt"
	"net/http"
	"sync"
)

// LogBroker keeps the log lines of one container and fans new lines out to
// followers.
type LogBroker struct {
	mu      sync.Mutex
	backlog []string
	subs    map[chan string]struct{}
}

func NewLogBroker(backlog []string) *LogBroker {
	return &LogBroker{backlog: backlog, subs: make(map[chan string]struct{})}
}

// Subscribe returns the current backlog and a channel that receives every
// future line.
func (b *LogBroker) Subscribe() ([]string, chan string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan string)
	b.subs[ch] = struct{}{}
	return append([]string(nil), b.backlog...), ch
}

func (b *LogBroker) Unsubscribe(ch chan string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, ch)
}

// Subscribers reports how many followers are registered.
func (b *LogBroker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Server serves the container API.
type Server struct {
	Fixed  bool
	broker *LogBroker
	mux    *http.ServeMux
}

func New(fixed bool, broker *LogBroker) *Server {
	s := &Server{Fixed: fixed, broker: broker, mux: http.NewServeMux()}
	s.mux.HandleFunc("/containers/web/logs", s.logsContainer)
	s.mux.HandleFunc("/subscribers", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, s.broker.Subscribers())
	})
	return s
}

func (s *Server) Handler() http.Handler { return s.mux }

// logsContainer writes the backlog and then follows the stream. The container
// has stopped producing output, so a follower waits for a line that never
// comes.
func (s *Server) logsContainer(w http.ResponseWriter, r *http.Request) {
	backlog, lines := s.broker.Subscribe()
	flusher, _ := w.(http.Flusher)
	for _, l := range backlog {
		fmt.Fprintln(w, l)
	}
	if flusher != nil {
		flusher.Flush()
	}
	if !s.Fixed {
		// BUG: nothing notices that the client went away; this receive
		// blocks forever once the container is quiet.
		for l := range lines {
			if _, err := fmt.Fprintln(w, l); err != nil {
				return
			}
			flusher.Flush()
		}
		return
	}
	defer s.broker.Unsubscribe(lines)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return
			}
			if _, err := fmt.Fprintln(w, l); err != nil {
				return
			}
			flusher.Flush()
		case <-r.Context().Done():
			return
		}
	}
}
