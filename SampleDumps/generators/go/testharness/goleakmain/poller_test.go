package goleakmain

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestPoller(t *testing.T) {
	StartPoller(time.Hour, make(chan struct{}))
}
