// Package registry maps service names to addresses. WarmUp fills in the
// defaults on a background goroutine and nothing waits for it: callers that
// Register soon after race with it on the map (the "it works because it is
// fast" bug). The two writes do not overlap in time here, so the runtime's
// own "concurrent map writes" check stays quiet; only the race detector
// sees it.
package registry

// Registry is not safe for concurrent use.
type Registry struct {
	services map[string]string
}

func New() *Registry { return &Registry{services: map[string]string{}} }

var defaults = []struct{ name, addr string }{
	{"auth", "10.0.0.10:443"},
	{"billing", "10.0.0.11:443"},
	{"search", "10.0.0.12:443"},
}

// WarmUp registers the default services in the background.
func (r *Registry) WarmUp() {
	go func() {
		for _, d := range defaults {
			r.services[d.name] = d.addr // BUG: unsynchronized with Register
		}
	}()
}

// Register adds or replaces a service.
func (r *Registry) Register(name, addr string) {
	r.services[name] = addr
}

// Lookup returns the address of a service.
func (r *Registry) Lookup(name string) (string, bool) {
	a, ok := r.services[name]
	return a, ok
}
