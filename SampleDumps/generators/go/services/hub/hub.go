package main

import "sync"

// Message is one event delivered to long-poll and streaming clients.
type Message struct {
	Topic string
	Body  string
}

// Hub hands published messages to the clients waiting on a topic.
type Hub struct {
	mu      sync.Mutex
	waiters map[string][]chan Message
}

func NewHub() *Hub {
	return &Hub{waiters: map[string][]chan Message{}}
}

// wait blocks until the next message on topic. It does not watch the caller's
// context (BUG): a client that gives up leaves this goroutine waiting for a
// message that, on a quiet topic, never comes.
func (h *Hub) wait(topic string) Message {
	ch := make(chan Message)
	h.mu.Lock()
	h.waiters[topic] = append(h.waiters[topic], ch)
	h.mu.Unlock()
	return <-ch
}

// Publish wakes every client waiting on m.Topic.
func (h *Hub) Publish(m Message) int {
	h.mu.Lock()
	waiting := h.waiters[m.Topic]
	delete(h.waiters, m.Topic)
	h.mu.Unlock()
	for _, ch := range waiting {
		ch <- m
	}
	return len(waiting)
}
