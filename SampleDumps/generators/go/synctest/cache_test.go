package synctestdemo

import (
	"net"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestJanitorHang runs inside a synctest bubble. Bubble goroutines end up
// durably blocked (chan send, select, WaitGroup.Wait, sleep) while the root
// bubble goroutine waits on a network read, which is not durable, so the
// bubble never deadlocks and the fake clock does not move: the test hangs
// until `go test -timeout` fires and dumps every goroutine.
func TestJanitorHang(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // outside the bubble: accepts and keeps the conn silent
		c, err := ln.Accept()
		if err == nil {
			time.Sleep(time.Hour)
			c.Close()
		}
	}()
	synctest.Test(t, func(t *testing.T) {
		c := NewCache(time.Minute)
		c.Put("a")
		c.Put("b")
		time.Sleep(2 * time.Minute) // fake time: the janitor now blocks sending "a"

		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // durable select: nothing will ever be ready
			defer wg.Done()
			select {
			case <-make(chan struct{}):
			case <-make(chan int):
			}
		}()
		go func() { wg.Wait() }()     // durable sync.WaitGroup.Wait
		go time.Sleep(24 * time.Hour) // durable sleep (the fake clock is stuck)
		synctest.Wait()

		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		buf := make([]byte, 1)
		conn.Read(buf) // blocks for real; the timeout fires
	})
}

// TestJanitorDeadlock lets every bubble goroutine block durably; synctest
// reports the deadlock itself.
func TestJanitorDeadlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := NewCache(time.Minute)
		c.Put("a")
		time.Sleep(2 * time.Minute)
		done := make(chan struct{})
		<-done
	})
}
