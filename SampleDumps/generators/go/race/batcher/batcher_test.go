package batcher

import (
	"fmt"
	"os"
	"testing"
	"time"
)

const uploads = 6

func start(t *testing.T, mode string) *Batcher {
	if os.Getenv("RACE_DEMO") != mode {
		t.Skipf("set RACE_DEMO=%s to run this test", mode)
	}
	b := New()
	for i := 0; i < uploads; i++ {
		b.Upload([]string{fmt.Sprintf("event-%d", i)})
	}
	return b
}

// TestWaitHangs blocks in Wait until go test's -timeout fires.
func TestWaitHangs(t *testing.T) {
	b := start(t, "timeout")
	b.Wait()
}

// TestClosePanics panics in Close while the uploads are blocked.
func TestClosePanics(t *testing.T) {
	b := start(t, "panic")
	time.Sleep(200 * time.Millisecond) // let the uploads start
	b.Close()
}
