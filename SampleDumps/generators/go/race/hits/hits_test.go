package hits

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

const requests = 12

func TestSearchFansOut(t *testing.T) {
	h := &Handler{Shards: 3}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i := 0; i < requests; i++ {
		resp, err := http.Get(fmt.Sprintf("%s/search?q=term%d", srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	t.Logf("counted %d shard queries, want %d", h.Queries(), requests*h.Shards)
}
